/**
 * A verify-batch worker thread (started by batchThreads.ts): verifies one part of a batch at a time,
 * from its credentials' bytes to the bytes of its answers. The bytes are the request's body itself,
 * shared, not cloned (the part names where its credentials lie in it), and are decoded into texts
 * only when the part's turn comes: parts waiting in this thread's queue are memory outside the
 * JavaScript heap, which its young-generation collections never copy. It runs the SDK's `verifyCredentials` on the
 * texts, every check included (`verifyCredentialsWithClasses`: with each result's class); its chain reads and issuer-identity lookups are asked of the request's
 * thread (one message each: a part of 1,000 credentials of one batch makes a handful), which answers
 * them from the service's caches. It writes the answers as JSON bytes from its own templates
 * (answerJson.ts; a result of a class from its class's, filled with its row's values) and hands the bytes back without a copy. So the request's thread never receives the
 * results themselves (a structured clone of thousands of objects) nor writes their JSON.
 *
 * A part whose reads or lookups failed, or that holds a text the strict parser refused, is not
 * answered here (`tainted`, `refused`): the request's thread verifies it again itself, where the SDK
 * sees the transports' own errors (their classes decide the error codes) and where a refused text
 * makes the whole body be parsed for its JSON error. A read the node answered with a JSON-RPC error
 * is the exception: that error crosses (CallReply's `rpcError`) and is made again here, of its class,
 * so the part is answered here as there (a node that refuses the status word read: `credentialStatuses`).
 */
import { parentPort, workerData } from "node:worker_threads";
import {
  type Caip2ChainId,
  type IdentityResolverInput,
  type IdentityResolverResult,
  type ReadTransport,
  type ResultClass,
  RpcResponseError,
  type RpcStats,
  type VerificationResult,
  verifyCredentialsWithClasses,
  type VerifyOptions,
} from "../../sdk/src/node";
import { AnswerWriter, type BytesAllocator } from "./answerJson";
import {
  countVerdict,
  emptyVerdictCounts,
  ProblemDetails,
  toVcApiVerificationOwned,
  type VerdictCounts,
} from "./vcApi";

/** workerData that marks a thread started by batchThreads.ts. */
export const BATCH_WORKER_MARK = "credanchor-serve-batch-worker";

/** A chain as the worker reads it (through the request's thread). */
export interface ChainInfo {
  chain: Caip2ChainId;
  chainId: number;
  quorum?: ReadTransport["quorum"];
}

/** One part to verify: the credentials that go to this thread, cut into runs of consecutive credentials. */
export interface PartJob {
  type: "part";
  id: number;
  /**
   * The whole batch body's UTF-8 bytes, shared with the request's thread (not copied), which does not
   * reuse the buffer before this part is answered (batchBody.ts).
   */
  body: SharedArrayBuffer;
  /** Where each of the part's credentials for this thread starts in `body`. */
  starts: Uint32Array;
  /** Where each ends (exclusive). */
  ends: Uint32Array;
  /** Where each run of consecutive credentials starts among them (the first is 0). */
  runs: readonly number[];
  /** The index in the whole batch of each credential. */
  indices: readonly number[];
  nowMs: number;
  chains: readonly ChainInfo[];
  identity: VerifyOptions["identity"];
  minConfirmations: VerifyOptions["minConfirmations"];
  statusReasons: boolean;
  /** Whether the request's thread has an identity resolver to ask. */
  identityResolver: boolean;
}

/**
 * The worker's answer to a PartJob. A done part's runs are views of SharedArrayBuffers of this
 * thread's (shared, not copied), which the request's thread gives back (Recycle) once it has sent them.
 */
export type PartReply =
  | { type: "done"; id: number; runs: Uint8Array[]; counts: VerdictCounts }
  | { type: "redo"; id: number; reason: "tainted" | "refused" }
  | { type: "error"; id: number; message: string; stack?: string };

/** A read (`blockNumber` or a JSON-RPC method) or an identity lookup asked of the request's thread for part `job`. */
export type CallRequest = { type: "call"; call: number; job: number } & (
  | { chain: Caip2ChainId; method: string; params?: readonly unknown[] }
  | { method: "identity"; input: IdentityResolverInput }
);

/** What a part asks: a CallRequest without its numbers. */
type Ask = (
  request:
    | { chain: Caip2ChainId; method: string; params?: readonly unknown[] }
    | { method: "identity"; input: IdentityResolverInput },
) => Promise<unknown>;

/**
 * The request's thread's answer to a CallRequest: the value; or, when the node answered the read with
 * a JSON-RPC error (`RpcResponseError`), that error's parts, which the thread makes into the same
 * error again (`rpcResponseErrorOf`), so that its SDK decides as the request's thread's would (a
 * refused status word read falls back to `credentialStatuses`, a revert is the registry's error);
 * or `failed`, for any other failure, which taints the part.
 */
