import { MerkleEmptyTreeError, MerkleInvalidDigestError, MerkleTooManyLeavesError } from "../errors/merkle";
import type { Hex } from "../types";
import { parseHex32 } from "../canonical/hex";
import { MAX_LEAF_INDEX, hashLeaves } from "./hashLeaves";
import { MerkleTree, allocateLevel, type MerkleTreeOptions } from "./MerkleTree";
import { merkleTreeFromLeaves } from "./merkleTreeFromLeaves";

/**
 * Builds the Merkle tree of a batch from its credential digests, in batch order (digest k is the
 * credential with leaf index k). Leaves are StandardMerkleTree leaves for `["uint256","bytes32"]`;
 * nodes are sorted-pair keccak256; an odd last node is carried up (docs/SPEC.md §3). The root is a
 * pure function of the ordered digests.
 *
 * `digests`: a flat `Uint8Array` of n*32 bytes (the fast form) or an array of `0x` hex strings.
 *
 * @example
 * const tree = buildMerkleTree(["0x" + "11".repeat(32), "0x" + "22".repeat(32)]);
 * tree.root;        // "0x…"
 * tree.getProof(1); // ["0x…"]
 * verifyInclusion({ root: tree.root, leafIndex: 1, digest: "0x" + "22".repeat(32), path: tree.getProof(1) }); // true
 */
export function buildMerkleTree(digests: Uint8Array | readonly Hex[], options: MerkleTreeOptions = {}): MerkleTree {
  let flat: Uint8Array;
  if (digests instanceof Uint8Array) {
    if (digests.length % 32 !== 0) {
      throw new MerkleInvalidDigestError(`the flat digest array has ${digests.length} bytes, not a multiple of 32`);
    }
    flat = digests;
  } else {
    if (!Array.isArray(digests)) throw new MerkleInvalidDigestError("digests must be a Uint8Array or an array of hex");
    flat = new Uint8Array(32 * digests.length);
    digests.forEach((digest, index) => {
      if (!parseHex32(digest, flat, 32 * index)) {
        throw new MerkleInvalidDigestError("not 32 bytes (0x and 64 hex digits)", { index, value: String(digest) });
      }
    });
  }
  const count = flat.length / 32;
  if (count === 0) throw new MerkleEmptyTreeError();
  if (count > MAX_LEAF_INDEX + 1) throw new MerkleTooManyLeavesError(count);
  const leaves = hashLeaves(flat, 0, allocateLevel(flat.length, options.shared));
  return merkleTreeFromLeaves(leaves, options);
}

export type { MerkleTree };
