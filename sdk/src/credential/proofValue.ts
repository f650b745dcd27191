/**
 * The `proofValue` of credanchor's Data Integrity proof (docs/SPEC.md 4.3): multibase base64url
 * (`u` prefix, no padding) of the deterministic CBOR array
 *
 *     [ 1, digest, root, leafIndex, path, salts, redactedHashes, anchor ]
 *
 * with 32-byte byte strings for hashes, 16-byte ones for salts, a map from JSON pointer to salt, and
 * `anchor` = null or [chainId, registry (20 bytes), transactionHash, blockNumber, anchoredAt (Unix s)].
 * Browser-safe.
 */
import { formatCaip2ChainId, parseCaip2ChainId } from "../chain/caip2";
import { NodeBuffer } from "../canonical/nodeBuffer";
import { fromBase64Url, toBase64Url } from "../canonical/base64url";
import { CborDecodeError, CborTrailingBytesError, decodeCbor, encodeCbor, type CborValue } from "../canonical/cbor";
import { hexOfRange, toHex, writeHex } from "../canonical/hex";
import { checksumAddress } from "../hash/checksumAddress";
import { ProofValueError } from "../errors/credential";
import { isoFromUnixSeconds } from "./dateTime";
import type { InclusionBytes } from "../merkle/verifyInclusion";
import { PROOF_VALUE_VERSION, type AnchorRecord, type CredAnchorProof, type Hex } from "../types";

/** What proofValue carries: the anchor data without `created` (which is a member of the proof itself). */
export type ProofValueData = Omit<CredAnchorProof, "created">;

/** The multibase prefix of base64url without padding. */
export const MULTIBASE_BASE64URL = "u";
/** Latest representable anchoredAt: 9999-12-31T23:59:59Z, so the date-time keeps a 4-digit year. */
const MAX_SECONDS = 253402300799;
const ELEMENTS = ["version", "digest", "root", "leafIndex", "path", "salts", "redactedHashes", "anchor"];
const ANCHOR_ELEMENTS = ["chainId", "registry", "transactionHash", "blockNumber", "anchoredAt"];

function bytesOf(hex: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  writeHex(hex.toLowerCase(), out, 0);
  return out;
}

function anchorValue(anchor: AnchorRecord): CborValue {
  const chainId = parseCaip2ChainId(anchor.chain);
  if (chainId === undefined) throw new RangeError(`${anchor.chain} is not eip155:<chain id from 1 to 2^53 − 1>`);
  const ms = Date.parse(anchor.anchoredAt);
  if (!Number.isFinite(ms) || ms % 1000 !== 0 || ms < 0 || ms / 1000 > MAX_SECONDS) {
    throw new RangeError(`anchoredAt ${anchor.anchoredAt} is not a whole second between 1970 and 9999`);
  }
  return [chainId, bytesOf(anchor.registry, 20), bytesOf(anchor.transactionHash, 32), anchor.blockNumber, ms / 1000];
}

/**
 * The proofValue text of `data`. The caller has checked the data's shape (`validateProofData`);
 * throws a RangeError for what the encoding cannot hold (a chain id above 2^53 − 1, an anchoredAt
 * with a fraction of a second).
 *
 * @example
 * encodeProofValue({ digest, root, leafIndex: 0, path: [], salts: {}, redactedHashes: [] }) // "uiAFYI…"
 */
export function encodeProofValue(data: ProofValueData): string {
  const salts = new Map<string, CborValue>();
  for (const [pointer, salt] of Object.entries(data.salts)) salts.set(pointer, bytesOf(salt, 16));
  const value: CborValue = [
    PROOF_VALUE_VERSION,
    bytesOf(data.digest, 32),
    bytesOf(data.root, 32),
    data.leafIndex,
    data.path.map((hash) => bytesOf(hash, 32)),
    salts,
    data.redactedHashes.map((hash) => bytesOf(hash, 32)),
    data.anchor ? anchorValue(data.anchor) : null,
  ];
  return MULTIBASE_BASE64URL + toBase64Url(encodeCbor(value));
}

function content(message: string): never {
  throw new ProofValueError("PROOF_VALUE_CONTENT", message);
}

function bytes(value: CborValue, length: number, what: string): Hex {
  if (!(value instanceof Uint8Array)) content(`${what} must be a byte string`);
  if (value.length !== length) content(`${what} must be ${length} bytes, not ${value.length}`);
  return toHex(value);
}

