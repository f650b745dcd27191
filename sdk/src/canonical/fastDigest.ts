/**
 * The digest of docs/SPEC.md section 2, computed without building a string per field: the field
 * texts `[[path],value,"salt"]` and the protected text `["credanchor:protected:v1",P]` are written as
 * UTF-8 bytes straight into one reused buffer and hashed from there (keccak256Into), the field hashes
 * go into one reused buffer, and the JSON encodings of member names (never of values) are compiled once
 * and reused across credentials.
 *
 * This is an optimisation of `computeDigestReference` (computeDigest.ts), which follows the SPEC
 * step by step and stays the definition: the two are compared on random credentials by
 * fastDigest.property.test.ts. The fast path handles the common case only; on anything unusual (a
 * value JSON cannot hold, a missing or extra salt, a class instance, very deep nesting) it returns
 * `undefined` and the caller runs the reference implementation, which throws the exact DigestError.
 * Browser-safe.
 *
 * Length (just over 400 lines): one hot path over one module's state (the reused byte buffer, the
 * hash slots, the caches of compiled member names and of locations). The byte writers, the walk of
 * the visible fields and the protected part all write into that buffer; in separate modules they
 * would share it through exported mutable state, which is harder to follow, not easier. The next
 * seam is the protected part (`hashProtected` and its PROTECTED_* tables), which reads the
 * document's shape but not the walk.
 */
import { keccak256Into } from "../hash/keccak";
import type { Hex } from "../types";
import { hasLoneSurrogate, MAX_NESTING_DEPTH } from "./flatten";
import { PROTECTED_PATHS } from "./hashProtectedPart";
import { toHex, writeHex } from "./hex";
import { escapePointerToken } from "./pointer";

const encoder = new TextEncoder();

/** Bytes of the field or protected text being written. */
let buffer = new Uint8Array(16384);
let position = 0;
/** The 32-byte hashes: slot 0 for the protected hash, then the field hashes. */
let hashes = new Uint8Array(32 * 64);
let hashCount = 0;

/** A member name compiled once: the JCS text of the name as UTF-8 bytes, and its RFC 6901 token. */
interface CompiledName {
  json: Uint8Array;
  token: string;
}

/** Member names seen so far (names only, never values); bounded so that hostile input cannot grow it. */
const names = new Map<string, CompiledName>();
const MAX_CACHED_NAMES = 4096;

/** Thrown inside the fast path when the input needs the reference implementation. */
const BAIL = new Error("credanchor: fast digest path not applicable"); // one instance, compared by identity

function compileName(name: string): CompiledName {
  let compiled = names.get(name);
  if (compiled !== undefined) return compiled;
  if (hasLoneSurrogate(name)) throw BAIL;
  compiled = { json: encoder.encode(JSON.stringify(name)), token: escapePointerToken(name) };
  if (names.size < MAX_CACHED_NAMES) names.set(name, compiled);
  return compiled;
}

function ensure(extra: number): void {
  if (position + extra <= buffer.length) return;
  const grown = new Uint8Array(Math.max(2 * buffer.length, position + extra + 1024));
  grown.set(buffer.subarray(0, position));
  buffer = grown;
}

function writeByte(byte: number): void {
  ensure(1);
  buffer[position++] = byte;
}

function writeBytes(bytes: Uint8Array): void {
  ensure(bytes.length);
  buffer.set(bytes, position);
  position += bytes.length;
}

/** UTF-8 of `text` (no lone surrogates: the caller has checked). */
function writeText(text: string): void {
  ensure(3 * text.length);
  let p = position;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) {
      position += encoder.encodeInto(text, buffer.subarray(position)).written;
      return;
    }
    buffer[p++] = code;
  }
  position = p;
}

/** The JSON.stringify text of a string value, as UTF-8. */
function writeString(text: string): void {
  ensure(3 * text.length + 2);
  const start = position;
  let p = position;
  buffer[p++] = 0x22;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c || code >= 0x80) {
      // escapes or non-ASCII: the general path
      if (hasLoneSurrogate(text)) throw BAIL;
      position = start;
      writeText(JSON.stringify(text));
      return;
    }
    buffer[p++] = code;
  }
  buffer[p++] = 0x22;
  position = p;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The JCS text of a primitive leaf, `{}` or `[]`; BAIL for anything else. */
function writeLeaf(value: unknown): void {
  switch (typeof value) {
    case "string":
      writeString(value);
      return;
    case "number":
      if (!Number.isFinite(value)) throw BAIL;
      writeText(JSON.stringify(value));
      return;
    case "boolean":
      writeText(value ? "true" : "false");
      return;
    case "object":
      if (value === null) writeText("null");
      else if (Array.isArray(value)) writeText("[]");
      else writeText("{}");
      return;
    default:
      throw BAIL;
  }
}

