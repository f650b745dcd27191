/** POST /credentials/verify: one credential, verified with those that arrive with it (Verifier.verifyOne). */
import type { FastifyInstance, FastifyRequest, RouteShorthandOptions } from "fastify";
import type { Metrics } from "../metrics";
import { requestBody, requestOptions } from "../request";
import { ServeError, withTimeout } from "../serveError";
import type { StatusAge, Verifier } from "../verifier";
import { toVcApiVerification, type VcApiVerification } from "../vcApi";

/** POST /credentials/verify's answer. */
export type VerifyResponse = VcApiVerification & { statusAge?: StatusAge };

export interface VerifyRouteContext {
  verifier: Verifier;
  metrics: Metrics;
  /** The operator's status TTL, ms: the most a request's `maxStatusAge` may ask for. */
  statusTtlMs: number;
  requestTimeoutMs: number;
  /** Body limit, concurrency slot and rate limit of the route. */
  routeOptions: RouteShorthandOptions;
  /** Gives back the request's concurrency slot. */
  release(request: FastifyRequest): void;
}

/**
 * @example
 * app.register(async (scope) => verifyRoute(scope, { verifier, metrics, statusTtlMs, requestTimeoutMs, routeOptions, release }));
 */
export function verifyRoute(scope: FastifyInstance, context: VerifyRouteContext): void {
  const { verifier, metrics } = context;
  scope.post("/credentials/verify", context.routeOptions, async (request, reply) => {
    try {
      const body = requestBody(request.body);
      const credential = body.verifiableCredential;
      if (credential === undefined) {
        throw new ServeError(
          400,
          "MISSING_CREDENTIAL",
          'The request has no verifiableCredential: send { "verifiableCredential": { ... }, "options": { } }.',
          { pointer: "/verifiableCredential" },
        );
      }
      if (typeof credential !== "object" || credential === null || Array.isArray(credential)) {
        throw new ServeError(
          400,
          "INVALID_CREDENTIAL",
          "verifiableCredential must be a JSON object (the credential).",
          {
            pointer: "/verifiableCredential",
          },
        );
      }
      const options = requestOptions(body.options, context.statusTtlMs);
      const { result, statusAge } = await withTimeout(
        verifier.verifyOne(credential, options),
        context.requestTimeoutMs,
      );
      const answer: VerifyResponse = toVcApiVerification(result);
      if (statusAge) answer.statusAge = statusAge;
      metrics.verdicts.inc({ outcome: answer.credanchor.verdict, endpoint: "verify" });
      return reply.code(200).send(answer);
    } finally {
      context.release(request);
    }
  });
}
