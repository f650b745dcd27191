/**
 * `credanchor serve`: the W3C VC API verification service (docs/SERVE.md), a client of the SDK like
 * the rest of cli/. Fastify does the HTTP; this file wires the routes, the limits, the caches and the
 * metrics. Stateless: any number of instances can run behind a load balancer.
 */
import cors from "@fastify/cors";
import rateLimit from "@fastify/rate-limit";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { AddressInfo } from "node:net";
import {
  type Caip2ChainId,
  createDidWebKeyResolver,
  createIdentityResolver,
  createReadTransport,
  createVerifyThreads,
  defaultMinConfirmations,
  type DidDocumentLookup,
  type ErrorLocation,
  type IdentityCache,
  type IdentityResolver,
  JSON_RULE_ERROR_CODE,
  MAX_NESTING_DEPTH,
  parseCredentialJson,
  type ReadTransport,
  type TxtLookup,
  type VerificationResult,
  verifyCredentials,
  type VerifyOptions,
} from "../../sdk/src/node";
import { identityLookupOptions } from "../lib/identityLookup";
import { CACHE_KINDS, createCachingTransport, type CacheKind, type CachingTransport } from "./cachingTransport";
import type { ServeConfig } from "./config";
import { Metrics, PROMETHEUS_CONTENT_TYPE } from "./metrics";
import { splitBatchBody } from "./splitBatchBody";
import { loadStaticFiles, type StaticFile } from "./staticFiles";
import { TtlCache, type CacheCounters } from "./ttlCache";
import { toVcApiVerification, type VcApiVerification } from "./vcApi";

/** An HTTP error the service answers with: status, a stable code, one sentence. */
export class ServeError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ServeError";
  }
}

/** The JSON body of every error answer. */
export interface ErrorBody {
  code: string;
  message: string;
  status: number;
  [key: string]: unknown;
}

/** How old the chain answers behind a verdict are. */
export interface StatusAge {
  /** When the oldest revocation/suspension/anchor answer used was read from the chain (ISO 8601). */
  readAt: string;
  /** Its age when the verdict was made, seconds (0: read for this request). */
  ageSeconds: number;
}

/** POST /credentials/verify's answer. */
export type VerifyResponse = VcApiVerification & { statusAge?: StatusAge };

/** POST /credentials/verify-batch's answer. */
export interface VerifyBatchResponse {
  summary: { total: number; verified: number; valid: number; invalid: number; error: number; notCredential: number };
  results: VcApiVerification[];
  statusAge?: StatusAge;
}

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

/** What a request may ask (`options` of the VC API request): only narrowing, never trust. */
interface RequestOptions {
  /** Statuses no older than this, ms (at most the operator's TTL; 0: read now). */
  maxAgeMs?: number;
  /** false: skip reading revocation reasons (faster); default true. */
  statusReasons?: boolean;
}

