import { MAX_NESTING_DEPTH } from "../canonical/flatten";
import { escapePointerToken } from "../canonical/pointer";
import { CredentialParseError } from "../errors/credential";
import type { JsonValue } from "./types";

export interface ParseCredentialJsonOptions {
  /** The file the text came from, for error messages. */
  file?: string;
  /** Deepest nesting accepted (default MAX_NESTING_DEPTH, 64). */
  maxDepth?: number;
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

const HEX = /^[0-9a-fA-F]{4}$/;
// Sticky scanners: each matches at lastIndex only, so a whole run is skipped in native code.
const STRING_RUN = /[^"\\\u0000-\u001f]*/y;
const WHITESPACE = /[ \t\n\r]*/y;
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
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const n = source.length;
  let i = 0;
  // Path of the value being read, for error pointers: member names and array indices.
  const path: (string | number)[] = [];

  const fail = (message: string, pos: number, pointerPath: (string | number)[] = path): never => {
    const { line, column } = lineColumn(source, pos);
    const pointer = pointerPath.map((t) => "/" + (typeof t === "number" ? String(t) : escapePointerToken(t))).join("");
    throw new CredentialParseError(message, { file: options.file, line, column, pointer });
  };

  const skipWhitespace = () => {
    WHITESPACE.lastIndex = i;
    WHITESPACE.test(source);
    i = WHITESPACE.lastIndex;
  };

  const describe = (pos: number) => (pos >= n ? "end of input" : `"${source[pos]}"`);

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
    if (!decode) return "";
    return escaped ? (JSON.parse(source.slice(start, i)) as string) : source.slice(start + 1, i - 1);
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
        if (!Number.isFinite(Number(source.slice(start, i)))) fail("number is too large for a 64-bit float", start);
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
    if (!Number.isFinite(Number(source.slice(start, i)))) fail("number is too large for a 64-bit float", start);
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
      if (depth >= maxDepth) fail(`nesting deeper than ${maxDepth} levels`, i);
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
    const seen = new Set<string>();
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
      if (seen.has(key)) fail(`duplicate member name "${key}"`, keyPos, [...path, key]);
      seen.add(key);
      skipWhitespace();
      if (source[i] !== ":") fail(`expected ":" after the member name, found ${describe(i)}`, i);
      i++;
      path.push(key);
      readValue(depth);
      path.pop();
      skipWhitespace();
      if (source[i] === ",") {
        i++;
        continue;
      }
      if (source[i] === "}") {
        i++;
        return;
      }
      fail(`expected "," or "}" in an object, found ${describe(i)}`, i);
    }
  };

  const readArray = (depth: number) => {
    i++; // [
    skipWhitespace();
    if (source[i] === "]") {
      i++;
      return;
    }
    for (let index = 0; ; index++) {
      path.push(index);
      readValue(depth);
      path.pop();
      skipWhitespace();
      if (source[i] === ",") {
        i++;
        continue;
      }
      if (source[i] === "]") {
        i++;
        return;
      }
      fail(`expected "," or "]" in an array, found ${describe(i)}`, i);
    }
  };

  readValue(0);
  skipWhitespace();
  if (i < n) fail(`unexpected ${describe(i)} after the end of the JSON value`, i, []);
  return JSON.parse(source) as JsonValue;
}
