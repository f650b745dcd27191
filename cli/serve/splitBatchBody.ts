/**
 * The fast read of a verify-batch body: finds each credential's text in the raw JSON without building
 * the credentials, so that the worker threads parse each one (strictly) from its own slice and the
 * 32 MiB body is parsed once, not once here and again in the checks.
 */
import { MAX_JSON_TEXT_LENGTH, MAX_NESTING_DEPTH, parseCredentialJson } from "../../sdk/src/node";

/** A batch body split into the texts of its credentials and its other members, parsed. */
export interface SplitBatchBody {
  /** Each entry of `verifiableCredentials`, as the JSON text of one object (not parsed here). */
  credentials: string[];
  /** Every other member of the body, parsed with the strict parser. */
  members: Record<string, unknown>;
}

/**
 * Splits `{ "verifiableCredentials": [ {...}, ... ], ... }` into the texts of its credentials, or
 * gives `undefined` when the body is anything else or anything about it is unusual (a member named
 * twice, a list entry that is not an object, nesting near the limit, a credential text over 10 MiB,
 * a member the strict parser refuses): the caller then parses the whole body with the strict parser,
 * which answers exactly as before (the JSON error with its line and column, or the parsed body).
 *
 * The credential texts are only delimited here (strings and brackets), not checked: a text that is
 * not acceptable JSON is found by its strict parse, and the caller then falls back to the whole body
 * too. So a body split here holds the same values the strict parse of the whole body would give.
 *
 * @example
 * splitBatchBody('{"verifiableCredentials":[{"id":"a"},{"id":"b"}]}')
 * // { credentials: ['{"id":"a"}', '{"id":"b"}'], members: {} }
 */
export function splitBatchBody(text: string): SplitBatchBody | undefined {
  const end = text.length;
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== 0x7b /* { */) return undefined;
  i = skipSpace(text, i + 1);
  const members: Record<string, unknown> = {};
  const seen = new Set<string>();
  let credentials: string[] | undefined;
  if (text.charCodeAt(i) === 0x7d /* } */) return undefined; // no list: the caller's strict path answers
  for (;;) {
    if (text.charCodeAt(i) !== 0x22 /* " */) return undefined;
    const nameEnd = skipString(text, i);
    if (nameEnd < 0) return undefined;
    const name = parseStrict(text.slice(i, nameEnd), 1);
    // A name given twice is the strict parser's error; `__proto__` is left to its own handling.
    if (typeof name !== "string" || seen.has(name) || name === "__proto__") return undefined;
    seen.add(name);
    i = skipSpace(text, nameEnd);
    if (text.charCodeAt(i) !== 0x3a /* : */) return undefined;
    i = skipSpace(text, i + 1);
    if (name === "verifiableCredentials") {
      if (text.charCodeAt(i) !== 0x5b /* [ */) return undefined;
      const list = readList(text, i);
      if (!list) return undefined;
      credentials = list.texts;
      i = list.end;
    } else {
      const valueEnd = skipValue(text, i);
      if (valueEnd < 0) return undefined;
      // The envelope's own member at level 2 of the body: the nesting the whole-body parse allows there.
      const value = parseStrict(text.slice(i, valueEnd), MAX_NESTING_DEPTH + 2);
      if (value === FAILED) return undefined;
      members[name] = value;
      i = valueEnd;
    }
    i = skipSpace(text, i);
    const c = text.charCodeAt(i);
    if (c === 0x2c /* , */) {
      i = skipSpace(text, i + 1);
      continue;
    }
    if (c !== 0x7d /* } */) return undefined;
    if (skipSpace(text, i + 1) !== end) return undefined;
    break;
  }
  return credentials ? { credentials, members } : undefined;
}

const FAILED = Symbol("failed");

function parseStrict(text: string, maxDepth: number): unknown {
  try {
    return parseCredentialJson(text, { maxDepth, maxLength: Infinity });
  } catch {
    return FAILED;
  }
}

/** The list at `start` (a `[`): each entry's text, or undefined when an entry is not an object. */
function readList(text: string, start: number): { texts: string[]; end: number } | undefined {
  const texts: string[] = [];
  let i = skipSpace(text, start + 1);
  if (text.charCodeAt(i) === 0x5d /* ] */) return { texts, end: i + 1 };
  for (;;) {
    if (text.charCodeAt(i) !== 0x7b /* { */) return undefined;
    const entryEnd = skipContainer(text, i);
    // Well below the whole-body parse's limit at this level, so that a deep entry takes the strict path.
    if (entryEnd < 0 || entryEnd - i > MAX_JSON_TEXT_LENGTH) return undefined;
    texts.push(text.slice(i, entryEnd));
    i = skipSpace(text, entryEnd);
    const c = text.charCodeAt(i);
    if (c === 0x5d /* ] */) return { texts, end: i + 1 };
    if (c !== 0x2c /* , */) return undefined;
    i = skipSpace(text, i + 1);
  }
}

/** The end of the value at `i` (a string, a container, or a literal or number), -1 when unterminated. */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22) return skipString(text, i);
  if (c === 0x7b || c === 0x5b) return skipContainer(text, i);
  let j = i;
  for (; j < text.length; j++) {
    const d = text.charCodeAt(j);
    if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
  }
  return j > i ? j : -1;
}

/**
 * The end of the object or array at `i`, by counting brackets outside strings; -1 when unterminated
 * or nested deeper than MAX_NESTING_DEPTH levels. Brackets of the wrong kind are not noticed here:
 * the strict parse of the text refuses them.
 */
function skipContainer(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22) {
      const after = skipString(text, j);
      if (after < 0) return -1;
      j = after - 1;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_NESTING_DEPTH) return -1;
    } else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) return j + 1;
    }
  }
  return -1;
}

/** The end of the string whose opening quote is at `i` (after its closing quote), -1 when unterminated. */
function skipString(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const quote = text.indexOf('"', j);
    if (quote < 0) return -1;
    let backslashes = 0;
    for (let k = quote - 1; k > i && text.charCodeAt(k) === 0x5c; k--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    j = quote + 1;
  }
}

function skipSpace(text: string, i: number): number {
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
  }
  return i;
}
