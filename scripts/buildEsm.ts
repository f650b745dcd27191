/**
 * The ES module build of the SDK, beside the CommonJS one that `tsc -p tsconfig.build.json` writes
 * (`npm run build` runs both): dist/esm/ mirrors sdk/src/, one `.mjs` file per source module, so
 * `credanchor` is dist/esm/index.mjs and `credanchor/node` is dist/esm/node.mjs.
 *
 * Why one file per module and not one bundle: a bundler that builds a page from `credanchor` keeps
 * only the modules the page reaches (package.json `sideEffects`); in one bundled file, the imports of
 * every dependency (jsonld, the JSON-LD context packages) would come along with any function. And
 * both entries share each module, so there is one copy of each class (an error thrown by a function
 * of `credanchor/node` is `instanceof` the class exported by `credanchor`).
 *
 * esbuild transpiles each module; the plugin below keeps every relative import an import and adds
 * the extension that Node's ES module loader needs (`./merkle` → `./merkle/index.mjs`), which tsc
 * would not write. JSON files (the bundled CLR context) are inlined into the module that imports
 * them. Packages stay imports. Types: dist/esm/index.d.mts and node.d.mts re-export the declarations
 * tsc wrote for the CommonJS files.
 *
 * Two CommonJS-only modules are not in this build:
 * - sdk/src/workers/startWorker.ts locates the worker scripts by `__dirname`, which an ES module does
 *   not have: startWorker.esm.mjs is written in its place (it starts the CommonJS worker scripts of
 *   the same package; see that file);
 * - sdk/src/batch/issueWorker.ts, a worker script that nothing imports: the CommonJS one runs.
 *
 *     ts-node --transpile-only scripts/buildEsm.ts      # after tsc; `npm run build` does both
 *
 * `npm run build` runs it even when tsc reports a type error (tsc still emits, and test/helpers/runCli.ts
 * uses what it emitted); the build then exits with tsc's status.
 *
 * Tested in test/system/esm.test.ts (the ES modules under Node and in a bundler) and test/system/pack.test.ts
 * (the installed tarball).
 */
import { build, type Plugin } from "esbuild";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const SDK_SRC = path.join(ROOT, "sdk", "src");
export const ESM_DIR = path.join(ROOT, "dist", "esm");

/** The package's entry points (package.json `exports`), by output name. */
const ENTRIES = ["index", "node"] as const;

const START_WORKER = "workers/startWorker.ts";
const NOT_IN_THIS_BUILD = new Set([START_WORKER, "batch/issueWorker.ts"]);

/** Every module of sdk/src that the ES build transpiles, relative to sdk/src. */
function sdkModules(dir = SDK_SRC): string[] {
  const modules: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) modules.push(...sdkModules(full));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") && !entry.name.endsWith(".d.ts")) {
      const relative = path.relative(SDK_SRC, full).split(path.sep).join("/");
      if (!NOT_IN_THIS_BUILD.has(relative)) modules.push(relative);
    }
  }
  return modules;
}

/** The source file that a relative import names: `x.ts`, `x/index.ts`, or a file with its extension. */
function sourceOf(specifier: string, fromDir: string): string {
  const base = path.resolve(fromDir, specifier);
  for (const candidate of [`${base}.ts`, path.join(base, "index.ts"), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`cannot resolve ${specifier} from ${path.relative(ROOT, fromDir)}`);
}

/** Keeps relative imports of modules as imports of their `.mjs` output; JSON is left to esbuild (inlined). */
const importsWithExtensions: Plugin = {
  name: "credanchor-esm-imports",
  setup(builder) {
    builder.onResolve({ filter: /^\.\.?(\/|$)/ }, (args) => {
      if (args.kind === "entry-point") return undefined;
      const source = sourceOf(args.path, args.resolveDir);
      if (source.endsWith(".json")) return undefined;
      if (!source.endsWith(".ts")) throw new Error(`${args.importer} imports ${args.path}: not a module of the SDK`);
      // The output tree mirrors sdk/src, so the output's relative path is the source's.
      const relative = path.relative(args.resolveDir, source).split(path.sep).join("/");
      return { path: `${relative.startsWith(".") ? "" : "./"}${relative.replace(/\.ts$/, ".mjs")}`, external: true };
    });
  },
};

/** Writes dist/esm/: one module per source module, startWorker's ES twin, and the entries' types. */
export async function buildEsm(): Promise<void> {
  fs.rmSync(ESM_DIR, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: sdkModules().map((module) => path.join(SDK_SRC, module)),
    outbase: SDK_SRC,
    outdir: ESM_DIR,
    outExtension: { ".js": ".mjs" },
    bundle: true, // for the plugin and the JSON; every import stays external
    format: "esm",
    platform: "node",
    // The tsconfig's target: the browser-safe entry runs in the page and in users' browser bundles.
    target: "es2022",
    packages: "external",
    plugins: [importsWithExtensions],
    logLevel: "warning",
  });
  const startWorker = path.join(ESM_DIR, START_WORKER.replace(/\.ts$/, ".mjs"));
  fs.mkdirSync(path.dirname(startWorker), { recursive: true });
  fs.copyFileSync(path.join(SDK_SRC, START_WORKER.replace(/\.ts$/, ".esm.mjs")), startWorker);
  for (const name of ENTRIES) {
    fs.writeFileSync(
      path.join(ESM_DIR, `${name}.d.mts`),
      `// The types of the ES module entry: the declarations of the CommonJS one.\nexport * from "../sdk/src/${name}.js";\n`,
    );
  }
}

if (require.main === module) {
  buildEsm().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
