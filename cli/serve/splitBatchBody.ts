/**
 * The fast read of a verify-batch body: finds where each credential lies in the body's raw bytes
 * without decoding the body or building the credentials, so that the worker threads get each part's
 * bytes (transferred, not cloned) and parse each credential (strictly) from its own slice: the body
 * (up to 64 MiB) is never a string on the request's thread, and is parsed once, in the checks.
 */
import { MAX_JSON_TEXT_LENGTH, MAX_NESTING_DEPTH, parseCredentialJson } from "../../sdk/src/node";

/** A batch body split into the byte ranges of its credentials and its other members, parsed. */
export interface SplitBatchBody {
  /** The body's bytes (UTF-8, as received). */
  bytes: Buffer;
  /** Where each entry of `verifiableCredentials` (the bytes of one JSON object, not parsed here) starts in `bytes`. */
  starts: number[];
  /** Where each ends (exclusive). */
  ends: number[];
  /** Every other member of the body, parsed with the strict parser. */
  members: Record<string, unknown>;
}

/**
 * Splits the bytes of `{ "verifiableCredentials": [ {...}, ... ], ... }` into the ranges of its
 * credentials, or gives `undefined` when the body is anything else or anything about it is unusual (a
 * member named twice, a list entry that is not an object, nesting near the limit, a credential of
 * more than 10 MiB, a member the strict parser refuses): the caller then parses the whole body (its
 * UTF-8 text, as Fastify decodes it) with the strict parser, which answers exactly as before (the JSON
 * error with its line and column, or the parsed body).
 *
 * The credentials are only delimited here (strings and brackets), not checked: a credential that is
 * not acceptable JSON is found by its strict parse, and the caller then falls back to the whole body
 * too. So a body split here holds the same values the strict parse of the whole body would give. Each
 * range starts with `{` and ends with `}`, so decoding a range gives the same text as cutting it from
 * the decoded body (a malformed UTF-8 sequence never straddles an ASCII byte).
 *
 * @example
 * splitBatchBody(Buffer.from('{"verifiableCredentials":[{"id":"a"},{"id":"b"}]}'))
 * // { bytes, starts: [26, 37], ends: [36, 47], members: {} }
 */
export function splitBatchBody(bytes: Buffer): SplitBatchBody | undefined {
  const end = bytes.length;
  let i = skipSpace(bytes, 0);
  if (bytes[i] !== 0x7b /* { */) return undefined;
  i = skipSpace(bytes, i + 1);
  const members: Record<string, unknown> = {};
  const seen = new Set<string>();
  let list: { starts: number[]; ends: number[] } | undefined;
  if (bytes[i] === 0x7d /* } */) return undefined; // no list: the caller's strict path answers
  for (;;) {
    if (bytes[i] !== 0x22 /* " */) return undefined;
    const nameEnd = skipString(bytes, i);
    if (nameEnd < 0) return undefined;
    const name = parseStrict(bytes.toString("utf8", i, nameEnd), 1);
    // A name given twice is the strict parser's error; `__proto__` is left to its own handling.
    if (typeof name !== "string" || seen.has(name) || name === "__proto__") return undefined;
    seen.add(name);
    i = skipSpace(bytes, nameEnd);
    if (bytes[i] !== 0x3a /* : */) return undefined;
    i = skipSpace(bytes, i + 1);
    if (name === "verifiableCredentials") {
      if (bytes[i] !== 0x5b /* [ */) return undefined;
      const read = readList(bytes, i);
      if (!read) return undefined;
      list = read;
      i = read.end;
    } else {
      const valueEnd = skipValue(bytes, i);
      if (valueEnd < 0) return undefined;
      // The envelope's own member at level 2 of the body: the nesting the whole-body parse allows there.
      const value = parseStrict(bytes.toString("utf8", i, valueEnd), MAX_NESTING_DEPTH + 2);
      if (value === FAILED) return undefined;
      members[name] = value;
      i = valueEnd;
    }
    i = skipSpace(bytes, i);
    const c = bytes[i];
    if (c === 0x2c /* , */) {
      i = skipSpace(bytes, i + 1);
      continue;
    }
    if (c !== 0x7d /* } */) return undefined;
    if (skipSpace(bytes, i + 1) !== end) return undefined;
    break;
  }
  return list ? { bytes, starts: list.starts, ends: list.ends, members } : undefined;
}

