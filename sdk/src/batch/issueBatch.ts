/**
 * Node-only (fs, worker_threads): builds a batch directory from a template and a recipients file.
 *
 * Length (about 500 lines): one pipeline (read the template and recipients, hash on the workers,
 * build the tree, write on the workers, rename the partial directory into place) whose steps share
 * the executor, the partial directory and the cleanup when any step fails; `issueBatch` reads top to
 * bottom as that pipeline. The next seam is the executors (`inlineExecutor`, `startWorker`,
 * `workerExecutor`: the worker pool behind the `Executor` interface), which know nothing of batches
 * and would move to their own module beside batchJobs.ts.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createKeccak } from "hash-wasm";
import { formatDateTime } from "../credential/dateTime";
import { Utf8Validator } from "../canonical/Utf8Validator";
import { parseCredentialJson } from "../credential/parseCredentialJson";
import { assertTemplate, type CredentialTemplate } from "../credential/validateTemplate";
import { BaseError } from "../errors/base";
import { BatchInputError, BatchOutputExistsError, BatchRowError, BatchWorkerError } from "../errors/batch";
import { merkleTreeFromLeaves } from "../merkle/merkleTreeFromLeaves";
import type { MerkleTree } from "../merkle/MerkleTree";
import type { BatchManifest, Hex } from "../types";
import { newBatchManifest, type NewBatchManifestParameters } from "./newBatchManifest";
import {
  hashChunk,
  writeChunk,
  type BatchJobContext,
  type HashedChunk,
  type HashJob,
  type WriteJob,
} from "./batchJobs";
import { CREDENTIALS_DIR, MANIFEST_FILE, uniqueFileNames } from "./layout";
import { columnMapHashBytes } from "./hashBatchInputs";
import { readRecipients, type RecipientItem, type RecipientsFormat } from "./readRecipients";
import { deserializeError, type SerializedError } from "./serializeError";
import type { OnCheckpoint } from "./checkpoints";
import { readTemplateBadgeImage } from "./batchBadgeImage";
import { SignCredentialError } from "../errors/sign";
import { exportSecretKeyMultibase, type SigningKey } from "../sign/signingKey";
import { startWorker } from "../workers/startWorker";

export interface IssueBatchOptions {
  /** Path of the template JSON file (the issuer's shared Open Badges fields; SPEC.md §1.3). */
  template: string;
  /** Path of the recipients file: CSV with a header row, or JSONL (one JSON object per line). */
  recipients: string;
  /** The batch directory to create. It must not exist, or be empty. */
  outDir: string;
  /** The issue time (validFrom default, proof `created`, manifest `createdAt`). Default: now. */
  now?: Date | string;
  /** Worker threads. Default: the number of cores. 0 runs everything on the calling thread. */
  workers?: number;
  /** Called after each chunk of work, for a progress bar. */
  onProgress?: (progress: IssueBatchProgress) => void;
  /** The recipients file's format. Default: from its extension, else sniffed. */
  format?: RecipientsFormat;
  /** CSV and xlsx: column → recipient field for headers that are no field name or alias (readRecipients). */
  columnMap?: Readonly<Record<string, string>>;
  /** CSV and xlsx: refuse columns that are no recipient field (default: ignored, reported through onNote). */
  strict?: boolean;
  /** Issue two credentials for one recipient (default: a second row for a recipient is refused). */
  allowDuplicates?: boolean;
  /** Notes for the user while reading the recipients (the columns that were ignored). */
  onNote?: (note: string) => void;
  /** Put e-mail addresses in plain text (default: salted hash; SPEC.md §1). */
  includeEmail?: boolean;
  /** Rows per chunk of work (default 1,000). */
  chunkSize?: number;
  /** Called at each named step (checkpoints.ts), right after it; for tests and diagnostics. */
  onCheckpoint?: OnCheckpoint;
  /**
   * Sign every credential with this Ed25519 key (eddsa-rdfc-2022, SPEC.md section 8). The template's
   * `issuer.id` must be the key's controller (the DID part of `verificationMethod`).
   */
  signingKey?: SigningKey;
  /** The key's id in the issuer's DID document; `<issuer.id>#<publicKeyMultibase>` by default. */
  verificationMethod?: string;
}

