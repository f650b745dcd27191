/**
 * Keys never appear in output, logs or written files (issue 7, item 5). The `credanchor` command
 * line runs as real child processes against a `hardhat node`, with a known key: once from
 * CREDANCHOR_PRIVATE_KEY, once from an encrypted keystore (--keystore, password from
 * CREDANCHOR_KEYSTORE_PASSWORD). It goes through init, deploy, issue, anchor, revoke, roles and
 * verify, with --json and without, with --debug (stack traces and error details), and through
 * failing commands (a malformed key, an unknown root, a refused connection, a wrong password). Then
 * everything it printed and every file under its working directory (config, deployments, batch
 * folders, journals) is searched for the key (hex with and without 0x in any case, any 16-digit
 * run of it, base64, its bytes as a decimal list) and for the keystore passwords. None may appear.
 *
 * Every run with --debug, every failing run and every run that decrypts a keystore is a child
 * process of the built CLI (`dist/cli/index.js`, the one bundled file users run; built first when a
 * source is newer): what the process printed, stack traces and error causes included. The plain successful steps between them (init, issue, the --json reports, listing roles,
 * verify without a key) run the same command line through `main(argv, io)` in this process
 * (runCliInProcess), whose output is searched the same way: a spawned CLI costs ~0.5 s of CPU.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { HARDHAT_ACCOUNTS } from "../../helpers/hardhatNode";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import { childEnv, runNode, type ChildResult } from "../../helpers/nodeScripts";
import { listTree } from "../../helpers/batchState";
import { credentialFile } from "../../helpers/credentialFiles";
import { repoPath } from "../../helpers/repoRoot";
import { CLI, ensureBuilt, ON_THIS_THREAD, runCliInProcess } from "../../helpers/runCli";

const [issuer, operator, revoker] = HARDHAT_ACCOUNTS;

/** Credential `index` of the batch folder `batch` under `cwd`, relative to `cwd` (as the CLI is given it). */
const fileOf = (cwd: string, batch: string, index: number) =>
  path.relative(cwd, credentialFile(path.join(cwd, batch), index));
const FIXTURES = repoPath("test", "fixtures");
const PASSWORD = "correct horse";
const WRONG_PASSWORD = "battery staple";

/** Every form in which the key could leak, lower case (the haystack is lowered too). */
function secretsOf(privateKey: string): string[] {
  const hex = privateKey.slice(2).toLowerCase();
  const bytes = Buffer.from(hex, "hex");
  const forms = [hex, bytes.toString("base64").toLowerCase(), bytes.toString("base64url").toLowerCase()];
  // Any 16-digit (64-bit) run of the key: a shortened or split key is a leak too.
  for (let i = 0; i + 16 <= hex.length; i++) forms.push(hex.slice(i, i + 16));
  forms.push([...bytes.subarray(0, 8)].join(","), [...bytes.subarray(0, 8)].join(", "));
  return forms;
}

interface Run extends ChildResult {
  argv: string[];
}