/** The JCS text of any JSON value (the protected part). */
function writeCanonical(value: unknown, depth: number): void {
  if (typeof value !== "object" || value === null) {
    writeLeaf(value);
    return;
  }
  if (depth > MAX_NESTING_DEPTH) throw BAIL;
  if (Array.isArray(value)) {
    writeByte(0x5b);
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) throw BAIL;
      if (i > 0) writeByte(0x2c);
      writeCanonical(value[i], depth + 1);
    }
    writeByte(0x5d);
    return;
  }
  if (!isPlainObject(value)) throw BAIL;
  const record = value as Record<string, unknown>;
  // Array.prototype.sort without a comparator orders strings by UTF-16 code units, as JCS requires.
  const keys = Object.keys(record).sort();
  writeByte(0x7b);
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) writeByte(0x2c);
    writeBytes(compileName(keys[i]).json);
    writeByte(0x3a);
    writeCanonical(record[keys[i]], depth + 1);
  }
  writeByte(0x7d);
}

/**
 * A location in a credential compiled once: its RFC 6901 pointer (the key of its salt) and the bytes
 * `[[<JCS path tokens>],` that start its field text. Locations form a tree keyed by member names and
 * array indices (the shape of a credential, never its values), shared by every credential of that shape.
 */
interface Location {
  pointer: string;
  prefix: Uint8Array;
  /** JCS of the path tokens without brackets, for building the children's prefixes. */
  path: string;
  members?: Map<string, Location>;
  items?: Location[];
}

/** Locations compiled so far; past the bound, new ones are built per use and not kept. */
let locationCount = 0;
const MAX_CACHED_LOCATIONS = 65536;

const ROOT: Location = { pointer: "", prefix: new Uint8Array(0), path: "" };

function newLocation(parent: Location, pointerToken: string, pathToken: string): Location {
  const path = parent.path === "" ? pathToken : `${parent.path},${pathToken}`;
  return { pointer: `${parent.pointer}/${pointerToken}`, prefix: encoder.encode(`[[${path}],`), path };
}

function memberLocation(parent: Location, name: string): Location {
  let location = parent.members?.get(name);
  if (location !== undefined) return location;
  const compiled = compileName(name);
  location = newLocation(parent, compiled.token, JSON.stringify(name));
  if (locationCount < MAX_CACHED_LOCATIONS) {
    (parent.members ??= new Map()).set(name, location);
    locationCount++;
  }
  return location;
}

function itemLocation(parent: Location, index: number): Location {
  let location = parent.items?.[index];
  if (location !== undefined) return location;
  location = newLocation(parent, String(index), String(index));
  if (locationCount < MAX_CACHED_LOCATIONS && index < 1024) {
    (parent.items ??= [])[index] = location;
    locationCount++;
  }
  return location;
}

let salts: Record<string, unknown> = {};
let saltsUsed = 0;

const SALT_OPEN = encoder.encode(',"');
const TAIL = encoder.encode('"]');

/** Hashes the field at `location` with its salt; BAIL when the salt is missing. */
function hashField(location: Location, value: unknown): void {
  const pointer = location.pointer;
  if (!Object.prototype.hasOwnProperty.call(salts, pointer)) throw BAIL;
  const salt = salts[pointer];
  if (typeof salt !== "string") throw BAIL;
  saltsUsed++;
  position = 0;
  writeBytes(location.prefix);
  writeLeaf(value);
  writeBytes(SALT_OPEN);
  // The reference encodes the salt with TextEncoder as well (a lone surrogate would become U+FFFD).
  writeText(salt);
  writeBytes(TAIL);
  hashCount++;
  if (32 * (hashCount + 1) > hashes.length) {
    const grown = new Uint8Array(2 * hashes.length);
    grown.set(hashes);
    hashes = grown;
  }
  keccak256Into(buffer, position, hashes, 32 * hashCount);
}

/** Walks a visible (redactable) subtree, hashing each leaf. */
function walkVisible(value: unknown, location: Location, depth: number): void {
  if (typeof value !== "object" || value === null) {
    hashField(location, value);
    return;
  }
  if (depth > MAX_NESTING_DEPTH) throw BAIL;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      hashField(location, value);
      return;
    }
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) throw BAIL;
      walkVisible(value[i], itemLocation(location, i), depth + 1);
    }
    return;
  }
  if (!isPlainObject(value)) throw BAIL;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (let k = 0; k < keys.length; k++) {
    walkVisible(record[keys[k]], memberLocation(location, keys[k]), depth + 1);
  }
  if (keys.length === 0) hashField(location, value);
}

/** Top-level members that are protected as a whole (docs/SPEC.md 2.4). */
const PROTECTED_TOP_SET = new Set(PROTECTED_PATHS.filter((path) => path.length === 1).map((path) => path[0]));
/** Members of `credentialSubject` that are protected. */
const PROTECTED_SUBJECT = PROTECTED_PATHS.filter((path) => path.length === 2)
  .map((path) => path[1])
  .sort();
/** The top-level members of P in JCS order (`credentialSubject` holds only PROTECTED_SUBJECT). */
const PROTECTED_TOP = [...PROTECTED_TOP_SET, ...(PROTECTED_SUBJECT.length ? ["credentialSubject"] : [])].sort();
/**
 * The walk below knows the shape of the protected paths (single members, and members of
 * `credentialSubject`); should they ever change shape, every credential goes to the reference.
 */
