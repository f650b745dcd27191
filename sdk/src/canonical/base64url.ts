/**
 * base64url without padding (RFC 4648 section 5), browser-safe. The decoder is strict: it accepts only
 * the canonical text of some byte string (alphabet A-Z a-z 0-9 - _, no padding, no whitespace, unused
 * trailing bits zero), so every byte string has exactly one accepted spelling.
 */
import { NodeBuffer } from "./nodeBuffer";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/** Texts from this length on are decoded by NodeBuffer; shorter ones cost more to hand over than to decode. */
const NATIVE_FROM = 64;

/**
 * base64url text of `bytes`, without padding.
 *
 * @example
 * toBase64Url(new Uint8Array([0xfb, 0xff])) // "-_8"
 */
export function toBase64Url(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63];
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63];
  }
  return out;
}

/**
 * The bytes of canonical unpadded base64url `text`, or a string saying why it is not (a character
 * outside the alphabet with its 0-based position, an impossible length, or non-zero unused bits).
 *
 * @example
 * fromBase64Url("-_8") // Uint8Array [0xfb, 0xff]
 * fromBase64Url("-_9") // "the last character has unused bits set (not the canonical spelling)"
 */
export function fromBase64Url(text: string): Uint8Array | string {
  if (NodeBuffer !== undefined && text.length >= NATIVE_FROM) {
    // Node decodes natively but leniently (it skips what is outside the alphabet, reads "+/" and padding,
    // ignores unused bits): its bytes are taken only when the text is exactly their canonical spelling;
    // any other text goes the checking way below, which says why it is not.
    const bytes = NodeBuffer.from(text, "base64url");
    if (bytes.toString("base64url") === text) return new Uint8Array(bytes);
  }
  // One pass: each group of four characters is checked and decoded together (no array of values).
  const length = text.length;
  const out = new Uint8Array(Math.floor((length * 3) / 4));
  let o = 0;
  let i = 0;
  for (; i + 3 < length; i += 4) {
    const a = valueAt(text, i);
    const b = valueAt(text, i + 1);
    const c = valueAt(text, i + 2);
    const d = valueAt(text, i + 3);
    if ((a | b | c | d) < 0) return notInAlphabet(text, i);
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  for (let j = i; j < length; j++) if (valueAt(text, j) < 0) return notInAlphabet(text, j);
  if (length % 4 === 1) return `a length of ${length} characters is impossible in base64url`;
  const rest = length - i;
  if (rest === 2) {
    const [a, b] = [valueAt(text, i), valueAt(text, i + 1)];
    if ((b & 15) !== 0) return "the last character has unused bits set (not the canonical spelling)";
    out[o] = (a << 2) | (b >> 4);
  } else if (rest === 3) {
    const [a, b, c] = [valueAt(text, i), valueAt(text, i + 1), valueAt(text, i + 2)];
    if ((c & 3) !== 0) return "the last character has unused bits set (not the canonical spelling)";
    const n = (a << 18) | (b << 12) | (c << 6);
    out[o++] = n >> 16;
    out[o] = (n >> 8) & 255;
  }
  return out;
}

/** The 6-bit value of the character at `i`, or -1 outside the alphabet. */
function valueAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  return code < 128 ? VALUES[code] : -1;
}

/** Why `text` is not base64url: its first character from `from` outside the alphabet. */
function notInAlphabet(text: string, from: number): string {
  let i = from;
  while (valueAt(text, i) >= 0) i++;
  return `character ${JSON.stringify(text[i])} at position ${i} is not in the base64url alphabet (A-Z a-z 0-9 - _, no padding)`;
}
