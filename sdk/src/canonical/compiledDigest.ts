/**
 * The digest of docs/SPEC.md section 2, compiled once per credential shape. The credentials of one
 * batch share their shape: the same member names in the same order, the same nesting, arrays of the
 * same lengths (the values differ). The first credential of a shape is compiled into a tree that holds
 * everything that does not depend on the values: each field's salt pointer and the text `[[path],`
 * that starts its field text, each protected object's members in JCS order with the text before each
 * (`{"name":`, `,"name":`), and which members are protected. A credential of that shape is then
 * checked against the tree while its values alone are written (JSON.stringify of each leaf, the one
 * escaping JCS uses), and its protected text is hashed from the sponge's state after the blocks it
 * shares with the last credential's (KeccakPrefixCache: in a batch, the contexts and the achievement).
 *
 * An optimisation of `computeDigestReference` (computeDigest.ts), which stays the definition: the two
 * are compared on random credentials and random values (compiledDigest.property.test.ts). Anything the
 * tree does not match exactly (another member, another order, another kind of value, a missing or extra
 * salt, a lone surrogate, a class instance) returns `undefined`, and the caller takes the general fast
 * path (fastDigest.ts) and then the reference, which throws the exact DigestError. Browser-safe.
 *
 * Length (about 520 lines): the compiler (first credential of a shape) and the matcher (the next ones)
 * walk the same private tree and share this module's reused buffers and shape cache; split in two
 * files, both halves would have to export the tree's internals.
 */
import {
  appendByte,
  appendBytes,
  appendHexOf,
  appendText,
  beginInput,
  hashInputInto,
  keccak256Into,
} from "../hash/keccak";
import { KeccakPrefixCache } from "../hash/keccakPrefixCache";
import type { Hex } from "../types";
import { hasLoneSurrogate, MAX_NESTING_DEPTH } from "./flatten";
import { PROTECTED_PATHS } from "./hashProtectedPart";
import { toHex, writeHex } from "./hex";
import { escapePointerToken } from "./pointer";
import { isPlainObject, ShapeCache } from "./shapeCache";

const LEAF = 0; // string, number, boolean or null
const OBJECT = 1; // a plain object with members
const ARRAY = 2; // an array with items
const EMPTY_OBJECT = 3;
const EMPTY_ARRAY = 4;

/** One value of the shape. */
interface ShapeNode {
  kind: 0 | 1 | 2 | 3 | 4;
  /** OBJECT: the member names, in document order (Object.keys). */
  keys: string[];
  /** OBJECT: the members' nodes in document order; ARRAY: the items' nodes. */
  children: ShapeNode[];
  /** OBJECT in the protected part: document-order indices in JCS order (member names sorted by UTF-16 units). */
  order: number[];
  /** OBJECT in the protected part: for each JCS position, `{"name":` (the first) or `,"name":`. */
  openers: string[];
  /** A visible field (LEAF, EMPTY_OBJECT or EMPTY_ARRAY outside the protected part): its salt's pointer. */
  pointer: string;
  /** A visible field: `[[<JCS path tokens>],`, the start of its field text. */
  prefix: string;
  /** A visible field: the UTF-8 bytes of `prefix`, written as they are into each field's hash input. */
  prefixBytes: Uint8Array;
  /** LEAF: the last value met here and its JCS text (a batch repeats most of its values). */
  lastValue: unknown;
  lastText: string;
  /** A visible field, salts given as bytes (`SaltBytes`): the position its pointer had last time. */
  saltSlot: number;
}

/** A compiled shape: the document's members and the two walks over them. */
interface Shape {
  /** Object.keys of the document. */
  topKeys: string[];
  /** The top-level members' nodes, in document order. */
  top: ShapeNode[];
  /** For each top-level member: 0 walked as visible, 1 protected, 2 `proof` (skipped), 3 credentialSubject with protected members. */
  roles: number[];
  /** The protected part's top-level members present, in JCS order: index into `top` and the text before the value. */
  protectedTop: { index: number; opener: string }[];
  /** credentialSubject's protected members present, in JCS order (when roles has a 3): member index and opener. */
  protectedSubject: { index: number; opener: string }[];
  /** How many visible fields (salts) the shape has. */
  fields: number;
}

