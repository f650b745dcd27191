/**
 * credanchor SDK: Node-only entry point. Everything in `index.ts`, plus what needs the file system:
 * anchoring batch directories and revoking credentials given as file paths.
 */
export * from "./index";
// Batches: issueBatch (worker_threads, fs) and its parts.
export { issueBatch, type IssueBatchOptions, type IssueBatchProgress, type IssueBatchResult } from "./batch/issueBatch";
export {
  readRecipients,
  recipientsFormat,
  type RecipientItem,
  type RecipientsFormat,
  type ReadRecipientsOptions,
} from "./batch/readRecipients";
export { hashBatchInputs } from "./batch/hashBatchInputs";
export { parseColumnMap } from "./batch/recipientColumns";
export { CHECKPOINTS, type CheckpointName, type OnCheckpoint } from "./batch/checkpoints";
export * from "./errors/batch";
export * from "./anchor";
// Files written whole or not at all, and the deployment record of a registry (deployments/<network>.json).
export { writeFileAtomic, writeFileAtomicSync, type WriteFileAtomicOptions } from "./files/writeFileAtomic";
export {
  deploymentRecord,
  deploymentRecordFile,
  writeDeploymentRecord,
  REGISTRY_COMPILER,
  type DeploymentRecord,
  type DeploymentRecordInput,
  type RegistryCompiler,
} from "./chain/deploymentRecord";
export * from "./revoke/node";
// Identity with DNS on by default (node:dns/promises); these replace the browser-safe versions of index.ts.
export { createNodeResolveTxt } from "./identity/createNodeResolveTxt";
export type { NodeResolveTxtOptions } from "./identity/createNodeResolveTxt";
export { resolveIssuerIdentity, createIdentityResolver, checkIdentity } from "./identity/nodeDefaults";
// Verification of credential files and batch directories (reads files; the verifier itself is in index.ts).
export {
  verifyCredentialFiles,
  verifyCredentialFileSlices,
  listCredentialFiles,
  createVerifyThreads,
  WORKER_THRESHOLD,
  type VerifyFilesOptions,
} from "./verify/files";
export {
  credentialFileByteLimit,
  describeByteLimit,
  imageCredentialText,
  type RefusedImage,
} from "./verify/readCredentialFile";
// The issuer's signing key (node:crypto; encrypted key file).
export {
  decryptSigningKey,
  encryptSigningKey,
  exportSecretKeyMultibase,
  generateSigningKey,
  readSigningKeyFile,
  signingKeyFromMultibase,
  writeSigningKeyFile,
  type SigningKey,
  type SigningKeyFile,
} from "./sign/signingKey";
// Baked badges: rendering the default badge SVG to PNG (resvg, a native module).
export { renderSvgToPng } from "./bake/renderSvgToPng";
// Stacks: pathway files and issuing stacked credentials from holders' folders (fs).
export { readPathway } from "./stack/readPathway";
export {
  issueStack,
  readHolders,
  HOLDERS_MANIFEST,
  STACK_REPORT_FILE,
  type IssueStackOptions,
  type IssueStackResult,
  type StackLearnerReport,
  type HolderInput,
} from "./stack/issueStack";
// Sharing (issue 13): publish a batch as a static site, delivery.csv, e-mail delivery.
export {
  publishBatch,
  readPublishRecord,
  qrPng,
  qrSvg,
  PUBLISH_FORMAT,
  type PublishBatchOptions,
  type PublishBatchResult,
  type PublishedCredential,
  type PublishRecord,
} from "./share/publishBatch";
export { DELIVERY_JOURNAL_FILE, PUBLISH_FILE, QR_DIR } from "./share/layout";
export { readDeliveryFile, recipientEmail, writeDeliveryFile, writeIssueDelivery } from "./share/deliveryFile";
export {
  buildMessage,
  deliverBatch,
  readDeliveryJournal,
  DEFAULT_SUBJECT,
  DELIVERY_JOURNAL_FORMAT,
  type DeliverBatchOptions,
  type DeliverBatchResult,
  type DeliveredCredential,
  type DeliveryCheckpoint,
  type DeliveryJournal,
  type DeliveryJournalEntry,
  type DeliveryMessage,
  type DeliveryOutcome,
} from "./share/deliverBatch";
