import { formatIssue, ProofEntryError } from "../errors/credential";
import { PROOF_TYPE, type CredAnchorProof } from "../types";
import type { ProofEntry } from "./types";
import { validateProofEntry } from "./validateProofEntry";

/** `T` with its `proof` replaced by an array that ends with the credanchor entry. */
export type WithCredAnchorProof<T> = Omit<T, "proof"> & { proof: (ProofEntry | CredAnchorProof)[] };

/**
 * Returns a copy of `credential` with `proof` set to an array ending with `proof` (the credanchor
 * entry). Proof entries of other suites are kept; an earlier credanchor entry is replaced (so the same
 * call adds the anchor record later). The input is not modified. Throws a ProofEntryError when the
 * entry is malformed.
 *
 * @example
 * const signed = attachProof(unsigned, { type: PROOF_TYPE, created, proofPurpose: "assertionMethod",
 *   digest, root, leafIndex: 7, path, salts, redactedHashes: [] });
 */
export function attachProof<T extends object>(credential: T, proof: CredAnchorProof): WithCredAnchorProof<T> {
  const issues = validateProofEntry(proof, "/proof");
  if (issues.length > 0) {
    throw new ProofEntryError(`cannot attach a malformed proof entry: ${issues[0].message}`, {
      details: issues.slice(0, 10).map(formatIssue).join("\n"),
      location: { pointer: issues[0].pointer },
    });
  }
  const { proof: existing, ...rest } = credential as T & { proof?: unknown };
  const others = (existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]).filter(
    (entry: unknown) =>
      !(typeof entry === "object" && entry !== null && (entry as { type?: unknown }).type === PROOF_TYPE),
  ) as ProofEntry[];
  return { ...rest, proof: [...others, proof] } as WithCredAnchorProof<T>;
}
