/**
 * The small subset of deterministic CBOR (RFC 8949, "core deterministic encoding", section 4.2.1) that
 * credanchor's proofValue uses (docs/SPEC.md section 4.3): unsigned integers up to 2^53 − 1, byte
 * strings, text strings, arrays, maps with text keys, and null. Browser-safe.
 *
 * The decoder is strict: it refuses anything the encoder would not write, so every value has exactly
 * one accepted encoding. Refused: indefinite lengths, heads longer than needed, map keys that are not
 * text or not in bytewise order of their encodings, duplicate keys, invalid UTF-8, tags, negative
 * integers, floats, booleans, undefined, and nesting deeper than MAX_CBOR_DEPTH.
 */

/** A value of the subset. Maps are JavaScript Maps with string keys. */
export type CborValue = number | Uint8Array | string | CborValue[] | Map<string, CborValue> | null;

/** Deepest nesting the decoder accepts (the proofValue array is level 1 and its deepest items level 3). */
export const MAX_CBOR_DEPTH = 8;

/** Why a byte string is not a value of the subset: `malformed` (not CBOR, or a kind outside the subset) or `non-canonical`. */
export class CborDecodeError extends Error {
  constructor(
    readonly kind: "malformed" | "non-canonical",
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`${reason} (byte ${offset})`);
    this.name = "CborDecodeError";
  }
}

const encoder = new TextEncoder();
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const TWO_32 = 2 ** 32;

function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

function head(major: number, n: number, out: number[]): void {
  const m = major << 5;
  if (n < 24) out.push(m | n);
  else if (n < 0x100) out.push(m | 24, n);
  else if (n < 0x10000) out.push(m | 25, n >> 8, n & 255);
  else if (n < TWO_32) out.push(m | 26, n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255);
  else {
    const hi = Math.floor(n / TWO_32);
    const lo = n >>> 0;
    out.push(m | 27, hi >>> 24, (hi >> 16) & 255, (hi >> 8) & 255, hi & 255);
    out.push(lo >>> 24, (lo >> 16) & 255, (lo >> 8) & 255, lo & 255);
  }
}

function compareBytes(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function encodeInto(value: CborValue, out: number[]): void {
  if (value === null) out.push(0xf6);
  else if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`CBOR: ${value} is not an unsigned safe integer`);
    head(0, value, out);
  } else if (value instanceof Uint8Array) {
    head(2, value.length, out);
    for (let i = 0; i < value.length; i++) out.push(value[i]);
  } else if (typeof value === "string") {
    if (hasLoneSurrogate(value)) throw new RangeError("CBOR: a text string holds an unpaired UTF-16 surrogate");
    const bytes = encoder.encode(value);
    head(3, bytes.length, out);
    for (let i = 0; i < bytes.length; i++) out.push(bytes[i]);
  } else if (Array.isArray(value)) {
    head(4, value.length, out);
    for (const item of value) encodeInto(item, out);
  } else if (value instanceof Map) {
    const entries = [...value].map(([key, item]) => {
      const keyBytes: number[] = [];
      encodeInto(key, keyBytes);
      return { keyBytes, item };
    });
    entries.sort((a, b) => compareBytes(a.keyBytes, b.keyBytes));
    head(5, entries.length, out);
    for (const { keyBytes, item } of entries) {
      for (const b of keyBytes) out.push(b);
      encodeInto(item, out);
    }
  } else throw new TypeError("CBOR: unsupported value");
}

/**
 * The deterministic CBOR encoding of `value` (shortest heads, definite lengths, map keys sorted
 * bytewise by their encodings).
 *
 * @example
 * encodeCbor([1, new Uint8Array([0xab]), null]) // Uint8Array [0x83, 0x01, 0x41, 0xab, 0xf6]
 */
export function encodeCbor(value: CborValue): Uint8Array {
  const out: number[] = [];
  encodeInto(value, out);
  return Uint8Array.from(out);
}

/**
 * The shortest head of an item of major type `major` (0 unsigned integer, 2 byte string, 3 text,
 * 4 array, 5 map) with argument `n`: for splicing precomputed parts of a deterministic encoding.
 *
 * @example
 * encodeCborHead(4, 3) // Uint8Array [0x83]
 */
