/** Revocation, suspension and reinstatement by credential (browser-safe part; file paths: `node.ts`). */
export { encodeReason, decodeReason, MAX_REASON_BYTES } from "../chain/reason";
export { buildWordMasks, type BatchWordMasks, type CredentialRef } from "./buildWordMasks";
export {
  changeCredentialStatus,
  DEFAULT_MAX_GAS_PER_TRANSACTION,
  type ChangeCredentialStatusOptions,
  type CredentialStatusChangeResult,
  type CredentialStatusOperation,
  type StatusTransaction,
} from "./changeCredentialStatus";
export {
  planCredentialStatusChange,
  type CredentialStatusChangePlan,
  type CredentialStatusPlan,
} from "./planCredentialStatusChange";
export { proposeCredentialStatusChange, type CredentialStatusProposal } from "./proposeCredentialStatusChange";