const SHAPE_KNOWN =
  PROTECTED_PATHS.every((path) => path.length === 1 || (path.length === 2 && path[0] === "credentialSubject")) &&
  !PROTECTED_TOP_SET.has("credentialSubject") &&
  !PROTECTED_TOP_SET.has("proof");
const PROTECTED_PREFIX = encoder.encode('["credanchor:protected:v1",');

function has(record: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

/** Writes `["credanchor:protected:v1",P]` and hashes it into slot 0. */
function hashProtected(document: Record<string, unknown>): void {
  position = 0;
  writeBytes(PROTECTED_PREFIX);
  writeByte(0x7b);
  let first = true;
  for (const key of PROTECTED_TOP) {
    if (!has(document, key)) continue;
    if (key === "credentialSubject") {
      const subject = document[key];
      if (typeof subject !== "object" || subject === null || Array.isArray(subject)) continue;
      const record = subject as Record<string, unknown>;
      if (!has(record, "achievement") && !has(record, "type")) continue;
      if (!first) writeByte(0x2c);
      first = false;
      writeBytes(compileName(key).json);
      writeText(":{");
      let inner = true;
      for (const member of PROTECTED_SUBJECT) {
        if (!has(record, member)) continue;
        if (!inner) writeByte(0x2c);
        inner = false;
        writeBytes(compileName(member).json);
        writeByte(0x3a);
        writeCanonical(record[member], 3);
      }
      writeByte(0x7d);
      continue;
    }
    if (!first) writeByte(0x2c);
    first = false;
    writeBytes(compileName(key).json);
    writeByte(0x3a);
    writeCanonical(document[key], 2);
  }
  writeText("}]");
  keccak256Into(buffer, position, hashes, 0);
}

/** Walks the document's redactable fields: everything but the protected members and `proof`. */
function walkDocument(document: Record<string, unknown>): void {
  const keys = Object.keys(document);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    if (key === "proof" || PROTECTED_TOP_SET.has(key)) continue;
    const location = memberLocation(ROOT, key);
    const value = document[key];
    if (key === "credentialSubject" && typeof value === "object" && value !== null && !Array.isArray(value)) {
      if (!isPlainObject(value)) throw BAIL;
      const subject = value as Record<string, unknown>;
      const members = Object.keys(subject);
      for (let m = 0; m < members.length; m++) {
        const member = members[m];
        if (PROTECTED_SUBJECT.includes(member)) continue;
        walkVisible(subject[member], memberLocation(location, member), 3);
      }
      if (members.length === 0) hashField(location, value);
      continue;
    }
    walkVisible(value, location, 2);
  }
}

/** The hashes in slots 1..count of `hashes`, sorted in ascending byte order in place. */
function sortSlots(count: number): void {
  if (count < 2) return;
  const words = new DataView(hashes.buffer, hashes.byteOffset, 32 * (count + 1));
  const order = new Array<number>(count);
  for (let i = 0; i < count; i++) order[i] = i + 1;
  order.sort((a, b) => {
    for (let w = 0; w < 32; w += 4) {
      const x = words.getUint32(32 * a + w);
      const y = words.getUint32(32 * b + w);
      if (x !== y) return x - y;
    }
    return 0;
  });
  const copy = hashes.slice(32, 32 * (count + 1));
  for (let k = 0; k < count; k++) hashes.set(copy.subarray(32 * (order[k] - 1), 32 * order[k]), 32 * (k + 1));
}

/**
 * Internal: the digest of `credential` from the salts and redacted hashes of its proof entry, or
 * `undefined` when the input needs the reference implementation (see the module comment). The
 * redacted hashes must be 32 bytes of lower-case hex (findProofEntry/validateProofEntry check it).
 */
export function fastDigest(
  credential: object,
  proofSalts: Record<string, Hex>,
  redactedHashes: readonly Hex[],
): Hex | undefined {
  if (typeof credential !== "object" || credential === null || Array.isArray(credential)) return undefined;
  if (!SHAPE_KNOWN || !isPlainObject(credential)) return undefined;
  const document = credential as Record<string, unknown>;
  salts = proofSalts;
  saltsUsed = 0;
  hashCount = 0;
  try {
    walkDocument(document);
    if (saltsUsed !== Object.keys(proofSalts).length) return undefined;
    hashProtected(document);
  } catch (error) {
    if (error === BAIL) return undefined;
    throw error;
  } finally {
    salts = {};
  }
  const count = hashCount + redactedHashes.length;
  if (32 * (count + 1) > hashes.length) {
    const grown = new Uint8Array(32 * (count + 1));
    grown.set(hashes.subarray(0, 32 * (hashCount + 1)));
    hashes = grown;
  }
  for (let k = 0; k < redactedHashes.length; k++) writeHex(redactedHashes[k], hashes, 32 * (hashCount + 1 + k));
  sortSlots(count);
  const out = new Uint8Array(32);
  keccak256Into(hashes, 32 * (count + 1), out, 0);
  return toHex(out);
}
