/**
 * POST /credentials/verify-batch: many credentials in one request. With worker threads, the body's
 * bytes are split into the ranges of its credentials (splitBatchBody), whose bytes the threads decode,
 * parse and check, part by part; otherwise, or when a credential is not acceptable JSON, the whole
 * body is decoded and parsed here and verified on this thread. The answer's JSON is written part by part as the results come (BatchAnswer).
 */
import type { FastifyInstance, FastifyRequest, RouteShorthandOptions } from "fastify";
import { Readable } from "node:stream";
import type { VerificationResult } from "../../../sdk/src/node";
import type { ServeLimits } from "../config";
import type { Metrics } from "../metrics";
import { BatchBodyBytes, parseRequestJson, requestBody, requestOptions, type RequestOptions } from "../request";
import { AnswerWriter } from "../answerJson";
import { BodyBuffers, readBatchBody } from "../batchBody";
import { ServeError, withTimeout } from "../serveError";
import { splitBatchBody } from "../splitBatchBody";
import type { BatchPart, StatusAge, Verifier } from "../verifier";
import {
  countVerdict,
  emptyVerdictCounts,
  toVcApiVerification,
  type ServeVerdict,
  type VcApiVerification,
  type VerdictCounts,
} from "../vcApi";

/** POST /credentials/verify-batch's answer. */
export interface VerifyBatchResponse {
  summary: { total: number; verified: number; valid: number; invalid: number; error: number; notCredential: number };
  results: VcApiVerification[];
  statusAge?: StatusAge;
}

export interface VerifyBatchRouteContext {
  verifier: Verifier;
  metrics: Metrics;
  limits: Pick<ServeLimits, "maxBatch" | "batchTimeoutMs" | "maxConcurrentBatches" | "batchBodyLimit">;
  /** The operator's status TTL, ms: the most a request's `maxStatusAge` may ask for. */
  statusTtlMs: number;
  /** Batches of fewer credentials are verified on this thread. */
  batchWorkersFrom: number;
  /** Body limit, concurrency slot and rate limit of the route. */
  routeOptions: RouteShorthandOptions;
  /** Gives back the request's concurrency slot. */
  release(request: FastifyRequest): void;
}

/**
 * @example
 * app.register(async (scope) => verifyBatchRoute(scope, { verifier, metrics, limits, statusTtlMs, batchWorkersFrom, routeOptions, release }));
 */
