/**
 * CredentialRegistry.verify: Merkle inclusion with the index bound into the leaf, checked against trees
 * built by @openzeppelin/merkle-tree (StandardMerkleTree, leaf types ["uint256","bytes32"]) and by an
 * independent implementation (merkletreejs), combined with the credential's status.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { MerkleTree } from "merkletreejs";
import fc from "fast-check";
import type { CredentialRegistry } from "../../typechain-types";
import { describeForEachRegistry, maskOf, reason, wordsAndMasks } from "./helpers";

type Leaf = [bigint, string];
const LEAF_TYPES = ["uint256", "bytes32"];
const R = reason("test");

/** Digests for `count` credentials, distinct per `seed`. */
function digests(count: number, seed = "digest"): string[] {
  return Array.from({ length: count }, (_, i) => ethers.id(`${seed}/${i}`));
}

function treeOf(values: string[]): StandardMerkleTree<Leaf> {
  return StandardMerkleTree.of(
    values.map((digest, index): Leaf => [BigInt(index), digest]),
    LEAF_TYPES,
  );
}

/** The proof of credential `index` (its value's first element), wherever the tree placed its leaf. */
function proofOf(tree: StandardMerkleTree<Leaf>, index: number): string[] {
  for (const [position, value] of tree.entries()) if (value[0] === BigInt(index)) return tree.getProof(position);
  throw new Error(`no credential ${index} in the tree`);
}

/** The contract's leaf: keccak256(keccak256(abi.encode(uint256 index, bytes32 digest))). */
function leafOf(index: number, digest: string): string {
  return ethers.keccak256(ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(LEAF_TYPES, [index, digest])));
}

async function anchoredTree(
  registry: CredentialRegistry,
  values: string[],
  leafCount = values.length,
): Promise<StandardMerkleTree<Leaf>> {
  const tree = treeOf(values);
  await (await registry.anchor(tree.root, BigInt(leafCount), "")).wait();
  return tree;
}