const REQUEST_OPTION_NAMES = ["maxStatusAge", "statusReasons"] as const;

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

  // Chain reads: one failover/quorum transport per chain, behind one shared cache.
  const counters = Object.fromEntries(CACHE_KINDS.map((kind) => [kind, { hits: 0, misses: 0 }])) as Record<
    CacheKind,
    CacheCounters
  >;
  const chains = new Map<Caip2ChainId, { caching: CachingTransport; base: ReadTransport; name: string }>();
  const minConfirmations: Partial<Record<Caip2ChainId, number>> = {};
  for (const chain of config.chains) {
    const base = createReadTransport({
      chain: chain.chain,
      endpoints: chain.endpoints,
      ...(chain.quorum ? { quorum: chain.quorum } : {}),
      ...(chain.timeoutMs !== undefined ? { timeoutMs: chain.timeoutMs } : {}),
      ...(chain.retries !== undefined ? { retries: chain.retries } : {}),
    });
    const confirmations = chain.confirmations ?? defaultMinConfirmations(chain.chainId);
    if (chain.confirmations !== undefined) minConfirmations[chain.chain] = chain.confirmations;
    const caching = createCachingTransport(base, {
      statusTtlMs: config.cache.statusTtlMs,
      headTtlMs: config.cache.headTtlMs,
      maxEntries: config.cache.maxEntries,
      confirmations,
      counters,
    });
    chains.set(chain.chain, { caching, base, name: chain.name });
  }

  // Identity answers (DNS TXT, did.json): one bounded cache for every request, shared with the signature check.
  const identityCounters = { dns: { hits: 0, misses: 0 }, "did-web": { hits: 0, misses: 0 } };
  const identityCache: IdentityCache = {
    txt: new TtlCache<string, Promise<TxtLookup>>({
      ttlMs: config.cache.identityTtlMs,
      maxEntries: config.cache.maxEntries,
      counters: identityCounters.dns,
    }),
    didDocuments: new TtlCache<string, Promise<DidDocumentLookup>>({
      ttlMs: config.cache.identityTtlMs,
      maxEntries: config.cache.maxEntries,
      counters: identityCounters["did-web"],
    }),
  };
  const resolveIdentity = createIdentityResolver({
    ...identityLookupOptions({ dnsServers: config.dnsServers, methods: config.identityMethods }),
    cache: identityCache,
  });
  const identityResolver: IdentityResolver = (input) =>
    resolveIdentity({ issuer: input.issuer, chain: input.chain, registry: input.registry, profile: input.profile });
  const signatureKeyResolver = createDidWebKeyResolver({
    cache: identityCache,
    ...(config.didDocuments ? { documents: config.didDocuments } : {}),
  });

  /** Runs `verifyWith` with the request's views of the chain caches, and says how old their answers were. */
  const withChainViews = async (
    options: RequestOptions,
    verifyWith: (sdkOptions: VerifyOptions) => Promise<VerificationResult[] | undefined>,
  ): Promise<{ results: VerificationResult[]; statusAge?: StatusAge } | undefined> => {
    const rpc: NonNullable<VerifyOptions["rpc"]> = {};
    const views = [];
    for (const [chain, { caching }] of chains) {
      const view = caching.view(options.maxAgeMs !== undefined ? { maxAgeMs: options.maxAgeMs } : {});
      views.push(view);
      rpc[chain] = view;
    }
    const results = await verifyWith({
      rpc,
      identityResolver,
      identity: config.identity,
      signatureKeyResolver,
      minConfirmations,
      statusReasons: options.statusReasons ?? true,
    });
    if (results === undefined) return undefined;
    const now = Date.now();
    let oldest: number | undefined;
    for (const view of views) {
      const at = view.oldestReadAt();
      if (at !== undefined && (oldest === undefined || at < oldest)) oldest = at;
    }
    const statusAge =
      oldest === undefined
        ? undefined
        : { readAt: new Date(oldest).toISOString(), ageSeconds: Math.max(0, Math.round((now - oldest) / 100) / 10) };
    return { results, ...(statusAge ? { statusAge } : {}) };
  };
  const verify = async (credentials: readonly unknown[], options: RequestOptions) =>
    (await withChainViews(options, (sdkOptions) => verifyCredentials(credentials, sdkOptions)))!;

  /**
   * POST /credentials/verify: requests that arrive together (in one turn of the event loop, at most
   * VERIFY_GROUP_SIZE) with the same options are verified in one `verifyCredentials` call, so they
   * share one set of chain reads (head, batch record, statuses, profile) instead of one per request.
   * Each gets its own result (index 0, as alone); the status age is the group's oldest answer, so it
   * never says a status is younger than it is.
   */
  const groups = new Map<string, VerifyGroup>();
  const verifyOne = (credential: unknown, options: RequestOptions) =>
    new Promise<{ result: VerificationResult; statusAge?: StatusAge }>((resolve, reject) => {
      const key = `${options.maxAgeMs ?? ""}/${options.statusReasons ?? ""}`;
      let group = groups.get(key);
      if (!group) {
        const own: VerifyGroup = { credentials: [], waiters: [] };
        groups.set(key, own);
        setImmediate(() => {
          if (groups.get(key) === own) groups.delete(key);
          verify(own.credentials, options).then(
            ({ results, statusAge }) =>
              own.waiters.forEach((waiter, i) =>
                waiter.resolve({ result: { ...results[i], index: 0 }, ...(statusAge ? { statusAge } : {}) }),
              ),
            (error: unknown) => own.waiters.forEach((waiter) => waiter.reject(error)),
          );
        });
        group = own;
      }
      group.credentials.push(credential);
      group.waiters.push({ resolve, reject });
      if (group.credentials.length >= VERIFY_GROUP_SIZE) groups.delete(key);
    });

  // verify-batch's worker threads (the SDK's, as `credanchor verify` uses them): each thread parses
  // and checks credential texts (format, integrity, inclusion, validity, signature), this thread reads
  // the chain for all of them at once. Started with the first batch that uses them.
  const threads = config.batchWorkers > 0 ? createVerifyThreads(config.batchWorkers) : undefined;
  /**
   * A batch from the texts of its credentials (splitBatchBody): the threads take every text that
   * cannot need the service's own DID-document resolver or a stack's components (no `cryptosuite`, no
   * `ClrCredential`, no `\u` escape that could spell either), this thread the rest, parsed here.
   * Undefined when a text is not acceptable JSON: the caller then parses the whole body, which
   * answers with the JSON error and its line and column, as without threads.
   */
  const verifyTexts = (texts: readonly string[], options: RequestOptions) =>
    withChainViews(options, async (sdkOptions) => {
      const here: number[] = [];
      const there: number[] = [];
      for (let i = 0; i < texts.length; i++) {
        const text = texts[i];
        const own = text.includes("cryptosuite") || text.includes("ClrCredential") || text.includes("\\u");
        (own ? here : there).push(i);
      }
      const parsed: unknown[] = [];
      for (const i of here) {
        try {
          parsed.push(parseCredentialJson(texts[i]));
        } catch {
          return undefined;
        }
      }
      const { signatureKeyResolver: _own, ...threadOptions } = sdkOptions;
      const [mine, theirs] = await Promise.all([
        here.length > 0 ? verifyCredentials(parsed, sdkOptions) : [],
        there.length > 0
          ? threads!.verifyTexts(
              there.map((i) => texts[i]),
              threadOptions,
            )
          : [],
      ]);
      const results: VerificationResult[] = new Array(texts.length);
      mine.forEach((result, k) => (results[here[k]] = { ...result, index: here[k] }));
      for (let k = 0; k < theirs.length; k++) {
        const result = theirs[k];
        // Only a text the strict parser refused has a format check with a location (runOfflineChecks).
        if (result.checks[0]?.details?.location !== undefined) return undefined;
        results[there[k]] = { ...result, index: there[k] };
      }
      return results;
    });

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
  // A verify-batch body with worker threads stays text here: the handler splits it (splitBatchBody).
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    if (threads && request.routeOptions.url === "/credentials/verify-batch") {
      done(null, new BatchBodyText(body as string));
      return;
    }
    try {
      done(null, parseRequestJson(body as string));
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
    return { list, options: requestOptions(body.options, config.cache.statusTtlMs) };
  };

  app.register(async (scope) => {
    scope.addHook("onResponse", (request, _reply, done) => {
      release(request);
      done();
    });
    scope.addHook("onRequestAbort", (request, done) => {
      release(request);
      done();
    });

    scope.post(
      "/credentials/verify",
      { bodyLimit: limits.bodyLimit, onRequest: acquire("verify"), config: rateLimitConfig },
      async (request, reply) => {
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
          const options = requestOptions(body.options, config.cache.statusTtlMs);
          const { result, statusAge } = await withTimeout(verifyOne(credential, options), limits.requestTimeoutMs);
          const answer: VerifyResponse = { ...toVcApiVerification(result), ...(statusAge ? { statusAge } : {}) };
          metrics.verdicts.inc({ outcome: answer.credanchor.verdict, endpoint: "verify" });
          return reply.code(200).send(answer);
        } finally {
          release(request);
        }
      },
    );

    scope.post(
      "/credentials/verify-batch",
      { bodyLimit: limits.batchBodyLimit, onRequest: acquire("batch"), config: rateLimitConfig },
      async (request, reply) => {
        try {
          const started = Date.now();
          const raw = request.body instanceof BatchBodyText ? request.body.text : undefined;
          const split = raw !== undefined ? splitBatchBody(raw) : undefined;
          let outcome: { results: VerificationResult[]; statusAge?: StatusAge } | undefined;
          // A request error is answered by the whole-body path below, where a JSON error comes first.
          const splitRequest =
            split && split.credentials.length >= config.batchWorkersFrom
              ? attempt(() => batchRequest({ ...split.members, verifiableCredentials: split.credentials }))
              : undefined;
          if (splitRequest) {
            const { list, options } = splitRequest;
            outcome = await withTimeout(verifyTexts(list as string[], options), limits.batchTimeoutMs);
          }
          if (outcome === undefined) {
            const { list, options } = batchRequest(
              requestBody(raw !== undefined ? parseRequestJson(raw) : request.body),
            );
            const left = limits.batchTimeoutMs - (Date.now() - started);
            outcome = await withTimeout(verify(list, options), Math.max(1, left));
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
          release(request);
        }
      },
    );
  });

  // Liveness: the process answers. Readiness: every configured chain answers eth_chainId with its id.
  const ready = async (): Promise<{ ready: boolean; chains: Record<string, unknown> }> => {
    const report: Record<string, unknown> = {};
    let ok = true;
    await Promise.all(
      [...chains].map(async ([chain, { base, name }]) => {
        try {
          const answer = await withTimeout(base.request<string>("eth_chainId"), 5_000);
          const id = typeof answer === "string" ? Number(BigInt(answer)) : NaN;
          if (id !== base.chainId) {
            ok = false;
            report[chain] = { name, ready: false, reason: `the endpoint answered chain id ${String(answer)}` };
          } else report[chain] = { name, ready: true };
        } catch (error) {
          ok = false;
          const reason =
            error instanceof ServeError
              ? "no answer within 5 s"
              : ((error as { shortMessage?: string }).shortMessage ?? (error as Error).message);
          report[chain] = { name, ready: false, reason };
        }
      }),
    );
    return { ready: ok && chains.size > 0, chains: report };
  };
  const readyAnswer = async (reply: FastifyReply) => {
    const { ready: isReady, chains: report } = await ready();
    if (isReady) return reply.code(200).send({ status: "ready", chains: report });
    return reply.code(503).send({
      code: "NOT_READY",
      message:
        chains.size === 0
          ? "No chain is configured."
          : "A configured chain does not answer with its chain id; see chains.",
      status: 503,
      chains: report,
    });
  };
  app.get("/health", async (request, reply) => {
    if (Object.hasOwn((request.query ?? {}) as object, "ready")) return readyAnswer(reply);
    return reply.send({ status: "ok" });
  });
  app.get("/health/ready", async (_request, reply) => readyAnswer(reply));

  metrics.sample({
    name: "credanchor_rpc_requests_total",
    help: "JSON-RPC requests sent, per chain (retries and chain-id checks included).",
    type: "counter",
    read: () => [...chains].map(([chain, { base }]) => ({ labels: { chain }, value: base.stats.requests })),
  });
  metrics.sample({
    name: "credanchor_rpc_errors_total",
    help: "JSON-RPC attempts that failed (network error, timeout, HTTP error), per chain.",
    type: "counter",
    read: () => [...chains].map(([chain, { base }]) => ({ labels: { chain }, value: base.stats.failures })),
  });
  const cacheSeries = (field: "hits" | "misses") => () => [
    ...CACHE_KINDS.map((kind) => ({ labels: { cache: kind }, value: counters[kind][field] })),
    ...Object.entries(identityCounters).map(([kind, c]) => ({ labels: { cache: kind }, value: c[field] })),
  ];
  metrics.sample({
    name: "credanchor_cache_hits_total",
    help: "Reads answered from the cache, by kind.",
    type: "counter",
    read: cacheSeries("hits"),
  });
  metrics.sample({
    name: "credanchor_cache_misses_total",
    help: "Reads sent to the chain, DNS or the web, by kind.",
    type: "counter",
    read: cacheSeries("misses"),
  });
  metrics.sample({
    name: "credanchor_cache_entries",
    help: "Entries held in the caches.",
    type: "gauge",
    read: () => [
      ...[...chains].map(([chain, { caching }]) => ({ labels: { cache: `chain:${chain}` }, value: caching.size() })),
      { labels: { cache: "dns" }, value: identityCache.txt.size },
      { labels: { cache: "did-web" }, value: identityCache.didDocuments.size },
    ],
  });
  metrics.sample({
    name: "credanchor_requests_in_flight",
    help: "Verify and batch requests being answered.",
    type: "gauge",
    read: () => [
      { labels: { endpoint: "verify" }, value: slots.verify },
      { labels: { endpoint: "verify-batch" }, value: slots.batch },
    ],
  });
  app.get("/metrics", async (_request, reply) => reply.type(PROMETHEUS_CONTENT_TYPE).send(metrics.render()));

  // The verifier page, from memory (staticFiles.ts).
  let page: Map<string, StaticFile> | undefined;
  let pageProblem = "no page folder is configured (--web-dir)";
  if (config.webDir !== undefined) {
    try {
      page = loadStaticFiles(config.webDir);
      if (!page.has("/")) pageProblem = `${config.webDir} has no index.html (run \`npm run build:web\`)`;
    } catch (error) {
      page = undefined;
      pageProblem = `${config.webDir} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); run \`npm run build:web\``;
    }
  }
  app.get("/*", async (request, reply) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url, "http://service.invalid").pathname);
    } catch {
      pathname = "";
    }
    const file = page?.get(pathname);
    if (!file) {
      const hint = !page?.has("/") ? ` The verifier page is not available: ${pageProblem}.` : "";
      return reply
        .code(404)
        .send({ code: "NOT_FOUND", message: `Nothing at GET ${pathname || "?"}.${hint}`, status: 404 });
    }
    return reply
      .header("x-content-type-options", "nosniff")
      .header("cache-control", pathname === "/" || pathname.endsWith(".html") ? "no-cache" : "public, max-age=3600")
      .type(file.type)
      .send(file.body);
  });

  return {
    app,
    metrics,
    inFlight: () => slots.verify + slots.batch,
    close: async () => {
      closing = true;
      try {
        await app.close();
      } finally {
        await threads?.close();
      }
    },
  };
}

