import type { ValidationIssue } from "../errors/credential";
import { isHexOfLength } from "../canonical/hex";
import { escapePointerToken } from "../canonical/pointer";
import { keccak256 } from "../hash/keccak";
import { PROOF_TYPE } from "../types";
import { isDateTime, isUtcDateTime } from "./dateTime";

/**
 * Most issues reported for one proof entry: an entry with 200,000 malformed hashes is reported by its
 * first ones instead of an attacker-sized list.
 */
export const MAX_PROOF_ISSUES = 100;

/** Longest Merkle path accepted (a batch of 2^64 leaves needs 64 siblings). */
export const MAX_PATH_LENGTH = 64;

const PROOF_MEMBERS = new Set([
  "type",
  "created",
  "proofPurpose",
  "digest",
  "root",
  "leafIndex",
  "path",
  "salts",
  "redactedHashes",
  "anchor",
]);
const ANCHOR_MEMBERS = new Set(["chain", "registry", "transactionHash", "blockNumber", "anchoredAt"]);
const CAIP2_EIP155 = /^eip155:[1-9][0-9]{0,19}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const POINTER_TOKEN_ESCAPES = /~(?![01])/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSafeIndex(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/** True for an address in lower case, upper case, or correct EIP-55 mixed case. */
export function isAddress(value: unknown): value is `0x${string}` {
  if (typeof value !== "string" || !ADDRESS.test(value)) return false;
  const body = value.slice(2);
  if (body === body.toLowerCase() || body === body.toUpperCase()) return true;
  const hash = keccak256(new TextEncoder().encode(body.toLowerCase()));
  for (let i = 0; i < 40; i++) {
    const nibble = (hash[i >> 1] >> (i % 2 === 0 ? 4 : 0)) & 15;
    const char = body[i];
    if (char >= "a" && char <= "f" && nibble >= 8) return false;
    if (char >= "A" && char <= "F" && nibble < 8) return false;
  }
  return true;
}

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
  if (!CAIP2_EIP155.test(String(value.chain)) || typeof value.chain !== "string") {
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
 * Checks the shape of a credanchor proof entry (docs/SPEC.md section 4): the type, hex formats and
 * lengths (32-byte hashes, 16-byte salts), the leaf index, the path, salts keyed by JSON pointers,
 * redacted hashes in strictly ascending order, and the optional anchor record. Pointers in the issues
 * start with `at` (the entry's own pointer, e.g. `/proof/0`).
 *
 * @example
 * validateProofEntry(credential.proof[0], "/proof/0") // [] when well formed
 */
export function validateProofEntry(value: unknown, at: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const push = (pointer: string, message: string) => {
    if (issues.length < MAX_PROOF_ISSUES) issues.push({ pointer, message });
  };
  if (!isRecord(value)) return [{ pointer: at, message: "must be an object (the credanchor proof entry)" }];

  if (value.type !== PROOF_TYPE) push(`${at}/type`, `must be "${PROOF_TYPE}"`);
  if (!isDateTime(value.created)) push(`${at}/created`, "must be an ISO 8601 date-time, e.g. 2026-03-01T12:00:00Z");
  if (value.proofPurpose !== "assertionMethod") push(`${at}/proofPurpose`, 'must be "assertionMethod"');
  if (!isHexOfLength(value.digest, 32)) push(`${at}/digest`, "must be 32 bytes of lower-case 0x-prefixed hex");
  if (!isHexOfLength(value.root, 32)) push(`${at}/root`, "must be 32 bytes of lower-case 0x-prefixed hex");
  if (!isSafeIndex(value.leafIndex)) push(`${at}/leafIndex`, "must be a non-negative safe integer");

  if (!Array.isArray(value.path)) push(`${at}/path`, "must be an array of 32-byte hex hashes");
  else {
    if (value.path.length > MAX_PATH_LENGTH) push(`${at}/path`, `must hold at most ${MAX_PATH_LENGTH} hashes`);
    value.path.forEach((hash, i) => {
      if (!isHexOfLength(hash, 32)) push(`${at}/path/${i}`, "must be 32 bytes of lower-case 0x-prefixed hex");
    });
  }

  if (!isRecord(value.salts)) push(`${at}/salts`, "must be an object mapping JSON pointers to 16-byte hex salts");
  else {
    for (const [pointer, salt] of Object.entries(value.salts)) {
      const where = `${at}/salts/${escapePointerToken(pointer)}`;
      if (pointer[0] !== "/" || POINTER_TOKEN_ESCAPES.test(pointer)) {
        push(where, "key must be an RFC 6901 JSON pointer starting with /");
      }
      if (!isHexOfLength(salt, 16)) push(where, "must be 16 bytes of lower-case 0x-prefixed hex");
    }
  }

  if (!Array.isArray(value.redactedHashes)) push(`${at}/redactedHashes`, "must be an array of 32-byte hex hashes");
  else {
    const hashes: unknown[] = value.redactedHashes;
    hashes.forEach((hash, i) => {
      if (!isHexOfLength(hash, 32)) push(`${at}/redactedHashes/${i}`, "must be 32 bytes of lower-case 0x-prefixed hex");
      else if (i > 0 && isHexOfLength(hashes[i - 1], 32) && !((hashes[i - 1] as string) < hash)) {
        push(`${at}/redactedHashes/${i}`, "must be in strictly ascending order (sorted, no duplicates)");
      }
    });
  }

  if (value.anchor !== undefined) {
    for (const issue of validateAnchorRecord(value.anchor, `${at}/anchor`)) push(issue.pointer, issue.message);
  }
  for (const key of Object.keys(value)) {
    if (!PROOF_MEMBERS.has(key)) push(`${at}/${escapePointerToken(key)}`, "is not a member of the proof entry");
  }
  return issues;
}
