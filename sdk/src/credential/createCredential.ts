import { sha256 } from "@noble/hashes/sha2";
import { toBareHex } from "../canonical/hex";
import { hasLoneSurrogate } from "../canonical/flatten";
import { RecipientError, type ValidationIssue } from "../errors/credential";
import { formatDateTime, isDateTime } from "./dateTime";
import { checkEvidence, isObject, isUri } from "./rules";
import {
  OB_EXTENSIONS_CONTEXT,
  OPEN_BADGE_CONTEXTS,
  OPEN_BADGE_TYPES,
  type AchievementSubject,
  type Evidence,
  type IdentityObject,
  type Result,
  type UnsignedOpenBadgeCredential,
} from "./types";
import { assertTemplate, type CredentialTemplate } from "./validateTemplate";

/**
 * One recipient: a row of a CSV file (all values strings; an empty cell means "absent") or a line of
 * a JSONL file. `name` and one of `email` / `id` are required.
 */
export interface RecipientRow {
  /** The recipient's display name (credentialSubject.name). */
  name: string;
  /** E-mail address; stored as a salted sha256 identifier unless `includeEmail`. */
  email?: string;
  /** A DID or URL of the recipient (credentialSubject.id). */
  id?: string;
  /** Overrides the template's validFrom (ISO 8601 date-time). */
  validFrom?: string;
  /** Overrides the template's validUntil (ISO 8601 date-time). */
  validUntil?: string;
  /** A score or grade; becomes credentialSubject.result[0].value (as text). `result` is a synonym. */
  score?: string | number;
  result?: string | number;
  /** Result status, e.g. "Completed". */
  status?: string;
  /** A URL of evidence (CSV), or Evidence objects (JSONL); appended to the template's evidence. */
  evidence?: string | Evidence | Evidence[];
  /** Free text about this recipient's achievement (credentialSubject.narrative). */
  narrative?: string;
  activityStartDate?: string;
  activityEndDate?: string;
  creditsEarned?: string | number;
}

/** The members a recipient row may have; any other column is refused (a typo would otherwise vanish). */
export const RECIPIENT_FIELDS: readonly string[] = [
  "name",
  "email",
  "id",
  "validFrom",
  "validUntil",
  "score",
  "result",
  "status",
  "evidence",
  "narrative",
  "activityStartDate",
  "activityEndDate",
  "creditsEarned",
];

export interface CreateCredentialOptions {
  /** The issue time: the default validFrom. Default: the current time. */
  now?: Date | string;
  /** 1-based row number of the recipient in its file, for error messages. */
  row?: number;
  /** The recipients file, for error messages. */
  file?: string;
  /** Put the e-mail address in the credential in plain text (identifier with hashed: false). Default false. */
  includeEmail?: boolean;
  /** The credential id. Default: a fresh `urn:uuid:<v4>`. */
  id?: string;
  /** Random bytes for the identity salt (and the uuid when no id is given). Default: the platform CSPRNG. */
  randomBytes?: (length: number) => Uint8Array;
}

