/**
 * The `credanchor` executable as one bundled file: dist/cli/index.js (package.json `bin`), with its
 * three worker scripts bundled beside it in dist/cli/workers/ (the SDK's verify and issue workers, and
 * `serve`'s verify-batch worker, cli/serve/batchWorker.ts). `npm run build` runs it after tsc
 * (which builds the SDK's CommonJS entry points, dist/sdk/src/) and scripts/buildEsm.ts.
 *
 * Why: each run of the CLI used to load about 880 modules (the SDK's, viem's 451, abitype's, ox's...),
 * about 0.55–0.6 CPU-s a run before the command did anything; one file loads in a fraction of that
 * (figures in test/TESTING.md). Library users are not affected: `credanchor` and `credanchor/node`
 * stay the per-module builds (dist/sdk/src/, dist/esm/), where a bundler keeps only what a page uses.
 *
 * - Lazy commands: cli/commands.ts loads each command with `import()`. In a bundle esbuild turns each
 *   such module, and everything only it reaches, into a function run on first use, so `--version`,
 *   `--help` and usage errors still initialise none of the SDK (test/cli/startup.test.ts counts them).
 * - Worker threads: sdk/src/workers/startWorker.ts and cli/serve/batchThreads.ts locate the worker
 *   scripts relative to their own file, which in the bundle is this one; `define` names their folder
 *   (CREDANCHOR_BUNDLED_WORKERS, relative to the bundle's folder).
 * - Files read relative to a module: the CLI finds package.json and web/dist by walking up from
 *   `__dirname` (cli/lib/packageDir.ts), which works from the sources, the bundle and an install.
 *   The JSON-LD context packages read their files relative to `import.meta.url`, which a CommonJS
 *   bundle does not have, and @resvg ships a native addon: these stay outside the bundle, loaded
 *   from node_modules as before (they are dependencies of the package).
 * - `keepNames`: bundling renames clashing identifiers (the SDK's and viem's `BaseError`); class and
 *   function names stay as written, so errors and `--debug` stack traces name them. The stack's file
 *   is dist/cli/index.js; `node --enable-source-maps` maps it back to the sources (index.js.map,
 *   positions only: the package does not ship the sources).
 *
 *     ts-node --transpile-only scripts/bundleCli.ts      # `npm run build` runs it
 *
 * Tested in test/system/bundle.test.ts (layout, workers, files found), test/cli/startup.test.ts (lazy
 * start), test/system/pack.test.ts (the installed package) and every test that runs the built CLI.
 */
import { build, type BuildOptions } from "esbuild";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");
export const CLI_DIR = path.join(ROOT, "dist", "cli");
/** Where startWorker finds the bundled worker scripts, relative to the bundle's folder. */
export const BUNDLED_WORKERS = "workers";

/**
 * Packages left to node_modules: they read files relative to `import.meta.url` (the JSON-LD context
 * packages, jsonld's loaders) or load a native addon (@resvg); or only a rare path uses them, and
 * bundled they would be parsed on every run for nothing (3.4 of 6.8 MB): the keystore (ethers),
 * `deliver` (nodemailer), `serve` (fastify and its plugins), `publish` (qrcode), .xlsx recipients
 * (read-excel-file), WebSocket RPC (ws). And ts-node, which startWorker names only on its path from the
 * TypeScript sources, never taken in a bundle.
 */
export const EXTERNAL = [
  "jsonld",
  "rdf-canonize",
  "@digitalbazaar/*",
  "@digitalcredentials/*",
  "did-context",
  "@resvg/*",
  "ethers",
  "nodemailer",
  "fastify",
  "@fastify/*",
  "qrcode",
  "read-excel-file",
  "ws",
  "ts-node",
];

/** The esbuild options shared by the CLI and its workers (also used by the tests' worker bundle). */
export const NODE_BUNDLE: BuildOptions = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  keepNames: true,
  external: EXTERNAL,
  logLevel: "warning",
};

/** Writes dist/cli/index.js (executable), its source map and dist/cli/workers/ (verify/, batch/, serve/). */
export async function bundleCli(): Promise<void> {
  fs.rmSync(CLI_DIR, { recursive: true, force: true });
  await build({
    ...NODE_BUNDLE,
    absWorkingDir: ROOT,
    entryPoints: [
      { in: path.join(ROOT, "cli", "index.ts"), out: "index" },
      ...["verify/verifyWorker", "batch/issueWorker"].map((script) => ({
        in: path.join(ROOT, "sdk", "src", `${script}.ts`),
        out: `${BUNDLED_WORKERS}/${script}`,
      })),
      { in: path.join(ROOT, "cli", "serve", "batchWorker.ts"), out: `${BUNDLED_WORKERS}/serve/batchWorker` },
    ],
    outdir: CLI_DIR,
    define: { CREDANCHOR_BUNDLED_WORKERS: JSON.stringify(BUNDLED_WORKERS) },
    sourcemap: "linked",
    sourcesContent: false,
  });
  fs.chmodSync(path.join(CLI_DIR, "index.js"), 0o755);
}

if (require.main === module) {
  bundleCli().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
