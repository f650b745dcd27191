import { assertHashable } from "../canonical/flatten";
import { CredentialValidationError, DigestError, type ValidationIssue } from "../errors/credential";
import { CRYPTOSUITE } from "../types";
import {
  at,
  checkAchievementSubject,
  checkCredentialSchema,
  checkCredentialStatus,
  checkEvidence,
  checkProfile,
  checkValidityWindow,
  isObject,
  isUri,
  optionalArrayOf,
  optionalString,
  requireDateTime,
  requireString,
  requireUri,
  optionalDateTime,
  type Issues,
} from "./rules";
import { OB_V3_CONTEXT, VC_V2_CONTEXT, type UnsignedOpenBadgeCredential } from "./types";
import { isCredAnchorProofEntry, validateProofEntry } from "./validateProofEntry";
import { isClrCredential } from "../stack/clr";
import { checkClrContext, checkClrSubject, checkClrType } from "../stack/validateClr";
import { compileShapeOf, validateByShape, type CredentialRule, type RuleContext } from "./validateByShape";

/**
 * Most issues `validateCredential` returns for one credential (the first ones, in document order): a
 * hostile file with hundreds of thousands of broken values costs a bounded report, never a crash.
 */
export const MAX_CREDENTIAL_ISSUES = 100;

export interface ValidateCredentialOptions {
  /** The file the credential came from, for error messages. */
  file?: string;
  /** Require a credanchor proof entry (default false: an unsigned credential is valid too). */
  requireProof?: boolean;
}

function checkContext(value: unknown, issues: Issues): void {
  const pointer = "/@context";
  if (!Array.isArray(value)) {
    issues.push({ pointer, message: `must be an array starting with "${VC_V2_CONTEXT}", "${OB_V3_CONTEXT}"` });
    return;
  }
  if (value[0] !== VC_V2_CONTEXT) issues.push({ pointer: "/@context/0", message: `must be "${VC_V2_CONTEXT}"` });
  if (value[1] !== OB_V3_CONTEXT) issues.push({ pointer: "/@context/1", message: `must be "${OB_V3_CONTEXT}"` });
  value.forEach((item, i) => {
    // Items 0 and 1 are checked above; a further string must be an absolute URI (docs/SPEC.md 1.2).
    if (i < 2 && typeof item === "string") return;
    if (!isUri(item) && !isObject(item)) {
      issues.push({
        pointer: `/@context/${i}`,
        message: "must be an absolute URI string (e.g. https://...) or a context object",
      });
    }
  });
}

function checkCredentialType(value: unknown, issues: Issues): void {
  const pointer = "/type";
  if (!Array.isArray(value) || value.some((t) => typeof t !== "string")) {
    issues.push({
      pointer,
      message: 'must be an array of strings with "VerifiableCredential" and "OpenBadgeCredential"',
    });
    return;
  }
  if (!value.includes("VerifiableCredential")) issues.push({ pointer, message: 'must include "VerifiableCredential"' });
  if (!value.includes("OpenBadgeCredential") && !value.includes("AchievementCredential")) {
    issues.push({ pointer, message: 'must include "OpenBadgeCredential"' });
  }
}

function checkProof(value: unknown, issues: Issues, requireProof: boolean): void {
  if (value === undefined) {
    if (requireProof)
      issues.push({
        pointer: "/proof",
        message: `required credanchor proof entry (cryptosuite "${CRYPTOSUITE}") is missing`,
      });
    return;
  }
  const entries: unknown[] = Array.isArray(value) ? value : [value];
  const found: string[] = [];
  entries.forEach((entry, i) => {
    const pointer = Array.isArray(value) ? `/proof/${i}` : "/proof";
    if (!isObject(entry)) {
      issues.push({ pointer, message: "must be a proof object" });
      return;
    }
    if (typeof entry.type !== "string") issues.push({ pointer: at(pointer, "type"), message: "must be a string" });
    if (isCredAnchorProofEntry(entry)) {
      found.push(pointer);
      for (const issue of validateProofEntry(entry, pointer)) issues.push(issue); // no spread: the list may be long
    }
  });
  if (found.length > 1) {
    issues.push({ pointer: found[1], message: "only one credanchor proof entry is allowed" });
  }
  if (requireProof && found.length === 0) {
    issues.push({
      pointer: "/proof",
      message: `required credanchor proof entry (cryptosuite "${CRYPTOSUITE}") is missing`,
    });
  }
}

/**
 * The rules of the credanchor profile (docs/SPEC.md section 1), in the order their issues are reported,
 * each with the top-level members it reads: `validateCredential` runs them all, and the validation
 * compiled for a shape (validateByShape.ts) runs those whose members changed. `validateCredential` then
 * checks that every value can be hashed (assertHashable). Internal (exported for the tests).
 */