describe("keys never appear in the CLI's output or files", function () {
  this.timeout(120_000);
  let node: SharedHardhatNode;
  let work: string;
  const runs: Run[] = [];
  const dirs: string[] = [];

  before(async function () {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-keys-"));
    // The built CLI, not a bundle of its own: the same file, without a second esbuild run per test run.
    ensureBuilt();
    node = await sharedHardhatNode();
  });

  after(async function () {
    await node?.release();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  /**
   * Runs `credanchor <argv>` in `cwd` (a child process, or in this process when `inProcess`) and
   * records the run for the final search.
   */
  async function credanchor(
    cwd: string,
    argv: string[],
    env: Record<string, string>,
    exit: number,
    inProcess = false,
  ): Promise<Run> {
    const result: ChildResult = inProcess
      ? { ...(await runCliInProcess(argv, { cwd, env: { LOCALHOST_RPC_URL: node.url, ...env } })), signal: null }
      : await runNode([CLI, ...argv], {
          cwd,
          env: childEnv({ LOCALHOST_RPC_URL: node.url, NO_COLOR: "1", ...env }),
          timeoutMs: 60_000,
        });
    const run = { ...result, argv };
    runs.push(run);
    expect(result.code, `credanchor ${argv.join(" ")}\n${result.stdout}${result.stderr}`).to.equal(exit);
    return run;
  }

  function workspace(name: string): string {
    const dir = path.join(work, name);
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(FIXTURES, "batch", "template.json"), path.join(dir, "template.json"));
    fs.copyFileSync(path.join(FIXTURES, "batch", "recipients.csv"), path.join(dir, "learners.csv"));
    dirs.push(dir);
    return dir;
  }

  const issueArgs = (out: string) => [
    "issue",
    "--template",
    "template.json",
    "--recipients",
    "learners.csv",
    "--out",
    out,
    ...ON_THIS_THREAD,
  ];
  const local = ["--network", "localhost"];

  it("with CREDANCHOR_PRIVATE_KEY: init, deploy, issue, anchor, revoke, roles, verify (text, --json, --debug) and failing commands", async function () {
    const cwd = workspace("env-key");
    const key = { CREDANCHOR_PRIVATE_KEY: issuer.privateKey };
    await credanchor(cwd, ["init", "--name", "Example University", "--url", "https://www.example.edu"], key, 0, true);
    const deployed = await credanchor(cwd, ["deploy", ...local, "--debug"], key, 0);
    expect(deployed.stdout).to.include("deployed CredentialRegistry");
    await credanchor(cwd, ["deploy", ...local, "--json"], key, 0, true);
    await credanchor(cwd, issueArgs("batch-1"), {}, 0, true);
    await credanchor(cwd, [...issueArgs("batch-2"), "--json", "--debug"], {}, 0);
    const anchored = await credanchor(cwd, ["anchor", "batch-1", ...local, "--debug"], key, 0);
    expect(anchored.stdout).to.include("anchored");
    await credanchor(cwd, ["anchor", "batch-2", ...local, "--json"], key, 0, true);
    await credanchor(cwd, ["revoke", fileOf(cwd, "batch-1", 1), "--reason", "test", ...local], key, 0, true);
    await credanchor(
      cwd,
      ["revoke", fileOf(cwd, "batch-1", 2), "--reason", "test", ...local, "--json", "--debug"],
      key,
      0,
    );
    const listed = await credanchor(cwd, ["roles", ...local], key, 0, true);
    expect(listed.stdout).to.include(`${issuer.address}  yes    yes     yes      (your key)`);
    await credanchor(cwd, ["roles", "grant", "issuer", operator.address, ...local, "--json", "--debug"], key, 0);
    await credanchor(cwd, ["roles", "list", operator.address, ...local, "--json"], key, 0, true);
    await credanchor(cwd, ["verify", "batch-1"], {}, 1, true); // two revoked credentials: invalid
    await credanchor(cwd, ["verify", "batch-2", "--json", "--debug"], {}, 0);

    // Failing commands, with the key in the environment and --debug printing stacks and causes.
    const unknownRoot = `0x${"11".repeat(32)}`;
    const refused = await credanchor(cwd, ["revoke-batch", unknownRoot, "--reason", "x", ...local, "--debug"], key, 1);
    expect(refused.stderr).to.include("error:");
    await credanchor(
      cwd,
      ["anchor", "batch-1", "--rpc", "http://127.0.0.1:9", "--registry", issuer.address, "--debug", "--json"],
      key,
      1,
    );
    // Not the operator's role to grant: a refused write, decoded, with the sender's address.
    await credanchor(
      cwd,
      ["roles", "grant", "revoker", revoker.address, ...local, "--debug"],
      { CREDANCHOR_PRIVATE_KEY: operator.privateKey },
      1,
    );
    // A malformed key (the real one with a stray digit) is refused without being echoed.
    const malformed = await credanchor(
      cwd,
      ["deploy", ...local, "--force", "--debug"],
      { CREDANCHOR_PRIVATE_KEY: `${issuer.privateKey}0` },
      1,
    );
    expect(malformed.stderr).to.include("CREDANCHOR_PRIVATE_KEY is not a private key");
  });

  it("with --keystore and CREDANCHOR_KEYSTORE_PASSWORD: deploy, anchor, revoke, roles, verify, and a wrong or missing password", async function () {
    const cwd = workspace("keystore");
    fs.copyFileSync(path.join(FIXTURES, "cli", "keystore-hardhat0.json"), path.join(cwd, "issuer-keystore.json"));
    const ks = ["--keystore", "issuer-keystore.json"];
    const password = { CREDANCHOR_KEYSTORE_PASSWORD: PASSWORD };
    await credanchor(
      cwd,
      ["init", "--name", "Example University", "--url", "https://www.example.edu", "--json"],
      {},
      0,
      true,
    );
    await credanchor(cwd, ["deploy", ...local, ...ks, "--debug"], password, 0);
    await credanchor(cwd, issueArgs("batch-k"), {}, 0, true);
    await credanchor(cwd, ["anchor", "batch-k", ...local, ...ks, "--json"], password, 0);
    await credanchor(
      cwd,
      ["revoke", fileOf(cwd, "batch-k", 3), "--reason", "test", ...local, ...ks, "--debug"],
      password,
      0,
    );
    const listed = await credanchor(cwd, ["roles", "list", ...local, ...ks], password, 0);
    expect(listed.stdout).to.include("(your key)");
    await credanchor(cwd, ["roles", "grant", "revoker", revoker.address, ...local, ...ks, "--json"], password, 0);
    await credanchor(cwd, ["verify", "batch-k", "--debug"], {}, 1);

    const wrong = await credanchor(
      cwd,
      ["anchor", "batch-k", ...local, ...ks, "--debug"],
      { CREDANCHOR_KEYSTORE_PASSWORD: WRONG_PASSWORD },
      1,
    );
    expect(wrong.stderr).to.include("wrong password");
    const none = await credanchor(cwd, ["roles", "transfer-admin", operator.address, ...local, ...ks, "--json"], {}, 1);
    expect(JSON.parse(none.stdout).error.message).to.equal("no password for keystore issuer-keystore.json");
  });

  it("nothing printed or written holds a key or a keystore password", function () {
    expect(runs.length, "the runs above happened").to.be.at.least(25);
    const secrets = [
      ...secretsOf(issuer.privateKey).map((form) => ({ what: "the issuer's key", form })),
      ...secretsOf(operator.privateKey).map((form) => ({ what: "the operator's key", form })),
      { what: "the keystore password", form: PASSWORD },
      { what: "the wrong keystore password", form: WRONG_PASSWORD },
    ];
    const leaks: string[] = [];
    const search = (where: string, text: string) => {
      const haystack = text.toLowerCase();
      for (const { what, form } of secrets) if (haystack.includes(form)) leaks.push(`${what} (${form}) in ${where}`);
    };
    let bytes = 0;
    for (const run of runs) {
      search(`stdout of credanchor ${run.argv.join(" ")}`, run.stdout);
      search(`stderr of credanchor ${run.argv.join(" ")}`, run.stderr);
      bytes += run.stdout.length + run.stderr.length;
    }
    let files = 0;
    for (const dir of dirs) {
      for (const relative of listTree(dir)) {
        const file = path.join(dir, relative);
        if (!fs.statSync(file).isFile()) continue;
        files++;
        search(file, fs.readFileSync(file, "latin1"));
      }
    }
    // The search covered real output: stack traces, JSON documents, credential files, journals.
    expect(bytes).to.be.greaterThan(20_000);
    expect(files).to.be.greaterThan(25);
    const names = dirs.flatMap((dir) => listTree(dir));
    expect(names).to.include.members([
      "credanchor.config.json",
      "deployments/localhost.json",
      "batch-1/anchor.journal.json",
      "batch-1/manifest.json",
    ]);
    expect(
      runs.some((run) => /^\s+at /m.test(run.stderr)),
      "some --debug run printed a stack",
    ).to.equal(true);
    expect(leaks).to.deep.equal([]);
  });
});
