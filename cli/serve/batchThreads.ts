/**
 * verify-batch's worker threads (batchWorker.ts), one per core: each verifies a part of a batch from
 * its credentials' bytes to the bytes of its answers, asking this thread (the request's) for its chain
 * reads and identity lookups, which are answered here from the service's caches through the
 * request's views. Started when the service listens, so that the first batch does not wait for them
 * to load the SDK.
 */
import path from "node:path";
import { Worker, type WorkerOptions } from "node:worker_threads";
import type { IdentityResolver, ReadTransport } from "../../sdk/src/node";
import type { BodyLease } from "./batchBody";
import type { RequestTransport } from "./cachingTransport";
import {
  BATCH_WORKER_MARK,
  type CallReply,
  type CallRequest,
  type ChainInfo,
  type PartJob,
  type PartReply,
  type Recycle,
  rpcErrorPartsOf,
} from "./batchWorker";
import type { VerdictCounts } from "./vcApi";
import { once } from "../lib/once";

/** What a part's reads are answered with: the request's views of the chain caches, the identity resolver. */
export interface PartReads {
  rpc: ReadonlyMap<string, RequestTransport>;
  identityResolver?: IdentityResolver;
}

/**
 * A part as the threads answer it: its runs' answer bytes (in the thread's shared memory: `recycle`
 * gives it back to the thread once the bytes are sent, or will never be), or why the request's thread
 * must verify it.
 */
export type PartOutcome =
  { runs: Buffer[]; counts: VerdictCounts; recycle: () => void } | { redo: "tainted" | "refused" };

/** The job a thread works on, with what answers its reads. */
interface Pending {
  reads: PartReads;
  resolve(outcome: PartOutcome): void;
  reject(error: Error): void;
}

/** A part given to verifyPart that waits on this thread until a thread is free. */
interface Queued extends Pending {
  message: PartJob;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
  failure?: Error;
}

/** The worker threads of verify-batch (see the top of this file). */
export interface BatchThreads {
  /**
   * Verifies `job`'s credentials on the first thread that has room: a thread has PARTS_PER_THREAD parts
   * at a time (the one it verifies and the next), the others wait here, in order, and each goes to the thread that answers first (so that a thread slowed
   * by the machine or by its part's chain reads does not leave the other idle at the end of a batch, as
   * parts handed out all at once did). `job`'s ranges are transferred to the thread, its body shared.
   * The part holds `body` (the lease of `job.body`) from now until the thread has answered it.
   */
  verifyPart(
    job: Omit<PartJob, "type" | "id" | "chains" | "identityResolver">,
    reads: PartReads,
    body: BodyLease,
  ): Promise<PartOutcome>;
  /** Starts the threads now (at listen), not with the first batch. */
  start(): void;
  /** Parts waiting for a free thread (for the tests). */
  readonly queued: number;
  close(): Promise<void>;
}

/**
 * @example
 * const threads = createBatchThreads(2, 192);
 * const outcome = await threads.verifyPart({ body: lease.bytes.buffer, starts, ends, runs: [0], indices, nowMs, ... }, { rpc: views }, lease);
 */
export function createBatchThreads(count: number, youngGenerationMiB: number): BatchThreads {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`batchWorkers must be a whole number >= 1, got ${count}`);
  }
  const options = batchThreadOptions(youngGenerationMiB);
  let threads: Thread[] | undefined;
  let nextId = 0;
  let closing = false;
  /** Parts no thread has yet (each thread has one at a time). */
  const queue: Queued[] = [];

  /** Gives the waiting parts to the free threads, in order; when every thread has failed, fails them. */
  const dispatch = (all: Thread[]): void => {
    while (queue.length > 0) {
      const free = all.find((t) => t.failure === undefined && t.pending.size < PARTS_PER_THREAD);
      if (free === undefined) {
        const failed = all.find((t) => t.failure !== undefined);
        if (failed !== undefined && all.every((t) => t.failure !== undefined)) {
          for (const waiter of queue.splice(0)) waiter.reject(failed.failure!);
        }
        return;
      }
      const { message, ...waiter } = queue.shift()!;
      free.pending.set(message.id, waiter);
      // The body is shared, the part's ranges handed over (the job's arrays are its own: see verifier.ts).
      free.worker.postMessage(message, [message.starts.buffer as ArrayBuffer, message.ends.buffer as ArrayBuffer]);
    }
  };

  const start = (): Thread[] =>
    (threads ??= Array.from({ length: count }, () => {
      const thread: Thread = { worker: startBatchWorker(options), pending: new Map() };
      const failAll = (error: Error) => {
        thread.failure ??= error;
        for (const waiter of thread.pending.values()) waiter.reject(error);
        thread.pending.clear();
        if (threads !== undefined) dispatch(threads); // the waiting parts go to the other threads, if any
      };
      thread.worker.on("message", (message: PartReply | CallRequest) => {
        if (message.type === "call") {
          answerCall(thread.worker, message, thread.pending.get(message.job)?.reads);
          return;
        }
        const waiter = thread.pending.get(message.id);
        if (!waiter) return;
        thread.pending.delete(message.id);
        if (threads !== undefined) dispatch(threads); // this thread is free: the next part, before this one's answer is used
        if (message.type === "done") {
          const buffers = [...new Set(message.runs.map((bytes) => bytes.buffer as SharedArrayBuffer))];
          const { worker } = thread;
          waiter.resolve({
            runs: message.runs.map((bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)),
            counts: message.counts,
            recycle: once(() => worker.postMessage({ type: "recycle", buffers } satisfies Recycle)),
          });
        } else if (message.type === "redo") waiter.resolve({ redo: message.reason });
        else
          waiter.reject(
            Object.assign(new Error(`a verify-batch thread failed: ${message.message}`), { stack: message.stack }),
          );
      });
      thread.worker.on("error", (error) => failAll(new Error(`a verify-batch thread failed: ${error.message}`)));
      thread.worker.on("exit", (code) => {
        if (!closing) failAll(new Error(`a verify-batch thread exited unexpectedly (code ${code})`));
      });
      return thread;
    }));

  return {
    verifyPart(job, reads, body) {
      const all = start();
      if (all.every((t) => t.failure !== undefined)) return Promise.reject(all[0].failure!);
      if (body.bytes.buffer !== job.body) throw new Error("a part's body is not the buffer of its lease");
      const id = nextId++;
      const chains: ChainInfo[] = [...reads.rpc.values()].map((transport: ReadTransport) => ({
        chain: transport.chain,
        chainId: transport.chainId,
        ...(transport.quorum ? { quorum: transport.quorum } : {}),
      }));
      // The thread reads the body until it answers the part (or fails): the buffer is not reused before.
      body.hold();
      const release = once(() => body.release());
      return new Promise<PartOutcome>((resolve, reject) => {
        queue.push({
          message: {
            ...job,
            type: "part",
            id,
            chains,
            identityResolver: reads.identityResolver !== undefined,
          } satisfies PartJob,
          reads,
          resolve: (outcome) => {
            release();
            resolve(outcome);
          },
          reject: (error) => {
            release();
            reject(error);
          },
        });
        dispatch(all);
      });
    },
    start: () => void start(),
    get queued() {
      return queue.length;
    },
    async close() {
      closing = true;
      const closed = new Error("the verify-batch threads were closed");
      for (const waiter of queue.splice(0)) waiter.reject(closed);
      await Promise.all((threads ?? []).map((thread) => thread.worker.terminate()));
      threads = undefined;
    },
  };
}

