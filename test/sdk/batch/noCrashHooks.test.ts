/**
 * Issue 12, item 15: the shipped code carries no test hook that can kill the process. The SDK reports
 * named checkpoints to an `onCheckpoint` option; only the crash tests (crashHook.ts) turn one into a
 * SIGKILL. An environment variable left set (the old `CREDANCHOR_CRASH_AT`, or the tests' own) does
 * nothing to `issueBatch`.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CHECKPOINTS, type CheckpointName } from "../../../sdk/src/batch/checkpoints";
import { issueBatch } from "../../../sdk/src/batch/issueBatch";
import { runNode } from "../../helpers/nodeScripts";
import { REPO_ROOT } from "../../helpers/repoRoot";

const FIXTURES = path.join(REPO_ROOT, "test", "fixtures", "batch");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(full);
    return /\.(ts|js|mjs|cjs)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [full] : [];
  });
}

describe("no crash hooks in shipped code (issue 12, item 15)", function () {
  this.timeout(120_000);
  let work: string;
  before(function () {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-nohooks-"));
  });
  after(function () {
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("no shipped source reads a crash variable or kills its own process", function () {
    const offenders: string[] = [];
    for (const root of ["sdk/src", "cli", "server", "scripts"]) {
      const dir = path.join(REPO_ROOT, root);
      if (!fs.existsSync(dir)) continue;
      for (const file of sourceFiles(dir)) {
        const text = fs.readFileSync(file, "utf8");
        if (/CRASH_AT|process\.kill\(\s*process\.pid/.test(text)) offenders.push(path.relative(REPO_ROOT, file));
      }
    }
    expect(offenders).to.deep.equal([]);
  });

  it("issueBatch in a child process with CREDANCHOR_CRASH_AT set runs to the end", async function () {
    const outDir = path.join(work, "batch");
    const marker = path.join(work, "marker");
    const script = `require(${JSON.stringify(path.join(REPO_ROOT, "sdk/src/batch/issueBatch.ts"))}).issueBatch(${JSON.stringify(
      {
        template: path.join(FIXTURES, "template.json"),
        recipients: path.join(FIXTURES, "recipients.csv"),
        outDir,
        workers: 0,
      },
    )}).then(() => console.log("DONE"), (e) => { console.error(e); process.exitCode = 1; });`;
    const register = require.resolve("ts-node/register/transpile-only", { paths: [REPO_ROOT] });
    const result = await runNode(["-r", register, "-e", script], {
      env: {
        ...process.env,
        CREDANCHOR_CRASH_AT: "issue:tree-built",
        CREDANCHOR_CRASH_MARKER: marker,
        CREDANCHOR_TEST_CRASH_AT: "issue:tree-built",
        CREDANCHOR_TEST_CRASH_MARKER: marker,
      },
    });
    expect({ signal: result.signal, code: result.code, stderr: result.stderr }).to.deep.equal({
      signal: null,
      code: 0,
      stderr: "",
    });
    expect(result.stdout.trim()).to.equal("DONE");
    expect(fs.existsSync(path.join(outDir, "manifest.json"))).to.equal(true);
    expect(fs.existsSync(marker)).to.equal(false);
  });

  it("onCheckpoint receives the issue checkpoints, in order", async function () {
    const seen: CheckpointName[] = [];
    await issueBatch({
      template: path.join(FIXTURES, "template.json"),
      recipients: path.join(FIXTURES, "recipients.csv"),
      outDir: path.join(work, "batch-2"),
      workers: 0,
      onCheckpoint: (name) => seen.push(name),
    });
    const distinct = seen.filter((name, i) => seen.indexOf(name) === i);
    expect(distinct).to.deep.equal(CHECKPOINTS.filter((name) => name.startsWith("issue:")));
  });
});
