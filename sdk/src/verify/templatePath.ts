/**
 * The template fast path of the worker threads of `verifyCredentialFiles` (issue 16 §2). The
 * credentials of one unsigned batch are the same text but for a few leaf values: the credential id,
 * the subject's id and name, the identity hash and its salt, a result value, and the proofValue. From
 * a credential that the full path (verifyOfflineOne) has just found valid and packable, the worker
 * learns its TEXT as literal runs (whitespace, member names and order, constant values, the quotes
 * around each slot) and slots (those leaves, chosen by pointer). The next text is matched against the
 * literal runs with `startsWith`, each slot read as a JSON string with no backslash, no control
 * character and no unpaired surrogate (so its JCS text is its raw text between quotes), checked with
 * the validation rule that applies at its pointer (rules.ts), the proofValue read against the row
 * template's (proofValue.ts readProofValueLike: the same root, and the same bytes from the salts' map on
 * but for the salts, so the same anchor record, salt pointers and no redacted hash), the digest computed from the slot texts (the protected part's JCS text and each
 * field's `[path,value,salt]` text are literal bytes around the slots' values), and the Merkle path
 * folded from the proofValue's bytes. A text that passes all of it is exactly the row template but for
 * its own values: it becomes a packed row of `SharedWorks` (shareWorks.ts) with no parsed document,
 * no `Work` and no check result built. Anything else (a literal byte differs, a slot is not a simple
 * string, a rule fails, the digest or the path does not match) takes the full path, which gives the
 * exact result; the fast path never gives a result the full path would not give for the same text.
 * Internal to sdk/src/verify, Node and browser-safe (no I/O).
 */
import { encodeProtectedPart, isProtectedPath } from "../canonical/hashProtectedPart";
import { encodeLeaf, walkLeaves } from "../canonical/flatten";
import { escapePointerToken } from "../canonical/pointer";
import { MAX_JSON_TEXT_LENGTH } from "../credential/parseCredentialJson";
import {
  createProofValueLike,
  decodeProofValueLayout,
  digestOfLike,
  proofValueReference,
  readProofValueLike,
  type ProofValueLayout,
  type ProofValueLike,
  type ProofValueReference,
} from "../credential/proofValue";
import { isUri } from "../credential/rules";
import { MAX_PATH_LENGTH, sameAnchorRecord } from "../credential/validateProofEntry";
import { appendBytes, appendHexOf, appendRange, appendText, beginInput, hashInputInto } from "../hash/keccak";
import { KeccakPrefixCache } from "../hash/keccakPrefixCache";
import { verifyInclusionBytes } from "../merkle/verifyInclusion";
import { isClrCredential } from "../stack/clr";
import { CRYPTOSUITE, DATA_INTEGRITY_PROOF_TYPE, type AnchorRecord } from "../types";
import { isPackTemplate, type PackedRows } from "./shareWorks";
import { inclusionPassed, integrityPassed } from "./runOfflineChecks";
import { asRecord, copyCheck, type Work } from "./verdict";
import { slimmedCredential } from "./verifyOffline";

/** What is checked of a slot's value: the rule of validateCredential at its pointer (or a stricter one). */
const ANY_STRING = 0; // optionalString
const URI = 1; // requireUri / optionalUri (rules.ts isUri)
const IDENTITY_HASH = 2; // requireString and, for a hashed identity, sha256$ + 64 hex: always the latter here
const PROOF_VALUE = 3; // the credanchor entry's proofValue: decoded and compared to the row template's proof

/** The leaves that may differ between the credentials of a batch, by pointer, with their rule. */
const SLOT_RULES: readonly (readonly [RegExp, number])[] = [
  [/^\/id$/, URI],
  [/^\/credentialSubject\/id$/, URI],
  [/^\/credentialSubject\/name$/, ANY_STRING],
  [/^\/credentialSubject\/identifier\/(0|[1-9][0-9]*)\/identityHash$/, IDENTITY_HASH],
  [/^\/credentialSubject\/identifier\/(0|[1-9][0-9]*)\/salt$/, ANY_STRING],
  [/^\/credentialSubject\/result\/(0|[1-9][0-9]*)\/value$/, ANY_STRING],
];

