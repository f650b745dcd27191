import { DigestError } from "../errors/credential";
import { escapePointerToken, pointerFromPath, type PathToken } from "./pointer";

/** A value that is hashed as one field: a JSON primitive, or an empty object or array. */
export type JsonLeaf = string | number | boolean | null | Record<string, never> | never[];

/** One (JSON pointer, value) pair of a flattened credential. */
export interface FlatField {
  /** RFC 6901 JSON pointer of the value, e.g. `/credentialSubject/achievement/name`. */
  pointer: string;
  /** The same location as tokens: strings for object members, numbers for array indices. */
  path: PathToken[];
  /** The value: a primitive, `{}` or `[]`. */
  value: JsonLeaf;
}

/** Deepest nesting of objects and arrays accepted anywhere in a credential (the document itself is level 1). */
export const MAX_NESTING_DEPTH = 64;

/**
 * Called once per leaf by `walkLeaves`: its pointer, its path encoded as the JCS text of the path
 * tokens without the surrounding brackets, the value, and the path tokens (a shared stack: copy it to keep it).
 */
export type LeafVisitor = (pointer: string, encodedPath: string, value: JsonLeaf, path: readonly PathToken[]) => void;

const LONE_SURROGATE_CANDIDATE = /[\uD800-\uDFFF]/;

/** True when `text` holds an unpaired UTF-16 surrogate (not valid I-JSON, cannot be UTF-8 encoded faithfully). */
export function hasLoneSurrogate(text: string): boolean {
  if (!LONE_SURROGATE_CANDIDATE.test(text)) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    } else if (code >= 0xdc00 && code <= 0xdfff) return true;
  }
  return false;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The RFC 8785 (JCS) text of a leaf value. For primitives JCS is exactly ECMAScript JSON.stringify
 * (ES6 number formatting; strings escaped as JSON.stringify does); empty containers are `{}` and `[]`.
 */
export function encodeLeaf(value: JsonLeaf): string {
  if (typeof value === "object" && value !== null) return Array.isArray(value) ? "[]" : "{}";
  return JSON.stringify(value);
}

/** The DigestErrors of walkLeaves and assertHashable, one copy of each message. */
const unhashable = {
  document: () => new DigestError("a credential must be a JSON object", ""),
  surrogate: (pointer: string) => new DigestError("string holds an unpaired UTF-16 surrogate", pointer),
  number: (value: number, pointer: string) => new DigestError(`number ${value} is not valid JSON`, pointer),
  type: (value: unknown, pointer: string) =>
    new DigestError(`a ${typeof value} is not a JSON value`, pointer, {
      fix: "Remove the field or give it a JSON value (string, number, boolean, null, object, array).",
    }),
  depth: (pointer: string) => new DigestError(`nesting deeper than ${MAX_NESTING_DEPTH} levels`, pointer),
  hole: (pointer: string) => new DigestError("sparse array (a hole) is not JSON", pointer),
  instance: (pointer: string) =>
    new DigestError("only plain JSON objects can be hashed (found a class instance such as a Date)", pointer, {
      fix: "Convert the value to a string, number or plain object first (e.g. a Date to an ISO 8601 string).",
    }),
  memberName: (pointer: string) => new DigestError("member name holds an unpaired UTF-16 surrogate", pointer),
};

/**
 * Walks every leaf of `document` (a plain JSON object) in document order, skipping the top-level
 * `proof` member. Throws a DigestError naming the pointer for anything JSON cannot hold faithfully:
 * undefined, functions, non-finite numbers, class instances, sparse arrays, unpaired surrogates,
 * nesting deeper than MAX_NESTING_DEPTH.
 */
