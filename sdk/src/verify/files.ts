/**
 * Node-only: verifies credential files. Exported from `sdk/src/node.ts`, never from the browser entry.
 *
 * Length (just over 400 lines): listing the files, reading them in slices and handing the offline
 * checks to worker threads are one flow whose slices, thread pool and chain reads must agree on
 * order and memory bounds. The next seam is the thread pool (`VerifyPool`, `createVerifyThreads`,
 * `startWorker`), which `credanchor serve` also uses and which knows nothing of files.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { CREDENTIAL_FILE_NAME_PATTERN, MANIFEST_FILE } from "../batch/layout";
import { parseCaip2 } from "../chain/caip2";
import { CredentialFileError, VerifyOptionsError } from "../errors/verify";
import type { Caip2ChainId } from "../types";
import {
  createReadBuffer,
  readCredentialFileSync,
  refusedResult,
  textsAmong,
  type RefusedImage,
} from "./readCredentialFile";
import { toTransport } from "./resolveTransport";
import type { VerificationResult, VerifyOptions } from "./types";
import type { Work } from "./verdict";
import { resolveNowMs, verifyCredentials, verifyOnChain } from "./verifyCredentials";
import { toPlainError, VERIFY_WORKER_MARK, type PlainError, type VerifyJob } from "./verifyWorker";
import { expandRows, type SharedWorks } from "./shareWorks";
import { startWorker } from "../workers/startWorker";

/**
 * Expands `paths` into credential files: a file is itself; a batch directory (one with a
 * manifest.json) gives the files its manifest lists (`files`), in batch order, or for a batch written
 * before manifests listed them, the JSON files of its credentials folder; any other folder gives its
 * `*.json` files. A folder's files without a manifest list are sorted by name.
 *
 * @example
 * await listCredentialFiles(["batches/2026-spring"]) // ["batches/2026-spring/credentials/ada-lovelace-f9d105.json", ...]
 */
export async function listCredentialFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    const info = await stat(given).catch((error: NodeJS.ErrnoException) => {
      throw new CredentialFileError(
        given,
        error.code === "ENOENT" ? "no such file or directory" : error.message,
        error,
      );
    });
    if (!info.isDirectory()) {
      files.push(given);
      continue;
    }
    let folder = given;
    const manifestText = await readFile(path.join(given, MANIFEST_FILE), "utf8").catch(() => undefined);
    if (manifestText !== undefined) {
      let manifest: { credentialsDir?: unknown; files?: unknown };
      try {
        manifest = JSON.parse(manifestText) as { credentialsDir?: unknown; files?: unknown };
      } catch (error) {
        throw new CredentialFileError(path.join(given, MANIFEST_FILE), "the manifest is not JSON", error);
      }
      const { credentialsDir, files: listed } = manifest ?? {};
      if (typeof credentialsDir !== "string" || credentialsDir.includes("..") || path.isAbsolute(credentialsDir)) {
        throw new CredentialFileError(path.join(given, MANIFEST_FILE), "the manifest names no usable credentialsDir");
      }
      folder = path.join(given, credentialsDir);
      if (listed !== undefined) {
        if (
          !Array.isArray(listed) ||
          !listed.every((name) => typeof name === "string" && CREDENTIAL_FILE_NAME_PATTERN.test(name))
        ) {
          throw new CredentialFileError(
            path.join(given, MANIFEST_FILE),
            "the manifest's files is not a list of credential file names",
          );
        }
        // path.join(folder, name) for each name, the folder normalised once: a listed name is a plain file
        // name (CREDENTIAL_FILE_NAME_PATTERN), so joining it adds a separator where needed and nothing else.
        const prefix = path.join(folder, "x").slice(0, -1);
        for (const name of listed as string[]) files.push(prefix + name);
        continue;
      }
    }
    const names = (await readdir(folder)).filter((name) => name.endsWith(".json") && name !== MANIFEST_FILE).sort();
    for (const name of names) files.push(path.join(folder, name));
  }
  return files;
}