/** Most single verify requests verified together (see verifyOne). */
const VERIFY_GROUP_SIZE = 64;

/** Single verify requests waiting for one `verifyCredentials` call. */
interface VerifyGroup {
  credentials: unknown[];
  waiters: {
    resolve(answer: { result: VerificationResult; statusAge?: StatusAge }): void;
    reject(error: unknown): void;
  }[];
}

/** A verify-batch body as received, for the handler to split (splitBatchBody) or parse whole. */
class BatchBodyText {
  constructor(readonly text: string) {}
}

/**
 * A JSON request body with the CLI's strict parser (duplicate names, nesting, exact numbers), with the
 * envelope's own levels (`{ verifiableCredentials: [ credential ] }`) on top of a credential's 64;
 * a 400 ServeError with the line, column and pointer when it is not acceptable.
 */
function parseRequestJson(text: string): unknown {
  try {
    return parseCredentialJson(text, { maxDepth: MAX_NESTING_DEPTH + 3, maxLength: Infinity });
  } catch (error) {
    const e = error as { shortMessage?: string; message: string; code?: string; location?: ErrorLocation };
    const at = e.location;
    const where =
      at?.line !== undefined ? ` (line ${at.line}, column ${at.column}${at.pointer ? `, at ${at.pointer}` : ""})` : "";
    throw new ServeError(
      400,
      e.code === JSON_RULE_ERROR_CODE ? "JSON_RULE" : "INVALID_JSON",
      `The request body is not acceptable JSON${where}: ${e.shortMessage ?? e.message}`,
      {
        ...(at?.line !== undefined ? { line: at.line, column: at.column } : {}),
        ...(at?.pointer !== undefined ? { pointer: at.pointer } : {}),
      },
    );
  }
}

