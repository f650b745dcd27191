/**
 * The CLI is one bundled file (scripts/bundleCli.ts): dist/cli/index.js, with its three worker
 * scripts (the SDK's verify and issue workers, serve's batch worker) bundled beside it in dist/cli/workers/. What the bundle must still find at run time is
 * tested on a copy of dist/cli/ in a package folder of its own (its own package.json, version and
 * web/dist; node_modules linked to the repository's for the packages left outside the bundle), so
 * that nothing can come from the repository's sources or dist/sdk/: the version, the worker threads
 * of `issue` and `serve` (the copies of the workers append their file name to a list when a thread
 * starts) and the page `serve` serves.
 */
import { expect } from "chai";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CLI, ensureBuilt, FIXTURES, REPO_ROOT } from "../helpers/runCli";
import { runNode } from "../helpers/nodeScripts";
import { sharedHardhatNode, type SharedHardhatNode } from "../helpers/sharedHardhatNode";
import { until } from "../helpers/until";

const WORKERS = ["verify/verifyWorker", "batch/issueWorker", "serve/batchWorker"];

describe("build: the CLI bundle", function () {
  this.timeout(120_000);
  let pkg: string;
  let bin: string;
  let marks: string;
  let node: SharedHardhatNode | undefined;

  before(function () {
    ensureBuilt();
    pkg = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-bundle-"));
    fs.cpSync(path.dirname(CLI), path.join(pkg, "dist", "cli"), { recursive: true });
    fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "credanchor", version: "9.9.9-bundle" }));
    fs.mkdirSync(path.join(pkg, "web", "dist"), { recursive: true });
    fs.writeFileSync(path.join(pkg, "web", "dist", "index.html"), "<title>the copy's page</title>\n");
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(pkg, "node_modules"), "dir");
    marks = path.join(pkg, "marks.txt");
    for (const script of WORKERS) {
      const file = path.join(pkg, "dist", "cli", "workers", `${script}.js`);
      const mark = `require("node:fs").appendFileSync(${JSON.stringify(marks)}, __filename + "\\n");\n`;
      fs.writeFileSync(file, mark + fs.readFileSync(file, "utf8"));
    }
    bin = path.join(pkg, "dist", "cli", "index.js");
    fs.mkdirSync(path.join(pkg, "work"));
  });
  after(async function () {
    await node?.release();
    if (pkg) fs.rmSync(pkg, { recursive: true, force: true });
  });

  /**
   * The workers whose threads have started: the marks file's complete lines. A thread creates the
   * file before it writes its line, so the file can exist empty, or end in a line still being
   * written; only what precedes the last newline counts.
   */
  function started(): string[] {
    if (!fs.existsSync(marks)) return [];
    const lines = fs.readFileSync(marks, "utf8").split("\n");
    lines.pop();
    return lines;
  }

  it("dist/cli holds the executable bundle, its map and the three bundled workers, nothing else", function () {
    const files = fs.readdirSync(path.dirname(CLI), { recursive: true, encoding: "utf8" }).sort();
    expect(files).to.deep.equal([
      "index.js",
      "index.js.map",
      "workers",
      "workers/batch",
      "workers/batch/issueWorker.js",
      "workers/batch/issueWorker.js.map",
      "workers/serve",
      "workers/serve/batchWorker.js",
      "workers/serve/batchWorker.js.map",
      "workers/verify",
      "workers/verify/verifyWorker.js",
      "workers/verify/verifyWorker.js.map",
    ]);
    expect(fs.statSync(CLI).mode & 0o111, "execute bits").to.equal(0o111);
    expect(fs.readFileSync(CLI, "utf8")).to.match(/^#!\/usr\/bin\/env node\n/);
    // Library users get the per-module builds, not the bundle.
    for (const entry of ["dist/sdk/src/index.js", "dist/sdk/src/node.js", "dist/esm/index.mjs", "dist/esm/node.mjs"]) {
      expect(fs.existsSync(path.join(REPO_ROOT, entry)), entry).to.equal(true);
    }
  });

  it("--version reads the package.json of the package the bundle is in", async function () {
    const run = await runNode([bin, "--version"], { cwd: path.join(pkg, "work") });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout.trim()).to.equal("9.9.9-bundle");
  });

  it("issue starts its worker threads from the bundled issueWorker beside the bundle", async function () {
    fs.rmSync(marks, { force: true });
    const run = await runNode(
      [
        bin,
        "issue",
        "--template",
        path.join(FIXTURES, "templates", "telemedicine-nursing.json"),
        "--recipients",
        path.join(FIXTURES, "recipients", "nurses.csv"),
        "--out",
        "batch-1",
        "--workers",
        "2",
        "--json",
      ],
      { cwd: path.join(pkg, "work") },
    );
    expect(run.code, run.stderr).to.equal(0);
    expect(fs.readdirSync(path.join(pkg, "work", "batch-1", "credentials"))).to.have.length(15);
    const issueWorker = path.join(pkg, "dist", "cli", "workers", "batch", "issueWorker.js");
    expect(started()).to.deep.equal([issueWorker, issueWorker]);
  });

  it("serve starts its verify-batch threads from the bundled batchWorker and serves the package's web/dist", async function () {
    node = await sharedHardhatNode();
    fs.rmSync(marks, { force: true });
    const child = spawn(process.execPath, [bin, "serve", "--rpc", node.url, "--port", "0"], {
      cwd: path.join(pkg, "work"),
      env: { PATH: process.env.PATH ?? "", HOME: pkg, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let output = "";
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 60_000);
        const read = (chunk: Buffer): void => {
          output += chunk.toString("utf8");
          // Only a whole line: a chunk may end inside the URL (its port cut short).
          const listening = /listening on (http:\/\/\S+)[^\n]*\n/.exec(output);
          if (listening) {
            clearTimeout(timer);
            resolve(listening[1]);
          }
        };
        child.stdout.on("data", read);
        child.stderr.on("data", read);
        child.once("exit", (code) => reject(new Error(`serve exited ${code}:\n${output}`)));
      });
      const page = await fetch(`${url}/`);
      expect(page.status).to.equal(200);
      expect(await page.text()).to.equal("<title>the copy's page</title>\n");
      const batchWorker = path.join(pkg, "dist", "cli", "workers", "serve", "batchWorker.js");
      await until(() => started().length > 0, "a verify-batch thread to start");
      expect(new Set(started())).to.deep.equal(new Set([batchWorker]));
    } finally {
      const exited = new Promise((resolve) => child.once("close", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  });
});
