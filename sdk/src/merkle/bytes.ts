/**
 * Hex helpers for the Merkle code: bulk conversion of flat 32-byte node arrays (one decode per range,
 * not one string per byte) and strict parsing of 32-byte hex values. Browser-safe.
 */
import type { Hex } from "../types";

const DIGITS = "0123456789abcdef";
/**
 * The two ASCII hex digits of each byte, first digit at [2 * byte]. Plain bytes, so the result does
 * not depend on the machine's byte order (a Uint16Array view would swap the digits on big-endian).
 */
const PAIRS = new Uint8Array(512);
for (let byte = 0; byte < 256; byte++) {
  PAIRS[2 * byte] = DIGITS.charCodeAt(byte >> 4);
  PAIRS[2 * byte + 1] = DIGITS.charCodeAt(byte & 15);
}
const decoder = new TextDecoder();

/** Lower-case hex (no 0x) of bytes[start, end). */
export function hexOfRange(bytes: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length < 16) {
    let out = "";
    for (let i = start; i < end; i++) out += DIGITS[bytes[i] >> 4] + DIGITS[bytes[i] & 15];
    return out;
  }
  const chars = new Uint8Array(2 * length);
  for (let i = 0; i < length; i++) {
    const pair = 2 * bytes[start + i];
    chars[2 * i] = PAIRS[pair];
    chars[2 * i + 1] = PAIRS[pair + 1];
  }
  return decoder.decode(chars);
}

/** `0x` and the 64 hex digits of the 32 bytes at `offset`. */
export function hex32(bytes: Uint8Array, offset: number): Hex {
  return `0x${hexOfRange(bytes, offset, offset + 32)}`;
}

function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  if (code >= 65 && code <= 70) return code - 55; // A-F
  return -1;
}

/**
 * Parses `0x` + 64 hex digits (either case) into out[offset, offset+32). Returns false (and leaves
 * garbage in out) when `value` is not exactly that.
 */
export function parseHex32(value: unknown, out: Uint8Array, offset: number): boolean {
  if (typeof value !== "string" || value.length !== 66 || value[0] !== "0" || (value[1] !== "x" && value[1] !== "X")) {
    return false;
  }
  for (let i = 0; i < 32; i++) {
    const high = nibble(value.charCodeAt(2 + 2 * i));
    const low = nibble(value.charCodeAt(3 + 2 * i));
    if (high < 0 || low < 0) return false;
    out[offset + i] = (high << 4) | low;
  }
  return true;
}

/** Byte-wise comparison of two 32-byte values at the given offsets (<0, 0, >0). */
export function compare32(a: Uint8Array, aOffset: number, b: Uint8Array, bOffset: number): number {
  for (let i = 0; i < 32; i++) {
    const d = a[aOffset + i] - b[bOffset + i];
    if (d !== 0) return d;
  }
  return 0;
}
