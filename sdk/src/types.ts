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

/** The `type` of credanchor's proof entry. */
export const PROOF_TYPE = "CredAnchorMerkleProof2026" as const;
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

/** The proof entry credanchor puts into a credential's `proof` array. Readable JSON, no opaque encoding. */
export interface CredAnchorProof {
  type: typeof PROOF_TYPE;
  /** When the batch was built, ISO 8601 UTC. */
  created: string;
  proofPurpose: "assertionMethod";
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
  /** Present once the batch is anchored. */
  anchor?: AnchorRecord;
}
