import { keccak_256 } from "@noble/hashes/sha3";
import { SCRATCH_OFFSET, keccakWasm } from "../hash/keccakWasm";
import { compare32 } from "./bytes";

/** Pairs hashed per WebAssembly call: 4,096 x (64 in + 32 out) = 384 KiB of scratch memory. */
const CHUNK = 4096;

/**
 * One level of the tree: for each pair p < `pairCount` of consecutive 32-byte nodes in `nodes`
 * (bytes [64p, 64p+64)), writes `keccak256(min(a, b) ‖ max(a, b))` (byte-wise order, as
 * OpenZeppelin's `MerkleProof` does) to `out[32p, 32p+32)`.
 *
 * @example
 * const parents = new Uint8Array(32 * (n >> 1));
 * hashPairs(level, n >> 1, parents);
 */
export function hashPairs(nodes: Uint8Array, pairCount: number, out: Uint8Array): Uint8Array {
  const keccak = keccakWasm();
  if (!keccak) {
    const pair = new Uint8Array(64);
    for (let p = 0; p < pairCount; p++) {
      const swap = compare32(nodes, 64 * p, nodes, 64 * p + 32) > 0;
      pair.set(nodes.subarray(64 * p + (swap ? 32 : 0), 64 * p + (swap ? 64 : 32)), 0);
      pair.set(nodes.subarray(64 * p + (swap ? 0 : 32), 64 * p + (swap ? 32 : 64)), 32);
      out.set(keccak_256(pair), 32 * p);
    }
    return out;
  }
  for (let done = 0; done < pairCount; done += CHUNK) {
    const n = Math.min(CHUNK, pairCount - done);
    const memory = keccak.memory(96 * n);
    memory.set(nodes.subarray(64 * done, 64 * (done + n)), SCRATCH_OFFSET);
    keccak.exports.pairs(SCRATCH_OFFSET, SCRATCH_OFFSET + 64 * n, n);
    out.set(memory.subarray(SCRATCH_OFFSET + 64 * n, SCRATCH_OFFSET + 96 * n), 32 * done);
  }
  return out;
}