function uint(value: CborValue, what: string): number {
  if (typeof value !== "number") content(`${what} must be an unsigned integer`);
  return value;
}

function array(value: CborValue, what: string): CborValue[] {
  if (!Array.isArray(value)) content(`${what} must be an array`);
  return value;
}

function decodeAnchor(value: CborValue): AnchorRecord {
  const items = array(value, "element 7 (anchor)");
  if (items.length !== ANCHOR_ELEMENTS.length) {
    content(`element 7 (anchor) must be null or an array of ${ANCHOR_ELEMENTS.length} elements, not ${items.length}`);
  }
  const chainId = uint(items[0], "anchor element 0 (chainId)");
  if (chainId === 0) content("anchor element 0 (chainId) must be at least 1");
  const seconds = uint(items[4], "anchor element 4 (anchoredAt)");
  if (seconds > MAX_SECONDS) content(`anchor element 4 (anchoredAt) ${seconds} is after 9999-12-31T23:59:59Z`);
  return {
    chain: formatCaip2ChainId(chainId),
    registry: checksumOf(bytes(items[1], 20, "anchor element 1 (registry)")),
    transactionHash: bytes(items[2], 32, "anchor element 2 (transactionHash)"),
    blockNumber: uint(items[3], "anchor element 3 (blockNumber)"),
    anchoredAt: anchoredAtOf(seconds),
  };
}

/** The last anchoredAt formatted: every credential of a batch was anchored at the same second. */
const lastAnchoredAt = { seconds: -1, iso: "" };

/** isoFromUnixSeconds of anchoredAt, remembered for the last one (no Date per credential of a batch). */
function anchoredAtOf(seconds: number): string {
  if (seconds !== lastAnchoredAt.seconds) {
    lastAnchoredAt.iso = isoFromUnixSeconds(seconds);
    lastAnchoredAt.seconds = seconds;
  }
  return lastAnchoredAt.iso;
}

/**
 * Decodes a proofValue strictly (every byte string has one accepted text). Throws ProofValueError with
 * code PROOF_VALUE_MULTIBASE, _CBOR, _NON_CANONICAL, _TRAILING_BYTES, _VERSION or _CONTENT. Rules that
 * are not about the encoding (path length, pointer syntax, order of redactedHashes) are checked by
 * `validateProofEntry` on the result.
 *
 * @example
 * decodeProofValue(entry.proofValue).leafIndex // 7
 */
export function decodeProofValue(text: unknown): ProofValueData {
  return copyData(decodeProofValueShared(text));
}

/**
 * Internal: decodeProofValue without the copy, for a caller that only reads the result
 * (validateProofEntry). The object is the one remembered for the next decoding of the same text:
 * it must not be changed.
 */
export function decodeProofValueShared(text: unknown): Readonly<ProofValueData> {
  // The verifier validates an entry, then reads it: the second decoding of the same text is a copy.
  decodeLast(text);
  // Built from the layout only when asked for: the worker path reads the layout alone (no hex texts).
  last.data ??= dataOf(last.layout!);
  return last.data;
}

/**
 * Internal: where everything of the proofValue `text` lies in its bytes (`ProofValueLayout`), with hex
 * texts only for the digest, the root and the hashes a credential rarely has (redactedHashes); undefined
 * when the text is not in the one layout every issued proofValue has (decodeProofValueShared then
 * decodes it step by step). Throws as decodeProofValue does. The object is the one remembered for the
 * next decoding (of this text or another): read it before decoding another, never change it.
 */
export function decodeProofValueLayout(text: unknown): Readonly<ProofValueLayout> | undefined {
  decodeLast(text);
  return last.layout;
}

/**
 * Internal: what validateProofEntry checks of a decoded proofValue (leaf index, path length, salt
 * pointers, redacted hashes, anchor), from its layout when it has one (no hex texts of the path and
 * salts), else from its step-by-step decoding. Throws as decodeProofValue does.
 */
export function decodedProofFacts(text: unknown): ProofValueFacts {
  decodeLast(text);
  const layout = last.layout;
  // Keys in their order in the bytes, as Object.keys lists the salts, unless one is an array index
  // (listed first by Object.keys): a pointer starts with "/", an index never does.
  if (layout !== undefined && layout.saltKeys.every((key) => key.charCodeAt(0) === 0x2f)) {
    const { leafIndex, pathCount: pathLength, saltKeys, redactedHashes, anchor } = layout;
    return { leafIndex, pathLength, saltKeys, redactedHashes, anchor };
  }
  const data = (last.data ??= dataOf(layout!));
  const { leafIndex, redactedHashes, anchor } = data;
  return { leafIndex, pathLength: data.path.length, saltKeys: Object.keys(data.salts), redactedHashes, anchor };
}

