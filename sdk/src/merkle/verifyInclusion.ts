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

/**
 * Writes the root that `path` leads to from the leaf of (`leafIndex`, `digest`) into `out` (32 bytes
 * at 0), folding sorted pairs in one reused buffer; false when an input is malformed.
 */
function writeRoot(parameters: Omit<InclusionParameters, "root">, out: Uint8Array): boolean {
  if (!Array.isArray(parameters.path)) return false;
  const pair = pairScratch;
  // The node lives at pair[0, 32) or pair[32, 64); the sibling is parsed to [64, 96) and compared.
  if (!writeLeafHash(parameters.leafIndex, parameters.digest, pair, 0)) return false;
  const sibling = pair.subarray(64, 96);
  for (const element of parameters.path) {
    if (!parseHex32(element, pair, 64)) return false;
    if (compare32(pair, 64, pair, 0) < 0) {
      pair.copyWithin(32, 0, 32); // node second
      pair.set(sibling, 0);
    } else pair.set(sibling, 32);
    keccak256Into(pair, 64, pair, 0);
  }
  out.set(pair.subarray(0, 32), 0);
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
