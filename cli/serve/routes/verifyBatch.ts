/**
 * POST /credentials/verify-batch: many credentials in one request. With worker threads, the body is
 * split into credential texts (splitBatchBody) that the threads parse and check; otherwise, or when a
 * text is not acceptable JSON, the whole body is parsed here and verified on this thread.
 */
import type { FastifyInstance, FastifyRequest, RouteShorthandOptions } from "fastify";
import type { ServeLimits } from "../config";
import type { Metrics } from "../metrics";
import { BatchBodyText, parseRequestJson, requestBody, requestOptions, type RequestOptions } from "../request";
import { ServeError, withTimeout } from "../serveError";
import { splitBatchBody } from "../splitBatchBody";
import type { StatusAge, Verified, Verifier } from "../verifier";
import { toVcApiVerification, type VcApiVerification } from "../vcApi";

/** POST /credentials/verify-batch's answer. */
export interface VerifyBatchResponse {
  summary: { total: number; verified: number; valid: number; invalid: number; error: number; notCredential: number };
  results: VcApiVerification[];
  statusAge?: StatusAge;
}

export interface VerifyBatchRouteContext {
  verifier: Verifier;
  metrics: Metrics;
  limits: Pick<ServeLimits, "maxBatch" | "batchTimeoutMs">;
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

  /** verify-batch's list and options, or the 400 that says what is wrong with them. */
  const batchRequest = (body: Record<string, unknown>): { list: unknown[]; options: RequestOptions } => {
    const list = body.verifiableCredentials;
    if (!Array.isArray(list)) {
      throw new ServeError(
        400,
        "MISSING_CREDENTIALS",
        'The request has no verifiableCredentials list: send { "verifiableCredentials": [ { ... }, ... ], "options": { } }.',
        { pointer: "/verifiableCredentials" },
      );
    }
    if (list.length > limits.maxBatch) {
      throw new ServeError(
        400,
        "TOO_MANY_CREDENTIALS",
        `The batch holds ${list.length.toLocaleString("en-US")} credentials; at most ${limits.maxBatch.toLocaleString("en-US")} per request.`,
        { pointer: "/verifiableCredentials", count: list.length, max: limits.maxBatch },
      );
    }
    return { list, options: requestOptions(body.options, context.statusTtlMs) };
  };

  scope.post("/credentials/verify-batch", context.routeOptions, async (request, reply) => {
    try {
      const started = Date.now();
      const raw = request.body instanceof BatchBodyText ? request.body.text : undefined;
      const split = raw !== undefined ? splitBatchBody(raw) : undefined;
      let outcome: Verified | undefined;
      // A request error is answered by the whole-body path below, where a JSON error comes first.
      const splitRequest =
        split && split.credentials.length >= context.batchWorkersFrom
          ? attempt(() => batchRequest({ ...split.members, verifiableCredentials: split.credentials }))
          : undefined;
      if (splitRequest && verifier.verifyTexts) {
        const { list, options } = splitRequest;
        outcome = await withTimeout(verifier.verifyTexts(list as string[], options), limits.batchTimeoutMs);
      }
      if (outcome === undefined) {
        const { list, options } = batchRequest(requestBody(raw !== undefined ? parseRequestJson(raw) : request.body));
        const left = limits.batchTimeoutMs - (Date.now() - started);
        outcome = await withTimeout(verifier.verify(list, options), Math.max(1, left));
      }
      const { results, statusAge } = outcome;
      const answers = results.map(toVcApiVerification);
      const summary = { total: answers.length, verified: 0, valid: 0, invalid: 0, error: 0, notCredential: 0 };
      for (const answer of answers) {
        if (answer.verified) summary.verified++;
        const verdict = answer.credanchor.verdict;
        if (verdict === "not-a-credential") summary.notCredential++;
        else summary[verdict]++;
        metrics.verdicts.inc({ outcome: verdict, endpoint: "verify-batch" });
      }
      const answer: VerifyBatchResponse = { summary, results: answers, ...(statusAge ? { statusAge } : {}) };
      return reply.code(200).send(answer);
    } finally {
      context.release(request);
    }
  });
}

/** `run()`, or undefined when it throws. */
function attempt<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}
