import { keccak256 } from "../hash/keccak";
import type { Hex } from "../types";
import { hexOfRange, parseHex32 } from "../canonical/hex";
import { compare32 } from "./bytes";
import { leafHashBytes } from "./leafHash";

/** What `verifyInclusion` checks: the credential's leaf index and digest, its path and the root. */
export interface InclusionParameters {
  root: Hex;
  leafIndex: number | bigint;
  digest: Hex;
  /** Sibling hashes from the leaf up (the proof entry's `path`). */
  path: readonly Hex[];
}

/**
 * The root that `path` leads to from the leaf of (`leafIndex`, `digest`), folding sorted pairs as
 * OpenZeppelin's `MerkleProof.processProof` does; null when an input is malformed.
 *
 * @example
 * rootFromPath({ leafIndex: 0, digest, path: [] }) // the single-leaf tree's root: the leaf
 */
export function rootFromPath(parameters: Omit<InclusionParameters, "root">): Hex | null {
  const leaf = leafHashBytes(parameters.leafIndex, parameters.digest);
  if (!leaf || !Array.isArray(parameters.path)) return null;
  const pair = new Uint8Array(64);
  const sibling = new Uint8Array(32);
  let node = leaf;
  for (const element of parameters.path) {
    if (!parseHex32(element, sibling, 0)) return null;
    const siblingFirst = compare32(sibling, 0, node, 0) < 0;
    pair.set(siblingFirst ? sibling : node, 0);
    pair.set(siblingFirst ? node : sibling, 32);
    node = keccak256(pair);
  }
  return `0x${hexOfRange(node, 0, 32)}`;
}

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
  const rootBytes = new Uint8Array(32);
  if (!parameters || !parseHex32(parameters.root, rootBytes, 0)) return false;
  const computed = rootFromPath(parameters);
  return computed !== null && computed === `0x${hexOfRange(rootBytes, 0, 32)}`;
}
