/**
 * The verification service for bench/serve.bench.ts, in its own process (as it runs in production):
 * `node .tmp/serve-bench/serveChild.js RPC_URL [STATUS_TTL_SECONDS [YOUNG_GENERATION_MIB]]` (bundled by bench/lib/buildServe.ts;
 * `node -r ts-node/register/transpile-only bench/lib/serveChild.ts …` runs the sources). Prints one JSON line
 * `{ "url": … }` once listening; stops on SIGTERM and prints its CPU time.
 */
import { serveConfig } from "../../cli/serve/config";
import { startVerificationServer } from "../../cli/serve/createServer";

async function run(): Promise<void> {
  const rpc = process.argv[2];
  const server = await startVerificationServer(
    serveConfig({
      port: 0,
      chains: [{ name: "localhost", chain: "eip155:31337", chainId: 31337, endpoints: [rpc] }],
      limits: { rateLimit: 0, maxConcurrent: 1024 },
      // Long enough that the batch runs after the first read the statuses from the cache.
      cache: { statusTtlMs: Number(process.argv[3] ?? 30) * 1000 },
      // A/B runs of the batch threads' young generation (MiB; 0: V8's default); the service's default otherwise.
      ...(process.argv[4] !== undefined ? { batchYoungGenerationMiB: Number(process.argv[4]) } : {}),
    }),
  );
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  process.once("SIGTERM", () => {
    void server.close().then(() => {
      const cpu = process.cpuUsage();
      process.stdout.write(`${JSON.stringify({ cpuSeconds: (cpu.user + cpu.system) / 1e6 })}\n`);
      process.exit(0);
    });
  });
}

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
