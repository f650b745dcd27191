import { MAX_NESTING_DEPTH } from "../canonical/flatten";
import { escapePointerToken } from "../canonical/pointer";
import { CredentialParseError } from "../errors/credential";
import type { JsonValue } from "./types";

/**
 * Longest JSON text read (10 MiB, in UTF-16 code units), checked before anything else: a credential is
 * a few kilobytes, so a longer text is refused at once instead of being scanned and held in memory. A
 * file of at most 10 MiB (bytes) never exceeds it; file readers check the byte size before reading.
 */
export const MAX_JSON_TEXT_LENGTH = 10 * 1024 * 1024;

/**
 * The `code` of a CredentialParseError for JSON text that is well-formed (RFC 8259) but breaks one of
 * the extra rules of docs/SPEC.md 1.1: a duplicate member name, nesting deeper than 64 levels, a
 * number a 64-bit float cannot hold exactly, an unpaired surrogate. A syntax error has the code
 * `CREDENTIAL_PARSE`, a text over the size limit `CREDENTIAL_TOO_LARGE`.
 */
export const JSON_RULE_ERROR_CODE = "CREDENTIAL_JSON_RULE";

export interface ParseCredentialJsonOptions {
  /** The file the text came from, for error messages. */
  file?: string;
  /** Deepest nesting accepted (default MAX_NESTING_DEPTH, 64). */
  maxDepth?: number;
  /** Longest text accepted, in UTF-16 code units (default MAX_JSON_TEXT_LENGTH, 10 MiB). */
  maxLength?: number;
}

/** 1-based line and column (in UTF-16 code units) of offset `pos` in `text`. */
function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: pos - lineStart + 1 };
}

/** `text` with control, bidirectional-override and unpaired surrogate characters written as \uXXXX, for messages. */
function printable(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += text[i] + text[i + 1]; // a surrogate pair: one ordinary character
      i++;
    } else if (
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      code === 0x061c ||
      code === 0x200e ||
      code === 0x200f ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069) ||
      (code >= 0xd800 && code <= 0xdfff)
    ) {
      out += `\\u${code.toString(16).padStart(4, "0")}`;
    } else out += text[i];
  }
  return out;
}

/** A decimal number text as sign, significant digits and exponent (value = digits × 10^exponent); zero is "0". */
function decimalValue(text: string): { negative: boolean; digits: string; exponent: number } {
  const match = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!match) return { negative: false, digits: text, exponent: NaN };
  const fraction = match[3] ?? "";
  const all = match[2] + fraction;
  const lead = all.search(/[1-9]/);
  if (lead < 0) return { negative: false, digits: "0", exponent: 0 };
  const significant = all.slice(lead).replace(/0+$/, "");
  const exponent = Number(match[4] ?? 0) - fraction.length + (all.length - lead - significant.length);
  return { negative: match[1] === "-", digits: significant, exponent };
}

/**
 * Why the number text `literal` cannot be read faithfully as a 64-bit float, or undefined when it can:
 * it is out of range, or it would be read as another number (9007199254740993 reads as
 * 9007199254740992, 1e-400 as 0), so that two different texts would carry the same value.
 */
function inexactNumber(literal: string): string | undefined {
  const value = Number(literal);
  if (!Number.isFinite(value)) return "number is too large for a 64-bit float";
  // Up to 15 significant digits without an exponent always survive the round trip (DBL_DIG).
  if (literal.length <= 15 && !/[eE]/.test(literal)) return undefined;
  const written = decimalValue(literal);
  const read = decimalValue(String(value));
  if (
    written.digits === read.digits &&
    written.exponent === read.exponent &&
    (written.negative === read.negative || written.digits === "0")
  ) {
    return undefined;
  }
  return `number ${literal} cannot be read exactly: a 64-bit float holds it as ${String(value)}; write it with fewer digits, or as a string`;
}

const HEX = /^[0-9a-fA-F]{4}$/;
const SURROGATE = /[\ud800-\udfff]/;
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const RULE_FIX =
  "The text is JSON but breaks a rule credanchor adds (docs/SPEC.md 1.1): give the file as the issuer wrote it.";
