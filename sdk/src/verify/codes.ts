/**
 * The stable codes of check results. A code never changes meaning; new codes may be added.
 * docs/SPEC.md section 7 lists them with the same words.
 */
import type { CheckName, CheckStatus } from "./types";

interface CodeInfo {
  /** The check that reports it, or `any` for the shared RPC and skip codes. */
  check: CheckName | "any";
  status: CheckStatus;
  meaning: string;
}

/**
 * Every code a check result can carry (the issuer check may also pass on the `IDENTITY_*` codes of an
 * identity resolver).
 *
 * @example
 * CHECK_CODES.INTEGRITY_DIGEST_MISMATCH.status // "failed"
 */
export const CHECK_CODES = {
  FORMAT_OK: {
    check: "format",
    status: "passed",
    meaning: "an Open Badges 3.0 credential with one credanchor proof entry",
  },
  FORMAT_INVALID_JSON: { check: "format", status: "failed", meaning: "the text is not JSON" },
  FORMAT_INVALID_CREDENTIAL: {
    check: "format",
    status: "failed",
    meaning: "the credential breaks the credanchor profile of Open Badges 3.0",
  },
  FORMAT_PROOF_MISSING: { check: "format", status: "failed", meaning: "no credanchor proof entry (or more than one)" },
  FORMAT_PROOF_INVALID: { check: "format", status: "failed", meaning: "the credanchor proof entry is malformed" },
  FORMAT_PROOF_VALUE_MULTIBASE: {
    check: "format",
    status: "failed",
    meaning: 'proofValue is missing, or not "u" + canonical unpadded base64url',
  },
  FORMAT_PROOF_VALUE_CBOR: {
    check: "format",
    status: "failed",
    meaning: "proofValue's bytes are not CBOR of the kinds the format uses (truncated, tag, float, bad UTF-8...)",
  },
  FORMAT_PROOF_VALUE_NON_CANONICAL: {
    check: "format",
    status: "failed",
    meaning: "proofValue's CBOR is not deterministic (a longer head than needed, indefinite length, unsorted map keys)",
  },
  FORMAT_PROOF_VALUE_TRAILING_BYTES: {
    check: "format",
    status: "failed",
    meaning: "proofValue holds bytes after its CBOR value",
  },
  FORMAT_PROOF_VALUE_VERSION: {
    check: "format",
    status: "failed",
    meaning: "proofValue's version (the array's first element) is not one this reader knows (1)",
  },
  FORMAT_PROOF_VALUE_CONTENT: {
    check: "format",
    status: "failed",
    meaning: "proofValue decodes, but an element has the wrong kind, length or value",
  },

  INTEGRITY_OK: {
    check: "integrity",
    status: "passed",
    meaning: "the digest of the visible fields and redacted hashes equals proof.digest",
  },
  INTEGRITY_DIGEST_MISMATCH: {
    check: "integrity",
    status: "failed",
    meaning: "a visible value was changed (the digest differs)",
  },
  INTEGRITY_FIELDS_CHANGED: {
    check: "integrity",
    status: "failed",
    meaning: "a field was added, or a field has no salt, or a salt no field",
  },
  INTEGRITY_ERROR: {
    check: "integrity",
    status: "error",
    meaning: "the digest could not be computed (a fault, not a verdict)",
  },

  INCLUSION_OK: {
    check: "inclusion",
    status: "passed",
    meaning: "the Merkle path leads from (leafIndex, digest) to proof.root",
  },
  INCLUSION_PROOF_MISMATCH: {
    check: "inclusion",
    status: "failed",
    meaning: "the Merkle path does not lead to proof.root",
  },
  INCLUSION_ERROR: {
    check: "inclusion",
    status: "error",
    meaning: "the path could not be evaluated (a fault, not a verdict)",
  },

  ANCHOR_OK: {
    check: "anchor",
    status: "passed",
    meaning: "the root is anchored in the named registry on the named chain, and leafIndex < leafCount",
  },
  ANCHOR_RECORD_MISSING: {
    check: "anchor",
    status: "failed",
    meaning: "the proof has no anchor record: the batch was not anchored yet",
  },
  ANCHOR_RECORD_INVALID: {
    check: "anchor",
    status: "failed",
    meaning: "the anchor record names no usable chain or registry",
  },
  ANCHOR_ROOT_NOT_FOUND: {
    check: "anchor",
    status: "failed",
    meaning: "the root was never anchored in that registry on that chain",
  },
  ANCHOR_ENDPOINT_BEHIND: {
    check: "anchor",
    status: "error",
    meaning: "the endpoint's head is older than the block the anchor record names: it may be lagging",
  },
  ANCHOR_REGISTRY_NOT_FOUND: {
    check: "anchor",
    status: "failed",
    meaning: "there is no credanchor registry at that address on that chain",
  },
  ANCHOR_LEAF_INDEX_OUT_OF_RANGE: {
    check: "anchor",
    status: "failed",
    meaning: "leafIndex is at or beyond the batch's leaf count",
  },

  FINALITY_OK: {
    check: "finality",
    status: "passed",
    meaning: "the anchoring block has at least the required confirmations",
  },
  FINALITY_PENDING: {
    check: "finality",
    status: "error",
    meaning: "too few confirmations yet: undecided, ask again later",
  },

  REVOCATION_OK: { check: "revocation", status: "passed", meaning: "neither the credential nor its batch is revoked" },
  REVOCATION_CREDENTIAL_REVOKED: {
    check: "revocation",
    status: "failed",
    meaning: "the credential was revoked (permanent)",
  },
  REVOCATION_BATCH_REVOKED: {
    check: "revocation",
    status: "failed",
    meaning: "the whole batch was revoked (permanent)",
  },

  SUSPENSION_OK: { check: "suspension", status: "passed", meaning: "the credential is not suspended" },
  SUSPENSION_SUSPENDED: { check: "suspension", status: "failed", meaning: "the credential is suspended (reversible)" },

  VALIDITY_OK: { check: "validity", status: "passed", meaning: "now is between validFrom and validUntil" },
  VALIDITY_NOT_YET_VALID: { check: "validity", status: "failed", meaning: "validFrom is in the future" },
  VALIDITY_EXPIRED: { check: "validity", status: "failed", meaning: "validUntil is in the past" },

  ISSUER_OK: {
    check: "issuer",
    status: "passed",
    meaning: "the registry's on-chain profile URL is the credential's issuer.url or issuer.id",
  },
  ISSUER_PROFILE_MISMATCH: {
    check: "issuer",
    status: "failed",
    meaning: "the registry's profile URL is neither issuer.url nor issuer.id",
  },
  ISSUER_IDENTITY_ERROR: {
    check: "issuer",
    status: "error",
    meaning: "the identity resolver (DNS, did:web) threw instead of answering",
  },
  ISSUER_PROFILE_EMPTY: {
    check: "issuer",
    status: "failed",
    meaning: "the registry has no profile URL, so it names no issuer",
  },

  RPC_NOT_CONFIGURED: {
    check: "any",
    status: "error",
    meaning: "no RPC endpoint is configured for the chain the proof names",
  },
  RPC_UNAVAILABLE: {
    check: "any",
    status: "error",
    meaning: "no endpoint of the chain answered (down, timed out, or serves another chain)",
  },
  RPC_QUORUM_NOT_REACHED: { check: "any", status: "error", meaning: "fewer than k of the n endpoints agreed" },
  RPC_ERROR: { check: "any", status: "error", meaning: "the node answered a read with an unexpected error" },

  SKIPPED_DEPENDENCY: { check: "any", status: "skipped", meaning: "a check this one depends on did not pass" },
} as const satisfies Record<string, CodeInfo>;

/** A stable check code. */
export type CheckCode = keyof typeof CHECK_CODES;
