/**
 * Worker thread of `verifyCredentialFiles` (files.ts): reads credential files (or takes texts) and
 * runs the checks that need no network, plus the signature check, with `verifyOffline`; the main
 * thread runs the chain checks. Node-only. Messages:
 *
 *   in:  { id, files?, texts?, nowMs }
 *   out: { id, type: "done", works } | { id, type: "file", index, message, error } | { id, type: "error", error }
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { MAX_JSON_TEXT_LENGTH } from "../credential/parseCredentialJson";
import { createCanonizer } from "../sign/canonize";
import { createDidWebKeyResolver } from "../sign/resolveAssertionKey";
import { verifyOffline } from "./verifyCredentials";

/** One job: a run of consecutive files (read here) or texts, with the run's time. */
export interface VerifyJob {
  id: number;
  files?: readonly (string | undefined)[];
  texts?: readonly string[];
  /** The files to read (when `texts` is absent). */
  read?: boolean;
  nowMs: number;
}

/** An error as plain data (message, code, errno, syscall, path), to rebuild on the main thread. */
export interface PlainError {
  message: string;
  name?: string;
  stack?: string;
  code?: string;
  errno?: number;
  syscall?: string;
  path?: string;
}

export function toPlainError(error: unknown): PlainError {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, errno, syscall, path } = error as NodeJS.ErrnoException;
  return { message: error.message, name: error.name, stack: error.stack, code, errno, syscall, path };
}

/** workerData that marks a thread started by files.ts (this module is also imported on the main thread). */
export const VERIFY_WORKER_MARK = "credanchor-verify-worker";

const port = parentPort;
if (port && workerData === VERIFY_WORKER_MARK) {
  // One resolver (did.json cache) and one canonizer per thread, for every job it runs.
  const signature = { resolveKey: createDidWebKeyResolver(), canonizer: createCanonizer() };
  port.on("message", (job: VerifyJob) => {
    void run(job).then(
      (message) => port.postMessage(message),
      (error: unknown) => port.postMessage({ id: job.id, type: "error", error: toPlainError(error) }),
    );
  });

  const run = async (job: VerifyJob) => {
    let texts: readonly string[];
    if (job.texts) texts = job.texts;
    else {
      const files = job.files ?? [];
      const read: string[] = new Array(files.length);
      for (let index = 0; index < files.length; index++) {
        const file = files[index]!;
        try {
          const text = readCredentialText(file);
          if (typeof text === "number") {
            return {
              id: job.id,
              type: "file",
              index,
              message: `${text.toLocaleString("en-US")} bytes, more than a credential file may hold (10 MiB)`,
            };
          }
          read[index] = text;
        } catch (error) {
          return { id: job.id, type: "file", index, message: (error as Error).message, error: toPlainError(error) };
        }
      }
      texts = read;
    }
    const works = await verifyOffline(texts, { nowMs: job.nowMs, files: job.files }, signature);
    return { id: job.id, type: "done", works };
  };
}

/** The buffer every file of this thread is read into (grown for a larger file). */
let readBuffer = Buffer.allocUnsafe(64 * 1024);

/**
 * The text of a credential file (UTF-8, as `readFileSync(file, "utf8")` gives it), or its size when it
 * is over MAX_JSON_TEXT_LENGTH: a credential is a few kilobytes, so a huge file is never read only to
 * be refused. One open, fstat, read and close into a reused buffer. When the file cannot be opened,
 * the stat-then-read path runs so that the error is the one the calling thread's path throws.
 */
function readCredentialText(file: string): string | number {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    const { size } = statSync(file);
    return size > MAX_JSON_TEXT_LENGTH ? size : readFileSync(file, "utf8");
  }
  try {
    const { size } = fstatSync(fd);
    if (size > MAX_JSON_TEXT_LENGTH) return size;
    // Read to the end, as readFileSync does: the file may have grown since fstat.
    let length = 0;
    for (;;) {
      if (length === readBuffer.length) {
        const larger = Buffer.allocUnsafe(readBuffer.length * 2);
        readBuffer.copy(larger, 0, 0, length);
        readBuffer = larger;
      }
      const n = readSync(fd, readBuffer, length, readBuffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return readBuffer.toString("utf8", 0, length);
  } finally {
    closeSync(fd);
  }
}