/**
 * Parts a thread has at a time: the one it verifies and the next, already in its queue, so that it never
 * waits for the request's thread between parts (that thread may be busy splitting another batch); the
 * parts after those go to whichever thread answers first, so the threads end a batch at most one part
 * apart.
 */
const PARTS_PER_THREAD = 2;

/**
 * Answers a thread's read or lookup through the part's views: a failure is only reported (see
 * batchWorker.ts), except the node's JSON-RPC error, whose parts cross (CallReply's `rpcError`).
 */
function answerCall(worker: Worker, call: CallRequest, reads: PartReads | undefined): void {
  const reply = (answer: Omit<CallReply, "type" | "call">) =>
    worker.postMessage({ type: "reply", call: call.call, ...answer } satisfies CallReply);
  let asked: Promise<unknown> | undefined;
  if (reads === undefined) asked = undefined;
  else if ("input" in call) asked = reads.identityResolver?.(call.input);
  else {
    const transport = reads.rpc.get(call.chain);
    if (transport !== undefined) {
      asked = call.method === "blockNumber" ? transport.blockNumber() : transport.request(call.method, call.params);
    }
  }
  if (asked === undefined) {
    reply({ failed: true });
    return;
  }
  asked.then(
    (value) => reply({ value }),
    (error: unknown) => {
      const rpcError = rpcErrorPartsOf(error);
      try {
        reply(rpcError ? { rpcError } : { failed: true });
      } catch {
        reply({ failed: true }); // the error's data could not be cloned: the part is redone here
      }
    },
  );
}

/**
 * A thread's options: its mark and its heap's limits, a young generation of `youngGenerationMiB` (0: V8's
 * default; config.ts, DEFAULT_BATCH_YOUNG_GENERATION_MIB).
 *
 * @example
 * new Worker(file, batchThreadOptions(192)); // the thread's young generation: 192 MiB
 */
export function batchThreadOptions(youngGenerationMiB: number): WorkerOptions {
  return {
    workerData: BATCH_WORKER_MARK,
    ...(youngGenerationMiB > 0 ? { resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMiB } } : {}),
  };
}

/**
 * In the bundled CLI (scripts/bundleCli.ts): the folder of the bundled worker scripts, relative to
 * the bundle's folder, which esbuild's `define` puts in place of the name; elsewhere not defined.
 */
declare const CREDANCHOR_BUNDLED_WORKERS: string | undefined;

/**
 * Starts batchWorker: in the bundled CLI its bundled copy (dist/cli/workers/serve/batchWorker.js);
 * its compiled file beside this one (the benchmark's per-module build); or under ts-node (tests) the
 * TypeScript source through the loader the SDK's own threads use (CREDANCHOR_WORKER_TS_REGISTER, else
 * ts-node's transpile-only register: sdk/src/workers/startWorker.ts).
 */
function startBatchWorker(threadOptions: WorkerOptions): Worker {
  if (typeof CREDANCHOR_BUNDLED_WORKERS === "string") {
    return new Worker(path.resolve(__dirname, CREDANCHOR_BUNDLED_WORKERS, "serve", "batchWorker.js"), threadOptions);
  }
  if (__filename.endsWith(".ts")) {
    const entry = path.join(__dirname, "batchWorker.ts");
    const register = process.env.CREDANCHOR_WORKER_TS_REGISTER || require.resolve("ts-node/register/transpile-only");
    return new Worker(`require(${JSON.stringify(register)}); require(${JSON.stringify(entry)});`, {
      ...threadOptions,
      eval: true,
    });
  }
  return new Worker(path.join(__dirname, "batchWorker.js"), threadOptions);
}
