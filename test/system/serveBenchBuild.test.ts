/**
 * The service `npm run bench -- serve` measures (bench/lib/buildServe.ts) is built as the shipped CLI
 * is (scripts/bundleCli.ts): one bundled file, not a file per module (whose calls between modules go
 * through esbuild's export getters, which the shipped bundle does not have), whose verify-batch threads
 * start from the bundled batchWorker beside it and verify a batch's credentials.
 */
import { expect } from "chai";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildServe } from "../../bench/lib/buildServe";
import { REPO_ROOT } from "../helpers/repoRoot";
import { until } from "../helpers/until";

describe("bench: the serve bench's service, built as the shipped bundle", function () {
  this.timeout(120_000);
  let outdir: string;
  let entry: string;
  let marks: string;

  before(function () {
    // Inside the repository: the packages the bundle leaves out resolve from its node_modules.
    fs.mkdirSync(path.join(REPO_ROOT, ".tmp"), { recursive: true });
    outdir = fs.mkdtempSync(path.join(REPO_ROOT, ".tmp", "serve-bench-test-"));
    entry = buildServe("bench/lib/serveChild.ts", outdir);
    marks = path.join(outdir, "marks.txt");
    const worker = path.join(outdir, "workers", "serve", "batchWorker.js");
    const mark = `require("node:fs").appendFileSync(${JSON.stringify(marks)}, __filename + "\\n");\n`;
    fs.writeFileSync(worker, mark + fs.readFileSync(worker, "utf8"));
  });
  after(function () {
    if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
  });

  it("is one file with the workers beside it, requiring none of the repository's modules", function () {
    const files = fs.readdirSync(outdir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js"));
    expect(files.sort()).to.deep.equal([
      "serveChild.js",
      "workers/batch/issueWorker.js",
      "workers/serve/batchWorker.js",
      "workers/verify/verifyWorker.js",
    ]);
    for (const file of files) {
      const requires = [...fs.readFileSync(path.join(outdir, file), "utf8").matchAll(/require\("(\.[^"]*)"\)/g)];
      expect(
        requires.map((r) => r[1]),
        file,
      ).to.deep.equal([]);
    }
  });

  it("verifies a batch in its threads, started from the bundled batchWorker", async function () {
    // No chain is read for entries that are no credential: an address nothing listens on will do.
    const child = spawn(process.execPath, [entry, "http://127.0.0.1:9"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
      // Only a whole line: a chunk may end inside the URL.
      await until(
        () => /"url":"[^"]+"\}\n/.test(output) || child.exitCode !== null,
        () => `the service's URL:\n${output}`,
      );
      const url = /"url":"([^"]+)"/.exec(output)?.[1];
      expect(url, output).to.be.a("string");
      const count = 3_000; // more than one part: the threads verify them
      const body = JSON.stringify({ verifiableCredentials: Array.from({ length: count }, (_, i) => ({ note: i })) });
      const response = await fetch(`${url}/credentials/verify-batch`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      expect(response.status).to.equal(200);
      const answer = (await response.json()) as { summary: { total: number; notCredential: number } };
      expect(answer.summary).to.include({ total: count, notCredential: count });
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).to.include(`credanchor_batch_credentials_total{thread="worker"} ${count}\n`);
      const lines = fs.readFileSync(marks, "utf8").split("\n");
      lines.pop(); // a line still being written does not count
      expect(new Set(lines)).to.deep.equal(new Set([path.join(outdir, "workers", "serve", "batchWorker.js")]));
    } finally {
      const exited = new Promise((resolve) => child.once("close", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  });
});
