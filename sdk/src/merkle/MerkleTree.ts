import { MerkleEmptyTreeError, MerkleIndexOutOfRangeError } from "../errors/merkle";
import type { Hex } from "../types";
import { hex32, hexOfRange } from "../canonical/hex";

/** How a tree allocates its level arrays: plain memory, or SharedArrayBuffer for worker threads. */
export interface MerkleTreeOptions {
  /**
   * Allocate every level on a `SharedArrayBuffer` so that worker threads can read the tree without a
   * copy (post `tree.levels` to them and rebuild with `new MerkleTree(levels)`). Default false.
   */
  shared?: boolean;
}

/** A new zero-filled byte array of `length`, on a SharedArrayBuffer when `shared`. */
export function allocateLevel(length: number, shared: boolean | undefined): Uint8Array {
  return shared ? new Uint8Array(new SharedArrayBuffer(length)) : new Uint8Array(length);
}

/**
 * A credanchor batch tree (docs/SPEC.md §3): level 0 holds the leaves in batch order; each level
 * above hashes consecutive pairs (sorted-pair keccak256), and an odd last node is carried up
 * unchanged. Every level is one flat `Uint8Array` of 32-byte nodes.
 *
 * Build one with `buildMerkleTree(digests)` or `merkleTreeFromLeaves(leaves)`; a worker holding the
 * `levels` of a shared tree can rebuild the object with `new MerkleTree(levels)` (no hashing).
 *
 * @example
 * const tree = buildMerkleTree(digests);
 * tree.root;            // "0x…"
 * tree.getProof(7);     // ["0x…", …] siblings from the leaf up
 * for (const { index, path } of tree.proofs()) write(index, path); // every proof, streamed
 */
export class MerkleTree {
  /** levels[0] = the leaves (leafCount * 32 bytes), levels[levels.length - 1] = the root (32 bytes). */
  readonly levels: readonly Uint8Array[];
  readonly leafCount: number;
  private rootHex: Hex | undefined;

  constructor(levels: readonly Uint8Array[]) {
    if (levels.length === 0 || levels[0].length === 0) throw new MerkleEmptyTreeError();
    this.levels = levels;
    this.leafCount = levels[0].length / 32;
  }

  /** The root, `0x` + 64 hex digits. */
  get root(): Hex {
    this.rootHex ??= hex32(this.levels[this.levels.length - 1], 0);
    return this.rootHex;
  }

  /** The number of levels above the leaves: the longest proof's length. */
  get depth(): number {
    return this.levels.length - 1;
  }

  /** The leaf hash of `index`. */
  leaf(index: number): Hex {
    this.checkIndex(index);
    return hex32(this.levels[0], 32 * index);
  }

  /** The number of siblings in the proof of `index` (at most `depth`). */
  proofLength(index: number): number {
    this.checkIndex(index);
    let length = 0;
    for (let level = 0, j = index, m = this.leafCount; level < this.depth; level++, j >>>= 1, m = (m + 1) >>> 1) {
      if ((j ^ 1) < m) length++;
    }
    return length;
  }

  /**
   * Writes the proof of `index` into `out` from `offset` (32 bytes per sibling, from the leaf up);
   * returns the number of siblings. The allocation-free form for hot loops.
   */
  writeProof(index: number, out: Uint8Array, offset = 0): number {
    this.checkIndex(index);
    let length = 0;
    let m = this.leafCount;
    let j = index;
    for (let level = 0; level < this.depth; level++) {
      const sibling = j ^ 1;
      if (sibling < m) {
        out.set(this.levels[level].subarray(32 * sibling, 32 * sibling + 32), offset + 32 * length);
        length++;
      }
      j >>>= 1;
      m = (m + 1) >>> 1;
    }
    return length;
  }

  /** The proof of `index`: sibling hashes from the leaf up, for `verifyInclusion` and `MerkleProof.verify`. */
  getProof(index: number): Hex[] {
    this.checkIndex(index);
    const path: Hex[] = [];
    let m = this.leafCount;
    let j = index;
    for (let level = 0; level < this.depth; level++) {
      const sibling = j ^ 1;
      if (sibling < m) path.push(hex32(this.levels[level], 32 * sibling));
      j >>>= 1;
      m = (m + 1) >>> 1;
    }
    return path;
  }

  /**
   * Every proof of leaves [from, to), in order, as hex. Streams: it converts to hex only the nodes the
   * range needs, one range of each level at a time, so memory stays proportional to the range.
   * O(n log n) for the whole tree.
   */
  *proofs(from = 0, to = this.leafCount, rangeSize = 8192): Generator<{ index: number; path: Hex[] }> {
    if (from < 0 || to > this.leafCount || from > to) throw new MerkleIndexOutOfRangeError(from, this.leafCount);
    for (let start = from; start < to; start += rangeSize) {
      const end = Math.min(to, start + rangeSize);
      const hexLevels = this.rangeHex(start, end);
      for (let index = start; index < end; index++) {
        const path: Hex[] = [];
        let m = this.leafCount;
        let j = index;
        for (let level = 0; level < this.depth; level++) {
          const sibling = j ^ 1;
          if (sibling < m) {
            const at = 64 * (sibling - hexLevels[level].first);
            path.push(`0x${hexLevels[level].hex.slice(at, at + 64)}`);
          }
          j >>>= 1;
          m = (m + 1) >>> 1;
        }
        yield { index, path };
      }
    }
  }

  /** For each level, the hex of the nodes that proofs of leaves [start, end) use (first node, text). */
  private rangeHex(start: number, end: number): { first: number; hex: string }[] {
    const out: { first: number; hex: string }[] = [];
    let m = this.leafCount;
    for (let level = 0; level < this.depth; level++) {
      const first = (start >>> level) & ~1;
      const last = Math.min(m - 1, ((end - 1) >>> level) | 1);
      out.push({ first, hex: hexOfRange(this.levels[level], 32 * first, 32 * (last + 1)) });
      m = (m + 1) >>> 1;
    }
    return out;
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.leafCount) {
      throw new MerkleIndexOutOfRangeError(index, this.leafCount);
    }
  }
}
