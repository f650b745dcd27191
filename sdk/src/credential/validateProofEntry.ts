import type { ValidationIssue } from "../errors/credential";
import { isHexOfLength } from "../canonical/hex";
import { isCaip2ChainId } from "../chain/caip2";
import { escapePointerToken } from "../canonical/pointer";
import { checksumAddress, isAddressSyntax } from "../hash/checksumAddress";
import { ProofValueError } from "../errors/credential";
import { CRYPTOSUITE, DATA_INTEGRITY_PROOF_TYPE, LEGACY_PROOF_TYPE, type AnchorRecord } from "../types";
import { isDateTime, isUtcDateTime } from "./dateTime";
import { decodedProofFacts, registryVerificationMethod, type ProofValueFacts } from "./proofValue";

/**
 * Most issues reported for one proof entry: an entry with 200,000 malformed hashes is reported by its
 * first ones instead of an attacker-sized list.
 */
export const MAX_PROOF_ISSUES = 100;

/** Longest Merkle path accepted (a batch of 2^64 leaves needs 64 siblings). */
export const MAX_PATH_LENGTH = 64;

/** The members of the anchor data (the decoded model, `CredAnchorProof`). */
const DATA_MEMBERS = new Set(["created", "digest", "root", "leafIndex", "path", "salts", "redactedHashes", "anchor"]);
const LEGACY_MEMBERS = new Set([...DATA_MEMBERS, "type", "proofPurpose"]);
const ENTRY_MEMBERS = new Set(["type", "cryptosuite", "created", "proofPurpose", "verificationMethod", "proofValue"]);
const ANCHOR_MEMBERS = new Set(["chain", "registry", "transactionHash", "blockNumber", "anchoredAt"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSafeIndex(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/** True for an address in lower case, upper case, or correct EIP-55 mixed case. */
export function isAddress(value: unknown): value is `0x${string}` {
  if (typeof value !== "string" || !isAddressSyntax(value)) return false;
  const body = value.slice(2);
  if (body === body.toLowerCase() || body === body.toUpperCase()) return true;
  // Mixed case: must be the EIP-55 checksum. Every credential of a batch names the same registry.
  if (value === lastChecksummed) return true;
  if (checksumAddress(value) !== value) return false;
  lastChecksummed = value;
  return true;
}

/** The last mixed-case address found to be a correct EIP-55 checksum. */
let lastChecksummed = "";

/**
 * Checks the shape of an anchor record (`chain`, `registry`, `transactionHash`, `blockNumber`,
 * `anchoredAt`) and returns one issue per broken rule, with pointers under `at`.
 *
 * @example
 * validateAnchorRecord(manifest.anchor, "/anchor") // []
 */
export function validateAnchorRecord(value: unknown, at: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isRecord(value)) return [{ pointer: at, message: "must be an object (the anchor record)" }];
  if (!isCaip2ChainId(value.chain)) {
    issues.push({ pointer: `${at}/chain`, message: 'must be a CAIP-2 EVM chain id "eip155:<chain id>"' });
  }
  if (!isAddress(value.registry)) {
    issues.push({
      pointer: `${at}/registry`,
      message: "must be a 20-byte 0x-prefixed hex address (lower case or valid EIP-55 checksum)",
    });
  }
  if (!isHexOfLength(value.transactionHash, 32)) {
    issues.push({ pointer: `${at}/transactionHash`, message: "must be 32 bytes of lower-case 0x-prefixed hex" });
  }
  if (!isSafeIndex(value.blockNumber)) {
    issues.push({ pointer: `${at}/blockNumber`, message: "must be a non-negative safe integer" });
  }
  if (!isUtcDateTime(value.anchoredAt)) {
    issues.push({
      pointer: `${at}/anchoredAt`,
      message: "must be an ISO 8601 date-time in UTC (Z), e.g. 2026-03-01T12:00:00Z",
    });
  }
  for (const key of Object.keys(value)) {
    if (!ANCHOR_MEMBERS.has(key)) {
      issues.push({ pointer: `${at}/${escapePointerToken(key)}`, message: "is not a member of the anchor record" });
    }
  }
  return issues;
}

/**
 * True when `entry` is credanchor's proof entry: a `DataIntegrityProof` with cryptosuite
 * `credanchor-merkle-2026`, or a legacy `CredAnchorMerkleProof2026` entry. Other proofs (an issuer's
 * eddsa-rdfc-2022 signature...) are not.
 *
 * @example
 * credential.proof.filter(isCredAnchorProofEntry).length // 1
 */
export function isCredAnchorProofEntry(entry: unknown): boolean {
  if (!isRecord(entry)) return false;
  // Found by its cryptosuite alone, so that an entry with a wrong `type` is reported, not overlooked.
  return entry.type === LEGACY_PROOF_TYPE || entry.cryptosuite === CRYPTOSUITE;
}

/**
 * Checks the anchor data of a proof (decoded, `CredAnchorProof`): `created`, hex formats and lengths
 * (32-byte hashes, 16-byte salts), the leaf index, the path, salts keyed by JSON pointers, redacted
 * hashes in strictly ascending order, and the optional anchor record. `members` lists the members
 * allowed besides those. Pointers in the issues start with `at`.
 *
 * @example
 * validateProofData({ created, digest, root, leafIndex: 0, path: [], salts, redactedHashes: [] }, "/proof") // []
 */
export function validateProofData(
  value: unknown,
  at: string,
  members: ReadonlySet<string> = DATA_MEMBERS,
): ValidationIssue[] {
  return checkProofData(value, at, members);
}

/** `validateProofData` (see there). */
function checkProofData(value: unknown, at: string, members: ReadonlySet<string>): ValidationIssue[] {
  const hex = isHexOfLength;
  const issues: ValidationIssue[] = [];
  const push = (pointer: string, message: string) => {
    if (issues.length < MAX_PROOF_ISSUES) issues.push({ pointer, message });
  };
  if (!isRecord(value)) return [{ pointer: at, message: "must be an object (the credanchor proof entry)" }];

  if (!isDateTime(value.created)) push(`${at}/created`, "must be an ISO 8601 date-time, e.g. 2026-03-01T12:00:00Z");
  if (!hex(value.digest, 32)) push(`${at}/digest`, "must be 32 bytes of lower-case 0x-prefixed hex");
  if (!hex(value.root, 32)) push(`${at}/root`, "must be 32 bytes of lower-case 0x-prefixed hex");
  if (!isSafeIndex(value.leafIndex)) push(`${at}/leafIndex`, "must be a non-negative safe integer");

  if (!Array.isArray(value.path)) push(`${at}/path`, "must be an array of 32-byte hex hashes");
  else {
    if (value.path.length > MAX_PATH_LENGTH) push(`${at}/path`, `must hold at most ${MAX_PATH_LENGTH} hashes`);
    value.path.forEach((hash, i) => {
      if (!hex(hash, 32)) push(`${at}/path/${i}`, "must be 32 bytes of lower-case 0x-prefixed hex");
    });
  }

  if (!isRecord(value.salts)) push(`${at}/salts`, "must be an object mapping JSON pointers to 16-byte hex salts");
  else {
    for (const [pointer, salt] of Object.entries(value.salts)) {
      // The issue's pointer is built only for an issue: most entries have none.
      const where = () => `${at}/salts/${escapePointerToken(pointer)}`;
      if (!isPointerSyntax(pointer)) {
        push(where(), "key must be an RFC 6901 JSON pointer starting with /");
      }
      if (!hex(salt, 16)) push(where(), "must be 16 bytes of lower-case 0x-prefixed hex");
    }
  }

  if (!Array.isArray(value.redactedHashes)) push(`${at}/redactedHashes`, "must be an array of 32-byte hex hashes");
  else {
    const hashes: unknown[] = value.redactedHashes;
    hashes.forEach((hash, i) => {
      if (!hex(hash, 32)) push(`${at}/redactedHashes/${i}`, "must be 32 bytes of lower-case 0x-prefixed hex");
      else if (i > 0 && hex(hashes[i - 1], 32) && !((hashes[i - 1] as string) < hash)) {
        push(`${at}/redactedHashes/${i}`, "must be in strictly ascending order (sorted, no duplicates)");
      }
    });
  }

  if (value.anchor !== undefined) {
    for (const issue of validateAnchorRecord(value.anchor, `${at}/anchor`)) push(issue.pointer, issue.message);
  }
  for (const key of Object.keys(value)) {
    if (!members.has(key)) push(`${at}/${escapePointerToken(key)}`, "is not a member of the proof entry");
  }
  return issues;
}

/**
 * checkProofData(`{ ...data, created }`, "", DATA_MEMBERS, true) for what decodeProofValue returned,
 * with a valid `created`, without the copy and without the checks that decoding has already made true:
 * `created`, the hashes and salts (strings written from byte strings of the checked lengths), the kinds of
 * path, salts and redactedHashes, and the members (decoding writes only members of the anchor data). The
 * same issues in the same order (validateProofEntry.test.ts compares the two on decoded data).
 */
function checkDecodedData(data: ProofValueFacts): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const push = (pointer: string, message: string) => {
    if (issues.length < MAX_PROOF_ISSUES) issues.push({ pointer, message });
  };
  if (!isSafeIndex(data.leafIndex)) push("/leafIndex", "must be a non-negative safe integer");
  if (data.pathLength > MAX_PATH_LENGTH) push("/path", `must hold at most ${MAX_PATH_LENGTH} hashes`);
  for (const pointer of data.saltKeys) {
    if (!isPointerSyntax(pointer)) {
      push(`/salts/${escapePointerToken(pointer)}`, "key must be an RFC 6901 JSON pointer starting with /");
    }
  }
  const hashes = data.redactedHashes;
  for (let i = 1; i < hashes.length; i++) {
    if (!(hashes[i - 1] < hashes[i])) {
      push(`/redactedHashes/${i}`, "must be in strictly ascending order (sorted, no duplicates)");
    }
  }
  if (data.anchor !== undefined && !isLastValidAnchor(data.anchor)) {
    const anchorIssues = validateAnchorRecord(data.anchor, "/anchor");
    for (const issue of anchorIssues) push(issue.pointer, issue.message);
    if (anchorIssues.length === 0) lastValidAnchor = { ...data.anchor };
  }
  return issues;
}

/**
 * The last anchor record decoded from a proofValue that validateAnchorRecord found valid (a copy): every
 * credential of a batch carries the same one. A decoded record has exactly the five members, so its
 * issues are a function of their values.
 */
let lastValidAnchor: AnchorRecord | undefined;

function isLastValidAnchor(anchor: AnchorRecord): boolean {
  return lastValidAnchor !== undefined && sameAnchorRecord(anchor, lastValidAnchor);
}

/**
 * Internal: whether two anchor records have the same five members (chain, registry, transaction hash,
 * block number, anchor time), as a decoded record has them.
 */
export function sameAnchorRecord(a: AnchorRecord, b: AnchorRecord): boolean {
  return (
    a.chain === b.chain &&
    a.registry === b.registry &&
    a.transactionHash === b.transactionHash &&
    a.blockNumber === b.blockNumber &&
    a.anchoredAt === b.anchoredAt
  );
}

/** True for an RFC 6901 pointer: starts with / and every ~ is followed by 0 or 1 (no regex). */
function isPointerSyntax(pointer: string): boolean {
  if (pointer.charCodeAt(0) !== 47 /* / */) return false;
  for (let i = pointer.indexOf("~"); i >= 0; i = pointer.indexOf("~", i + 1)) {
    const next = pointer.charCodeAt(i + 1);
    if (next !== 48 /* 0 */ && next !== 49 /* 1 */) return false;
  }
  return true;
}

/**
 * Checks the shape of a credanchor proof entry (docs/SPEC.md section 4) and returns one issue per
 * broken rule, with pointers starting with `at` (the entry's own pointer, e.g. `/proof/1`).
 *
 * A `DataIntegrityProof` entry: its members, `cryptosuite`, `created`, `proofPurpose`, the strict
 * decoding of `proofValue` (an issue with the `PROOF_VALUE_*` code of the failure), the decoded anchor
 * data (`validateProofData`), and `verificationMethod` (the registry's did:pkh once anchored, absent
 * before). A legacy `CredAnchorMerkleProof2026` entry: its readable members.
 *
 * @example
 * validateProofEntry(credential.proof[1], "/proof/1") // [] when well formed
 */
export function validateProofEntry(value: unknown, at: string): ValidationIssue[] {
  if (!isRecord(value)) return [{ pointer: at, message: "must be an object (the credanchor proof entry)" }];
  if (value.type === LEGACY_PROOF_TYPE) {
    const issues = validateProofData(value, at, LEGACY_MEMBERS);
    if (value.proofPurpose !== "assertionMethod") {
      issues.push({ pointer: `${at}/proofPurpose`, message: 'must be "assertionMethod"' });
    }
    return issues;
  }
  const issues: ValidationIssue[] = [];
  const push = (pointer: string, message: string, code?: string) =>
    issues.push(code ? { pointer, message, code } : { pointer, message });
  if (value.type !== DATA_INTEGRITY_PROOF_TYPE) push(`${at}/type`, `must be "${DATA_INTEGRITY_PROOF_TYPE}"`);
  if (value.cryptosuite !== CRYPTOSUITE) push(`${at}/cryptosuite`, `must be "${CRYPTOSUITE}"`);
  if (!isDateTime(value.created)) push(`${at}/created`, "must be an ISO 8601 date-time, e.g. 2026-03-01T12:00:00Z");
  if (value.proofPurpose !== "assertionMethod") push(`${at}/proofPurpose`, 'must be "assertionMethod"');
  for (const key of Object.keys(value)) {
    if (!ENTRY_MEMBERS.has(key)) push(`${at}/${escapePointerToken(key)}`, "is not a member of the proof entry");
  }
  const where = `${at}/proofValue`;
  if (value.proofValue === undefined) {
    push(where, "required proofValue is missing", "PROOF_VALUE_MULTIBASE");
    return issues;
  }
  let data: ProofValueFacts;
  try {
    data = decodedProofFacts(value.proofValue);
  } catch (error) {
    if (!(error instanceof ProofValueError)) throw error;
    push(where, error.shortMessage, error.code);
    return issues;
  }
  for (const issue of checkDecodedData(data)) {
    push(where, `decoded ${issue.pointer.slice(1)} ${issue.message}`, "PROOF_VALUE_CONTENT");
  }
  const vm = value.verificationMethod;
  if (data.anchor) {
    const expected = registryVerificationMethod(data.anchor);
    if (vm !== expected) {
      push(`${at}/verificationMethod`, `must be "${expected}", the registry named by the anchor record in proofValue`);
    }
  } else if (vm !== undefined) {
    push(`${at}/verificationMethod`, "must be absent until the batch is anchored (proofValue holds no anchor record)");
  }
  return issues;
}
