/**
 * `credanchor serve`: the W3C VC API verification service (docs/SERVE.md), a client of the SDK like
 * the rest of cli/. Fastify does the HTTP; this file assembles the service: the Fastify instance, its
 * body parser, error answers, hooks, CORS, rate and concurrency limits, and the shutdown. The routes
 * are in routes/ (verify, verify-batch, health, metrics, the page); what the verify routes share
 * (chain and identity caches, grouping, worker threads) in verifier.ts. Stateless: any number of
 * instances can run behind a load balancer.
 */
import cors from "@fastify/cors";
import rateLimit from "@fastify/rate-limit";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { AddressInfo } from "node:net";
import type { ServeConfig } from "./config";
import { Metrics } from "./metrics";
import { parseRequestJson } from "./request";
import { healthRoutes } from "./routes/health";
import { metricsRoute } from "./routes/metrics";
import { pageRoute } from "./routes/page";
import { verifyRoute } from "./routes/verify";
import { verifyBatchRoute } from "./routes/verifyBatch";
import { ServeError, toErrorBody } from "./serveError";
import { createVerifier } from "./verifier";
import { once } from "../lib/once";

export { ServeError, type ErrorBody } from "./serveError";
export type { StatusAge } from "./verifier";
export type { VerifyResponse } from "./routes/verify";
export type { VerifyBatchResponse } from "./routes/verifyBatch";

/** A running service. */
export interface VerificationServer {
  app: FastifyInstance;
  /** `http://host:port`, once listening. */
  url: string;
  metrics: Metrics;
  /** Verify requests (single and batch) being answered now. */
  inFlight(): number;
  /** Stops accepting connections, finishes the requests in flight, then resolves. */
  close(): Promise<void>;
}

/**
 * Builds the service and starts listening on `config.host:config.port`.
 *
 * @example
 * const server = await startVerificationServer(serveConfig({ port: 0, chains }));
 * console.log(server.url);
 * await server.close();
 */
export async function startVerificationServer(config: ServeConfig): Promise<VerificationServer> {
  const built = buildVerificationServer(config);
  await built.app.listen({ host: config.host, port: config.port });
  const address = built.app.server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return { ...built, url: `http://${host}:${address.port}` };
}

/**
 * The service without listening (tests may use `app.inject`).
 *
 * @example
 * const { app } = buildVerificationServer(config);
 * const answer = await app.inject({ method: "GET", url: "/health" });
 */