/** What `decodedProofFacts` gives. */
export interface ProofValueFacts {
  leafIndex: number;
  pathLength: number;
  saltKeys: readonly string[];
  redactedHashes: readonly Hex[];
  anchor?: AnchorRecord;
}

/**
 * A proofValue read in its one layout: its bytes, where the digest, root and path lie in them
 * (`InclusionBytes`), the salt pointers by position with where each salt's 16 bytes lie, and as values
 * or hex texts what is short or rare (digest, root, redacted hashes, anchor record).
 */
export interface ProofValueLayout extends InclusionBytes {
  digest: Hex;
  root: Hex;
  saltKeys: string[];
  saltAt: number[];
  redactedHashes: Hex[];
  anchor?: AnchorRecord;
}

/** Decodes `text` into `last` unless it is the text decoded last: its layout, or its data when it has none. */
function decodeLast(text: unknown): void {
  if (typeof text === "string" && text === last.text) return;
  last.text = undefined;
  last.data = undefined;
  last.layout = undefined;
  const decoded = decodeUncached(text);
  last.text = text as string;
  if ("saltAt" in decoded) last.layout = decoded;
  else last.data = decoded;
}

const last: { text?: string; data?: ProofValueData; layout?: ProofValueLayout } = {};

/**
 * Internal: where the digest, root and path of `proof` lie in the bytes of the last proofValue decoded
 * (for `verifyInclusionBytes`), when `proof` holds exactly that proofValue's digest, root, leaf index and
 * path (as decodeProofValue or readProofEntry gave them); otherwise undefined. Strings are compared by
 * value: equal hex texts are the same bytes.
 */
export function inclusionBytesOf(
  proof: Pick<ProofValueData, "digest" | "root" | "leafIndex" | "path">,
): InclusionBytes | undefined {
  const data = last.data;
  const inclusion = last.layout;
  if (data === undefined || inclusion === undefined) return undefined;
  if (proof.digest !== data.digest || proof.root !== data.root || proof.leafIndex !== data.leafIndex) return undefined;
  const path = proof.path;
  if (!Array.isArray(path) || path.length !== data.path.length) return undefined;
  for (let i = 0; i < path.length; i++) if (path[i] !== data.path[i]) return undefined;
  return inclusion;
}

function copyData(data: ProofValueData): ProofValueData {
  const copy: ProofValueData = {
    ...data,
    path: [...data.path],
    salts: { ...data.salts },
    redactedHashes: [...data.redactedHashes],
  };
  if (data.anchor) copy.anchor = { ...data.anchor };
  return copy;
}

function decodeUncached(text: unknown): ProofValueData | ProofValueLayout {
  if (typeof text !== "string") throw new ProofValueError("PROOF_VALUE_MULTIBASE", "proofValue must be a string");
  if (text[0] !== MULTIBASE_BASE64URL) {
    throw new ProofValueError(
      "PROOF_VALUE_MULTIBASE",
      `proofValue must start with the multibase prefix "u" (base64url, no padding), not ${JSON.stringify(text.slice(0, 1))}`,
    );
  }
  const raw = fromBase64Url(text.slice(1));
  if (typeof raw === "string")
    throw new ProofValueError("PROOF_VALUE_MULTIBASE", `proofValue is not base64url: ${raw}`);
  return readLayout(raw) ?? decodeBytes(raw);
}

/**
 * Internal: the step-by-step decoding of proofValue's bytes (generic CBOR, then each element checked),
 * the definition that readLayout is tested against (proofValue.property.test.ts). Throws ProofValueError.
 */
