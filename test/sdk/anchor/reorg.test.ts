/**
 * Chain reorganisations (issue 7, item 3) on a real `hardhat node`: the anchoring transaction is
 * removed from the chain with evm_snapshot / evm_revert (the node's blocks after the snapshot are
 * dropped, as in a reorg that orphans them) and empty blocks are mined in their place.
 *
 * Decided behaviour:
 * (a) anchorBatch waiting for its confirmations re-reads the root once the count is reached; the
 *     root is gone, so it settles its journaled transaction again (not mined, nonce unused: the
 *     same signed bytes are broadcast again), waits for the confirmations of the new inclusion and
 *     only then writes the record, which names the new block. Nothing is written before.
 * (b) a record written and then reorged away: the verifier reads the registry at the head and the
 *     root is not there, so `anchor` is `failed` (ANCHOR_ROOT_NOT_FOUND) and the verdict `invalid`, not
 *     `error`: the chain answered, and a credential whose root is not on chain is not anchored (the
 *     same answer a forged anchor record gets). anchorBatch refuses the stale record
 *     (StaleAnchorRecordError) unless allowReanchor is set; then it anchors again and replaces the
 *     record everywhere. Copies handed out with the old record verify `valid` again, because the
 *     verifier trusts the registry's record of the root, not the copy's block number.
 * (c) the verifier's `finality` check is `error` (FINALITY_PENDING: undecided, not `invalid`) while
 *     the anchoring block has fewer confirmations than required, and passes once enough are mined.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { HARDHAT_ACCOUNTS } from "../../helpers/hardhatNode";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import type { RegistryClient } from "../../../sdk/src/chain/createRegistryClient";
import { deployRegistry } from "../../../sdk/src/chain/actions/deployRegistry";
import { getBatch } from "../../../sdk/src/chain/actions/getBatch";
import { anchorBatch } from "../../../sdk/src/anchor/anchorBatch";
import type { AnchorProgress } from "../../../sdk/src/anchor/anchorBatches";
import { readJournal } from "../../../sdk/src/anchor/journal";
import { issueBatch } from "../../../sdk/src/batch/issueBatch";
import { StaleAnchorRecordError } from "../../../sdk/src/errors/anchor";
import { verifyCredential } from "../../../sdk/src/verify/verifyCredential";
import { verifyCredentialFiles } from "../../../sdk/src/verify/files";
import type { Address, Hex } from "../../../sdk/src/types";
import { batchAnchoredLogs, expectEveryCredential, readBatch, strayFiles } from "../../helpers/batchState";
import { localRegistryClient } from "../../helpers/localClient";
import { credentialFile } from "../../helpers/credentialFiles";
import { until } from "../../helpers/until";
import { check } from "../../helpers/checks";
import { repoPath } from "../../helpers/repoRoot";

const FIXTURES = repoPath("test", "fixtures", "batch");
const [issuer] = HARDHAT_ACCOUNTS;

describe("chain reorganisations (evm_snapshot / evm_revert on a hardhat node)", function () {
  this.timeout(60_000);
  let node: SharedHardhatNode;
  let client: RegistryClient;
  let registry: Address;
  let work: string;
  let serial = 0;

  before(async function () {
    node = await sharedHardhatNode();
    client = localRegistryClient(node.url, issuer.privateKey);
    ({ address: registry } = await deployRegistry(client, {
      admin: issuer.address,
      name: "Example University",
      url: "https://www.example.edu",
    }));
    work = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-reorg-"));
  });

  after(async function () {
    await node?.release();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  async function issue(): Promise<{ dir: string; root: Hex }> {
    const dir = path.join(work, `batch-${serial++}`);
    const { manifest } = await issueBatch({
      template: path.join(FIXTURES, "template.json"),
      recipients: path.join(FIXTURES, "recipients.csv"),
      outDir: dir,
      workers: 0,
      now: "2025-09-01T09:00:00Z",
    });
    return { dir, root: manifest.root };
  }

  const head = async () => Number(await node.rpc<string>("eth_blockNumber"));
  const mine = (blocks: number) => node.rpc("hardhat_mine", [`0x${blocks.toString(16)}`]);
  const rpc = () => ({ "eip155:31337": node.url }) as const;

  it("(a) a reorg while anchorBatch waits for confirmations: it notices the root is gone, anchors again and records the new inclusion only", async function () {
    const { dir, root } = await issue();
    const snapshot = await node.rpc<string>("evm_snapshot");
    const events: AnchorProgress[] = [];
    const running = anchorBatch(dir, {
      client,
      registry,
      confirmations: 3,
      droppedAfterMs: 200,
      onProgress: (e) => void events.push(e),
    });
    const anchored = () =>
      events.filter((e): e is Extract<AnchorProgress, { type: "anchored" }> => e.type === "anchored");
    await until(() => events.some((e) => e.type === "confirmations"), "the first confirmation", 30_000);
    const first = anchored()[0];
    expect(await batchAnchoredLogs(node, registry, root)).to.have.length(1);

    // The block holding the anchor is orphaned; the chain grows past the required depth without it.
    expect(await node.rpc<boolean>("evm_revert", [snapshot])).to.equal(true);
    expect(await batchAnchoredLogs(node, registry, root)).to.have.length(0);
    expect(await node.rpc("eth_getTransactionReceipt", [first.transactionHash])).to.equal(null);
    await mine(4);
    expect(await head()).to.be.at.least(first.blockNumber + 2);

    // anchorBatch finds the root gone, broadcasts the journaled transaction again and waits anew.
    await until(() => anchored().length >= 2, "the anchor to be sent again", 30_000);
    const second = anchored()[1];
    expect(second.blockNumber).to.be.greaterThan(first.blockNumber + 2);
    expect(readBatch(dir).manifest.anchor, "nothing is recorded before the confirmations").to.equal(undefined);
    expectEveryCredential(readBatch(dir), undefined);
    await mine(2);
    const result = await running;

    expect(result.anchor.blockNumber).to.equal(second.blockNumber);
    expect(result.anchor.transactionHash).to.equal(second.transactionHash);
    // The same signed transaction, broadcast again from the journal: no second nonce used.
    expect(second.transactionHash).to.equal(first.transactionHash);
    expect(events.filter((e) => e.type === "sent")).to.have.length(1);
    const logs = await batchAnchoredLogs(node, registry, root);
    expect(logs).to.have.length(1);
    expect(Number(logs[0].blockNumber)).to.equal(result.anchor.blockNumber);
    expect(logs[0].blockHash).to.not.equal(undefined);
    const batch = readBatch(dir);
    expect(batch.manifest.anchor).to.deep.equal(result.anchor);
    expectEveryCredential(batch, result.anchor);
    expect(strayFiles(dir)).to.deep.equal([]);
    expect((await readJournal(dir))?.state).to.equal("done");
    const verdicts = await verifyCredentialFiles([dir], { rpc: rpc(), minConfirmations: 3 });
    expect(verdicts.map((v) => v.status)).to.deep.equal(verdicts.map(() => "valid"));
  });

  it("(b) a recorded anchor reorged away: verify says `invalid` (anchor failed, root not on chain); anchorBatch refuses the stale record, re-anchors with allowReanchor, and old copies verify again", async function () {
    const { dir, root } = await issue();
    const snapshot = await node.rpc<string>("evm_snapshot");
    const first = await anchorBatch(dir, { client, registry, confirmations: 1 });
    const handedOut = fs.readFileSync(credentialFile(dir, 4), "utf8");
    expect((await verifyCredential(handedOut, { rpc: rpc(), minConfirmations: 1 })).status).to.equal("valid");

    expect(await node.rpc<boolean>("evm_revert", [snapshot])).to.equal(true);
    await mine(3);
    expect(await head()).to.be.at.least(first.anchor.blockNumber);
    expect((await getBatch(client, { registry, root })).anchored).to.equal(false);

    const gone = await verifyCredential(handedOut, { rpc: rpc(), minConfirmations: 1 });
    expect(gone.status).to.equal("invalid");
    expect(check(gone, "integrity").status).to.equal("passed");
    expect(check(gone, "inclusion").status).to.equal("passed");
    expect(check(gone, "anchor")).to.include({ status: "failed", code: "ANCHOR_ROOT_NOT_FOUND" });
    expect(check(gone, "anchor").message).to.include(root);
    for (const dependent of ["finality", "revocation", "suspension", "issuer"]) {
      expect(check(gone, dependent).status, dependent).to.equal("skipped");
    }

    const stale = (await anchorBatch(dir, { client, registry, confirmations: 1 }).catch(
      (e: unknown) => e,
    )) as StaleAnchorRecordError;
    expect(stale).to.be.instanceOf(StaleAnchorRecordError);
    expect([stale.root, stale.transactionHash]).to.deep.equal([root, first.anchor.transactionHash]);
    expect(stale.location).to.deep.equal({ file: path.join(dir, "manifest.json"), pointer: "/anchor" });
    expect(stale.fix).to.include("allowReanchor");
    expect(readBatch(dir).manifest.anchor, "a refused run writes nothing").to.deep.equal(first.anchor);
    expect(await batchAnchoredLogs(node, registry, root)).to.have.length(0);

    const again = await anchorBatch(dir, { client, registry, confirmations: 1, allowReanchor: true });
    expect(again.outcome).to.equal("sent");
    expect(again.anchor.blockNumber).to.be.greaterThan(first.anchor.blockNumber);
    const logs = await batchAnchoredLogs(node, registry, root);
    expect(logs).to.have.length(1);
    expect(logs[0].transactionHash).to.equal(again.anchor.transactionHash);
    const batch = readBatch(dir);
    expect(batch.manifest.anchor).to.deep.equal(again.anchor);
    expectEveryCredential(batch, again.anchor);
    expect((await readJournal(dir))?.anchor).to.deep.equal(again.anchor);

    // A copy handed out before the reorg still names the old block; the registry's record wins.
    const old = await verifyCredential(handedOut, { rpc: rpc(), minConfirmations: 1 });
    expect(old.status).to.equal("valid");
    expect(check(old, "anchor").details).to.include({
      anchoredBlock: again.anchor.blockNumber,
      recordedBlockNumber: first.anchor.blockNumber,
    });
  });

  it("(c) finality: too few confirmations is `error` (FINALITY_PENDING, undecided), enough confirmations pass", async function () {
    const { dir } = await issue();
    const { anchor } = await anchorBatch(dir, { client, registry, confirmations: 1 });
    const file = credentialFile(dir, 0);
    const text = fs.readFileSync(file, "utf8");

    const young = await verifyCredential(text, { rpc: rpc(), minConfirmations: 4 });
    expect(young.status).to.equal("error");
    expect(check(young, "anchor").status).to.equal("passed");
    const finality = check(young, "finality");
    expect(finality).to.include({ status: "error", code: "FINALITY_PENDING" });
    expect(finality.details).to.deep.equal({
      rule: "confirmations",
      confirmations: 1,
      required: 4,
      anchoredBlock: anchor.blockNumber,
      head: anchor.blockNumber,
    });
    expect(finality.message).to.include("1 of the 4 confirmations");
    for (const other of young.checks.filter((c) => c.check !== "finality")) {
      expect(other.status, other.check).to.be.oneOf(["passed", "skipped"]);
    }

    await mine(2);
    const almost = await verifyCredential(text, { rpc: rpc(), minConfirmations: 4 });
    expect(check(almost, "finality").details).to.include({ confirmations: 3, required: 4 });
    expect(almost.status).to.equal("error");

    await mine(1);
    const final = await verifyCredential(text, { rpc: rpc(), minConfirmations: 4 });
    expect(check(final, "finality")).to.include({ status: "passed", code: "FINALITY_OK" });
    expect(check(final, "finality").details).to.include({ confirmations: 4, required: 4 });
    expect(final.status).to.equal("valid");
  });
});