/** `run()`, or undefined when it throws. */
function attempt<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}

/** The request body as an object (the content-type parser has parsed it). */
function requestBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) {
    throw new ServeError(400, "EMPTY_BODY", "The request has no body: send JSON with Content-Type: application/json.");
  }
  if (typeof body !== "object" || Array.isArray(body)) {
    throw new ServeError(400, "INVALID_REQUEST", "The request body must be a JSON object.", { pointer: "" });
  }
  return body as Record<string, unknown>;
}

/**
 * The request's `options`: `maxStatusAge` (seconds; fresher statuses than the operator's TTL) and
 * `statusReasons` (false: no revocation reasons). Anything else is refused: endpoints, registries,
 * confirmations and identity policy are the operator's.
 */
function requestOptions(value: unknown, statusTtlMs: number): RequestOptions {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new ServeError(400, "INVALID_OPTIONS", "options must be a JSON object.", { pointer: "/options" });
  }
  const options: RequestOptions = {};
  for (const [name, option] of Object.entries(value)) {
    if (name === "maxStatusAge") {
      if (typeof option !== "number" || !Number.isFinite(option) || option < 0) {
        throw new ServeError(400, "INVALID_OPTIONS", "options.maxStatusAge must be a number of seconds >= 0.", {
          pointer: "/options/maxStatusAge",
        });
      }
      options.maxAgeMs = Math.min(option * 1000, statusTtlMs);
    } else if (name === "statusReasons") {
      if (typeof option !== "boolean") {
        throw new ServeError(400, "INVALID_OPTIONS", "options.statusReasons must be true or false.", {
          pointer: "/options/statusReasons",
        });
      }
      options.statusReasons = option;
    } else {
      throw new ServeError(
        400,
        "OPTION_NOT_ALLOWED",
        `options.${name} is not accepted: a request may only set ${REQUEST_OPTION_NAMES.join(" and ")}; networks, RPC endpoints, registries, confirmations and the identity policy are the service's settings.`,
        { pointer: `/options/${name.replace(/~/g, "~0").replace(/\//g, "~1")}` },
      );
    }
  }
  return options;
}

