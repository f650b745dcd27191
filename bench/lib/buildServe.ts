/**
 * The service's code as CommonJS JavaScript, for bench/serve.bench.ts: esbuild transpiles each module
 * of sdk/src, cli and bench/lib (no bundling, the same tree; `npm run build` bundles the same modules
 * into dist/cli/index.js, scripts/bundleCli.ts, which changes their loading, not the code they run)
 * into `.tmp/serve-bench/`, inside the repository so that packages resolve from its
 * node_modules, and copies the JSON files the modules import. Under ts-node the service would measure
 * ts-node too: its REPL module loads `node:domain`, which wraps every event emitter's emit, and each
 * worker thread would compile the SDK again when it starts. Built from the working tree on each run
 * (well under a second), so it never runs a stale dist/.
 */
import { buildSync } from "esbuild";
import fs from "node:fs";
import path from "node:path";

const REPO = path.resolve(__dirname, "..", "..");
const SOURCES = ["sdk/src", "cli", "bench/lib"];

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(file, keep));
    else if (keep(file)) found.push(file);
  }
  return found;
}

/**
 * Builds the tree and gives the built file of `entry` (a path under the repository, `.ts`).
 *
 * @example
 * const child = buildServe("bench/lib/serveChild.ts"); // .tmp/serve-bench/bench/lib/serveChild.js
 */
export function buildServe(entry: string): string {
  const outdir = path.join(REPO, ".tmp", "serve-bench");
  fs.rmSync(outdir, { recursive: true, force: true });
  const roots = SOURCES.map((dir) => path.join(REPO, dir));
  const modules = roots.flatMap((root) =>
    filesUnder(root, (file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.endsWith(".d.ts")),
  );
  buildSync({
    entryPoints: modules,
    outdir,
    outbase: REPO,
    format: "cjs",
    platform: "node",
    target: `node${process.versions.node.split(".")[0]}`,
    bundle: false,
    logLevel: "warning",
  });
  for (const file of roots.flatMap((root) => filesUnder(root, (f) => f.endsWith(".json")))) {
    const to = path.join(outdir, path.relative(REPO, file));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(file, to);
  }
  return path.join(outdir, entry.replace(/\.ts$/, ".js"));
}
