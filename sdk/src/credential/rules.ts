/**
 * Small rule checkers shared by validateCredential and validateTemplate. Each pushes one
 * ValidationIssue (pointer + broken rule) per problem and never throws.
 */
import type { ValidationIssue } from "../errors/credential";
import { escapePointerToken } from "../canonical/pointer";
import { isDateTime } from "./dateTime";

export type Issues = ValidationIssue[];
export type Obj = Record<string, unknown>;

/** An absolute URI: a scheme, a colon, then at least one non-space character (URL, DID, urn:uuid...). */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;
const SHA256_IDENTITY_HASH = /^sha256\$[0-9a-f]{64}$/;

export function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isUri(value: unknown): value is string {
  return typeof value === "string" && URI.test(value);
}

export function at(base: string, key: string | number): string {
  return `${base}/${typeof key === "number" ? key : escapePointerToken(key)}`;
}

function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/** A member that must be present and a non-empty string. */
export function requireString(obj: Obj, key: string, base: string, issues: Issues): void {
  const value = obj[key];
  if (value === undefined) issues.push({ pointer: at(base, key), message: "required string is missing" });
  else if (typeof value !== "string") {
    issues.push({ pointer: at(base, key), message: `must be a string, found ${kind(value)}` });
  } else if (value.trim() === "") issues.push({ pointer: at(base, key), message: "must not be empty" });
}

/** A member that, when present, is a string. */
export function optionalString(obj: Obj, key: string, base: string, issues: Issues): void {
  const value = obj[key];
  if (value !== undefined && typeof value !== "string") {
    issues.push({ pointer: at(base, key), message: `must be a string, found ${kind(value)}` });
  }
}

/** A member that must be an absolute URI (URL, DID, urn:uuid...). */
export function requireUri(obj: Obj, key: string, base: string, issues: Issues): void {
  const value = obj[key];
  if (value === undefined) issues.push({ pointer: at(base, key), message: "required URI is missing" });
  else if (!isUri(value)) {
    issues.push({
      pointer: at(base, key),
      message: "must be an absolute URI (e.g. https://..., did:..., urn:uuid:...)",
    });
  }
}

export function optionalUri(obj: Obj, key: string, base: string, issues: Issues): void {
  if (obj[key] !== undefined) requireUri(obj, key, base, issues);
}

/** A member that, when present, is an ISO 8601 date-time with seconds and an offset. */
export function optionalDateTime(obj: Obj, key: string, base: string, issues: Issues): void {
  const value = obj[key];
  if (value !== undefined && !isDateTime(value)) {
    issues.push({
      pointer: at(base, key),
      message: "must be an ISO 8601 date-time with seconds and offset, e.g. 2026-03-01T00:00:00Z",
    });
  }
}

export function requireDateTime(obj: Obj, key: string, base: string, issues: Issues): void {
  if (obj[key] === undefined) issues.push({ pointer: at(base, key), message: "required date-time is missing" });
  else optionalDateTime(obj, key, base, issues);
}

/** validUntil, when both are valid date-times, must come after validFrom. */
export function checkValidityWindow(obj: Obj, base: string, issues: Issues): void {
  if (isDateTime(obj.validFrom) && isDateTime(obj.validUntil)) {
    if (Date.parse(obj.validUntil) <= Date.parse(obj.validFrom)) {
      issues.push({ pointer: at(base, "validUntil"), message: "must be later than validFrom" });
    }
  }
}

/** `type`: an array of strings that includes `name` (a single string equal to `name` is accepted when `allowString`). */
export function requireType(
  obj: Obj,
  base: string,
  names: readonly string[],
  issues: Issues,
  allowString = false,
): void {
  const value = obj.type;
  // The pointer and the list of names are written only for an issue: a valid type (nearly every call) has none.
  const pointer = () => at(base, "type");
  const shown = () => names.map((n) => `"${n}"`).join(" and ");
  if (value === undefined) {
    issues.push({ pointer: pointer(), message: `required type is missing (must include ${shown()})` });
    return;
  }
  if (allowString && typeof value === "string") {
    if (names.length !== 1 || value !== names[0]) issues.push({ pointer: pointer(), message: `must be ${shown()}` });
    return;
  }
  if (!Array.isArray(value) || value.some((t) => typeof t !== "string")) {
    issues.push({ pointer: pointer(), message: `must be an array of strings that includes ${shown()}` });
    return;
  }
  for (const name of names) {
    if (!value.includes(name)) issues.push({ pointer: pointer(), message: `must include "${name}"` });
  }
}