/**
 * Where `issueBatch` is. `hashing`: credentials created and digested so far (`total` unknown while
 * the file streams; `bytesRead` / `bytesTotal` give the fraction). `tree`: once, before the tree is
 * built. `writing`: files written of `total`. `done`: once, at the end.
 */
export interface IssueBatchProgress {
  phase: "hashing" | "tree" | "writing" | "done";
  done: number;
  total?: number;
  bytesRead?: number;
  bytesTotal?: number;
}

export interface IssueBatchResult {
  /** The batch directory (absolute). */
  outDir: string;
  /** The manifest as written to `outDir/manifest.json`. */
  manifest: BatchManifest;
}

/** What runs the jobs: a pool of worker threads, or the calling thread. */
interface Executor {
  hash(job: HashJob): Promise<HashedChunk>;
  setTree(tree: MerkleTree): void;
  write(job: WriteJob): Promise<void>;
  readonly parallelism: number;
  close(): Promise<void>;
}

function inlineExecutor(context: BatchJobContext): Executor {
  let tree: MerkleTree | undefined;
  return {
    parallelism: 1,
    hash: async (job) => hashChunk(context, job),
    setTree: (value) => {
      tree = value;
    },
    write: async (job) => writeChunk(context, tree!, job),
    close: async () => undefined,
  };
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

function workerExecutor(context: BatchJobContext, count: number): Executor {
  const workers = Array.from({ length: count }, () => {
    const worker = startWorker("batch/issueWorker", context);
    const pending = new Map<number, Pending>();
    let closing = false;
    let failure: Error | undefined;
    const failAll = (error: Error) => {
      failure ??= error;
      for (const { reject } of pending.values()) reject(error);
      pending.clear();
    };
    worker.on(
      "message",
      (message: {
        type: string;
        chunk: number;
        leaves?: Uint8Array;
        fileNames?: string[];
        error?: SerializedError;
      }) => {
        const waiter = pending.get(message.chunk);
        if (!waiter) return;
        pending.delete(message.chunk);
        if (message.type === "error") waiter.reject(deserializeError(message.error!));
        else if (message.type === "hashed") waiter.resolve({ leaves: message.leaves, fileNames: message.fileNames });
        else waiter.resolve(undefined);
      },
    );
    worker.on("error", (error) => failAll(new BatchWorkerError(`a worker thread failed: ${error.message}`, error)));
    worker.on("exit", (code) => {
      if (!closing) failAll(new BatchWorkerError(`a worker thread exited unexpectedly (code ${code})`));
    });
    return {
      worker,
      pending,
      run<T>(message: { type: string; job: { chunk: number } }): Promise<T> {
        // A thread that failed before this job (its script missing or crashing at start) answers nothing.
        if (failure) return Promise.reject(failure);
        return new Promise<T>((resolve, reject) => {
          pending.set(message.job.chunk, { resolve: resolve as (value: unknown) => void, reject });
          worker.postMessage(message);
        });
      },
      close: async () => {
        closing = true;
        await worker.terminate();
      },
    };
  });
  // the worker with the fewest jobs in flight takes the next one
  const pick = () => workers.reduce((best, w) => (w.pending.size < best.pending.size ? w : best));
  return {
    parallelism: count,
    hash: (job) => pick().run<HashedChunk>({ type: "hash", job }),
    setTree: (tree) => {
      for (const w of workers) w.worker.postMessage({ type: "tree", levels: tree.levels });
    },
    write: (job) => pick().run<void>({ type: "write", job }),
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

function isNonEmptyDirectory(dir: string): boolean {
  try {
    const stat = fs.statSync(dir);
    return !stat.isDirectory() || fs.readdirSync(dir).length > 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes `.<name>.partial-<pid>` directories left by runs of dead processes. */
function removeStalePartials(parent: string, name: string): void {
  const pattern = new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.partial-(\\d+)$`);
  let entries: string[];
  try {
    entries = fs.readdirSync(parent);
  } catch {
    return;
  }
  for (const entry of entries) {
    const match = pattern.exec(entry);
    if (match && Number(match[1]) !== process.pid && !processAlive(Number(match[1]))) {
      fs.rmSync(path.join(parent, entry), { recursive: true, force: true });
    }
  }
}

function readTemplate(file: string): { bytes: Uint8Array; template: CredentialTemplate } {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new BatchInputError(`cannot read the template file ${file}: ${(error as Error).message}`, {
      fix: "Check the path given as the template.",
      cause: error,
    });
  }
  // Bytes that are not UTF-8 would otherwise become U+FFFD in every credential of the batch.
  const utf8 = new Utf8Validator();
  if (!utf8.feed(bytes) || !utf8.end()) {
    throw new BatchInputError("the template file is not valid UTF-8 text", {
      location: { file, line: utf8.line, column: utf8.column },
      fix: "Save the template as UTF-8 and run again.",
    });
  }
  const template = parseCredentialJson(new TextDecoder().decode(bytes), { file });
  assertTemplate(template, { file });
  return { bytes, template };
}

/**
 * Issues a batch: reads a template and a recipients file (streamed), creates one Open Badges 3.0
 * credential per recipient, digests them on every core (worker threads), builds the Merkle tree and
 * writes the batch directory (docs/SPEC.md §5):
 *
 *     outDir/manifest.json                           format, root, leafCount, inputHash, createdAt,
 *                                                    issuer, credentialsDir, files
 *     outDir/credentials/ada-lovelace-f9d105.json …  one credential per recipient, with its proof
 *     outDir/badge.png (or badge.svg)                the template's badgeImage, when it names one (read and
 *                                                    checked before anything is written: readTemplateBadgeImage)
 *
 * A credential's file is named for its learner: the slug of the recipient's name and six hex
 * characters of its id (`credentialBaseFileName`), `-2`, `-3` … on a clash (`uniqueFileNames`), and
 * the manifest's `files` lists the names in batch (row) order; readers find a file through
 * `credentialRelativePath`.
 *
 * The directory appears whole or not at all: it is built as a hidden sibling `.<name>.partial-<pid>`
 * and renamed at the end. A bad row stops the batch with a BatchRowError naming the file and line
 * (the earliest bad row) and leaves nothing behind; an existing non-empty `outDir` is refused
 * (BatchOutputExistsError). Memory stays bounded: credentials are spooled to disk between hashing and
 * writing; the main thread keeps only the tree (about 64 bytes per credential) and the file names.
 *
 * @example
 * const { manifest } = await issueBatch({
 *   template: "template.json",
 *   recipients: "learners.csv",
 *   outDir: "batches/2026-spring",
 *   onProgress: ({ phase, done, total }) => bar.update(phase, done, total),
 * });
 * console.log(manifest.root, manifest.leafCount);
 */
export async function issueBatch(options: IssueBatchOptions): Promise<IssueBatchResult> {
  const outDir = path.resolve(options.outDir);
  if (isNonEmptyDirectory(outDir)) throw new BatchOutputExistsError(options.outDir);
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? 1000));
  const workerCount = Math.max(0, Math.floor(options.workers ?? os.availableParallelism()));
  const issuedAt = options.now === undefined ? new Date() : new Date(options.now);
  if (Number.isNaN(issuedAt.getTime())) {
    throw new BatchInputError(`now "${String(options.now)}" is not a date`, {
      fix: "Give the issue time as a Date or an ISO 8601 date-time such as 2026-03-01T09:00:00Z.",
    });
  }
  const now = formatDateTime(issuedAt);
  const progress = options.onProgress ?? (() => undefined);
  const checkpoint: OnCheckpoint = options.onCheckpoint ?? (() => undefined);

  const { bytes: templateBytes, template } = readTemplate(options.template);
  const badge = readTemplateBadgeImage(options.template, template);
  let bytesTotal: number;
  try {
    bytesTotal = fs.statSync(options.recipients).size;
  } catch (error) {
    throw new BatchInputError(`cannot read the recipients file ${options.recipients}: ${(error as Error).message}`, {
      fix: "Check the path given as the recipients file.",
      cause: error,
    });
  }
  const hasher = await createKeccak(256);
  hasher.update(templateBytes);

  const parent = path.dirname(outDir);
  fs.mkdirSync(parent, { recursive: true });
  removeStalePartials(parent, path.basename(outDir));
  const partial = path.join(parent, `.${path.basename(outDir)}.partial-${process.pid}`);
  fs.rmSync(partial, { recursive: true, force: true });
  let signing: BatchJobContext["signing"];
  if (options.signingKey) {
    const verificationMethod =
      options.verificationMethod ?? `${template.issuer.id}#${options.signingKey.publicKeyMultibase}`;
    const controller = verificationMethod.split("#")[0];
    if (controller !== template.issuer.id) {
      throw new SignCredentialError(
        `the template's issuer.id is ${template.issuer.id}, but the signing key belongs to ${controller}`,
        {
          file: options.template,
          pointer: "/issuer/id",
          fix: `Set issuer.id to ${controller} in the template (credentials signed for another id never verify), or issue with --no-sign.`,
        },
      );
    }
    signing = { secretKeyMultibase: exportSecretKeyMultibase(options.signingKey), verificationMethod };
  }
  const context: BatchJobContext = {
    template,
    now,
    file: options.recipients,
    includeEmail: options.includeEmail ?? false,
    spoolDir: path.join(partial, "spool"),
    credentialsDir: path.join(partial, CREDENTIALS_DIR),
    signing,
  };
  fs.mkdirSync(context.spoolDir, { recursive: true });
  fs.mkdirSync(context.credentialsDir, { recursive: true });

  let executor: Executor | undefined;
  try {
    executor = workerCount === 0 ? inlineExecutor(context) : workerExecutor(context, workerCount);
    const maxInFlight = 2 * executor.parallelism;

    // ---- phase 1: rows → credentials → digests → leaves (spooled) ----------------------------------
    const chunks: { firstIndex: number; count: number; leaves?: Uint8Array; fileNames?: string[] }[] = [];
    const errors: BatchRowError[] = [];
    const inFlight = new Set<Promise<void>>();
    let hashed = 0;
    let bytesRead = 0;
    let leafCount = 0;
    let buffer: RecipientItem[] = [];
    let otherError: unknown;
    const submit = async () => {
      const job: HashJob = { chunk: chunks.length, firstIndex: leafCount, items: buffer };
      chunks.push({ firstIndex: leafCount, count: buffer.length });
      leafCount += buffer.length;
      buffer = [];
      const task = executor!.hash(job).then(
        ({ leaves, fileNames }) => {
          chunks[job.chunk].leaves = leaves;
          chunks[job.chunk].fileNames = fileNames;
          hashed += job.items.length;
          checkpoint("issue:spool-written");
          progress({ phase: "hashing", done: hashed, bytesRead, bytesTotal });
        },
        (error) => {
          if (error instanceof BatchRowError) errors.push(error);
          else otherError ??= error;
        },
      );
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    };
    try {
      const onBytes = (chunk: Uint8Array) => {
        hasher.update(chunk);
        bytesRead += chunk.length;
      };
      reading: for await (const rows of readRecipients(options.recipients, {
        format: options.format,
        onBytes,
        map: options.columnMap,
        strict: options.strict,
        allowDuplicates: options.allowDuplicates,
        onNote: options.onNote,
      })) {
        for (const item of rows) {
          buffer.push(item);
          if (buffer.length === chunkSize) {
            await submit();
            if (errors.length > 0 || otherError) break reading;
          }
        }
      }
      if (buffer.length > 0 && errors.length === 0 && !otherError) await submit();
    } catch (error) {
      if (!(error instanceof BatchRowError)) throw error;
      errors.push(error);
      // The rows read before the reader's error may hold an earlier bad row: check them too.
      if (buffer.length > 0) await submit();
    } finally {
      await Promise.all(inFlight);
    }
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what a worker threw, unchanged
    if (otherError) throw otherError;
    if (errors.length > 0) throw errors.reduce((first, e) => (e.line < first.line ? e : first));
    if (leafCount === 0) {
      throw new BatchInputError(`the recipients file ${options.recipients} has no recipients`, {
        fix: "Add at least one row under the header (CSV) or one JSON object (JSONL).",
      });
    }
    hasher.update(columnMapHashBytes(options.columnMap));
    const inputHash = `0x${hasher.digest("hex")}` as Hex;

    // ---- the tree ------------------------------------------------------------------------------------
    progress({ phase: "tree", done: 0, total: leafCount });
    const shared = workerCount > 0;
    const leaves = shared ? new Uint8Array(new SharedArrayBuffer(32 * leafCount)) : new Uint8Array(32 * leafCount);
    for (const chunk of chunks) {
      leaves.set(chunk.leaves!, 32 * chunk.firstIndex);
      chunk.leaves = undefined;
    }
    const tree = merkleTreeFromLeaves(leaves, { shared });
    // in batch order, so that a clash always gives the later row the -2 (the same inputs give the same names)
    const files = uniqueFileNames(chunks.flatMap((chunk) => chunk.fileNames!));
    for (const chunk of chunks) chunk.fileNames = undefined;
    checkpoint("issue:tree-built");

    // ---- phase 2: proofs and files -------------------------------------------------------------------
    executor.setTree(tree);
    progress({ phase: "writing", done: 0, total: leafCount });
    let written = 0;
    const writes = new Set<Promise<void>>();
    let writeError: unknown;
    for (let chunk = 0; chunk < chunks.length && !writeError; chunk++) {
      const { firstIndex, count } = chunks[chunk];
      const fileNames = files.slice(firstIndex, firstIndex + count);
      const task = executor.write({ chunk, firstIndex, count, fileNames }).then(
        () => {
          written += count;
          if (2 * written >= leafCount) checkpoint("issue:files-written-half");
          progress({ phase: "writing", done: written, total: leafCount });
        },
        (error) => {
          writeError ??= error;
        },
      );
      writes.add(task);
      void task.finally(() => writes.delete(task));
      while (writes.size >= maxInFlight) await Promise.race(writes);
    }
    await Promise.all(writes);
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what a file write threw, unchanged
    if (writeError) throw writeError;
    checkpoint("issue:files-written");

    const manifest = newBatchManifest({
      root: tree.root,
      leafCount,
      inputHash,
      createdAt: now,
      issuer: template.issuer as NewBatchManifestParameters["issuer"],
      files,
    });
    if (badge) {
      fs.writeFileSync(path.join(partial, badge.name), badge.bytes);
      manifest.badgeImage = badge.name;
    }
    fs.writeFileSync(path.join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    checkpoint("issue:manifest-written");
    fs.rmSync(context.spoolDir, { recursive: true, force: true });
    await executor.close();
    executor = undefined;

    // ---- publish: one rename ---------------------------------------------------------------------
    if (isNonEmptyDirectory(outDir)) throw new BatchOutputExistsError(options.outDir);
    if (fs.existsSync(outDir)) fs.rmdirSync(outDir);
    checkpoint("issue:before-rename");
    fs.renameSync(partial, outDir);
    checkpoint("issue:after-rename");
    progress({ phase: "done", done: leafCount, total: leafCount });
    return { outDir, manifest };
  } catch (error) {
    await executor?.close();
    fs.rmSync(partial, { recursive: true, force: true });
    if (error instanceof BaseError) throw error;
    throw new BatchWorkerError(`issuing the batch failed: ${(error as Error)?.message ?? String(error)}`, error);
  }
}
