/**
 * Expected failures of the command line, each with its exit code and its one clear line (and a fix),
 * never a stack trace unless --debug: missing file, malformed CSV row, not JSON, wrong chain id, no
 * key, unreachable RPC, registry not found, not an issuer, bad flags. Against a real `hardhat node`.
 *
 * `bin` runs the BUILT executable (a child process: its exit code, its stderr, no private key in its
 * output); `cli` runs the same command line through `main(argv, io)` in this process
 * (`runCliInProcess`), which returns the exit code the executable sets and writes the same lines: a
 * spawned CLI costs ~0.6 s of CPU to load the SDK, a call in process almost nothing. Each kind of
 * failure (exit 1 and 2, --json, --debug, a keystore, an unreachable endpoint, a refused role, usage)
 * keeps at least one run through the executable.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { VerifyJson } from "../../cli/commands/verify";
import { HARDHAT_ACCOUNTS } from "../helpers/hardhatNode";
import { sharedHardhatNode, type SharedHardhatNode } from "../helpers/sharedHardhatNode";
import {
  CLI,
  ensureBuilt,
  FIXTURES,
  json,
  ON_THIS_THREAD,
  runCli,
  runCliInProcess,
  type CliRun,
} from "../helpers/runCli";
import { credentialFile } from "../helpers/credentialFiles";
import { deadUrl } from "../helpers/ports";
import { check } from "../helpers/checks";
import { repoPath } from "../helpers/repoRoot";

/** No stack frames, exactly the lines given. */
function expectOneError(run: CliRun, code: number, message: string | RegExp, fix?: string | RegExp): void {
  expect(run.code, `exit code; stderr:\n${run.stderr}`).to.equal(code);
  const lines = run.stderr.trimEnd().split("\n");
  expect(lines.length, run.stderr).to.be.at.most(2);
  if (typeof message === "string") expect(lines[0]).to.equal(`error: ${message}`);
  else expect(lines[0]).to.match(message);
  if (fix !== undefined) {
    expect(lines[1], run.stderr).to.be.a("string");
    if (typeof fix === "string") expect(lines[1]).to.equal(`  fix: ${fix}`);
    else expect(lines[1]).to.match(fix);
  }
  expect(run.stderr).to.not.match(/^\s+at /m);
}

