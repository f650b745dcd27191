import { findProofEntry } from "../credential/findProofEntry";
import { DigestError } from "../errors/credential";
import type { Hex } from "../types";
import { digestFromFieldHashes } from "./digestFromFieldHashes";
import { fieldText, hashFieldText } from "./fieldHash";
import { encodeLeaf, walkLeaves } from "./flatten";
import { toHex } from "./hex";

/**
 * The field hashes of the visible fields of a credential, from the salts in its proof entry, keyed
 * by pointer in document order. Throws a DigestError naming the pointer when a visible field has no
 * salt or a salt names no visible field.
 */
export function visibleFieldHashes(credential: object, salts: Record<string, Hex>): Map<string, Hex> {
  const hashes = new Map<string, Hex>();
  walkLeaves(credential, (pointer, encodedPath, value) => {
    if (!Object.prototype.hasOwnProperty.call(salts, pointer)) {
      throw new DigestError("a visible field has no salt in the proof entry", pointer, {
        details: "Every visible field is salted by the issuer; a field without a salt was added after issuing.",
        fix: "Remove the field, or use the credential exactly as issued.",
      });
    }
    hashes.set(pointer, toHex(hashFieldText(fieldText(encodedPath, encodeLeaf(value), salts[pointer]))));
  });
  const saltCount = Object.keys(salts).length;
  if (saltCount !== hashes.size) {
    for (const pointer of Object.keys(salts)) {
      if (!hashes.has(pointer)) {
        throw new DigestError("the proof entry has a salt for a field that is not in the credential", pointer, {
          details:
            "A field was removed without moving its hash into redactedHashes, or the salt names an object or array rather than a value.",
          fix: "Use discloseCredential to hide fields; it keeps the salts and redacted hashes consistent.",
        });
      }
    }
  }
  return hashes;
}

/**
 * Recomputes the digest of a credential that carries its credanchor proof entry: every visible
 * field (the document without `proof`) is hashed with its salt from the entry, the entry's
 * `redactedHashes` are added, and the sorted hashes are hashed together (docs/SPEC.md section 2).
 * Compare the result with the entry's `digest` (and the Merkle proof) to check integrity.
 * Throws a DigestError naming the pointer when a visible field has no salt or a salt names a field
 * that is not there, and a ProofEntryError when the proof entry is missing or malformed.
 *
 * @example
 * const proof = findProofEntry(credential);
 * const intact = computeDigest(credential) === proof.digest;
 */
export function computeDigest(credential: object): Hex {
  const proof = findProofEntry(credential);
  const visible = visibleFieldHashes(credential, proof.salts);
  const all: Hex[] = [...visible.values(), ...proof.redactedHashes];
  return digestFromFieldHashes(all);
}