/** Files read and verified at a time, so that 100,000 files never sit in memory at once. */
const FILES_PER_SLICE = 10_000;

/** Options of `verifyCredentialFiles` and `verifyCredentialFileSlices`. */
export type VerifyFilesOptions = Omit<VerifyOptions, "files"> & {
  /** Files read and verified at a time. Default 10,000. */
  filesPerSlice?: number;
  /**
   * Worker threads that read and check the files (format, integrity, inclusion, validity,
   * signature) while this thread does the chain reads. Default: one per core when there are at least
   * 5,000 files, else none (starting threads costs more than it saves). 0: everything on this thread.
   * Each thread has a young generation of 192 MiB, about 30 MiB more peak memory for the run than
   * V8's default and 15 % less CPU (docs/PERFORMANCE.md, "From files, December 7 night").
   * Ignored (this thread does all) with `onCheck` or `signatureKeyResolver`, which cannot cross threads.
   */
  workers?: number;
};

/** Files below which the default is to verify on the calling thread. */
export const WORKER_THRESHOLD = 5_000;

/** Files per job sent to a worker thread: at least this many (and a thread per this many at most). */
const MIN_FILES_PER_JOB = 250;

/** Files per job sent to a worker thread: at most this many. */
const MAX_FILES_PER_JOB = 1_000;

/**
 * Files per job when `count` files (or texts) go to `threads` threads at once: a quarter of each
 * thread's share, so that the threads end a slice close together, within MIN_FILES_PER_JOB and
 * MAX_FILES_PER_JOB. Larger jobs cost a little less CPU on both sides (fewer messages, fewer works sent
 * whole as the template of the next ones): about 0.9 µs per credential less in jobs of 1,000 than of 250
 * (docs/PERFORMANCE.md, "From files, December 7 night").
 *
 * @example
 * filesPerJob(10_000, 2) // 1000
 * filesPerJob(5_000, 2) // 625
 */
export function filesPerJob(count: number, threads: number): number {
  return Math.min(MAX_FILES_PER_JOB, Math.max(MIN_FILES_PER_JOB, Math.floor(count / (threads * 4))));
}

/**
 * The young generation of each verification thread, MiB (V8's default is 48 on 64-bit). Room for many
 * jobs' texts, parsed documents and works, which then die young instead of being scavenged again and
 * promoted: less CPU on the threads and on V8's helpers, for memory held once reached (docs/PERFORMANCE.md,
 * "From files, December 7 night: the calling thread and V8's threads").
 */
const THREAD_YOUNG_GENERATION_MIB = 192;

/**
 * Reads credential files (or batch directories, see `listCredentialFiles`) and verifies them with
 * `verifyCredentials`; each result carries its `file`. A file whose content is a baked PNG or SVG
 * badge gives the credential baked into it (an image without one: `FORMAT_IMAGE_NOT_BAKED`). Throws `CredentialFileError` when a given
 * path does not exist (before verifying anything) or a file cannot be read. Files are read and
 * verified 10,000 at a time (`filesPerSlice`) through the same RPC transports (each endpoint's chain id is checked
 * once per call), so 10,000 credentials of one batch still cost 9 requests. Every result is kept
 * (a few KB each); for very many files, `verifyCredentialFileSlices` hands them over a slice at a time.
 *
 * @example
 * const results = await verifyCredentialFiles(["alice.json", "batches/2026-spring"], {
 *   rpc: { "eip155:31337": "http://127.0.0.1:8545" },
 * });
 * for (const r of results) console.log(r.file, r.status);
 */
export async function verifyCredentialFiles(
  paths: readonly string[],
  options: VerifyFilesOptions = {},
): Promise<VerificationResult[]> {
  const results: VerificationResult[] = [];
  for await (const part of verifyCredentialFileSlices(paths, options)) {
    for (const result of part) results.push(result);
  }
  return results;
}

/**
 * The same as `verifyCredentialFiles`, but yields the results one slice (`filesPerSlice` files) at a
 * time, in file order, and keeps nothing: memory stays bounded however many files there are
 * (100,000 files of one batch verify in about the memory of one slice).
 *
 * @example
 * let valid = 0;
 * for await (const results of verifyCredentialFileSlices(["batches/2026-spring"], { rpc })) {
 *   for (const r of results) if (r.status === "valid") valid++;
 * }
 */
