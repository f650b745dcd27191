/**
 * CredentialRegistry: revokeBatch, revoke, suspend, reinstate, statusWords, credentialStatus(es) and the
 * order of precedence of the statuses.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse } from "ethers";
import type { CredentialRegistry } from "../../typechain-types";
import {
  BATCH_LEAVES,
  BATCH_ROOT,
  Status,
  describeForEachRegistry,
  maskOf,
  minedAt,
  rangeMask,
  reason,
  rootOf,
  wordsAndMasks,
} from "./helpers";

const REASON = reason("superseded");
const UNKNOWN_ROOT = rootOf("never anchored");
const MAX_UINT256 = ethers.MaxUint256;

type BitOp = "revoke" | "suspend";
const BIT_OPS: { op: BitOp; event: "CredentialsRevoked" | "CredentialsSuspended"; status: bigint }[] = [
  { op: "revoke", event: "CredentialsRevoked", status: Status.Revoked },
  { op: "suspend", event: "CredentialsSuspended", status: Status.Suspended },
];
type AnyBitOp = BitOp | "reinstate";

function call(
  registry: CredentialRegistry,
  op: AnyBitOp,
  root: string,
  wordIndices: bigint[],
  masks: bigint[],
  why = REASON,
): Promise<ContractTransactionResponse> {
  return registry[op](root, wordIndices, masks, why);
}

async function statusesOf(registry: CredentialRegistry, root: string, indices: number[]): Promise<bigint[]> {
  return registry.credentialStatuses(
    indices.map(() => root),
    indices.map(BigInt),
  );
}

describeForEachRegistry("CredentialRegistry status", function ({ deployRegistryWithBatch }) {
  describe("revokeBatch", function () {
    it("stamps revokedAt, keeps the rest of the record and emits BatchRevoked with the reason", async function () {
      const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
      const before = await registry.batch(BATCH_ROOT);
      const tx = await registry.connect(revoker).revokeBatch(BATCH_ROOT, REASON);
      await expect(tx).to.emit(registry, "BatchRevoked").withArgs(BATCH_ROOT, REASON);
      const { timestamp } = await minedAt(tx);
      const after = await registry.batch(BATCH_ROOT);
      expect([after.anchoredAt, after.anchoredBlock, after.revokedAt, after.leafCount]).to.deep.equal([
        before.anchoredAt,
        before.anchoredBlock,
        timestamp,
        before.leafCount,
      ]);
    });

    it("makes every credential of the batch BatchRevoked", async function () {
      const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
      await registry.connect(revoker).revokeBatch(BATCH_ROOT, REASON);
      expect(await statusesOf(registry, BATCH_ROOT, [0, 255, 256, 599])).to.deep.equal(
        Array(4).fill(Status.BatchRevoked),
      );
    });

    it("rejects an unknown root", async function () {
      const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
      await expect(registry.connect(revoker).revokeBatch(UNKNOWN_ROOT, REASON))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryUnknownRoot")
        .withArgs(UNKNOWN_ROOT);
    });

    it("is permanent: a second revokeBatch reverts with the first revocation time", async function () {
      const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
      const { timestamp } = await minedAt(await registry.connect(revoker).revokeBatch(BATCH_ROOT, REASON));
      await expect(registry.connect(revoker).revokeBatch(BATCH_ROOT, reason("again")))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryBatchAlreadyRevoked")
        .withArgs(BATCH_ROOT, timestamp);
    });

    it("freezes the batch: revoke, suspend and reinstate then revert with the revocation time", async function () {
      const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
      await registry.connect(revoker).suspend(BATCH_ROOT, [0n], [1n], REASON);
      const { timestamp } = await minedAt(await registry.connect(revoker).revokeBatch(BATCH_ROOT, REASON));
      for (const op of ["revoke", "suspend", "reinstate"] as const) {
        await expect(call(registry.connect(revoker), op, BATCH_ROOT, [0n], [1n]), op)
          .to.be.revertedWithCustomError(registry, "CredentialRegistryBatchAlreadyRevoked")
          .withArgs(BATCH_ROOT, timestamp);
      }
    });
  });

  for (const { op, event, status } of BIT_OPS) {
    describe(op, function () {
      it(`sets the bits and emits ${event} per word with the new bits and the reason`, async function () {
        const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
        const { wordIndices, masks } = wordsAndMasks([0, 7, 255, 256, 599]);
        const tx = call(registry.connect(revoker), op, BATCH_ROOT, wordIndices, masks);
        await expect(tx)
          .to.emit(registry, event)
          .withArgs(BATCH_ROOT, 0n, maskOf([0, 7, 255]), REASON)
          .and.to.emit(registry, event)
          .withArgs(BATCH_ROOT, 1n, maskOf([0]), REASON)
          .and.to.emit(registry, event)
          .withArgs(BATCH_ROOT, 2n, maskOf([87]), REASON);
        expect(await statusesOf(registry, BATCH_ROOT, [0, 7, 255, 256, 599])).to.deep.equal(Array(5).fill(status));
        expect(await statusesOf(registry, BATCH_ROOT, [1, 6, 254, 257, 598])).to.deep.equal(
          Array(5).fill(Status.Valid),
        );
      });

      it("lays out credential i as bit i & 255 of word i >> 8, least significant bit first", async function () {
        const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
        await call(registry.connect(revoker), op, BATCH_ROOT, [1n], [2n]);
        const [revoked, suspended] = await registry.statusWords(BATCH_ROOT, 1n);
        expect(op === "revoke" ? [revoked, suspended] : [suspended, revoked]).to.deep.equal([2n, 0n]);
        expect(await registry.credentialStatus(BATCH_ROOT, 257n)).to.equal(status);
        expect(await statusesOf(registry, BATCH_ROOT, [1, 256, 258, 513])).to.deep.equal(Array(4).fill(Status.Valid));
      });

      it("is idempotent: bits already set are not written or reported again", async function () {
        const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
        await call(registry.connect(revoker), op, BATCH_ROOT, [0n], [maskOf([1, 2])]);
        await expect(call(registry.connect(revoker), op, BATCH_ROOT, [0n], [maskOf([1, 2])])).not.to.emit(
          registry,
          event,
        );
        await expect(call(registry.connect(revoker), op, BATCH_ROOT, [0n], [maskOf([1, 2, 3])]))
          .to.emit(registry, event)
          .withArgs(BATCH_ROOT, 0n, maskOf([3]), REASON);
        const words = await registry.statusWords(BATCH_ROOT, 0n);
        expect(words[op === "revoke" ? 0 : 1]).to.equal(maskOf([1, 2, 3]));
      });

      it("handles the same word twice in one call, reporting each bit once", async function () {
        const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
        const tx = await call(registry.connect(revoker), op, BATCH_ROOT, [0n, 0n], [maskOf([4, 5]), maskOf([5, 6])]);
        const receipt = await tx.wait();
        const reported = receipt!.logs
          .map((log) => registry.interface.parseLog(log))
          .filter((parsed) => parsed?.name === event)
          .map((parsed) => [parsed!.args.wordIndex, parsed!.args.bits]);
        expect(reported).to.deep.equal([
          [0n, maskOf([4, 5])],
          [0n, maskOf([6])],
        ]);
      });

      it("accepts the last credential of a partial last word and a full mask of a full word", async function () {
        const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
        await expect(call(registry.connect(revoker), op, BATCH_ROOT, [1n, 2n], [MAX_UINT256, rangeMask(0, 88)]))
          .to.emit(registry, event)
          .withArgs(BATCH_ROOT, 1n, MAX_UINT256, REASON)
          .and.to.emit(registry, event)
          .withArgs(BATCH_ROOT, 2n, rangeMask(0, 88), REASON);
        expect(await statusesOf(registry, BATCH_ROOT, [255, 256, 511, 512, 599])).to.deep.equal([
          Status.Valid,
          status,
          status,
          status,
          status,
        ]);
      });

      it("rejects a bit at leafCount in the partial last word, with root, word, mask and leaf count", async function () {
        const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
        // 600 credentials: word 2 holds indices 512..599, i.e. bits 0..87; bit 88 is index 600.
        for (const mask of [maskOf([88]), maskOf([0, 88]), maskOf([255]), rangeMask(0, 89), MAX_UINT256]) {
          await expect(call(registry.connect(revoker), op, BATCH_ROOT, [2n], [mask]))
            .to.be.revertedWithCustomError(registry, "CredentialRegistryBitsOutOfRange")
            .withArgs(BATCH_ROOT, 2n, mask, BATCH_LEAVES);
        }
      });

      it("rejects any word beyond the last one, up to the largest word index", async function () {
        const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
        for (const wordIndex of [3n, 4n, 2n ** 64n, MAX_UINT256]) {
          await expect(call(registry.connect(revoker), op, BATCH_ROOT, [wordIndex], [1n]))
            .to.be.revertedWithCustomError(registry, "CredentialRegistryBitsOutOfRange")
            .withArgs(BATCH_ROOT, wordIndex, 1n, BATCH_LEAVES);
        }
      });

      it("bounds a batch whose size is a multiple of 256 by whole words", async function () {
        const { registry, issuer, revoker } = await loadFixture(deployRegistryWithBatch);
        const root = rootOf("512 credentials");
        await registry.connect(issuer).anchor(root, 512n, "");
        await expect(call(registry.connect(revoker), op, root, [1n], [MAX_UINT256]))
          .to.emit(registry, event)
          .withArgs(root, 1n, MAX_UINT256, REASON);
        await expect(call(registry.connect(revoker), op, root, [2n], [1n]))
          .to.be.revertedWithCustomError(registry, "CredentialRegistryBitsOutOfRange")
          .withArgs(root, 2n, 1n, 512n);
      });

      it("bounds a batch of one credential to bit 0 of word 0", async function () {
        const { registry, issuer, revoker } = await loadFixture(deployRegistryWithBatch);
        const root = rootOf("one credential");
        await registry.connect(issuer).anchor(root, 1n, "");
        await expect(call(registry.connect(revoker), op, root, [0n], [2n]))
          .to.be.revertedWithCustomError(registry, "CredentialRegistryBitsOutOfRange")
          .withArgs(root, 0n, 2n, 1n);
        await expect(call(registry.connect(revoker), op, root, [0n], [1n]))
          .to.emit(registry, event)
          .withArgs(root, 0n, 1n, REASON);
        expect(await registry.credentialStatus(root, 0n)).to.equal(status);
      });

      it("reverts as a whole when a later mask is invalid", async function () {
        const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
        await expect(call(registry.connect(revoker), op, BATCH_ROOT, [0n, 2n], [1n, maskOf([100])]))
          .to.be.revertedWithCustomError(registry, "CredentialRegistryBitsOutOfRange")
          .withArgs(BATCH_ROOT, 2n, maskOf([100]), BATCH_LEAVES);
        expect(await registry.credentialStatus(BATCH_ROOT, 0n)).to.equal(Status.Valid);
      });

      it("rejects a zero mask, naming the root and the word", async function () {
        const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
        await expect(call(registry.connect(revoker), op, BATCH_ROOT, [0n, 1n], [1n, 0n]))
          .to.be.revertedWithCustomError(registry, "CredentialRegistryZeroMask")
          .withArgs(BATCH_ROOT, 1n);
        await expect(call(registry.connect(revoker), op, BATCH_ROOT, [9n], [0n]))
          .to.be.revertedWithCustomError(registry, "CredentialRegistryZeroMask")
          .withArgs(BATCH_ROOT, 9n);
      });

      it("rejects empty input and lists of different lengths", async function () {
        const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
        await expect(call(registry.connect(revoker), op, BATCH_ROOT, [], []))
          .to.be.revertedWithCustomError(registry, "CredentialRegistryEmptyInput")
          .withArgs();
        await expect(call(registry.connect(revoker), op, BATCH_ROOT, [0n, 1n], [1n]))
          .to.be.revertedWithCustomError(registry, "CredentialRegistryLengthMismatch")
          .withArgs(2n, 1n);
        await expect(call(registry.connect(revoker), op, BATCH_ROOT, [0n], [1n, 1n]))
          .to.be.revertedWithCustomError(registry, "CredentialRegistryLengthMismatch")
          .withArgs(1n, 2n);
      });

      it("rejects an unknown root", async function () {
        const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
        await expect(call(registry.connect(revoker), op, UNKNOWN_ROOT, [0n], [1n]))
          .to.be.revertedWithCustomError(registry, "CredentialRegistryUnknownRoot")
          .withArgs(UNKNOWN_ROOT);
      });

      it("touches only its own batch", async function () {
        const { registry, issuer, revoker } = await loadFixture(deployRegistryWithBatch);
        const other = rootOf("other batch");
        await registry.connect(issuer).anchor(other, BATCH_LEAVES, "");
        await call(registry.connect(revoker), op, BATCH_ROOT, [0n], [1n]);
        expect(await registry.credentialStatus(BATCH_ROOT, 0n)).to.equal(status);
        expect(await registry.credentialStatus(other, 0n)).to.equal(Status.Valid);
        expect(await registry.statusWords(other, 0n)).to.deep.equal([0n, 0n]);
      });
    });
  }

  describe("reinstate", function () {
    it("clears suspended bits and emits CredentialsReinstated with only the bits that were suspended", async function () {
      const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
      await registry.connect(revoker).suspend(BATCH_ROOT, [0n, 1n], [maskOf([1, 2, 3]), maskOf([0])], REASON);
      const why = reason("appeal upheld");
      await expect(registry.connect(revoker).reinstate(BATCH_ROOT, [0n, 1n], [maskOf([2, 3, 4]), maskOf([0, 1])], why))
        .to.emit(registry, "CredentialsReinstated")
        .withArgs(BATCH_ROOT, 0n, maskOf([2, 3]), why)
        .and.to.emit(registry, "CredentialsReinstated")
        .withArgs(BATCH_ROOT, 1n, maskOf([0]), why);
      expect(await statusesOf(registry, BATCH_ROOT, [1, 2, 3, 4, 256])).to.deep.equal([
        Status.Suspended,
        Status.Valid,
        Status.Valid,
        Status.Valid,
        Status.Valid,
      ]);
      expect(await registry.statusWords(BATCH_ROOT, 0n)).to.deep.equal([0n, maskOf([1])]);
    });

    it("emits nothing when none of the bits was suspended", async function () {
      const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
      await expect(registry.connect(revoker).reinstate(BATCH_ROOT, [0n], [maskOf([5])], REASON)).not.to.emit(
        registry,
        "CredentialsReinstated",
      );
      expect(await registry.statusWords(BATCH_ROOT, 0n)).to.deep.equal([0n, 0n]);
    });

    it("cannot lift a revocation: a revoked credential stays Revoked", async function () {
      const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
      await registry.connect(revoker).revoke(BATCH_ROOT, [0n], [maskOf([9])], REASON);
      await registry.connect(revoker).suspend(BATCH_ROOT, [0n], [maskOf([9])], REASON);
      await expect(registry.connect(revoker).reinstate(BATCH_ROOT, [0n], [maskOf([9])], REASON))
        .to.emit(registry, "CredentialsReinstated")
        .withArgs(BATCH_ROOT, 0n, maskOf([9]), REASON);
      expect(await registry.credentialStatus(BATCH_ROOT, 9n)).to.equal(Status.Revoked);
      expect(await registry.statusWords(BATCH_ROOT, 0n)).to.deep.equal([maskOf([9]), 0n]);
    });

    it("validates its arguments like revoke", async function () {
      const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
      const r = registry.connect(revoker);
      await expect(r.reinstate(BATCH_ROOT, [], [], REASON))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryEmptyInput")
        .withArgs();
      await expect(r.reinstate(BATCH_ROOT, [0n], [], REASON))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryLengthMismatch")
        .withArgs(1n, 0n);
      await expect(r.reinstate(UNKNOWN_ROOT, [0n], [1n], REASON))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryUnknownRoot")
        .withArgs(UNKNOWN_ROOT);
      await expect(r.reinstate(BATCH_ROOT, [0n], [0n], REASON))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryZeroMask")
        .withArgs(BATCH_ROOT, 0n);
      await expect(r.reinstate(BATCH_ROOT, [2n], [maskOf([88])], REASON))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryBitsOutOfRange")
        .withArgs(BATCH_ROOT, 2n, maskOf([88]), BATCH_LEAVES);
    });
  });

  describe("credentialStatus precedence", function () {
    it("Unknown for a root never anchored, whatever the index", async function () {
      const { registry } = await loadFixture(deployRegistryWithBatch);
      for (const index of [0n, 599n, 600n, MAX_UINT256]) {
        expect(await registry.credentialStatus(UNKNOWN_ROOT, index)).to.equal(Status.Unknown);
      }
      expect(await registry.credentialStatus(ethers.ZeroHash, 0n)).to.equal(Status.Unknown);
    });

    it("OutOfRange before BatchRevoked: an index at or beyond leafCount", async function () {
      const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
      for (const index of [600n, 601n, 2n ** 64n, MAX_UINT256]) {
        expect(await registry.credentialStatus(BATCH_ROOT, index)).to.equal(Status.OutOfRange);
      }
      await registry.connect(revoker).revokeBatch(BATCH_ROOT, REASON);
      expect(await registry.credentialStatus(BATCH_ROOT, 600n)).to.equal(Status.OutOfRange);
      expect(await registry.credentialStatus(BATCH_ROOT, 599n)).to.equal(Status.BatchRevoked);
    });

    it("BatchRevoked before Revoked and Suspended", async function () {
      const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
      await registry.connect(revoker).revoke(BATCH_ROOT, [0n], [maskOf([0])], REASON);
      await registry.connect(revoker).suspend(BATCH_ROOT, [0n], [maskOf([1])], REASON);
      await registry.connect(revoker).revokeBatch(BATCH_ROOT, REASON);
      expect(await statusesOf(registry, BATCH_ROOT, [0, 1, 2])).to.deep.equal(Array(3).fill(Status.BatchRevoked));
    });

    it("Revoked before Suspended, Suspended before Valid", async function () {
      const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
      await registry.connect(revoker).suspend(BATCH_ROOT, [0n], [maskOf([0, 1])], REASON);
      await registry.connect(revoker).revoke(BATCH_ROOT, [0n], [maskOf([0])], REASON);
      expect(await statusesOf(registry, BATCH_ROOT, [0, 1, 2])).to.deep.equal([
        Status.Revoked,
        Status.Suspended,
        Status.Valid,
      ]);
    });
  });

  describe("credentialStatuses", function () {
    it("answers many credentials of many batches in one call, like credentialStatus one by one", async function () {
      const { registry, issuer, revoker } = await loadFixture(deployRegistryWithBatch);
      const second = rootOf("second batch");
      await registry.connect(issuer).anchor(second, 10n, "");
      await registry.connect(revoker).revoke(BATCH_ROOT, [0n], [maskOf([3])], REASON);
      await registry.connect(revoker).suspend(BATCH_ROOT, [2n], [maskOf([4])], REASON);
      await registry.connect(revoker).revokeBatch(second, REASON);
      const roots = [BATCH_ROOT, BATCH_ROOT, BATCH_ROOT, BATCH_ROOT, second, second, UNKNOWN_ROOT];
      const indices = [3n, 516n, 5n, 600n, 0n, 10n, 0n];
      const statuses = await registry.credentialStatuses(roots, indices);
      expect(statuses).to.deep.equal([
        Status.Revoked,
        Status.Suspended,
        Status.Valid,
        Status.OutOfRange,
        Status.BatchRevoked,
        Status.OutOfRange,
        Status.Unknown,
      ]);
      for (let i = 0; i < roots.length; i++) {
        expect(await registry.credentialStatus(roots[i], indices[i])).to.equal(statuses[i]);
      }
    });

    it("returns an empty list for an empty query", async function () {
      const { registry } = await loadFixture(deployRegistryWithBatch);
      expect(await registry.credentialStatuses([], [])).to.deep.equal([]);
    });

    it("rejects lists of different lengths", async function () {
      const { registry } = await loadFixture(deployRegistryWithBatch);
      await expect(registry.credentialStatuses([BATCH_ROOT, BATCH_ROOT], [0n]))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryLengthMismatch")
        .withArgs(2n, 1n);
      await expect(registry.credentialStatuses([], [0n]))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryLengthMismatch")
        .withArgs(0n, 1n);
    });
  });

  describe("statusWords", function () {
    it("returns both bitmaps of a word, and zeros for words never written or roots never anchored", async function () {
      const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
      await registry.connect(revoker).revoke(BATCH_ROOT, [1n], [maskOf([0, 255])], REASON);
      await registry.connect(revoker).suspend(BATCH_ROOT, [1n], [maskOf([7])], REASON);
      expect(await registry.statusWords(BATCH_ROOT, 1n)).to.deep.equal([maskOf([0, 255]), maskOf([7])]);
      expect(await registry.statusWords(BATCH_ROOT, 0n)).to.deep.equal([0n, 0n]);
      expect(await registry.statusWords(UNKNOWN_ROOT, 1n)).to.deep.equal([0n, 0n]);
    });
  });
});