export function decodeBytes(raw: Uint8Array): ProofValueData {
  let value: CborValue;
  try {
    value = decodeCbor(raw);
  } catch (error) {
    if (error instanceof CborTrailingBytesError) {
      throw new ProofValueError(
        "PROOF_VALUE_TRAILING_BYTES",
        `proofValue has ${error.count} byte(s) after its CBOR value (from byte ${error.offset})`,
      );
    }
    if (error instanceof CborDecodeError) {
      throw new ProofValueError(
        error.kind === "non-canonical" ? "PROOF_VALUE_NON_CANONICAL" : "PROOF_VALUE_CBOR",
        `proofValue is not ${error.kind === "non-canonical" ? "deterministic" : "valid"} CBOR: ${error.message}`,
      );
    }
    throw error;
  }
  if (!Array.isArray(value)) content("proofValue must hold a CBOR array");
  if (value.length === 0 || value[0] !== PROOF_VALUE_VERSION) {
    throw new ProofValueError(
      "PROOF_VALUE_VERSION",
      `proofValue has version ${value.length === 0 ? "(none)" : typeof value[0] === "number" ? value[0] : "(not a number)"}; this reader knows version ${PROOF_VALUE_VERSION}`,
    );
  }
  if (value.length !== ELEMENTS.length) {
    content(`proofValue version 1 is an array of ${ELEMENTS.length} elements, not ${value.length}`);
  }
  const saltMap = value[5];
  if (!(saltMap instanceof Map)) content("element 5 (salts) must be a map from JSON pointer to salt");
  const salts: Record<string, Hex> = {};
  for (const [pointer, salt] of saltMap) salts[pointer] = bytes(salt, 16, `the salt of ${JSON.stringify(pointer)}`);
  const data: ProofValueData = {
    digest: bytes(value[1], 32, "element 1 (digest)"),
    root: bytes(value[2], 32, "element 2 (root)"),
    leafIndex: uint(value[3], "element 3 (leafIndex)"),
    path: array(value[4], "element 4 (path)").map((hash, i) => bytes(hash, 32, `path item ${i}`)),
    salts,
    redactedHashes: array(value[6], "element 6 (redactedHashes)").map((hash, i) =>
      bytes(hash, 32, `redactedHashes item ${i}`),
    ),
  };
  if (value[7] !== null) data.anchor = decodeAnchor(value[7]);
  return data;
}

/**
 * The fast way for what every issued proofValue is: the version 1 array in its one deterministic
 * encoding, read straight from the bytes (no CBOR values, no byte-string copies) into where each part
 * lies; `dataOf` the layout is exactly what decodeBytes gives. Undefined for anything it does not
 * expect (another layout, a non-canonical or out-of-range number, a salt key that is not UTF-8, keys
 * out of order, bytes left over): decodeBytes then decodes it and names the problem.
 */