export function walkLeaves(document: unknown, visit: LeafVisitor): void {
  if (typeof document !== "object" || document === null || Array.isArray(document) || !isPlainObject(document)) {
    throw unhashable.document();
  }
  const path: PathToken[] = [];

  const walk = (value: unknown, pointer: string, encodedPath: string, depth: number): void => {
    switch (typeof value) {
      case "string":
        if (hasLoneSurrogate(value)) throw unhashable.surrogate(pointer);
        visit(pointer, encodedPath, value, path);
        return;
      case "number":
        if (!Number.isFinite(value)) throw unhashable.number(value, pointer);
        visit(pointer, encodedPath, value, path);
        return;
      case "boolean":
        visit(pointer, encodedPath, value, path);
        return;
      case "object":
        break;
      default:
        throw unhashable.type(value, pointer);
    }
    if (value === null) {
      visit(pointer, encodedPath, null, path);
      return;
    }
    if (depth > MAX_NESTING_DEPTH) throw unhashable.depth(pointer);
    const sep = path.length === 0 ? "" : ",";
    if (Array.isArray(value)) {
      if (value.length === 0) {
        visit(pointer, encodedPath, [] as never[], path);
        return;
      }
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) throw unhashable.hole(`${pointer}/${i}`);
        path.push(i);
        walk(value[i], `${pointer}/${i}`, `${encodedPath}${sep}${i}`, depth + 1);
        path.pop();
      }
      return;
    }
    if (!isPlainObject(value)) throw unhashable.instance(pointer);
    const keys = Object.keys(value);
    // The document itself is never a field, even when it has no members.
    if (keys.length === 0 && path.length > 0) {
      visit(pointer, encodedPath, {} as Record<string, never>, path);
      return;
    }
    const topLevel = path.length === 0;
    for (const key of keys) {
      if (topLevel && key === "proof") continue;
      const childPointer = `${pointer}/${escapePointerToken(key)}`;
      if (hasLoneSurrogate(key)) throw unhashable.memberName(childPointer);
      path.push(key);
      walk(value[key], childPointer, `${encodedPath}${sep}${JSON.stringify(key)}`, depth + 1);
      path.pop();
    }
  };

  walk(document, "", "", 1);
}

/**
 * Throws the DigestError that `walkLeaves(document, visit)` throws, if any: the first value in
 * document order (top-level `proof` skipped) that JSON cannot hold faithfully, with the same message
 * and pointer. For checking only: it builds no pointer or path text per leaf, only for the error.
 *
 * @example
 * assertHashable({ a: [1, Number.NaN] }) // throws DigestError "number NaN is not valid JSON" at /a/1
 */
export function assertHashable(document: unknown): void {
  if (typeof document !== "object" || document === null || Array.isArray(document) || !isPlainObject(document)) {
    throw unhashable.document();
  }
  const path: PathToken[] = [];
  const here = () => pointerFromPath(path);

  const check = (value: unknown, depth: number): void => {
    switch (typeof value) {
      case "string":
        if (hasLoneSurrogate(value)) throw unhashable.surrogate(here());
        return;
      case "number":
        if (!Number.isFinite(value)) throw unhashable.number(value, here());
        return;
      case "boolean":
        return;
      case "object":
        break;
      default:
        throw unhashable.type(value, here());
    }
    if (value === null) return;
    if (depth > MAX_NESTING_DEPTH) throw unhashable.depth(here());
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        if (!(i in value)) throw unhashable.hole(here());
        check(value[i], depth + 1);
        path.pop();
      }
      return;
    }
    if (!isPlainObject(value)) throw unhashable.instance(here());
    const topLevel = path.length === 0;
    for (const key of Object.keys(value)) {
      if (topLevel && key === "proof") continue;
      path.push(key);
      if (hasLoneSurrogate(key)) throw unhashable.memberName(here());
      check(value[key], depth + 1);
      path.pop();
    }
  };

  check(document, 1);
}

/**
 * Flattens a credential (without its `proof`) into (JSON pointer, value) pairs in document order.
 * Leaves are primitives and empty objects/arrays; see docs/SPEC.md section 2.1.
 *
 * @example
 * flattenCredential({ a: { "b/c": [1, {}] } })
 * // [{ pointer: "/a/b~1c/0", path: ["a", "b/c", 0], value: 1 },
 * //  { pointer: "/a/b~1c/1", path: ["a", "b/c", 1], value: {} }]
 */
export function flattenCredential(credential: unknown): FlatField[] {
  const fields: FlatField[] = [];
  walkLeaves(credential, (pointer, _encodedPath, value, path) => {
    fields.push({ pointer, path: path.slice(), value });
  });
  return fields;
}
