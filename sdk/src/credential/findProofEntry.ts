import { formatIssue, ProofEntryError } from "../errors/credential";
import { CRYPTOSUITE, type CredAnchorProof } from "../types";
import { readProofEntry } from "./proofEntry";
import { isCredAnchorProofEntry, validateProofEntry } from "./validateProofEntry";

const WHAT = `a "DataIntegrityProof" with cryptosuite "${CRYPTOSUITE}"`;

/** Where the credanchor entry sits: the entry and its JSON pointer (`/proof` or `/proof/<i>`). */
export interface LocatedProofEntry {
  entry: unknown;
  pointer: string;
}

/** Finds the single credanchor entry in `proof` without checking its shape (throws when none or several). */
export function locateProofEntry(credential: unknown): LocatedProofEntry {
  if (typeof credential !== "object" || credential === null || Array.isArray(credential)) {
    throw new ProofEntryError("a credential must be a JSON object", { location: { pointer: "" } });
  }
  const proof = (credential as { proof?: unknown }).proof;
  if (proof === undefined) {
    throw new ProofEntryError("the credential has no proof", {
      details: `A credanchor credential carries a "proof" entry: ${WHAT}.`,
      fix: "Use the credential file written by the batch builder, not the unsigned template output.",
      location: { pointer: "/proof" },
    });
  }
  const entries: unknown[] = Array.isArray(proof) ? proof : [proof];
  const found: LocatedProofEntry[] = [];
  entries.forEach((entry, i) => {
    if (isCredAnchorProofEntry(entry)) {
      found.push({ entry, pointer: Array.isArray(proof) ? `/proof/${i}` : "/proof" });
    }
  });
  if (found.length === 0) {
    throw new ProofEntryError(`the credential has no proof entry of credanchor (${WHAT})`, {
      details: "Its proof entries belong to other proof suites, which credanchor does not check.",
      location: { pointer: "/proof" },
    });
  }
  if (found.length > 1) {
    throw new ProofEntryError(`the credential has ${found.length} proof entries of credanchor`, {
      details: `Found at ${found.map((f) => f.pointer).join(", ")}; a credential belongs to exactly one batch.`,
      fix: "Keep the one entry that matches the credential's batch.",
      location: { pointer: found[1].pointer },
    });
  }
  return found[0];
}

/**
 * The anchor data of a credential's credanchor proof entry (`proof` may be one entry or an array of
 * entries; the entry is found by its cryptosuite, or by the legacy type), decoded from its proofValue.
 * Throws a ProofEntryError, naming the JSON pointer, when there is none, more than one, or the entry
 * is malformed (docs/SPEC.md section 4; `code` is the PROOF_VALUE_* code when proofValue is at fault).
 *
 * @example
 * const { root, leafIndex, path, digest } = findProofEntry(credential);
 */
export function findProofEntry(credential: unknown): CredAnchorProof {
  const { entry, pointer } = locateProofEntry(credential);
  const issues = validateProofEntry(entry, pointer);
  if (issues.length > 0) {
    throw new ProofEntryError(`malformed credanchor proof entry: ${issues[0].message}`, {
      details: issues.slice(0, 10).map(formatIssue).join("\n"),
      location: { pointer: issues[0].pointer },
      ...(issues[0].code ? { code: issues[0].code } : {}),
    });
  }
  return readProofEntry(entry);
}
