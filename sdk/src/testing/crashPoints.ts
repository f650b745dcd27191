/**
 * Named crash points for the crash-safety tests (test/reliability/crash.test.ts). Test-only machinery
 * that stays in production code: `issueBatch` and `anchorBatch` call `crashPoint(name)` at every
 * step that writes a file or sends a transaction, and a test makes the process die right there.
 *
 * Environment variables, read at each call (nothing happens when they are unset, and nothing at all
 * where `process` does not exist, e.g. in a browser):
 *
 * - `CREDANCHOR_CRASH_AT=<name>`: at that point the process kills itself with SIGKILL, a real crash:
 *   no `finally` block runs, no stream is flushed, no exit handler is called.
 * - `CREDANCHOR_CRASH_MARKER=<file>`: right before that kill, `<name>` is written to `<file>`
 *   (synchronously), so a test can tell the process died at the point and not somewhere else.
 * - `CREDANCHOR_CRASH_LOG=<file>`: every point passed is appended to `<file>`, one name a line, so a
 *   test can check that a run reaches each point of `CRASH_POINTS`.
 *
 * Never set these outside tests: a crash point does exactly what it says.
 */

/** Every crash point, in the order a run of `issueBatch` then `anchorBatch` passes them. */
export const CRASH_POINTS = [
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

/** The name of a crash point. */
export type CrashPointName = (typeof CRASH_POINTS)[number];

/** The environment variable that names the point to crash at. */
export const CRASH_AT_ENV = "CREDANCHOR_CRASH_AT";
/** The environment variable naming a file that receives the point's name right before the crash. */
export const CRASH_MARKER_ENV = "CREDANCHOR_CRASH_MARKER";
/** The environment variable naming a file that collects every point passed. */
export const CRASH_LOG_ENV = "CREDANCHOR_CRASH_LOG";

type SyncFs = { appendFileSync(file: string, data: string): void; writeFileSync(file: string, data: string): void };

/**
 * Kills the process with SIGKILL when `CREDANCHOR_CRASH_AT` equals `name`; otherwise does nothing
 * (and costs one environment lookup). Test-only; see the module comment.
 *
 * @example
 * fs.writeFileSync(path.join(partial, MANIFEST_FILE), text);
 * crashPoint("issue:manifest-written");
 */
export function crashPoint(name: CrashPointName): void {
  if (typeof process === "undefined" || typeof process.env !== "object" || process.env === null) return;
  const env = process.env;
  const crashAt = env[CRASH_AT_ENV];
  const log = env[CRASH_LOG_ENV];
  if (crashAt === undefined && log === undefined) return;
  if (log) nodeFs()?.appendFileSync(log, `${name}\n`);
  if (crashAt !== name) return;
  const marker = env[CRASH_MARKER_ENV];
  if (marker) nodeFs()?.writeFileSync(marker, name);
  process.kill(process.pid, "SIGKILL");
}

function nodeFs(): SyncFs | undefined {
  // process.getBuiltinModule (Node >= 20.16) keeps this module free of a static `node:fs` import.
  // Older Node 20 releases lack it; CommonJS `require` is there instead.
  const load = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (typeof load === "function") return load.call(process, "node:fs") as SyncFs;
  return typeof require === "function" ? (require("node:fs") as SyncFs) : undefined;
}