export async function* verifyCredentialFileSlices(
  paths: readonly string[],
  options: VerifyFilesOptions = {},
): AsyncGenerator<VerificationResult[], void, undefined> {
  // With a valid `workers` given, the threads start (load their modules) while the files are listed.
  const given = options.workers;
  const early = Number.isInteger(given) && given! > 0 ? workerCount(options, Infinity) : 0;
  let pool = early > 0 ? new VerifyPool(early) : undefined;
  try {
    const files = await listCredentialFiles(paths);
    const perSlice = options.filesPerSlice ?? FILES_PER_SLICE;
    const rpc = options.rpc && shareTransports(options.rpc);
    const { onCheck, onProgress, filesPerSlice: _unused, workers: _workers, ...rest } = options;
    const threads = workerCount(options, files.length);
    if (threads > 0) {
      pool ??= new VerifyPool(threads);
      yield* verifyInWorkers(files, { ...options, rpc }, pool, perSlice);
      return;
    }
    await pool?.close();
    pool = undefined;
    for (let from = 0; from < files.length; from += perSlice) {
      const slice = files.slice(from, from + perSlice);
      const inputs = await readTexts(slice);
      const { at, texts } = textsAmong(inputs);
      const refused = slice.length - texts.length;
      const verified = await verifyCredentials(texts, {
        ...rest,
        rpc,
        files: refused === 0 ? slice : at.map((i) => slice[i]),
        onCheck: onCheck && ((event) => onCheck({ ...event, index: from + at[event.index] })),
        onProgress: onProgress && ((done) => onProgress(from + refused + done, files.length)),
      });
      const part = inputs.map((input, i) =>
        typeof input === "string" ? undefined : refusedResult(from + i, slice[i], input.refused, onCheck),
      );
      verified.forEach((result, k) => {
        result.index = from + at[k];
        part[at[k]] = result;
      });
      if (texts.length === 0 && refused > 0) onProgress?.(from + refused, files.length);
      yield part as VerificationResult[];
    }
  } finally {
    await pool?.close();
  }
}

/** Worker threads for a run: 0 when the run must stay on this thread. */
function workerCount(options: VerifyFilesOptions, files: number): number {
  if (options.onCheck || options.signatureKeyResolver) return 0;
  const wanted = options.workers ?? (files >= WORKER_THRESHOLD ? availableParallelism() : 0);
  if (!Number.isInteger(wanted) || wanted < 0) {
    throw new VerifyOptionsError(`workers must be a whole number >= 0, got ${wanted}`, { pointer: "/workers" });
  }
  return Math.min(wanted, Math.max(1, Math.ceil(files / MIN_FILES_PER_JOB)));
}

/**
 * Slices in flight at once on the worker path (besides the one the caller holds): the one whose chain
 * checks run and the one the threads check, so that memory stays at about two slices, as before the
 * threads were fed across slices (docs/PERFORMANCE.md, "From files, December 7 night: where the wall
 * time went").
 */
const SLICES_AHEAD = 2;

/**
 * The worker path: each slice's files go to the threads in jobs (`filesPerJob`; the thread reads
 * and checks them, VerifyPool keeps every thread fed across slices), and each slice's chain checks
 * start as soon as its works are back and the previous slice's are done, also while the caller still
 * holds the previous slice, as the threads check the next one. Slices are yielded in order; the next slice is
 * submitted when the caller hands one back, so at most SLICES_AHEAD are in flight. The
 * threads stop when the generator ends, also when the caller stops early or a file cannot be read.
 */