describeForEachRegistry("CredentialRegistry verify", function ({ deployRegistry }) {
  it("uses the leaf of StandardMerkleTree for [uint256, bytes32]", function () {
    const values = digests(5);
    const tree = treeOf(values);
    for (let i = 0; i < values.length; i++)
      expect(tree.leafHash([BigInt(i), values[i]])).to.equal(leafOf(i, values[i]));
  });

  for (const size of [1, 2, 3, 5, 8, 33, 256, 257]) {
    it(`accepts every credential of a ${size}-credential StandardMerkleTree`, async function () {
      const { registry } = await loadFixture(deployRegistry);
      const values = digests(size, `size-${size}`);
      const tree = await anchoredTree(registry, values);
      for (let i = 0; i < size; i++) {
        expect(await registry.verify(tree.root, BigInt(i), values[i], proofOf(tree, i)), `credential ${i}`).to.equal(
          true,
        );
      }
    });
  }

  it("agrees with an independent tree (merkletreejs, sorted pairs, double-hashed leaves)", async function () {
    const { registry } = await loadFixture(deployRegistry);
    const values = digests(11, "merkletreejs");
    const keccak = (data: Buffer): Buffer => Buffer.from(ethers.getBytes(ethers.keccak256(data)));
    const leaves = values.map((digest, i) => Buffer.from(ethers.getBytes(leafOf(i, digest))));
    const tree = new MerkleTree(leaves, keccak, { sortPairs: true });
    const root = tree.getHexRoot();
    await registry.anchor(root, 11n, "");
    for (let i = 0; i < values.length; i++) {
      expect(await registry.verify(root, BigInt(i), values[i], tree.getHexProof(leaves[i]))).to.equal(true);
    }
  });

  it("binds the index: a valid proof re-submitted with another index fails", async function () {
    const { registry } = await loadFixture(deployRegistry);
    const values = digests(6, "binding");
    const tree = await anchoredTree(registry, values);
    for (let i = 0; i < values.length; i++) {
      const proof = proofOf(tree, i);
      for (let j = 0; j < values.length; j++) {
        if (j === i) continue;
        expect(await registry.verify(tree.root, BigInt(j), values[i], proof), `proof of ${i} as ${j}`).to.equal(false);
      }
    }
  });

  it("keeps a revoked credential from borrowing the index of a valid one", async function () {
    const { registry } = await loadFixture(deployRegistry);
    const values = digests(4, "borrow");
    const tree = await anchoredTree(registry, values);
    await registry.revoke(tree.root, [0n], [maskOf([2])], R);
    expect(await registry.verify(tree.root, 2n, values[2], proofOf(tree, 2))).to.equal(false);
    for (const other of [0n, 1n, 3n]) {
      expect(await registry.verify(tree.root, other, values[2], proofOf(tree, 2))).to.equal(false);
    }
  });

  it("rejects a wrong digest, a tampered, shortened or lengthened proof, and another tree's root", async function () {
    const { registry } = await loadFixture(deployRegistry);
    const values = digests(9, "tamper");
    const tree = await anchoredTree(registry, values);
    const other = await anchoredTree(registry, digests(9, "other"));
    const proof = proofOf(tree, 4);
    expect(await registry.verify(tree.root, 4n, values[4], proof)).to.equal(true);
    expect(await registry.verify(tree.root, 4n, values[5], proof)).to.equal(false);
    expect(await registry.verify(tree.root, 4n, ethers.ZeroHash, proof)).to.equal(false);
    const flipped = [...proof];
    flipped[0] = ethers.toBeHex(BigInt(flipped[0]) ^ 1n, 32);
    expect(await registry.verify(tree.root, 4n, values[4], flipped)).to.equal(false);
    expect(await registry.verify(tree.root, 4n, values[4], proof.slice(1))).to.equal(false);
    expect(await registry.verify(tree.root, 4n, values[4], [...proof, ethers.ZeroHash])).to.equal(false);
    expect(await registry.verify(tree.root, 4n, values[4], [])).to.equal(false);
    expect(await registry.verify(other.root, 4n, values[4], proof)).to.equal(false);
  });

  it("returns false for a correct proof against a root that was never anchored", async function () {
    const { registry } = await loadFixture(deployRegistry);
    const values = digests(3, "unanchored");
    const tree = treeOf(values);
    expect(await registry.verify(tree.root, 0n, values[0], proofOf(tree, 0))).to.equal(false);
  });

  it("returns false for a revoked or suspended credential, and true again once reinstated", async function () {
    const { registry } = await loadFixture(deployRegistry);
    const values = digests(300, "status");
    const tree = await anchoredTree(registry, values);
    const check = (i: number): Promise<boolean> => registry.verify(tree.root, BigInt(i), values[i], proofOf(tree, i));
    const revoked = wordsAndMasks([3, 260]);
    await registry.revoke(tree.root, revoked.wordIndices, revoked.masks, R);
    await registry.suspend(tree.root, [0n], [maskOf([7])], R);
    expect([await check(3), await check(260), await check(7), await check(8)]).to.deep.equal([
      false,
      false,
      false,
      true,
    ]);
    await registry.reinstate(tree.root, [0n], [maskOf([7])], R);
    expect(await check(7)).to.equal(true);
    await registry.revokeBatch(tree.root, R);
    expect([await check(7), await check(8)]).to.deep.equal([false, false]);
  });

  it("returns false for an index at or beyond the anchored leaf count even with a valid proof", async function () {
    const { registry } = await loadFixture(deployRegistry);
    const values = digests(5, "short");
    // The issuer anchored fewer credentials than the tree holds: the extra leaves are OutOfRange.
    const tree = await anchoredTree(registry, values, 4);
    expect(await registry.verify(tree.root, 3n, values[3], proofOf(tree, 3))).to.equal(true);
    expect(await registry.verify(tree.root, 4n, values[4], proofOf(tree, 4))).to.equal(false);
  });

  it("property: in any tree every credential verifies, and never under another index", async function () {
    const { registry } = await loadFixture(deployRegistry);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.uint8Array({ minLength: 32, maxLength: 32 }), {
          minLength: 1,
          maxLength: 24,
          selector: (bytes) => ethers.hexlify(bytes),
        }),
        fc.nat(),
        fc.nat(),
        async (raw, pick, shift) => {
          const values = raw.map((bytes) => ethers.hexlify(bytes));
          const tree = treeOf(values);
          if ((await registry.batch(tree.root)).anchoredAt === 0n) await registry.anchor(tree.root, values.length, "");
          const i = pick % values.length;
          const proof = proofOf(tree, i);
          expect(await registry.verify(tree.root, BigInt(i), values[i], proof)).to.equal(true);
          const j = (i + 1 + (shift % values.length)) % (values.length + 1);
          if (j !== i) expect(await registry.verify(tree.root, BigInt(j), values[i], proof)).to.equal(false);
        },
      ),
      { numRuns: 40 },
    );
  });
});
