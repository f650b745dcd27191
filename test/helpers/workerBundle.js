/**
 * The SDK's worker threads in the tests, bundled (sdk/src/workers/startWorker.ts asks the module that
 * CREDANCHOR_WORKER_BUNDLER names, which hardhat.config.ts sets to this file, when it runs from the
 * sources): the two worker scripts (verify/verifyWorker, batch/issueWorker) built from the current
 * sources by esbuild into `.tmp/worker-bundles/<key>/`, once for every state of the sources, instead
 * of each thread loading the SDK's TypeScript file by file through esbuildRegister.js (0.38–0.48
 * CPU-s a thread; figures in test/TESTING.md).
 *
 * A stale bundle cannot run: the folder's name, the key, is a hash of esbuild's version, the build's
 * options and the path and content of every file the bundle was built from (esbuild's metafile
 * lists them, `inputs.json` beside the bundle keeps the list); a process uses a folder only when the
 * hash of those files' current content is its name. Modification times play no part. A bundle is
 * built twice in memory and kept only when both builds are byte-equal, so a source edited while it
 * is read cannot give a bundle a key it does not match. Two processes that build at once each write
 * to a temporary folder and rename it to the key: the first rename wins, the other's copy (equal)
 * is removed.
 *
 * Each process checks once, at its first thread (a process runs the sources it loaded at its start,
 * so a thread from later edits would not be what it tests anyway). Without esbuild it gives nothing
 * and startWorker falls back to the TypeScript loader (CREDANCHOR_WORKER_TS_REGISTER, or ts-node).
 */
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const SCRIPTS = ["verify/verifyWorker", "batch/issueWorker"];
const INPUTS = "inputs.json";
const KEY = /^[0-9a-f]{32}$/;

/**
 * A bundler of the worker scripts under `root`/sdk/src into `cache` (the tests' is the repository's,
 * into .tmp/worker-bundles; test/helpers/workerBundle.test.ts makes its own on a small tree).
 * @param {{ root: string, cache: string, loadEsbuild?: () => typeof import("esbuild") }} where
 */
function createWorkerBundler({ root, cache, loadEsbuild = () => require("esbuild") }) {
  const sdkSrc = path.join(root, "sdk", "src");

  /** esbuild's options, without the output folder; part of the key (the bundled CLI's: scripts/bundleCli.ts). */
  function options(esbuild) {
    // TypeScript, through the process's loader: startWorker asks only when it runs from the sources.
    const { NODE_BUNDLE } = require("../../scripts/bundleCli");
    return {
      ...NODE_BUNDLE,
      absWorkingDir: root,
      entryPoints: SCRIPTS.map((script) => ({ in: path.join(sdkSrc, `${script}.ts`), out: script })),
      logLevel: "silent",
      metafile: true,
      write: false,
      // Not an option: makes the key change with esbuild's version.
      _version: esbuild.version,
    };
  }

  /** The key of a bundle built from `inputs` (paths relative to `root`), by their current content. */
  function keyOf(esbuild, inputs) {
    const hash = crypto.createHash("sha256");
    hash.update(JSON.stringify(options(esbuild)));
    for (const input of inputs) {
      hash.update(`\0${input}\0`);
      hash.update(fs.readFileSync(path.join(root, input)));
    }
    return hash.digest("hex").slice(0, 32);
  }

  /** The cached folder whose key matches its inputs' current content, if any. */
  function findFresh(esbuild) {
    let names;
    try {
      names = fs.readdirSync(cache).filter((name) => KEY.test(name));
    } catch {
      return undefined;
    }
    for (const name of names) {
      try {
        const inputs = JSON.parse(fs.readFileSync(path.join(cache, name, INPUTS), "utf8"));
        if (keyOf(esbuild, inputs) === name) return path.join(cache, name);
      } catch {
        // an input gone, or the folder removed while read: not fresh
      }
    }
    return undefined;
  }

  /** One in-memory build: its files by path relative to the output folder, and its inputs. */
  function buildOnce(esbuild) {
    const { _version, ...buildOptions } = options(esbuild);
    void _version;
    const out = path.join(cache, "out");
    const result = esbuild.buildSync({ ...buildOptions, outdir: out });
    const files = new Map(
      result.outputFiles.map((file) => [path.relative(out, file.path), Buffer.from(file.contents)]),
    );
    return { files, inputs: Object.keys(result.metafile.inputs).sort() };
  }

  function sameBuild(a, b) {
    if (a.files.size !== b.files.size || JSON.stringify(a.inputs) !== JSON.stringify(b.inputs)) return false;
    for (const [name, bytes] of a.files) if (!b.files.get(name)?.equals(bytes)) return false;
    return true;
  }

  /** Builds the bundle, stores it under its key and removes the folders of other keys. */
  function buildFresh(esbuild) {
    let built = buildOnce(esbuild);
    let key = keyOf(esbuild, built.inputs);
    for (;;) {
      const again = buildOnce(esbuild);
      if (sameBuild(built, again)) break;
      // A source changed while it was read: again, until two builds agree.
      built = again;
      key = keyOf(esbuild, built.inputs);
    }
    const target = path.join(cache, key);
    const temporary = path.join(cache, `.building-${process.pid}-${crypto.randomBytes(4).toString("hex")}`);
    for (const [name, bytes] of built.files) {
      fs.mkdirSync(path.dirname(path.join(temporary, name)), { recursive: true });
      fs.writeFileSync(path.join(temporary, name), bytes);
    }
    fs.writeFileSync(path.join(temporary, INPUTS), JSON.stringify(built.inputs));
    try {
      fs.renameSync(temporary, target);
    } catch (error) {
      // Another process stored the same key first: its copy is this one.
      fs.rmSync(temporary, { recursive: true, force: true });
      if (!fs.existsSync(path.join(target, INPUTS))) throw error;
    }
    for (const name of fs.readdirSync(cache)) {
      if (name !== key && KEY.test(name)) fs.rmSync(path.join(cache, name), { recursive: true, force: true });
    }
    return target;
  }

  /** undefined: not looked for yet; null: no esbuild. */
  let bundleDir;

  /**
   * The bundled copy of the worker whose source is `entry` (the absolute path of a worker script
   * under sdk/src), built from the current sources; undefined for another file or without esbuild.
   * @param {string} entry
   * @returns {string | undefined}
   */
  function bundledWorker(entry) {
    const script = path.relative(sdkSrc, entry).split(path.sep).join("/").replace(/\.ts$/, "");
    if (!SCRIPTS.includes(script)) return undefined;
    if (bundleDir === undefined) {
      let esbuild;
      try {
        esbuild = loadEsbuild();
      } catch {
        esbuild = undefined;
      }
      bundleDir = esbuild === undefined ? null : (findFresh(esbuild) ?? buildFresh(esbuild));
    }
    return bundleDir === null ? undefined : path.join(bundleDir, `${script}.js`);
  }

  return { bundledWorker };
}

const CACHE = path.join(REPO_ROOT, ".tmp", "worker-bundles");
const { bundledWorker } = createWorkerBundler({ root: REPO_ROOT, cache: CACHE });

module.exports = { bundledWorker, createWorkerBundler, CACHE };
