/**
 * The service's settings: everything that decides trust (networks, RPC endpoints, confirmations,
 * identity policy) and every limit. They are the operator's (flags and credanchor.config.json); a
 * request can never change them, only ask for fresher answers (docs/SERVE.md).
 */
import { availableParallelism } from "node:os";
import type { Caip2ChainId, IdentityMethod, IdentityMode, QuorumOptions, RpcEndpointInput } from "../../sdk/src/node";

/** One chain the service verifies credentials of. */
export interface ServeChain {
  /** The network's name (`localhost`, `sepolia`), for logs and /health. */
  name: string;
  chain: Caip2ChainId;
  chainId: number;
  /** In order of preference (failover); with `quorum`, k of n must agree. */
  endpoints: readonly RpcEndpointInput[];
  quorum?: QuorumOptions;
  /** Confirmations the anchoring block needs; default the SDK's per chain. */
  confirmations?: number;
  /** Per RPC attempt, ms (the SDK's default 10,000). */
  timeoutMs?: number;
  /** Retries per endpoint (the SDK's default 2). */
  retries?: number;
}

export interface ServeLimits {
  /** Largest body of POST /credentials/verify, bytes. Default 10 MiB (a credential's own limit). */
  bodyLimit: number;
  /** Largest body of POST /credentials/verify-batch, bytes. Default 64 MiB. */
  batchBodyLimit: number;
  /** Most credentials in one batch request. Default 10,000. */
  maxBatch: number;
  /** Verify requests in flight at once; more are answered 503 with Retry-After. Default 256. */
  maxConcurrent: number;
  /** Batch requests in flight at once. Default 2. */
  maxConcurrentBatches: number;
  /** Time to answer a verify request, ms; then 503 TIMEOUT. Default 15,000. */
  requestTimeoutMs: number;
  /** Time to answer a batch request, ms. Default 120,000. */
  batchTimeoutMs: number;
  /** Requests per client (IP) per `rateLimitWindowMs` on the verify endpoints; 0: no limit. Default 6,000. */
  rateLimit: number;
  /** Default 60,000. */
  rateLimitWindowMs: number;
}

export interface ServeCacheSettings {
  /** How long revocation/suspension statuses, live batch records and profiles are reused, ms. Default 30,000. */
  statusTtlMs: number;
  /** How long the chain head and finalized block are reused, ms. Default 1,000. */
  headTtlMs: number;
  /** How long DNS TXT answers and did:web documents are reused, ms. Default 300,000. */
  identityTtlMs: number;
  /** Most cached reads per chain, and most cached identity answers per kind. Default 100,000. */
  maxEntries: number;
  /**
   * The chain cache's clock (ms since the epoch): when an answer was read, whether a cached one or the
   * head read as a batch's body began is still young enough, and `statusAge`. Default `Date.now`; tests
   * drive it.
   */
  now?: () => number;
}

export interface ServeConfig {
  /** Default 127.0.0.1. */
  host: string;
  /** Default 8080; 0 picks a free port. */
  port: number;
  chains: ServeChain[];
  /** When the issuer's domain binding is checked (the SDK's `identity`). Default `auto`. */
  identity: IdentityMode;
  /** DNS servers for the binding's TXT records; default the system's. */
  dnsServers?: string[];
  identityMethods?: IdentityMethod[];
  limits: ServeLimits;
  cache: ServeCacheSettings;
  /** Origins allowed by CORS (`*` for any); empty: no CORS headers (same origin only). */
  corsOrigins: string[];
  /** Take the client address from X-Forwarded-For (behind a proxy you run). Default false. */
  trustProxy: boolean;
  /** The built verifier page (web/dist); undefined or missing: GET / answers 404 with a hint. */
  webDir?: string;
  /** Log one line per request (JSON, stdout). Default false. */
  logRequests: boolean;
  /** DID documents known in advance, by DID (tests, demos): used instead of fetching did.json. */
  didDocuments?: Readonly<Record<string, unknown>>;
  /**
   * Worker threads that verify verify-batch credentials (every check) and write their answers'
   * JSON, asking the request's thread for their chain reads (cli/serve/batchThreads.ts). Default: one
   * per core; 0: none.
   */
  batchWorkers: number;
  /** Fewest credentials in a verify-batch request for the worker threads to take it. Default 500. */
  batchWorkersFrom: number;
  /**
   * Credentials per part of a verify-batch on the worker threads: a thread verifies a part and writes
   * its answers, then takes the next. Default 1,000.
   */
  batchPart: number;
  /**
   * The young generation of each verify-batch thread, MiB (cli/serve/batchThreads.ts); 0: V8's default
   * (48 here). Default 192. The price is memory: see docs/SERVE.md ("Memory").
   */
  batchYoungGenerationMiB: number;
}

/**
 * Each part reads the statuses of its own credentials (one `credentialStatuses` call when not cached):
 * 1,000 keeps a 10,000-credential batch to ten parts, small enough to share them out between the
 * threads and to have the first parts' answers written while the threads verify the rest.
 */
export const DEFAULT_BATCH_PART = 1_000;

/**
 * The young generation of each verify-batch thread, MiB (V8's default here: 48, two semi-spaces of 16). A thread
 * holds a part's 1,000 parsed credentials and their results while its chain reads come back; with the default
 * most of that survives two scavenges, is copied twice and promoted, and the old generation's marking follows.
 * With room for a part, a part's objects die young. Measured in docs/PERFORMANCE.md ("verify-batch, December 7
 * evening" and "second evening round"), its memory in docs/SERVE.md.
 */
export const DEFAULT_BATCH_YOUNG_GENERATION_MIB = 192;

/** Below this many credentials a batch is checked on the request's thread: handing it over costs more. */
export const DEFAULT_BATCH_WORKERS_FROM = 500;

export const DEFAULT_LIMITS: ServeLimits = {
  bodyLimit: 10 * 1024 * 1024,
  batchBodyLimit: 64 * 1024 * 1024,
  maxBatch: 10_000,
  maxConcurrent: 256,
  maxConcurrentBatches: 2,
  requestTimeoutMs: 15_000,
  batchTimeoutMs: 120_000,
  rateLimit: 6_000,
  rateLimitWindowMs: 60_000,
};

export const DEFAULT_CACHE: ServeCacheSettings = {
  statusTtlMs: 30_000,
  headTtlMs: 1_000,
  identityTtlMs: 300_000,
  maxEntries: 100_000,
};

/**
 * A full configuration from the parts given.
 *
 * @example
 * const config = serveConfig({ chains: [{ name: "localhost", chain: "eip155:31337", chainId: 31337, endpoints: [url] }] });
 */
export function serveConfig(
  partial: Partial<Omit<ServeConfig, "limits" | "cache">> & {
    chains: ServeChain[];
    limits?: Partial<ServeLimits>;
    cache?: Partial<ServeCacheSettings>;
  },
): ServeConfig {
  return {
    host: "127.0.0.1",
    port: 8080,
    identity: "auto",
    corsOrigins: [],
    trustProxy: false,
    logRequests: false,
    batchWorkers: availableParallelism(),
    batchWorkersFrom: DEFAULT_BATCH_WORKERS_FROM,
    batchPart: DEFAULT_BATCH_PART,
    batchYoungGenerationMiB: DEFAULT_BATCH_YOUNG_GENERATION_MIB,
    ...partial,
    limits: { ...DEFAULT_LIMITS, ...partial.limits },
    cache: { ...DEFAULT_CACHE, ...partial.cache },
  };
}