const VISIBLE = 0;
const PROTECTED = 1;
const PROOF = 2;
const SUBJECT = 3;

/** Top-level members protected as a whole (docs/SPEC.md 2.4). */
const PROTECTED_TOP = new Set(PROTECTED_PATHS.filter((path) => path.length === 1).map((path) => path[0]));
/** Members of `credentialSubject` that are protected. */
const PROTECTED_SUBJECT = new Set(PROTECTED_PATHS.filter((path) => path.length === 2).map((path) => path[1]));
/** The compiled walks know protected paths of one or two members under credentialSubject; else no compiling. */
const SHAPE_KNOWN =
  PROTECTED_PATHS.every((path) => path.length === 1 || (path.length === 2 && path[0] === "credentialSubject")) &&
  !PROTECTED_TOP.has("credentialSubject") &&
  !PROTECTED_TOP.has("proof");

/** Shapes kept (a batch has one; a folder of several issuers' files a few), and nodes per shape. */
const MAX_NODES = 4096;
const shapes = new ShapeCache<Shape>(16);

/** Thrown inside a walk when the credential does not match its shape; one instance, compared by identity. */
const MISS = new Error("credanchor: credential does not match its compiled shape");

const NO_BYTES = new Uint8Array(0);

function newNode(kind: ShapeNode["kind"]): ShapeNode {
  return {
    kind,
    keys: [],
    children: [],
    order: [],
    openers: [],
    pointer: "",
    prefix: "",
    prefixBytes: NO_BYTES,
    lastValue: undefined,
    lastText: "",
    saltSlot: 0,
  };
}

/** JCS order of member names: by UTF-16 code units, as Array.prototype.sort without a comparator orders strings. */
function jcsOrder(keys: readonly string[]): number[] {
  return keys
    .map((_, i) => i)
    .sort((a, b) => {
      const x = keys[a];
      const y = keys[b];
      return x < y ? -1 : x > y ? 1 : 0;
    });
}

/** Builds the nodes of one shape, counting them (MAX_NODES) and the visible fields. */
class Compiler {
  nodes = 0;
  fields = 0;

  /**
   * The node of `value` at `depth`; `visible` is its location when it lies outside the protected part
   * (`pointer`, and `path`: the JCS path tokens, each after a comma), undefined inside it. Undefined when
   * `value` cannot be compiled (not JSON, too deep, too many nodes): the general path then takes it.
   */
  node(value: unknown, depth: number, visible: { pointer: string; path: string } | undefined): ShapeNode | undefined {
    if (++this.nodes > MAX_NODES || depth > MAX_NESTING_DEPTH) return undefined;
    let node: ShapeNode;
    if (typeof value !== "object" || value === null) {
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean" && value !== null) {
        return undefined;
      }
      node = newNode(LEAF);
    } else if (Array.isArray(value)) {
      if (value.length === 0) node = newNode(EMPTY_ARRAY);
      else {
        node = newNode(ARRAY);
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) return undefined;
          const at = visible && { pointer: `${visible.pointer}/${i}`, path: `${visible.path},${i}` };
          const child = this.node(value[i], depth + 1, at);
          if (!child) return undefined;
          node.children.push(child);
        }
      }
    } else {
      if (!isPlainObject(value)) return undefined;
      const keys = Object.keys(value);
      if (keys.length === 0) node = newNode(EMPTY_OBJECT);
      else {
        node = newNode(OBJECT);
        if (!this.members(node, value as Record<string, unknown>, keys, depth, visible, () => false)) return undefined;
      }
    }
    if (visible && node.kind !== OBJECT && node.kind !== ARRAY) this.field(node, visible);
    return node;
  }

  /** Fills an OBJECT node's members (those for which `skip` is true get a placeholder, walked elsewhere). */
  members(
    node: ShapeNode,
    record: Record<string, unknown>,
    keys: string[],
    depth: number,
    visible: { pointer: string; path: string } | undefined,
    skip: (key: string) => boolean,
  ): boolean {
    for (const key of keys) if (hasLoneSurrogate(key)) return false;
    node.keys = keys;
    for (const key of keys) {
      const protectedMember = skip(key);
      const at =
        visible && !protectedMember
          ? { pointer: `${visible.pointer}/${escapePointerToken(key)}`, path: `${visible.path},${JSON.stringify(key)}` }
          : undefined;
      const child = this.node(record[key], depth + 1, at);
      if (!child) return false;
      node.children.push(child);
    }
    if (!visible) {
      node.order = jcsOrder(keys);
      node.openers = node.order.map((i, j) => `${j === 0 ? "{" : ","}${JSON.stringify(keys[i])}:`);
    }
    return true;
  }

  field(node: ShapeNode, at: { pointer: string; path: string }): void {
    node.pointer = at.pointer;
    node.prefix = `[[${at.path.slice(1)}],`; // the path starts with a comma
    node.prefixBytes = encoder.encode(node.prefix);
    this.fields++;
  }
}