/** A member that, when present, is an array whose items each pass `check`. */
export function optionalArrayOf(
  obj: Obj,
  key: string,
  base: string,
  issues: Issues,
  check: (item: unknown, pointer: string, issues: Issues) => void,
  options: { nonEmpty?: boolean } = {},
): void {
  const value = obj[key];
  if (value === undefined) return;
  const pointer = at(base, key);
  if (!Array.isArray(value)) {
    issues.push({ pointer, message: `must be an array, found ${kind(value)}` });
    return;
  }
  if (options.nonEmpty && value.length === 0) issues.push({ pointer, message: "must not be an empty array" });
  value.forEach((item, i) => check(item, at(pointer, i), issues));
}

function objectOrIssue(value: unknown, pointer: string, issues: Issues, what: string): value is Obj {
  if (value === undefined) {
    issues.push({ pointer, message: `required ${what} is missing` });
    return false;
  }
  if (!isObject(value)) {
    issues.push({ pointer, message: `must be ${what}, found ${kind(value)}` });
    return false;
  }
  return true;
}

export function checkImage(value: unknown, pointer: string, issues: Issues): void {
  if (!objectOrIssue(value, pointer, issues, "an Image object")) return;
  requireUri(value, "id", pointer, issues);
  if (value.type !== "Image") issues.push({ pointer: at(pointer, "type"), message: 'must be "Image"' });
  optionalString(value, "caption", pointer, issues);
}

/** OB 3.0 Profile, as credanchor requires it for the issuer: id (URI), type with "Profile", name. */
export function checkProfile(value: unknown, pointer: string, issues: Issues): void {
  if (!objectOrIssue(value, pointer, issues, "a Profile object")) return;
  requireUri(value, "id", pointer, issues);
  requireType(value, pointer, ["Profile"], issues);
  requireString(value, "name", pointer, issues);
  optionalUri(value, "url", pointer, issues);
  optionalString(value, "description", pointer, issues);
  optionalString(value, "email", pointer, issues);
  if (value.image !== undefined) checkImage(value.image, at(pointer, "image"), issues);
}

export function checkAlignment(value: unknown, pointer: string, issues: Issues): void {
  if (!objectOrIssue(value, pointer, issues, "an Alignment object")) return;
  requireType(value, pointer, ["Alignment"], issues);
  requireString(value, "targetName", pointer, issues);
  requireUri(value, "targetUrl", pointer, issues);
  for (const key of ["targetDescription", "targetFramework", "targetCode", "targetType"]) {
    optionalString(value, key, pointer, issues);
  }
}

export function checkResultDescription(value: unknown, pointer: string, issues: Issues): void {
  if (!objectOrIssue(value, pointer, issues, "a ResultDescription object")) return;
  requireUri(value, "id", pointer, issues);
  requireType(value, pointer, ["ResultDescription"], issues);
  requireString(value, "name", pointer, issues);
  requireString(value, "resultType", pointer, issues);
  for (const key of ["requiredValue", "valueMin", "valueMax"]) optionalString(value, key, pointer, issues);
  optionalArrayOf(value, "allowedValue", pointer, issues, (item, p, list) => {
    if (typeof item !== "string") list.push({ pointer: p, message: "must be a string" });
  });
}

/** OB 3.0 Achievement: id, type with "Achievement", name, description, criteria (id or narrative). */
export function checkAchievement(value: unknown, pointer: string, issues: Issues): void {
  if (!objectOrIssue(value, pointer, issues, "an Achievement object")) return;
  requireUri(value, "id", pointer, issues);
  requireType(value, pointer, ["Achievement"], issues);
  requireString(value, "name", pointer, issues);
  requireString(value, "description", pointer, issues);
  const criteria = value.criteria;
  const criteriaPointer = at(pointer, "criteria");
  if (objectOrIssue(criteria, criteriaPointer, issues, "a Criteria object")) {
    optionalUri(criteria, "id", criteriaPointer, issues);
    optionalString(criteria, "narrative", criteriaPointer, issues);
    if (criteria.id === undefined && criteria.narrative === undefined) {
      issues.push({ pointer: criteriaPointer, message: "must have an id (URL) or a narrative" });
    }
  }
  for (const key of ["achievementType", "fieldOfStudy", "humanCode", "inLanguage", "specialization", "version"]) {
    optionalString(value, key, pointer, issues);
  }
  if (value.creditsAvailable !== undefined) {
    if (typeof value.creditsAvailable !== "number" || !(value.creditsAvailable >= 0)) {
      issues.push({ pointer: at(pointer, "creditsAvailable"), message: "must be a non-negative number" });
    }
  }
  if (value.image !== undefined) checkImage(value.image, at(pointer, "image"), issues);
  optionalArrayOf(value, "alignment", pointer, issues, checkAlignment);
  optionalArrayOf(value, "resultDescription", pointer, issues, checkResultDescription);
  optionalArrayOf(value, "tag", pointer, issues, (item, p, list) => {
    if (typeof item !== "string") list.push({ pointer: p, message: "must be a string" });
  });
}