function readLayout(decoded: Uint8Array): ProofValueLayout | undefined {
  // In Node the layout's bytes are a Buffer over the decoded bytes, as a ProofValueLike's are: one kind
  // of array where verifyInclusionBytes reads them (a Uint8Array here made its code "wrong map" once).
  const raw = nodeBytes(decoded);
  const hex = hexReader(raw);
  const end = raw.length;
  let pos = 0;
  /** The argument of an item head of major type `major` in its shortest form, or -1. */
  const head = (major: number): number => {
    const arg = readHead(raw, pos, end, major);
    pos = headEnd;
    return arg;
  };
  /** The offset of a byte string of `length` bytes, or -1. */
  const byteString = (length: number): number => {
    if (head(2) !== length || pos + length > end) return -1;
    pos += length;
    return pos - length;
  };
  /** The hex texts of an array of hashes. */
  const hashes = (): Hex[] | undefined => {
    const count = head(4);
    if (count < 0) return undefined;
    const out: Hex[] = [];
    for (let i = 0; i < count; i++) {
      const at = byteString(32);
      if (at < 0) return undefined;
      out.push(hex(at, at + 32));
    }
    return out;
  };

  if (head(4) !== ELEMENTS.length || head(0) !== PROOF_VALUE_VERSION) return undefined;
  const digestAt = byteString(32);
  const rootAt = byteString(32);
  const leafIndex = head(0);
  if (digestAt < 0 || rootAt < 0 || leafIndex < 0) return undefined;
  // The path stays bytes: each item a 2-byte head (0x58 0x20), then its 32 bytes.
  const pathCount = head(4);
  if (pathCount < 0) return undefined;
  const pathAt = pos + 2;
  for (let i = 0; i < pathCount; i++) if (byteString(32) < 0) return undefined;
  const saltCount = head(5);
  if (saltCount < 0) return undefined;
  const saltKeys: string[] = [];
  const saltAt: number[] = [];
  let previousStart = -1;
  let previousEnd = -1;
  for (let i = 0; i < saltCount; i++) {
    const keyStart = pos;
    const length = head(3);
    if (length < 0 || pos + length > end) return undefined;
    const pointer = saltKey(raw, pos, length, i);
    if (pointer === undefined) return undefined; // not UTF-8: decodeBytes names the problem
    pos += length;
    // Strictly ascending by the keys' encoded bytes, as deterministic CBOR orders a map (no duplicates).
    if (previousStart >= 0 && !bytesBefore(raw, previousStart, previousEnd, keyStart, pos)) return undefined;
    previousStart = keyStart;
    previousEnd = pos;
    const at = byteString(16);
    if (at < 0) return undefined;
    saltKeys.push(pointer);
    saltAt.push(at);
  }
  const redactedHashes = hashes();
  if (!redactedHashes || pos >= end) return undefined;
  const digest = hex(digestAt, digestAt + 32);
  const root = sharedHex(raw, rootAt, 32, SLOT_ROOT, hex);
  let anchor: AnchorRecord | undefined;
  if (raw[pos] === 0xf6) pos++;
  else {
    if (head(4) !== ANCHOR_ELEMENTS.length) return undefined;
    const chainId = head(0);
    const registryAt = byteString(20);
    const transactionAt = byteString(32);
    const blockNumber = head(0);
    const seconds = head(0);
    if (chainId < 1 || registryAt < 0 || transactionAt < 0 || blockNumber < 0 || seconds < 0) return undefined;
    if (seconds > MAX_SECONDS) return undefined;
    anchor = {
      chain: formatCaip2ChainId(chainId),
      registry: checksumOf(sharedHex(raw, registryAt, 20, SLOT_REGISTRY, hex)),
      transactionHash: sharedHex(raw, transactionAt, 32, SLOT_TRANSACTION, hex),
      blockNumber,
      anchoredAt: anchoredAtOf(seconds),
    };
  }
  if (pos !== end) return undefined;
  return proofBytes(
    raw,
    rootAt,
    digestAt,
    leafIndex,
    pathAt,
    pathCount,
    saltAt,
    digest,
    root,
    saltKeys,
    redactedHashes,
    anchor,
  );
}

/**
 * Every proofValue read in its bytes, readLayout's layouts and the reused ProofValueLike alike, is made
 * here: one object literal, so one shape (V8's map), with `anchor` always present (undefined when there
 * is none). verifyInclusionBytes takes both; with two shapes its optimised code was thrown away once in
 * each worker thread ("wrong map" at its entry) and compiled again for both.
 */
function proofBytes(
  bytes: Uint8Array,
  rootAt: number,
  digestAt: number,
  leafIndex: number,
  pathAt: number,
  pathCount: number,
  saltAt: number[],
  digest: Hex,
  root: Hex,
  saltKeys: string[],
  redactedHashes: Hex[],
  anchor: AnchorRecord | undefined,
): ProofValueLayout {
  return {
    bytes,
    rootAt,
    digestAt,
    leafIndex,
    pathAt,
    pathStride: PATH_STRIDE,
    pathCount,
    saltAt,
    digest,
    root,
    saltKeys,
    redactedHashes,
    anchor,
  };
}

/** Where the last `readHead` stopped (after the head, or where it found the head wrong). */
let headEnd = 0;

/**
 * The argument of the CBOR item head at raw[pos] when it is of major type `major`, in its shortest form
 * and at most 2^53 − 1, or -1; `headEnd` is set to where it stopped. Every head readLayout reads.
 */
function readHead(raw: Uint8Array, pos: number, end: number, major: number): number {
  headEnd = pos;
  if (pos >= end) return -1;
  const initial = raw[pos++];
  headEnd = pos;
  if (initial >> 5 !== major) return -1;
  const ai = initial & 31;
  if (ai < 24) return ai;
  if (ai > 27) return -1;
  const size = 1 << (ai - 24);
  if (pos + size > end) return -1;
  let arg = 0;
  for (let i = 0; i < size; i++) arg = arg * 256 + raw[pos++];
  headEnd = pos;
  const min = size === 1 ? 24 : size === 2 ? 0x100 : size === 4 ? 0x10000 : 2 ** 32;
  return arg < min || arg > Number.MAX_SAFE_INTEGER ? -1 : arg;
}

