import { keccak256 } from "../hash/keccak";
import { MerkleInvalidDigestError } from "../errors/merkle";
import type { Hex } from "../types";
import { hexOfRange, parseHex32 } from "../canonical/hex";

/**
 * The leaf of credential `index` with digest `digest`, as 32 bytes:
 * `keccak256(keccak256(abi.encode(uint256 index, bytes32 digest)))`. Returns null when the index is
 * not an integer in [0, 2^256) or the digest is not 32 bytes. Internal: `leafHash` is the public form.
 */
export function leafHashBytes(index: number | bigint, digest: Hex | Uint8Array): Uint8Array | null {
  const encoded = new Uint8Array(64);
  if (typeof digest === "string") {
    if (!parseHex32(digest, encoded, 32)) return null;
  } else {
    if (!(digest instanceof Uint8Array) || digest.length !== 32) return null;
    encoded.set(digest, 32);
  }
  let value: bigint;
  if (typeof index === "bigint") value = index;
  else if (typeof index === "number" && Number.isSafeInteger(index)) value = BigInt(index);
  else return null;
  if (value < 0n || value >= 1n << 256n) return null;
  for (let i = 31; i >= 0 && value > 0n; i--) {
    encoded[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return keccak256(keccak256(encoded));
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
