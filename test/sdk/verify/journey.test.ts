/**
 * The issuer's and verifier's journey with the SDK's own functions end to end, against a real
 * `hardhat node`: issueBatch → deployRegistry → anchorBatch → verifyCredentialFiles → revoke one →
 * suspend / reinstate one → revoke the batch; plus a holder's redacted copy.
 */
import { expect } from "chai";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { anchorBatch } from "../../../sdk/src/anchor/anchorBatch";
import { issueBatch } from "../../../sdk/src/batch/issueBatch";
import { discloseCredential } from "../../../sdk/src/canonical/discloseCredential";
import { deployRegistry } from "../../../sdk/src/chain/actions/deployRegistry";
import { createRegistryClient, type RegistryClient } from "../../../sdk/src/chain/createRegistryClient";
import { createReadTransport } from "../../../sdk/src/chain/transport";
import { CredentialFileError } from "../../../sdk/src/errors/verify";
import { reinstateCredentials } from "../../../sdk/src/revoke/reinstateCredentials";
import { revokeBatches } from "../../../sdk/src/revoke/revokeBatches";
import { revokeCredentials } from "../../../sdk/src/revoke/revokeCredentials";
import { suspendCredentials } from "../../../sdk/src/revoke/suspendCredentials";
import type { Address } from "../../../sdk/src/types";
import { verifyCredential } from "../../../sdk/src/verify";
import { verifyCredentialFiles } from "../../../sdk/src/verify/files";
import { HARDHAT_ACCOUNTS } from "../../helpers/hardhatNode";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import { check } from "../../helpers/checks";
import { credentialFiles } from "../../helpers/credentialFiles";
import { repoPath } from "../../helpers/repoRoot";

const FIXTURES = repoPath("test", "fixtures", "batch");