/** Where readLayout finds the digest (after the array's head, the version and the byte string's head). */
const DIGEST_AT = 4;
/** Where readLayout finds the root, and where the leaf index's head starts. */
const ROOT_AT = DIGEST_AT + 32 + 2;
const LEAF_INDEX_AT = ROOT_AT + 32;
/** Each path item: its head (0x58 0x20), then its 32 bytes. */
const PATH_STRIDE = 34;

/**
 * Internal (the template fast path, sdk/src/verify/templatePath.ts): what the proofValues of one batch's
 * credentials repeat of one read by readLayout, the reference: its root, and its bytes from the salts'
 * map on (`tail`: the salt pointers, the empty redactedHashes, the anchor record) but for the 16 bytes
 * of each salt (at `saltAt` in `tail`). Only the digest, leaf index, path and salts differ.
 */
export interface ProofValueReference {
  root: Uint8Array;
  tail: Uint8Array;
  saltAt: number[];
}

/**
 * The reference of a proofValue's `layout` (decodeProofValueLayout), or undefined when it has redacted
 * hashes (a credential the fast path does not take).
 */
export function proofValueReference(layout: Readonly<ProofValueLayout>): ProofValueReference | undefined {
  if (layout.redactedHashes.length !== 0 || layout.rootAt !== ROOT_AT || layout.digestAt !== DIGEST_AT)
    return undefined;
  const bytes = layout.bytes;
  const tailAt = layout.pathAt - 2 + PATH_STRIDE * layout.pathCount;
  return {
    root: bytes.slice(ROOT_AT, ROOT_AT + 32),
    tail: bytes.slice(tailAt),
    saltAt: layout.saltAt.map((at) => at - tailAt),
  };
}

/** Internal: a proofValue read against a reference by readProofValueLike (its bytes reused). */
export interface ProofValueLike extends InclusionBytes {
  /** Where each salt's 16 bytes lie, in the reference's order of salt pointers. */
  saltAt: number[];
}

/** A ProofValueLike to fill (in Node, its bytes a Buffer that decodes base64url natively). */
export function createProofValueLike(): ProofValueLike {
  const like = proofBytes(new Uint8Array(0), ROOT_AT, DIGEST_AT, -1, -1, -1, [], "0x", "0x", [], [], undefined);
  // Written again at once with other values: V8 takes a field written once as a constant, and
  // readProofValueLike's code, compiled while these were the first object's, was thrown away when the
  // next proofValue changed them ("const -> mutable"), 4 to 5 compiles in each thread. So is `bytes`
  // (a Uint8Array, then in Node a Buffer): its field holds either kind from the start.
  like.bytes = NodeBuffer === undefined ? new Uint8Array(0) : NodeBuffer.allocUnsafe(4096);
  like.leafIndex = 0;
  like.pathAt = 0;
  like.pathCount = 0;
  return like;
}

/** The largest decoding buffer a ProofValueLike keeps (a longer proofValue gets a buffer of its own). */
const KEPT_PROOF_BYTES = 64 * 1024;

/**
 * Reads the proofValue `text` into `out` when it is the reference's but for its digest, leaf index, path
 * and salts: canonical base64url after the `u`, the version 1 array whose digest, root, leaf index and
 * path are as readLayout reads them (shortest heads, 32-byte hashes), the reference's root, then exactly
 * the reference's tail but for the salts' bytes. Then readLayout would read `text` too, with the
 * reference's root, salt pointers (in their order), redactedHashes (none) and anchor record, and this
 * digest, leaf index, path and salts: the tail's reading depends on its bytes alone, and any 16 bytes
 * are a salt. False for anything else (decodeProofValueLayout then decodes it and says what it is).
 */
