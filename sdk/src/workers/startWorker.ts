/**
 * Node only: starts one of the SDK's worker threads. The ES module build (scripts/buildEsm.ts) puts
 * `startWorker.esm.mjs` in this module's place; keep the two in step.
 */
import path from "node:path";
import { Worker } from "node:worker_threads";

/** The SDK's worker scripts, by path under sdk/src without the extension. */
export type WorkerScript = "verify/verifyWorker" | "batch/issueWorker";

/**
 * Starts `script` with `workerData`: the compiled file in dist/sdk/src, or under ts-node (tests,
 * Hardhat scripts) the TypeScript source, which Node refuses as an entry, through a TypeScript
 * loader: the module that the environment variable CREDANCHOR_WORKER_TS_REGISTER names (the tests
 * name an esbuild hook that does not load the TypeScript compiler; hardhat.config.ts sets it), else
 * ts-node's transpile-only register. The compiled SDK never reads the variable.
 *
 * @example
 * const worker = startWorker("verify/verifyWorker", VERIFY_WORKER_MARK);
 */
export function startWorker(script: WorkerScript, workerData: unknown): Worker {
  const sdkDir = path.join(__dirname, "..");
  if (__filename.endsWith(".ts")) {
    const entry = path.join(sdkDir, `${script}.ts`);
    const register = process.env.CREDANCHOR_WORKER_TS_REGISTER || require.resolve("ts-node/register/transpile-only");
    return new Worker(`require(${JSON.stringify(register)}); require(${JSON.stringify(entry)});`, {
      eval: true,
      workerData,
    });
  }
  return new Worker(path.join(sdkDir, `${script}.js`), { workerData });
}
