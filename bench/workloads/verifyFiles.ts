/**
 * One verification of many credential files in a child process, for the load benchmark:
 * `node verifyFiles.js <slices[:N]|all> <rpcUrl> <path>...`. `slices` goes through
 * `verifyCredentialFileSlices` (results counted and dropped slice by slice, N files a slice), `all` through
 * `verifyCredentialFiles` (every result kept, as a caller that wants the list would). Reports the wall
 * and CPU time (of the whole process and, on Linux, of its calling thread alone), the verdicts and the
 * peak memory of the process, and on Linux the CPU by kind of thread (`threadCpuSampler`: the calling
 * thread, the worker threads, V8's and libuv's other threads). `CREDANCHOR_BENCH_WORKERS` sets the
 * `workers` option (default: the SDK's default, one thread per core from 5,000 files).
 */
import { verifyCredentialFileSlices, verifyCredentialFiles } from "../../sdk/src/verify/files";
import type { VerificationResult } from "../../sdk/src/verify/types";
import { mainThreadCpuMs, report, threadCpuSampler } from "./report";

const [modeArg, rpcUrl, ...paths] = process.argv.slice(2);
const [mode, perSlice] = modeArg.split(":");
const filesPerSlice = perSlice ? Number(perSlice) : undefined;
const baseRss = process.memoryUsage().rss;
const workersEnv = process.env.CREDANCHOR_BENCH_WORKERS;
const workers = workersEnv === undefined || workersEnv === "" ? undefined : Number(workersEnv);

async function main(): Promise<void> {
  const rpc = { "eip155:31337": rpcUrl } as const;
  const counts: Record<string, number> = { valid: 0, invalid: 0, error: 0 };
  const count = (results: readonly VerificationResult[]) => {
    for (const result of results) counts[result.status]++;
  };
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const mainStart = mainThreadCpuMs();
  const stopSampler = threadCpuSampler();
  let kept = 0;
  if (mode === "all") {
    const results = await verifyCredentialFiles(paths, { rpc, filesPerSlice, workers });
    count(results);
    kept = results.length;
  } else {
    for await (const part of verifyCredentialFileSlices(paths, { rpc, filesPerSlice, workers })) count(part);
  }
  const totalMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  const mainEnd = mainThreadCpuMs();
  const threads = stopSampler();
  report(
    {
      mode,
      n: counts.valid + counts.invalid + counts.error,
      ...counts,
      kept,
      totalMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      ...(mainStart !== undefined && mainEnd !== undefined ? { mainThreadCpuMs: mainEnd - mainStart } : {}),
      ...threads,
    },
    baseRss,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