export const CREDENTIAL_RULES: readonly CredentialRule[] = [
  {
    members: ["@context"],
    check: (value, issues, { clr }) =>
      clr ? checkClrContext(value["@context"], issues) : checkContext(value["@context"], issues),
  },
  { members: ["id"], check: (value, issues) => requireUri(value, "id", "", issues) },
  {
    members: ["type"],
    check: (value, issues, { clr }) =>
      clr ? checkClrType(value.type, issues) : checkCredentialType(value.type, issues),
  },
  { members: ["issuer"], check: (value, issues) => checkProfile(value.issuer, "/issuer", issues) },
  {
    members: ["validFrom", "validUntil"],
    check: (value, issues) => {
      requireDateTime(value, "validFrom", "", issues);
      optionalDateTime(value, "validUntil", "", issues);
      checkValidityWindow(value, "", issues);
    },
  },
  {
    members: ["name", "description"],
    check: (value, issues) => {
      requireString(value, "name", "", issues);
      optionalString(value, "description", "", issues);
    },
  },
  {
    members: ["credentialSubject"],
    check: (value, issues, { clr }) => {
      if (clr) checkClrSubject(value.credentialSubject, "/credentialSubject", issues);
      else if (Array.isArray(value.credentialSubject)) {
        issues.push({
          pointer: "/credentialSubject",
          message: "must be a single AchievementSubject object, not an array",
        });
      } else checkAchievementSubject(value.credentialSubject, "/credentialSubject", issues);
    },
  },
  { members: ["evidence"], check: (value, issues) => optionalArrayOf(value, "evidence", "", issues, checkEvidence) },
  {
    members: ["credentialSchema"],
    check: (value, issues) => {
      if (isObject(value.credentialSchema)) checkCredentialSchema(value.credentialSchema, "/credentialSchema", issues);
      else optionalArrayOf(value, "credentialSchema", "", issues, checkCredentialSchema);
    },
  },
  {
    members: ["credentialStatus"],
    check: (value, issues) => {
      if (value.credentialStatus !== undefined) {
        checkCredentialStatus(value.credentialStatus, "/credentialStatus", issues);
      }
    },
  },
  { members: ["proof"], check: (value, issues, { requireProof }) => checkProof(value.proof, issues, requireProof) },
];

/**
 * Checks a credential against the credanchor profile of Open Badges 3.0 (docs/SPEC.md section 1) and,
 * when present, the shape of its credanchor proof entry (section 4). Returns every broken rule as a
 * JSON pointer and a message (at most MAX_CREDENTIAL_ISSUES, the first ones); an empty array means
 * valid. Never throws.
 *
 * @example
 * validateCredential(JSON.parse(text))
 * // [{ pointer: "/credentialSubject/achievement/name", message: "required string is missing" }]
 */
export function validateCredential(value: unknown, options: ValidateCredentialOptions = {}): ValidationIssue[] {
  if (!isObject(value)) return [{ pointer: "", message: "a credential must be a JSON object" }];
  const requireProof = options.requireProof ?? false;
  // Most credentials share their shape with the one before (a batch): checked through the shape compiled for it.
  if (validateByShape(value, requireProof, CREDENTIAL_RULES)) return [];
  const issues: Issues = [];
  // A stacked credential (CLR 2.0 ClrCredential, docs/SPEC.md section 11.2) has its own context, type and subject.
  const context: RuleContext = { clr: isClrCredential(value), requireProof };
  for (const rule of CREDENTIAL_RULES) rule.check(value, issues, context);
  try {
    assertHashable(value);
  } catch (error) {
    if (!(error instanceof DigestError)) throw error;
    issues.push({ pointer: error.pointer, message: error.shortMessage });
  }
  if (issues.length === 0) compileShapeOf(value, requireProof, CREDENTIAL_RULES);
  return issues.length > MAX_CREDENTIAL_ISSUES ? issues.slice(0, MAX_CREDENTIAL_ISSUES) : issues;
}

/**
 * Throws a CredentialValidationError (naming the JSON pointer and the rule, and `file` when given)
 * unless `value` is a valid credential; narrows its type otherwise.
 *
 * @example
 * assertCredential(parsed, { file: "alice.json" }); // "alice.json at /validFrom: invalid credential: required date-time is missing"
 */
export function assertCredential(
  value: unknown,
  options: ValidateCredentialOptions = {},
): asserts value is UnsignedOpenBadgeCredential {
  const issues = validateCredential(value, options);
  if (issues.length > 0) throw new CredentialValidationError(issues, { file: options.file });
}
