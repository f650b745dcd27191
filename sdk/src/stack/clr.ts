/**
 * CLR 2.0 `ClrCredential`: the envelope of a stacked credential (docs/SPEC.md section 11.2), and the
 * facts the pathway evaluation reads from any component. Browser-safe, pure.
 */
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from "../credential/types";
import type { Achievement, IdentityObject, Profile } from "../credential/types";
import { hashEmailIdentity } from "../credential/createCredential";
import type { ComponentFacts } from "./evaluatePathway";

export const CLR_V2_CONTEXT = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json" as const;
/** The contexts of a ClrCredential, in this order: VC 2.0, CLR 2.0.1, OB 3.0.3. */
export const CLR_CONTEXTS = [VC_V2_CONTEXT, CLR_V2_CONTEXT, OB_V3_CONTEXT] as const;
export const CLR_TYPES = ["VerifiableCredential", "ClrCredential"] as const;
/** The association type that ties a component achievement to the stacked one. */
export const COMPONENT_ASSOCIATION = "isChildOf" as const;

/** A CLR 2.0 Association: `sourceId` (a component achievement) `isChildOf` `targetId` (the stacked one). */
export interface Association {
  type: "Association";
  associationType: string;
  sourceId: string;
  targetId: string;
  [key: string]: unknown;
}

/** The subject of a ClrCredential. */
export interface ClrSubject {
  type: ["ClrSubject", ...string[]] | string[];
  id?: string;
  identifier?: IdentityObject[];
  /** The component credentials, unchanged (with their own proofs). A holder may withhold them all. */
  verifiableCredential?: Record<string, unknown>[];
  /** achievement[0] is the stacked achievement; then the components' achievements. */
  achievement: Achievement[];
  association?: Association[];
  [key: string]: unknown;
}

/** A stacked credential before its proofs. */
export interface UnsignedClrCredential {
  "@context": (string | Record<string, unknown>)[];
  id: string;
  type: string[];
  issuer: Profile;
  validFrom: string;
  validUntil?: string;
  name: string;
  description?: string;
  credentialSubject: ClrSubject;
  [key: string]: unknown;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * True when `value` says it is a ClrCredential (its `type` lists "ClrCredential").
 *
 * @example
 * isClrCredential({ type: ["VerifiableCredential", "ClrCredential"] }) // true
 */
export function isClrCredential(value: unknown): boolean {
  const type = record(value)?.type;
  return Array.isArray(type) ? type.includes("ClrCredential") : type === "ClrCredential";
}

/** The embedded component credentials of a ClrCredential ([] when there are none or they were withheld). */
export function embeddedCredentials(value: unknown): unknown[] {
  const list = record(record(value)?.credentialSubject)?.verifiableCredential;
  return Array.isArray(list) ? list : [];
}

/** The achievement a credential awards: a ClrCredential's achievement[0], else credentialSubject.achievement. */
export function awardedAchievement(value: unknown): Record<string, unknown> | undefined {
  const achievement = record(record(value)?.credentialSubject)?.achievement;
  return Array.isArray(achievement) ? record(achievement[0]) : record(achievement);
}

/** The component achievement ids a ClrCredential names (`isChildOf` associations), in order. */
export function componentAchievementIds(value: unknown): string[] {
  const list = record(record(value)?.credentialSubject)?.association;
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const item of list) {
    const a = record(item);
    if (a?.associationType === COMPONENT_ASSOCIATION && typeof a.sourceId === "string") out.push(a.sourceId);
  }
  return out;
}

/**
 * What the pathway evaluation needs from a component (its verdict is added by the caller).
 *
 * @example
 * componentFacts(credential, "m1.json", "valid", anchor)
 */
export function componentFacts(
  credential: unknown,
  label: string,
  status: ComponentFacts["status"],
  anchor?: { chain: string; registry: string },
  reason?: string,
): ComponentFacts {
  const c = record(credential);
  const achievement = awardedAchievement(credential);
  const issuer = c?.issuer;
  const issuerId = typeof issuer === "string" ? issuer : record(issuer)?.id;
  const earned = record(c?.credentialSubject)?.creditsEarned;
  const available = achievement?.creditsAvailable;
  const facts: ComponentFacts = { label, status };
  if (typeof achievement?.id === "string") facts.achievementId = achievement.id;
  if (typeof achievement?.name === "string") facts.achievementName = achievement.name;
  if (typeof issuerId === "string") facts.issuerId = issuerId;
  if (anchor) facts.registry = `${anchor.chain}:${anchor.registry}`;
  if (typeof c?.validFrom === "string") facts.validFrom = c.validFrom;
  if (typeof earned === "number") facts.credits = earned;
  else if (typeof available === "number") facts.credits = available;
  if (reason !== undefined) facts.reason = reason;
  return facts;
}

/** How a credential names its learner: a DID/URL id, or identity objects (hashed or plain). */
export interface LearnerIdentity {
  id?: string;
  identifiers: IdentityObject[];
}

/** The learner identity of a credential's subject. */
export function learnerOf(credential: unknown): LearnerIdentity {
  const subject = record(record(credential)?.credentialSubject);
  const identifiers = Array.isArray(subject?.identifier)
    ? (subject.identifier.filter((i) => record(i)) as IdentityObject[])
    : [];
  return { ...(typeof subject?.id === "string" ? { id: subject.id } : {}), identifiers };
}

/**
 * Whether a credential's learner is `email` (an e-mail identity, hashed with its salt or plain) or
 * `id`. Returns undefined when the credential names its learner in neither way.
 *
 * @example
 * learnerMatches(credential, { email: "amara@example.org" }) // true
 */
export function learnerMatches(credential: unknown, known: { id?: string; email?: string }): boolean | undefined {
  const learner = learnerOf(credential);
  if (known.id !== undefined && learner.id !== undefined) return learner.id === known.id;
  if (known.email !== undefined) {
    const emails = learner.identifiers.filter((i) => i.identityType === "emailAddress");
    if (emails.length === 0) return undefined;
    return emails.some((i) =>
      i.hashed
        ? typeof i.salt === "string" && i.identityHash === hashEmailIdentity(known.email!, i.salt)
        : i.identityHash.trim().toLowerCase() === known.email!.trim().toLowerCase(),
    );
  }
  return undefined;
}
