/**
 * What sharing needs to know about a credential (its id, achievement, issuer, dates, holder's name),
 * read from the JSON without trusting its shape: a missing or hidden field comes back undefined.
 */

export interface CredentialFacts {
  /** The credential's `id` (e.g. `urn:uuid:…`). */
  id?: string;
  /** `credentialSubject.achievement.name`. */
  achievementName?: string;
  /** `issuer.name` (or undefined when the issuer is a bare id or its name is hidden). */
  issuerName?: string;
  /** `issuer.id`. */
  issuerId?: string;
  /** `credentialSubject.name`. */
  holderName?: string;
  validFrom?: string;
  validUntil?: string;
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value : undefined;
const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/**
 * Reads the facts sharing needs from a credential.
 *
 * @example
 * credentialFacts(credential).achievementName // "Introduction to Smart Contracts"
 */
export function credentialFacts(credential: unknown): CredentialFacts {
  const root = record(credential) ?? {};
  const issuer = record(root.issuer);
  const subject = record(root.credentialSubject);
  const achievement = record(subject?.achievement);
  return {
    id: text(root.id),
    achievementName: text(achievement?.name),
    issuerName: text(issuer?.name),
    issuerId: issuer ? text(issuer.id) : text(root.issuer),
    holderName: text(subject?.name),
    validFrom: text(root.validFrom),
    validUntil: text(root.validUntil),
  };
}
