import { MerkleEmptyTreeError, MerkleInvalidDigestError, MerkleTooManyLeavesError } from "../errors/merkle";
import { MAX_LEAF_INDEX } from "./hashLeaves";
import { hashPairs } from "./hashPairs";
import { MerkleTree, allocateLevel, type MerkleTreeOptions } from "./MerkleTree";

/**
 * The tree over leaves that are already hashed (a flat array of n*32 bytes, in batch order), e.g.
 * collected from worker threads that ran `hashLeaves` on their chunks. With `shared`, `leaves` should
 * already be on a SharedArrayBuffer (it becomes level 0 as is, without a copy).
 *
 * @example
 * const tree = merkleTreeFromLeaves(hashLeaves(digests));
 */
export function merkleTreeFromLeaves(leaves: Uint8Array, options: MerkleTreeOptions = {}): MerkleTree {
  if (leaves.length === 0) throw new MerkleEmptyTreeError();
  if (leaves.length % 32 !== 0) {
    throw new MerkleInvalidDigestError(`the flat leaf array has ${leaves.length} bytes, not a multiple of 32`);
  }
  if (leaves.length / 32 > MAX_LEAF_INDEX + 1) throw new MerkleTooManyLeavesError(leaves.length / 32);
  const levels: Uint8Array[] = [leaves];
  let level = leaves;
  let m = leaves.length / 32;
  while (m > 1) {
    const pairs = m >>> 1;
    const next = allocateLevel(32 * ((m + 1) >>> 1), options.shared);
    hashPairs(level, pairs, next);
    // an odd last node is carried up unchanged
    if (m & 1) next.set(level.subarray(32 * (m - 1), 32 * m), 32 * pairs);
    levels.push(next);
    level = next;
    m = (m + 1) >>> 1;
  }
  return new MerkleTree(levels);
}