export function verifyBatchRoute(scope: FastifyInstance, context: VerifyBatchRouteContext): void {
  const { verifier, metrics, limits } = context;

  /** verify-batch's list (or how many credentials a split body holds) and options, or the 400 that says what is wrong with them. */
  const batchRequest = <L extends unknown[] | number>(
    body: Record<string, unknown>,
    list: L | unknown = body.verifiableCredentials,
  ): { list: L; options: RequestOptions } => {
    if (!Array.isArray(list) && typeof list !== "number") {
      throw new ServeError(
        400,
        "MISSING_CREDENTIALS",
        'The request has no verifiableCredentials list: send { "verifiableCredentials": [ { ... }, ... ], "options": { } }.',
        { pointer: "/verifiableCredentials" },
      );
    }
    const count = typeof list === "number" ? list : list.length;
    if (count > limits.maxBatch) {
      throw new ServeError(
        400,
        "TOO_MANY_CREDENTIALS",
        `The batch holds ${count.toLocaleString("en-US")} credentials; at most ${limits.maxBatch.toLocaleString("en-US")} per request.`,
        { pointer: "/verifiableCredentials", count, max: limits.maxBatch },
      );
    }
    return { list: list as L, options: requestOptions(body.options, context.statusTtlMs) };
  };

  if (verifier.verifyBody) {
    // With worker threads the body stays bytes, received into a reused buffer (batchBody.ts): this
    // route's own JSON parser, in a scope of its own.
    const pool = new BodyBuffers(limits.maxConcurrentBatches);
    scope.register(async (batchScope) => {
      batchScope.removeContentTypeParser("application/json");
      batchScope.addContentTypeParser("application/json", (request, payload, done) => {
        // The head the request will be pinned to, read while its body arrives (not after the split,
        // where the threads' first parts would wait for it), and read again at its last byte if the
        // first may be too old by the request's first part (a slow upload): that read overlaps the split.
        const heads = verifier.readHeads();
        readBatchBody(request, payload, request.routeOptions.bodyLimit ?? limits.batchBodyLimit, pool).then(
          (lease) => done(null, new BatchBodyBytes(lease.bytes, lease, verifier.refreshHeads(heads))),
          (error: Error) => done(error, undefined),
        );
      });
      // Whatever ends the request lets go of its body (once), the handler's own answer included.
      const letGo = (request: FastifyRequest, _reply: unknown, done: () => void) => {
        if (request.body instanceof BatchBodyBytes) request.body.letGo();
        done();
      };
      batchScope.addHook("onResponse", (request, reply, done) => {
        // The service's own time for the batch, without the client's sending and receiving.
        if (request.body instanceof BatchBodyBytes) {
          metrics.batchAfterBody.observe(
            { status: String(reply.statusCode) },
            (performance.now() - request.body.receivedAt) / 1000,
          );
        }
        letGo(request, reply, done);
      });
      batchScope.addHook("onRequestAbort", (request, done) => letGo(request, undefined, done));
      route(batchScope);
    });
  } else route(scope);

  function route(routeScope: FastifyInstance): void {
    routeScope.post("/credentials/verify-batch", context.routeOptions, async (request, reply) => {
      const received = request.body instanceof BatchBodyBytes ? request.body : undefined;
      /** The threads' answers, whose memory goes back to them when they are sent or will not be. */
      let parts: BatchAnswer | undefined;
      try {
        const started = Date.now();
        const raw = received?.bytes;
        const split = raw !== undefined ? splitBatchBody(raw) : undefined;
        let answer: BatchAnswer | undefined;
        let statusAge: StatusAge | undefined;
        // A request error is answered by the whole-body path below, where a JSON error comes first.
        const splitRequest =
          split && split.starts.length >= context.batchWorkersFrom
            ? attempt(() => batchRequest<number>(split.members, split.starts.length))
            : undefined;
        if (split && splitRequest && verifier.verifyBody) {
          const { options } = splitRequest;
          const threaded = (parts = new BatchAnswer());
          const outcome = await withTimeout(
            verifier.verifyBody(split, options, (part) => threaded.addPart(part), received?.heads),
            limits.batchTimeoutMs,
          );
          if (outcome !== undefined) {
            answer = parts;
            statusAge = outcome.statusAge;
          }
        }
        if (answer === undefined) {
          const body = requestBody(raw !== undefined ? parseRequestJson(raw.toString("utf8")) : request.body);
          const { list, options } = batchRequest<unknown[]>(body);
          const left = limits.batchTimeoutMs - (Date.now() - started);
          const outcome = await withTimeout(verifier.verify(list, options, received?.heads), Math.max(1, left));
          verifier.batchCredentials.request += list.length;
          answer = new BatchAnswer();
          answer.add(outcome.results);
          statusAge = outcome.statusAge;
        }
        for (const [outcome, count] of answer.verdicts) {
          if (count > 0) metrics.verdicts.inc({ outcome, endpoint: "verify-batch" }, count);
        }
        // The answer's pieces as they are, one after another (no copy of the whole into one buffer),
        // with the length Fastify would have given the joined buffer.
        const pieces = answer.pieces(statusAge);
        let length = 0;
        for (const piece of pieces) length += piece.length;
        if (answer === parts) {
          // Sent (or the connection closed): the threads write their next answers in the same memory.
          const sent = parts;
          reply.raw.once("close", () => sent.recycle());
          parts = undefined;
        }
        return reply
          .code(200)
          .type("application/json; charset=utf-8")
          .header("content-length", String(length))
          .send(Readable.from(pieces, { objectMode: false }));
      } finally {
        parts?.recycle(); // not sent: the parts that come after this are given back as they come
        received?.letGo();
        context.release(request);
      }
    });
  }
}

