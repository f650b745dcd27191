/** Node-only revocation helpers: they accept credential file paths and batch directories. */
export { resolveTargets, type CredentialTarget } from "./resolveTargets";
export { revokeCredentials } from "./revokeCredentials";
export { suspendCredentials } from "./suspendCredentials";
export { reinstateCredentials } from "./reinstateCredentials";
export { revokeBatches, type RevokeBatchesOptions, type RevokeBatchesResult } from "./revokeBatches";
export { proposeBatchRevocations, type BatchRevocationProposal } from "./proposeBatchRevocations";
