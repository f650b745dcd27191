/**
 * Revocation by credential against a real `hardhat node`: word masks, splitting under the gas budget,
 * idempotent retries, file-path targets, suspend/reinstate, whole batches.
 */
import { expect } from "chai";
import fs from "node:fs/promises";
import path from "node:path";
import type { Hex } from "viem";
import { HARDHAT_ACCOUNTS } from "../../helpers/hardhatNode";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import type { RegistryClient } from "../../../sdk/src/chain/createRegistryClient";
import { deployRegistry } from "../../../sdk/src/chain/actions/deployRegistry";
import { anchor } from "../../../sdk/src/chain/actions/anchor";
import { revoke } from "../../../sdk/src/chain/actions/revoke";
import { getCredentialStatuses } from "../../../sdk/src/chain/actions/getCredentialStatuses";
import { getCredentialStatus } from "../../../sdk/src/chain/actions/getCredentialStatus";
import { getBatch } from "../../../sdk/src/chain/actions/getBatch";
import { getStatusWords } from "../../../sdk/src/chain/actions/getStatusWords";
import { credentialRegistryAbi } from "../../../sdk/src/chain/registryArtifact";
import { anchorBatch } from "../../../sdk/src/anchor/anchorBatch";
import { revokeCredentials } from "../../../sdk/src/revoke/revokeCredentials";
import { suspendCredentials } from "../../../sdk/src/revoke/suspendCredentials";
import { reinstateCredentials } from "../../../sdk/src/revoke/reinstateCredentials";
import { revokeBatches } from "../../../sdk/src/revoke/revokeBatches";
import { encodeReason } from "../../../sdk/src/chain/reason";
import {
  BatchAlreadyRevokedError,
  IndexOutOfRangeError,
  InvalidReasonError,
  InvalidTargetError,
  UnknownRootError,
} from "../../../sdk/src/errors/registry";
import { randomRoot, tempDir, writeFixtureBatch } from "../../helpers/fixtureBatch";
import { localRegistryClient } from "../../helpers/localClient";

