import { NON_REDACTABLE_POINTERS } from "../credential/profile";
import { keccak256 } from "../hash/keccak";
import type { Hex } from "../types";
import { canonicalJson } from "./canonicalJson";
import { toHex } from "./hex";
import { parsePointer, type PathToken } from "./pointer";
import { utf8Scratch } from "./utf8";

/** The first element of the array whose JCS text is hashed into the protected hash (docs/SPEC.md 2.4). */
export const PROTECTED_PART_TAG = "credanchor:protected:v1";

/**
 * The protected paths (NON_REDACTABLE_POINTERS as member names): `@context`, `id`, `type`, `issuer`,
 * `validFrom`, `validUntil`, `name`, `credentialStatus`, `credentialSubject.type`,
 * `credentialSubject.achievement`.
 */
export const PROTECTED_PATHS: readonly (readonly string[])[] = NON_REDACTABLE_POINTERS.map((p) => parsePointer(p));

/**
 * True when a field at `path` (from the document) is protected: its path begins with a protected
 * path. Protected fields are hashed together in the protected part, without salts, and never hidden.
 *
 * @example
 * isProtectedPath(["issuer", "url"]) // true
 * isProtectedPath(["credentialSubject", "name"]) // false
 */
export function isProtectedPath(path: readonly PathToken[]): boolean {
  outer: for (const prefix of PROTECTED_PATHS) {
    if (path.length < prefix.length) continue;
    for (let i = 0; i < prefix.length; i++) if (path[i] !== prefix[i]) continue outer;
    return true;
  }
  return false;
}

/**
 * True when `pointer` names a protected field or lies inside one (it is, or starts with `/` after, a
 * protected pointer). A salt under such a pointer is refused: protected fields are never salted.
 * Unlike `isProtectedPointer` (disclosure), an object that merely contains a protected member, such
 * as `/credentialSubject`, is not inside one.
 *
 * @example
 * isProtectedFieldPointer("/validUntil") // true
 * isProtectedFieldPointer("/credentialSubject/achievement/name") // true
 * isProtectedFieldPointer("/credentialSubject") // false
 */
export function isProtectedFieldPointer(pointer: string): boolean {
  for (const protectedPointer of NON_REDACTABLE_POINTERS) {
    if (pointer === protectedPointer || pointer.startsWith(protectedPointer + "/")) return true;
  }
  return false;
}

function memberOf(node: unknown, key: string): { value: unknown } | undefined {
  if (typeof node !== "object" || node === null || Array.isArray(node)) return undefined;
  return Object.prototype.hasOwnProperty.call(node, key)
    ? { value: (node as Record<string, unknown>)[key] }
    : undefined;
}

/**
 * The protected part P of a document (docs/SPEC.md section 2.4): a new object holding exactly the
 * members at the protected paths that are present, at the same nesting, with their whole values
 * (shared, not copied). A two-step path such as `credentialSubject.type` is present only when the
 * document's `credentialSubject` is an object (not an array) with that member. Absent members stay
 * absent, so adding or removing `validUntil` changes P. The top-level `proof` is never part of it.
 *
 * @example
 * protectedPart({ name: "Badge", description: "x", credentialSubject: { type: ["AchievementSubject"], name: "Ada" } })
 * // { name: "Badge", credentialSubject: { type: ["AchievementSubject"] } }
 */
export function protectedPart(document: object): Record<string, unknown> {
  const part: Record<string, unknown> = {};
  for (const path of PROTECTED_PATHS) {
    let found: { value: unknown } | undefined = { value: document };
    for (const token of path) {
      found = memberOf(found.value, token);
      if (!found) break;
    }
    if (!found) continue;
    let target = part;
    for (let i = 0; i < path.length - 1; i++) {
      if (!Object.prototype.hasOwnProperty.call(target, path[i])) target[path[i]] = {};
      target = target[path[i]] as Record<string, unknown>;
    }
    target[path[path.length - 1]] = found.value;
  }
  return part;
}

/**
 * The exact text hashed for the protected part: `JCS(["credanchor:protected:v1", P])`. Throws a
 * DigestError naming the pointer of a protected value that is not I-JSON.
 *
 * @example
 * encodeProtectedPart({ name: "Badge", description: "x" }) // '["credanchor:protected:v1",{"name":"Badge"}]'
 */
export function encodeProtectedPart(document: object): string {
  // P mirrors the document's nesting, so its depth limit and pointers are the document's.
  return `[${JSON.stringify(PROTECTED_PART_TAG)},${canonicalJson(protectedPart(document))}]`;
}

/** Internal: keccak256 of the UTF-8 bytes of `encodeProtectedPart(document)`, as 32 bytes. */
export function protectedHashBytes(document: object): Uint8Array {
  return keccak256(utf8Scratch(encodeProtectedPart(document)));
}

/**
 * The protected hash of a credential (docs/SPEC.md section 2.4): keccak256 of the UTF-8 bytes of
 * `JCS(["credanchor:protected:v1", P])`, where P holds the protected members (`@context`, `id`,
 * `type`, `issuer`, `validFrom`, `validUntil`, `name`, `credentialStatus`, `credentialSubject.type`,
 * `credentialSubject.achievement`) that are present. No salt: these fields are never hidden. It is
 * the first 32 bytes hashed into the digest, so none of them can be removed, added or moved into
 * `redactedHashes` without changing the digest.
 *
 * @example
 * hashProtectedPart(credential) // "0x…" (32 bytes)
 */
export function hashProtectedPart(document: object): Hex {
  return toHex(protectedHashBytes(document));
}