describe("the journey: issue, anchor, verify, revoke, suspend, reinstate, revoke the batch", function () {
  this.timeout(120_000);
  let node: SharedHardhatNode;
  let client: RegistryClient;
  let registry: Address;
  let work: string;
  let batchDir: string;
  let files: string[];
  let rpc: { "eip155:31337": string };

  before(async function () {
    node = await sharedHardhatNode();
    client = createRegistryClient({
      chainId: 31337,
      rpcUrl: node.url,
      account: { privateKey: HARDHAT_ACCOUNTS[0].privateKey },
    });
    rpc = { "eip155:31337": node.url };
    work = await fs.mkdtemp(path.join(os.tmpdir(), "credanchor-journey-"));
    batchDir = path.join(work, "spring-cohort");
    await issueBatch({
      template: path.join(FIXTURES, "template.json"),
      recipients: path.join(FIXTURES, "recipients.csv"),
      outDir: batchDir,
      workers: 0,
    });
    // The template's issuer.url is https://www.example.edu: the registry's profile names it.
    ({ address: registry } = await deployRegistry(client, {
      admin: HARDHAT_ACCOUNTS[0].address,
      name: "Example University",
      url: "https://www.example.edu",
    }));
    files = credentialFiles(batchDir);
  });

  after(async function () {
    await node?.release();
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  it("an issued but unanchored batch does not verify: not yet anchored", async function () {
    const [first] = await verifyCredentialFiles([files[0]], { rpc });
    expect(first.status).to.equal("invalid");
    expect(check(first, "anchor")).to.deep.include({ status: "failed", code: "ANCHOR_RECORD_MISSING" });
    expect(first.file).to.equal(files[0]);
  });

  it("once anchored, every credential of the batch directory verifies valid, in 5 RPC requests", async function () {
    await anchorBatch(batchDir, { client, registry });
    const transport = createReadTransport({ chain: "eip155:31337", endpoints: [node.url] });
    const results = await verifyCredentialFiles([batchDir], { rpc: { "eip155:31337": transport } });
    expect(results).to.have.length(10);
    expect(results.map((r) => r.file)).to.deep.equal(files);
    for (const result of results) {
      expect(result.status, JSON.stringify(result.checks.filter((c) => c.status !== "passed"))).to.equal("valid");
    }
    expect(results[0].holder).to.equal("Ada Lovelace");
    expect(results[0].achievement).to.equal("Data Analytics Certificate");
    expect(transport.stats.requests).to.equal(5);
  });

  it("verifies a batch directory in slices through one transport, with indices and progress across slices", async function () {
    const transport = createReadTransport({ chain: "eip155:31337", endpoints: [node.url] });
    const progress: number[] = [];
    const results = await verifyCredentialFiles([batchDir], {
      rpc: { "eip155:31337": transport },
      filesPerSlice: 4,
      onProgress: (done, total) => {
        expect(total).to.equal(10);
        progress.push(done);
      },
    });
    expect(results.map((r) => r.index)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(results.map((r) => r.file)).to.deep.equal(files);
    expect(results.every((r) => r.status === "valid")).to.equal(true);
    expect(progress).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // one eth_chainId for the run; per slice: head, batch(root), statuses, profile
    expect(transport.stats.byMethod).to.deep.equal({ eth_chainId: 1, eth_blockNumber: 3, eth_call: 9 });
  });

  it("a revoked credential is invalid with revocation failed; the others stay valid", async function () {
    await revokeCredentials([files[1]], "issued-in-error", { client, registry });
    const results = await verifyCredentialFiles([batchDir], { rpc });
    expect(results.map((r) => r.status)).to.deep.equal([
      "valid",
      "invalid",
      ...Array.from({ length: 8 }, () => "valid"),
    ]);
    expect(check(results[1], "revocation")).to.deep.include({
      status: "failed",
      code: "REVOCATION_CREDENTIAL_REVOKED",
    });
    const revocation = check(results[1], "revocation");
    expect(revocation.message).to.match(/^Revoked by the issuer on \d{4}-\d\d-\d\d: issued-in-error$/);
    expect(revocation.details).to.deep.include({ reason: "issued-in-error" });
    const revokedAt = (revocation.details as { revokedAt: string }).revokedAt;
    expect(revokedAt).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(revocation.message).to.contain(` on ${revokedAt.slice(0, 10)}: `);
  });

  it("a suspended credential is invalid until reinstated", async function () {
    await suspendCredentials([files[2]], "under-review", { client, registry });
    let [result] = await verifyCredentialFiles([files[2]], { rpc });
    expect(result.status).to.equal("invalid");
    expect(check(result, "suspension")).to.deep.include({
      status: "failed",
      code: "SUSPENSION_SUSPENDED",
    });
    expect(check(result, "suspension").message).to.match(
      /^Suspended by the issuer on \d{4}-\d\d-\d\d: under-review\. A suspension can be lifted: check again later\.$/,
    );
    expect(check(result, "suspension").details).to.deep.include({ reason: "under-review" });

    await reinstateCredentials([files[2]], "review-passed", { client, registry });
    [result] = await verifyCredentialFiles([files[2]], { rpc });
    expect(result.status).to.equal("valid");
  });

  it("a holder's redacted copy still verifies", async function () {
    const credential = JSON.parse(await fs.readFile(files[4], "utf8")) as object;
    const shared = discloseCredential(credential, ["/credentialSubject/result", "/credentialSubject/name"]);
    expect(shared).to.not.have.nested.property("credentialSubject.result");
    const result = await verifyCredential(JSON.stringify(shared), { rpc });
    expect(result.status).to.equal("valid");
  });

  it("after revokeBatch every credential is invalid, with the batch's revocation", async function () {
    await revokeBatches([batchDir], "programme-withdrawn", { client, registry });
    const results = await verifyCredentialFiles([batchDir], { rpc });
    for (const result of results) {
      expect(result.status).to.equal("invalid");
      expect(check(result, "revocation")).to.deep.include({ status: "failed", code: "REVOCATION_BATCH_REVOKED" });
      expect(check(result, "revocation").message).to.match(
        /^Revoked by the issuer on \d{4}-\d\d-\d\d \(the whole batch\): programme-withdrawn$/,
      );
    }
  });

  it("refuses a path that does not exist before verifying anything", async function () {
    const missing = path.join(work, "nope.json");
    const error = await verifyCredentialFiles([files[0], missing], { rpc }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CredentialFileError);
    expect((error as CredentialFileError).file).to.equal(missing);
    expect((error as CredentialFileError).shortMessage).to.equal(`cannot read ${missing}: no such file or directory`);
  });
});
