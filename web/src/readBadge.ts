/**
 * Reads what the page shows from a credential, defensively: the file is untrusted input and may miss
 * any field or give it an unexpected type.
 */
import { isCredAnchorProofEntry, readProofEntry, type AnchorRecord } from "../../sdk/src/index";

export interface LinkedText {
  text?: string;
  url?: string;
}

export interface BadgeView {
  name?: string;
  description?: string;
  criteria?: { narrative?: string; url?: string };
  image?: { url: string; alt: string };
  issuer: { name?: string; url?: string; id?: string };
  recipient: {
    name?: string;
    /** A DID or URL. */
    id?: string;
    /** The first identity object: hashed (value withheld) or plain. */
    identity?: { identityType: string; hashed: boolean; value?: string };
    /** Every hashed e-mail identifier (`sha256$…` with its salt), for "Is this e-mail yours?". */
    hashedEmails: { identityHash: string; salt?: string }[];
  };
  /** The recipient's result (score, status), as text. */
  result?: string;
  validFrom?: string;
  validUntil?: string;
  alignment: { name?: string; url?: string; description?: string; framework?: string; code?: string }[];
  evidence: { name?: string; url?: string; description?: string; narrative?: string; genre?: string }[];
  /**
   * Where the proof says the batch is anchored. Only the chain and registry: the anchor check reads that
   * registry, so its verdict vouches for them; the record's transaction, block and time are claims no
   * check compares (SPEC.md 4.4), so the page shows the time the check read from the chain instead.
   */
  anchor?: { chain?: string; registry?: string };
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value : undefined;
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** Plain words for OB3 identity types (own members only: see `identityTypeWords`). */
const IDENTITY_TYPES: Readonly<Record<string, string>> = {
  emailAddress: "email address",
  name: "name",
  sourcedId: "student number",
  studentId: "student number",
  systemId: "system id",
  phoneNumber: "phone number",
  nationalIdentityNumber: "national identity number",
  lisSourcedId: "student number",
  identifier: "identifier",
};

/**
 * Plain words for an identity type, or the type as written. Only the table's own members count: a
 * file's `"constructor"` or `"__proto__"` must not reach `Object.prototype`.
 *
 * @example
 * identityTypeWords("sourcedId") // "student number"
 * identityTypeWords("constructor") // "constructor"
 */
export function identityTypeWords(rawType: string): string {
  return Object.prototype.hasOwnProperty.call(IDENTITY_TYPES, rawType) ? IDENTITY_TYPES[rawType] : rawType;
}

/**
 * The badge as the page shows it.
 *
 * @example
 * readBadge(JSON.parse(text)).name // "Introduction to Solidity"
 */
export function readBadge(credential: unknown): BadgeView {
  const root = isObject(credential) ? credential : {};
  const subject = isObject(root.credentialSubject)
    ? root.credentialSubject
    : (asArray(root.credentialSubject).find(isObject) ?? {});
  const achievement = isObject(subject.achievement) ? subject.achievement : {};
  const issuer = root.issuer;

  const criteria = isObject(achievement.criteria)
    ? { narrative: text(achievement.criteria.narrative), url: text(achievement.criteria.id) }
    : undefined;

  return {
    name: text(achievement.name) ?? text(root.name),
    description: text(achievement.description) ?? text(root.description),
    criteria: criteria && (criteria.narrative || criteria.url) ? criteria : undefined,
    image: readImage(achievement.image ?? root.image, text(achievement.name) ?? "badge image"),
    issuer: isObject(issuer)
      ? { name: text(issuer.name), url: text(issuer.url), id: text(issuer.id) }
      : { id: text(issuer) },
    recipient: readRecipient(subject),
    result: readResult(subject.result),
    validFrom: text(root.validFrom) ?? text(root.issuanceDate),
    validUntil: text(root.validUntil) ?? text(root.expirationDate),
    alignment: asArray(achievement.alignment)
      .filter(isObject)
      .map((item) => ({
        name: text(item.targetName),
        url: text(item.targetUrl),
        description: text(item.targetDescription),
        framework: text(item.targetFramework),
        code: text(item.targetCode),
      })),
    evidence: asArray(root.evidence)
      .filter(isObject)
      .map((item) => ({
        name: text(item.name),
        url: text(item.id),
        description: text(item.description),
        narrative: text(item.narrative),
        genre: text(item.genre),
      })),
    anchor: readAnchor(root.proof),
  };
}

function readImage(image: unknown, fallbackAlt: string): BadgeView["image"] {
  if (typeof image === "string") return { url: image, alt: fallbackAlt };
  if (isObject(image) && typeof image.id === "string") {
    return { url: image.id, alt: text(image.caption) ?? fallbackAlt };
  }
  return undefined;
}

function readRecipient(subject: Json): BadgeView["recipient"] {
  const identifier = asArray(subject.identifier).find(isObject);
  let identity: BadgeView["recipient"]["identity"];
  if (identifier) {
    const rawType = text(identifier.identityType) ?? "identifier";
    const value = text(identifier.identityHash);
    identity = {
      identityType: identityTypeWords(rawType),
      hashed: identifier.hashed !== false || !value,
      value: identifier.hashed === false ? value : undefined,
    };
  }
  const hashedEmails = asArray(subject.identifier)
    .filter(isObject)
    .filter((item) => item.identityType === "emailAddress" && item.hashed !== false)
    .flatMap((item) => {
      const identityHash = text(item.identityHash);
      if (!identityHash || !/^sha256\$[0-9a-fA-F]{64}$/.test(identityHash.trim())) return [];
      return [{ identityHash, ...(typeof item.salt === "string" ? { salt: item.salt } : {}) }];
    });
  return { name: text(subject.name), id: text(subject.id), identity, hashedEmails };
}

function readResult(result: unknown): string | undefined {
  const parts: string[] = [];
  for (const item of asArray(result)) {
    if (!isObject(item)) continue;
    const value = text(item.value);
    const status = text(item.status);
    const level = text(item.achievedLevel);
    const words = [value, level, status].filter((part): part is string => part !== undefined);
    if (words.length > 0) parts.push(words.join(" · "));
  }
  return parts.length > 0 ? parts.join("; ") : undefined;
}

function readAnchor(proof: unknown): BadgeView["anchor"] {
  for (const entry of asArray(proof)) {
    if (!isCredAnchorProofEntry(entry)) continue;
    let anchor: AnchorRecord | undefined;
    try {
      anchor = readProofEntry(entry).anchor; // the anchor record sits inside proofValue (SPEC.md 4.3)
    } catch {
      return undefined; // an unreadable proofValue: the verifier's format check says why
    }
    if (!anchor || !isObject(anchor)) continue;
    return {
      chain: text(anchor.chain),
      registry: text(anchor.registry),
    };
  }
  return undefined;
}
