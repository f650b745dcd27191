import { expect } from "chai";
import * as esbuild from "esbuild";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { startWorker } from "../../sdk/src/workers/startWorker";
import { REPO_ROOT } from "./repoRoot";

interface WorkerBundler {
  bundledWorker(entry: string): string | undefined;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const workerBundle = require("./workerBundle") as {
  bundledWorker(entry: string): string | undefined;
  createWorkerBundler(where: { root: string; cache: string; loadEsbuild?: () => unknown }): WorkerBundler;
  CACHE: string;
};

const BUNDLER = path.join(__dirname, "workerBundle.js");
const REGISTER = path.join(__dirname, "esbuildRegister.js");

function firstMessage(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}

/** What the worker at `file` posts first. */
async function run(file: string): Promise<unknown> {
  const worker = new Worker(file);
  try {
    return await firstMessage(worker);
  } finally {
    await worker.terminate();
  }
}

describe("test helpers: the worker threads bundled from the sources (workerBundle.js)", function () {
  this.timeout(60_000);
  let dir: string;
  let root: string;
  let cache: string;
  const entry = (script: string): string => path.join(root, "sdk", "src", `${script}.ts`);

  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-worker-bundle-"));
    // A small tree shaped like the repository's: two worker scripts sharing a module.
    root = path.join(dir, "repo");
    cache = path.join(dir, "cache");
    const src = path.join(root, "sdk", "src");
    fs.mkdirSync(path.join(src, "verify"), { recursive: true });
    fs.mkdirSync(path.join(src, "batch"), { recursive: true });
    fs.writeFileSync(path.join(src, "value.ts"), `export const value: string = "one";\n`);
    for (const [script, name] of [
      ["verify/verifyWorker", "verify"],
      ["batch/issueWorker", "issue"],
    ]) {
      fs.writeFileSync(
        path.join(src, `${script}.ts`),
        `import { parentPort } from "node:worker_threads";\nimport { value } from "../value";\n` +
          `parentPort!.postMessage({ script: "${name}", value });\n`,
      );
    }
  });
  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("is what startWorker asks first when it runs from the sources (hardhat.config.ts names it)", async function () {
    expect(process.env.CREDANCHOR_WORKER_BUNDLER).to.equal(BUNDLER);
    // A bundler that hands out a script of its own: startWorker runs that, not the source.
    const script = path.join(dir, "given.js");
    fs.writeFileSync(
      script,
      `require("node:worker_threads").parentPort.postMessage({ given: require("node:worker_threads").workerData });\n`,
    );
    const marking = path.join(dir, "markingBundler.js");
    fs.writeFileSync(
      marking,
      `exports.bundledWorker = (entry) => entry.endsWith("verifyWorker.ts") ? ${JSON.stringify(script)} : undefined;\n`,
    );
    process.env.CREDANCHOR_WORKER_BUNDLER = marking;
    try {
      const worker = startWorker("verify/verifyWorker", "data");
      try {
        expect(await firstMessage(worker)).to.deep.equal({ given: "data" });
      } finally {
        await worker.terminate();
      }
    } finally {
      process.env.CREDANCHOR_WORKER_BUNDLER = BUNDLER;
    }
  });

  it("gives the repository's two workers from .tmp/worker-bundles/<key>, built from sdk/src", function () {
    for (const script of ["verify/verifyWorker", "batch/issueWorker"]) {
      const file = workerBundle.bundledWorker(path.join(REPO_ROOT, "sdk", "src", `${script}.ts`));
      expect(file).to.match(new RegExp(`^${workerBundle.CACHE}/[0-9a-f]{32}/${script}\\.js$`));
      expect(fs.existsSync(file!)).to.equal(true);
      const inputs = JSON.parse(fs.readFileSync(path.join(file!, "..", "..", "inputs.json"), "utf8")) as string[];
      expect(inputs).to.include(`sdk/src/${script}.ts`);
    }
    expect(workerBundle.bundledWorker(path.join(REPO_ROOT, "sdk", "src", "verify", "files.ts"))).to.equal(undefined);
  });

  it("runs what the sources say now: an edit with the same modification time gives a new bundle", async function () {
    const first = workerBundle.createWorkerBundler({ root, cache }).bundledWorker(entry("verify/verifyWorker"))!;
    expect(await run(first)).to.deep.equal({ script: "verify", value: "one" });
    const key = path.basename(path.dirname(path.dirname(first)));
    expect(fs.readdirSync(cache)).to.deep.equal([key]);
    expect(JSON.parse(fs.readFileSync(path.join(cache, key, "inputs.json"), "utf8"))).to.include("sdk/src/value.ts");

    const value = path.join(root, "sdk", "src", "value.ts");
    const { atime, mtime } = fs.statSync(value);
    fs.writeFileSync(value, `export const value: string = "two";\n`);
    fs.utimesSync(value, atime, mtime);
    const second = workerBundle.createWorkerBundler({ root, cache }).bundledWorker(entry("batch/issueWorker"))!;
    expect(await run(second)).to.deep.equal({ script: "issue", value: "two" });
    expect(path.basename(path.dirname(path.dirname(second)))).to.not.equal(key);
    expect(fs.readdirSync(cache), "the stale bundle is removed").to.have.length(1);
  });

  it("builds only when no cached bundle matches, and each process checks once", function () {
    let builds = 0;
    const counting = {
      ...esbuild,
      buildSync: (...args: Parameters<typeof esbuild.buildSync>) => {
        builds++;
        return esbuild.buildSync(...args);
      },
    };
    const bundler = workerBundle.createWorkerBundler({ root, cache, loadEsbuild: () => counting });
    const verify = bundler.bundledWorker(entry("verify/verifyWorker"));
    expect(builds, "two builds in memory, compared").to.equal(2);
    expect(bundler.bundledWorker(entry("batch/issueWorker"))).to.equal(
      verify!.replace("verify/verifyWorker", "batch/issueWorker"),
    );
    const later = workerBundle.createWorkerBundler({ root, cache, loadEsbuild: () => counting });
    expect(later.bundledWorker(entry("verify/verifyWorker"))).to.equal(verify);
    expect(builds, "the cached bundle matched").to.equal(2);
  });

  it("two processes building at once store one bundle and both use it", async function () {
    const program =
      `const { createWorkerBundler } = require(${JSON.stringify(BUNDLER)});\n` +
      `process.stdout.write(createWorkerBundler({ root: ${JSON.stringify(root)}, cache: ${JSON.stringify(cache)} })` +
      `.bundledWorker(${JSON.stringify(entry("verify/verifyWorker"))}));\n`;
    const once = (): Promise<string> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["-r", REGISTER, "-e", program], {
          stdio: ["ignore", "pipe", "inherit"],
        });
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
        child.once("error", reject);
        child.once("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
      });
    const [a, b] = await Promise.all([once(), once()]);
    expect(a).to.equal(b);
    expect(fs.readdirSync(cache)).to.deep.equal([path.basename(path.dirname(path.dirname(a)))]);
    expect(await run(a)).to.deep.equal({ script: "verify", value: "one" });
  });

  it("gives nothing without esbuild (startWorker then loads the sources through the TypeScript loader)", function () {
    const bundler = workerBundle.createWorkerBundler({
      root,
      cache,
      loadEsbuild: () => {
        throw new Error("Cannot find module 'esbuild'");
      },
    });
    expect(bundler.bundledWorker(entry("verify/verifyWorker"))).to.equal(undefined);
    expect(fs.existsSync(cache)).to.equal(false);
  });
});
