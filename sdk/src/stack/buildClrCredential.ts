/**
 * Builds the unsigned stacked credential (a CLR 2.0 ClrCredential) of one learner. Pure and browser-safe.
 */
import { toBareHex } from "../canonical/hex";
import { hashEmailIdentity } from "../credential/createCredential";
import { formatDateTime } from "../credential/dateTime";
import type { Achievement, IdentityObject } from "../credential/types";
import { StackError } from "../errors/stack";
import {
  awardedAchievement,
  CLR_CONTEXTS,
  CLR_TYPES,
  COMPONENT_ASSOCIATION,
  type Association,
  type ClrSubject,
  type UnsignedClrCredential,
} from "./clr";
import { MAX_STACK_COMPONENTS, type Pathway } from "./pathway";

export interface BuildClrCredentialOptions {
  /** The pathway the components meet. */
  pathway: Pathway;
  /** The component credentials, embedded unchanged, in this order. */
  components: readonly Record<string, unknown>[];
  /** The learner: a DID/URL (`id`) and/or an e-mail address (stored as a salted hash), and a display name. */
  learner: { id?: string; email?: string; name?: string };
  /** Issue time (validFrom). Default: now. */
  now?: Date | string;
  /** The credential id. Default: a fresh urn:uuid. */
  id?: string;
  /** Random bytes for the e-mail salt. Default: the platform CSPRNG. */
  randomBytes?: (length: number) => Uint8Array;
}

/**
 * A ClrCredential for one learner (docs/SPEC.md section 11.2): contexts VC 2.0, CLR 2.0.1, OB 3.0.3;
 * `credentialSubject` a ClrSubject whose `verifiableCredential` holds the components unchanged (their
 * own proofs intact), whose `achievement` lists the stacked achievement first and then each
 * component's, and whose `association` says each component achievement `isChildOf` the stacked one.
 * The learner is named by `id`, or by a freshly salted hash of the e-mail address. Unsigned and
 * without proof: the batch pipeline digests, signs and anchors it like any credential.
 *
 * @example
 * const clr = buildClrCredential({ pathway, components, learner: { email: "amara@example.org", name: "Amara" } });
 */
export function buildClrCredential(options: BuildClrCredentialOptions): UnsignedClrCredential {
  const { pathway, components, learner } = options;
  if (components.length === 0) throw new StackError("a stacked credential needs at least one component");
  if (components.length > MAX_STACK_COMPONENTS) {
    throw new StackError(
      `a stacked credential holds at most ${MAX_STACK_COMPONENTS} components, ${components.length} given`,
    );
  }
  if (learner.id === undefined && learner.email === undefined) {
    throw new StackError("the learner needs an id or an e-mail address", {
      fix: "Give the learner's e-mail address (--email, or the email column of the holders manifest).",
    });
  }
  const random = options.randomBytes ?? ((n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n)));
  const identifier: IdentityObject[] = [];
  if (learner.email !== undefined) {
    const salt = toBareHex(random(16));
    identifier.push({
      type: "IdentityObject",
      identityHash: hashEmailIdentity(learner.email, salt),
      identityType: "emailAddress",
      hashed: true,
      salt,
    });
  }
  const stacked = pathway.achievement;
  const achievements: Achievement[] = [stacked];
  const association: Association[] = [];
  for (const component of components) {
    const achievement = awardedAchievement(component) as Achievement | undefined;
    if (!achievement || typeof achievement.id !== "string") {
      throw new StackError("a component has no achievement id (credentialSubject.achievement.id)");
    }
    if (!achievements.some((a) => a.id === achievement.id)) achievements.push(achievement);
    association.push({
      type: "Association",
      associationType: COMPONENT_ASSOCIATION,
      sourceId: achievement.id,
      targetId: stacked.id,
    });
  }
  const subject: ClrSubject = {
    type: ["ClrSubject"],
    ...(learner.id !== undefined ? { id: learner.id } : {}),
    ...(identifier.length > 0 ? { identifier } : {}),
    ...(learner.name !== undefined ? { name: learner.name } : {}),
    verifiableCredential: components.map((c) => structuredClone(c)),
    achievement: achievements,
    association,
  };
  const now = options.now === undefined ? new Date() : new Date(options.now);
  return {
    "@context": [...CLR_CONTEXTS],
    id: options.id ?? `urn:uuid:${globalThis.crypto.randomUUID()}`,
    type: [...CLR_TYPES],
    issuer: pathway.issuer,
    validFrom: formatDateTime(now),
    name: pathway.name ?? stacked.name,
    ...(pathway.description !== undefined ? { description: pathway.description } : {}),
    credentialSubject: subject,
  };
}
