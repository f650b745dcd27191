/** Node-only: anchoring batch directories, resumably (see anchorBatches.ts for the reasoning). */
export { anchorBatch } from "./anchorBatch";
export {
  anchorBatches,
  type AnchorBatchOptions,
  type AnchorBatchResult,
  type AnchorOutcome,
  type AnchorProgress,
} from "./anchorBatches";
export {
  JOURNAL_FILE,
  JOURNAL_FORMAT,
  readJournal,
  type AnchorJournal,
  type JournalAttempt,
  type JournalProposal,
  type JournalState,
} from "./journal";
export {
  proposeAnchorBatches,
  type ProposeAnchorBatchesOptions,
  type ProposeAnchorBatchesResult,
  type ProposedBatch,
} from "./proposeAnchorBatches";
export { recordAnchor, type RecordAnchorOptions } from "./recordAnchor";
export { readManifest, type LoadedManifest } from "./batchFiles";
