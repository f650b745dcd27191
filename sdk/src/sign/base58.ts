/** Base58 (Bitcoin alphabet), as multibase `z` uses it. Small inputs only (keys, signatures). */
const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Encodes bytes as base58btc (without the multibase `z`). */
export function base58Encode(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  const digits: number[] = [];
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i]!;
    for (let j = 0; j < digits.length; j++) {
      carry += digits[j]! << 8;
      digits[j] = carry % 58;
      carry = (carry / 58) | 0;
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = (carry / 58) | 0;
    }
  }
  let out = "1".repeat(zeros);
  for (let i = digits.length - 1; i >= 0; i--) out += ALPHABET[digits[i]!];
  return out;
}

/** The value of each base58 character by its code (ASCII), -1 for any other character. */
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

/** Decodes base58btc; `undefined` when a character is outside the alphabet. */
export function base58Decode(text: string): Uint8Array | undefined {
  let zeros = 0;
  while (zeros < text.length && text.charCodeAt(zeros) === 49 /* "1" */) zeros++;
  // The number in little-endian 16-bit limbs, five digits folded in at a time: a limb times 58^5 (< 2^30)
  // plus the carry stays below 2^53, exact in a double.
  const limbs: number[] = [];
  let i = zeros;
  while (i < text.length) {
    let chunk = 0;
    let factor = 1;
    for (const end = Math.min(i + 5, text.length); i < end; i++) {
      const code = text.charCodeAt(i);
      const digit = code < 128 ? DIGIT[code]! : -1;
      if (digit < 0) return undefined;
      chunk = chunk * 58 + digit;
      factor *= 58;
    }
    let carry = chunk;
    for (let j = 0; j < limbs.length; j++) {
      carry += limbs[j]! * factor;
      limbs[j] = carry % 65536;
      carry = Math.floor(carry / 65536);
    }
    while (carry > 0) {
      limbs.push(carry % 65536);
      carry = Math.floor(carry / 65536);
    }
  }
  // Big-endian, without the number's leading zero byte: the zeros of the text first.
  const top = limbs.length > 0 && limbs[limbs.length - 1]! < 256 ? 1 : 0;
  const out = new Uint8Array(zeros + limbs.length * 2 - top);
  let at = out.length;
  for (let j = 0; j < limbs.length; j++) {
    out[--at] = limbs[j]! & 0xff;
    if (at > zeros) out[--at] = limbs[j]! >> 8;
  }
  return out;
}
