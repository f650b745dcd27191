import { keccak256Into } from "../hash/keccak";
import { MerkleInvalidDigestError } from "../errors/merkle";
import type { Hex } from "../types";
import { hexOfRange, parseHex32 } from "../canonical/hex";

/** Scratch of `writeLeafHash`: abi.encode(uint256 index, bytes32 digest). */
const encodedScratch = new Uint8Array(64);

/**
 * Writes the leaf of credential `index` with digest `digest` (see `leafHashBytes`) as 32 bytes into
 * `out` at `offset`, without allocating; returns false (out untouched) when the index is not an
 * integer in [0, 2^256) or the digest is not 32 bytes. Internal to the Merkle code.
 */
export function writeLeafHash(
  index: number | bigint,
  digest: Hex | Uint8Array,
  out: Uint8Array,
  offset: number,
): boolean {
  const encoded = encodedScratch;
  if (typeof digest === "string") {
    if (!parseHex32(digest, encoded, 32)) return false;
  } else {
    if (!(digest instanceof Uint8Array) || digest.length !== 32) return false;
    encoded.set(digest, 32);
  }
  encoded.fill(0, 0, 32);
  if (typeof index === "number") {
    // A safe integer has at most 7 bytes: plain arithmetic, no BigInt per leaf.
    if (!Number.isSafeInteger(index) || index < 0) return false;
    for (let i = 31, value = index; value > 0; i--) {
      encoded[i] = value % 256;
      value = Math.floor(value / 256);
    }
  } else if (typeof index === "bigint") {
    if (index < 0n || index >= 1n << 256n) return false;
    for (let i = 31, value = index; i >= 0 && value > 0n; i--) {
      encoded[i] = Number(value & 0xffn);
      value >>= 8n;
    }
  } else return false;
  keccak256Into(encoded, 64, out, offset);
  keccak256Into(out.subarray(offset, offset + 32), 32, out, offset);
  return true;
}

/**
 * The leaf of credential `index` with digest `digest`, as 32 bytes:
 * `keccak256(keccak256(abi.encode(uint256 index, bytes32 digest)))`. Returns null when the index is
 * not an integer in [0, 2^256) or the digest is not 32 bytes. Internal: `leafHash` is the public form.
 */
export function leafHashBytes(index: number | bigint, digest: Hex | Uint8Array): Uint8Array | null {
  const leaf = new Uint8Array(32);
  return writeLeafHash(index, digest, leaf, 0) ? leaf : null;
}

/**
 * The Merkle leaf of credential `index` with digest `digest`:
 * `keccak256(keccak256(abi.encode(uint256 index, bytes32 digest)))`, exactly OpenZeppelin
 * StandardMerkleTree's leaf for the types `["uint256","bytes32"]` and the registry contract's.
 *
 * @example
 * leafHash(0, "0x" + "11".repeat(32))
 * // "0x…" (same as StandardMerkleTree.of([[0, digest]], ["uint256","bytes32"]).leafHash([0, digest]))
 */
export function leafHash(index: number | bigint, digest: Hex | Uint8Array): Hex {
  const leaf = leafHashBytes(index, digest);
  if (!leaf) {
    const valid = typeof index === "bigint" ? index >= 0n : Number.isSafeInteger(index) && index >= 0;
    throw new MerkleInvalidDigestError(
      valid ? "not 32 bytes (0x and 64 hex digits)" : `leaf index ${String(index)} is not a non-negative integer`,
      { value: typeof digest === "string" ? digest : `Uint8Array(${digest.length})` },
    );
  }
  return `0x${hexOfRange(leaf, 0, 32)}`;
}
