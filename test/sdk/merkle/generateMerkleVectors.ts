/**
 * Writes test/vectors/merkle.json: for n = 1, 2, 3, 5, 8 the digests, leaves, every level, the root
 * and every proof of a credanchor batch tree (docs/SPEC.md §3).
 *
 *   npx ts-node --transpile-only test/sdk/merkle/generateMerkleVectors.ts
 *
 * The digests are fixed: digest k of every vector is keccak256 of the UTF-8 text
 * "credanchor merkle vector <k>", so the file is reproducible byte for byte.
 */
import fs from "node:fs";
import path from "node:path";
import { keccak256 } from "../../../sdk/src/hash/keccak";
import { buildMerkleTree } from "../../../sdk/src/merkle";
import type { Hex } from "../../../sdk/src/types";
import { repoPath } from "../../helpers/repoRoot";

export const VECTOR_SIZES = [1, 2, 3, 5, 8];
export const VECTORS_FILE = repoPath("test", "vectors", "merkle.json");

const toHex = (bytes: Uint8Array): Hex => `0x${Buffer.from(bytes).toString("hex")}`;

/** Digest k of the vectors. */
export function vectorDigest(k: number): Hex {
  return toHex(keccak256(new TextEncoder().encode(`credanchor merkle vector ${k}`)));
}

export interface MerkleVector {
  leafCount: number;
  digests: Hex[];
  leaves: Hex[];
  /** levels[0] = leaves ... levels[last] = [root]. */
  levels: Hex[][];
  root: Hex;
  proofs: { leafIndex: number; digest: Hex; path: Hex[] }[];
}

export function merkleVectors(): { description: string; vectors: MerkleVector[] } {
  const vectors = VECTOR_SIZES.map((n) => {
    const digests = Array.from({ length: n }, (_, k) => vectorDigest(k));
    const tree = buildMerkleTree(digests);
    const levels = tree.levels.map((level) =>
      Array.from({ length: level.length / 32 }, (_, i) => toHex(level.subarray(32 * i, 32 * i + 32))),
    );
    return {
      leafCount: n,
      digests,
      leaves: levels[0],
      levels,
      root: tree.root,
      proofs: digests.map((digest, leafIndex) => ({ leafIndex, digest, path: tree.getProof(leafIndex) })),
    };
  });
  return {
    description:
      "credanchor batch trees (docs/SPEC.md section 3). digest k = keccak256(utf8('credanchor merkle vector ' + k)); " +
      "leaf = keccak256(keccak256(abi.encode(uint256 index, bytes32 digest))); node = keccak256(sorted(a, b)); " +
      "levels pair consecutive nodes, an odd last node is carried up unchanged; path = siblings from the leaf up.",
    vectors,
  };
}

if (require.main === module) {
  fs.mkdirSync(path.dirname(VECTORS_FILE), { recursive: true });
  fs.writeFileSync(VECTORS_FILE, `${JSON.stringify(merkleVectors(), null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), VECTORS_FILE)}`);
}