export function readProofValueLike(text: string, reference: ProofValueReference, out: ProofValueLike): boolean {
  if (text.charCodeAt(0) !== 0x75 /* u */) return false;
  const encoded = text.slice(1);
  let raw = out.bytes;
  let end: number;
  if (NodeBuffer === undefined) {
    const decoded = fromBase64Url(encoded);
    if (typeof decoded === "string") return false;
    raw = out.bytes = decoded;
    end = decoded.length;
  } else {
    const most = (encoded.length * 3) >> 2;
    if (raw.length < most) {
      raw = NodeBuffer.allocUnsafe(most);
      if (most <= KEPT_PROOF_BYTES) out.bytes = raw;
    }
    const buffer = raw as Buffer;
    end = buffer.write(encoded, 0, "base64url");
    // Node decodes leniently: its bytes are taken only when the text is exactly their canonical spelling
    // (as fromBase64Url takes them).
    if (buffer.toString("base64url", 0, end) !== encoded) return false;
  }
  const { root, tail, saltAt } = reference;
  if (end < LEAF_INDEX_AT || raw[0] !== 0x88 || raw[1] !== PROOF_VALUE_VERSION) return false;
  if (raw[2] !== 0x58 || raw[3] !== 0x20 || raw[36] !== 0x58 || raw[37] !== 0x20) return false;
  for (let i = 0; i < 32; i++) if (raw[ROOT_AT + i] !== root[i]) return false;
  const leafIndex = readHead(raw, LEAF_INDEX_AT, end, 0);
  const pathCount = leafIndex < 0 ? -1 : readHead(raw, headEnd, end, 4);
  if (pathCount < 0) return false;
  let pos = headEnd;
  if (end - pos !== PATH_STRIDE * pathCount + tail.length) return false;
  const pathAt = pos + 2;
  for (let k = 0; k < pathCount; k++, pos += PATH_STRIDE) if (raw[pos] !== 0x58 || raw[pos + 1] !== 0x20) return false;
  // The tail: every byte the reference's but for each salt's 16.
  let from = 0;
  const own = out.saltAt;
  own.length = saltAt.length;
  for (let k = 0; k <= saltAt.length; k++) {
    const to = k < saltAt.length ? saltAt[k] : tail.length;
    for (let i = from; i < to; i++) if (raw[pos + i] !== tail[i]) return false;
    if (k < saltAt.length) own[k] = pos + to;
    from = to + 16;
  }
  out.leafIndex = leafIndex;
  out.pathAt = pathAt;
  out.pathCount = pathCount;
  return true;
}

/**
 * The `0x` hex text of the digest of a proofValue read by readProofValueLike: in Node through its bytes'
 * Buffer (native hex: about half the CPU of hexOfRange's TextDecoder for 32 bytes), elsewhere hexOfRange.
 */
export function digestOfLike(like: ProofValueLike): Hex {
  const bytes = like.bytes;
  if (NodeBuffer !== undefined && bytes instanceof NodeBuffer)
    return `0x${bytes.toString("hex", DIGEST_AT, DIGEST_AT + 32)}`;
  return `0x${hexOfRange(bytes, DIGEST_AT, DIGEST_AT + 32)}`;
}

/**
 * The data of a proofValue read by readLayout, as decodeBytes gives it: hex texts of the path (through
 * the shared slots: a batch shares the upper levels) and of the salts.
 */
function dataOf(layout: ProofValueLayout): ProofValueData {
  const raw = layout.bytes;
  const hex = hexReader(raw);
  const path: Hex[] = new Array(layout.pathCount);
  for (let i = 0; i < path.length; i++) {
    path[i] = sharedHex(raw, layout.pathAt + layout.pathStride * i, 32, SLOT_PATH + i, hex);
  }
  const salts: Record<string, Hex> = {};
  const { saltKeys, saltAt } = layout;
  for (let i = 0; i < saltKeys.length; i++) salts[saltKeys[i]] = hex(saltAt[i], saltAt[i] + 16);
  const data: ProofValueData = {
    digest: layout.digest,
    root: layout.root,
    leafIndex: layout.leafIndex,
    path,
    salts,
    redactedHashes: [...layout.redactedHashes],
  };
  if (layout.anchor) data.anchor = { ...layout.anchor };
  return data;
}

/**
 * `0x` and the lower-case hex of bytes[start, end): in Node through one Buffer view of the bytes (its
 * native hex), elsewhere hexOfRange. The same text either way.
 */
function hexReader(bytes: Uint8Array): (start: number, end: number) => Hex {
  if (NodeBuffer === undefined) return (start, end) => `0x${hexOfRange(bytes, start, end)}`;
  const view = nodeBytes(bytes) as Buffer;
  return (start, end) => `0x${view.toString("hex", start, end)}`;
}