// Sticky scanners: each matches at lastIndex only, so a whole run is skipped in native code.
const STRING_RUN = /[^"\\\u0000-\u001f]*/y;
/** Members of an object checked for duplicates by a list; a larger object gets a Set. */
const SMALL_OBJECT = 16;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * Parses JSON text that comes from outside (a credential file, a template, a JSONL row) with the
 * checks that JSON.parse lacks: a syntax error names the file, line and column; a duplicate member
 * name in any object is refused (two readers could otherwise see two different values); nesting
 * deeper than 64 levels is refused. One linear scan, then the native JSON.parse. A leading byte
 * order mark is ignored.
 *
 * @example
 * parseCredentialJson('{"a":1,"a":2}', { file: "x.json" })
 * // throws CredentialParseError: x.json:1:8 at /a: duplicate member name "a"
 */
export function parseCredentialJson(text: string, options: ParseCredentialJsonOptions = {}): JsonValue {
  const maxDepth = options.maxDepth ?? MAX_NESTING_DEPTH;
  const maxLength = options.maxLength ?? MAX_JSON_TEXT_LENGTH;
  if (text.length > maxLength) {
    throw new CredentialParseError(
      `the text is ${text.length.toLocaleString("en-US")} characters long; at most ${maxLength.toLocaleString("en-US")} (${
        maxLength === MAX_JSON_TEXT_LENGTH ? "10 MiB" : "the limit"
      }) are read`,
      { file: options.file, pointer: "" },
      { code: "CREDENTIAL_TOO_LARGE", fix: "Give a credential file (a few kilobytes), not another file." },
    );
  }
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return parseWithoutScan(source, maxDepth) ?? scanCredentialJson(source, options);
}

/**
 * Internal: the value of `source` (no byte order mark) when JSON.parse and one walk of its result show
 * that the strict scan would accept it, else `undefined` (the caller runs `scanCredentialJson`, which
 * finds and names the problem). Taken only for a text with no backslash (so no escape, and every `"`
 * opens or closes a string), no surrogate (so none unpaired) and no number (whose literal the walk
 * cannot see): then the text has exactly one string per member name and string value, and a
 * duplicate member name, which JSON.parse drops, shows as fewer strings in the value than `"` pairs
 * in the text. Nesting is counted as the scan counts it. Nearly every credential file takes it; it
 * costs about a third of the scan.
 */
export function parseWithoutScan(source: string, maxDepth: number = MAX_NESTING_DEPTH): JsonValue | undefined {
  if (source.indexOf("\\") !== -1 || SURROGATE.test(source)) return undefined;
  let value: JsonValue;
  try {
    value = JSON.parse(source) as JsonValue;
  } catch {
    return undefined;
  }
  let quotes = 0;
  for (let at = source.indexOf('"'); at !== -1; at = source.indexOf('"', at + 1)) quotes++;
  const strings = countStrings(value, 0, maxDepth);
  return strings >= 0 && 2 * strings === quotes ? value : undefined;
}

/** Member names and string values in `value`, or -1 for a number or nesting the scan refuses. */
function countStrings(value: JsonValue, level: number, maxDepth: number): number {
  if (typeof value === "string") return 1;
  if (typeof value !== "object" || value === null) return typeof value === "number" ? -1 : 0;
  if (level >= maxDepth) return -1;
  let count = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const inner = countStrings(value[i], level + 1, maxDepth);
      if (inner < 0) return -1;
      count += inner;
    }
    return count;
  }
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const inner = countStrings(value[key], level + 1, maxDepth);
    if (inner < 0) return -1;
    count += inner + 1;
  }
  return count;
}

/**
 * Internal: the strict scan of `parseCredentialJson` over `source` (no byte order mark, length
 * checked), then JSON.parse: throws the CredentialParseError naming the first problem. What
 * `parseWithoutScan` is tested against.
 */
