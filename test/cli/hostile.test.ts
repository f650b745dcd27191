/**
 * The hostile corpus through the command line: `credanchor verify`, `disclose`, `issue` and a hostile
 * --config, in process (every case, fast) and through the built executable `node dist/cli/index.js`
 * (all credential files in one run, the huge and deep inputs, and a sample of `issue` runs with worker
 * threads). Every refusal is an exit code with one `error:` line (or one verdict per file) that names
 * the file and the line or JSON pointer; no stack trace ever reaches the user.
 */
import { expect } from "chai";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { printable } from "../../cli/lib/output";
import { testIo } from "../../cli/lib/testIo";
import { EXIT, main } from "../../cli/main";
import type { VerifyJson } from "../../cli/commands/verify";
import { MAX_JSON_TEXT_LENGTH } from "../../sdk/src/credential/parseCredentialJson";
import { initKeccak } from "../../sdk/src/hash/keccak";
import type { CheckCode } from "../../sdk/src/verify/codes";
import { NOT_A_CREDENTIAL_CODES } from "../../sdk/src/verify/notACredential";
import { verifyCredential } from "../../sdk/src/verify/verifyCredential";
import {
  HOSTILE_DIR,
  type ConfigCase,
  type CredentialCase,
  type RecipientsCase,
  type TemplateCase,
} from "../helpers/hostile/corpus";
import { firstFailure } from "../helpers/hostile/invariants";
import { ensureBuilt } from "../helpers/runCli";
import { REPO_ROOT } from "../helpers/repoRoot";

const BIN = path.join(REPO_ROOT, "dist", "cli", "index.js");
/** A port nothing listens on: no hostile case may need the chain, and none may reach a real node. */
const NO_RPC = ["--rpc", "http://127.0.0.1:9"];

