import { findProofEntry, locateProofEntry } from "../credential/findProofEntry";
import { toProofEntry } from "../credential/proofEntry";
import { isProtectedPointer, isRequiredMemberPointer } from "../credential/profile";
import { validateCredential } from "../credential/validateCredential";
import { isEddsaRdfc2022Proof } from "../sign/eddsaRdfc2022";
import { BaseError } from "../errors/base";
import { DisclosureError } from "../errors/credential";
import type { CredAnchorProof, Hex } from "../types";
import { visibleFieldHashes } from "./computeDigest";
import { digestFromFieldHashes } from "./digestFromFieldHashes";
import { walkLeaves } from "./flatten";
import { hashProtectedPart } from "./hashProtectedPart";
import { escapePointerToken, parsePointer } from "./pointer";
import { isClrCredential } from "../stack/clr";

type Container = Record<string, unknown> | unknown[];

const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

function isContainer(value: unknown): value is Container {
  return typeof value === "object" && value !== null;
}

interface Target {
  pointer: string;
  tokens: string[];
}

/** Resolves `tokens` in `root`; returns the parent container and whether it is an array, or undefined. */
function resolveParent(root: Container, tokens: string[]): { parent: Container; key: string } | undefined {
  let node: unknown = root;
  for (let i = 0; i < tokens.length - 1; i++) {
    node = child(node, tokens[i]);
    if (node === undefined) return undefined;
  }
  const key = tokens[tokens.length - 1];
  if (!isContainer(node) || child(node, key) === undefined) return undefined;
  return { parent: node, key };
}

function child(node: unknown, token: string): unknown {
  if (!isContainer(node)) return undefined;
  if (Array.isArray(node)) {
    if (!ARRAY_INDEX.test(token)) return undefined;
    const index = Number(token);
    return index < node.length ? node[index] : undefined;
  }
  return Object.prototype.hasOwnProperty.call(node, token) ? node[token] : undefined;
}

function pointerOf(tokens: readonly string[]): string {
  return tokens.map((t) => "/" + escapePointerToken(t)).join("");
}

/**
 * The pointers a holder can hide in `credential`: every member of an object, at any depth, that is not
 * protected (NON_REDACTABLE_POINTERS), not a member the profile requires inside a redactable object
 * (isRequiredMemberPointer: `/credentialSubject/result/0/type`...) and not inside `proof`. Array
 * elements are not listed (hide
 * the whole array, or members inside an element). Hiding every member of an array element at once is
 * still refused by discloseCredential.
 *
 * @example
 * redactablePointers(credential) // ["/description", "/credentialSubject/name", "/credentialSubject/identifier", ...]
 */