export function buildVerificationServer(config: ServeConfig): Omit<VerificationServer, "url"> {
  const metrics = new Metrics();
  const { limits } = config;
  const verifier = createVerifier(config);

  const app = Fastify({
    logger: config.logRequests ? { level: "info" } : false,
    bodyLimit: limits.bodyLimit,
    trustProxy: config.trustProxy,
    // Receiving a request's headers and body may take at most this long (slow clients).
    requestTimeout: 30_000,
    // While stopping, requests get our own 503 SHUTTING_DOWN (below), not Fastify's code-less one.
    return503OnClosing: false,
    forceCloseConnections: "idle",
    // Errors Fastify meets before routing (a URL that does not decode): the same JSON as the rest.
    frameworkErrors: (error, _request, frameworkReply) => {
      const answer = toErrorBody(error);
      const reply = frameworkReply as unknown as FastifyReply;
      void reply.code(answer.status).type("application/json; charset=utf-8").send(answer);
    },
  });

  // JSON bodies: the CLI's strict parser (duplicate names, nesting, exact numbers), with the
  // envelope's own levels (`{ verifiableCredentials: [ credential ] }`) on top of a credential's 64.
  // Decoded as Fastify's `parseAs: "string"` does (the joined bytes' UTF-8 text). With worker threads,
  // verify-batch has a parser of its own (routes/verifyBatch.ts: the body stays bytes, in a reused buffer).
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_request, body, done) => {
    try {
      done(null, parseRequestJson((body as Buffer).toString("utf8")));
    } catch (error) {
      done(error as ServeError, undefined);
    }
  });

  app.setErrorHandler((error: FastifyError | ServeError, request, reply) => {
    const answer = toErrorBody(error);
    if (answer.status >= 500 && !(error instanceof ServeError)) request.log.error(error);
    if (answer.status === 413) metrics.rejected.inc({ reason: "body-too-large" });
    else if (answer.status === 400 || answer.status === 415) metrics.rejected.inc({ reason: "bad-request" });
    else if (answer.status === 429) metrics.rejected.inc({ reason: "rate-limited" });
    const retry = error instanceof ServeError ? error.retryAfterSeconds : undefined;
    if (retry !== undefined) reply.header("retry-after", String(retry));
    void reply.code(answer.status).type("application/json; charset=utf-8").send(answer);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .code(404)
      .send({ code: "NOT_FOUND", message: `Nothing at ${request.method} ${request.url.split("?")[0]}.`, status: 404 });
  });

  // verify-batch's worker threads load the SDK when the service starts listening, not inside the
  // first batch (a service built for app.inject starts none).
  app.addHook("onListen", (done) => {
    verifier.startThreads();
    done();
  });

  // Once stopping, every answer closes its connection, so that a client's keep-alive connection does
  // not hold the shutdown open after its last request was answered.
  let closing = false;
  // The hooks on every request take Fastify's callback form: no promise and microtask per hook.
  app.addHook("onSend", (_request, reply, payload, done) => {
    if (closing) reply.header("connection", "close");
    done(null, payload);
  });
  app.addHook("onRequest", (_request, _reply, done) => {
    if (!closing) return done();
    done(
      new ServeError(
        503,
        "SHUTTING_DOWN",
        "This instance is stopping; send the request again (to another instance).",
        {},
        1,
      ),
    );
  });
  app.addHook("onResponse", (request, reply, done) => {
    const route = routeLabel(request);
    metrics.requests.inc({ route, method: request.method, status: String(reply.statusCode) });
    metrics.latency.observe({ route }, reply.elapsedTime / 1000);
    done();
  });

  if (config.corsOrigins.length > 0) {
    void app.register(cors, {
      origin: config.corsOrigins.includes("*") ? "*" : config.corsOrigins,
      methods: ["GET", "HEAD", "POST"],
      maxAge: 600,
    });
  }
  void app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new ServeError(
        429,
        "RATE_LIMITED",
        `Too many requests from this client: at most ${context.max} per ${context.after === "" ? "window" : Math.round(limits.rateLimitWindowMs / 1000) + " s"}; retry after ${context.after}.`,
        {},
        Math.max(1, Math.ceil(context.ttl / 1000)),
      ),
  });

  // Bounded concurrency: a request that would exceed the limit is answered 503 before its body is read.
  const slots = { verify: 0, batch: 0 };
  const acquire =
    (kind: "verify" | "batch") => (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
      const max = kind === "verify" ? limits.maxConcurrent : limits.maxConcurrentBatches;
      if (slots[kind] >= max) {
        metrics.rejected.inc({ reason: "saturated" });
        return done(
          new ServeError(
            503,
            "SATURATED",
            `The service is answering ${max} ${kind === "verify" ? "verify" : "batch"} requests already; retry in a second.`,
            {},
            1,
          ),
        );
      }
      slots[kind]++;
      (request as FastifyRequest & { slot?: () => void }).slot = once(() => slots[kind]--);
      done();
    };
  const release = (request: FastifyRequest) => (request as FastifyRequest & { slot?: () => void }).slot?.();
  const rateLimitConfig =
    limits.rateLimit > 0 ? { rateLimit: { max: limits.rateLimit, timeWindow: limits.rateLimitWindowMs } } : {};

  app.register(async (scope) => {
    scope.addHook("onResponse", (request, _reply, done) => {
      release(request);
      done();
    });
    scope.addHook("onRequestAbort", (request, done) => {
      release(request);
      done();
    });
    const shared = { verifier, metrics, statusTtlMs: config.cache.statusTtlMs, release };
    verifyRoute(scope, {
      ...shared,
      requestTimeoutMs: limits.requestTimeoutMs,
      routeOptions: { bodyLimit: limits.bodyLimit, onRequest: acquire("verify"), config: rateLimitConfig },
    });
    verifyBatchRoute(scope, {
      ...shared,
      limits,
      batchWorkersFrom: config.batchWorkersFrom,
      routeOptions: { bodyLimit: limits.batchBodyLimit, onRequest: acquire("batch"), config: rateLimitConfig },
    });
  });
  healthRoutes(app, verifier.chains);
  metricsRoute(app, metrics, verifier, () => slots);
  pageRoute(app, config.webDir);

  return {
    app,
    metrics,
    inFlight: () => slots.verify + slots.batch,
    close: async () => {
      closing = true;
      try {
        await app.close();
      } finally {
        await verifier.close();
      }
    },
  };
}

/** The route for metrics: the registered path, `page` for the verifier page's files, `unmatched` otherwise. */
function routeLabel(request: FastifyRequest): string {
  const url = request.routeOptions?.url;
  if (url === undefined) return "unmatched";
  return url === "/*" ? "page" : url;
}