/**
 * A VerifyBatchResponse written as JSON part by part: each part's answers become UTF-8 bytes when the
 * part is verified (while the threads check the next), and `finish` puts the summary in front. The
 * bytes are those of `JSON.stringify(response)`, which Fastify would otherwise make at the end, in one
 * piece, and then measure and encode again; the answers' bytes come from templates (AnswerWriter),
 * not from serialising each answer whole (test/cli/serve/answers.test.ts compares the two).
 */
export class BatchAnswer {
  readonly summary: VerifyBatchResponse["summary"] = {
    total: 0,
    verified: 0,
    valid: 0,
    invalid: 0,
    error: 0,
    notCredential: 0,
  };
  readonly verdicts = new Map<ServeVerdict, number>([
    ["valid", 0],
    ["invalid", 0],
    ["error", 0],
    ["not-a-credential", 0],
  ]);
  private readonly parts: Buffer[] = [];
  /** The answers' bytes, from templates kept across the parts (answerJson.ts). */
  private readonly writer = new AnswerWriter();
  /** Give the threads' answer memory back (verifyBody's parts). */
  private readonly recycles: (() => void)[] = [];
  private recycled = false;

  /** Gives the parts' thread memory back: once the answer is sent, or when it will not be. Its pieces are not read again. */
  recycle(): void {
    this.recycled = true;
    for (const recycle of this.recycles.splice(0)) recycle();
  }

  /**
   * A part of verifyBody: its pieces in order, the threads' answers as they wrote them (their memory
   * given back with `recycle`; a part added after `recycle` is given back at once, never sent).
   */
  addPart(part: BatchPart): void {
    if (part.recycle) {
      if (this.recycled) {
        part.recycle();
        return;
      }
      this.recycles.push(part.recycle);
    }
    for (const piece of part.pieces) {
      if (Array.isArray(piece)) this.add(piece);
      else if (piece.count > 0) {
        if (this.parts.length > 0) this.parts.push(COMMA);
        this.parts.push(piece.bytes);
      }
    }
    if (part.counts !== undefined) this.addCounts(part.counts);
  }

  add(results: readonly VerificationResult[]): void {
    if (results.length === 0) return;
    const answers = results.map(toVcApiVerification);
    const counts = emptyVerdictCounts();
    for (const answer of answers) countVerdict(counts, answer);
    this.addCounts(counts);
    if (this.parts.length > 0) this.parts.push(COMMA);
    this.parts.push(this.writer.write(answers)); // the answers without the list's brackets
  }

  /** Adds answers' verdicts to the summary and the verdicts /metrics counts. */
  private addCounts(counts: VerdictCounts): void {
    const { summary, verdicts } = this;
    for (const [verdict, count] of verdicts) {
      verdicts.set(verdict, count + counts[verdict]);
      summary.total += counts[verdict];
      if (verdict === "not-a-credential") summary.notCredential += counts[verdict];
      else summary[verdict] += counts[verdict];
    }
    summary.verified += counts.verified;
  }

  /** The whole answer, `{ summary, results, statusAge? }`, as the bytes of its pieces, in order (what the route sends). */
  pieces(statusAge?: StatusAge): Buffer[] {
    const head = Buffer.from(`{"summary":${JSON.stringify(this.summary)},"results":[`);
    const tail = Buffer.from(statusAge ? `],"statusAge":${JSON.stringify(statusAge)}}` : "]}");
    return [head, ...this.parts, tail];
  }

  /** The whole answer in one buffer: the pieces joined. */
  finish(statusAge?: StatusAge): Buffer {
    return Buffer.concat(this.pieces(statusAge));
  }
}

const COMMA = Buffer.from(",");

/** `run()`, or undefined when it throws. */
function attempt<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}
