export * from "./types";
export { attachProof, type WithCredAnchorProof } from "./attachProof";
export { findProofEntry } from "./findProofEntry";
export { isCredAnchorProofEntry, validateProofData, validateProofEntry } from "./validateProofEntry";
export { readProofEntry } from "./proofEntry";
export { decodeProofValue, encodeProofValue, type ProofValueData } from "./proofValue";
export { NON_REDACTABLE_POINTERS } from "./profile";
export { assertCredential, validateCredential, type ValidateCredentialOptions } from "./validateCredential";
export {
  JSON_RULE_ERROR_CODE,
  MAX_JSON_TEXT_LENGTH,
  parseCredentialJson,
  type ParseCredentialJsonOptions,
} from "./parseCredentialJson";
export { assertTemplate, validateTemplate, type CredentialTemplate } from "./validateTemplate";
export {
  createCredential,
  hashEmailIdentity,
  RECIPIENT_FIELDS,
  type CreateCredentialOptions,
  type RecipientRow,
} from "./createCredential";
export { formatDateTime, isDateTime, isoFromUnixSeconds } from "./dateTime";
