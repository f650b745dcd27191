import { findProofEntry } from "../credential/findProofEntry";
import { DigestError } from "../errors/credential";
import { keccak256 } from "../hash/keccak";
import type { Hex } from "../types";
import { sortHashBytes } from "./digestFromFieldHashes";
import { compiledDigest } from "./compiledDigest";
import { fastDigest } from "./fastDigest";
import { fieldText, hashFieldText } from "./fieldHash";
import { encodeLeaf, walkLeaves } from "./flatten";
import { isProtectedFieldPointer, isProtectedPath, protectedHashBytes } from "./hashProtectedPart";
import { toBareHex, toHex, writeHex } from "./hex";

/**
 * Internal: hashes every visible redactable field with its salt (protected fields are skipped: they
 * are hashed together by hashProtectedPart). Returns the pointers in document order and their hashes
 * (32 bytes each, same order) in a buffer with room for `extra` more hashes. Throws a DigestError
 * naming the pointer when a visible redactable field has no salt, a salt names a protected field, or
 * a salt names no visible field.
 */
export function hashVisibleFields(
  credential: object,
  salts: Record<string, Hex>,
  extra = 0,
): { pointers: string[]; hashBytes: Uint8Array } {
  const pointers: string[] = [];
  const hashes: Uint8Array[] = [];
  walkLeaves(credential, (pointer, encodedPath, value, path) => {
    if (isProtectedPath(path)) return;
    if (!Object.prototype.hasOwnProperty.call(salts, pointer)) {
      throw new DigestError("a visible field has no salt in the proof entry", pointer, {
        details: "Every visible field is salted by the issuer; a field without a salt was added after issuing.",
        fix: "Remove the field, or use the credential exactly as issued.",
      });
    }
    pointers.push(pointer);
    hashes.push(hashFieldText(fieldText(encodedPath, encodeLeaf(value), salts[pointer])));
  });
  if (Object.keys(salts).length !== pointers.length) {
    const visible = new Set(pointers);
    for (const pointer of Object.keys(salts)) {
      if (!visible.has(pointer) && isProtectedFieldPointer(pointer)) {
        throw new DigestError("the proof entry has a salt for a protected field, which is never salted", pointer, {
          details:
            "@context, id, type, issuer, validFrom, validUntil, name, credentialStatus, credentialSubject.type and credentialSubject.achievement are hashed together without salts and can never be hidden; a salt for one of them means the file was edited (for example a protected field removed by hand).",
          fix: "Use the credential file exactly as the issuer sent it; hide fields only with discloseCredential.",
        });
      }
    }
    for (const pointer of Object.keys(salts)) {
      if (!visible.has(pointer)) {
        throw new DigestError("the proof entry has a salt for a field that is not in the credential", pointer, {
          details:
            "A field was removed without moving its hash into redactedHashes, or the salt names an object or array rather than a value.",
          fix: "Use discloseCredential to hide fields; it keeps the salts and redacted hashes consistent.",
        });
      }
    }
  }
  const hashBytes = new Uint8Array(32 * (pointers.length + extra));
  hashes.forEach((hash, i) => hashBytes.set(hash, 32 * i));
  return { pointers, hashBytes };
}

/**
 * The field hashes of the visible redactable fields of a credential (every field outside the
 * protected part), from the salts in its proof entry, keyed by pointer in document order. Throws a
 * DigestError naming the pointer when such a field has no salt, a salt names a protected field, or a
 * salt names no visible field.
 *
 * @example
 * visibleFieldHashes(credential, findProofEntry(credential).salts).get("/credentialSubject/name") // "0x…"
 */
export function visibleFieldHashes(credential: object, salts: Record<string, Hex>): Map<string, Hex> {
  const { pointers, hashBytes } = hashVisibleFields(credential, salts);
  const hex = toBareHex(hashBytes);
  return new Map(pointers.map((pointer, i) => [pointer, `0x${hex.slice(64 * i, 64 * i + 64)}` as Hex]));
}

/**
 * Recomputes the digest of a credential that carries its credanchor proof entry (docs/SPEC.md
 * section 2.5): the protected part (the document without `proof`) is hashed as one unit, every
 * visible redactable field is hashed with its salt from the entry, the entry's `redactedHashes` are
 * added, and keccak256(protectedHash ‖ sorted field hashes) is returned. Compare the result with the
 * entry's `digest` (and the Merkle proof) to check integrity. Throws a DigestError naming the pointer
 * when a visible redactable field has no salt, a salt names a protected field, or a salt names a
 * field that is not there, and a ProofEntryError when the proof entry is missing or malformed.
 *
 * @example
 * const proof = findProofEntry(credential);
 * const intact = computeDigest(credential) === proof.digest;
 */
export function computeDigest(credential: object): Hex {
  return computeDigestWithProof(credential, findProofEntry(credential));
}

/**
 * The same digest as `computeDigest`, from the salts and redacted hashes of a proof entry the caller
 * has already read and checked (`findProofEntry`, or the verifier's format check): the entry is not
 * decoded a second time. The redacted hashes must be 32 bytes of lower-case 0x-prefixed hex. Runs the
 * path compiled once per credential shape (compiledDigest.ts), then for input it does not handle the
 * general fast path (fastDigest.ts), then `computeDigestReference`, which throws the DigestError naming
 * the pointer.
 *
 * @example
 * const proof = findProofEntry(credential);
 * computeDigestWithProof(credential, proof) === computeDigest(credential) // true
 */
export function computeDigestWithProof(
  credential: object,
  proof: { salts: Record<string, Hex>; redactedHashes: readonly Hex[] },
): Hex {
  return (
    compiledDigest(credential, proof.salts, proof.redactedHashes) ??
    fastDigest(credential, proof.salts, proof.redactedHashes) ??
    computeDigestReference(credential, proof)
  );
}

/**
 * The digest computed step by step as docs/SPEC.md section 2 says (flatten, one JCS string per
 * field, keccak256 of each, the protected part, sort, hash): the definition that the fast path of
 * `computeDigestWithProof` is tested against (fastDigest.property.test.ts), and what runs for input
 * the fast path leaves to it. Throws the DigestErrors listed at `computeDigest`.
 *
 * @example
 * computeDigestReference(credential, findProofEntry(credential)) === computeDigest(credential) // true
 */
export function computeDigestReference(
  credential: object,
  proof: { salts: Record<string, Hex>; redactedHashes: readonly Hex[] },
): Hex {
  const redacted = proof.redactedHashes;
  const { pointers, hashBytes } = hashVisibleFields(credential, proof.salts, redacted.length);
  // findProofEntry has checked that every redacted hash is 32 bytes of lower-case hex.
  redacted.forEach((hash, k) => writeHex(hash, hashBytes, 32 * (pointers.length + k)));
  const count = pointers.length + redacted.length;
  const concatenated = sortHashBytes(hashBytes, count, 1);
  concatenated.set(protectedHashBytes(credential), 0);
  return toHex(keccak256(concatenated));
}
