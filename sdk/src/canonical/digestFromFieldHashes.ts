import { DigestError } from "../errors/credential";
import { keccak256 } from "../hash/keccak";
import type { Hex } from "../types";
import { isHexOfLength, toHex, writeHex } from "./hex";

/**
 * The digest of a credential from its field hashes (visible and redacted alike): keccak256 of the
 * concatenation of the 32-byte hashes sorted in ascending byte order. Order of the input does not matter.
 *
 * @example
 * digestFromFieldHashes([hashB, hashA]) === digestFromFieldHashes([hashA, hashB]) // true
 */
export function digestFromFieldHashes(fieldHashes: readonly Hex[]): Hex {
  // For lower-case hex of equal length, string order (UTF-16 code units) is byte order.
  const sorted = fieldHashes.slice().sort();
  const bytes = new Uint8Array(32 * sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    const hash = sorted[i];
    if (!isHexOfLength(hash, 32)) {
      throw new DigestError(`field hash "${String(hash)}" is not 32 bytes of lower-case 0x-prefixed hex`, "");
    }
    writeHex(hash, bytes, 32 * i);
  }
  return toHex(keccak256(bytes));
}
