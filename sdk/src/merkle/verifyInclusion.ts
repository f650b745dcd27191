import { keccak256Into } from "../hash/keccak";
import type { Hex } from "../types";
import { hexOfRange, parseHex32 } from "../canonical/hex";
import { compare32 } from "./bytes";
import { writeLeafHash } from "./leafHash";

/** What `verifyInclusion` checks: the credential's leaf index and digest, its path and the root. */
export interface InclusionParameters {
  root: Hex;
  leafIndex: number | bigint;
  digest: Hex;
  /** Sibling hashes from the leaf up (the proof entry's `path`). */
  path: readonly Hex[];
}

/** Scratch of `writeRoot`: the sorted pair [0, 64) and the sibling being parsed [64, 96). */
const pairScratch = new Uint8Array(96);

/** The longest path whose nodes `writeRoot` remembers (a tree of 2^64 leaves); longer ones fold in full. */
const MEMO_LEVELS = 64;

/**
 * The last path `writeRoot` folded in full: its elements, and the node at each level (level 0: the
 * leaf; level `levels`: the root it led to), 32 bytes each. Consecutive credentials of one batch
 * share their path's upper elements and nodes: the next fold stops at the first level where its node
 * and every path element from there up are the remembered ones, since from there on it would compute
 * exactly the remembered nodes (the fold is a function of the node and the remaining elements).
 * `levels` is -1 while nothing is remembered.
 */
const memo = { path: [] as unknown[], nodes: new Uint8Array(32 * (MEMO_LEVELS + 1)), levels: -1 };
/** The nodes of the fold in progress; swapped with `memo.nodes` when it completes. */
let foldNodes = new Uint8Array(32 * (MEMO_LEVELS + 1));

/**
 * Writes the root that `path` leads to from the leaf of (`leafIndex`, `digest`) into `out` (32 bytes
 * at 0), folding sorted pairs in one reused buffer; false when an input is malformed. Stops early
 * where the path meets the last one folded (`memo`): the same root as the full fold, fewer hashes.
 */
function writeRoot(parameters: Omit<InclusionParameters, "root">, out: Uint8Array): boolean {
  const path: readonly unknown[] = parameters.path;
  if (!Array.isArray(path)) return false;
  const pair = pairScratch;
  // The node lives at pair[0, 32) or pair[32, 64); the sibling is parsed to [64, 96) and compared.
  if (!writeLeafHash(parameters.leafIndex, parameters.digest, pair, 0)) return false;
  const levels = path.length;
  const remember = levels <= MEMO_LEVELS;
  const nodes = foldNodes;
  const sibling = pair.subarray(64, 96);
  for (let level = 0; level < levels; level++) {
    if (remember) {
      nodes.set(pair.subarray(0, 32), 32 * level);
      if (memo.levels === levels && equal32(pair, memo.nodes, 32 * level) && sameFrom(path, memo.path, level)) {
        // The rest of the fold is the remembered one: take its nodes, the root included.
        nodes.set(memo.nodes.subarray(32 * (level + 1), 32 * (levels + 1)), 32 * (level + 1));
        out.set(nodes.subarray(32 * levels, 32 * levels + 32), 0);
        rememberFold(path, levels);
        return true;
      }
    }
    if (!parseHex32(path[level], pair, 64)) return false;
    if (compare32(pair, 64, pair, 0) < 0) {
      pair.copyWithin(32, 0, 32); // node second
      pair.set(sibling, 0);
    } else pair.set(sibling, 32);
    keccak256Into(pair, 64, pair, 0);
  }
  out.set(pair.subarray(0, 32), 0);
  if (remember) {
    nodes.set(pair.subarray(0, 32), 32 * levels);
    rememberFold(path, levels);
  }
  return true;
}

/** Makes the fold just completed (its nodes in `foldNodes`) the remembered one. */
function rememberFold(path: readonly unknown[], levels: number): void {
  const nodes = foldNodes;
  foldNodes = memo.nodes;
  memo.nodes = nodes;
  memo.path = path.slice(); // a copy: the caller may change its array afterwards
  memo.levels = levels;
}

/** Whether `node[0, 32)` equals `nodes[at, at + 32)`. */
function equal32(node: Uint8Array, nodes: Uint8Array, at: number): boolean {
  for (let i = 0; i < 32; i++) if (node[i] !== nodes[at + i]) return false;
  return true;
}

/** Whether the two paths (of the same length) hold the same elements from `level` up. */
function sameFrom(path: readonly unknown[], remembered: readonly unknown[], level: number): boolean {
  for (let i = level; i < path.length; i++) if (path[i] !== remembered[i]) return false;
  return true;
}

/**
 * The root that `path` leads to from the leaf of (`leafIndex`, `digest`), folding sorted pairs as
 * OpenZeppelin's `MerkleProof.processProof` does; null when an input is malformed.
 *
 * @example
 * rootFromPath({ leafIndex: 0, digest, path: [] }) // the single-leaf tree's root: the leaf
 */
export function rootFromPath(parameters: Omit<InclusionParameters, "root">): Hex | null {
  const root = new Uint8Array(32);
  return writeRoot(parameters, root) ? `0x${hexOfRange(root, 0, 32)}` : null;
}

/** Scratch of `verifyInclusion`: the given root [0, 32) and the computed one [32, 64). */
const rootsScratch = new Uint8Array(64);

/**
 * Offline inclusion check: true when `path` proves that (`leafIndex`, `digest`) is a leaf of `root`,
 * exactly as the registry contract's `verify` and OpenZeppelin's `MerkleProof` decide (the index is
 * bound into the leaf, so a proof never verifies for another index). Pure; never throws: malformed
 * input (bad hex, wrong length, negative index) is simply not included.
 *
 * @example
 * const tree = buildMerkleTree(digests);
 * verifyInclusion({ root: tree.root, leafIndex: 3, digest: digests[3], path: tree.getProof(3) }); // true
 */
export function verifyInclusion(parameters: InclusionParameters): boolean {
  if (!parameters || !parseHex32(parameters.root, rootsScratch, 0)) return false;
  // Bytes compared, no hex strings: the root given in either case, as before.
  return writeRoot(parameters, rootsScratch.subarray(32, 64)) && compare32(rootsScratch, 0, rootsScratch, 32) === 0;
}
