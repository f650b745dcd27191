/**
 * The pathway file: the rule that says which component credentials add up to a stacked credential
 * (docs/SPEC.md section 11.1). Browser-safe: validation only, no I/O.
 */
import { CredentialValidationError, type ValidationIssue } from "../errors/credential";
import { at, checkAchievement, checkProfile, isObject, isUri, optionalString } from "../credential/rules";
import type { Achievement, Profile } from "../credential/types";
import { isCaip2ChainId } from "../chain/caip2";

/** The `format` member every pathway file carries. */
export const PATHWAY_FORMAT = "credanchor-pathway/1" as const;
/** Most components a pathway (and a stacked credential) may hold. */
export const MAX_STACK_COMPONENTS = 64;
/** Deepest nesting of stacks: a stack of stacks of stacks. A stack is level 1. */
export const MAX_STACK_DEPTH = 3;

/** A CAIP-10 registry account, `eip155:<chain id>:0x<40 hex>`, the chain in the grammar of chain/caip2.ts. */
function isCaip10Registry(value: string): boolean {
  const lastColon = value.lastIndexOf(":");
  return isCaip2ChainId(value.slice(0, lastColon)) && /^0x[0-9a-fA-F]{40}$/.test(value.slice(lastColon + 1));
}

/** One component: a credential for `achievement`, issued by `issuer` (and anchored in `registry`). */
export interface ComponentRequirement {
  /** The component's OB 3.0 Achievement id (credentialSubject.achievement.id of the component). */
  achievement: string;
  /** The DID or URL the component's issuer.id must be. */
  issuer: string;
  /** Optional CAIP-10 registry (`eip155:<chainId>:<address>`) the component must be anchored in. */
  registry?: string;
  /** What people call it ("Remote Patient Monitoring"); default: the achievement id. */
  name?: string;
}

/** A group of requirements: every one (`allOf`), or at least `atLeast` of `of`. */
export type RequirementGroup =
  { name?: string; allOf: Requirement[] } | { name?: string; atLeast: number; of: Requirement[] };

export type Requirement = ComponentRequirement | RequirementGroup;

/** A pathway file (docs/SPEC.md section 11.1). */
export interface Pathway {
  format: typeof PATHWAY_FORMAT;
  /** The issuer of the stacked credential, as in a template. */
  issuer: Profile;
  /** The stacked achievement, as in a template. */
  achievement: Achievement;
  /** The stacked credential's name; default: the achievement's name. */
  name?: string;
  description?: string;
  /** The plural noun for components in summaries ("modules", "courses"); default "components". */
  unit?: string;
  /** The root group of requirements. */
  requirements: RequirementGroup;
  /** Optional minimum of the components' summed credits (creditsEarned, else the achievement's creditsAvailable). */
  minCredits?: number;
  /** Optional: a component whose validFrom is more than this many days before the check does not count. */
  maxComponentAgeDays?: number;
  /** When true, a component for the right achievement from another issuer counts too. Default false. */
  acceptOtherIssuers?: boolean;
}

export const PATHWAY_MEMBERS: readonly string[] = [
  "format",
  "issuer",
  "achievement",
  "name",
  "description",
  "unit",
  "requirements",
  "minCredits",
  "maxComponentAgeDays",
  "acceptOtherIssuers",
];

const COMPONENT_MEMBERS = ["achievement", "issuer", "registry", "name"];

/** True when a requirement is a group (has `allOf` or `atLeast`). */
export function isRequirementGroup(requirement: Requirement): requirement is RequirementGroup {
  return "allOf" in requirement || "of" in requirement || "atLeast" in requirement;
}

/** The component requirements of a pathway, depth first, in file order. */
export function pathwayComponents(group: RequirementGroup): ComponentRequirement[] {
  const out: ComponentRequirement[] = [];
  const walk = (requirement: Requirement) => {
    if (isRequirementGroup(requirement)) for (const child of groupMembers(requirement)) walk(child);
    else out.push(requirement);
  };
  walk(group);
  return out;
}

/** The members of a group, whichever form it has. */
export function groupMembers(group: RequirementGroup): Requirement[] {
  return "allOf" in group ? group.allOf : group.of;
}

