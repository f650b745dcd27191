/**
 * Worker thread of `verifyCredentialFiles` (files.ts): reads credential files (a baked PNG or SVG
 * gives the credential baked into it: readCredentialFile.ts) or takes texts, and
 * runs the checks that need no network, plus the signature check, with `verifyOffline`; the main
 * thread runs the chain checks. Node-only. Messages:
 *
 *   in:  { id, files?, texts?, nowMs }
 *   out: { id, type: "done", works } | { id, type: "file", index, message, error } | { id, type: "error", error }
 *
 * The works go out through `shareWorks` (no file names, common parts sent once, a valid credential
 * of the batch's shape as its own values in two flat lists): the main thread restores them with
 * `expandWorks`. Each text is first tried on the thread's template fast path (templatePath.ts): a
 * credential of the batch's shape becomes such a row without being parsed; any other takes
 * `verifyOfflineOne`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createCanonizer } from "../sign/canonize";
import { createDidWebKeyResolver } from "../sign/resolveAssertionKey";
import { initKeccak } from "../hash/keccak";
import { createReadBuffer, readCredentialFileSync, refusedWork } from "./readCredentialFile";
import { CheckRecorder, type Work } from "./verdict";
import { verifyOfflineOne, type OfflineSignature } from "./verifyOffline";
import { shareWorks, type SharedWorks } from "./shareWorks";
import { TemplatePath } from "./templatePath";

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

/**
 * The works of one job of texts as the worker sends them (`shareWorks`), each text tried on the
 * template fast path first when `fast` is given (templatePath.ts: a text of the batch's shape becomes a
 * packed row without being parsed), else verified by `verifyOfflineOne`. Call `initKeccak` first.
 */
export async function verifyTextsShared(
  texts: readonly string[],
  options: { nowMs: number; files?: readonly (string | undefined)[] },
  signature: OfflineSignature,
  fast?: TemplatePath,
): Promise<SharedWorks> {
  const recorder = new CheckRecorder();
  const works: (Work | 0)[] = new Array(texts.length);
  fast?.beginJob();
  for (let index = 0; index < texts.length; index++) {
    const text = texts[index];
    if (fast !== undefined && typeof text === "string" && fast.tryText(text)) {
      works[index] = 0;
      continue;
    }
    const work = await verifyOfflineOne(text, index, options.files?.[index], options.nowMs, signature, recorder);
    fast?.observe(work, text, index);
    works[index] = work;
  }
  return shareWorks(works, fast?.takeRows());
}

const port = parentPort;
if (port && workerData === VERIFY_WORKER_MARK) {
  // One resolver (did.json cache) and one canonizer per thread, for every job it runs.
  const signature = { resolveKey: createDidWebKeyResolver(), canonizer: createCanonizer() };
  // Every file of this thread is read into one buffer (readCredentialFileSync).
  const readBuffer = createReadBuffer();
  // One template fast path per thread: its text template serves every job of the batch.
  const fast = new TemplatePath();
  // A thread is sent its next job before it answers the current one (files.ts keeps two per thread), and
  // a job awaits when it verifies a credential off the fast path: the jobs run one after the other, since
  // they share the thread's template fast path (two interleaved jobs would mix their rows).
  let previous: Promise<void> = Promise.resolve();
  port.on("message", (job: VerifyJob) => {
    previous = previous.then(() =>
      run(job).then(
        (message) => port.postMessage(message),
        (error: unknown) => port.postMessage({ id: job.id, type: "error", error: toPlainError(error) }),
      ),
    );
  });

  const run = async (job: VerifyJob) => {
    if (job.texts) {
      await initKeccak();
      const works = await verifyTextsShared(job.texts, { nowMs: job.nowMs, files: job.files }, signature, fast);
      return { id: job.id, type: "done", works };
    }
    // Each file is checked as soon as it is read, so that its text and parsed document die young (in
    // V8's young generation) instead of 250 texts surviving the whole job and being promoted.
    await initKeccak();
    const recorder = new CheckRecorder();
    const files = job.files ?? [];
    const works: (Work | 0)[] = new Array(files.length);
    fast.beginJob();
    for (let index = 0; index < files.length; index++) {
      const file = files[index]!;
      let input: ReturnType<typeof readCredentialFileSync>;
      try {
        input = readCredentialFileSync(file, readBuffer);
      } catch (error) {
        return { id: job.id, type: "file", index, message: (error as Error).message, error: toPlainError(error) };
      }
      if (typeof input === "object" && "tooLarge" in input) {
        return { id: job.id, type: "file", index, message: input.tooLarge };
      }
      if (typeof input !== "string") {
        works[index] = refusedWork(index, file, input.refused);
      } else if (fast.tryText(input)) {
        works[index] = 0; // a packed row: the text is the template's but for its own values
      } else {
        const work = await verifyOfflineOne(input, index, file, job.nowMs, signature, recorder);
        fast.observe(work, input, index);
        works[index] = work;
      }
    }
    return { id: job.id, type: "done", works: shareWorks(works, fast.takeRows()) };
  };
}