async function* verifyInWorkers(
  files: readonly string[],
  options: VerifyFilesOptions,
  pool: VerifyPool,
  perSlice: number,
): AsyncGenerator<VerificationResult[], void, undefined> {
  const { onProgress, filesPerSlice: _slice, workers: _workers, onCheck: _onCheck, ...rest } = options;
  const nowMs = resolveNowMs(options.now);
  const count = Math.ceil(files.length / perSlice);
  // Nothing is reported once the caller has stopped (a slice's chain checks may still be under way).
  let done = 0;
  let stopped = false;
  const progress = onProgress && (() => void (stopped || onProgress(++done, files.length)));
  // Each slice's results to come; a slice's entry is dropped once yielded.
  const results: (Promise<VerificationResult[]> | undefined)[] = [];
  // The chain checks of one slice at a time, in order, as before: the node sees one slice's reads at a
  // time; overlapping two slices' reads gave no measured gain (docs/PERFORMANCE.md, "From files,
  // December 7 night: where the wall time went").
  let chainChecked: Promise<unknown> = Promise.resolve();
  const submit = (slice: number) => {
    const from = slice * perSlice;
    const before = chainChecked;
    // The works are built from the threads' packed answers only when this slice's chain checks start
    // (`offlinePacked`), not as each job comes back: the next slice's works no longer live through this
    // slice's chain checks and results, where each scavenge copied them (docs/PERFORMANCE.md, "From files,
    // December 7 late night: the calling thread").
    // Each result is made with its index in the run (`from` + its place in the slice), not renumbered
    // after: a field V8 saw set once and then written again turns mutable, and the code that built the
    // results is thrown away and compiled again (docs/PERFORMANCE.md, "From files, December 8, fourth round").
    const part = Promise.all([pool.offlinePacked({ files: files.slice(from, from + perSlice) }, nowMs), before]).then(
      ([expand]) => verifyOnChain(expand(), { ...rest, now: nowMs, onProgress: progress }, from),
    );
    chainChecked = part.catch(() => undefined); // rethrown when awaited below, in order
    results.push(part);
  };
  for (let slice = 0; slice < Math.min(count, SLICES_AHEAD); slice++) submit(slice);
  try {
    for (let slice = 0; slice < count; slice++) {
      const part = (await results[slice])!;
      results[slice] = undefined;
      yield part;
      // The caller is done with this slice: the next one may start.
      if (results.length < count) submit(results.length);
    }
  } finally {
    stopped = true;
  }
}

/** One job's works as a thread sent them, and the job's file names: `expandRows` makes its works. */
interface Answer {
  sent: SharedWorks;
  files: readonly (string | undefined)[];
}

interface Waiter {
  resolve(answer: Answer): void;
  reject(error: unknown): void;
  /** The job's file names by position (the worker leaves them out of its works: shareWorks). */
  files: readonly (string | undefined)[];
}

/** One thread of a VerifyPool: its jobs in flight, and the error that ended it, if one did. */
interface PoolThread {
  worker: Worker;
  pending: Map<number, Waiter>;
  failure?: Error;
}

/**
 * Jobs handed to a worker thread at a time: the one it checks and the next, so that it never waits
 * for this thread to answer between two jobs, while the rest stay queued for whichever thread frees up.
 */
const JOBS_PER_THREAD = 2;

/** What `VerifyPool.offline` checks: files the threads read, or texts (with their file names, if any). */
type OfflineInput =
  | { files: readonly string[]; texts?: undefined }
  | { files?: readonly (string | undefined)[]; texts: readonly string[] };

/**
 * Internal, for tests: the jobs answered by VerifyPools' threads and the answers made into works, counted
 * as they happen (the tests cannot wrap the module's functions: transpiled for mocha's parallel workers,
 * a module's exports are getters).
 */
export const verifyPoolCounters = { answers: 0, expanded: 0 };

/** Worker threads running verifyWorker.ts, each job to the thread with the fewest in flight. */
class VerifyPool {
  private readonly threads: PoolThread[];
  private nextId = 0;
  private closing = false;
  /** Jobs not yet handed to a thread, in order. */
  private readonly queue: { job: Omit<VerifyJob, "id">; waiter: Waiter }[] = [];