const SHA256_IDENTITY_HASH = /^sha256\$[0-9a-f]{64}$/;

/** The packed row's strings (shareWorks.ts PACKED_STRINGS) that a slot may give, by the slot's pointer. */
const ROW_POINTERS = [
  "/id",
  "/credentialSubject/id",
  "/credentialSubject/name",
  "/credentialSubject/identifier/0/identityHash",
];

const utf8 = new TextEncoder();

/** Text templates a thread keeps. */
const MAX_TEMPLATES = 4;

/** A JSON leaf of a scanned text: its pointer and where its value's text lies. */
interface Leaf {
  pointer: string;
  start: number;
  end: number;
  string: boolean;
}

/** One visible field of the digest: the bytes before the salt's hex, or before and after a slot's value. */
interface FieldPiece {
  /** `[[path],value,"` for a constant value; `[[path],"` for a slot's. */
  head: Uint8Array;
  /** The slot whose value follows `head` (then `","`), or -1. */
  slot: number;
  /** Longest input in bytes, but for the slot's value (3 bytes per UTF-16 unit). */
  fixed: number;
}

/** A credential text learnt as literal runs and slots, with what its digest is made of. */
interface TextTemplate {
  /** literals[k] precedes slot k; literals[slots.length] ends the text. */
  literals: string[];
  /** Each slot's rule (ANY_STRING, URI, IDENTITY_HASH, PROOF_VALUE). */
  rules: number[];
  /** The slot that is the proofValue. */
  proofSlot: number;
  /** The protected part's JCS text: protectedBytes[0], slot protectedSlots[0], protectedBytes[1], ... */
  protectedBytes: Uint8Array[];
  protectedSlots: number[];
  protectedFixed: number;
  /** The proofValue's salt pointers, in their order, and the field each salt is for. */
  saltKeys: string[];
  fields: FieldPiece[];
  /** For each of ROW_POINTERS: the slot that gives it, or -1 (the row template's value). */
  rowSlots: number[];
}

const QUOTE_COMMA_QUOTE = utf8.encode('","');
const QUOTE_BRACKET = utf8.encode('"]');

/** Counters for tests (never read by the path itself). */
export const templatePathCounters = { taken: 0, learnt: 0 };

/**
 * One thread's template fast path: the text template (kept across jobs), and per job the row
 * template (the whole work that the packed rows of this job repeat) and the rows made so far.
 */
export class TemplatePath {
  /** The text templates learnt, the last used first (a folder may hold a few batches). */
  private readonly templates: TextTemplate[] = [];
  /** The text template of the row template's text. */
  private template: TextTemplate | undefined;
  private rowTemplate: Work | undefined;
  /** What the proofValues of the rows repeat of the row template's (set with rowTemplate). */
  private reference: ProofValueReference | undefined;
  /** The proofValue of the text being matched, read against `reference` (its bytes reused). */
  private readonly proof: ProofValueLike = createProofValueLike();
  private rowTemplateIndex = -1;
  private rows: PackedRows = { strings: [], numbers: [], templates: [] };
  private readonly values: string[] = [];
  private readonly prefixCache = new KeccakPrefixCache(16);
  private protectedScratch = new Uint8Array(4096);
  private fieldHashes = new Uint8Array(32 * 16);
  private order: number[] = [];
  private readonly digestOut = new Uint8Array(32);

  /** Starts a job: no row template yet (the first credential of each job crosses whole). */
  beginJob(): void {
    this.template = undefined;
    this.rowTemplate = undefined;
    this.reference = undefined;
    this.rowTemplateIndex = -1;
    this.rows = { strings: [], numbers: [], templates: [] };
  }

  /** The rows made since beginJob, for shareWorks. */
  takeRows(): PackedRows {
    const rows = this.rows;
    this.rows = { strings: [], numbers: [], templates: [] };
    return rows;
  }