const [issuer] = HARDHAT_ACCOUNTS;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("revokeCredentials against a real hardhat node", function () {
  let node: SharedHardhatNode;
  let client: RegistryClient;
  let registry: `0x${string}`;
  let work: string;

  const nonce = () => client.publicClient.getTransactionCount({ address: issuer.address, blockTag: "latest" });

  before(async function () {
    node = await sharedHardhatNode();
    client = localRegistryClient(node.url, issuer.privateKey);
    ({ address: registry } = await deployRegistry(client, { admin: issuer.address, name: "E", url: "https://e" }));
    work = await tempDir();
  });

  after(async function () {
    await node?.release();
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  it("splits a revocation spanning 100 words into transactions under the gas budget; a retry sends nothing", async function () {
    const root = randomRoot();
    const leafCount = 25_600;
    await anchor(client, { registry, root, leafCount });
    // Every third credential, plus a few duplicates, in no particular order.
    const indices = Array.from({ length: leafCount }, (_, i) => i).filter((i) => i % 3 === 0);
    const targets = [...indices.reverse(), 0, 3, 25_599].map((index) => ({ root, index }));
    // Some were revoked before: they are reported as already done and not sent again.
    await revoke(client, { registry, root, wordIndices: [0], masks: [1n | (1n << 3n)], reason: "earlier" });

    const result = await revokeCredentials(targets, "superseded", {
      client,
      registry,
      maxGasPerTransaction: 1_000_000,
    });
    expect(result.requested).to.equal(indices.length);
    expect(result.alreadyDone).to.equal(2);
    expect(result.changed).to.equal(indices.length - 2);
    expect(result.reason).to.equal(encodeReason("superseded"));
    expect(result.transactions.length).to.be.greaterThan(2);
    expect(result.transactions.reduce((sum, t) => sum + t.words, 0)).to.equal(100);
    for (const tx of result.transactions) {
      expect(tx.gasUsed <= 1_000_000n, `gas ${tx.gasUsed}`).to.equal(true);
      const receipt = await client.publicClient.getTransactionReceipt({ hash: tx.transactionHash });
      expect(receipt.status).to.equal("success");
    }

    // Every word holds exactly the bits of every third credential.
    const words = await Promise.all(
      Array.from({ length: 100 }, (_, wordIndex) => getStatusWords(client, { registry, root, wordIndex })),
    );
    const expectedWord = (wordIndex: number) => {
      let mask = 0n;
      for (let bit = 0; bit < 256; bit++) if ((wordIndex * 256 + bit) % 3 === 0) mask |= 1n << BigInt(bit);
      return mask;
    };
    expect(words.findIndex((w, i) => w.revoked !== expectedWord(i) || w.suspended !== 0n)).to.equal(-1);
    const sample = [
      ...Array.from({ length: 300 }, (_, i) => i),
      ...Array.from({ length: 300 }, (_, i) => leafCount - 300 + i),
    ];
    const statuses = await getCredentialStatuses(client, {
      registry,
      credentials: sample.map((index) => ({ root, index })),
    });
    expect(statuses.findIndex((status, i) => status !== (sample[i] % 3 === 0 ? "Revoked" : "Valid"))).to.equal(-1);

    const before = await nonce();
    const retry = await revokeCredentials(targets, "superseded", { client, registry, maxGasPerTransaction: 1_000_000 });
    expect(retry.transactions).to.deep.equal([]);
    expect([retry.alreadyDone, retry.changed]).to.deep.equal([indices.length, 0]);
    expect(await nonce()).to.equal(before);
  });

  it("under the default budget (10M gas), 400 new words take two transactions", async function () {
    const root = randomRoot();
    await anchor(client, { registry, root, leafCount: 400 * 256 });
    const targets = Array.from({ length: 400 }, (_, word) => ({ root, index: word * 256 + (word % 256) }));
    const result = await revokeCredentials(targets, "", { client, registry });
    expect(result.transactions).to.have.length(2);
    for (const tx of result.transactions) expect(tx.gasUsed <= 10_000_000n, `gas ${tx.gasUsed}`).to.equal(true);
    expect(result.changed).to.equal(400);
    const logs = await client.publicClient.getContractEvents({
      address: registry,
      abi: credentialRegistryAbi,
      eventName: "CredentialsRevoked",
      args: { root },
      fromBlock: 0n,
    });
    expect(logs).to.have.length(400);
    expect(logs[399].args).to.deep.include({ wordIndex: 399n, bits: 1n << 143n });
  });

  it("takes credential file paths; suspends and reinstates; checks everything before sending", async function () {
    const { dir, root } = await writeFixtureBatch(work, "files", { leafCount: 5 });
    await anchorBatch(dir, { client, registry });
    const file = (i: number) => path.join(dir, "credentials", `00000${i}.json`);

    const revoked = await revokeCredentials([file(1), { root, index: 3 }], "issued-in-error", { client, registry });
    expect(revoked.changed).to.equal(2);
    expect(revoked.transactions).to.have.length(1);
    const event = (
      await client.publicClient.getContractEvents({
        address: registry,
        abi: credentialRegistryAbi,
        eventName: "CredentialsRevoked",
        args: { root },
        fromBlock: 0n,
      })
    )[0];
    expect(event.args).to.deep.equal({ root, wordIndex: 0n, bits: 0b1010n, reason: encodeReason("issued-in-error") });

    await suspendCredentials([file(0)], "under-review", { client, registry });
    expect(await getCredentialStatus(client, { registry, root, index: 0 })).to.equal("Suspended");
    const lifted = await reinstateCredentials([file(0), file(2)], "cleared", { client, registry });
    expect([lifted.changed, lifted.alreadyDone]).to.deep.equal([1, 1]);
    expect(await getCredentialStatus(client, { registry, root, index: 0 })).to.equal("Valid");

    const before = await nonce();
    const tooLong = await rejection(revokeCredentials([file(4)], "x".repeat(32), { client, registry }));
    expect(tooLong).to.be.instanceOf(InvalidReasonError);
    const outOfRange = (await rejection(
      revokeCredentials([file(4), { root, index: 5 }], "r", { client, registry }),
    )) as IndexOutOfRangeError;
    expect(outOfRange).to.be.instanceOf(IndexOutOfRangeError);
    expect([outOfRange.index, outOfRange.leafCount]).to.deep.equal([5, 5]);
    const unknown = randomRoot();
    const notAnchored = (await rejection(
      revokeCredentials([{ root: unknown, index: 0 }], "r", { client, registry }),
    )) as UnknownRootError;
    expect(notAnchored).to.be.instanceOf(UnknownRootError);
    expect(notAnchored.root).to.equal(unknown);
    const missing = (await rejection(
      revokeCredentials([path.join(dir, "nope.json")], "r", { client, registry }),
    )) as InvalidTargetError;
    expect(missing).to.be.instanceOf(InvalidTargetError);
    expect(missing.location?.file).to.equal(path.join(dir, "nope.json"));
    const { address: other } = await deployRegistry(client, { admin: issuer.address, name: "O", url: "https://o" });
    const elsewhere = (await rejection(
      revokeCredentials([file(4)], "r", { client, registry: other }),
    )) as InvalidTargetError;
    expect(elsewhere).to.be.instanceOf(InvalidTargetError);
    expect(elsewhere.location?.pointer).to.equal("/proof/0/anchor");
    expect(await getCredentialStatus(client, { registry, root, index: 4 })).to.equal("Valid");
    // `other` was deployed in between: one transaction, and none of the refused revocations.
    expect(await nonce()).to.equal(before + 1);
  });

  it("revokeBatches revokes whole batches by directory or root, skips those already revoked", async function () {
    const { dir, root } = await writeFixtureBatch(work, "whole", { leafCount: 2 });
    await anchorBatch(dir, { client, registry });
    const second: Hex = randomRoot();
    await anchor(client, { registry, root: second, leafCount: 9 });

    const results = await revokeBatches([dir, second], "withdrawn", { client, registry });
    expect(results.map((r) => [r.root, r.outcome])).to.deep.equal([
      [root, "revoked"],
      [second, "revoked"],
    ]);
    for (const r of results) {
      const record = await getBatch(client, { registry, root: r.root });
      expect(record.revokedAt).to.equal(r.revokedAt);
      expect(record.revokedAt).to.be.greaterThan(0);
      const logs = await client.publicClient.getContractEvents({
        address: registry,
        abi: credentialRegistryAbi,
        eventName: "BatchRevoked",
        args: { root: r.root },
        fromBlock: 0n,
      });
      expect(logs.map((l) => l.args.reason)).to.deep.equal([encodeReason("withdrawn")]);
    }
    const before = await nonce();
    const again = await revokeBatches([second, dir], "withdrawn", { client, registry });
    expect(again.map((r) => r.outcome)).to.deep.equal(["already-revoked", "already-revoked"]);
    expect(await nonce()).to.equal(before);
    const frozen = (await rejection(
      revokeCredentials([{ root, index: 0 }], "r", { client, registry }),
    )) as BatchAlreadyRevokedError;
    expect(frozen).to.be.instanceOf(BatchAlreadyRevokedError);
    const unknown = (await rejection(revokeBatches([randomRoot()], "r", { client, registry }))) as UnknownRootError;
    expect(unknown).to.be.instanceOf(UnknownRootError);
  });
});
