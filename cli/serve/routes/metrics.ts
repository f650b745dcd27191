/** GET /metrics: the Prometheus text, with the RPC, cache and in-flight series read when scraped. */
import type { FastifyInstance } from "fastify";
import { CACHE_KINDS } from "../cachingTransport";
import { PROMETHEUS_CONTENT_TYPE, type Metrics } from "../metrics";
import type { Verifier } from "../verifier";

/**
 * Adds the series read at each scrape to `metrics` and serves them.
 *
 * @example
 * metricsRoute(app, metrics, verifier, () => ({ verify: 0, batch: 0 }));
 */
export function metricsRoute(
  app: FastifyInstance,
  metrics: Metrics,
  verifier: Verifier,
  inFlight: () => { verify: number; batch: number },
): void {
  const { chains, counters, identityCounters, identityCache } = verifier;
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
      { labels: { endpoint: "verify" }, value: inFlight().verify },
      { labels: { endpoint: "verify-batch" }, value: inFlight().batch },
    ],
  });
  metrics.sample({
    name: "credanchor_batch_credentials_total",
    help: "verify-batch credentials by the thread that verified them (worker, or the request's thread).",
    type: "counter",
    read: () => [
      { labels: { thread: "worker" }, value: verifier.batchCredentials.worker },
      { labels: { thread: "request" }, value: verifier.batchCredentials.request },
    ],
  });
  app.get("/metrics", async (_request, reply) => reply.type(PROMETHEUS_CONTENT_TYPE).send(metrics.render()));
}