  /** The proofValue read when `text` matches the template and row template (`match`), else undefined. */
  private matchNext(text: string): ProofValueLike | undefined {
    const template = this.template;
    const reference = this.reference;
    return template === undefined || reference === undefined ? undefined : this.match(template, text, reference);
  }

  /**
   * The matched text's own values in ROW_POINTERS' order (credential id, subject id, subject name, first
   * identity hash or null when the row template has no identifier): a slot's value where the template has
   * one, else the row template's.
   */
  private ownValues(): unknown[] {
    const credential = this.rowTemplate!.credential!;
    const subject = credential.credentialSubject as Record<string, unknown>;
    const identifier = subject.identifier as { identityHash: unknown }[];
    const own = [credential.id, subject.id, subject.name, identifier.length === 0 ? null : identifier[0].identityHash];
    const slots = this.template!.rowSlots;
    for (let k = 0; k < own.length; k++) if (slots[k] >= 0) own[k] = this.values[slots[k]];
    return own;
  }

  /**
   * Tries the job's next text: true when it matched the template and passed every check, its row then
   * added; false when the full path must verify it (then call `observe` with its work).
   */
  tryText(text: string): boolean {
    const layout = this.matchNext(text);
    if (layout === undefined) return false;
    this.rows.strings.push(...(this.ownValues() as (string | null | undefined)[]), digestOfLike(layout));
    this.rows.numbers.push(layout.leafIndex, this.template!.saltKeys.length, 0, layout.pathCount);
    this.rows.templates.push(this.rowTemplateIndex);
    templatePathCounters.taken++;
    return true;
  }

  /**
   * `verifyCredentials`' form of `tryText`: the work the full path (format, content and signature
   * checks, then `slim`) would give for `text`, built from the row template set by `observeChecked`
   * and the text's own values, or undefined (then the full path verifies it).
   */
  tryWork(text: string, index: number, file: string | undefined): Work | undefined {
    const layout = this.matchNext(text);
    if (layout === undefined) return undefined;
    const like = this.rowTemplate!;
    const credential = like.credential!;
    const subject = credential.credentialSubject as Record<string, unknown>;
    const [id, subjectId, name, identityHash] = this.ownValues();
    const proof = like.proof!;
    const checks = like.checks;
    const digest = digestOfLike(layout);
    const work: Work = { index, checks: {}, started: like.started, like };
    if (file !== undefined) work.file = file;
    work.checks.format = copyCheck(checks.format!);
    work.checks.integrity = integrityPassed(digest, this.template!.saltKeys.length, 0);
    work.checks.inclusion = inclusionPassed(proof.root, layout.leafIndex, layout.pathCount);
    work.checks.validity = copyCheck(checks.validity!);
    work.checks.signature = copyCheck(checks.signature!);
    work.credential = slimmedCredential(
      id,
      credential.issuer,
      subjectId,
      name,
      identityHash === null ? [] : [{ identityHash }],
      subject.achievement,
    );
    work.proof = { ...proof, digest, leafIndex: layout.leafIndex, path: [], salts: {}, redactedHashes: [] };
    templatePathCounters.taken++;
    return work;
  }

  /**
   * `verifyCredentials`' form of `observe`: after the full path ran every offline check of `text` and
   * slimmed its `work`, a valid work of a template's text (all five offline checks in their order,
   * integrity and inclusion passed for the proof's own digest, root and leaf index, no redacted hash,
   * no signature) becomes the row template of `tryWork`; any other ends it.
   */
  observeChecked(work: Work, text: string): void {
    this.template = undefined;
    this.rowTemplate = undefined;
    this.reference = undefined;
    if (!isCheckedRowTemplate(work)) return;
    this.adopt(work, text);
  }