export function scanCredentialJson(source: string, options: ParseCredentialJsonOptions = {}): JsonValue {
  const maxDepth = options.maxDepth ?? MAX_NESTING_DEPTH;
  const n = source.length;
  let i = 0;
  // Path of the value being read, for error pointers: member names and array indices.
  const path: (string | number)[] = [];

  const fail = (message: string, pos: number, pointerPath: (string | number)[] = path, rule = false): never => {
    const { line, column } = lineColumn(source, pos);
    const pointer = pointerPath.map((t) => "/" + (typeof t === "number" ? String(t) : escapePointerToken(t))).join("");
    throw new CredentialParseError(
      message,
      { file: options.file, line, column, pointer },
      rule ? { code: JSON_RULE_ERROR_CODE, fix: RULE_FIX } : {},
    );
  };
  /** A well-formed text that breaks a rule of SPEC 1.1 (not a syntax error). */
  const breaks = (message: string, pos: number, pointerPath: (string | number)[] = path): never =>
    fail(message, pos, pointerPath, true);

  const skipWhitespace = () => {
    // Mostly zero or one character: a loop costs less than a call into the regular expression engine.
    for (let c = source.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = source.charCodeAt(i)) {
      i++;
    }
  };
  // A string can hold an unpaired surrogate only if the text has a surrogate or a \uD800-\uDFFF escape
  // somewhere: without one (nearly every file), no string is sliced only to look for one.
  const surrogatesPossible = SURROGATE.test(source) || (source.indexOf("\\u") !== -1 && SURROGATE_ESCAPE.test(source));

  const describe = (pos: number) => (pos >= n ? "end of input" : `"${printable(source[pos])}"`);

  /** Reads a string starting at the opening quote; returns its decoded value when `decode`. */
  const readString = (decode: boolean): string => {
    const start = i;
    i++; // opening quote
    let escaped = false;
    while (true) {
      // Skip a run of ordinary characters natively (no quote, backslash or control character).
      STRING_RUN.lastIndex = i;
      STRING_RUN.test(source);
      i = STRING_RUN.lastIndex;
      if (i >= n) fail("unterminated string", start);
      const c = source.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        const e = source[i + 1];
        if (e === "u") {
          if (!HEX.test(source.slice(i + 2, i + 6))) fail("bad \\u escape: expected four hex digits", i);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail(`bad escape "\\${e ?? ""}" in a string`, i);
      } else fail("control character in a string (escape it, e.g. \\n)", i);
    }
    i++; // closing quote
    if (!surrogatesPossible) {
      if (!decode) return "";
      return escaped ? (JSON.parse(source.slice(start, i)) as string) : source.slice(start + 1, i - 1);
    }
    // Unpaired surrogates: raw ones (only in a JS string given directly; a file is checked UTF-8) or
    // written as \uD800-\uDFFF escapes. Decoded only when one may be there.
    const raw = source.slice(start + 1, i - 1);
    const mayHold = SURROGATE.test(raw) || (escaped && SURROGATE_ESCAPE.test(raw));
    const value = mayHold || (decode && escaped) ? (JSON.parse(source.slice(start, i)) as string) : raw;
    if (mayHold) {
      const lone = LONE_SURROGATE.exec(value);
      if (lone) {
        const what = `\\u${lone[0].charCodeAt(0).toString(16)}`;
        // decode: a member name (the only strings decoded here); its pointer names the member.
        const where = decode ? [...path, value] : path;
        breaks(
          `unpaired UTF-16 surrogate ${what} in a ${decode ? "member name" : "string"} (I-JSON, RFC 7493)`,
          start,
          where,
        );
      }
    }
    return decode ? value : "";
  };

  const readNumber = () => {
    const start = i;
    NUMBER.lastIndex = i;
    if (NUMBER.test(source)) {
      const next = source.charCodeAt(NUMBER.lastIndex);
      // Fast path, unless a digit, ".", "e", "E", "+" or "-" follows (then report the error precisely below).
      if (!(
        (next >= 0x30 && next <= 0x39) ||
        next === 0x2e ||
        next === 0x65 ||
        next === 0x45 ||
        next === 0x2b ||
        next === 0x2d
      )) {
        i = NUMBER.lastIndex;
        const problem = inexactNumber(source.slice(start, i));
        if (problem) breaks(problem, start);
        return;
      }
    }
    if (source[i] === "-") i++;
    if (source[i] === "0") i++;
    else if (source[i] >= "1" && source[i] <= "9") while (source[i] >= "0" && source[i] <= "9") i++;
    else fail(`expected a digit, found ${describe(i)}`, i);
    if (source[i] === ".") {
      i++;
      if (!(source[i] >= "0" && source[i] <= "9")) fail(`expected a digit after ".", found ${describe(i)}`, i);
      while (source[i] >= "0" && source[i] <= "9") i++;
    }
    if (source[i] === "e" || source[i] === "E") {
      i++;
      if (source[i] === "+" || source[i] === "-") i++;
      if (!(source[i] >= "0" && source[i] <= "9")) fail(`expected a digit in the exponent, found ${describe(i)}`, i);
      while (source[i] >= "0" && source[i] <= "9") i++;
    }
    const problem = inexactNumber(source.slice(start, i));
    if (problem) breaks(problem, start);
  };

  const readLiteral = (word: string) => {
    if (source.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describe(i)}`, i);
  };

  const readValue = (depth: number): void => {
    skipWhitespace();
    if (i >= n) fail("unexpected end of input: a value is missing", i);
    const c = source[i];
    if (c === "{" || c === "[") {
      if (depth >= maxDepth) breaks(`nesting deeper than ${maxDepth} levels`, i);
      if (c === "{") readObject(depth + 1);
      else readArray(depth + 1);
    } else if (c === '"') readString(false);
    else if (c === "-" || (c >= "0" && c <= "9")) readNumber();
    else if (c === "t") readLiteral("true");
    else if (c === "f") readLiteral("false");
    else if (c === "n") readLiteral("null");
    else fail(`unexpected ${describe(i)}: expected a value`, i);
  };

  const readObject = (depth: number) => {
    i++; // {
    // Member names so far: a list for the first few (most objects), a Set from SMALL_OBJECT on.
    const names: string[] = [];
    let seen: Set<string> | undefined;
    skipWhitespace();
    if (source[i] === "}") {
      i++;
      return;
    }
    while (true) {
      skipWhitespace();
      if (source[i] !== '"') fail(`expected a member name in double quotes, found ${describe(i)}`, i);
      const keyPos = i;
      const key = readString(true);
      if (seen ? seen.has(key) : names.includes(key)) {
        breaks(`duplicate member name "${printable(key)}"`, keyPos, [...path, key]);
      }
      if (seen) seen.add(key);
      else if (names.push(key) === SMALL_OBJECT) seen = new Set(names);
      skipWhitespace();
      if (source[i] !== ":") fail(`expected ":" after the member name, found ${describe(i)}`, i);
      i++;
      if (!readItem(key, depth, "}", "an object")) return;
    }
  };

  const readArray = (depth: number) => {
    i++; // [
    skipWhitespace();
    if (source[i] === "]") {
      i++;
      return;
    }
    for (let index = 0; readItem(index, depth, "]", "an array"); index++);
  };

  /** Reads the member or element at `segment`, then a "," (true: another follows) or `close` (false). */
  const readItem = (segment: string | number, depth: number, close: "}" | "]", container: string): boolean => {
    path.push(segment);
    readValue(depth);
    path.pop();
    skipWhitespace();
    if (source[i] === ",") {
      i++;
      return true;
    }
    if (source[i] === close) {
      i++;
      return false;
    }
    return fail(`expected "," or "${close}" in ${container}, found ${describe(i)}`, i);
  };

  readValue(0);
  skipWhitespace();
  if (i < n) fail(`unexpected ${describe(i)} after the end of the JSON value`, i, []);
  return JSON.parse(source) as JsonValue;
}
