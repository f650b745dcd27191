/**
 * Node only: starts one of the SDK's worker threads. The ES module build (scripts/buildEsm.ts) puts
 * `startWorker.esm.mjs` in this module's place; keep the two in step.
 */
import path from "node:path";
import { Worker, type ResourceLimits } from "node:worker_threads";

/** The SDK's worker scripts, by path under sdk/src without the extension. */
export type WorkerScript = "verify/verifyWorker" | "batch/issueWorker";

/**
 * In a bundle (the CLI, scripts/bundleCli.ts): the folder of the bundled worker scripts, relative to
 * the bundle's folder. esbuild's `define` puts the value in place of the name; elsewhere it is not
 * defined, and `typeof` says so.
 */
declare const CREDANCHOR_BUNDLED_WORKERS: string | undefined;

/**
 * Starts `script` with `workerData` (and the thread's heap limits `resourceLimits`, if given: V8's
 * defaults otherwise): the bundled worker beside a bundled CLI; the compiled file in
 * dist/sdk/src; or under ts-node (tests, Hardhat scripts) from the TypeScript source, which Node
 * refuses as an entry. From the source, the module that the environment variable
 * CREDANCHOR_WORKER_BUNDLER names may give a bundled copy of the worker built from the current
 * sources (the tests name test/helpers/workerBundle.js, which hardhat.config.ts sets); otherwise the
 * source runs through a TypeScript loader: the module that CREDANCHOR_WORKER_TS_REGISTER names (the
 * tests' esbuild hook), else ts-node's transpile-only register. The compiled SDK reads neither variable.
 *
 * @example
 * const worker = startWorker("verify/verifyWorker", VERIFY_WORKER_MARK);
 */
export function startWorker(script: WorkerScript, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  const options = resourceLimits === undefined ? { workerData } : { workerData, resourceLimits };
  if (typeof CREDANCHOR_BUNDLED_WORKERS === "string") {
    return new Worker(path.resolve(__dirname, CREDANCHOR_BUNDLED_WORKERS, `${script}.js`), options);
  }
  const sdkDir = path.join(__dirname, "..");
  if (__filename.endsWith(".ts")) {
    const entry = path.join(sdkDir, `${script}.ts`);
    const bundled = bundledFromSource(entry);
    if (bundled !== undefined) return new Worker(bundled, options);
    const register = process.env.CREDANCHOR_WORKER_TS_REGISTER || require.resolve("ts-node/register/transpile-only");
    return new Worker(`require(${JSON.stringify(register)}); require(${JSON.stringify(entry)});`, {
      ...options,
      eval: true,
    });
  }
  return new Worker(path.join(sdkDir, `${script}.js`), options);
}

/** The bundled copy of the worker source `entry` that CREDANCHOR_WORKER_BUNDLER's module gives, if any. */
function bundledFromSource(entry: string): string | undefined {
  const bundler = process.env.CREDANCHOR_WORKER_BUNDLER;
  if (!bundler) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(bundler) as { bundledWorker: (entry: string) => string | undefined };
  return loaded.bundledWorker(entry);
}
