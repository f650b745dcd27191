import { expect } from "chai";
import fs from "node:fs";
import { ethers } from "ethers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { buildMerkleTree, verifyInclusion } from "../../../sdk/src/merkle";
import { VECTORS_FILE, merkleVectors, vectorDigest, type MerkleVector } from "./generateMerkleVectors";

const file = JSON.parse(fs.readFileSync(VECTORS_FILE, "utf8")) as ReturnType<typeof merkleVectors>;

describe("merkle: test vectors (test/vectors/merkle.json)", function () {
  it("hold n = 1, 2, 3, 5, 8 and are what the generator writes today", function () {
    expect(file.vectors.map((v) => v.leafCount)).to.deep.equal([1, 2, 3, 5, 8]);
    expect(merkleVectors()).to.deep.equal(file);
  });

  for (const vector of file.vectors as MerkleVector[]) {
    it(`n = ${vector.leafCount}: digests, leaves, levels, root and proofs follow SPEC.md §3 (checked with ethers)`, function () {
      // the digests, recomputed with ethers
      vector.digests.forEach((digest, k) => {
        expect(digest).to.equal(ethers.keccak256(ethers.toUtf8Bytes(`credanchor merkle vector ${k}`)));
        expect(digest).to.equal(vectorDigest(k));
      });
      // the leaves and levels, recomputed from the spec's text with ethers
      const coder = ethers.AbiCoder.defaultAbiCoder();
      const leaves = vector.digests.map((d, i) =>
        ethers.keccak256(ethers.keccak256(coder.encode(["uint256", "bytes32"], [i, d]))),
      );
      expect(vector.leaves).to.deep.equal(leaves);
      let level = leaves;
      const levels = [level];
      while (level.length > 1) {
        const next: string[] = [];
        for (let i = 0; i + 1 < level.length; i += 2) {
          const [a, b] = [level[i], level[i + 1]].sort();
          next.push(ethers.keccak256(ethers.concat([a, b])));
        }
        if (level.length % 2 === 1) next.push(level[level.length - 1]);
        levels.push(next);
        level = next;
      }
      expect(vector.levels).to.deep.equal(levels);
      expect(vector.root).to.equal(level[0]);
      // the SDK reproduces them, and every proof verifies here and with OpenZeppelin
      const tree = buildMerkleTree(vector.digests);
      expect(tree.root).to.equal(vector.root);
      for (const proof of vector.proofs) {
        expect(tree.getProof(proof.leafIndex)).to.deep.equal(proof.path);
        expect(verifyInclusion({ root: vector.root, ...proof })).to.equal(true);
        expect(
          StandardMerkleTree.verify(vector.root, ["uint256", "bytes32"], [proof.leafIndex, proof.digest], proof.path),
        ).to.equal(true);
      }
    });
  }
});