  /**
   * After the full path verified `text` into the whole `work` (input `index` of the job): a work that
   * `shareWorks` would take as the template of the rows after it becomes the row template when it is
   * one of the text template's (learnt from it when there is none or the text does not match it), and
   * ends the row template otherwise.
   */
  observe(work: Work, text: unknown, index: number): void {
    const couldTemplate = work.passed !== undefined || work.checks.integrity?.code === "INTEGRITY_OK";
    if (!couldTemplate) return;
    this.template = undefined;
    this.rowTemplate = undefined;
    this.reference = undefined;
    this.rowTemplateIndex = -1;
    if (typeof text !== "string" || !isRowTemplate(work)) return;
    if (this.adopt(work, text)) this.rowTemplateIndex = index;
  }

  /** Makes `work` (valid) the row template when its text is a template's, learnt now if need be. */
  private adopt(work: Work, text: string): boolean {
    // The work is valid (the full path said so): its text need only be one of a template's.
    const templates = this.templates;
    const found = templates.findIndex((template) => this.matchText(template, text));
    const learnt = found < 0 ? learn(text, work) : undefined;
    const template = found < 0 ? learnt : templates[found];
    if (template === undefined || (learnt !== undefined && !this.matchText(learnt, text))) return false;
    // The work's own proofValue (the slot's value just matched), as the full path read it: the
    // reference the next proofValues are read against, which must be the work's proof.
    const reference = referenceOf(this.values[template.proofSlot], work, template.saltKeys);
    if (reference === undefined) return false;
    if (learnt !== undefined) {
      // The template must give the work's own digest for its own text, or it is not used.
      if (this.match(learnt, text, reference) === undefined) return false;
      templates.unshift(learnt);
      if (templates.length > MAX_TEMPLATES) templates.pop();
      templatePathCounters.learnt++;
    } else if (found > 0) templates.unshift(...templates.splice(found, 1));
    this.template = template;
    this.rowTemplate = work;
    this.reference = reference;
    return true;
  }

  /**
   * The proofValue read when `text` is the template's with slot values that pass their rules, the
   * proofValue is the reference's but for the digest, leaf index, path and salts (a leaf index and path
   * length validateProofEntry accepts), the digest from the slots is the proof's and its path leads to
   * the root; else undefined.
   */
  private match(template: TextTemplate, text: string, reference: ProofValueReference): ProofValueLike | undefined {
    if (!this.matchText(template, text)) return undefined;
    const layout = this.proof;
    if (!readProofValueLike(this.values[template.proofSlot], reference, layout)) return undefined;
    if (layout.pathCount > MAX_PATH_LENGTH) return undefined;
    if (!this.digestMatches(template, layout)) return undefined;
    return verifyInclusionOf(layout) ? layout : undefined;
  }

  /**
   * Whether `text` is the template's literal runs with a slot value between each two that passes its
   * slot's rule (the proofValue: any text without a quote); the values are left in `values`.
   */
  private matchText(template: TextTemplate, text: string): boolean {
    if (text.length > MAX_JSON_TEXT_LENGTH) return false;
    const { literals, rules } = template;
    const values = this.values;
    let at = 0;
    for (let k = 0; k < rules.length; k++) {
      const literal = literals[k];
      // A slice compared with === runs about five times faster than startsWith here (V8 12).
      if (text.slice(at, at + literal.length) !== literal) return false;
      at += literal.length;
      const end = text.indexOf('"', at);
      if (end < 0) return false;
      const value = text.slice(at, end);
      // The proofValue is not scanned: base64url decoding refuses every character but its alphabet.
      const rule = rules[k];
      if (rule !== PROOF_VALUE && (!isSimpleString(value) || !passesRule(rule, value))) return false;
      values[k] = value;
      at = end;
    }
    const last = literals[rules.length];
    return at + last.length === text.length && text.slice(at) === last;
  }

  /**
   * Sorts the indices of the `count` field hashes in `order` by the hashes' bytes, ascending, as
   * sortHashBytes orders them (digestFromFieldHashes.ts): an insertion sort, no array allocated.
   */
  private sortFieldHashes(count: number): number[] {
    const hashes = this.fieldHashes;
    const order = this.order;
    for (let i = 0; i < count; i++) {
      let j = i;
      while (j > 0 && compareHashes(hashes, order[j - 1], i) > 0) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = i;
    }
    return order;
  }

