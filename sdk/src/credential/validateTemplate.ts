import { CredentialValidationError, type ValidationIssue } from "../errors/credential";
import {
  at,
  checkAchievement,
  checkCredentialSchema,
  checkCredentialStatus,
  checkEvidence,
  checkProfile,
  checkValidityWindow,
  isObject,
  optionalArrayOf,
  optionalDateTime,
  optionalString,
} from "./rules";
import type { Achievement, CredentialSchema, CredentialStatus, Evidence, Profile } from "./types";

/**
 * The issuer's shared Open Badges 3.0 fields for a whole batch; `createCredential` adds the recipient.
 * docs/SPEC.md section 1.3.
 */
export interface CredentialTemplate {
  /** The issuer Profile: id (URL or DID), type ["Profile"], name, and usually url. */
  issuer: Profile;
  /** What is awarded: id, type ["Achievement"], name, description, criteria... */
  achievement: Achievement;
  /** The credential's name; defaults to the achievement's name. */
  name?: string;
  description?: string;
  /** Default validFrom for every credential (a row's own validFrom wins; else the issue time). */
  validFrom?: string;
  /** Default validUntil for every credential (a row's own validUntil wins). */
  validUntil?: string;
  /** Evidence shared by every credential (a row's evidence is appended). */
  evidence?: Evidence[];
  credentialSchema?: CredentialSchema[];
  credentialStatus?: CredentialStatus;
  /**
   * The badge image (`credanchor bake`, docs/SPEC.md 9.3): a `.png` or `.svg` file, relative to the
   * template file. Not written into the credentials. Default: credanchor draws a badge.
   */
  badgeImage?: string;
}

/** The members a template may have. Anything else is refused, so that a typo does not vanish silently. */
export const TEMPLATE_MEMBERS: readonly string[] = [
  "issuer",
  "achievement",
  "name",
  "description",
  "validFrom",
  "validUntil",
  "evidence",
  "credentialSchema",
  "credentialStatus",
  "badgeImage",
];

/**
 * Checks a credential template (docs/SPEC.md section 1.3) and returns every broken rule as a JSON
 * pointer into the template and a message; an empty array means valid. Never throws.
 *
 * @example
 * validateTemplate({ issuer: { id: "https://example.edu", type: ["Profile"] } })
 * // [{ pointer: "/issuer/name", message: "required string is missing" },
 * //  { pointer: "/achievement", message: "required an Achievement object is missing" }]
 */
export function validateTemplate(value: unknown): ValidationIssue[] {
  if (!isObject(value)) return [{ pointer: "", message: "a template must be a JSON object" }];
  const issues: ValidationIssue[] = [];
  checkProfile(value.issuer, "/issuer", issues);
  checkAchievement(value.achievement, "/achievement", issues);
  optionalString(value, "name", "", issues);
  optionalString(value, "description", "", issues);
  optionalDateTime(value, "validFrom", "", issues);
  optionalDateTime(value, "validUntil", "", issues);
  checkValidityWindow(value, "", issues);
  optionalArrayOf(value, "evidence", "", issues, checkEvidence);
  optionalArrayOf(value, "credentialSchema", "", issues, checkCredentialSchema);
  if (value.credentialStatus !== undefined) checkCredentialStatus(value.credentialStatus, "/credentialStatus", issues);
  if (
    value.badgeImage !== undefined &&
    (typeof value.badgeImage !== "string" || !/\.(png|svg)$/i.test(value.badgeImage.trim()))
  ) {
    issues.push({
      pointer: "/badgeImage",
      message: 'must be the path of a .png or .svg file (relative to the template), e.g. "badge.png"',
    });
  }
  for (const key of Object.keys(value)) {
    if (!TEMPLATE_MEMBERS.includes(key)) {
      issues.push({
        pointer: at("", key),
        message: `is not a template member (allowed: ${TEMPLATE_MEMBERS.join(", ")})`,
      });
    }
  }
  return issues;
}

/**
 * Throws a CredentialValidationError naming the pointer and the rule unless `value` is a valid template.
 *
 * @example
 * assertTemplate(parseCredentialJson(text, { file }), { file });
 */
export function assertTemplate(value: unknown, options: { file?: string } = {}): asserts value is CredentialTemplate {
  const issues = validateTemplate(value);
  if (issues.length > 0) {
    throw new CredentialValidationError(issues, {
      file: options.file,
      what: "template",
      code: "TEMPLATE_INVALID",
      docsPath: "SPEC.md#13-templates-and-recipients",
    });
  }
}