  constructor(count: number) {
    this.threads = Array.from({ length: count }, () => {
      const worker = startWorker("verify/verifyWorker", VERIFY_WORKER_MARK, {
        maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MIB,
      });
      const pending = new Map<number, Waiter>();
      const thread: PoolThread = { worker, pending };
      const failAll = (error: Error) => {
        thread.failure ??= error;
        for (const waiter of pending.values()) waiter.reject(error);
        pending.clear();
        this.feed();
      };
      worker.on("message", (message: WorkerReply) => {
        const waiter = pending.get(message.id);
        if (!waiter) return;
        pending.delete(message.id);
        this.feed();
        if (message.type === "done") {
          verifyPoolCounters.answers++;
          waiter.resolve({ sent: message.works, files: waiter.files });
        } else if (message.type === "file") {
          const cause = message.error && Object.assign(new Error(message.error.message), message.error);
          waiter.reject(new CredentialFileError(waiter.files[message.index] ?? "", message.message, cause));
        } else waiter.reject(new VerifyWorkerError(message.error.message, message.error));
      });
      worker.on("error", (error) => failAll(new VerifyWorkerError(error.message, toPlainError(error))));
      worker.on("exit", (code) => {
        if (!this.closing) failAll(new VerifyWorkerError(`exited unexpectedly (code ${code})`));
      });
      return thread;
    });
  }

  /**
   * The offline checks of consecutive files (read by the threads) or texts, in jobs of `filesPerJob`,
   * as works in input order (index from 0).
   */
  async offline(input: OfflineInput, nowMs: number): Promise<Work[]> {
    return (await this.offlinePacked(input, nowMs))();
  }

  /**
   * `offline`, its works made only when the returned function is called: until then each job's
   * answer stays as the thread packed it (`SharedWorks`: a few whole works, two flat lists), about a
   * tenth of the objects. A prefetched call may fail unobserved: it is caught here and rethrown to
   * whoever awaits it.
   */
  offlinePacked(input: OfflineInput, nowMs: number): Promise<() => Work[]> {
    const count = input.texts ? input.texts.length : input.files!.length;
    const jobs: Promise<Answer>[] = [];
    const perJob = filesPerJob(count, this.threads.length);
    for (let at = 0; at < count; at += perJob) {
      const files = input.files?.slice(at, at + perJob);
      jobs.push(
        input.texts
          ? this.run({ texts: input.texts.slice(at, at + perJob), files, nowMs }, files ?? [])
          : this.run({ files, nowMs }, files as string[]),
      );
    }
    const all = Promise.all(jobs).then((answers) => () => {
      const works: Work[] = [];
      for (const { sent, files } of answers) {
        verifyPoolCounters.expanded++;
        // Each work's index is its place in the slice, set as it is made (expandRows).
        for (const work of expandRows(sent, files, works.length)) works.push(work);
      }
      return works;
    });
    all.catch(() => undefined);
    return all;
  }