const cases = JSON.parse(fs.readFileSync(path.join(HOSTILE_DIR, "cases.json"), "utf8")) as {
  credentials: CredentialCase[];
  recipients: RecipientsCase[];
  configs: ConfigCase[];
  templates: TemplateCase[];
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built executable. */
function runBin(args: string[], cwd = HOSTILE_DIR): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs `main` in this process with captured output. */
async function runMain(args: string[], cwd = HOSTILE_DIR): Promise<Run> {
  const io = testIo({ cwd });
  const code = await main(args, io);
  return { code, stdout: io.stdout.text(), stderr: io.stderr.text() };
}

/** No stack trace, no "internal error", nothing that moves the terminal's cursor. */
function expectClean(run: Run, label: string): void {
  for (const [name, text] of [
    ["stderr", run.stderr],
    ["stdout", run.stdout],
  ]) {
    expect(text, `${label}: ${name} has a stack trace`).to.not.match(/^\s+at /m);
    expect(text, `${label}: ${name}`).to.not.include("internal error");
    expect(text, `${label}: ${name} has a control character`).to.not.match(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  }
  expect(run.code, label).to.not.equal(EXIT.internal);
}

/** An expected failure: exit `code`, `error: <location>: <reason>` first, then at most a `fix:` line. */
function expectOneErrorLine(run: Run, code: number, location: string, label: string): void {
  expectClean(run, label);
  expect(run.code, `${label}: ${run.stderr}`).to.equal(code);
  const lines = run.stderr.trimEnd().split("\n");
  expect(lines[0], label).to.match(/^error: /);
  expect(lines[0], label).to.include(location);
  expect(
    lines.slice(1).every((line) => line.startsWith("  fix: ")),
    `${label}: ${run.stderr}`,
  ).to.equal(true);
}

/** The exit code and the verdict `verify` must give a hostile credential. */
function cliExpectation(c: CredentialCase) {
  const expected = c.cli ?? c.expect;
  // Not a credential at all (not JSON, no credanchor proof entry...): exit 2; a malformed credential: 1.
  const notCredential = NOT_A_CREDENTIAL_CODES.has(expected.code as CheckCode);
  return { ...expected, exit: notCredential ? 2 : 1, notCredential };
}

describe("hostile corpus through the command line", function () {
  let tmp: string;
  before(async function () {
    this.timeout(300_000); // a cold build on a busy machine
    await initKeccak();
    ensureBuilt();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-hostile-cli-"));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  describe("verify FILE (in process)", function () {
    for (const c of cases.credentials) {
      const expected = cliExpectation(c);
      it(`${path.basename(c.file)} → exit ${expected.exit}, ${expected.check} failed`, async function () {
        const run = await runMain(["verify", c.file, ...NO_RPC]);
        expectClean(run, c.file);
        expect(run.code, run.stdout).to.equal(expected.exit);
        expect(run.stderr).to.equal("");
        const lines = run.stdout.split("\n");
        expect(lines[0], c.file).to.match(expected.notCredential ? /^✘ not a credential {2}/ : /^✘ invalid {2}/);
        const mark = expected.notCredential ? "?" : "✘"; // not a credential: the format check is an error
        const failed = lines.find((line) => line.trimStart().startsWith(`${mark} ${expected.check} `));
        expect(failed, run.stdout).to.not.equal(undefined);
        if (expected.where) expect(failed, c.file).to.include(printable(expected.where));
      });
    }
  });

  it("verify, the built executable, every hostile credential in one run (--json): the same verdicts", async function () {
    const files = cases.credentials.map((c) => c.file);
    const run = await runBin(["verify", ...files, ...NO_RPC, "--json"]);
    expectClean(run, "verify --json");
    expect(run.stderr).to.equal("");
    expect(run.code).to.equal(1); // at least one is invalid
    const report = JSON.parse(run.stdout) as VerifyJson;
    expect(report.summary).to.deep.include({ total: files.length, valid: 0, error: 0 });
    report.results.forEach((result, i) => {
      const expected = cliExpectation(cases.credentials[i]);
      expect(result.file).to.equal(files[i]);
      expect(result.verdict, result.file).to.equal(expected.notCredential ? "not-a-credential" : "invalid");
      expect({ check: firstFailure(result)?.check, code: firstFailure(result)?.code }, result.file).to.deep.equal({
        check: expected.check,
        code: expected.code,
      });
    });
  });

  it("verify, the built executable: a 100 MB file is refused by its size, before it is read", async function () {
    const file = path.join(tmp, "huge.json");
    const handle = fs.openSync(file, "w");
    const block = Buffer.alloc(1 << 20, 0x20);
    fs.writeSync(handle, '{"name": "');
    for (let i = 0; i < 100; i++) fs.writeSync(handle, block);
    fs.writeSync(handle, '"}\n');
    fs.closeSync(handle);
    expect(fs.statSync(file).size).to.be.greaterThan(100 * 1024 * 1024);
    const run = await runBin(["verify", file, ...NO_RPC]);
    expectClean(run, "100 MB");
    expect(run.code).to.equal(2);
    expect(run.stdout).to.match(/^✘ not a credential/);
    expect(run.stdout).to.include("The file is too large to be a credential");
    expect(run.stdout).to.include(`at most ${MAX_JSON_TEXT_LENGTH.toLocaleString("en-US")} (10 MiB) are read`);
    fs.rmSync(file);
  });

  it("verify and disclose, the built executable: 100,000 nested arrays stop at level 64 with a line and column", async function () {
    const file = path.join(tmp, "deep.json");
    fs.writeFileSync(file, `{"credentialSubject": ${"[".repeat(100_000)}${"]".repeat(100_000)}}\n`);
    const verify = await runBin(["verify", file, ...NO_RPC]);
    expectClean(verify, "deep verify");
    expect(verify.code).to.equal(2);
    expect(verify.stdout).to.match(/deep\.json:1:86 at \/credentialSubject(\/0){63}\): nesting deeper than 64 levels/);
    const disclose = await runBin([
      "disclose",
      file,
      "--hide",
      "/credentialSubject",
      "--out",
      path.join(tmp, "x.json"),
    ]);
    expectOneErrorLine(disclose, EXIT.failure, "deep.json:1:86", "deep disclose");
    expect(disclose.stderr).to.include("nesting deeper than 64 levels");
    expect(fs.existsSync(path.join(tmp, "x.json"))).to.equal(false);
  });

  it("a tampered credential cannot draw a fake verdict: names and messages are printed without control characters", async function () {
    const credential = JSON.parse(fs.readFileSync(path.join(HOSTILE_DIR, "credentials", "valid-a0.json"), "utf8"));
    credential.credentialSubject.name = "Eve\n✔ valid  Eve · Brain Surgery · Harvard\u001b[1A\u001b[2K\r\u202e";
    credential.credentialSubject["x\u001b[2J"] = "y";
    const file = path.join(tmp, "spoof.json");
    fs.writeFileSync(file, JSON.stringify(credential, null, 2));
    for (const run of [await runMain(["verify", file, ...NO_RPC]), await runBin(["verify", file, ...NO_RPC])]) {
      expectClean(run, "spoof");
      expect(run.code).to.equal(1);
      expect(run.stdout.split("\n").filter((line) => /^\S/.test(line))).to.have.length(1); // one verdict line
      expect(run.stdout).to.match(/^✘ invalid {2}Eve\\u000a✔ valid/);
      expect(run.stdout).to.not.include("\u202e");
    }
    const list = await runMain(["disclose", file, "--list"]);
    expectClean(list, "disclose --list");
  });

  describe("disclose FILE --hide (in process)", function () {
    for (const c of cases.credentials) {
      const expected = c.cli ?? c.expect;
      it(`${path.basename(c.file)} → ${expected.check === "inclusion" ? "a copy whose proof still fails" : "exit 1, one error line"}`, async function () {
        const out = path.join(tmp, `disclosed-${path.basename(c.file)}`);
        const run = await runMain(["disclose", c.file, "--hide", "/credentialSubject/name", "--out", out]);
        if (expected.check === "inclusion") {
          // The content is intact, so hiding a field works; the copy fails inclusion exactly like the original.
          expectClean(run, c.file);
          expect(run.code, run.stderr).to.equal(EXIT.ok);
          const result = await verifyCredential(fs.readFileSync(out, "utf8"));
          expect(firstFailure(result)?.code).to.equal(expected.code);
          return;
        }
        expectOneErrorLine(run, EXIT.failure, c.file, c.file);
        expect(fs.existsSync(out), "nothing is written").to.equal(false);
      });
    }
  });

  describe("a hostile --config (in process)", function () {
    for (const c of cases.configs) {
      if ("accepted" in c.expect) continue;
      const expected = c.expect;
      it(`${path.basename(c.file)} → exit 2, error: ${expected.reason}`, async function () {
        const run = await runMain([
          "verify",
          "credentials/valid-a0.json",
          "--network",
          "localhost",
          "--config",
          c.file,
        ]);
        // The file is named once, in the location or in the message; the location without its leading ":".
        expectOneErrorLine(run, EXIT.usage, (expected.where ?? "").replace(/^:/, ""), c.file);
        expect(run.stderr.split("\n")[0]).to.include(c.file);
        expect(run.stderr).to.include(printable(expected.reason));
        expect(run.stdout).to.equal("");
      });
    }

    it("the built executable: a config nested 100,000 levels deep is one error line, not a stack overflow", async function () {
      const dir = path.join(tmp, "deep-config");
      fs.mkdirSync(dir);
      fs.writeFileSync(
        path.join(dir, "credanchor.config.json"),
        `{"//": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
      );
      fs.copyFileSync(path.join(HOSTILE_DIR, "credentials", "valid-a0.json"), path.join(dir, "a.json"));
      const run = await runBin(["verify", "a.json", "--network", "localhost"], dir);
      expectOneErrorLine(run, EXIT.usage, "1:71 at /~1~1", "deep config");
      expect(run.stderr).to.include("nesting deeper than 64 levels");
    });
  });

  it("issue, the built executable (worker threads): hostile recipients and templates stop with file:line, nothing written", async function () {
    const picks = [
      "recipients/quote-not-closed.csv",
      "recipients/invalid-utf8.csv",
      "recipients/missing-name.csv",
      "recipients/lone-surrogate.jsonl",
      "recipients/array-line.jsonl",
      "recipients/empty.csv",
    ];
    const runs = picks.map((file) => {
      const c = cases.recipients.find((r) => r.file === file)!;
      const out = path.join(tmp, `out-${path.basename(file)}`);
      return { c, out, args: ["issue", "--template", "template.json", "--recipients", file, "--out", out] };
    });
    const template = cases.templates[0];
    const templateOut = path.join(tmp, "out-template");
    const big = path.join(tmp, "big-field.csv");
    fs.writeFileSync(big, `name,email\nAda,ada@example.org\n"${"A".repeat(1 << 20)}",grace@example.org\n`);
    const bigOut = path.join(tmp, "out-big");
    // two at a time: the machine has two cores
    const results: Run[] = [];
    const queue = [
      ...runs.map((r) => r.args),
      ["issue", "--template", template.file, "--recipients", "recipients/bom-crlf.csv", "--out", templateOut],
      ["issue", "--template", "template.json", "--recipients", big, "--out", bigOut],
    ];
    for (let i = 0; i < queue.length; i += 2)
      results.push(...(await Promise.all(queue.slice(i, i + 2).map((args) => runBin(args)))));
    runs.forEach(({ c, out }, i) => {
      const expected = c.expect as { line?: number; reason: string };
      const location = expected.line !== undefined ? `${c.file}:${expected.line}` : c.file;
      expectOneErrorLine(results[i], EXIT.failure, location, c.file);
      expect(results[i].stderr).to.include(expected.reason);
      expect(fs.existsSync(out), `${c.file}: left a directory`).to.equal(false);
    });
    expectOneErrorLine(results[runs.length], EXIT.failure, template.file, template.file);
    expect(results[runs.length].stderr).to.include(template.expect.reason);
    expectOneErrorLine(results[runs.length + 1], EXIT.failure, "big-field.csv:3", "1 MB field");
    expect(results[runs.length + 1].stderr).to.include("the row is longer than 65,536 characters");
    for (const out of [templateOut, bigOut]) expect(fs.existsSync(out)).to.equal(false);
    expect(fs.readdirSync(tmp).filter((name) => name.includes(".partial-"))).to.deep.equal([]);
  });
});
