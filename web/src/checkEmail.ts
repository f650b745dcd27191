/**
 * "Is this e-mail yours?": checks a typed address against the credential's hashed e-mail identifiers
 * in the page, sending nothing anywhere (docs/SPEC.md 1.2: `sha256$` + hex(sha256(address + salt))).
 */
import { hashEmailIdentity } from "../../sdk/src/index";

/** A hashed e-mail identifier as the credential holds it. */
export interface HashedEmail {
  identityHash: string;
  /** The salt; an OB 3.0 identifier may have none (then the address alone is hashed). */
  salt?: string;
}

/** What the check found: the address is the recipient's, is not, or is no e-mail address at all. */
export type EmailCheck = "match" | "no-match" | "not-an-address";

/**
 * Whether `address` (trimmed, any case) hashes to one of the credential's e-mail identifiers.
 * Computed here, in the page; the address goes nowhere.
 *
 * @example
 * checkEmail("Ada@Example.org", [{ identityHash: "sha256$…", salt: "5f1c…" }]) // "match"
 */
export function checkEmail(address: string, hashed: readonly HashedEmail[]): EmailCheck {
  const typed = address.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(typed)) return "not-an-address";
  for (const identifier of hashed) {
    const expected = identifier.identityHash.trim().toLowerCase();
    if (hashEmailIdentity(typed, identifier.salt ?? "").toLowerCase() === expected) return "match";
  }
  return "no-match";
}
