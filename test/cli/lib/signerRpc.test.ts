/**
 * `--signer-rpc`: credanchor sends through an external JSON-RPC signer started by the test (a small
 * HTTP server holding a Hardhat test key), reads no key from the environment, and says clearly when the
 * signer is unreachable, refuses, or is on another chain.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Hex } from "viem";
import type { AnchorJson } from "../../../cli/commands/anchor";
import type { VerifyJson } from "../../../cli/commands/verify";
import { KEYSTORE_PASSWORD_ENV, PRIVATE_KEY_ENV } from "../../../cli/lib/keys";
import { testIo } from "../../../cli/lib/testIo";
import { main } from "../../../cli/main";
import { HARDHAT_ACCOUNTS } from "../../helpers/hardhatNode";
import { deadUrl } from "../../helpers/ports";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import { startTestSigner, type TestSigner } from "../../helpers/jsonRpcSigner";
import { repoPath } from "../../helpers/repoRoot";
import { ON_THIS_THREAD } from "../../helpers/runCli";

const FIXTURES = repoPath("test", "fixtures");
const ADMIN = HARDHAT_ACCOUNTS[0];
const OPERATOR = HARDHAT_ACCOUNTS[1];

describe("cli: --signer-rpc (an external JSON-RPC signer holds the key)", function () {
  this.timeout(120_000);
  let node: SharedHardhatNode;
  let dir: string;
  const signers: TestSigner[] = [];
  /** Names the command read from its environment. */
  let read: Set<string>;
  const cli = async (env: Record<string, string>, ...argv: string[]) => {
    read = new Set();
    const watched = new Proxy(env, {
      get(target, name) {
        if (typeof name === "string") read.add(name);
        return target[name as string];
      },
    });
    const io = testIo({ cwd: dir, env: watched });
    const code = await main(argv, io);
    return { code, stdout: io.stdout.text(), stderr: io.stderr.text() };
  };
  const adminEnv = () => ({ LOCALHOST_RPC_URL: node.url, CREDANCHOR_PRIVATE_KEY: ADMIN.privateKey });
  const issue = async (out: string) => {
    const run = await cli(
      adminEnv(),
      "issue",
      "--template",
      path.join(FIXTURES, "templates", "telemedicine-nursing.json"),
      "--recipients",
      path.join(FIXTURES, "recipients", "nurses.csv"),
      "--out",
      out,
      ...ON_THIS_THREAD,
    );
    expect(run.code, run.stderr).to.equal(0);
  };
  const signer = async (options: Partial<Parameters<typeof startTestSigner>[0]> = {}) => {
    const started = await startTestSigner({ privateKey: OPERATOR.privateKey as Hex, nodeUrl: node.url, ...options });
    signers.push(started);
    return started;
  };

  before(async function () {
    node = await sharedHardhatNode();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-signer-"));
    for (const argv of [
      ["init", "--name", "Northbridge School of Nursing", "--url", "https://nursing.example.edu"],
      ["deploy"],
    ]) {
      const run = await cli(adminEnv(), ...argv);
      expect(run.code, run.stderr).to.equal(0);
    }
    expect((await cli(adminEnv(), "roles", "grant", "issuer", OPERATOR.address)).code).to.equal(0);
  });
  after(async function () {
    for (const s of signers) await s.close();
    await node?.release();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("anchors through eth_signTransaction (auto), broadcasts through the network's RPC, and reads no key", async function () {
    await issue("batch-1");
    const s = await signer();
    // A key IS in the environment (the admin's): it must not be read, let alone used.
    const run = await cli(adminEnv(), "anchor", "batch-1", "--signer-rpc", s.url, "--json");
    expect(run.code, run.stderr).to.equal(0);
    expect(read.has(PRIVATE_KEY_ENV)).to.equal(false);
    expect(read.has(KEYSTORE_PASSWORD_ENV)).to.equal(false);
    const anchored = JSON.parse(run.stdout) as AnchorJson;
    const hash = anchored.batches[0].anchor.transactionHash;
    const tx = await node.rpc<{ from: string }>("eth_getTransactionByHash", [hash]);
    expect(tx.from.toLowerCase()).to.equal(OPERATOR.address.toLowerCase());
    const methods = s.requests.map((r) => r.method);
    expect(methods).to.include("eth_accounts").and.to.include("eth_chainId");
    const signed = s.requests.filter((r) => r.method === "eth_signTransaction" && r.params.length > 0);
    expect(signed).to.have.length(1);
    expect(signed[0].params[0]).to.include({ from: OPERATOR.address, to: anchored.registry, chainId: "0x7a69" });
    expect(methods).to.not.include("eth_sendTransaction");
    const verify = await cli(adminEnv(), "verify", "batch-1", "--json");
    expect((JSON.parse(verify.stdout) as VerifyJson).summary).to.include({ total: 15, valid: 15 });
  });

  it("uses eth_sendTransaction when the signer has no eth_signTransaction (and with --signer-method send)", async function () {
    await issue("batch-2");
    const s = await signer({ withoutSignTransaction: true });
    const run = await cli({ LOCALHOST_RPC_URL: node.url }, "anchor", "batch-2", "--signer-rpc", s.url, "--json");
    expect(run.code, run.stderr).to.equal(0);
    const sent = s.requests.filter((r) => r.method === "eth_sendTransaction");
    expect(sent).to.have.length(1);
    expect(sent[0].params[0]).to.include({ from: OPERATOR.address });
    const hash = (JSON.parse(run.stdout) as AnchorJson).batches[0].anchor.transactionHash;
    expect((await node.rpc<{ from: string }>("eth_getTransactionByHash", [hash])).from.toLowerCase()).to.equal(
      OPERATOR.address.toLowerCase(),
    );

    await issue("batch-3");
    const forced = await signer();
    const again = await cli(
      { LOCALHOST_RPC_URL: node.url },
      "anchor",
      "batch-3",
      "--signer-rpc",
      forced.url,
      "--signer-method",
      "send",
    );
    expect(again.code, again.stderr).to.equal(0);
    expect(forced.requests.map((r) => r.method))
      .to.include("eth_sendTransaction")
      .and.not.include("eth_signTransaction");
  });

  it("errors: unreachable signer, a user who rejects, a signer on another chain, an account it does not hold", async function () {
    await issue("batch-4");
    const env = { LOCALHOST_RPC_URL: node.url };
    const closed = await deadUrl();
    const unreachable = await cli(env, "anchor", "batch-4", "--signer-rpc", closed);
    expect(unreachable.code).to.equal(1);
    expect(unreachable.stderr).to.include(`The signer at ${closed} did not answer eth_accounts`);

    const rejecting = await signer({ reject: true });
    const rejected = await cli(env, "anchor", "batch-4", "--signer-rpc", rejecting.url);
    expect(rejected.code).to.equal(1);
    expect(rejected.stderr).to.include(
      `The signer at ${rejecting.url} refused eth_signTransaction: User rejected the request`,
    );

    const mainnet = await signer({ chainId: 1 });
    const wrongChain = await cli(env, "anchor", "batch-4", "--signer-rpc", mainnet.url);
    expect(wrongChain.code).to.equal(1);
    expect(wrongChain.stderr).to.include(`The signer at ${mainnet.url} is on chain 1, but the network is chain 31337`);
    expect(mainnet.requests.map((r) => r.method)).to.not.include("eth_sendTransaction");

    const s = await signer();
    const other = await cli(env, "anchor", "batch-4", "--signer-rpc", s.url, "--from", ADMIN.address);
    expect(other.code).to.equal(1);
    expect(other.stderr).to.include(`does not hold ${ADMIN.address}`);
    // Nothing of batch-4 reached the chain.
    expect(fs.readFileSync(path.join(dir, "batch-4", "manifest.json"), "utf8")).to.not.include('"anchor"');
  });
});