function checkRequirement(value: unknown, pointer: string, issues: ValidationIssue[], depth: number): number {
  if (!isObject(value)) {
    issues.push({
      pointer,
      message: "must be an object: a component ({achievement, issuer}) or a group (allOf / atLeast + of)",
    });
    return 0;
  }
  const isGroup = "allOf" in value || "atLeast" in value || "of" in value;
  if (!isGroup) {
    if (typeof value.achievement !== "string" || !isUri(value.achievement))
      issues.push({
        pointer: at(pointer, "achievement"),
        message: "required achievement id (a URL or URN) is missing",
      });
    if (typeof value.issuer !== "string" || !isUri(value.issuer))
      issues.push({ pointer: at(pointer, "issuer"), message: "required issuer (a DID or URL) is missing" });
    if (value.registry !== undefined && (typeof value.registry !== "string" || !isCaip10Registry(value.registry)))
      issues.push({
        pointer: at(pointer, "registry"),
        message: "must be a CAIP-10 account: eip155:<chainId>:0x<40 hex>",
      });
    optionalString(value, "name", pointer, issues);
    for (const key of Object.keys(value))
      if (!COMPONENT_MEMBERS.includes(key))
        issues.push({
          pointer: at(pointer, key),
          message: `is not a component member (allowed: ${COMPONENT_MEMBERS.join(", ")})`,
        });
    return 1;
  }
  if (depth > 8) {
    issues.push({ pointer, message: "groups nest deeper than 8 levels" });
    return 0;
  }
  optionalString(value, "name", pointer, issues);
  const hasAllOf = "allOf" in value;
  if (hasAllOf && ("atLeast" in value || "of" in value)) {
    issues.push({ pointer, message: 'a group has either "allOf" or "atLeast" with "of", not both' });
    return 0;
  }
  const membersKey = hasAllOf ? "allOf" : "of";
  const members = value[membersKey];
  for (const key of Object.keys(value))
    if (![membersKey, "name", ...(hasAllOf ? [] : ["atLeast"])].includes(key))
      issues.push({
        pointer: at(pointer, key),
        message: `is not a group member (allowed: ${hasAllOf ? "allOf, name" : "atLeast, of, name"})`,
      });
  if (!Array.isArray(members) || members.length === 0) {
    issues.push({ pointer: at(pointer, membersKey), message: "must be a non-empty array of requirements" });
    return 0;
  }
  if (!hasAllOf) {
    const n = value.atLeast;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > members.length)
      issues.push({
        pointer: at(pointer, "atLeast"),
        message: `must be a whole number from 1 to ${members.length} (the number of members of "of")`,
      });
  }
  let count = 0;
  members.forEach((member, i) => {
    count += checkRequirement(member, at(at(pointer, membersKey), i), issues, depth + 1);
  });
  return count;
}

/**
 * Checks a pathway (docs/SPEC.md section 11.1) and returns every broken rule as a JSON pointer and a
 * message; an empty array means valid. Never throws.
 *
 * @example
 * validatePathway({ format: "credanchor-pathway/1", issuer, achievement, requirements: { allOf: [] } })
 * // [{ pointer: "/requirements/allOf", message: "must be a non-empty array of requirements" }]
 */
export function validatePathway(value: unknown): ValidationIssue[] {
  if (!isObject(value)) return [{ pointer: "", message: "a pathway must be a JSON object" }];
  const issues: ValidationIssue[] = [];
  if (value.format !== PATHWAY_FORMAT) issues.push({ pointer: "/format", message: `must be "${PATHWAY_FORMAT}"` });
  checkProfile(value.issuer, "/issuer", issues);
  checkAchievement(value.achievement, "/achievement", issues);
  optionalString(value, "name", "", issues);
  optionalString(value, "description", "", issues);
  optionalString(value, "unit", "", issues);
  if (!isObject(value.requirements) || !("allOf" in value.requirements || "atLeast" in value.requirements)) {
    issues.push({
      pointer: "/requirements",
      message: 'required group ({"allOf": [...]} or {"atLeast": N, "of": [...]}) is missing',
    });
  } else {
    const count = checkRequirement(value.requirements, "/requirements", issues, 1);
    if (count > MAX_STACK_COMPONENTS)
      issues.push({
        pointer: "/requirements",
        message: `names ${count} components; at most ${MAX_STACK_COMPONENTS} are allowed`,
      });
  }
  if (value.minCredits !== undefined && (typeof value.minCredits !== "number" || !(value.minCredits >= 0)))
    issues.push({ pointer: "/minCredits", message: "must be a non-negative number" });
  if (
    value.maxComponentAgeDays !== undefined &&
    (typeof value.maxComponentAgeDays !== "number" ||
      !Number.isInteger(value.maxComponentAgeDays) ||
      value.maxComponentAgeDays < 1)
  )
    issues.push({ pointer: "/maxComponentAgeDays", message: "must be a whole number of days, 1 or more" });
  if (value.acceptOtherIssuers !== undefined && typeof value.acceptOtherIssuers !== "boolean")
    issues.push({ pointer: "/acceptOtherIssuers", message: "must be true or false" });
  for (const key of Object.keys(value))
    if (!PATHWAY_MEMBERS.includes(key))
      issues.push({
        pointer: at("", key),
        message: `is not a pathway member (allowed: ${PATHWAY_MEMBERS.join(", ")})`,
      });
  return issues;
}

/**
 * Throws a CredentialValidationError (code PATHWAY_INVALID) naming the file and the JSON pointer of
 * the first broken rule unless `value` is a valid pathway.
 *
 * @example
 * assertPathway(JSON.parse(text), { file: "pathway.json" });
 */
export function assertPathway(value: unknown, options: { file?: string } = {}): asserts value is Pathway {
  const issues = validatePathway(value);
  if (issues.length > 0) {
    throw new CredentialValidationError(issues, {
      file: options.file,
      what: "pathway",
      code: "PATHWAY_INVALID",
      fix: "Correct the pathway file (docs/SPEC.md section 11.1).",
      docsPath: "SPEC.md#11-stacks-pathways-and-clr-credentials",
    });
  }
}
