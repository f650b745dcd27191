import type { Hex } from "../types";

const HEX_DIGITS = "0123456789abcdef";
const BYTE_TO_HEX: string[] = Array.from({ length: 256 }, (_, i) => HEX_DIGITS[i >> 4] + HEX_DIGITS[i & 15]);

/** Lower-case 0x-prefixed hex of `bytes` (internal helper of the canonical module). */
export function toHex(bytes: Uint8Array): Hex {
  let out = "0x";
  for (let i = 0; i < bytes.length; i++) out += BYTE_TO_HEX[bytes[i]];
  return out as Hex;
}

/** Lower-case hex of `bytes` without the 0x prefix. */
export function toBareHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += BYTE_TO_HEX[bytes[i]];
  return out;
}

function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  return -1;
}

/**
 * Writes the bytes of a lower-case 0x-prefixed hex string into `target` at `offset`.
 * The caller has checked the format (see `isHexOfLength`).
 */
export function writeHex(hex: string, target: Uint8Array, offset: number): void {
  const n = (hex.length - 2) >> 1;
  for (let i = 0; i < n; i++) {
    target[offset + i] = (nibble(hex.charCodeAt(2 + 2 * i)) << 4) | nibble(hex.charCodeAt(3 + 2 * i));
  }
}

/** True when `value` is `0x` followed by exactly `2 * bytes` lower-case hex digits. */
export function isHexOfLength(value: unknown, bytes: number): value is Hex {
  if (typeof value !== "string" || value.length !== 2 + 2 * bytes || value[0] !== "0" || value[1] !== "x") return false;
  for (let i = 2; i < value.length; i++) if (nibble(value.charCodeAt(i)) < 0) return false;
  return true;
}

/**
 * The two ASCII hex digits of each byte, first digit at [2 * byte]. Bytes, not a Uint16Array view:
 * a multi-byte view reads memory in the machine's byte order, which gave swapped digits on a
 * big-endian machine.
 */
const HEX_PAIRS = new Uint8Array(512);
for (let i = 0; i < 256; i++) {
  HEX_PAIRS[2 * i] = HEX_DIGITS.charCodeAt(i >> 4);
  HEX_PAIRS[2 * i + 1] = HEX_DIGITS.charCodeAt(i & 15);
}
const asciiDecoder = new TextDecoder();
let hexScratch = new Uint8Array(2048);

/**
 * Lower-case hex of many bytes at once (no prefix), for slicing into per-item strings: one decoder
 * call instead of a string concatenation per byte. Independent of the machine's byte order.
 */
export function toBareHexBulk(bytes: Uint8Array): string {
  const length = 2 * bytes.length;
  if (hexScratch.length < length) hexScratch = new Uint8Array(Math.max(length, 2 * hexScratch.length));
  for (let i = 0; i < bytes.length; i++) {
    const pair = 2 * bytes[i];
    hexScratch[2 * i] = HEX_PAIRS[pair];
    hexScratch[2 * i + 1] = HEX_PAIRS[pair + 1];
  }
  return asciiDecoder.decode(hexScratch.subarray(0, length));
}