export type CallReply = { type: "reply"; call: number; value?: unknown; rpcError?: RpcErrorParts; failed?: true };

/** What an `RpcResponseError` is made of: what crosses threads (its class cannot). */
export interface RpcErrorParts {
  endpoint: string;
  method: string;
  rpcCode: number;
  rpcMessage: string;
  data?: unknown;
}

/**
 * The parts of `error` when it is an `RpcResponseError` (the node's own JSON-RPC error), else undefined.
 *
 * @example
 * rpcErrorPartsOf(new RpcResponseError({ endpoint: "e", method: "eth_call", rpcCode: 3, rpcMessage: "reverted" }));
 * // { endpoint: "e", method: "eth_call", rpcCode: 3, rpcMessage: "reverted" }
 */
export function rpcErrorPartsOf(error: unknown): RpcErrorParts | undefined {
  if (!(error instanceof RpcResponseError)) return undefined;
  const { endpoint, method, rpcCode, rpcMessage, data } = error;
  return { endpoint, method, rpcCode, rpcMessage, ...(data !== undefined ? { data } : {}) };
}

/**
 * The `RpcResponseError` that `parts` came from (rpcErrorPartsOf), made again on this side.
 *
 * @example
 * rpcResponseErrorOf(rpcErrorPartsOf(error)!).message === error.message; // true
 */
export function rpcResponseErrorOf(parts: RpcErrorParts): RpcResponseError {
  return new RpcResponseError(parts);
}

/** The request's thread gives back the buffers of done parts' runs it has sent: they are written again. */
export type Recycle = { type: "recycle"; buffers: SharedArrayBuffer[] };

/** The most answer buffers a thread keeps for its next parts (two batches' worth of its parts). */
const KEPT_ANSWER_BUFFERS = 16;

/**
 * The memory a thread writes its answers into: SharedArrayBuffers, which the request's thread reads
 * where they are (V8 does not count shared memory as the receiving thread's external memory, so the
 * answers no longer drive its collections), and which come back to be written again (Recycle), so
 * that a part's answers are written into memory already mapped, not fresh pages.
 */
export class SharedAnswerBuffers implements BytesAllocator {
  private readonly free: SharedArrayBuffer[] = [];

  take(capacity: number): Buffer {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const length = this.free[i].byteLength;
      if (length >= capacity && (best < 0 || length < this.free[best].byteLength)) best = i;
    }
    // Whole MiB, so that parts of nearly the same size reuse one buffer.
    const buffer =
      best >= 0 ? this.free.splice(best, 1)[0] : new SharedArrayBuffer(Math.ceil(capacity / 2 ** 20) * 2 ** 20);
    return Buffer.from(buffer);
  }

  giveBack(buffer: Buffer | SharedArrayBuffer): void {
    const memory = buffer instanceof SharedArrayBuffer ? buffer : buffer.buffer;
    if (!(memory instanceof SharedArrayBuffer) || this.free.includes(memory)) return;
    this.free.push(memory);
    if (this.free.length > KEPT_ANSWER_BUFFERS) this.free.shift(); // the oldest goes
  }

  /** Buffers waiting to be written again (for the tests). */
  get freeCount(): number {
    return this.free.length;
  }
}

/** What a thread writes its parts' answers with (kept from one part to the next). */
export interface AnswerTools {
  writer: AnswerWriter;
  problems: ProblemDetails;
  allocator: BytesAllocator;
}

/**
 * A part's answers as a thread writes them, from its results and their classes
 * (`verifyCredentialsWithClasses`): each result, given its index in the whole batch (`indices`),
 * becomes its own answer (`toVcApiVerificationOwned`, the part's results being this thread's alone),
 * written run by run (`runs`) in memory from `tools.allocator`, with the verdicts counted. Undefined
 * when a text was refused by the strict parser (the request's thread verifies the part again).
 *
 * @example
 * const { results, classes } = await verifyCredentialsWithClasses(texts, options);
 * writePartAnswers(results, classes, { indices: [0, 1], runs: [0] }, tools); // { runs: [<Buffer 7b ...>], counts }
 */
export function writePartAnswers(
  results: readonly VerificationResult[],
  classes: readonly (ResultClass | undefined)[],
  part: Pick<PartJob, "indices" | "runs">,
  tools: AnswerTools,
): { runs: Uint8Array[]; counts: VerdictCounts } | undefined {
  const counts = emptyVerdictCounts();
  const answers = new Array<ReturnType<typeof toVcApiVerificationOwned>>(results.length);
  for (let k = 0; k < results.length; k++) {
    const result = results[k];
    // Only a text the strict parser refused has a format check with a location (the SDK's format check).
    if (result.checks[0]?.details?.location !== undefined) return undefined;
    result.index = part.indices[k];
    const answer = toVcApiVerificationOwned(result, tools.problems);
    countVerdict(counts, answer);
    answers[k] = answer;
  }
  const runs: Uint8Array[] = [];
  for (let r = 0; r < part.runs.length; r++) {
    const from = part.runs[r];
    const to = part.runs[r + 1] ?? answers.length;
    // In a SharedArrayBuffer of its own (AnswerWriter): shared as it is, without a copy.
    runs.push(tools.writer.write(answers.slice(from, to), tools.allocator, classes.slice(from, to)));
  }
  return { runs, counts };
}

