/**
 * Types of the read transport: how RPC endpoints are given, and what the transport reports.
 */
import type { Caip2ChainId } from "../../types";

/** The EIP-1193 `request` interface (a wallet's `window.ethereum`, Hardhat's `network.provider`, viem...). */
export interface Eip1193Provider {
  request(args: { method: string; params?: readonly unknown[] }): Promise<unknown>;
}

/**
 * One RPC endpoint: an HTTP(S) URL, an EIP-1193 provider, or either with a display name. URLs are
 * shown with their path tokens and query removed (they often carry API keys).
 */
export type RpcEndpointInput =
  | string
  | Eip1193Provider
  | { url: string; name?: string; headers?: Record<string, string> }
  | { provider: Eip1193Provider; name?: string };

/** `k` of `n` endpoints must return the same result. */
export interface QuorumOptions {
  /** How many endpoints must agree (1 <= k <= n). */
  k: number;
  /** How many endpoints are asked (n <= the number of endpoints). */
  n: number;
}

/** Options of one chain's read transport. */
export interface ReadTransportOptions {
  /** The chain every endpoint must serve; each endpoint's `eth_chainId` is checked once. */
  chain: Caip2ChainId;
  /** The endpoints, in order of preference (failover tries them in this order). */
  endpoints: readonly RpcEndpointInput[];
  /** When set, every read is sent to `n` endpoints and `k` must agree. */
  quorum?: QuorumOptions;
  /** Time allowed for one attempt at one endpoint, ms. Default 10,000. */
  timeoutMs?: number;
  /** Retries at the same endpoint after a network error, HTTP 5xx/429 or timeout. Default 2. */
  retries?: number;
  /** First backoff delay, ms; doubles on each retry (with jitter). Default 100. */
  retryDelayMs?: number;
  /** How long a failed endpoint is tried only after the others, ms. Default 30,000. */
  cooldownMs?: number;
  /**
   * With a quorum: the most blocks the `k` heads used may differ by (honest nodes are a block or two
   * apart; a liar's old head would pin every read before, say, a revocation). When no `k` endpoints
   * are this close, `blockNumber()` throws `QuorumError`. Default `defaultConfirmations(chainId)`.
   */
  maxHeadSpread?: number;
  /** The `fetch` to use for URL endpoints; default the global `fetch`. */
  fetch?: typeof fetch;
}

/** Requests sent, for benchmarks and diagnostics. */
export interface RpcStats {
  /** Every request sent to any endpoint (retries and `eth_chainId` checks included). */
  requests: number;
  /** Requests per JSON-RPC method. */
  byMethod: Record<string, number>;
  /** Requests per endpoint name. */
  byEndpoint: Record<string, number>;
  /** Attempts that failed with a network error, timeout or HTTP error. */
  failures: number;
}

/** What the transport knows of one endpoint. */
export interface EndpointState {
  name: string;
  /** `unchecked` until its chain id was read; `skipped` when it serves another chain. */
  state: "unchecked" | "ok" | "down" | "skipped";
  /** Why it is down or skipped. */
  reason?: string;
}

/** Options of one request. */
export interface RequestOptions {
  /**
   * Turns a result into the string that quorum compares (default: the JSON of the result with hex
   * strings lower-cased). Give the decoder when two encodings of one value are possible.
   */
  normalize?: (result: unknown) => string;
}

/** One chain's reads with failover and optional quorum. Create with `createReadTransport`. */
export interface ReadTransport {
  readonly chain: Caip2ChainId;
  readonly chainId: number;
  readonly quorum?: QuorumOptions;
  /** Sends one read; failover (or quorum) as configured. Throws the SDK errors of `errors/verify.ts`. */
  request<T = unknown>(method: string, params?: readonly unknown[], options?: RequestOptions): Promise<T>;
  /**
   * The chain head. With a quorum: of the highest `k` heads that lie within `maxHeadSpread` blocks of
   * each other, the lowest (k endpoints have reached it; honest nodes may differ by a block or two).
   */
  blockNumber(): Promise<bigint>;
  /** Counters since creation (or the last `resetStats`). */
  readonly stats: RpcStats;
  resetStats(): void;
  /** The state of every endpoint. */
  endpointStates(): EndpointState[];
}
