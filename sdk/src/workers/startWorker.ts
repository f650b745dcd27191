/**
 * Node only: starts one of the SDK's worker threads. The ES module build (scripts/buildEsm.ts) puts
 * `startWorker.esm.mjs` in this module's place; keep the two in step.
 */
import path from "node:path";
import { Worker } from "node:worker_threads";

/** The SDK's worker scripts, by path under sdk/src without the extension. */
export type WorkerScript = "verify/verifyWorker" | "batch/issueWorker";

/**
 * In a bundle (the CLI, scripts/bundleCli.ts): the folder of the bundled worker scripts, relative to
 * the bundle's folder. esbuild's `define` puts the value in place of the name; elsewhere it is not
 * defined, and `typeof` says so.
 */
declare const CREDANCHOR_BUNDLED_WORKERS: string | undefined;

/**
 * Starts `script` with `workerData`: the bundled worker beside a bundled CLI; the compiled file in
 * dist/sdk/src; or under ts-node (tests, Hardhat scripts) the TypeScript source, which Node refuses
 * as an entry, through a TypeScript loader: the module that the environment variable
 * CREDANCHOR_WORKER_TS_REGISTER names (the tests name an esbuild hook that does not load the
 * TypeScript compiler; hardhat.config.ts sets it), else ts-node's transpile-only register. The
 * compiled SDK never reads the variable.
 *
 * @example
 * const worker = startWorker("verify/verifyWorker", VERIFY_WORKER_MARK);
 */
export function startWorker(script: WorkerScript, workerData: unknown): Worker {
  if (typeof CREDANCHOR_BUNDLED_WORKERS === "string") {
    return new Worker(path.resolve(__dirname, CREDANCHOR_BUNDLED_WORKERS, `${script}.js`), { workerData });
  }
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