  /** Whether the digest of the slots' values and the layout's salts is the layout's digest. */
  private digestMatches(template: TextTemplate, layout: ProofValueLike): boolean {
    const values = this.values;
    // The protected part: literal bytes around the slots' UTF-8.
    let length = template.protectedFixed;
    for (const slot of template.protectedSlots) length += 3 * values[slot].length;
    if (this.protectedScratch.length < length) this.protectedScratch = new Uint8Array(2 * length);
    const scratch = this.protectedScratch;
    const parts = template.protectedBytes;
    let at = 0;
    for (let i = 0; i < parts.length; i++) {
      scratch.set(parts[i], at);
      at += parts[i].length;
      if (i < template.protectedSlots.length) {
        at += utf8.encodeInto(values[template.protectedSlots[i]], scratch.subarray(at)).written;
      }
    }
    const fields = template.fields;
    const count = fields.length;
    if (this.fieldHashes.length < 32 * count) this.fieldHashes = new Uint8Array(32 * count);
    const hashes = this.fieldHashes;
    const bytes = layout.bytes;
    for (let i = 0; i < count; i++) {
      const field = fields[i];
      const value = field.slot < 0 ? "" : values[field.slot];
      beginInput(field.fixed + 3 * value.length);
      appendBytes(field.head);
      if (field.slot >= 0) {
        appendText(value);
        appendBytes(QUOTE_COMMA_QUOTE);
      }
      appendHexOf(bytes, layout.saltAt[i], 16);
      appendBytes(QUOTE_BRACKET);
      hashInputInto(hashes, 32 * i);
    }
    // The digest's input (the protected hash, then the field hashes in byte order) written straight
    // into the keccak input: no concatenated copy, no view per hash. The protected part is hashed
    // first, as its cache uses the same memory.
    const order = this.sortFieldHashes(count);
    const out = this.digestOut;
    this.prefixCache.hashInto(scratch, at, out, 0);
    beginInput(32 * (count + 1));
    appendBytes(out);
    for (let k = 0; k < count; k++) appendRange(hashes, 32 * order[k], 32);
    hashInputInto(out, 0);
    const digestAt = layout.digestAt;
    for (let i = 0; i < 32; i++) if (out[i] !== bytes[digestAt + i]) return false;
    return true;
  }
}

/** Hash a against hash b (32 bytes each at 32 * a and 32 * b of `bytes`), as unsigned bytes. */
function compareHashes(bytes: Uint8Array, a: number, b: number): number {
  for (let i = 0; i < 32; i++) {
    const d = bytes[32 * a + i] - bytes[32 * b + i];
    if (d !== 0) return d;
  }
  return 0;
}

function verifyInclusionOf(layout: ProofValueLike): boolean {
  try {
    return verifyInclusionBytes(layout);
  } catch {
    return false;
  }
}

/**
 * Whether `work` can be the template of packed rows: valid and packable as shareWorks packs (checks
 * format, validity and signature only, the signature absent, integrity and inclusion passed, no
 * redacted hash), not a stack.
 */
function isRowTemplate(work: Work): boolean {
  if (work.passed === undefined || work.deferredInput !== undefined) return false;
  const checks = work.checks;
  let names = 0;
  for (const _name in checks) names++;
  if (names !== 3 || checks.format?.code !== "FORMAT_OK" || checks.signature?.code !== "SIGNATURE_ABSENT") return false;
  if (checks.validity === undefined) return false;
  const proof = work.proof;
  if (!proof || proof.redactedHashes.length !== 0 || work.passed[1] !== 0) return false;
  return isPackTemplate(work);
}

