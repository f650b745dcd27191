/**
 * The service for bench/serve.bench.ts, built as `npm run build` builds it (scripts/bundleCli.ts): one
 * bundled CommonJS file for the entry, with the worker scripts bundled beside it in `workers/` (serve's
 * verify-batch worker among them), the same esbuild options (NODE_BUNDLE: the same packages left to
 * node_modules) and the same `define` that tells the bundle where its workers are. Under ts-node the
 * service would measure ts-node too (its REPL module loads `node:domain`, which wraps every event
 * emitter's emit, and each worker thread would compile the SDK again when it starts). Built before
 * December 8 as one CommonJS file per module, not bundled: there every call into another module went
 * through esbuild's export getter (`get`), 3.6–5.7 % of the service's threads' work in a profile of the
 * bench's batch (docs/PERFORMANCE.md, "verify-batch, December 8"), which the shipped bundle does not
 * have. Built from the working tree on each run (about a second), into `.tmp/serve-bench/`, inside the
 * repository so that the packages left out resolve from its node_modules, so it never runs a stale dist/.
 */
import { buildSync } from "esbuild";
import fs from "node:fs";
import path from "node:path";
import { BUNDLED_WORKERS, NODE_BUNDLE } from "../../scripts/bundleCli";

const REPO = path.resolve(__dirname, "..", "..");

/** The worker scripts the bundle starts, as scripts/bundleCli.ts places them. */
export const SERVE_WORKERS: readonly { source: string; out: string }[] = [
  { source: "sdk/src/verify/verifyWorker.ts", out: `${BUNDLED_WORKERS}/verify/verifyWorker` },
  { source: "sdk/src/batch/issueWorker.ts", out: `${BUNDLED_WORKERS}/batch/issueWorker` },
  { source: "cli/serve/batchWorker.ts", out: `${BUNDLED_WORKERS}/serve/batchWorker` },
];

/**
 * Bundles `entry` (a path under the repository, `.ts`) and the workers into `outdir`, and gives the
 * bundled entry's file.
 *
 * @example
 * const child = buildServe("bench/lib/serveChild.ts"); // .tmp/serve-bench/serveChild.js
 */
export function buildServe(entry: string, outdir = path.join(REPO, ".tmp", "serve-bench")): string {
  fs.rmSync(outdir, { recursive: true, force: true });
  const name = path.basename(entry, ".ts");
  buildSync({
    ...NODE_BUNDLE,
    absWorkingDir: REPO,
    entryPoints: [
      { in: path.join(REPO, entry), out: name },
      ...SERVE_WORKERS.map((worker) => ({ in: path.join(REPO, worker.source), out: worker.out })),
    ],
    outdir,
    define: { CREDANCHOR_BUNDLED_WORKERS: JSON.stringify(BUNDLED_WORKERS) },
  });
  return path.join(outdir, `${name}.js`);
}
