/**
 * Open Badges 3.0 (1EdTech) / W3C Verifiable Credentials 2.0 types, as credanchor writes and reads
 * them. Names follow the OB 3.0 data model; only the members credanchor uses are spelled out, and every
 * object type accepts further members (`[key: string]: unknown`) because the spec allows extensions.
 * docs/SPEC.md section 1 lists what is required.
 */
import type { CredAnchorProofEntry, LegacyCredAnchorProofEntry } from "../types";

/** The two contexts every credential starts with, in this order. */
export const VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2" as const;
export const OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" as const;
/** The OB 3.0 extensions context (1EdTech schema validator, revocation list, refresh types). */
export const OB_EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json" as const;
export const OPEN_BADGE_CONTEXTS = [VC_V2_CONTEXT, OB_V3_CONTEXT] as const;
export const OPEN_BADGE_TYPES = ["VerifiableCredential", "OpenBadgeCredential"] as const;

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** An image: a URL or data: URI in `id`. */
export interface Image {
  id: string;
  type: "Image";
  caption?: string;
  [key: string]: unknown;
}

/** The issuer (or another party): OB 3.0 `Profile`. */
export interface Profile {
  /** A URL or DID; credanchor binds it to the registry (DNS TXT or did:web). */
  id: string;
  type: ["Profile", ...string[]] | string[];
  name: string;
  url?: string;
  description?: string;
  email?: string;
  image?: Image;
  [key: string]: unknown;
}

/** How the achievement is earned. At least one of `id` (a URL) and `narrative` (Markdown). */
export interface Criteria {
  id?: string;
  narrative?: string;
  [key: string]: unknown;
}

/** A link to a competency framework, standard or skill (OB 3.0 `Alignment`). */
export interface Alignment {
  type: ["Alignment", ...string[]] | string[];
  targetName: string;
  targetUrl: string;
  targetDescription?: string;
  targetFramework?: string;
  targetCode?: string;
  /** e.g. "ceasn:Competency", "CFItem", "ext:...". */
  targetType?: string;
  [key: string]: unknown;
}

/** A possible result of the achievement, e.g. a score range (OB 3.0 `ResultDescription`). */
export interface ResultDescription {
  id: string;
  type: ["ResultDescription", ...string[]] | string[];
  name: string;
  /** e.g. "Percent", "ScaledScore", "LetterGrade", "Status", "ext:...". */
  resultType: string;
  allowedValue?: string[];
  requiredValue?: string;
  valueMin?: string;
  valueMax?: string;
  [key: string]: unknown;
}

/** What was achieved (OB 3.0 `Achievement`, the old BadgeClass). */
export interface Achievement {
  id: string;
  type: ["Achievement", ...string[]] | string[];
  name: string;
  description: string;
  criteria: Criteria;
  /** e.g. "Certificate", "Badge", "Course", "Competency", "MicroCredential", "ext:...". */
  achievementType?: string;
  alignment?: Alignment[];
  creditsAvailable?: number;
  fieldOfStudy?: string;
  humanCode?: string;
  image?: Image;
  inLanguage?: string;
  resultDescription?: ResultDescription[];
  specialization?: string;
  tag?: string[];
  version?: string;
  [key: string]: unknown;
}

/** A way to identify the recipient; a hashed e-mail address in credanchor (OB 3.0 `IdentityObject`). */
export interface IdentityObject {
  type: "IdentityObject";
  /** `sha256$<hex of sha256(normalized identity + salt)>` when `hashed`, else the plain value. */
  identityHash: string;
  /** e.g. "emailAddress", "name", "sourcedId". */
  identityType: string;
  hashed: boolean;
  /** The salt appended to the identity before hashing (hex). */
  salt?: string;
  [key: string]: unknown;
}

/** The recipient's result (OB 3.0 `Result`), e.g. a score. */
export interface Result {
  type: ["Result", ...string[]] | string[];
  /** The result as text, e.g. "92" (OB 3.0 results are strings). */
  value?: string;
  /** The `id` of the achievement's ResultDescription that this result follows. */
  resultDescription?: string;
  /** e.g. "Completed", "Enrolled", "Failed", "InProgress", "OnHold", "Provisional", "Withdrew". */
  status?: string;
  achievedLevel?: string;
  [key: string]: unknown;
}

/** The recipient and what they achieved (OB 3.0 `AchievementSubject`). */
export interface AchievementSubject {
  type: ["AchievementSubject", ...string[]] | string[];
  /** A DID or URL of the recipient (when known). */
  id?: string;
  /** Ways to identify the recipient without an `id`, e.g. a hashed e-mail address. */
  identifier?: IdentityObject[];
  /**
   * The recipient's display name. An extension member: OB 3.0 has no subject name; the VC 2.0 context's
   * `@vocab` makes it a valid term. A holder can hide it (selective disclosure).
   */
  name?: string;
  achievement: Achievement;
  result?: Result[];
  activityStartDate?: string;
  activityEndDate?: string;
  creditsEarned?: number;
  narrative?: string;
  [key: string]: unknown;
}

/** Something that supports the claim (OB 3.0 `Evidence`). */
export interface Evidence {
  type: ["Evidence", ...string[]] | string[];
  id?: string;
  name?: string;
  narrative?: string;
  description?: string;
  genre?: string;
  audience?: string;
  [key: string]: unknown;
}

/** A schema the credential claims to follow. */
export interface CredentialSchema {
  id: string;
  type: string;
  [key: string]: unknown;
}

/** Where to check the credential's status (credanchor checks its registry in any case). */
export interface CredentialStatus {
  id?: string;
  type: string;
  [key: string]: unknown;
}

/** Any proof entry in `proof` (credanchor's own, or another suite's). */
export interface ProofEntry {
  type: string;
  [key: string]: unknown;
}

/** An Open Badges 3.0 credential without its proof (what the digest covers). */
export interface UnsignedOpenBadgeCredential {
  "@context": [typeof VC_V2_CONTEXT, typeof OB_V3_CONTEXT, ...(string | JsonObject)[]] | (string | JsonObject)[];
  /** `urn:uuid:<v4>` when created by credanchor. */
  id: string;
  type: ["VerifiableCredential", "OpenBadgeCredential", ...string[]] | string[];
  issuer: Profile;
  /** ISO 8601 date-time with offset. */
  validFrom: string;
  validUntil?: string;
  name: string;
  description?: string;
  credentialSubject: AchievementSubject;
  evidence?: Evidence[];
  credentialSchema?: CredentialSchema[];
  credentialStatus?: CredentialStatus;
  [key: string]: unknown;
}

/** An Open Badges 3.0 credential that carries a credanchor proof entry (and possibly others). */
export interface OpenBadgeCredential extends UnsignedOpenBadgeCredential {
  proof:
    | (CredAnchorProofEntry | LegacyCredAnchorProofEntry | ProofEntry)[]
    | CredAnchorProofEntry
    | LegacyCredAnchorProofEntry;
}