/** In Node, `bytes` as a Buffer (itself when it is one, else a view of the same memory); elsewhere `bytes`. */
function nodeBytes(bytes: Uint8Array): Uint8Array {
  if (NodeBuffer === undefined || bytes instanceof NodeBuffer) return bytes;
  return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The byte strings of the last proofValues read that consecutive credentials of a batch share, by slot:
 * the root, the anchor's registry and transaction, and each path item by its level (all but the lowest
 * levels are the neighbour's). A byte string equal to its slot's last one gives the same hex text
 * without writing it again; any other is written and becomes the slot's.
 */
const sharedSlots: { bytes: Uint8Array; hex: Hex }[] = [];
const SLOT_ROOT = 0;
const SLOT_REGISTRY = 1;
const SLOT_TRANSACTION = 2;
const SLOT_PATH = 3;
/** Path levels remembered: a path longer than any tree's (2^64 leaves) is read without the slots. */
const MAX_SHARED_SLOTS = SLOT_PATH + 64;

/** The hex of raw[at, at + length) (`hex`), or the same text remembered in `slot` when its bytes are equal. */
function sharedHex(
  raw: Uint8Array,
  at: number,
  length: number,
  slot: number,
  hex: (start: number, end: number) => Hex,
): Hex {
  if (slot >= MAX_SHARED_SLOTS) return hex(at, at + length);
  const known = sharedSlots[slot];
  if (known !== undefined && known.bytes.length === length) {
    let j = 0;
    while (j < length && known.bytes[j] === raw[at + j]) j++;
    if (j === length) return known.hex;
    known.bytes.set(raw.subarray(at, at + length));
    known.hex = hex(at, at + length);
    return known.hex;
  }
  const text = hex(at, at + length);
  sharedSlots[slot] = { bytes: raw.slice(at, at + length), hex: text };
  return text;
}

/** The UTF-8 reading of the CBOR decoder (canonical/cbor.ts): strict, a leading BOM kept as a character. */
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The salt keys of the last proofValue read, by position: their UTF-8 bytes and their text. Every
 * credential of a batch has the same pointers, so a key whose bytes are exactly those of the key at the
 * same position last time is that text, not decoded again.
 */
const lastKeys: { bytes: Uint8Array; text: string }[] = [];

/** The text of the UTF-8 key raw[start, start + length), the `i`th salt key; undefined when not UTF-8. */
function saltKey(raw: Uint8Array, start: number, length: number, i: number): string | undefined {
  const known = lastKeys[i];
  if (known !== undefined && known.bytes.length === length) {
    let same = true;
    for (let j = 0; j < length; j++) {
      if (known.bytes[j] !== raw[start + j]) {
        same = false;
        break;
      }
    }
    if (same) return known.text;
  }
  let text: string;
  try {
    text = utf8.decode(raw.subarray(start, start + length));
  } catch {
    return undefined;
  }
  if (i < MAX_REMEMBERED_KEYS) lastKeys[i] = { bytes: raw.slice(start, start + length), text };
  return text;
}

/** Salt keys remembered per position: a template's pointers, not an attacker-sized map. */
const MAX_REMEMBERED_KEYS = 256;

/** True when bytes[aStart, aEnd) sort strictly before bytes[bStart, bEnd) (bytewise, shorter first on a tie). */
function bytesBefore(bytes: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  const a = aEnd - aStart;
  const b = bEnd - bStart;
  for (let i = 0; i < a && i < b; i++) {
    if (bytes[aStart + i] !== bytes[bStart + i]) return bytes[aStart + i] < bytes[bStart + i];
  }
  return a < b;
}

/** The last address checksummed: every credential of a batch names the same registry. */
const lastChecksum = { lower: "", checksummed: "" as Hex };

/** The EIP-55 case of a lower-case address (`checksumAddress`), remembered for the last one (no cache lookup per credential). */
function checksumOf(lower: string): Hex {
  if (lower !== lastChecksum.lower) {
    lastChecksum.checksummed = checksumAddress(lower);
    lastChecksum.lower = lower;
  }
  return lastChecksum.checksummed;
}

/**
 * The verificationMethod of an anchored credanchor proof: the registry as a did:pkh account,
 * `did:pkh:eip155:<chain id>:<EIP-55 address>` (CAIP-10).
 *
 * @example
 * registryVerificationMethod({ chain: "eip155:31337", registry: "0x5fbd…0aa3", … })
 * // "did:pkh:eip155:31337:0x5FbDB2315678afecb367f032d93F642f64180aa3"
 */
export function registryVerificationMethod(anchor: Pick<AnchorRecord, "chain" | "registry">): string {
  return `did:pkh:${anchor.chain}:${checksumOf(anchor.registry.toLowerCase())}`;
}
