/** Verification of credanchor credentials (docs/SPEC.md section 7). Browser-safe. */
export { verifyCredential } from "./verifyCredential";
export { verifyCredentials, verifyCredentialsWithClasses, DEFAULT_STATUS_CHUNK_SIZE } from "./verifyCredentials";
export { RESULT_ROW_POINTERS, ResultClass } from "./resultClass";
export { defaultMinConfirmations } from "./defaultMinConfirmations";
export { ACCEPTED_SKIP_CODES, CHECK_CODES, isCheckCode, type CheckCode } from "./codes";
export { isNotACredential, NOT_A_CREDENTIAL_CODES } from "./notACredential";
export { overallStatus } from "./verdict";
export { normalizeIdentifier } from "./checks/issuer";
export { toTransport } from "./resolveTransport";
export {
  CHECK_NAMES,
  LOCAL_DEVELOPMENT_CHAIN,
  type ChainRpcConfig,
  type ChainRpcInput,
  type CheckName,
  type CheckProgressEvent,
  type CheckResult,
  type CheckStatus,
  type IdentityMode,
  type IdentityResolver,
  type IdentityResolverInput,
  type IdentityResolverResult,
  type VerificationResult,
  type VerificationStatus,
  type VerifyOptions,
} from "./types";
export { describeRedactions, hiddenFieldsLine, type HiddenPlace, type RedactionSummary } from "./describeRedactions";
