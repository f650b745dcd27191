/**
 * The stable codes of check results. A code never changes meaning; new codes may be added.
 * docs/SPEC.md section 7 lists them with the same words.
 *
 * Length (over 400 lines): one table, one entry per code with its check, status and meaning, kept
 * whole so that it reads side by side with the list in docs/SPEC.md; the functions are a few lines.
 */
import type { IdentityCode } from "../identity/types";
import type { CheckName, CheckStatus } from "./checkNames";

interface CodeInfo {
  /** The check that reports it, or `any` for the shared RPC and skip codes. */
  check: CheckName | "any";
  status: CheckStatus;
  meaning: string;
}

/**
 * Every code a check result can carry, with the one status it is reported with. The issuer check
 * carries the `IDENTITY_*` codes of the identity resolver; a resolver answer whose code is not here,
 * or whose status is not the one listed here, becomes `ISSUER_IDENTITY_ERROR`.
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
  FORMAT_INVALID_JSON: {
    check: "format",
    status: "error",
    meaning:
      "not a credential: the text is not JSON (or not UTF-8), or JSON that breaks a rule of SPEC 1.1 and has no credanchor proof entry",
  },
  FORMAT_TOO_LARGE: {
    check: "format",
    status: "error",
    meaning: "not a credential: the file or text is larger than 10 MiB, refused before reading",
  },
  FORMAT_PROOF_MISSING: {
    check: "format",
    status: "error",
    meaning: "not a credential: not a JSON object, or no proof entry of type CredAnchorMerkleProof2026",
  },
  FILE_UNREADABLE: {
    check: "format",
    status: "error",
    meaning: "not a credential: the file could not be read (missing, a folder, no permission)",
  },
  FORMAT_IMAGE_NOT_BAKED: {
    check: "format",
    status: "error",
    meaning:
      "not a credential: a PNG or SVG image that holds no baked credential, or an image that cannot be read (bad signature, CRC or markup, SPEC 9)",
  },
  FORMAT_INVALID_CREDENTIAL: {
    check: "format",
    status: "failed",
    meaning:
      "a document with a credanchor proof entry breaks SPEC 1.1 (duplicate names, inexact numbers...) or the profile of 1.2",
  },
  FORMAT_PROOF_INVALID: {
    check: "format",
    status: "failed",
    meaning: "the credanchor proof entry is malformed, or there is more than one",
  },
  FORMAT_ERROR: {
    check: "format",
    status: "error",
    meaning: "the format check could not run to its end (a fault of the verifier, not a verdict)",
  },
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
  ANCHOR_BLOCK_BEYOND_HEAD: {
    check: "anchor",
    status: "failed",
    meaning:
      "the root is not anchored and the anchor record's block is beyond the head by more than the finality window: a false record",
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
    meaning: "the anchoring block is at or below the chain's finalized block, or has the required confirmations",
  },
  FINALITY_PENDING: {
    check: "finality",
    status: "error",
    meaning: "not finalized or too few confirmations yet: undecided, ask again later",
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

  ISSUER_PROFILE_MISMATCH: {
    check: "issuer",
    status: "failed",
    meaning: "the registry's profile URL is neither issuer.url nor issuer.id",
  },
  ISSUER_PROFILE_EMPTY: {
    check: "issuer",
    status: "failed",
    meaning: "the registry has no profile URL, so it names no issuer",
  },
  ISSUER_IDENTITY_ERROR: {
    check: "issuer",
    status: "error",
    meaning:
      "the identity resolver threw, or answered a code it may not give (unknown, or with another status than this table's)",
  },
  ISSUER_NOT_CHECKED_LOCAL_CHAIN: {
    check: "issuer",
    status: "skipped",
    meaning:
      "the credential is anchored on the local development chain eip155:31337, where no domain can bind a registry; the verdict may still be valid (localChain: true)",
  },
  ISSUER_NOT_CHECKED_BY_REQUEST: {
    check: "issuer",
    status: "skipped",
    meaning: "the caller turned the domain binding off (identity: off); the verdict is error: issuer not confirmed",
  },
  ISSUER_NOT_CHECKED_NO_RESOLVER: {
    check: "issuer",
    status: "skipped",
    meaning: "no identity resolver was given, so the domain binding was not checked; the verdict is error",
  },

  IDENTITY_VERIFIED: {
    check: "issuer",
    status: "passed",
    meaning: "the profile URL names the issuer's domain, and that domain names this registry on this chain",
  },
  IDENTITY_INPUT_INVALID: {
    check: "issuer",
    status: "failed",
    meaning: "the chain, registry or domain given to the identity check is malformed",
  },
  IDENTITY_PROFILE_UNKNOWN: {
    check: "issuer",
    status: "error",
    meaning: "the registry's profile URL was not read",
  },
  IDENTITY_NO_PROFILE_URL: { check: "issuer", status: "failed", meaning: "the registry's profile URL is empty" },
  IDENTITY_PROFILE_URL_INVALID: {
    check: "issuer",
    status: "failed",
    meaning: "the registry's profile URL names no domain (not an http(s) URL, a did:web DID or a host name)",
  },
  IDENTITY_PROFILE_DOMAIN_MISMATCH: {
    check: "issuer",
    status: "failed",
    meaning: "the registry's profile URL names another domain than the one bound",
  },
  IDENTITY_ISSUER_NO_DOMAIN: {
    check: "issuer",
    status: "failed",
    meaning: "the credential has no issuer, or its issuer names no domain",
  },
  IDENTITY_ISSUER_INVALID: {
    check: "issuer",
    status: "failed",
    meaning:
      "the credential's issuer.id or issuer.url is a malformed URL or did:web DID (control characters, dot segments, a host that is not a domain)",
  },
  IDENTITY_ISSUER_DOMAIN_MISMATCH: {
    check: "issuer",
    status: "failed",
    meaning: "a domain the credential's issuer names (issuer.id or issuer.url) is not the bound domain",
  },
  IDENTITY_NOT_PUBLISHED: {
    check: "issuer",
    status: "failed",
    meaning: "the domain publishes no binding: no credanchor TXT record, no did.json entry",
  },
  IDENTITY_REGISTRY_MISMATCH: {
    check: "issuer",
    status: "failed",
    meaning: "the domain's records name other registries, not this one (a copycat registry)",
  },
  IDENTITY_CHAIN_MISMATCH: {
    check: "issuer",
    status: "failed",
    meaning: "the domain's records name this registry address, but on another chain",
  },
  IDENTITY_RECORD_MALFORMED: {
    check: "issuer",
    status: "failed",
    meaning: "the only credanchor records found are malformed",
  },
  IDENTITY_DID_DOCUMENT_INVALID: {
    check: "issuer",
    status: "failed",
    meaning: "the did.json is not JSON, not an object, larger than 1 MiB, or has another id",
  },
  IDENTITY_DID_PATH_NOT_BOUND: {
    check: "issuer",
    status: "failed",
    meaning: "a did:web DID with a path binds only when the registry's profile URL is that exact DID",
  },
  IDENTITY_LOOKUP_ERROR: {
    check: "issuer",
    status: "error",
    meaning: "a DNS query or HTTPS request failed or timed out, and nothing else decided: issuer not confirmed",
  },
  IDENTITY_DNS_UNAVAILABLE: {
    check: "issuer",
    status: "error",
    meaning:
      "DNS cannot be asked here (a browser without DNS-over-HTTPS) and did:web did not bind the registry: issuer not confirmed",
  },
  IDENTITY_NO_METHOD: {
    check: "issuer",
    status: "error",
    meaning: "no identity method could run (all switched off, or no fetch for did:web): issuer not confirmed",
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

  INTERNAL: {
    check: "any",
    status: "error",
    meaning: "a check did not run: a fault of the verifier, never a verdict on the credential",
  },
  SIGNATURE_VALID: {
    check: "signature",
    status: "passed",
    meaning:
      "the issuer's eddsa-rdfc-2022 proof verifies with a Multikey that the issuer DID document lists in `assertionMethod` (8.4)",
  },
  SIGNATURE_MALFORMED: {
    check: "signature",
    status: "failed",
    meaning:
      "an eddsa-rdfc-2022 proof whose members are malformed (`proofPurpose`, `created`, `proofValue` not z-base58btc of 64 bytes)",
  },
  SIGNATURE_WRONG_ISSUER: {
    check: "signature",
    status: "failed",
    meaning: "the signature's verification method belongs to another DID than the credential's `issuer.id`",
  },
  SIGNATURE_KEY_NOT_LISTED: {
    check: "signature",
    status: "failed",
    meaning: "the issuer's DID document does not list the signing key in `assertionMethod` as a Multikey",
  },
  SIGNATURE_KEY_UNAVAILABLE: {
    check: "signature",
    status: "error",
    meaning: "the issuer's DID document could not be read, so the signature could not be checked",
  },
  SIGNATURE_INVALID: {
    check: "signature",
    status: "failed",
    meaning:
      "the Ed25519 signature does not verify over the canonical credential and proof options: the content or the proof was changed",
  },
  SIGNATURE_ABSENT: {
    check: "signature",
    status: "skipped",
    meaning:
      "the credential carries no issuer signature; allowed (a valid verdict accepts this skip): the content is proven by the anchor",
  },
  SIGNATURE_REMOVED_BY_DISCLOSURE: {
    check: "signature",
    status: "skipped",
    meaning:
      "no issuer signature, and fields were hidden (`redactedHashes` not empty): a signature cannot survive a hidden field; allowed, the content is proven by the anchor",
  },
  COMPONENTS_VALID: {
    check: "components",
    status: "passed",
    meaning:
      "a stacked credential (ClrCredential): every embedded component credential verifies (all its checks), recursively",
  },
  COMPONENTS_NOT_A_STACK: {
    check: "components",
    status: "skipped",
    meaning:
      "the credential embeds no component credentials and names none; allowed (a valid verdict accepts this skip)",
  },
  COMPONENTS_INVALID: {
    check: "components",
    status: "failed",
    meaning:
      "an embedded component is invalid now (revoked, suspended, expired, tampered...) or names another learner; the stack's own proofs may still hold",
  },
  COMPONENTS_UNVERIFIED: {
    check: "components",
    status: "error",
    meaning: "an embedded component could not be verified (its chain unreachable, its issuer not confirmed...)",
  },
  COMPONENTS_WITHHELD: {
    check: "components",
    status: "skipped",
    meaning:
      "the holder withheld component credentials the stack names (`isChildOf` associations without an embedded credential): the pathway is unproven",
  },
  COMPONENTS_TOO_DEEP: {
    check: "components",
    status: "failed",
    meaning: "stacks nest deeper than 3 levels (a stack of stacks of stacks is the most), refused",
  },
  SKIPPED_DEPENDENCY: { check: "any", status: "skipped", meaning: "a check this one depends on did not pass" },
} as const satisfies Record<string, CodeInfo>;

// Every code of the identity resolver is a check code (a compile-time check).
CHECK_CODES satisfies Record<IdentityCode, CodeInfo>;

/** A stable check code: exactly the keys of `CHECK_CODES` (a closed union). */
export type CheckCode = keyof typeof CHECK_CODES;

/**
 * Whether `code` is a check code (`CHECK_CODES` has it as an own property).
 *
 * @example
 * isCheckCode("IDENTITY_VERIFIED") // true
 * isCheckCode("constructor") // false
 */
export function isCheckCode(code: unknown): code is CheckCode {
  return typeof code === "string" && Object.prototype.hasOwnProperty.call(CHECK_CODES, code);
}

/**
 * The skipped checks a `valid` verdict tolerates. Any other skipped check (a skipped issuer check
 * on a public chain, a dependency skip with nothing failed) makes the verdict `error`.
 *
 * @example
 * ACCEPTED_SKIP_CODES.has("ISSUER_NOT_CHECKED_LOCAL_CHAIN") // true
 */
export const ACCEPTED_SKIP_CODES: ReadonlySet<CheckCode> = new Set<CheckCode>([
  "ISSUER_NOT_CHECKED_LOCAL_CHAIN",
  "SIGNATURE_ABSENT",
  "SIGNATURE_REMOVED_BY_DISCLOSURE",
  "COMPONENTS_NOT_A_STACK",
]);
