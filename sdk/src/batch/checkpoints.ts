/**
 * Named checkpoints of `issueBatch` and `anchorBatch`: each step that writes a file or sends a
 * transaction reports its name to the caller's `onCheckpoint` option, right after the step. Nothing
 * happens when the option is not given; the SDK never reads the environment for them and never stops
 * the process. The crash-safety tests (test/sdk/batch/crash.test.ts) pass an `onCheckpoint` that
 * kills the process at one of them (test/sdk/batch/crashHook.ts).
 */

/** Every checkpoint, in the order a run of `issueBatch` then `anchorBatch` passes them. */
export const CHECKPOINTS = [
  // issueBatch: the batch is built in a hidden `.<name>.partial-<pid>` folder and renamed at the end.
  /** The first chunk of credentials is spooled to disk (phase 1). */
  "issue:spool-written",
  /** Every leaf is hashed, the tree is built, no credential file is written yet. */
  "issue:tree-built",
  /** At least half of the credential files are written. */
  "issue:files-written-half",
  /** Every credential file is written; no manifest yet. */
  "issue:files-written",
  /** manifest.json is written in the partial folder. */
  "issue:manifest-written",
  /** The spool is removed and the workers are stopped; the rename is next. */
  "issue:before-rename",
  /** The batch directory is published (renamed into place). */
  "issue:after-rename",
  // anchorBatch: the journal is written before anything is broadcast.
  /** The journal holds the signed transaction (state `sending`); nothing is broadcast yet. */
  "anchor:journal-sending",
  /** The node took the transaction; the journal still says `sending`. */
  "anchor:after-broadcast",
  /** The journal says `sent`. */
  "anchor:journal-sent",
  /** The root is on chain with the required confirmations; nothing is recorded yet. */
  "anchor:after-confirmations",
  /** The journal holds the anchor record (state `recording`); no file is rewritten yet. */
  "anchor:journal-recording",
  /** At least half of the credential files hold the anchor record. */
  "anchor:files-half-rewritten",
  /** Every credential file holds the anchor record; the manifest does not yet. */
  "anchor:files-rewritten",
  /** manifest.json holds the anchor record; the journal still says `recording`. */
  "anchor:manifest-written",
  /** The journal says `done`. */
  "anchor:journal-done",
] as const;

/** The name of a checkpoint. */
export type CheckpointName = (typeof CHECKPOINTS)[number];

/**
 * Called at each checkpoint, synchronously, right after the step it names.
 *
 * @example
 * await issueBatch({ template, recipients, outDir, onCheckpoint: (name) => console.log("passed", name) });
 */
export type OnCheckpoint = (name: CheckpointName) => void;
