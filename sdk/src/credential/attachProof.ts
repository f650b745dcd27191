import { formatIssue, ProofEntryError } from "../errors/credential";
import type { CredAnchorProof, CredAnchorProofEntry } from "../types";
import { toProofEntry } from "./proofEntry";
import type { ProofEntry } from "./types";
import { isCredAnchorProofEntry, validateProofData } from "./validateProofEntry";

/** `T` with its `proof` replaced by an array that ends with the credanchor entry. */
export type WithCredAnchorProof<T> = Omit<T, "proof"> & { proof: (ProofEntry | CredAnchorProofEntry)[] };

/**
 * Returns a copy of `credential` with `proof` set to an array ending with the credanchor entry for
 * `proof` (the anchor data, written as a `DataIntegrityProof` with cryptosuite
 * `credanchor-merkle-2026`, docs/SPEC.md 4.1). Proof entries of other suites (an issuer signature)
 * are kept, in their order, before it; an earlier credanchor entry, new or legacy, is replaced (so the
 * same call adds the anchor record later). The input is not modified. Throws a ProofEntryError when
 * the data is malformed or cannot be encoded.
 *
 * @example
 * const issued = attachProof(unsigned, { created, digest, root, leafIndex: 7, path, salts, redactedHashes: [] });
 */
export function attachProof<T extends object>(credential: T, proof: CredAnchorProof): WithCredAnchorProof<T> {
  const issues = validateProofData(proof, "/proof");
  if (issues.length > 0) {
    throw new ProofEntryError(`cannot attach a malformed proof entry: ${issues[0].message}`, {
      details: issues.slice(0, 10).map(formatIssue).join("\n"),
      location: { pointer: issues[0].pointer },
    });
  }
  let entry: CredAnchorProofEntry;
  try {
    entry = toProofEntry(proof);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new ProofEntryError(`cannot encode the proof entry: ${error.message}`, { location: { pointer: "/proof" } });
  }
  const { proof: existing, ...rest } = credential as T & { proof?: unknown };
  const others = (existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]).filter(
    (item: unknown) => !isCredAnchorProofEntry(item),
  ) as ProofEntry[];
  return { ...rest, proof: [...others, entry] } as WithCredAnchorProof<T>;
}