/**
 * Whether `work`, checked and slimmed by `verifyCredentials`, can be the row template of `tryWork`:
 * exactly the five offline checks in their order, format passed, integrity and inclusion passed for
 * the proof's own digest, root and leaf index with nothing hidden, the signature absent, no redacted
 * hash, a slimmed credential whose identifiers are none or one.
 */
function isCheckedRowTemplate(work: Work): boolean {
  if (work.deferredInput !== undefined || work.passed !== undefined) return false;
  const checks = work.checks;
  const names = Object.keys(checks);
  if (names.length !== 5 || names.join() !== "format,integrity,inclusion,validity,signature") return false;
  const { format, integrity, inclusion, signature } = checks;
  if (format!.code !== "FORMAT_OK" || signature!.code !== "SIGNATURE_ABSENT") return false;
  const proof = work.proof;
  if (!proof || proof.redactedHashes.length !== 0) return false;
  const shown = integrity!.details;
  const where = inclusion!.details;
  if (integrity!.code !== "INTEGRITY_OK" || shown?.digest !== proof.digest || shown.redactedFields !== 0) return false;
  if (inclusion!.code !== "INCLUSION_OK" || where?.root !== proof.root || where.leafIndex !== proof.leafIndex) {
    return false;
  }
  const subject = asRecord(work.credential?.credentialSubject);
  return subject !== undefined && Array.isArray(subject.identifier) && subject.identifier.length <= 1;
}

/**
 * What the proofValues of the rows must repeat of the row template `like`'s proofValue `text`: its
 * reference (proofValue.ts), when the full path's decoding of it gives `like`'s proof with the template's
 * salt pointers in order and no redacted hash; else undefined (no row template).
 */
function referenceOf(text: string, like: Work, saltKeys: readonly string[]): ProofValueReference | undefined {
  let layout: Readonly<ProofValueLayout> | undefined;
  try {
    layout = decodeProofValueLayout(text);
  } catch {
    return undefined;
  }
  if (layout === undefined || !sameProof(layout, like, saltKeys)) return undefined;
  return proofValueReference(layout);
}

/**
 * Whether the decoded proofValue is the row template's proof but for its digest, leaf index and path:
 * the same root and anchor record, the same salt pointers in the same order, no redacted hash, a leaf
 * index and path length validateProofEntry accepts.
 */
function sameProof(layout: Readonly<ProofValueLayout>, like: Work, saltKeys: readonly string[]): boolean {
  const proof = like.proof!;
  if (layout.root !== proof.root || layout.redactedHashes.length !== 0) return false;
  if (!Number.isSafeInteger(layout.leafIndex) || layout.leafIndex < 0 || layout.pathCount > MAX_PATH_LENGTH) {
    return false;
  }
  if (!sameAnchor(layout.anchor, proof.anchor)) return false;
  const keys = layout.saltKeys;
  if (keys.length !== saltKeys.length) return false;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== saltKeys[i]) return false;
  return true;
}

function sameAnchor(a: AnchorRecord | undefined, b: AnchorRecord | undefined): boolean {
  return a === undefined || b === undefined ? a === b : sameAnchorRecord(a, b);
}

/** A code unit that needs `isSimpleString`'s full scan: a control character, a backslash or a surrogate. */
const NOT_PLAIN = /[\u0000-\u001f\\\ud800-\udfff]/;

/**
 * A JSON string's content whose JCS text is itself between quotes: no backslash (the caller cut it at
 * the first quote), no control character (not allowed raw in JSON), no unpaired surrogate (I-JSON).
 * A value without any such code unit (the common case) is told by one regular expression scan (about
 * half the CPU of the loop below, which then decides only for values that hold one).
 */
function isSimpleString(value: string): boolean {
  return !NOT_PLAIN.test(value) || scanSimpleString(value);
}

/** `isSimpleString`, code unit by code unit. */
function scanSimpleString(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x5c) return false;
    if (c >= 0xd800 && c <= 0xdfff) {
      if (c >= 0xdc00) return false;
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    }
  }
  return true;
}