function compileShape(document: Record<string, unknown>, topKeys: string[]): Shape | undefined {
  const compiler = new Compiler();
  const shape: Shape = { topKeys, top: [], roles: [], protectedTop: [], protectedSubject: [], fields: 0 };
  for (const key of topKeys) if (hasLoneSurrogate(key)) return undefined;
  for (const key of topKeys) {
    const value = document[key];
    let node: ShapeNode | undefined;
    let role: number;
    if (key === "proof") {
      role = PROOF;
      node = newNode(LEAF); // never walked
    } else if (PROTECTED_TOP.has(key)) {
      role = PROTECTED;
      node = compiler.node(value, 2, undefined);
    } else if (
      key === "credentialSubject" &&
      typeof value === "object" &&
      value !== null &&
      !Array.isArray(value) &&
      Object.keys(value).length > 0
    ) {
      role = SUBJECT;
      if (!isPlainObject(value)) return undefined;
      const record = value as Record<string, unknown>;
      const members = Object.keys(record);
      node = newNode(OBJECT);
      // Visible members are compiled as fields under /credentialSubject; protected ones as part of P.
      node.keys = members;
      for (const member of members) {
        if (hasLoneSurrogate(member)) return undefined;
        const child = PROTECTED_SUBJECT.has(member)
          ? compiler.node(record[member], 3, undefined)
          : compiler.node(record[member], 3, {
              pointer: `/credentialSubject/${escapePointerToken(member)}`,
              path: `,"credentialSubject",${JSON.stringify(member)}`,
            });
        if (!child) return undefined;
        node.children.push(child);
      }
      const protectedMembers = members.map((_, i) => i).filter((i) => PROTECTED_SUBJECT.has(members[i]));
      const sorted = jcsOrder(protectedMembers.map((i) => members[i])).map((j) => protectedMembers[j]);
      shape.protectedSubject = sorted.map((i, j) => ({
        index: i,
        opener: `${j === 0 ? "" : ","}${JSON.stringify(members[i])}:`,
      }));
    } else {
      role = VISIBLE;
      node = compiler.node(value, 2, { pointer: `/${escapePointerToken(key)}`, path: `,${JSON.stringify(key)}` });
    }
    if (!node) return undefined;
    shape.top.push(node);
    shape.roles.push(role);
  }
  // The protected part's top-level members, in JCS order; credentialSubject only when it holds a protected member.
  const present = topKeys
    .map((_, i) => i)
    .filter((i) => shape.roles[i] === PROTECTED || (shape.roles[i] === SUBJECT && shape.protectedSubject.length > 0));
  const sorted = jcsOrder(present.map((i) => topKeys[i])).map((j) => present[j]);
  shape.protectedTop = sorted.map((i, j) => ({
    index: i,
    opener: `${j === 0 ? "" : ","}${JSON.stringify(topKeys[i])}:`,
  }));
  shape.fields = compiler.fields;
  return shape;
}

// ---- the walks ------------------------------------------------------------------------------------

const encoder = new TextEncoder();
/** The bytes of the text being hashed (whole arrays: KeccakPrefixCache reads them as 32-bit words). */
let textBytes = new Uint8Array(4096);
/** Slot 0: the protected hash; then the field hashes and the redacted hashes; `sorted` the same, in order. */
let hashes = new Uint8Array(32 * 64);
let sorted = new Uint8Array(32 * 64);
let hashCount = 0;
/** The salts' source while `compiledDigestOfBytes` runs (then `salts` is not read). */
let saltBytes: SaltBytes | undefined;
let salts: Record<string, unknown> = {};
const protectedHasher = new KeccakPrefixCache();
const digestBytes = new Uint8Array(32);