export function redactablePointers(credential: object): string[] {
  const out: string[] = [];
  const walk = (node: unknown, pointer: string, depth: number): void => {
    if (!isContainer(node) || depth > 64) return;
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${pointer}/${i}`, depth + 1));
      return;
    }
    for (const key of Object.keys(node)) {
      if (depth === 0 && key === "proof") continue;
      const childPointer = `${pointer}/${escapePointerToken(key)}`;
      if (!isProtectedPointer(childPointer) && !isRequiredMemberPointer(childPointer)) out.push(childPointer);
      walk(node[key], childPointer, depth + 1);
    }
  };
  walk(credential, "", 0);
  return out;
}

/**
 * Selective disclosure: returns a copy of `credential` with the values at `pointers` removed (a pointer
 * to an object or array hides everything under it), their field hashes moved into the proof entry's
 * `redactedHashes` (kept sorted) and their salts removed. The digest, and so the Merkle proof, still
 * verify. The input is not modified.
 *
 * Rules (docs/SPEC.md section 2.6): only object members can be hidden, never a single array element
 * (its siblings' pointers would shift); hide the whole array or members inside the element. A member
 * whose removal leaves its object empty removes that object too; when that object is an array element
 * the request is refused. Protected members (NON_REDACTABLE_POINTERS: @context, id, type, issuer,
 * validFrom, validUntil, name, credentialStatus, credentialSubject.type, credentialSubject.achievement)
 * cannot be hidden. A disclosure that would leave a document breaking the credential profile (hiding a
 * member docs/SPEC.md 1.2 requires, such as `/credentialSubject/result/0/type`) is refused with the
 * code DISCLOSURE_BREAKS_FORMAT, naming the member. Throws a DisclosureError naming the pointer for an
 * unknown, malformed or refused pointer, and when the credential does not verify before disclosure.
 *
 * @example
 * const shared = discloseCredential(credential, ["/credentialSubject/identifier", "/credentialSubject/result"]);
 * computeDigest(shared) === findProofEntry(shared).digest // true
 */
export function discloseCredential<T extends object>(credential: T, pointers: readonly string[]): T {
  const proof = findProofEntry(credential);
  const { pointer: proofPointer } = locateProofEntry(credential);
  const hashes = visibleFieldHashes(credential, proof.salts);
  const before = digestFromFieldHashes(hashProtectedPart(credential), [...hashes.values(), ...proof.redactedHashes]);
  if (before !== proof.digest) {
    throw new DisclosureError("the credential does not match its digest, so nothing can be disclosed from it", "", {
      code: "DISCLOSURE_NOT_INTACT",
      details: `Recomputed digest ${before}, proof entry says ${proof.digest}.`,
      fix: "Start from the credential file exactly as the issuer sent it.",
    });
  }

  // The copy is plain JSON: walkLeaves (inside visibleFieldHashes) has checked that it is.
  const copy = JSON.parse(JSON.stringify(credential)) as Record<string, unknown>;

  const targets: Target[] = [];
  for (const pointer of new Set(pointers)) {
    let tokens: string[];
    try {
      tokens = parsePointer(pointer);
    } catch (error) {
      throw new DisclosureError(`"${pointer}" is not a JSON pointer`, pointer, {
        code: "DISCLOSURE_INVALID_POINTER",
        details: error instanceof BaseError ? error.details : undefined,
        fix: 'Write RFC 6901 pointers such as "/credentialSubject/result" ("~1" for "/" and "~0" for "~" in names).',
      });
    }
    if (tokens.length === 0) {
      throw new DisclosureError("the whole credential cannot be hidden", pointer, { code: "DISCLOSURE_PROTECTED" });
    }
    if (tokens[0] === "proof") {
      throw new DisclosureError("the proof is not part of the credential's content and cannot be hidden", pointer, {
        code: "DISCLOSURE_PROTECTED",
      });
    }
    const found = resolveParent(copy, tokens);
    if (!found) {
      throw new DisclosureError("there is no visible field at this pointer", pointer, {
        code: "DISCLOSURE_UNKNOWN_POINTER",
        details: "The pointer names nothing in the credential (or names a field that is already hidden).",
        fix: "List the credential's fields and use one of their pointers, e.g. /credentialSubject/result.",
      });
    }
    if (isProtectedPointer(pointer)) {
      throw new DisclosureError("this field cannot be hidden", pointer, {
        code: "DISCLOSURE_PROTECTED",
        details:
          "@context, id, type, issuer, validFrom, validUntil, name, credentialStatus, credentialSubject.type and credentialSubject.achievement say what the credential is, who issued it and when it is valid; a verifier needs them.",
        fix: "Hide fields about the holder instead (credentialSubject name, identifier, result, evidence...).",
      });
    }
    // A stacked credential's components are kept or withheld whole (docs/SPEC.md section 11.6):
    // hiding a field inside one would break its own proofs.
    if (/^\/credentialSubject\/verifiableCredential\/./.test(pointer) && isClrCredential(copy)) {
      throw new DisclosureError("a field inside an embedded component credential cannot be hidden", pointer, {
        code: "DISCLOSURE_INSIDE_COMPONENT",
        details:
          "The components of a stacked credential are kept or withheld whole: a changed component would no longer verify against its own proofs.",
        fix: "Hide /credentialSubject/verifiableCredential to withhold the components (the pathway then shows as unproven), or keep them.",
      });
    }
    if (Array.isArray(found.parent)) {
      throw new DisclosureError("a single array element cannot be hidden", pointer, {
        code: "DISCLOSURE_ARRAY_ELEMENT",
        details: "Removing it would shift the pointers of the elements after it, and the digest would no longer match.",
        fix: `Hide the whole array (${pointerOf(tokens.slice(0, -1))}) or fields inside the element.`,
      });
    }
    targets.push({ pointer, tokens });
  }

  // Remove the targets, shortest first, so that a target inside an already removed one is skipped.
  targets.sort((a, b) => a.tokens.length - b.tokens.length);
  const removed: Target[] = [];
  for (const target of targets) {
    const found = resolveParent(copy, target.tokens);
    if (!found) continue; // inside a target removed before
    delete (found.parent as Record<string, unknown>)[found.key];
    removed.push(target);
  }

  // An object left empty is removed from its parent too (an empty object is a field of its own).
  for (const target of removed) {
    let tokens = target.tokens.slice(0, -1);
    while (tokens.length > 0) {
      const found = resolveParent(copy, tokens);
      if (!found) break; // removed already
      const node = (found.parent as Record<string, unknown>)[found.key];
      if (!isContainer(node) || Array.isArray(node) || Object.keys(node).length > 0) break;
      const emptied = pointerOf(tokens);
      if (Array.isArray(found.parent)) {
        throw new DisclosureError(
          `hiding ${target.pointer} would leave the array element ${emptied} empty, which cannot be shown without shifting its siblings`,
          target.pointer,
          {
            code: "DISCLOSURE_EMPTIES_ARRAY_ELEMENT",
            fix: `Keep at least one field of ${emptied} visible, or hide the whole array ${pointerOf(tokens.slice(0, -1))}.`,
          },
        );
      }
      if (isProtectedPointer(emptied)) {
        throw new DisclosureError(
          `hiding ${target.pointer} would leave the protected member ${emptied} empty`,
          target.pointer,
          {
            code: "DISCLOSURE_PROTECTED",
          },
        );
      }
      delete (found.parent as Record<string, unknown>)[found.key];
      tokens = tokens.slice(0, -1);
    }
  }

  // Fields that are no longer visible: their hashes move to redactedHashes, their salts go.
  const stillVisible = new Set<string>();
  walkLeaves(copy, (pointer) => stillVisible.add(pointer));
  const salts: Record<string, Hex> = {};
  const redacted: Hex[] = [...proof.redactedHashes];
  for (const [pointer, hash] of hashes) {
    if (stillVisible.has(pointer)) salts[pointer] = proof.salts[pointer];
    else redacted.push(hash);
  }
  redacted.sort();
  const entry: CredAnchorProof = { ...proof, salts, redactedHashes: redacted };

  // Written in the current format (a legacy entry is converted), in the entry's place.
  const written = toProofEntry(entry);
  const proofTokens = parsePointer(proofPointer);
  if (proofTokens.length === 1) copy.proof = written;
  else (copy.proof as unknown[])[Number(proofTokens[1])] = written;
  // The issuer's signature covers every field, so it cannot survive a hidden one: it goes (SPEC.md
  // section 8.3); the anchor proof still proves every visible value.
  if (Array.isArray(copy.proof)) copy.proof = (copy.proof as unknown[]).filter((p) => !isEddsaRdfc2022Proof(p));

  // The protected part is hashed again from the copy: hiding must never have touched it.
  const after = digestFromFieldHashes(hashProtectedPart(copy), [
    ...visibleFieldHashes(copy, salts).values(),
    ...redacted,
  ]);
  if (after !== proof.digest) {
    throw new BaseError("internal error: the disclosed credential no longer matches its digest", {
      code: "DISCLOSURE_INTERNAL",
      details: `Expected ${proof.digest}, got ${after}. Please report this with the pointers used.`,
    });
  }
  refuseBrokenFormat(credential, copy, removed);
  return copy as T;
}

/**
 * Refuses a disclosure whose result would break the credential profile (docs/SPEC.md 1.2, 2.6 rule 5):
 * hiding a member 1.2 requires inside a redactable object (`/credentialSubject/result/0/type`,
 * `/credentialSubject/identifier/0/identityHash`, `/evidence/0/type`) would hand the verifier a
 * document that fails the format check. Problems the credential had before are not blamed on it.
 */
function refuseBrokenFormat(original: object, disclosed: object, removed: readonly Target[]): void {
  const key = (issue: { pointer: string; message: string }) => `${issue.pointer}\u0000${issue.message}`;
  const before = new Set(validateCredential(original).map(key));
  const broken = validateCredential(disclosed).filter((issue) => !before.has(key(issue)));
  if (broken.length === 0) return;
  const issue = broken[0];
  const cause =
    removed.find(
      (t) =>
        t.pointer === issue.pointer ||
        issue.pointer.startsWith(`${t.pointer}/`) ||
        t.pointer.startsWith(`${issue.pointer}/`),
    ) ?? removed[0];
  const parent = issue.pointer.slice(0, issue.pointer.lastIndexOf("/"));
  throw new DisclosureError(
    `hiding ${cause.pointer} would leave a credential that breaks the format: ${issue.pointer || "/"} ${issue.message}`,
    issue.pointer,
    {
      code: "DISCLOSURE_BREAKS_FORMAT",
      details:
        "docs/SPEC.md 1.2 requires this member, and a verifier would call the disclosed credential invalid. " +
        "Members inside an array element (result, identifier, evidence...) can only be hidden with their whole array.",
      fix: `Keep ${issue.pointer} visible, or hide the whole ${arrayOf(parent) ?? parent} instead.`,
    },
  );
}

/** `/a/b` for a pointer `/a/b/3` inside an array element (the array to hide as a whole), else undefined. */
function arrayOf(pointer: string): string | undefined {
  const match = /^(.*)\/(0|[1-9][0-9]*)$/.exec(pointer);
  return match ? match[1] : undefined;
}
