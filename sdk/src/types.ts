/**
 * Formats shared by every part of the SDK: the proof entry inside a credential, the anchor record and
 * the batch manifest. docs/SPEC.md describes them field by field.
 */

/** A 0x-prefixed lower-case hex string. */
export type Hex = `0x${string}`;
/** A 20-byte EVM address, 0x-prefixed (EIP-55 checksum case when written by the SDK). */
export type Address = `0x${string}`;
/** A CAIP-2 chain id for an EVM chain, e.g. `eip155:31337`. */
export type Caip2ChainId = `eip155:${number}`;

/** The `type` of credanchor's proof entry: a W3C Data Integrity proof (docs/SPEC.md section 4). */
export const DATA_INTEGRITY_PROOF_TYPE = "DataIntegrityProof" as const;
/** The `cryptosuite` that marks credanchor's Data Integrity proof (the anchor proof). */
export const CRYPTOSUITE = "credanchor-merkle-2026" as const;
/** The version number in the first element of the proofValue's CBOR array (SPEC.md 4.3). */
export const PROOF_VALUE_VERSION = 1 as const;
/** The `type` of the earlier, readable-JSON proof entry: still read, never written (SPEC.md 4.5). */
export const LEGACY_PROOF_TYPE = "CredAnchorMerkleProof2026" as const;
/** The format version of a batch directory's manifest.json. */
export const MANIFEST_FORMAT = "credanchor-batch/1" as const;

/** Where and when a batch root was anchored. Written by `anchorBatch`, identical in manifest and proofs. */
export interface AnchorRecord {
  /** CAIP-2 id of the chain, e.g. `eip155:11155111`. */
  chain: Caip2ChainId;
  /** The CredentialRegistry contract that holds the root. */
  registry: Address;
  /** Hash of the transaction that anchored the root. */
  transactionHash: Hex;
  /** Block that holds that transaction. */
  blockNumber: number;
  /** The block's timestamp, ISO 8601 UTC. */
  anchoredAt: string;
}

/**
 * The anchor data of a credanchor proof, decoded: what `findProofEntry` returns and `attachProof`
 * takes. In a credential file it is the `created` of a `DataIntegrityProof` entry plus its
 * `proofValue` (SPEC.md 4.3); a legacy entry holds the same members as readable JSON.
 */
export interface CredAnchorProof {
  /** When the batch was built, ISO 8601 UTC. */
  created: string;
  /** keccak256(protectedHash ‖ sorted field hashes of the redactable fields) (see SPEC.md 2.4 "Digest"). */
  digest: Hex;
  /** The batch's Merkle root. */
  root: Hex;
  /** This credential's position in the batch; bound into the leaf. */
  leafIndex: number;
  /** Sibling hashes from the leaf up to the root. */
  path: Hex[];
  /** One 16-byte salt per visible redactable field, keyed by the field's JSON pointer; protected fields have none. */
  salts: Record<string, Hex>;
  /** Field hashes of the redactable fields the holder removed (selective disclosure), sorted. */
  redactedHashes: Hex[];
  /** Present once the batch is anchored. */
  anchor?: AnchorRecord;
}

/** credanchor's proof entry as written in a credential's `proof` array (SPEC.md 4.1). */
export interface CredAnchorProofEntry {
  type: typeof DATA_INTEGRITY_PROOF_TYPE;
  cryptosuite: typeof CRYPTOSUITE;
  /** When the batch was built, ISO 8601 UTC. */
  created: string;
  proofPurpose: "assertionMethod";
  /** `did:pkh:eip155:<chain id>:<registry address>` once anchored; absent before (SPEC.md 4.2). */
  verificationMethod?: string;
  /** `u` + base64url(deterministic CBOR of the anchor data) (SPEC.md 4.3). */
  proofValue: string;
}

/** The earlier proof entry (`type` CredAnchorMerkleProof2026): readable JSON, still accepted by readers. */
export interface LegacyCredAnchorProofEntry extends CredAnchorProof {
  type: typeof LEGACY_PROOF_TYPE;
  proofPurpose: "assertionMethod";
}

/** A batch directory's manifest.json. */
export interface BatchManifest {
  format: typeof MANIFEST_FORMAT;
  root: Hex;
  leafCount: number;
  /** keccak256 over the template file bytes then the recipients file bytes (SPEC.md "Manifest"). */
  inputHash: Hex;
  /** ISO 8601 UTC. */
  createdAt: string;
  issuer: { id: string; name?: string; url?: string };
  /** Folder (relative to the batch directory) that holds the credential files. */
  credentialsDir: string;
  /**
   * The credential files' names inside `credentialsDir`, by leaf index (SPEC.md 5.2). Absent in batches
   * written before it existed: their files are named by index (`000007.json`). Read it through
   * `credentialRelativePath`.
   */
  files?: string[];
  /**
   * The badge image the template named (`badgeImage`), copied into the batch directory under this
   * fixed name: `badge.png` or `badge.svg` (SPEC.md 5.1). `publish` and `deliver` bake each credential
   * into it. Absent when the template names none (they draw a default badge).
   */
  badgeImage?: "badge.png" | "badge.svg";
  /** Present once the batch is anchored. */
  anchor?: AnchorRecord;
}