function encode(text: string): number {
  if (3 * text.length > textBytes.length) textBytes = new Uint8Array(Math.max(2 * textBytes.length, 3 * text.length));
  return encoder.encodeInto(text, textBytes).written;
}

/** A character that JSON.stringify escapes (control, quote, backslash) or a surrogate (maybe lone: not JSON). */
const NEEDS_CARE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** The JCS text of the leaf `value` at `node`: the last one's when it is the same value. */
function leafAt(node: ShapeNode, value: unknown): string {
  if (value === node.lastValue && node.lastValue !== undefined) return node.lastText;
  const text = leafText(value);
  node.lastValue = value;
  node.lastText = text;
  return text;
}

/** The JCS text of a leaf value (JSON.stringify: the same escaping and number form as JCS); MISS otherwise. */
function leafText(value: unknown): string {
  switch (typeof value) {
    case "string": {
      if (!NEEDS_CARE.test(value)) return `"${value}"`;
      if (hasLoneSurrogate(value)) throw MISS;
      return JSON.stringify(value);
    }
    case "number":
      if (!Number.isFinite(value)) throw MISS;
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      throw MISS;
    default:
      throw MISS;
  }
}

/** The members of `value`, which must be a plain object with exactly `keys`, in that order. */
function matchObject(value: unknown, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value) || !isPlainObject(value)) throw MISS;
  const actual = Object.keys(value);
  if (actual.length !== keys.length) throw MISS;
  for (let i = 0; i < keys.length; i++) if (actual[i] !== keys[i]) throw MISS;
  return value as Record<string, unknown>;
}

function matchArray(value: unknown, length: number): unknown[] {
  if (!Array.isArray(value) || value.length !== length) throw MISS;
  for (let i = 0; i < length; i++) if (!(i in value)) throw MISS;
  return value;
}

function matchEmpty(node: ShapeNode, value: unknown): string {
  if (node.kind === EMPTY_ARRAY) {
    matchArray(value, 0);
    return "[]";
  }
  matchObject(value, node.keys);
  return "{}";
}

/**
 * Hashes one visible field into the next slot: keccak256 of `[[path],value,"salt"]`, its bytes written
 * straight into the hash input (the path's bytes compiled once, the value and the salt as UTF-8).
 */
function hashField(node: ShapeNode, valueText: string): void {
  if (saltBytes !== undefined) {
    hashFieldOfBytes(node, valueText, saltBytes);
    return;
  }
  const salt = salts[node.pointer];
  if (typeof salt !== "string" || !Object.prototype.hasOwnProperty.call(salts, node.pointer)) throw MISS;
  // The reference writes the salt as it is, encoded by TextEncoder (a lone surrogate would become U+FFFD), as appendText does.
  beginInput(node.prefixBytes.length + 3 * (valueText.length + salt.length) + 4);
  appendBytes(node.prefixBytes);
  appendText(valueText);
  appendByte(0x2c); // ,
  appendByte(0x22); // "
  appendText(salt);
  appendByte(0x22); // "
  appendByte(0x5d); // ]
  hashCount++;
  hashInputInto(hashes, 32 * hashCount);
}

/** hashField with the salt written as the hex text of its 16 bytes in `source` (the same field text). */
function hashFieldOfBytes(node: ShapeNode, valueText: string, source: SaltBytes): void {
  const keys = source.saltKeys;
  let slot = node.saltSlot;
  // A batch's credentials list their salts in one order: the pointer is where it was last time.
  if (keys[slot] !== node.pointer) {
    slot = keys.indexOf(node.pointer);
    if (slot < 0) throw MISS;
    node.saltSlot = slot;
  }
  beginInput(node.prefixBytes.length + 3 * valueText.length + 2 * SALT_LENGTH + 6);
  appendBytes(node.prefixBytes);
  appendText(valueText);
  appendByte(0x2c); // ,
  appendByte(0x22); // "
  appendHexOf(source.bytes, source.saltAt[slot], SALT_LENGTH);
  appendByte(0x22); // "
  appendByte(0x5d); // ]
  hashCount++;
  hashInputInto(hashes, 32 * hashCount);
}

