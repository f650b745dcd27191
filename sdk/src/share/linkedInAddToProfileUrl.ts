import { ShareError } from "../errors/share";
import { credentialFacts } from "./credentialFacts";

/** LinkedIn's add-to-profile endpoint (the "Add to profile" certification form). */
export const LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add";

export interface LinkedInOptions {
  /** The share URL that opens the verifier page on this credential (`certUrl`). Omitted when undefined. */
  certUrl?: string;
  /** The issuer's LinkedIn organization id; sent instead of `organizationName` when given. */
  organizationId?: string | number;
}

/**
 * LinkedIn's add-to-profile URL for a credential (SPEC.md section 10.4): `startTask=CERTIFICATION_NAME`,
 * `name` (the achievement), `organizationName` (the issuer's name) or `organizationId`, `issueYear` and
 * `issueMonth` (validFrom, UTC), `expirationYear` and `expirationMonth` (validUntil, UTC; omitted when the
 * credential does not expire), `certUrl` (the share URL, when known) and `certId` (the credential's id).
 * Values are percent-encoded with `encodeURIComponent` (a space is `%20`).
 *
 * @example
 * linkedInAddToProfileUrl(credential, { certUrl: "https://d.example/c/#AAAAAAAAAAAAAAAAAAAAAA" })
 * // "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Introduction%20to%20...&..."
 */
export function linkedInAddToProfileUrl(credential: unknown, options: LinkedInOptions = {}): string {
  const facts = credentialFacts(credential);
  const missing = (what: string, pointer: string) =>
    new ShareError(`the credential has no ${what}, which LinkedIn's form needs`, {
      location: { pointer },
      fix: "Use the credential as the issuer wrote it (a field hidden with `disclose` cannot be sent to LinkedIn).",
    });
  if (facts.achievementName === undefined) throw missing("achievement name", "/credentialSubject/achievement/name");
  if (facts.validFrom === undefined) throw missing("validFrom date", "/validFrom");
  if (facts.id === undefined) throw missing("id", "/id");
  const organizationId = options.organizationId === undefined ? undefined : String(options.organizationId).trim();
  if (organizationId !== undefined && !/^[0-9]+$/.test(organizationId)) {
    throw new ShareError(`the LinkedIn organization id "${organizationId}" is not a number`, {
      fix: "Give the number from your LinkedIn company page's admin URL (linkedin.com/company/<number>/admin).",
    });
  }
  if (organizationId === undefined && facts.issuerName === undefined) throw missing("issuer name", "/issuer/name");
  const issued = utcYearMonth(facts.validFrom, "/validFrom");
  const expires = facts.validUntil === undefined ? undefined : utcYearMonth(facts.validUntil, "/validUntil");

  const params: [string, string][] = [
    ["startTask", "CERTIFICATION_NAME"],
    ["name", facts.achievementName],
    organizationId !== undefined ? ["organizationId", organizationId] : ["organizationName", facts.issuerName!],
    ["issueYear", String(issued.year)],
    ["issueMonth", String(issued.month)],
  ];
  if (expires) params.push(["expirationYear", String(expires.year)], ["expirationMonth", String(expires.month)]);
  if (options.certUrl !== undefined) params.push(["certUrl", options.certUrl]);
  params.push(["certId", facts.id]);
  return `${LINKEDIN_ADD_TO_PROFILE}?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&")}`;
}

function utcYearMonth(value: string, pointer: string): { year: number; month: number } {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new ShareError(`the credential's date "${value}" is not a date`, {
      location: { pointer },
      fix: "Use the credential as the issuer wrote it.",
    });
  }
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 };
}
