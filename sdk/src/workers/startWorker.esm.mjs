/**
 * The ES module build's `startWorker` (sdk/src/workers/startWorker.ts is the CommonJS one; keep the
 * two in step). scripts/buildEsm.ts writes this file as dist/esm/workers/startWorker.mjs in that
 * module's place: an ES module has no CommonJS file variables, and `import.meta` does not compile to
 * CommonJS, so each build locates the worker scripts its own way.
 *
 * It starts the CommonJS worker scripts, which ship in the same package (dist/sdk/src/verify/
 * verifyWorker.js, dist/sdk/src/batch/issueWorker.js): a worker thread is a module graph of its own
 * that exchanges only plain data (structured clones) with the main thread, so it need not be in the
 * caller's module format.
 *
 * The CommonJS one also starts the bundled CLI's workers (CREDANCHOR_BUNDLED_WORKERS, set by
 * scripts/bundleCli.ts) and, from the TypeScript sources, the tests' bundled workers
 * (CREDANCHOR_WORKER_BUNDLER); neither applies here: the project never bundles this build, and it
 * never runs from the sources.
 */
import { Worker } from "node:worker_threads";

/**
 * @param {"verify/verifyWorker" | "batch/issueWorker"} script
 * @param {unknown} workerData
 * @param {import("node:worker_threads").ResourceLimits} [resourceLimits]
 * @returns {Worker}
 */
export function startWorker(script, workerData, resourceLimits) {
  const options = resourceLimits === undefined ? { workerData } : { workerData, resourceLimits };
  return new Worker(new URL(`../../sdk/src/${script}.js`, import.meta.url), options);
}
