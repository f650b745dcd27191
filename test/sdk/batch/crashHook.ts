/**
 * The crash tests' checkpoint hook (test-only; the SDK only calls `onCheckpoint`, see
 * sdk/src/batch/checkpoints.ts). crashRunner.ts passes `crashHookFromEnv()` as the `onCheckpoint` of
 * `issueBatch` and `anchorBatch`; the test steers it through the child's environment:
 *
 * - `CREDANCHOR_TEST_CRASH_AT=<name>`: at that checkpoint the process kills itself with SIGKILL, a real
 *   crash: no `finally` block runs, no stream is flushed, no exit handler is called.
 * - `CREDANCHOR_TEST_CRASH_MARKER=<file>`: right before that kill, `<name>` is written to `<file>`
 *   (synchronously), so a test can tell the process died at the point and not somewhere else.
 * - `CREDANCHOR_TEST_CRASH_LOG=<file>`: every checkpoint passed is appended to `<file>`, one a line.
 */
import fs from "node:fs";
import type { CheckpointName, OnCheckpoint } from "../../../sdk/src/batch/checkpoints";

export { CHECKPOINTS as CRASH_POINTS, type CheckpointName as CrashPointName } from "../../../sdk/src/batch/checkpoints";

/** The environment variable that names the checkpoint to crash at. */
export const CRASH_AT_ENV = "CREDANCHOR_TEST_CRASH_AT";
/** The environment variable naming a file that receives the point's name right before the crash. */
export const CRASH_MARKER_ENV = "CREDANCHOR_TEST_CRASH_MARKER";
/** The environment variable naming a file that collects every checkpoint passed. */
export const CRASH_LOG_ENV = "CREDANCHOR_TEST_CRASH_LOG";

/**
 * An `onCheckpoint` that logs and crashes as the environment says, or undefined when it says nothing.
 *
 * @example
 * await issueBatch({ ...options, onCheckpoint: crashHookFromEnv() });
 */
export function crashHookFromEnv(env: NodeJS.ProcessEnv = process.env): OnCheckpoint | undefined {
  const crashAt = env[CRASH_AT_ENV];
  const log = env[CRASH_LOG_ENV];
  const marker = env[CRASH_MARKER_ENV];
  if (crashAt === undefined && log === undefined) return undefined;
  return (name: CheckpointName) => {
    if (log) fs.appendFileSync(log, `${name}\n`);
    if (crashAt !== name) return;
    if (marker) fs.writeFileSync(marker, name);
    process.kill(process.pid, "SIGKILL");
  };
}
