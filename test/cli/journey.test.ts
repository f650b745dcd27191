/**
 * The issuer's journey through the BUILT command line against a real `hardhat node` on a loopback
 * port: init, deploy, issue, anchor, verify, revoke, verify again, disclose, suspend and reinstate,
 * revoke-batch. Each step checks the exit code, the --json shape and what a person reads.
 *
 * Every command of the journey runs at least once as the built executable (`cli`, a child process:
 * exit code, stdout, stderr, no private key in them); the repeats (a second deploy or anchor, the
 * other output form of a command already run, the verify after each change) run the same command
 * line through `main(argv, io)` in this process (`again`, runCliInProcess: same exit code, same
 * lines), since a spawned CLI costs ~0.6 s of CPU to load the SDK.
 */
import { REGISTRY_COMPILER, type DeploymentRecord } from "../../sdk/src/chain/deploymentRecord";
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AnchorDryRunJson, AnchorJson } from "../../cli/commands/anchor";
import type { DeployJson } from "../../cli/commands/deploy";
import type { DiscloseJson } from "../../cli/commands/disclose";
import type { IssueJson } from "../../cli/commands/issue";
import type { ChangeStatusJson } from "../../cli/commands/revoke";
import type { RevokeBatchJson } from "../../cli/commands/revokeBatch";
import type { StatusJson } from "../../cli/commands/status";
import type { VerifyJson } from "../../cli/commands/verify";
import { HARDHAT_ACCOUNTS } from "../helpers/hardhatNode";
import { sharedHardhatNode, type SharedHardhatNode } from "../helpers/sharedHardhatNode";
import { ensureBuilt, FIXTURES, json, runCli, runCliInProcess } from "../helpers/runCli";
import { credentialFile } from "../helpers/credentialFiles";
import { check } from "../helpers/checks";

const ISSUER_KEY = HARDHAT_ACCOUNTS[0].privateKey;

