import {
  CRYPTOSUITE,
  DATA_INTEGRITY_PROOF_TYPE,
  LEGACY_PROOF_TYPE,
  type CredAnchorProof,
  type CredAnchorProofEntry,
} from "../types";
import { decodeProofValue, encodeProofValue, registryVerificationMethod } from "./proofValue";

/**
 * The anchor data of a well-formed credanchor proof entry (checked by `validateProofEntry`): the
 * decoded proofValue of a `DataIntegrityProof` entry, or the members of a legacy entry. The result is
 * a fresh object; changing it does not change the entry.
 *
 * @example
 * readProofEntry(credential.proof[1]).leafIndex // 7
 */
export function readProofEntry(entry: unknown): CredAnchorProof {
  const record = entry as Record<string, unknown>;
  if (record.type === LEGACY_PROOF_TYPE) {
    const { type: _type, proofPurpose: _purpose, ...data } = structuredClone(record);
    return data as unknown as CredAnchorProof;
  }
  return { created: record.created as string, ...decodeProofValue(record.proofValue) };
}

/**
 * The proof entry credanchor writes for `data` (docs/SPEC.md 4.1): a `DataIntegrityProof` with
 * cryptosuite `credanchor-merkle-2026`, `verificationMethod` naming the registry once anchored, and
 * every anchor datum in `proofValue`. The caller has checked `data` (`validateProofData`).
 *
 * @example
 * toProofEntry({ created, digest, root, leafIndex: 0, path: [], salts, redactedHashes: [] })
 * // { type: "DataIntegrityProof", cryptosuite: "credanchor-merkle-2026", created, proofPurpose: "assertionMethod", proofValue: "u…" }
 */
export function toProofEntry(data: CredAnchorProof): CredAnchorProofEntry {
  const { created, ...rest } = data;
  return {
    type: DATA_INTEGRITY_PROOF_TYPE,
    cryptosuite: CRYPTOSUITE,
    created,
    proofPurpose: "assertionMethod",
    ...(data.anchor ? { verificationMethod: registryVerificationMethod(data.anchor) } : {}),
    proofValue: encodeProofValue(rest),
  };
}
