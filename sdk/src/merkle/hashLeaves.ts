import { keccak_256 } from "@noble/hashes/sha3";
import { SCRATCH_OFFSET, keccakWasm } from "../hash/keccakWasm";
import { MerkleInvalidDigestError, MerkleTooManyLeavesError } from "../errors/merkle";

/** Leaves hashed per WebAssembly call: 4,096 x (32 in + 32 out) = 256 KiB of scratch memory. */
const CHUNK = 4096;
/** The largest leaf index a tree takes (2^31 - 2: indices stay exact in 32-bit integer arithmetic). */
export const MAX_LEAF_INDEX = 0x7fffffff - 1;

/**
 * The leaves of a batch, in bulk: for each 32-byte digest k of the flat array `digests`, writes
 * `keccak256(keccak256(abi.encode(uint256(firstIndex + k), bytes32 digest)))` to `out[32k, 32k+32)`.
 * This is OpenZeppelin StandardMerkleTree's leaf for the types `["uint256","bytes32"]`.
 *
 * Workers call it on their chunk of a batch (with the chunk's first index); `buildMerkleTree` calls it
 * on all digests.
 *
 * @example
 * const leaves = hashLeaves(digests); // digests: Uint8Array of n*32 bytes
 */
export function hashLeaves(
  digests: Uint8Array,
  firstIndex = 0,
  out: Uint8Array = new Uint8Array(digests.length),
): Uint8Array {
  if (digests.length % 32 !== 0) {
    throw new MerkleInvalidDigestError(`the flat digest array has ${digests.length} bytes, not a multiple of 32`);
  }
  const count = digests.length / 32;
  if (!Number.isInteger(firstIndex) || firstIndex < 0 || firstIndex + count - 1 > MAX_LEAF_INDEX) {
    throw new MerkleTooManyLeavesError(firstIndex + count);
  }
  if (out.length < digests.length) throw new RangeError("hashLeaves: out is too small");
  const keccak = keccakWasm();
  if (!keccak) {
    hashLeavesPortable(digests, firstIndex, out);
    return out;
  }
  for (let done = 0; done < count; done += CHUNK) {
    const n = Math.min(CHUNK, count - done);
    const memory = keccak.memory(64 * n);
    memory.set(digests.subarray(32 * done, 32 * (done + n)), SCRATCH_OFFSET);
    keccak.exports.leaves(SCRATCH_OFFSET, SCRATCH_OFFSET + 32 * n, n, firstIndex + done);
    out.set(memory.subarray(SCRATCH_OFFSET + 32 * n, SCRATCH_OFFSET + 64 * n), 32 * done);
  }
  return out;
}

/** The same in JavaScript (@noble/hashes), for platforms without WebAssembly. */
function hashLeavesPortable(digests: Uint8Array, firstIndex: number, out: Uint8Array): void {
  const encoded = new Uint8Array(64);
  const view = new DataView(encoded.buffer);
  for (let k = 0; k < digests.length / 32; k++) {
    const index = firstIndex + k;
    view.setUint32(24, Math.floor(index / 2 ** 32));
    view.setUint32(28, index >>> 0);
    encoded.set(digests.subarray(32 * k, 32 * k + 32), 32);
    out.set(keccak_256(keccak_256(encoded)), 32 * k);
  }
}