const port = parentPort;
if (port && workerData === BATCH_WORKER_MARK) {
  const writer = new AnswerWriter();
  const answerBuffers = new SharedAnswerBuffers();
  const problems = new ProblemDetails();
  const calls = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextCall = 0;
  /**
   * Asks the request's thread for part `job`; a failure there rejects, and taints the part (`onFail`),
   * except the node's own JSON-RPC error, which rejects with the same error the request's thread saw.
   */
  const asker =
    (job: number, onFail: () => void): Ask =>
    (request) =>
      new Promise((resolve, reject) => {
        const call = nextCall++;
        calls.set(call, {
          resolve,
          reject: (error) => {
            if (!(error instanceof RpcResponseError)) onFail();
            reject(error);
          },
        });
        port.postMessage({ type: "call", call, job, ...request } satisfies CallRequest);
      });

  const run = async (job: PartJob): Promise<PartReply> => {
    let tainted = false;
    const taint = () => (tainted = true);
    const ask = asker(job.id, taint);
    const rpc: NonNullable<VerifyOptions["rpc"]> = {};
    for (const info of job.chains) rpc[info.chain] = proxyTransport(info, ask, taint);
    const texts = textsOf(job);
    const { results, classes } = await verifyCredentialsWithClasses(texts, {
      rpc,
      now: job.nowMs,
      identity: job.identity,
      minConfirmations: job.minConfirmations,
      statusReasons: job.statusReasons,
      ...(job.identityResolver
        ? {
            identityResolver: (input: IdentityResolverInput) =>
              ask({ method: "identity", input }) as Promise<IdentityResolverResult>,
          }
        : {}),
    });
    if (tainted) return { type: "redo", id: job.id, reason: "tainted" };
    const answered = writePartAnswers(results, classes, job, { writer, problems, allocator: answerBuffers });
    return answered === undefined
      ? { type: "redo", id: job.id, reason: "refused" }
      : { type: "done", id: job.id, ...answered };
  };

  let queue: Promise<unknown> = Promise.resolve();
  port.on("message", (message: PartJob | CallReply | Recycle) => {
    if (message.type === "recycle") {
      for (const buffer of message.buffers) answerBuffers.giveBack(buffer);
      return;
    }
    if (message.type === "reply") {
      const waiter = calls.get(message.call);
      calls.delete(message.call);
      if (message.rpcError !== undefined) waiter?.reject(rpcResponseErrorOf(message.rpcError));
      else if (message.failed) waiter?.reject(new Error("the request's thread could not answer this read"));
      else waiter?.resolve(message.value);
      return;
    }
    // One part at a time, in the order given: each part's objects die young, and parts finish in order.
    const job = message;
    const done = queue.then(() => run(job));
    queue = done.catch(() => undefined); // a failed part fails alone
    void done.then(
      (reply) => port.postMessage(reply),
      (error: unknown) =>
        port.postMessage({
          type: "error",
          id: job.id,
          message: error instanceof Error ? error.message : String(error),
          stack: error instanceof Error ? error.stack : undefined,
        } satisfies PartReply),
    );
  });
}

/** The credentials' texts of a part (each its bytes decoded, as cut from the decoded body). */
function textsOf(job: PartJob): string[] {
  const bytes = Buffer.from(job.body);
  const texts = new Array<string>(job.ends.length);
  for (let k = 0; k < texts.length; k++) texts[k] = bytes.toString("utf8", job.starts[k], job.ends[k]);
  return texts;
}

/** A read transport whose reads the request's thread makes (through its caching views). */
function proxyTransport(info: ChainInfo, ask: Ask, taint: () => void): ReadTransport {
  const stats: RpcStats = { requests: 0, byMethod: {}, byEndpoint: {}, failures: 0 }; // counted where they are sent
  return {
    chain: info.chain,
    chainId: info.chainId,
    ...(info.quorum ? { quorum: info.quorum } : {}),
    stats,
    resetStats: () => undefined,
    endpointStates: () => [],
    blockNumber: () => ask({ chain: info.chain, method: "blockNumber" }) as Promise<bigint>,
    request: <T>(method: string, params?: readonly unknown[], options?: object): Promise<T> => {
      // A result normaliser (quorum) is a function, which cannot cross threads: the part is redone.
      if (options !== undefined && Object.keys(options).length > 0) {
        taint();
        return Promise.reject(new Error("request options cannot cross threads"));
      }
      return ask({ chain: info.chain, method, ...(params ? { params } : {}) }) as Promise<T>;
    },
  };
}
