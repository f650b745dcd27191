/**
 * The profile rules of a ClrCredential (docs/SPEC.md section 11.2), used by `validateCredential`.
 */
import {
  at,
  checkAchievement,
  checkIdentityObject,
  isObject,
  isUri,
  optionalArrayOf,
  optionalUri,
  requireType,
  type Issues,
} from "../credential/rules";
import { CLR_CONTEXTS } from "./clr";
import { MAX_STACK_COMPONENTS } from "./pathway";

/** `@context` must start with VC 2.0, CLR 2.0.1, OB 3.0.3; further items are URIs or objects. */
export function checkClrContext(value: unknown, issues: Issues): void {
  if (!Array.isArray(value)) {
    issues.push({
      pointer: "/@context",
      message: `must be an array starting with ${CLR_CONTEXTS.map((c) => `"${c}"`).join(", ")}`,
    });
    return;
  }
  CLR_CONTEXTS.forEach((url, i) => {
    if (value[i] !== url) issues.push({ pointer: `/@context/${i}`, message: `must be "${url}"` });
  });
  value.forEach((item, i) => {
    if (i >= CLR_CONTEXTS.length && !isUri(item) && !isObject(item))
      issues.push({
        pointer: `/@context/${i}`,
        message: "must be an absolute URI string (e.g. https://...) or a context object",
      });
  });
}

/** `type` must list VerifiableCredential and ClrCredential. */
export function checkClrType(value: unknown, issues: Issues): void {
  if (!Array.isArray(value) || !value.includes("VerifiableCredential") || !value.includes("ClrCredential"))
    issues.push({ pointer: "/type", message: 'must be an array with "VerifiableCredential" and "ClrCredential"' });
}

function checkAssociation(value: unknown, pointer: string, issues: Issues): void {
  if (!isObject(value)) {
    issues.push({ pointer, message: "must be an Association object" });
    return;
  }
  if (value.type !== "Association") issues.push({ pointer: at(pointer, "type"), message: 'must be "Association"' });
  if (typeof value.associationType !== "string" || value.associationType === "")
    issues.push({ pointer: at(pointer, "associationType"), message: "required string is missing" });
  for (const key of ["sourceId", "targetId"])
    if (!isUri(value[key])) issues.push({ pointer: at(pointer, key), message: "required URI is missing" });
}

/**
 * ClrSubject: type with "ClrSubject", optional id / identifier, a non-empty achievement array,
 * optional association array, optional verifiableCredential array of at most 64 objects (each is
 * verified on its own by the `components` check, not here).
 */
export function checkClrSubject(value: unknown, pointer: string, issues: Issues): void {
  if (!isObject(value)) {
    issues.push({ pointer, message: "must be a ClrSubject object" });
    return;
  }
  requireType(value, pointer, ["ClrSubject"], issues);
  optionalUri(value, "id", pointer, issues);
  optionalArrayOf(value, "identifier", pointer, issues, checkIdentityObject, { nonEmpty: true });
  const achievements = value.achievement;
  if (!Array.isArray(achievements) || achievements.length === 0) {
    issues.push({
      pointer: at(pointer, "achievement"),
      message: "must be a non-empty array of Achievement objects (the stacked one first)",
    });
  } else achievements.forEach((a, i) => checkAchievement(a, at(at(pointer, "achievement"), i), issues));
  optionalArrayOf(value, "association", pointer, issues, checkAssociation);
  const components = value.verifiableCredential;
  if (components !== undefined) {
    if (!Array.isArray(components) || components.length === 0 || components.some((c) => !isObject(c)))
      issues.push({
        pointer: at(pointer, "verifiableCredential"),
        message: "must be a non-empty array of credential objects",
      });
    else if (components.length > MAX_STACK_COMPONENTS)
      issues.push({
        pointer: at(pointer, "verifiableCredential"),
        message: `holds ${components.length} credentials; a stack holds at most ${MAX_STACK_COMPONENTS}`,
      });
  }
}
