/**
 * credanchor SDK: browser-safe entry point. Node-only helpers (batch files, anchoring a batch
 * directory) are in `sdk/src/node.ts`.
 */
export * from "./errors/base";
export {
  CRYPTOSUITE,
  DATA_INTEGRITY_PROOF_TYPE,
  MANIFEST_FORMAT,
  PROOF_VALUE_VERSION,
  type Address,
  type AnchorRecord,
  type BatchManifest,
  type Caip2ChainId,
  type CredAnchorProof,
  type CredAnchorProofEntry,
  type Hex,
  type LegacyCredAnchorProofEntry,
} from "./types";
export {
  CREDENTIALS_DIR,
  CREDENTIAL_FILE_NAME_PATTERN,
  MANIFEST_FILE,
  credentialBaseFileName,
  credentialFileName,
  credentialRelativePath,
  listBatchFiles,
  uniqueFileNames,
} from "./batch/layout";
export {
  CredentialParseError,
  CredentialValidationError,
  DigestError,
  DisclosureError,
  ProofEntryError,
  ProofValueError,
  RecipientError,
  type ProofValueProblem,
  type ValidationIssue,
} from "./errors/credential";
export * from "./credential";
export * from "./canonical";
export * from "./errors/merkle";
export * from "./merkle";
export { keccak256, initKeccak } from "./hash/keccak";
export { credentialRegistryAbi } from "./chain/registryArtifact";
export { credentialRegistryFactoryAbi } from "./chain/factoryArtifact";
export * from "./errors/registry";
export * from "./errors/anchor";
export * from "./errors/signer";
export * from "./chain";
export * from "./revoke";
export * from "./safe";
export * from "./errors/identity";
export * from "./identity";
export * from "./errors/verify";
export * from "./chain/transport";
export * from "./verify";
export * from "./errors/sign";
export * from "./sign";
export * from "./errors/bake";
export * from "./bake";
export * from "./stack";
export * from "./errors/stack";
export * from "./errors/share";
export * from "./share";