/**
 * The text of credential `k` of a split body (as the strict parse of the whole decoded body would
 * have cut it).
 */
export function credentialText(split: Pick<SplitBatchBody, "bytes" | "starts" | "ends">, k: number): string {
  return split.bytes.toString("utf8", split.starts[k], split.ends[k]);
}

const FAILED = Symbol("failed");

function parseStrict(text: string, maxDepth: number): unknown {
  try {
    return parseCredentialJson(text, { maxDepth, maxLength: Infinity });
  } catch {
    return FAILED;
  }
}

/** The list at `start` (a `[`): each entry's range, or undefined when an entry is not an object. */
function readList(bytes: Buffer, start: number): { starts: number[]; ends: number[]; end: number } | undefined {
  const starts: number[] = [];
  const ends: number[] = [];
  let i = skipSpace(bytes, start + 1);
  if (bytes[i] === 0x5d /* ] */) return { starts, ends, end: i + 1 };
  for (;;) {
    if (bytes[i] !== 0x7b /* { */) return undefined;
    const entryEnd = skipContainer(bytes, i);
    // Bytes, not characters: at least as many, so that no entry over the parser's limit gets through.
    if (entryEnd < 0 || entryEnd - i > MAX_JSON_TEXT_LENGTH) return undefined;
    starts.push(i);
    ends.push(entryEnd);
    i = skipSpace(bytes, entryEnd);
    const c = bytes[i];
    if (c === 0x5d /* ] */) return { starts, ends, end: i + 1 };
    if (c !== 0x2c /* , */) return undefined;
    i = skipSpace(bytes, i + 1);
  }
}

/** The end of the value at `i` (a string, a container, or a literal or number), -1 when unterminated. */
function skipValue(bytes: Buffer, i: number): number {
  const c = bytes[i];
  if (c === 0x22) return skipString(bytes, i);
  if (c === 0x7b || c === 0x5b) return skipContainer(bytes, i);
  let j = i;
  for (; j < bytes.length; j++) {
    const d = bytes[j];
    if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
  }
  return j > i ? j : -1;
}

/**
 * The end of the object or array at `i`, by counting brackets outside strings; -1 when unterminated
 * or nested deeper than MAX_NESTING_DEPTH levels. Brackets of the wrong kind are not noticed here:
 * the strict parse of the text refuses them. (UTF-8: no byte of a multi-byte character is ASCII, so
 * quotes, backslashes and brackets are found as bytes.)
 */
function skipContainer(bytes: Buffer, i: number): number {
  let depth = 0;
  const length = bytes.length;
  for (let j = i; j < length; j++) {
    // One table load per byte: most bytes of a credential (spaces, letters, digits) are class 0.
    const kind = BYTE_KIND[bytes[j]];
    if (kind === 0) continue;
    if (kind === QUOTE) {
      const after = skipString(bytes, j);
      if (after < 0) return -1;
      j = after - 1;
    } else if (kind === OPEN) {
      if (++depth > MAX_NESTING_DEPTH) return -1;
    } else if (--depth === 0) return j + 1;
  }
  return -1;
}

const QUOTE = 1;
const OPEN = 2;
const CLOSE = 3;
/** What each byte is to skipContainer: 0 (nothing), a quote, an opening or a closing bracket. */
const BYTE_KIND = new Uint8Array(256);
BYTE_KIND[0x22] = QUOTE;
BYTE_KIND[0x7b] = OPEN;
BYTE_KIND[0x5b] = OPEN;
BYTE_KIND[0x7d] = CLOSE;
BYTE_KIND[0x5d] = CLOSE;

/** The end of the string whose opening quote is at `i` (after its closing quote), -1 when unterminated. */
function skipString(bytes: Buffer, i: number): number {
  let j = i + 1;
  for (;;) {
    const quote = bytes.indexOf(0x22, j);
    if (quote < 0) return -1;
    let backslashes = 0;
    for (let k = quote - 1; k > i && bytes[k] === 0x5c; k--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    j = quote + 1;
  }
}

function skipSpace(bytes: Buffer, i: number): number {
  for (; i < bytes.length; i++) {
    const c = bytes[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
  }
  return i;
}
