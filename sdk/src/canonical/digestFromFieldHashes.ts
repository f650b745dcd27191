import { DigestError } from "../errors/credential";
import { keccak256 } from "../hash/keccak";
import type { Hex } from "../types";
import { isHexOfLength, toHex, writeHex } from "./hex";

/**
 * The digest of a credential from its protected hash and its field hashes (visible and redacted
 * alike): keccak256 of the 32-byte protected hash followed by the 32-byte field hashes sorted in
 * ascending byte order (docs/SPEC.md section 2.4). The order of `fieldHashes` does not matter.
 *
 * @example
 * digestFromFieldHashes(hashProtectedPart(credential), [hashB, hashA]) ===
 *   digestFromFieldHashes(hashProtectedPart(credential), [hashA, hashB]) // true
 */
export function digestFromFieldHashes(protectedHash: Hex, fieldHashes: readonly Hex[]): Hex {
  if (!isHexOfLength(protectedHash, 32)) {
    throw new DigestError(
      `protected hash "${String(protectedHash)}" is not 32 bytes of lower-case 0x-prefixed hex`,
      "",
    );
  }
  // For lower-case hex of equal length, string order (UTF-16 code units) is byte order.
  const sorted = fieldHashes.slice().sort();
  const bytes = new Uint8Array(32 * (sorted.length + 1));
  writeHex(protectedHash, bytes, 0);
  for (let i = 0; i < sorted.length; i++) {
    const hash = sorted[i];
    if (!isHexOfLength(hash, 32)) {
      throw new DigestError(`field hash "${String(hash)}" is not 32 bytes of lower-case 0x-prefixed hex`, "");
    }
    writeHex(hash, bytes, 32 * (i + 1));
  }
  return toHex(keccak256(bytes));
}

/**
 * Internal: the `count` 32-byte hashes in `hashBytes`, concatenated in ascending byte order into a
 * new array that starts with `reserve` free 32-byte slots (for the protected hash). Compares
 * big-endian 32-bit words; the first one settles nearly every pair.
 */
export function sortHashBytes(hashBytes: Uint8Array, count: number, reserve = 0): Uint8Array {
  const words = new DataView(hashBytes.buffer, hashBytes.byteOffset, 32 * count);
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => {
    for (let w = 0; w < 32; w += 4) {
      const x = words.getUint32(32 * a + w);
      const y = words.getUint32(32 * b + w);
      if (x !== y) return x - y;
    }
    return 0;
  });
  const sorted = new Uint8Array(32 * (reserve + count));
  for (let k = 0; k < count; k++) {
    sorted.set(hashBytes.subarray(32 * order[k], 32 * order[k] + 32), 32 * (reserve + k));
  }
  return sorted;
}