/** `work`, or a 503 TIMEOUT once `ms` have passed (the work itself is not cancelled). */
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ServeError(503, "TIMEOUT", `No verdict within ${ms / 1000} s; retry later.`, {}, 1)),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function once(run: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      run();
    }
  };
}

/** The route for metrics: the registered path, `page` for the verifier page's files, `unmatched` otherwise. */
function routeLabel(request: FastifyRequest): string {
  const url = request.routeOptions?.url;
  if (url === undefined) return "unmatched";
  return url === "/*" ? "page" : url;
}

/** Any error as the JSON body the service answers with. */
function toErrorBody(error: FastifyError | ServeError | Error): ErrorBody {
  if (error instanceof ServeError) {
    return { code: error.code, message: error.message, status: error.statusCode, ...error.extra };
  }
  const e = error as FastifyError;
  switch (e.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return {
        code: "BODY_TOO_LARGE",
        message: "The request body is larger than this endpoint accepts (see docs/SERVE.md, limits).",
        status: 413,
      };
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return { code: "UNSUPPORTED_MEDIA_TYPE", message: "Send JSON with Content-Type: application/json.", status: 415 };
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return {
        code: "EMPTY_BODY",
        message: "The request has no body: send JSON with Content-Type: application/json.",
        status: 400,
      };
    case "FST_ERR_BAD_URL":
      return { code: "BAD_URL", message: "The URL does not decode (a malformed %-escape).", status: 400 };
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return { code: "INVALID_CONTENT_LENGTH", message: "The Content-Length does not match the body.", status: 400 };
  }
  const status = typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 500;
  if (status === 500)
    return { code: "INTERNAL", message: "The service failed to answer (a bug; see its log).", status };
  return { code: e.code ?? "BAD_REQUEST", message: e.message, status };
}
