import { formatIssue, ProofEntryError } from "../errors/credential";
import { PROOF_TYPE, type CredAnchorProof } from "../types";
import { validateProofEntry } from "./validateProofEntry";

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
      details: `A credanchor credential carries a "proof" entry of type "${PROOF_TYPE}".`,
      fix: "Use the credential file written by the batch builder, not the unsigned template output.",
      location: { pointer: "/proof" },
    });
  }
  const entries: unknown[] = Array.isArray(proof) ? proof : [proof];
  const found: LocatedProofEntry[] = [];
  entries.forEach((entry, i) => {
    if (typeof entry === "object" && entry !== null && (entry as { type?: unknown }).type === PROOF_TYPE) {
      found.push({ entry, pointer: Array.isArray(proof) ? `/proof/${i}` : "/proof" });
    }
  });
  if (found.length === 0) {
    throw new ProofEntryError(`the credential has no proof entry of type "${PROOF_TYPE}"`, {
      details: "Its proof entries belong to other proof suites, which credanchor does not check.",
      location: { pointer: "/proof" },
    });
  }
  if (found.length > 1) {
    throw new ProofEntryError(`the credential has ${found.length} proof entries of type "${PROOF_TYPE}"`, {
      details: `Found at ${found.map((f) => f.pointer).join(", ")}; a credential belongs to exactly one batch.`,
      fix: "Keep the one entry that matches the credential's batch.",
      location: { pointer: found[1].pointer },
    });
  }
  return found[0];
}

/**
 * The credanchor proof entry of a credential (`proof` may be one entry or an array of entries).
 * Throws a ProofEntryError, naming the JSON pointer, when there is none, more than one, or the entry
 * is malformed (docs/SPEC.md section 4).
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
    });
  }
  return entry as CredAnchorProof;
}