function passesRule(rule: number, value: string): boolean {
  switch (rule) {
    case URI:
      return isUri(value);
    case IDENTITY_HASH:
      return SHA256_IDENTITY_HASH.test(value);
    default:
      return true; // ANY_STRING; PROOF_VALUE is decoded and compared by the caller
  }
}

/** Scans a JSON text the full path has accepted: its leaves in document order, with their pointers. */
function scanLeaves(text: string): Leaf[] | undefined {
  const leaves: Leaf[] = [];
  let i = 0;
  const space = () => {
    for (let c = text.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++i));
  };
  const stringEnd = (start: number): number => {
    let j = start + 1;
    for (;;) {
      const c = text.charCodeAt(j);
      if (Number.isNaN(c)) throw new Error("unterminated string");
      if (c === 0x5c) j += 2;
      else if (c === 0x22) return j + 1;
      else j++;
    }
  };
  const value = (pointer: string): void => {
    space();
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */) {
      i++;
      space();
      if (text.charCodeAt(i) === 0x7d) {
        i++;
        return;
      }
      for (;;) {
        space();
        const end = stringEnd(i);
        const name = JSON.parse(text.slice(i, end)) as string;
        i = end;
        space();
        i++; // :
        value(`${pointer}/${escapePointerToken(name)}`);
        space();
        if (text.charCodeAt(i++) === 0x7d) return; // else ,
      }
    }
    if (c === 0x5b /* [ */) {
      i++;
      space();
      if (text.charCodeAt(i) === 0x5d) {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        value(`${pointer}/${n}`);
        space();
        if (text.charCodeAt(i++) === 0x5d) return; // else ,
      }
    }
    const start = i;
    if (c === 0x22) i = stringEnd(i);
    else while (i < text.length && !/[\s,\]}]/.test(text[i])) i++;
    leaves.push({ pointer, start, end: i, string: c === 0x22 });
  };
  try {
    value("");
    space();
  } catch {
    return undefined;
  }
  return i === text.length ? leaves : undefined;
}

/** A marker put in the place of slot k to find it in the protected part's and the fields' texts. */
function marker(k: number): string {
  return `\ue000credanchor-slot-${k}\ue001`;
}

/**
 * Learns the template of `text`, which the full path verified into the row template `work`; undefined
 * when the text is not of the kind the fast path takes (a BOM, a stack, another proof entry, a
 * proofValue that is not a slot, a field without its salt...).
 */