  private run(job: Omit<VerifyJob, "id">, files: readonly (string | undefined)[]): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      this.queue.push({ job, waiter: { resolve, reject, files } });
      this.feed();
    });
  }

  /**
   * Hands queued jobs, in order, to the threads with room (fewer than JOBS_PER_THREAD in flight), so
   * that a thread has its next job before it finishes the current one and the next slice's jobs go out
   * as soon as a thread has room, not when the whole slice is back. A thread that failed (its script
   * missing or crashing at start) answers nothing: the jobs still queued get its error.
   */
  private feed(): void {
    while (this.queue.length > 0) {
      const failed = this.threads.find((t) => t.failure);
      if (failed) {
        for (const { waiter } of this.queue.splice(0)) waiter.reject(failed.failure);
        return;
      }
      const thread = this.threads.reduce((best, t) => (t.pending.size < best.pending.size ? t : best));
      if (thread.pending.size >= JOBS_PER_THREAD) return;
      const { job, waiter } = this.queue.shift()!;
      const id = this.nextId++;
      thread.pending.set(id, waiter);
      thread.worker.postMessage({ ...job, id } satisfies VerifyJob);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}

/**
 * Node-only: worker threads for verifying credential texts that the caller has read itself (the
 * CLI's `verify`), for many calls in a row; `close()` stops them. Each `verifyTexts` gives the
 * results of `verifyCredentials(texts, options)`: the threads run format, integrity, inclusion,
 * validity and signature, the calling thread the chain checks (reads grouped per chain). `onCheck`
 * and `signatureKeyResolver` cannot cross threads: with either, the call runs on the calling thread.
 *
 * @example
 * const threads = createVerifyThreads();
 * try {
 *   const results = await threads.verifyTexts(texts, { rpc, files });
 * } finally {
 *   await threads.close();
 * }
 */
export function createVerifyThreads(count = availableParallelism()): {
  verifyTexts(texts: readonly string[], options?: VerifyOptions): Promise<VerificationResult[]>;
  /** Starts the threads now (a service, at listen), not with the first call that needs them. */
  start(): void;
  close(): Promise<void>;
} {
  if (!Number.isInteger(count) || count < 1) {
    throw new VerifyOptionsError(`workers must be a whole number >= 1, got ${count}`, { pointer: "/workers" });
  }
  let pool: VerifyPool | undefined;
  return {
    async verifyTexts(texts, options = {}) {
      if (options.onCheck || options.signatureKeyResolver || texts.length === 0)
        return verifyCredentials(texts, options);
      const nowMs = resolveNowMs(options.now);
      pool ??= new VerifyPool(count);
      const works = await pool.offline({ texts, files: options.files }, nowMs);
      return verifyOnChain(works, { ...options, now: nowMs });
    },
    start() {
      pool ??= new VerifyPool(count);
    },
    async close() {
      await pool?.close();
      pool = undefined;
    },
  };
}

type WorkerReply =
  | { id: number; type: "done"; works: SharedWorks }
  | { id: number; type: "file"; index: number; message: string; error?: PlainError }
  | { id: number; type: "error"; error: PlainError };

/** A worker thread failed (a fault of the verifier, not of a credential). */
class VerifyWorkerError extends Error {
  override name = "VerifyWorkerError";
  constructor(message: string, cause?: PlainError) {
    super(`a verification worker thread failed: ${message}`, cause ? { cause } : undefined);
  }
}

/** The same `rpc` option with every chain's entry turned into one transport, reused by every slice. */
function shareTransports(rpc: NonNullable<VerifyOptions["rpc"]>): NonNullable<VerifyOptions["rpc"]> {
  const shared: NonNullable<VerifyOptions["rpc"]> = {};
  for (const [chain, input] of Object.entries(rpc)) {
    if (input === undefined) continue;
    parseCaip2(chain);
    shared[chain as Caip2ChainId] = toTransport(chain as Caip2ChainId, input);
  }
  return shared;
}

/**
 * The JSON text of each file (a baked PNG or SVG gives the credential baked into it), or, for an image
 * that holds none, its format error. Throws CredentialFileError for a file that cannot be read or is
 * larger than a credential (10 MiB) or a badge image (64 MiB) may be.
 *
 * Read synchronously into one reused buffer (`readCredentialFileSync`: open, read to the end, close), as
 * the worker threads read: the promise-based stat and readFile cost about four times the CPU of the
 * system calls themselves on this path. The event loop gets a turn every FILES_PER_TURN files.
 */
async function readTexts(files: readonly string[]): Promise<(string | RefusedImage)[]> {
  const texts: (string | RefusedImage)[] = new Array(files.length);
  const buffer = createReadBuffer();
  for (let index = 0; index < files.length; index++) {
    const file = files[index];
    let input: ReturnType<typeof readCredentialFileSync>;
    try {
      input = readCredentialFileSync(file, buffer);
    } catch (error) {
      throw new CredentialFileError(file, (error as Error).message, error);
    }
    if (typeof input === "object" && "tooLarge" in input) throw new CredentialFileError(file, input.tooLarge);
    texts[index] = input;
    if (index % FILES_PER_TURN === FILES_PER_TURN - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  return texts;
}

/** Files read by readTexts between two turns of the event loop (about 2 ms of reading). */
const FILES_PER_TURN = 256;