describe("cli end to end: the issuer journey", function () {
  let node: SharedHardhatNode;
  let dir: string;
  let env: Record<string, string>;
  /** The built executable. */
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env });
  /** The same command line in this process. */
  const inProcess = (...args: string[]) => runCliInProcess(args, { cwd: dir, env });
  const credential = (index: number) => path.relative(dir, credentialFile(path.join(dir, "batch-1"), index));

  before(async function () {
    ensureBuilt();
    node = await sharedHardhatNode();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-journey-"));
    env = { LOCALHOST_RPC_URL: node.url, CREDANCHOR_PRIVATE_KEY: ISSUER_KEY };
  });
  after(async function () {
    await node?.release();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  let registry: string;
  let root: string;

  it("init writes the config with the issuer of the nursing template", async function () {
    const run = await cli("init", "--name", "Northbridge School of Nursing", "--url", "https://nursing.example.edu");
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.include("wrote credanchor.config.json");
    const config = JSON.parse(fs.readFileSync(path.join(dir, "credanchor.config.json"), "utf8")) as {
      issuer: { name: string; url: string };
      defaultNetwork: string;
    };
    expect(config.issuer).to.include({ name: "Northbridge School of Nursing", url: "https://nursing.example.edu" });
    expect(config.defaultNetwork).to.equal("localhost");
  });

  it("deploy records the registry in deployments/localhost.json, and a second deploy sends nothing", async function () {
    const run = await cli("deploy", "--json");
    expect(run.code, run.stderr).to.equal(0);
    const deployed = json<DeployJson>(run);
    expect(deployed).to.include({
      network: "localhost",
      chainId: 31337,
      deployed: true,
      name: "Northbridge School of Nursing",
    });
    expect(deployed.address).to.match(/^0x[0-9a-fA-F]{40}$/);
    expect(deployed.admin).to.equal(HARDHAT_ACCOUNTS[0].address);
    registry = deployed.address;
    const record = JSON.parse(
      fs.readFileSync(path.join(dir, "deployments", "localhost.json"), "utf8"),
    ) as DeploymentRecord;
    const block = await node.rpc<{ timestamp: string }>("eth_getBlockByNumber", [
      `0x${deployed.blockNumber!.toString(16)}`,
      false,
    ]);
    // The documented record (docs/SPEC.md 6.9), as the Hardhat task writes it; deployedAt from the block.
    expect(record).to.deep.equal({
      network: "localhost",
      chainId: 31337,
      contract: "CredentialRegistry",
      address: registry,
      transactionHash: deployed.transactionHash,
      blockNumber: deployed.blockNumber,
      deployer: HARDHAT_ACCOUNTS[0].address,
      admin: HARDHAT_ACCOUNTS[0].address,
      args: { admin: HARDHAT_ACCOUNTS[0].address, name: deployed.name, url: deployed.url },
      compiler: REGISTRY_COMPILER,
      contractVersion: "1.0.0",
      deployedAt: new Date(Number(BigInt(block.timestamp)) * 1000).toISOString().replace(".000Z", "Z"),
    });
    expect(await node.rpc<string>("eth_getCode", [registry, "latest"])).to.not.equal("0x");

    const again = await inProcess("deploy");
    expect(again.code).to.equal(0);
    expect(again.stdout).to.include(`localhost already has a registry: ${registry}`).and.to.include("nothing sent");
  });

  it("issue builds the batch offline, with no progress bar when stderr is not a terminal", async function () {
    const run = await cli(
      "issue",
      "--template",
      path.join(FIXTURES, "templates", "telemedicine-nursing.json"),
      "--recipients",
      path.join(FIXTURES, "recipients", "nurses.csv"),
      "--out",
      "batch-1",
      "--json",
    );
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.equal("");
    const issued = json<IssueJson>(run);
    expect(issued.batchDir).to.equal("batch-1");
    expect(issued.manifest.leafCount).to.equal(15);
    expect(issued.manifest.anchor).to.equal(undefined);
    root = issued.manifest.root;
    expect(fs.readdirSync(path.join(dir, "batch-1", "credentials"))).to.have.length(15);
  });

  it("verify before anchoring: every credential is invalid with `anchor failed`, exit 1", async function () {
    const run = await cli("verify", "batch-1", "--json");
    expect(run.code).to.equal(1);
    const report = json<VerifyJson>(run);
    expect(report.summary).to.deep.equal({ total: 15, valid: 0, invalid: 15, error: 0, notCredential: 0, exitCode: 1 });
    const anchorCheck = check(report.results[0], "anchor");
    expect(anchorCheck).to.include({ status: "failed", code: "ANCHOR_RECORD_MISSING" });
  });

  it("anchor --dry-run prices the transaction and sends nothing", async function () {
    const blockBefore = await node.rpc<string>("eth_blockNumber");
    const run = await inProcess("anchor", "batch-1", "--dry-run", "--json");
    expect(run.code, run.stderr).to.equal(0);
    const dry = json<AnchorDryRunJson>(run);
    expect(dry).to.include({
      dryRun: true,
      network: "localhost",
      chainId: 31337,
      registry,
      from: HARDHAT_ACCOUNTS[0].address,
    });
    expect(dry.batches).to.deep.equal([{ batchDir: "batch-1", root, leafCount: 15, onChain: false }]);
    expect(dry.transaction?.functionName).to.equal("anchor");
    const gas = BigInt(dry.transaction!.gas);
    expect(gas > 40_000n && gas < 60_000n, `gas ${gas}`).to.equal(true);
    expect(BigInt(dry.transaction!.cost)).to.equal(
      gas * (BigInt(dry.transaction!.baseFeePerGas) + BigInt(dry.transaction!.maxPriorityFeePerGas)),
    );
    expect(dry.transaction!.l1Fee).to.equal("0"); // no L1 data fee on an L1
    expect(await node.rpc<string>("eth_blockNumber")).to.equal(blockBefore);

    const human = await inProcess("anchor", "batch-1", "--dry-run");
    expect(human.stdout).to.include("nothing was sent").and.to.include("at the current fee").and.to.include("ETH");
  });

  it("anchor sends one transaction and writes the anchor record into every file", async function () {
    const run = await cli("anchor", "batch-1", "--json");
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.equal("");
    const anchored = json<AnchorJson>(run);
    expect(anchored).to.include({ network: "localhost", chainId: 31337, registry });
    expect(anchored.batches).to.have.length(1);
    expect(anchored.batches[0]).to.include({ batchDir: "batch-1", root, outcome: "sent", filesWritten: 15 });
    expect(anchored.batches[0].anchor).to.include({ chain: "eip155:31337", registry });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "batch-1", "manifest.json"), "utf8")) as {
      anchor: { transactionHash: string };
    };
    expect(manifest.anchor.transactionHash).to.equal(anchored.batches[0].anchor.transactionHash);

    const again = await inProcess("anchor", "batch-1");
    expect(again.code).to.equal(0);
    expect(again.stdout).to.include("already anchored and recorded; nothing to do");
  });

  it("verify: all 15 valid, exit 0, every check passed; the human output names holder, achievement and issuer", async function () {
    const run = await inProcess("verify", "batch-1", "--json");
    expect(run.code, run.stdout).to.equal(0);
    const report = json<VerifyJson>(run);
    expect(report.summary).to.deep.equal({ total: 15, valid: 15, invalid: 0, error: 0, notCredential: 0, exitCode: 0 });
    expect(report.rpcRequests["eip155:31337"]).to.be.greaterThan(0);
    const first = report.results[0];
    expect(first).to.include({
      file: credential(0),
      verdict: "valid",
      status: "valid",
      holder: "Amara Okafor",
      achievement: "Telemedicine Nursing Specialization",
    });
    expect(first.checks.map((check) => check.check)).to.deep.equal([
      "format",
      "integrity",
      "inclusion",
      "anchor",
      "finality",
      "revocation",
      "suspension",
      "validity",
      "issuer",
      "signature",
      "components",
    ]);
    // eip155:31337: every check passed but the issuer check (the local development chain's accepted skip), the
    // signature check (the fixtures are not signed) and the components check (no stack).
    expect(first.checks.filter((check) => check.status !== "passed").map((check) => check.code)).to.deep.equal([
      "ISSUER_NOT_CHECKED_LOCAL_CHAIN",
      "SIGNATURE_ABSENT",
      "COMPONENTS_NOT_A_STACK",
    ]);

    const human = await cli("verify", "batch-1");
    expect(human.code).to.equal(0);
    expect(human.stdout).to.include(
      `✔ valid (local chain)  Amara Okafor · Telemedicine Nursing Specialization · Northbridge School of Nursing (fictional)  ${credential(0)}`,
    );
    expect(human.stdout).to.match(/15 credentials: 15 valid \(\d+\.\d s\)\n$/);
  });

  it("revoke one credential: verify says invalid with `revocation failed`, exit 1; the others stay valid", async function () {
    const run = await cli("revoke", credential(3), "--reason", "issued-in-error", "--json");
    expect(run.code, run.stderr).to.equal(0);
    const revoked = json<ChangeStatusJson>(run);
    expect(revoked.operation).to.equal("revoke");
    expect(revoked.registries).to.have.length(1);
    expect(revoked.registries[0]).to.include({ chainId: 31337, registry, requested: 1, alreadyDone: 0, changed: 1 });
    expect(revoked.registries[0].transactions).to.have.length(1);

    const again = await inProcess("revoke", credential(3), "--reason", "issued-in-error", "--json");
    expect(json<ChangeStatusJson>(again).registries[0]).to.include({ changed: 0, alreadyDone: 1 });

    const verify = await inProcess("verify", "batch-1");
    expect(verify.code).to.equal(1);
    expect(verify.stdout).to.include(`✘ invalid  Daniela Souza · Telemedicine Nursing Specialization`);
    expect(verify.stdout).to.include("revocation failed: ");
    expect(verify.stdout).to.match(/15 credentials: 14 valid, 1 invalid/);

    const report = json<VerifyJson>(await inProcess("verify", "batch-1", "--json"));
    const bad = report.results.filter((result) => result.verdict !== "valid");
    expect(bad.map((result) => result.file)).to.deep.equal([credential(3)]);
    expect(check(bad[0], "revocation")).to.include({
      status: "failed",
      code: "REVOCATION_CREDENTIAL_REVOKED",
    });

    const status = json<StatusJson>(await cli("status", credential(3), "--json"));
    expect(status).to.deep.include({ chainId: 31337, registry, root, credential: { index: 3, status: "Revoked" } });
    expect(status.batch).to.include({ anchored: true, leafCount: 15, revokedAt: null });
  });

  it("disclose hides fields; the shared copy verifies valid and says which fields are hidden", async function () {
    const list = await inProcess("disclose", credential(0), "--list");
    expect(list.code).to.equal(0);
    expect(list.stdout).to.include("/credentialSubject/result").and.to.include("/credentialSubject/identifier");

    const run = await cli(
      "disclose",
      credential(0),
      "--hide",
      "/credentialSubject/identifier",
      "--hide",
      "/credentialSubject/result",
      "--out",
      "shared.json",
      "--json",
    );
    expect(run.code, run.stderr).to.equal(0);
    const disclosed = json<DiscloseJson>(run);
    expect(disclosed).to.deep.equal({
      file: credential(0),
      out: "shared.json",
      hidden: ["/credentialSubject/identifier", "/credentialSubject/result"],
      // every value inside the two objects: the count verify and the page report for the copy
      hiddenFields: disclosed.hiddenFields,
      signatureRemoved: false, // unsigned batch: there was no signature to remove
    });
    expect(disclosed.hiddenFields).to.be.greaterThan(2);
    const shared = JSON.parse(fs.readFileSync(path.join(dir, "shared.json"), "utf8")) as {
      credentialSubject: Record<string, unknown>;
    };
    expect(shared.credentialSubject).to.not.have.property("result");
    expect(shared.credentialSubject).to.not.have.property("identifier");

    const verify = await inProcess("verify", "shared.json");
    expect(verify.code, verify.stdout).to.equal(0);
    expect(verify.stdout)
      .to.include("✔ valid on a local development chain, issuer not checked:  Amara Okafor")
      .and.to.match(/✔ integrity .*[0-9]+ values? the holder hid (is|are) accounted for/);

    // The shared copy is not overwritten without --force.
    const refused = await inProcess(
      "disclose",
      credential(0),
      "--hide",
      "/credentialSubject/result",
      "--out",
      "shared.json",
    );
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.equal(
      "error: shared.json already exists\n  fix: choose another --out, or pass --force to replace it\n",
    );
  });

  it("suspend makes a credential invalid until reinstate", async function () {
    expect((await cli("suspend", credential(4), "--reason", "under-review")).code).to.equal(0);
    const suspended = json<VerifyJson>(await inProcess("verify", credential(4), "--json"));
    expect(check(suspended.results[0], "suspension")).to.include({
      status: "failed",
      code: "SUSPENSION_SUSPENDED",
    });
    expect(suspended.summary.exitCode).to.equal(1);
    const reinstated = await cli("reinstate", credential(4));
    expect(reinstated.code, reinstated.stderr).to.equal(0);
    expect(reinstated.stdout).to.include("1 credential reinstated");
    expect((await inProcess("verify", credential(4))).code).to.equal(0);
  });

  it("revoke-batch revokes every credential of the batch at once", async function () {
    const run = await cli("revoke-batch", "batch-1", "--reason", "wrong-cohort", "--json");
    expect(run.code, run.stderr).to.equal(0);
    const revoked = json<RevokeBatchJson>(run);
    expect(revoked).to.include({ chainId: 31337, registry });
    expect(revoked.batches).to.have.length(1);
    expect(revoked.batches[0]).to.include({ root, outcome: "revoked" });
    const report = json<VerifyJson>(await inProcess("verify", "batch-1", "shared.json", "--json"));
    expect(report.summary).to.include({ total: 16, valid: 0, invalid: 16, exitCode: 1 });
    const codes = new Set(report.results.map((r) => r.checks.find((check) => check.check === "revocation")?.code));
    expect([...codes]).to.have.members(["REVOCATION_BATCH_REVOKED"]);
    const status = json<StatusJson>(await inProcess("status", "batch-1", "--json"));
    expect(status.batch.revokedAt).to.match(/^\d{4}-\d\d-\d\dT/);
  });
});
