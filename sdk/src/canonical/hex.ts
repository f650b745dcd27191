/**
 * The SDK's one hex codec: lower-case hex out of bytes (whole arrays or ranges), strict parsing of
 * hex values into bytes. Browser-safe, no imports beyond types; every module that turns bytes into
 * hex or back (canonical, merkle, credential, batch, stack, sign) uses these.
 */
import type { Hex } from "../types";

const HEX_DIGITS = "0123456789abcdef";
const BYTE_TO_HEX: string[] = Array.from({ length: 256 }, (_, i) => HEX_DIGITS[i >> 4] + HEX_DIGITS[i & 15]);

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
 * Lower-case hex (no 0x) of bytes[start, end). From 16 bytes on, the digits are written into one
 * reused buffer and decoded in one call (about twice as fast for a 32-byte hash as adding one string
 * per byte, and the result is a flat string); shorter ranges are concatenated. Independent of the
 * machine's byte order.
 */
export function hexOfRange(bytes: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length < 16) {
    let out = "";
    for (let i = start; i < end; i++) out += BYTE_TO_HEX[bytes[i]];
    return out;
  }
  if (hexScratch.length < 2 * length) hexScratch = new Uint8Array(Math.max(2 * length, 2 * hexScratch.length));
  for (let i = 0; i < length; i++) {
    const pair = 2 * bytes[start + i];
    hexScratch[2 * i] = HEX_PAIRS[pair];
    hexScratch[2 * i + 1] = HEX_PAIRS[pair + 1];
  }
  return asciiDecoder.decode(hexScratch.subarray(0, 2 * length));
}

/** Lower-case hex of `bytes` without the 0x prefix. */
export function toBareHex(bytes: Uint8Array): string {
  return hexOfRange(bytes, 0, bytes.length);
}

/** Lower-case 0x-prefixed hex of `bytes`. */
export function toHex(bytes: Uint8Array): Hex {
  return `0x${hexOfRange(bytes, 0, bytes.length)}`;
}

/** `0x` and the 64 hex digits of the 32 bytes at `offset`. */
export function hex32(bytes: Uint8Array, offset: number): Hex {
  return `0x${hexOfRange(bytes, offset, offset + 32)}`;
}

/** The value of one ASCII hex digit (either case), or -1. */
function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  if (code >= 65 && code <= 70) return code - 55; // A-F
  return -1;
}

/**
 * Writes the bytes of a 0x-prefixed hex string into `target` at `offset`.
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
  for (let i = 2; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (nibble(code) < 0 || (code >= 65 && code <= 70)) return false; // upper case is not canonical here
  }
  return true;
}

/**
 * Parses `0x` + 64 hex digits (either case, either 0x or 0X) into out[offset, offset+32). Returns
 * false (and leaves garbage in out) when `value` is not exactly that.
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
