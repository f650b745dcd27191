export * from "./types";
export { attachProof, type WithCredAnchorProof } from "./attachProof";
export { findProofEntry } from "./findProofEntry";
export {
  isCredAnchorProofEntry,
  validateAnchorRecord,
  validateProofData,
  validateProofEntry,
  MAX_PATH_LENGTH,
} from "./validateProofEntry";
export { readProofEntry, toProofEntry } from "./proofEntry";
export { decodeProofValue, encodeProofValue, registryVerificationMethod, type ProofValueData } from "./proofValue";
export { isProtectedPointer, isRequiredMemberPointer, NON_REDACTABLE_POINTERS } from "./profile";
export { assertCredential, validateCredential, type ValidateCredentialOptions } from "./validateCredential";
export {
  JSON_RULE_ERROR_CODE,
  MAX_JSON_TEXT_LENGTH,
  parseCredentialJson,
  type ParseCredentialJsonOptions,
} from "./parseCredentialJson";
export { assertTemplate, validateTemplate, TEMPLATE_MEMBERS, type CredentialTemplate } from "./validateTemplate";
export {
  createCredential,
  hashEmailIdentity,
  RECIPIENT_FIELDS,
  type CreateCredentialOptions,
  type RecipientRow,
} from "./createCredential";
export { formatDateTime, isDateTime, isoFromUnixSeconds } from "./dateTime";