export function encodeCborHead(major: number, n: number): Uint8Array {
  const out: number[] = [];
  head(major, n, out);
  return Uint8Array.from(out);
}

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  fail(kind: "malformed" | "non-canonical", reason: string, at = this.pos): never {
    throw new CborDecodeError(kind, at, reason);
  }

  need(n: number, what: string): void {
    if (this.pos + n > this.bytes.length) {
      this.fail("malformed", `truncated: ${what} needs ${n} more byte(s), ${this.bytes.length - this.pos} left`);
    }
  }

  /** Reads an item head; returns the major type and the argument. */
  head(): { major: number; arg: number; start: number } {
    const start = this.pos;
    this.need(1, "an item");
    const ib = this.bytes[this.pos++];
    const major = ib >> 5;
    const ai = ib & 31;
    if (major === 7) {
      if (ib === 0xf6) return { major, arg: 0, start };
      const what =
        ib === 0xf4 || ib === 0xf5
          ? "a boolean"
          : ib === 0xf7
            ? "undefined"
            : ai >= 25 && ai <= 27
              ? "a float"
              : "a simple value";
      this.fail("malformed", `${what} (initial byte 0x${ib.toString(16)}) is not used by this format`, start);
    }
    if (ai < 24) return { major, arg: ai, start };
    if (ai === 31) this.fail("non-canonical", "indefinite length is not allowed (deterministic CBOR)", start);
    if (ai > 27) this.fail("malformed", `reserved additional information ${ai}`, start);
    const size = 1 << (ai - 24);
    this.need(size, "the item's argument");
    let arg = 0;
    for (let i = 0; i < size; i++) arg = arg * 256 + this.bytes[this.pos++];
    const min = size === 1 ? 24 : size === 2 ? 0x100 : size === 4 ? 0x10000 : TWO_32;
    if (arg < min) this.fail("non-canonical", `the argument ${arg} is not encoded in its shortest form`, start);
    if (arg > Number.MAX_SAFE_INTEGER) this.fail("malformed", "an integer or length above 2^53 − 1", start);
    return { major, arg, start };
  }

  item(depth: number): CborValue {
    if (depth > MAX_CBOR_DEPTH) this.fail("malformed", `nesting deeper than ${MAX_CBOR_DEPTH} levels`);
    const { major, arg, start } = this.head();
    switch (major) {
      case 0:
        return arg;
      case 2: {
        this.need(arg, "a byte string");
        const out = this.bytes.slice(this.pos, this.pos + arg);
        this.pos += arg;
        return out;
      }
      case 3:
        return this.text(arg, start);
      case 4: {
        this.need(arg, "the array's items"); // every item takes at least one byte
        const out: CborValue[] = [];
        for (let i = 0; i < arg; i++) out.push(this.item(depth + 1));
        return out;
      }
      case 5: {
        this.need(2 * arg, "the map's entries");
        const out = new Map<string, CborValue>();
        let previous: Uint8Array | undefined;
        for (let i = 0; i < arg; i++) {
          const keyStart = this.pos;
          const key = this.head();
          if (key.major !== 3) this.fail("malformed", "a map key is not a text string", keyStart);
          const text = this.text(key.arg, keyStart);
          const keyBytes = this.bytes.subarray(keyStart, this.pos);
          if (previous) {
            const order = compareBytes(previous, keyBytes);
            if (order === 0) this.fail("malformed", `duplicate map key ${JSON.stringify(text)}`, keyStart);
            if (order > 0) {
              this.fail(
                "non-canonical",
                `map key ${JSON.stringify(text)} is out of order (keys sort bytewise by their encoding)`,
                keyStart,
              );
            }
          }
          previous = keyBytes;
          out.set(text, this.item(depth + 1));
        }
        return out;
      }
      case 1:
        return this.fail("malformed", "a negative integer is not used by this format", start);
      case 6:
        return this.fail("malformed", "a tag is not used by this format", start);
      default: // 7: only null reaches here
        return null;
    }
  }

  text(length: number, start: number): string {
    this.need(length, "a text string");
    const slice = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    try {
      return utf8.decode(slice);
    } catch {
      return this.fail("malformed", "a text string is not valid UTF-8", start);
    }
  }
}

/**
 * Decodes one value of the subset that fills `bytes` exactly. Throws CborDecodeError (with the byte
 * offset) on anything else; bytes after the value are `trailing` (kind "malformed", reason starting
 * with "trailing").
 *
 * @example
 * decodeCbor(new Uint8Array([0x83, 0x01, 0x41, 0xab, 0xf6])) // [1, Uint8Array [0xab], null]
 */
export function decodeCbor(bytes: Uint8Array): CborValue {
  const reader = new Reader(bytes);
  const value = reader.item(1);
  if (reader.pos !== bytes.length) {
    throw new CborTrailingBytesError(reader.pos, bytes.length - reader.pos);
  }
  return value;
}

/** The value ended before the bytes did. */
export class CborTrailingBytesError extends CborDecodeError {
  constructor(
    offset: number,
    readonly count: number,
  ) {
    super("malformed", offset, `${count} trailing byte(s) after the value`);
    this.name = "CborTrailingBytesError";
  }
}