/** The length of a salt in bytes (SPEC.md 2). */
const SALT_LENGTH = 16;

function walkVisible(node: ShapeNode, value: unknown): void {
  switch (node.kind) {
    case LEAF:
      hashField(node, leafAt(node, value));
      return;
    case OBJECT: {
      const record = matchObject(value, node.keys);
      for (let i = 0; i < node.keys.length; i++) walkVisible(node.children[i], record[node.keys[i]]);
      return;
    }
    case ARRAY: {
      const items = matchArray(value, node.children.length);
      for (let i = 0; i < items.length; i++) walkVisible(node.children[i], items[i]);
      return;
    }
    default:
      hashField(node, matchEmpty(node, value));
  }
}

/** The JCS text of a protected value. */
function canonical(node: ShapeNode, value: unknown): string {
  switch (node.kind) {
    case LEAF:
      return leafAt(node, value);
    case OBJECT: {
      const record = matchObject(value, node.keys);
      let text = "";
      for (let j = 0; j < node.order.length; j++) {
        const i = node.order[j];
        text += node.openers[j] + canonical(node.children[i], record[node.keys[i]]);
      }
      return `${text}}`;
    }
    case ARRAY: {
      const items = matchArray(value, node.children.length);
      let text = "[";
      for (let i = 0; i < items.length; i++) text += (i === 0 ? "" : ",") + canonical(node.children[i], items[i]);
      return `${text}]`;
    }
    default:
      return matchEmpty(node, value);
  }
}

function run(shape: Shape, document: Record<string, unknown>, redacted: readonly Hex[]): Hex {
  const { top, roles, topKeys } = shape;
  hashCount = 0;
  const need = 32 * (shape.fields + redacted.length + 1);
  if (need > hashes.length) {
    hashes = new Uint8Array(2 * need);
    sorted = new Uint8Array(2 * need);
  }
  let subject: Record<string, unknown> | undefined;
  for (let k = 0; k < topKeys.length; k++) {
    const role = roles[k];
    if (role === VISIBLE) walkVisible(top[k], document[topKeys[k]]);
    else if (role === SUBJECT) {
      const node = top[k];
      subject = matchObject(document[topKeys[k]], node.keys);
      for (let i = 0; i < node.keys.length; i++) {
        if (!PROTECTED_SUBJECT.has(node.keys[i])) walkVisible(node.children[i], subject[node.keys[i]]);
      }
    }
  }
  // The protected part: ["credanchor:protected:v1",{...}]
  let text = '["credanchor:protected:v1",{';
  for (const { index, opener } of shape.protectedTop) {
    if (roles[index] === SUBJECT) {
      const node = top[index];
      let inner = "{";
      for (const member of shape.protectedSubject) {
        inner += member.opener + canonical(node.children[member.index], subject![node.keys[member.index]]);
      }
      text += `${opener}${inner}}`;
    } else text += opener + canonical(top[index], document[topKeys[index]]);
  }
  const length = encode(`${text}}]`); // may replace textBytes: read it after
  protectedHasher.hashInto(textBytes, length, hashes, 0);
  for (let k = 0; k < redacted.length; k++) writeHex(redacted[k], hashes, 32 * (hashCount + 1 + k));
  const count = hashCount + redacted.length;
  sortInto(count);
  keccak256Into(sorted, 32 * (count + 1), digestBytes, 0);
  return toHex(digestBytes);
}

/** `sorted` = slot 0 of `hashes`, then slots 1..count in ascending byte order (insertion sort on the first word, then bytes). */
const order: number[] = [];
const firstWords: number[] = [];
function sortInto(count: number): void {
  for (let s = 1; s <= count; s++) {
    const at = 32 * s;
    const word = ((hashes[at] << 24) | (hashes[at + 1] << 16) | (hashes[at + 2] << 8) | hashes[at + 3]) >>> 0;
    let j = s - 1;
    while (j > 0 && before(word, s, firstWords[j - 1], order[j - 1])) {
      order[j] = order[j - 1];
      firstWords[j] = firstWords[j - 1];
      j--;
    }
    order[j] = s;
    firstWords[j] = word;
  }
  sorted.set(hashes.subarray(0, 32), 0);
  for (let k = 0; k < count; k++) sorted.set(hashes.subarray(32 * order[k], 32 * order[k] + 32), 32 * (k + 1));
}