function learn(text: string, work: Work): TextTemplate | undefined {
  if (text.charCodeAt(0) === 0xfeff) return undefined;
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (asRecord(document) === undefined || isClrCredential(document)) return undefined;
  const proof = document.proof;
  const entries: unknown[] = Array.isArray(proof) ? proof : [proof];
  if (entries.length !== 1) return undefined;
  const entry = asRecord(entries[0]);
  if (!entry || entry.type !== DATA_INTEGRITY_PROOF_TYPE || entry.cryptosuite !== CRYPTOSUITE) return undefined;
  const proofPointer = Array.isArray(proof) ? "/proof/0/proofValue" : "/proof/proofValue";
  const leaves = scanLeaves(text);
  if (leaves === undefined) return undefined;

  const literals: string[] = [];
  const rules: number[] = [];
  const slotPointers: string[] = [];
  let proofSlot = -1;
  let from = 0;
  for (const leaf of leaves) {
    if (!leaf.string) continue;
    const content = text.slice(leaf.start + 1, leaf.end - 1);
    if (!isSimpleString(content)) continue; // a literal: the next text must have it exactly
    let rule = -1;
    if (leaf.pointer === proofPointer) rule = PROOF_VALUE;
    else for (const [pattern, kind] of SLOT_RULES) if (pattern.test(leaf.pointer)) rule = kind;
    if (rule < 0) continue;
    if (rule === PROOF_VALUE) proofSlot = rules.length;
    literals.push(text.slice(from, leaf.start + 1));
    rules.push(rule);
    slotPointers.push(leaf.pointer);
    from = leaf.end - 1;
  }
  literals.push(text.slice(from));
  if (proofSlot < 0) return undefined;
  // Flat copies, not slices of the learnt text (which they would keep alive), compared fast.
  for (let k = 0; k < literals.length; k++) literals[k] = flatCopy(literals[k]);

  // The document with a marker in each slot's place (but the proofValue's, outside the digest).
  const marked = JSON.parse(text) as Record<string, unknown>;
  for (let k = 0; k < slotPointers.length; k++) {
    if (k !== proofSlot && !setAt(marked, slotPointers[k], marker(k))) return undefined;
  }
  const protectedParts = splitAtMarkers(encodeProtectedPart(marked), slotPointers.length);
  if (protectedParts === undefined) return undefined;

  let layout: Readonly<ProofValueLayout> | undefined;
  try {
    layout = decodeProofValueLayout(entry.proofValue);
  } catch {
    return undefined;
  }
  if (layout === undefined) return undefined;
  const saltKeys = [...layout.saltKeys];
  const byPointer = new Map<string, FieldPiece>();
  try {
    walkLeaves(marked, (pointer, encodedPath, value, path) => {
      if (isProtectedPath(path)) return;
      const slot = typeof value === "string" ? slotOfMarker(value, slotPointers.length) : -1;
      const head = utf8.encode(slot < 0 ? `[[${encodedPath}],${encodeLeaf(value)},"` : `[[${encodedPath}],"`);
      byPointer.set(pointer, { head, slot, fixed: head.length + 3 + 2 + 32 + 2 });
    });
  } catch {
    return undefined;
  }
  if (byPointer.size !== saltKeys.length) return undefined;
  const fields: FieldPiece[] = [];
  for (const key of saltKeys) {
    const field = byPointer.get(key);
    if (field === undefined) return undefined;
    fields.push(field);
  }
  if (work.proof!.redactedHashes.length !== 0) return undefined;
  return {
    literals,
    rules,
    proofSlot,
    protectedBytes: protectedParts.texts.map((part) => utf8.encode(part)),
    protectedSlots: protectedParts.slots,
    protectedFixed: protectedParts.texts.reduce((sum, part) => sum + 3 * part.length, 0),
    saltKeys,
    fields,
    rowSlots: ROW_POINTERS.map((pointer) => slotPointers.indexOf(pointer)),
  };
}

/** A flat string with the characters of `text` (not a slice or a rope of another). */
function flatCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** Sets the value at `pointer` (every token a member or an index that is there); false when absent. */
function setAt(document: Record<string, unknown>, pointer: string, value: string): boolean {
  const tokens = pointer
    .slice(1)
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
  let target: unknown = document;
  for (let i = 0; i < tokens.length - 1; i++) {
    target = (target as Record<string, unknown>)[tokens[i]];
    if (typeof target !== "object" || target === null) return false;
  }
  const last = tokens[tokens.length - 1];
  const record = target as Record<string, unknown>;
  if (typeof record[last] !== "string") return false;
  record[last] = value;
  return true;
}

/** The slot a marker names, or -1. */
function slotOfMarker(value: string, slots: number): number {
  for (let k = 0; k < slots; k++) if (value === marker(k)) return k;
  return -1;
}

/**
 * `text` cut at each quoted marker: the texts around them (each quote kept with its text) and the slot
 * of each marker in their order; undefined when a marker appears other than as a whole string.
 */
function splitAtMarkers(text: string, slots: number): { texts: string[]; slots: number[] } | undefined {
  const texts: string[] = [];
  const found: number[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf("\ue000", from);
    if (at < 0) break;
    const end = text.indexOf("\ue001", at);
    const slot = end < 0 ? -1 : slotOfMarker(text.slice(at, end + 1), slots);
    if (slot < 0 || text[at - 1] !== '"' || text[end + 1] !== '"') return undefined;
    texts.push(text.slice(from, at));
    found.push(slot);
    from = end + 1;
  }
  texts.push(text.slice(from));
  return { texts, slots: found };
}
