import { keccak256Into } from "../hash/keccak";
import { SCRATCH_OFFSET, keccakWasm } from "../hash/keccakWasm";
import type { Hex } from "../types";
import { hex32, hexOfRange, parseHex32 } from "../canonical/hex";
import { copy32, same32, viewOf } from "../hash/words";
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

/**
 * Where `verifyInclusionBytes` finds its inputs in one array of bytes (a decoded proofValue): the root
 * at `rootAt`, the digest at `digestAt`, path item i at `pathAt + pathStride * i` (32 bytes each).
 */
export interface InclusionBytes {
  bytes: Uint8Array;
  rootAt: number;
  digestAt: number;
  leafIndex: number;
  pathAt: number;
  pathStride: number;
  pathCount: number;
}

/**
 * The last path `verifyInclusionBytes` folded (its bytes, 32 per level, and the node at each level), as
 * `memo` is for `writeRoot`: the next fold stops where its node and the rest of its path are the
 * remembered ones. `levels` is -1 while nothing is remembered. The bytes are read and written as 32-bit
 * words through DataViews (sdk/src/hash/words.ts): comparing a credential's upper path with the remembered one (about 14
 * levels of 32 bytes in a batch of 20,000) took about 0.9 µs byte by byte and takes about 0.3 µs so.
 */
const byteMemo = {
  path: new Uint8Array(32 * MEMO_LEVELS),
  nodes: new Uint8Array(32 * (MEMO_LEVELS + 1)),
  levels: -1,
};
const memoPath = new DataView(byteMemo.path.buffer);
const memoNodes = new DataView(byteMemo.nodes.buffer);

/**
 * Internal: `verifyInclusion` of inputs given as bytes (`InclusionBytes`), with the same answer. The
 * leaf and each sorted pair are hashed in the keccak WebAssembly memory (its `leaves` and `pairs`), the
 * path read from the bytes as they are, and the root compared as bytes: no hex text in or out. Without
 * WebAssembly, for an index of 2^32 or more or a path over 64 levels, it is `verifyInclusion` of their
 * hex.
 */
export function verifyInclusionBytes(input: InclusionBytes): boolean {
  const { bytes, rootAt, digestAt, leafIndex, pathAt, pathStride, pathCount } = input;
  const keccak = keccakWasm();
  const last = pathAt + pathStride * (pathCount - 1) + 32;
  if (Math.max(rootAt, digestAt) + 32 > bytes.length || (pathCount > 0 && last > bytes.length)) return false;
  if (!keccak || !Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= 2 ** 32 || pathCount > MEMO_LEVELS) {
    const path: Hex[] = [];
    for (let i = 0; i < pathCount; i++) path.push(hex32(bytes, pathAt + pathStride * i));
    return verifyInclusion({ root: hex32(bytes, rootAt), leafIndex, digest: hex32(bytes, digestAt), path });
  }
  // [S, S + 32) the node, [S + 32, S + 64) the sibling (and the digest, for the leaf)
  const S = SCRATCH_OFFSET;
  const memory = viewOf(keccak.memory(64));
  const source = viewOf(bytes);
  copy32(source, digestAt, memory, S + 32);
  keccak.exports.leaves(S + 32, S, 1, leafIndex);
  // byteMemo.nodes holds, for the remembered path, the node at each level: this fold writes its own
  // nodes below the level where it meets that path, and the ones from there up are the same.
  const remembered = byteMemo.levels === pathCount;
  let level = 0;
  for (; level < pathCount; level++) {
    if (remembered && same32(memory, S, memoNodes, 32 * level) && samePathFrom(input, source, level)) break;
    copy32(memory, S, memoNodes, 32 * level);
    copy32(source, pathAt + pathStride * level, memory, S + 32);
    keccak.exports.pairs(S, S, 1); // keccak256 of the sorted pair, written over the node
  }
  if (level === pathCount) copy32(memory, S, memoNodes, 32 * pathCount);
  // Remember this path: the items below `level` (from there up they are the remembered ones).
  for (let k = 0; k < level; k++) copy32(source, pathAt + pathStride * k, memoPath, 32 * k);
  byteMemo.levels = pathCount;
  return same32(memoNodes, 32 * pathCount, source, rootAt);
}

/** Whether path items `level` and up of `input` (whose bytes `source` views) are those of the remembered path. */
function samePathFrom(input: InclusionBytes, source: DataView, level: number): boolean {
  const { pathAt, pathStride, pathCount } = input;
  for (let k = level; k < pathCount; k++) if (!same32(source, pathAt + pathStride * k, memoPath, 32 * k)) return false;
  return true;
}
