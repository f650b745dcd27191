import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import { startWorker } from "../../sdk/src/workers/startWorker";

const REGISTER = path.join(__dirname, "esbuildRegister.js");

function firstMessage(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}

describe("test helpers: the worker threads' TypeScript loader (esbuildRegister.js)", function () {
  let dir: string;
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-register-"));
  });
  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("is what the tests' worker threads load (hardhat.config.ts names it)", function () {
    expect(process.env.CREDANCHOR_WORKER_TS_REGISTER).to.equal(REGISTER);
  });

  it("startWorker loads the register that CREDANCHOR_WORKER_TS_REGISTER names, then the worker's TypeScript", async function () {
    // The fallback when no bundle is given (workerBundle.js, CREDANCHOR_WORKER_BUNDLER, comes first).
    const bundler = process.env.CREDANCHOR_WORKER_BUNDLER;
    delete process.env.CREDANCHOR_WORKER_BUNDLER;
    // A register that loads the esbuild hook and says so: the worker script after it is TypeScript.
    const marker = path.join(dir, "markingRegister.js");
    fs.writeFileSync(
      marker,
      `require(${JSON.stringify(REGISTER)});\n` +
        `require("node:worker_threads").parentPort.postMessage({ register: "marking", ts: typeof require.extensions[".ts"] });\n`,
    );
    const before = process.env.CREDANCHOR_WORKER_TS_REGISTER;
    process.env.CREDANCHOR_WORKER_TS_REGISTER = marker;
    const worker = startWorker("verify/verifyWorker", "not the verify worker's mark: it stays idle");
    try {
      expect(await firstMessage(worker)).to.deep.equal({ register: "marking", ts: "function" });
    } finally {
      process.env.CREDANCHOR_WORKER_TS_REGISTER = before;
      if (bundler !== undefined) process.env.CREDANCHOR_WORKER_BUNDLER = bundler;
      await worker.terminate();
    }
  });

  it("transpiles as tsconfig.json does: class fields, default imports, import() as require", async function () {
    const helper = path.join(dir, "helper.ts");
    fs.writeFileSync(helper, `export const answer: number = 42;\n`);
    const entry = path.join(dir, "entry.ts");
    fs.writeFileSync(
      entry,
      [
        `import path from "node:path";`,
        `import { parentPort } from "node:worker_threads";`,
        `class Box { value: number | undefined; own = Object.keys(this); }`,
        `void import("./helper").then((m) => parentPort!.postMessage({ sep: path.sep, own: new Box().own, answer: m.answer }));`,
      ].join("\n"),
    );
    const { Worker } = await import("node:worker_threads");
    const worker = new Worker(`require(${JSON.stringify(REGISTER)}); require(${JSON.stringify(entry)});`, {
      eval: true,
    });
    try {
      expect(await firstMessage(worker)).to.deep.equal({ sep: path.sep, own: ["value"], answer: 42 });
    } finally {
      await worker.terminate();
    }
  });

  it("names the file when a TypeScript file does not parse", async function () {
    const broken = path.join(dir, "broken.ts");
    fs.writeFileSync(broken, `export const x: = ;\n`);
    const { Worker } = await import("node:worker_threads");
    const worker = new Worker(`require(${JSON.stringify(REGISTER)}); require(${JSON.stringify(broken)});`, {
      eval: true,
    });
    const error = (await firstMessage(worker).catch((e: unknown) => e)) as Error;
    expect(error).to.be.instanceOf(Error);
    expect(error.message).to.include("broken.ts");
  });
});
