/**
 * The same algorithm on both sides: every proof of a 10,000-leaf batch built by the SDK is checked by
 * two independent implementations (@openzeppelin/merkle-tree and merkletreejs), and a sample of proofs
 * by the registry contract's `verify` on the in-process Hardhat network.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { randomBytes } from "node:crypto";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { MerkleTree as MerkleTreeJs } from "merkletreejs";
import { createKeccak, type IHasher } from "hash-wasm";
import { buildMerkleTree, leafHash, type MerkleTree } from "../../../sdk/src/merkle";
import type { Hex } from "../../../sdk/src/types";

const LEAF_TYPES = ["uint256", "bytes32"];
const N = 10_000;
/** merkletreejs's hash function: hash-wasm's keccak (an implementation independent of the SDK's). */
let hasher: IHasher;
const keccakBuffer = (data: Buffer) => {
  hasher.init();
  hasher.update(data);
  return Buffer.from(hasher.digest("binary"));
};

describe("merkle: compatibility of a 10,000-leaf batch", function () {
  let digests: Hex[];
  let tree: MerkleTree;
  let proofs: Hex[][];

  before(async function () {
    hasher = await createKeccak(256);
    digests = Array.from({ length: N }, () => `0x${randomBytes(32).toString("hex")}` as Hex);
    tree = buildMerkleTree(digests);
    proofs = [...tree.proofs()].map(({ path }) => path);
  });

  it("every proof verifies with StandardMerkleTree.verify(root, ['uint256','bytes32'], [index, digest], proof)", function () {
    for (let index = 0; index < N; index++) {
      if (!StandardMerkleTree.verify(tree.root, LEAF_TYPES, [index, digests[index]], proofs[index])) {
        expect.fail(`proof ${index} was rejected by StandardMerkleTree.verify`);
      }
    }
    // and fails for another index (the index is bound into the leaf)
    expect(StandardMerkleTree.verify(tree.root, LEAF_TYPES, [1, digests[0]], proofs[0])).to.equal(false);
  });

  it("merkletreejs (sortPairs, double-hashed leaves) builds the same root and verifies every proof", function () {
    const leaves = digests.map((digest, index) => Buffer.from(leafHash(index, digest).slice(2), "hex"));
    const other = new MerkleTreeJs(leaves, keccakBuffer, { sortPairs: true });
    expect(other.getHexRoot()).to.equal(tree.root);
    const root = Buffer.from(tree.root.slice(2), "hex");
    for (let index = 0; index < N; index++) {
      if (!MerkleTreeJs.verify(proofs[index], leaves[index], root, keccakBuffer, { sortPairs: true })) {
        expect.fail(`proof ${index} was rejected by merkletreejs`);
      }
    }
    // identical proofs, not only valid ones
    for (const index of [0, 1, 4_999, 9_998, 9_999]) {
      expect(other.getHexProof(leaves[index], index)).to.deep.equal(proofs[index]);
    }
  });

  it("a sample of proofs verifies on chain through CredentialRegistry.verify; another index or digest does not", async function () {
    const [admin] = await ethers.getSigners();
    const registry = await (
      await ethers.getContractFactory("CredentialRegistry")
    ).deploy(admin.address, "Example University", "https://credentials.example.edu");
    await (await registry.anchor(tree.root, N, "")).wait();
    const sample = [0, 1, 2, 3, 511, 512, 4_096, 8_191, 8_192, 9_998, 9_999];
    for (let k = 0; k < 40; k++) sample.push(Math.floor(Math.random() * N));
    for (const index of sample) {
      expect(await registry.verify(tree.root, index, digests[index], proofs[index]), `index ${index}`).to.equal(true);
    }
    // index binding: the proof of credential 5 used for index 6 (a live index) fails
    expect(await registry.verify(tree.root, 6, digests[5], proofs[5])).to.equal(false);
    expect(await registry.verify(tree.root, 5, digests[6], proofs[5])).to.equal(false);
    expect(await registry.verify(tree.root, 5, digests[5], proofs[6])).to.equal(false);
  });
});