/** OB 3.0 IdentityObject; a hashed identity must be `sha256$` + 64 lower-case hex digits. */
export function checkIdentityObject(value: unknown, pointer: string, issues: Issues): void {
  if (!objectOrIssue(value, pointer, issues, "an IdentityObject")) return;
  if (value.type !== "IdentityObject")
    issues.push({ pointer: at(pointer, "type"), message: 'must be "IdentityObject"' });
  requireString(value, "identityHash", pointer, issues);
  requireString(value, "identityType", pointer, issues);
  if (typeof value.hashed !== "boolean") {
    issues.push({ pointer: at(pointer, "hashed"), message: "required boolean is missing or not a boolean" });
  }
  optionalString(value, "salt", pointer, issues);
  if (
    value.hashed === true &&
    typeof value.identityHash === "string" &&
    !SHA256_IDENTITY_HASH.test(value.identityHash)
  ) {
    issues.push({
      pointer: at(pointer, "identityHash"),
      message: 'a hashed identity must be "sha256$" followed by 64 lower-case hex digits',
    });
  }
}

export function checkResult(value: unknown, pointer: string, issues: Issues): void {
  if (!objectOrIssue(value, pointer, issues, "a Result object")) return;
  requireType(value, pointer, ["Result"], issues);
  optionalString(value, "value", pointer, issues);
  optionalUri(value, "resultDescription", pointer, issues);
  optionalString(value, "status", pointer, issues);
  optionalString(value, "achievedLevel", pointer, issues);
}

export function checkEvidence(value: unknown, pointer: string, issues: Issues): void {
  if (!objectOrIssue(value, pointer, issues, "an Evidence object")) return;
  requireType(value, pointer, ["Evidence"], issues);
  optionalUri(value, "id", pointer, issues);
  for (const key of ["name", "narrative", "description", "genre", "audience"])
    optionalString(value, key, pointer, issues);
}

export function checkCredentialSchema(value: unknown, pointer: string, issues: Issues): void {
  if (!objectOrIssue(value, pointer, issues, "a credentialSchema object")) return;
  requireUri(value, "id", pointer, issues);
  requireString(value, "type", pointer, issues);
}

export function checkCredentialStatus(value: unknown, pointer: string, issues: Issues): void {
  if (!objectOrIssue(value, pointer, issues, "a credentialStatus object")) return;
  optionalUri(value, "id", pointer, issues);
  requireString(value, "type", pointer, issues);
}

/** AchievementSubject: type with "AchievementSubject", optional id / identifier / name, the achievement, results. */
export function checkAchievementSubject(value: unknown, pointer: string, issues: Issues): void {
  if (!objectOrIssue(value, pointer, issues, "an AchievementSubject object")) return;
  checkSubjectMembers(value, pointer, issues);
  checkAchievement(value.achievement, at(pointer, "achievement"), issues);
  checkSubjectResults(value, pointer, issues);
}

/**
 * The rules of checkAchievementSubject on an AchievementSubject object other than those on its
 * achievement (the same rules; in another order when both report issues): what the validation
 * compiled for a shape (validateByShape.ts) runs when the subject changed and its achievement did not.
 */
export function checkAchievementSubjectExceptAchievement(value: Obj, pointer: string, issues: Issues): void {
  checkSubjectMembers(value, pointer, issues);
  checkSubjectResults(value, pointer, issues);
}

function checkSubjectMembers(value: Obj, pointer: string, issues: Issues): void {
  requireType(value, pointer, ["AchievementSubject"], issues);
  optionalUri(value, "id", pointer, issues);
  optionalString(value, "name", pointer, issues);
  optionalString(value, "narrative", pointer, issues);
  optionalDateTime(value, "activityStartDate", pointer, issues);
  optionalDateTime(value, "activityEndDate", pointer, issues);
  if (value.creditsEarned !== undefined && (typeof value.creditsEarned !== "number" || !(value.creditsEarned >= 0))) {
    issues.push({ pointer: at(pointer, "creditsEarned"), message: "must be a non-negative number" });
  }
  optionalArrayOf(value, "identifier", pointer, issues, checkIdentityObject, { nonEmpty: true });
}

function checkSubjectResults(value: Obj, pointer: string, issues: Issues): void {
  optionalArrayOf(value, "result", pointer, issues, checkResult);
}