/** True when hash slot `a` (first word `wa`) sorts before slot `b` (first word `wb`). */
function before(wa: number, a: number, wb: number, b: number): boolean {
  if (wa !== wb) return wa < wb;
  for (let i = 4; i < 32; i++) {
    const x = hashes[32 * a + i];
    const y = hashes[32 * b + i];
    if (x !== y) return x < y;
  }
  return false;
}

/**
 * Internal: the digest of `credential` from the salts and redacted hashes of its proof entry, through
 * the shape compiled for it (compiled now when it has none), or `undefined` when it does not match a
 * compiled shape exactly (see the module comment). The redacted hashes must be 32 bytes of lower-case
 * hex (findProofEntry/validateProofEntry check it).
 */
export function compiledDigest(
  credential: object,
  proofSalts: Record<string, Hex>,
  redactedHashes: readonly Hex[],
): Hex | undefined {
  return digestOf(credential, proofSalts, Object.keys(proofSalts).length, redactedHashes);
}

/**
 * Where the salts of a proof lie in bytes (a decoded proofValue: `ProofValueLayout`): the pointers by
 * position, salt i the 16 bytes from `saltAt[i]` of `bytes`. The pointers are distinct.
 */
export interface SaltBytes {
  bytes: Uint8Array;
  saltKeys: readonly string[];
  saltAt: readonly number[];
}

/**
 * Internal: `compiledDigest` with the salts given as bytes (`SaltBytes`), each written into its field's
 * hash input as the hex text `compiledDigest` would be given: the same digest, or `undefined` in the same
 * cases, with no hex text of a salt made.
 */
export function compiledDigestOfBytes(
  credential: object,
  salts: SaltBytes,
  redactedHashes: readonly Hex[],
): Hex | undefined {
  saltBytes = salts;
  try {
    return digestOf(credential, NO_SALTS, salts.saltKeys.length, redactedHashes);
  } finally {
    saltBytes = undefined;
  }
}

const NO_SALTS: Record<string, Hex> = {};

function digestOf(
  credential: object,
  proofSalts: Record<string, Hex>,
  fieldCount: number,
  redactedHashes: readonly Hex[],
): Hex | undefined {
  if (!SHAPE_KNOWN || typeof credential !== "object" || credential === null || Array.isArray(credential)) {
    return undefined;
  }
  if (!isPlainObject(credential)) return undefined;
  const document = credential as Record<string, unknown>;
  const topKeys = Object.keys(document);
  const shape = shapes.find(topKeys);
  if (shape !== undefined) {
    const digest = tryShape(shape, document, proofSalts, fieldCount, redactedHashes);
    if (digest !== undefined) {
      shapes.use(shape);
      return digest;
    }
  }
  // No shape yet, or the credential's differs: compile its own (the next ones of its batch will use it).
  const compiled = compileShape(document, topKeys);
  if (compiled === undefined) return undefined;
  shapes.add(compiled);
  return tryShape(compiled, document, proofSalts, fieldCount, redactedHashes);
}

function tryShape(
  shape: Shape,
  document: Record<string, unknown>,
  proofSalts: Record<string, Hex>,
  fieldCount: number,
  redactedHashes: readonly Hex[],
): Hex | undefined {
  // Every salt names one visible field and every visible field has one: with equal counts, a salt for
  // each field (checked as it is hashed) means no salt is left over.
  if (fieldCount !== shape.fields) return undefined;
  salts = proofSalts;
  try {
    return run(shape, document, redactedHashes);
  } catch (error) {
    if (error === MISS) return undefined;
    throw error;
  } finally {
    salts = {};
  }
}

/** Tests only: forgets every compiled shape. */
export function clearCompiledShapesForTests(): void {
  shapes.clear();
}