describe("cli end to end: expected failures and exit codes", function () {
  let node: SharedHardhatNode;
  let dir: string;
  let env: Record<string, string>;
  /** The built executable, as a user runs it. */
  const bin = (...args: string[]) => runCli(args, { cwd: dir, env });
  /** The same command line in this process. */
  const cli = (...args: string[]) => runCliInProcess(args, { cwd: dir, env });
  const credential = () => path.relative(dir, credentialFile(path.join(dir, "batch-1"), 0));

  before(async function () {
    ensureBuilt();
    node = await sharedHardhatNode();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-errors-"));
    env = { LOCALHOST_RPC_URL: node.url, CREDANCHOR_PRIVATE_KEY: HARDHAT_ACCOUNTS[0].privateKey };
    for (const args of [
      ["init", "--name", "Northbridge School of Nursing", "--url", "https://nursing.example.edu"],
      ["deploy"],
      [
        "issue",
        "--template",
        path.join(FIXTURES, "templates", "telemedicine-nursing.json"),
        "--recipients",
        path.join(FIXTURES, "recipients", "nurses.csv"),
        "--out",
        "batch-1",
        ...ON_THIS_THREAD,
      ],
      ["anchor", "batch-1"],
    ]) {
      const run = await cli(...args);
      if (run.code !== 0) throw new Error(`setup: credanchor ${args.join(" ")} exited ${run.code}:\n${run.stderr}`);
    }
  });
  after(async function () {
    await node?.release();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe("files", function () {
    it("verify of a missing file: exit 2, one line naming it", async function () {
      expectOneError(
        await bin("verify", "nope.json"),
        2,
        "nope.json: no such file or directory",
        "check the path (relative paths start from the current directory)",
      );
    });

    it("verify of a file that is not JSON: `not a credential`, exit 2", async function () {
      const run = await cli("verify", path.join(FIXTURES, "cli", "not-json.json"));
      expect(run.code).to.equal(2);
      expect(run.stdout).to.match(/^✘ not a credential {2}.*not-json\.json\n/);
      expect(run.stdout).to.match(/\? format {6}/); // not a credential: nothing was judged, so not ✘
      const report = json<VerifyJson>(await cli("verify", path.join(FIXTURES, "cli", "not-json.json"), "--json"));
      expect(report.summary).to.deep.equal({ total: 1, valid: 0, invalid: 0, error: 0, notCredential: 1, exitCode: 2 });
      expect(report.results[0].checks[0]).to.include({
        check: "format",
        status: "error",
        code: "FORMAT_INVALID_JSON",
      });
    });

    it("verify of valid and invalid files together exits 1: invalid wins over not-a-credential", async function () {
      const tampered = JSON.parse(fs.readFileSync(path.join(dir, credential()), "utf8")) as {
        credentialSubject: { name: string };
      };
      tampered.credentialSubject.name = "Someone Else";
      fs.writeFileSync(path.join(dir, "tampered.json"), JSON.stringify(tampered));
      const run = await bin("verify", credential(), "tampered.json", path.join(FIXTURES, "cli", "not-json.json"));
      expect(run.code).to.equal(1);
      expect(run.stdout).to.include("✘ invalid  Someone Else").and.to.include("integrity failed: ");
      expect(run.stdout).to.match(/3 credentials: 1 valid, 1 invalid, 1 not a credential/);
    });

    it("issue with a malformed CSV row: exit 1, the file and line, no batch folder left behind", async function () {
      const recipients = path.join(FIXTURES, "cli", "learners-bad-row.csv");
      const run = await cli(
        "issue",
        "--template",
        path.join(FIXTURES, "templates", "telemedicine-nursing.json"),
        "--recipients",
        recipients,
        "--out",
        "bad-batch",
      );
      expectOneError(
        run,
        1,
        new RegExp(`^error: ${recipients.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3(:\\d+)?: `),
        /^ {2}fix: /,
      );
      expect(fs.existsSync(path.join(dir, "bad-batch"))).to.equal(false);
    });

    it("issue with a template that is not JSON: exit 1, the line and column", async function () {
      const template = path.join(FIXTURES, "cli", "template-bad-json.json");
      const run = await cli(
        "issue",
        "--template",
        template,
        "--recipients",
        path.join(FIXTURES, "recipients", "nurses.csv"),
        "--out",
        "bad-template",
      );
      expectOneError(run, 1, /template-bad-json\.json:4:\d+/);
    });

    it("issue without --out is a usage error, exit 2", async function () {
      expectOneError(
        await cli("issue", "--template", "t.json", "--recipients", "r.csv"),
        2,
        "missing --out DIR",
        "usage: credanchor issue --template T.json --recipients R.csv --out DIR",
      );
    });

    it("disclose of a field that does not exist: exit 1 naming the pointer", async function () {
      const run = await cli("disclose", credential(), "--hide", "/credentialSubject/nickname", "--out", "x.json");
      expect(run.code).to.equal(1);
      expect(run.stderr).to.include("/credentialSubject/nickname");
      expect(fs.existsSync(path.join(dir, "x.json"))).to.equal(false);
    });
  });

  describe("keys", function () {
    it("no key: exit 1, says how to give one", async function () {
      const run = await runCli(["anchor", "batch-1"], { cwd: dir, env: { LOCALHOST_RPC_URL: node.url } });
      expectOneError(
        run,
        1,
        "no key to sign with",
        "set CREDANCHOR_PRIVATE_KEY=0x… in the environment, or pass --keystore FILE (an encrypted JSON keystore)",
      );
    });

    it("a keystore with its password from the environment signs; a wrong password is one line", async function () {
      const keystore = path.join(FIXTURES, "cli", "keystore-hardhat0.json");
      const ok = await runCliInProcess(["anchor", "batch-1", "--keystore", keystore], {
        cwd: dir,
        env: { LOCALHOST_RPC_URL: node.url, CREDANCHOR_KEYSTORE_PASSWORD: "correct horse" },
      });
      expect(ok.code, ok.stderr).to.equal(0);
      expect(ok.stdout).to.include("already anchored and recorded");
      const wrong = await runCli(["anchor", "batch-1", "--keystore", keystore], {
        cwd: dir,
        env: { LOCALHOST_RPC_URL: node.url, CREDANCHOR_KEYSTORE_PASSWORD: "battery staple" },
      });
      expectOneError(wrong, 1, `cannot decrypt keystore ${keystore}: wrong password`);
    });
  });

  describe("chain", function () {
    it("wrong chain id: the sepolia network pointed at a local node refuses to send, exit 1", async function () {
      const blockBefore = await node.rpc<string>("eth_blockNumber");
      const run = await cli("deploy", "--network", "sepolia", "--rpc", node.url);
      expectOneError(
        run,
        1,
        `The endpoint ${node.url} serves chain 31337, but this client is set up for chain 11155111. Nothing was sent.`,
        "network 'sepolia' must be chain 11155111: check SEPOLIA_RPC_URL or --rpc, or pick the --network that endpoint serves",
      );
      expect(await node.rpc<string>("eth_blockNumber")).to.equal(blockBefore);
    });

    it("the in-process hardhat network is explained, exit 1", async function () {
      expectOneError(
        await cli("deploy", "--network", "hardhat"),
        1,
        "the 'hardhat' network lives inside a Hardhat process and cannot be reached from the command line",
        "start a node with `npx hardhat node` in another shell and pass --network localhost",
      );
    });

    it("a testnet without an RPC URL says which variable to set, exit 1", async function () {
      expectOneError(
        await cli("deploy", "--network", "baseSepolia"),
        1,
        "no RPC URL for network 'baseSepolia'",
        /set BASE_SEPOLIA_RPC_URL=/,
      );
    });

    it("unreachable RPC: anchor fails with one line (exit 1); verify says `could not be checked` (exit 2), never invalid", async function () {
      const url = await deadUrl();
      const anchor = await bin("anchor", "batch-1", "--rpc", url, "--registry", HARDHAT_ACCOUNTS[1].address);
      expectOneError(anchor, 1, `could not reach ${url} to ask for its chain id`, /check the --rpc URL/);

      const verify = await cli("verify", "batch-1", "--rpc", url, "--json");
      expect(verify.code).to.equal(2);
      const report = json<VerifyJson>(verify);
      expect(report.summary).to.include({ total: 15, valid: 0, invalid: 0, error: 15, exitCode: 2 });
      expect(check(report.results[0], "anchor")).to.include({
        status: "error",
        code: "RPC_UNAVAILABLE",
      });
      const human = await cli("verify", credential(), "--rpc", url);
      expect(human.code).to.equal(2);
      expect(human.stdout).to.match(/^\? error {4}Amara Okafor/);
    });

    it("registry not found: exit 1 with the address and a fix", async function () {
      const nowhere = "0x000000000000000000000000000000000000dEaD";
      const run = await cli("anchor", "batch-1", "--network", "localhost", "--registry", nowhere, "--reanchor");
      expectOneError(
        run,
        1,
        `There is no CredentialRegistry at ${nowhere} on chain 31337.`,
        /credanchor deploy --network localhost/,
      );
    });

    it("not an issuer: a key without ISSUER_ROLE is refused before anything is sent, exit 1", async function () {
      const issued = await cli(
        "issue",
        "--template",
        path.join(FIXTURES, "templates", "telemedicine-nursing.json"),
        "--recipients",
        path.join(FIXTURES, "recipients", "nurses.csv"),
        "--out",
        "batch-2",
        ...ON_THIS_THREAD,
      );
      expect(issued.code).to.equal(0);
      const stranger = HARDHAT_ACCOUNTS[2];
      const run = await runCli(["anchor", "batch-2"], {
        cwd: dir,
        env: { LOCALHOST_RPC_URL: node.url, CREDANCHOR_PRIVATE_KEY: stranger.privateKey },
      });
      expectOneError(
        run,
        1,
        `Account ${stranger.address} does not hold ISSUER_ROLE, which anchor requires.`,
        /grant ISSUER_ROLE/,
      );
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, "batch-2", "manifest.json"), "utf8")) as object;
      expect(manifest).to.not.have.property("anchor");
    });
  });

  describe("issuer", function () {
    it("anchor refuses a batch whose issuer the registry's profile does not name, unless --force; set-profile fixes it (issue 12)", async function () {
      const other = path.join(dir, "placeholder-issuer");
      fs.mkdirSync(other);
      const here = (...args: string[]) => runCliInProcess(args, { cwd: other, env });
      expect((await here("init")).code).to.equal(0);
      expect((await here("deploy")).code).to.equal(0);
      const template = path.join(FIXTURES, "templates", "telemedicine-nursing.json");
      const recipients = path.join(FIXTURES, "recipients", "nurses.csv");
      const issue = (out: string) =>
        here("issue", "--template", template, "--recipients", recipients, "--out", out, ...ON_THIS_THREAD);
      expect((await issue("b")).code).to.equal(0);
      const issuerName = (JSON.parse(fs.readFileSync(template, "utf8")) as { issuer: { name: string } }).issuer.name;
      const fix =
        `if this registry belongs to that issuer, its admin sets the profile: \`credanchor set-profile --name '${issuerName}' --url https://nursing.example.edu\`; ` +
        "otherwise deploy a registry for it (`credanchor deploy --url https://nursing.example.edu --force`) or issue from a template whose issuer is https://issuer.example";
      const mismatch =
        "the registry's profile names https://issuer.example, but the credentials of b name their issuer https://nursing.example.edu; verifiers will report `issuer failed`";

      // A dry run sends nothing: it warns.
      const dry = await here("anchor", "b", "--dry-run");
      expect(dry.code).to.equal(0);
      expect(dry.stderr).to.equal(`warning: ${mismatch}.\n  fix: ${fix}\n`);

      // The real run refuses before anything is signed or sent.
      const refused = await runCli(["anchor", "b"], { cwd: other, env });
      expectOneError(refused, 1, `not anchored: ${mismatch}`, `${fix}; or pass --force to anchor anyway`);
      const manifest = JSON.parse(fs.readFileSync(path.join(other, "b", "manifest.json"), "utf8")) as object;
      expect(manifest).to.not.have.property("anchor");
      expect(fs.existsSync(path.join(other, "b", "anchor.journal.json"))).to.equal(false);

      // --force anchors anyway, with the warning.
      const forced = await here("anchor", "b", "--force");
      expect(forced.code, forced.stderr).to.equal(0);
      expect(forced.stderr).to.contain(`warning: ${mismatch}.`);

      // The admin sets the profile; the next batch anchors without a word.
      const set = await here("set-profile", "--name", issuerName, "--url", "https://nursing.example.edu", "--json");
      expect(set.code, set.stderr).to.equal(0);
      const setJson = JSON.parse(set.stdout) as { previous: { url: string }; profile: object; transactionHash: string };
      expect(setJson.previous.url).to.equal("https://issuer.example");
      expect(setJson.profile).to.deep.equal({ name: issuerName, url: "https://nursing.example.edu" });
      expect(setJson.transactionHash).to.match(/^0x[0-9a-f]{64}$/);
      expect((await issue("b2")).code).to.equal(0);
      const clean = await here("anchor", "b2");
      expect(clean.code, clean.stderr).to.equal(0);
      expect(clean.stderr).to.equal("");
      const again = await here("set-profile", "--name", issuerName, "--url", "https://nursing.example.edu");
      expect(again.code).to.equal(0);
      expect(again.stdout).to.contain("nothing was sent");
    });

    it("set-profile: --name and --url are required", async function () {
      expectOneError(await cli("set-profile", "--url", "https://x.example"), 2, "--name is required");
      expectOneError(await cli("set-profile", "--name", "X"), 2, "--url is required");
    });
  });

  describe("usage and output", function () {
    it("an unknown flag: exit 2; --json adds an error document on stdout", async function () {
      expectOneError(
        await bin("verify", "--nope", credential()),
        2,
        "unknown option '--nope'",
        "run `credanchor verify --help`",
      );
      const run = await bin("status", "nope.json", "--json");
      expect(run.code).to.equal(1);
      expect(json<{ error: { code: string; message: string } }>(run).error).to.deep.include({
        code: "CLI_INPUT",
        message: "nope.json: cannot read credential file: no such file",
      });
    });

    it("--debug adds the stack trace to an expected failure", async function () {
      const run = await bin("status", "nope.json", "--debug");
      expect(run.code).to.equal(1);
      expect(run.stderr)
        .to.match(/^\s+at /m)
        .and.to.include("code: CLI_INPUT");
    });

    it("the built file is the package's bin, starts with a node shebang and answers --help", async function () {
      const pkg = JSON.parse(fs.readFileSync(repoPath("package.json"), "utf8")) as {
        bin: Record<string, string>;
      };
      expect(repoPath(pkg.bin.credanchor)).to.equal(CLI);
      expect(fs.readFileSync(CLI, "utf8").startsWith("#!/usr/bin/env node\n")).to.equal(true);
      const run = await bin("--help");
      expect(run.code).to.equal(0);
      expect(run.stdout).to.include("Usage: credanchor <command> [options]");
    });
  });
});