const EMAIL = /^[^\s@"<>(),;:\\[\]]+@[^\s@"<>(),;:\\[\]]+\.[^\s@"<>(),;:\\[\]]+$/;
const checkedTemplates = new WeakSet<object>();
const utf8 = new TextEncoder();

function platformRandomBytes(length: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

/** A version 4 UUID from 16 random bytes (RFC 9562 section 5.4). */
function uuidV4(bytes: Uint8Array): string {
  const b = bytes.slice(0, 16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = toBareHex(b);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The OB 3.0 hashed identity of an e-mail address: `sha256$` + hex(sha256(utf8(normalized + salt))),
 * where the address is trimmed and lower-cased. A verifier who knows the address and the salt (both in
 * the IdentityObject) recomputes it to confirm the recipient.
 *
 * @example
 * hashEmailIdentity("Ada@Example.org", "5f1c...") // "sha256$..."
 */
export function hashEmailIdentity(email: string, salt: string): string {
  return `sha256$${toBareHex(sha256(utf8.encode(email.trim().toLowerCase() + salt)))}`;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/**
 * Fills a template for one recipient: an unsigned OpenBadgeCredential (no proof yet) with a fresh
 * `urn:uuid` id, validFrom from the row, else the template, else `options.now`; an e-mail address
 * becomes a salted, hashed `identifier` (OB 3.0 IdentityObject) unless `options.includeEmail`.
 * Throws a CredentialValidationError for a bad template (pointer and rule) and a RecipientError for a
 * bad row (row number and field). The template is checked on its first use and the result is cached
 * per template object, so do not mutate a template between calls; the result shares the template's
 * nested objects (issuer, achievement...): do not mutate it either.
 *
 * @example
 * const credential = createCredential(template, { name: "Ada Lovelace", email: "ada@example.org", score: "92" },
 *   { now: new Date("2026-03-01T00:00:00Z"), row: 2 });
 */
/** The types that only the OB 3.0 extensions context defines. */
const OB_EXTENSION_TYPES: readonly string[] = [
  "1EdTechJsonSchemaValidator2019",
  "1EdTechRevocationList",
  "1EdTechCredentialRefresh",
];

export function createCredential(
  template: CredentialTemplate,
  recipient: RecipientRow,
  options: CreateCredentialOptions = {},
): UnsignedOpenBadgeCredential {
  if (!checkedTemplates.has(template)) {
    assertTemplate(template);
    checkedTemplates.add(template);
  }
  const rowError = (field: string | undefined, message: string, fix?: string) =>
    new RecipientError(message, { row: options.row, field, file: options.file, fix });
  if (!isObject(recipient)) throw rowError(undefined, "a recipient must be an object (a CSV row or a JSON object)");
  const row = recipient as unknown as Record<string, unknown>;

  for (const key of Object.keys(row)) {
    if (!RECIPIENT_FIELDS.includes(key)) {
      throw rowError(
        key,
        "is not a recipient field",
        `Rename or remove the column. Allowed: ${RECIPIENT_FIELDS.join(", ")}.`,
      );
    }
    const value = row[key];
    if (typeof value === "string" && hasLoneSurrogate(value))
      throw rowError(key, "holds an invalid (unpaired) UTF-16 character");
  }
  const text = (field: string): string | undefined => {
    const value = row[field];
    if (!present(value)) return undefined;
    if (typeof value !== "string") throw rowError(field, `must be text, found ${typeof value}`);
    return value.trim() === "" ? undefined : value.trim();
  };
  const dateTime = (field: string): string | undefined => {
    let value = text(field);
    // A date alone (what spreadsheets export) is that day's midnight UTC.
    if (value !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(value)) value = `${value}T00:00:00Z`;
    if (value !== undefined && !isDateTime(value)) {
      throw rowError(
        field,
        `"${text(field)}" is not an ISO 8601 date (2026-03-01, read as midnight UTC) or date-time with seconds and offset`,
        "Write e.g. 2026-03-01 or 2026-03-01T09:00:00Z.",
      );
    }
    return value;
  };

  const name = text("name");
  if (name === undefined) throw rowError("name", "required value is missing", "Give every recipient a name.");
  const email = text("email");
  if (email !== undefined && !EMAIL.test(email)) {
    throw rowError("email", `"${email}" is not an e-mail address`, "Write an address like name@example.org.");
  }
  const subjectId = text("id");
  if (subjectId !== undefined && !isUri(subjectId)) {
    throw rowError("id", `"${subjectId}" is not a DID or URL`, "Write a DID (did:...) or a URL (https://...).");
  }
  if (email === undefined && subjectId === undefined) {
    throw rowError(
      "email",
      "a recipient needs an email or an id",
      "Add an email address or a DID/URL in the id column.",
    );
  }

  const now = options.now === undefined ? new Date() : new Date(options.now);
  if (Number.isNaN(now.getTime())) throw rowError(undefined, `options.now "${String(options.now)}" is not a date`);
  const validFrom = dateTime("validFrom") ?? template.validFrom ?? formatDateTime(now);
  const validUntil = dateTime("validUntil") ?? template.validUntil;
  if (validUntil !== undefined && Date.parse(validUntil) <= Date.parse(validFrom)) {
    throw rowError(
      row.validUntil !== undefined ? "validUntil" : "validFrom",
      `validUntil ${validUntil} is not later than validFrom ${validFrom}`,
    );
  }

  const scoreField = present(row.score) ? "score" : "result";
  if (present(row.score) && present(row.result)) throw rowError("result", "give either score or result, not both");
  const rawScore = row[scoreField];
  let score: string | undefined;
  if (present(rawScore)) {
    if (typeof rawScore === "number" && Number.isFinite(rawScore)) score = String(rawScore);
    else if (typeof rawScore === "string") score = rawScore.trim();
    else throw rowError(scoreField, "must be text or a number");
  }
  const status = text("status");

  let creditsEarned: number | undefined;
  if (present(row.creditsEarned)) {
    const raw = row.creditsEarned;
    creditsEarned = typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw.trim()) : NaN;
    if (!Number.isFinite(creditsEarned) || creditsEarned < 0)
      throw rowError("creditsEarned", "must be a non-negative number");
  }

  const rowEvidence: Evidence[] = [];
  if (present(row.evidence)) {
    const raw = row.evidence;
    if (typeof raw === "string") {
      if (!isUri(raw.trim())) throw rowError("evidence", `"${raw}" is not a URL`);
      rowEvidence.push({ id: raw.trim(), type: ["Evidence"] });
    } else {
      const items = Array.isArray(raw) ? raw : [raw];
      items.forEach((item) => {
        const issues: ValidationIssue[] = [];
        checkEvidence(item, "", issues);
        if (issues.length > 0) {
          throw rowError("evidence", `${issues[0].pointer ? issues[0].pointer + ": " : ""}${issues[0].message}`);
        }
        rowEvidence.push(item as Evidence);
      });
    }
  }

  const random = options.randomBytes ?? platformRandomBytes;
  const identifier: IdentityObject[] = [];
  if (email !== undefined) {
    if (options.includeEmail) {
      identifier.push({ type: "IdentityObject", identityHash: email, identityType: "emailAddress", hashed: false });
    } else {
      const salt = toBareHex(random(16));
      identifier.push({
        type: "IdentityObject",
        identityHash: hashEmailIdentity(email, salt),
        identityType: "emailAddress",
        hashed: true,
        salt,
      });
    }
  }

  const subject: AchievementSubject = {
    type: ["AchievementSubject"],
    ...(subjectId !== undefined ? { id: subjectId } : {}),
    name,
    ...(identifier.length > 0 ? { identifier } : {}),
    achievement: template.achievement,
  } as AchievementSubject;
  if (score !== undefined || status !== undefined) {
    const result: Result = { type: ["Result"] };
    const descriptions = template.achievement.resultDescription;
    if (score !== undefined && descriptions?.length === 1) result.resultDescription = descriptions[0].id;
    if (score !== undefined) result.value = score;
    if (status !== undefined) result.status = status;
    subject.result = [result];
  }
  const narrative = text("narrative");
  if (narrative !== undefined) subject.narrative = narrative;
  const activityStartDate = dateTime("activityStartDate");
  if (activityStartDate !== undefined) subject.activityStartDate = activityStartDate;
  const activityEndDate = dateTime("activityEndDate");
  if (activityEndDate !== undefined) subject.activityEndDate = activityEndDate;
  if (creditsEarned !== undefined) subject.creditsEarned = creditsEarned;

  const id = options.id ?? `urn:uuid:${options.randomBytes ? uuidV4(random(16)) : globalThis.crypto.randomUUID()}`;
  const credential: UnsignedOpenBadgeCredential = {
    "@context": [...OPEN_BADGE_CONTEXTS],
    id,
    type: [...OPEN_BADGE_TYPES],
    issuer: template.issuer,
    validFrom,
    ...(validUntil !== undefined ? { validUntil } : {}),
    name: template.name ?? template.achievement.name,
    ...(template.description !== undefined ? { description: template.description } : {}),
    credentialSubject: subject,
  } as UnsignedOpenBadgeCredential;
  const evidence = [...(template.evidence ?? []), ...rowEvidence];
  if (evidence.length > 0) credential.evidence = evidence;
  if (template.credentialSchema !== undefined) credential.credentialSchema = template.credentialSchema;
  if (template.credentialStatus !== undefined) credential.credentialStatus = template.credentialStatus;
  // The 1EdTech schema validator, revocation list and refresh types are defined by the OB extensions
  // context only: without it they would be undefined JSON-LD terms (docs/SPEC.md section 5.2).
  const usesExtension = [template.credentialSchema, template.credentialStatus]
    .flat()
    .some((entry) => isObject(entry) && OB_EXTENSION_TYPES.includes((entry as { type?: unknown }).type as string));
  if (usesExtension) credential["@context"] = [...OPEN_BADGE_CONTEXTS, OB_EXTENSIONS_CONTEXT];
  return credential;
}
