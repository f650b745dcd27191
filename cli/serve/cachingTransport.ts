/**
 * The service's cache of chain reads: a read transport (the SDK's `ReadTransport`, so it goes into
 * `VerifyOptions.rpc` as is) in front of one chain's failover/quorum transport, shared by every
 * request. The SDK pins each run's reads to the head block; the cache keys reads by what they ask
 * (registry and call data), not by that block, and serves an answer for a bounded time:
 *
 * - the head (`eth_blockNumber`, and the `finalized` / `safe` block) for `headTtlMs`;
 * - `batch(root)`: a batch that is anchored, revoked as a whole (final: it can never change again)
 *   and at least `confirmations` blocks deep is kept for good; any other batch record (its slot also
 *   holds whether the batch is revoked) for `statusTtlMs`, like the statuses
 *   (`credentialStatuses`, kept per credential: root and index; the status word reads, calls without
 *   `to`, kept per call), the profile, the status events and block times;
 * - nothing else (eth_chainId...) is cached; failed reads are never cached, except that a status word
 *   read the node refused (answered with a JSON-RPC error: a node that does not run a call without
 *   `to`, or a registry that reverts it) is remembered per registry for `statusTtlMs`: that registry's
 *   next word reads get the same error without being sent, and the SDK reads `credentialStatuses`
 *   instead at once (docs/SPEC.md 7.5), in every request and on every thread, not once per part.
 *
 * Concurrent requests for the same read share one RPC request. A request may ask for fresher
 * answers than the TTL (`maxAgeMs`), never for older ones. Each request's view reads one head (or takes
 * one read earlier, `HeadRead`, while it is still young enough) and remembers the oldest answer it was
 * given, so the response can say how old the status is. An answer read through a view is dated by the
 * view's head (when that head was read), not by when the answer came: it is the state of that block.
 */
import { encodeFunctionData } from "viem";
import {
  credentialRegistryAbi,
  decodeBatchResult,
  type Hex,
  type ReadTransport,
  type RequestOptions,
  RpcResponseError,
  statusWordsReadRegistry,
} from "../../sdk/src/node";
import { TtlCache, type CacheCounters } from "./ttlCache";

/** The kinds of cached reads, as /metrics counts them. */
export const CACHE_KINDS = ["head", "anchor", "status", "profile", "events", "block"] as const;
export type CacheKind = (typeof CACHE_KINDS)[number];

export interface ChainCacheOptions {
  /** How long statuses, profiles and live batch records are served, ms. */
  statusTtlMs: number;
  /** How long the head and the finalized block are served, ms. */
  headTtlMs: number;
  /** Most cached reads held for this chain (least recently used dropped first). */
  maxEntries: number;
  /** Blocks a revoked batch's anchoring block must be below the head before it is kept for good. */
  confirmations: number;
  /** Hit and miss counters per kind, shared with /metrics. */
  counters: Record<CacheKind, CacheCounters>;
  /** The clock, for tests. */
  now?: () => number;
}

/** One request's view of the cache: a read transport that remembers the oldest answer it served. */
export interface RequestTransport extends ReadTransport {
  /**
   * When the oldest answer this view served (batch record, statuses, profile, events) was read from
   * the chain (ms since the epoch): for an answer read at a head, when that head was read.
   */
  oldestReadAt(): number | undefined;
}

/** A head read (or taken from the cache) ahead of its use, and when it was read from the chain. */
export interface HeadRead {
  block: Promise<bigint>;
  /** When it was read (the cache entry's time when it came from the cache), ms since the epoch. */
  readAt: number;
}

export interface ViewOptions {
  /** Answers no older than this, ms (below the TTLs: fresher; never older). */
  maxAgeMs?: number;
  /**
   * Heads read earlier for this request (`readHead`: as its body began to arrive, and again as its last
   * byte arrived if the first was half the head TTL old by then): the view's head is the newest of them
   * that, at the view's first head read, is younger than the head TTL (and `maxAgeMs`); if none is,
   * they are dropped and the view reads its head as without them.
   */
  heads?: readonly HeadRead[];
}

/** A chain's shared cache; `view()` per request. */
export interface CachingTransport {
  readonly base: ReadTransport;
  view(options?: ViewOptions): RequestTransport;
  /**
   * The head, from the cache when younger than the head TTL (and `maxAgeMs`, if given), else read (counted
   * as any head read), and when it was read.
   */
  readHead(maxAgeMs?: number): HeadRead;
  /** Entries held, for /metrics. */
  size(): number;
}

interface Entry {
  value: Promise<unknown>;
  at: number;
  kind: CacheKind;
  permanent: boolean;
}

const BATCH_SELECTOR = encodeFunctionData({
  abi: credentialRegistryAbi,
  functionName: "batch",
  args: [`0x${"00".repeat(32)}`],
}).slice(0, 10);
const PROFILE_SELECTOR = encodeFunctionData({ abi: credentialRegistryAbi, functionName: "profile" }).slice(0, 10);
const STATUSES_SELECTOR = "0xf9652188";

/**
 * @example
 * const cache = createCachingTransport(createReadTransport({ chain, endpoints }), {
 *   statusTtlMs: 30_000, headTtlMs: 1_000, maxEntries: 100_000, confirmations: 12, counters,
 * });
 * await verifyCredentials([credential], { rpc: { [chain]: cache.view() } });
 */
export function createCachingTransport(base: ReadTransport, options: ChainCacheOptions): CachingTransport {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  /** The status word reads a node refused, by registry (lower-case): the error it answered. */
  const refusedWordReads = new TtlCache<string, RpcResponseError>({
    ttlMs: options.statusTtlMs,
    maxEntries: options.maxEntries,
    now,
  });

  const lookup = (key: string, maxAgeMs: number): Entry | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (!entry.permanent && now() - entry.at >= maxAgeMs) {
      entries.delete(key);
      return undefined;
    }
    entries.delete(key);
    entries.set(key, entry); // most recently used last
    return entry;
  };

  const store = (key: string, kind: CacheKind, read: () => Promise<unknown>, at: number): Entry => {
    const entry: Entry = { value: read(), at, kind, permanent: false };
    entries.set(key, entry);
    while (entries.size > options.maxEntries) entries.delete(entries.keys().next().value as string);
    entry.value.catch(() => {
      if (entries.get(key) === entry) entries.delete(key);
    });
    return entry;
  };

  /** A read through the cache; a new entry is dated `at` (when the state it reads was the chain's). */
  const cached = <T>(
    plan: ReadPlan,
    maxAgeMs: number,
    read: () => Promise<T>,
    served: (entry: Entry) => void,
    at: number,
  ): Promise<T> => {
    const { key, kind } = plan;
    let entry = lookup(key, maxAgeMs);
    if (entry) options.counters[kind].hits++;
    else {
      options.counters[kind].misses++;
      entry = store(key, kind, read, at);
      if (kind === "anchor") {
        const stored = entry;
        entry.value.then(
          (result) => {
            stored.permanent = finalBatchRecord(result, plan, options.confirmations);
          },
          () => undefined,
        );
      }
    }
    served(entry);
    return entry.value as Promise<T>;
  };

  /**
   * A `credentialStatuses` call, cached per credential (root and index) rather than per call: the
   * verify requests grouped together, and the parts of a batch, ask for ever different sets of
   * credentials, so a cache keyed by the whole call data would miss almost every time. When every
   * credential's status is held (and young enough) the answer is put together from them; otherwise
   * the call is sent as it is and its answer, once it came, gives each of its credentials an entry.
   */
  const cachedStatuses = (
    call: StatusCall,
    maxAgeMs: number,
    send: () => Promise<unknown>,
    served: (entry: Entry) => void,
    at: number,
  ): Promise<unknown> => {
    const found: Entry[] = [];
    for (const key of call.keys) {
      const entry = lookup(key, maxAgeMs);
      if (!entry) break;
      found.push(entry);
    }
    const counters = options.counters.status;
    if (found.length === call.keys.length) {
      counters.hits++;
      found.forEach(served);
      return Promise.all(found.map((entry) => entry.value as Promise<string>)).then(
        (words) => `0x${STATUS_LIST_OFFSET}${word(words.length)}${words.join("")}`,
      );
    }
    counters.misses++;
    const answer = send();
    const words = answer.then((result) => statusWords(result, call.keys.length));
    call.keys.forEach((key, i) => served(store(key, "status", () => words.then((list) => list[i]), at)));
    return answer;
  };

  const HEAD_PLAN: ReadPlan = { key: "head", kind: "head" };

  const readHead = (maxAgeMs?: number): HeadRead => {
    let readAt = 0;
    const block = cached(
      HEAD_PLAN,
      Math.min(options.headTtlMs, maxAgeMs ?? Infinity),
      () => base.blockNumber(),
      (entry) => (readAt = entry.at),
      now(),
    );
    return { block, readAt };
  };

  const view = (viewOptions: ViewOptions = {}): RequestTransport => {
    const statusAge = Math.min(options.statusTtlMs, viewOptions.maxAgeMs ?? Infinity);
    const headAge = Math.min(options.headTtlMs, viewOptions.maxAgeMs ?? Infinity);
    let oldest: number | undefined;
    let head: Promise<bigint> | undefined;
    /** When the view's head was read: the date of the answers read at it. */
    let headAt: number | undefined;
    const served = (entry: Entry) => {
      if (entry.kind === "head" || entry.permanent) return;
      if (oldest === undefined || entry.at < oldest) oldest = entry.at;
    };
    /** A new answer's date: when the view's head was read (the block it is pinned to), or now. */
    const readAt = () => Math.min(now(), headAt ?? Infinity);
    // One head per view (per request): the parts of a batch, verified one after another or on several
    // threads, are pinned to the same block, as one SDK call's reads are. A head read earlier (as a
    // batch's body arrived) is that head only while it is young enough, its age taken here, at the
    // first use: after a slow upload it is dropped, or every status would be read at a block as old as
    // the upload is long.
    const blockNumber = (): Promise<bigint> => {
      if (head) return head;
      let early: HeadRead | undefined;
      for (const read of viewOptions.heads ?? []) if (early === undefined || read.readAt > early.readAt) early = read;
      if (early !== undefined && now() - early.readAt < headAge) {
        headAt = early.readAt;
        return (head = early.block);
      }
      return (head = cached(
        HEAD_PLAN,
        headAge,
        () => base.blockNumber(),
        (entry) => (headAt = entry.at),
        now(),
      ));
    };
    return {
      chain: base.chain,
      chainId: base.chainId,
      ...(base.quorum ? { quorum: base.quorum } : {}),
      get stats() {
        return base.stats;
      },
      resetStats: () => base.resetStats(),
      endpointStates: () => base.endpointStates(),
      oldestReadAt: () => oldest,
      blockNumber,
      request<T = unknown>(method: string, params?: readonly unknown[], requestOptions?: RequestOptions): Promise<T> {
        const send = () => base.request<T>(method, params, requestOptions);
        const statuses = statusCallOf(method, params);
        if (statuses) return cachedStatuses(statuses, statusAge, send, served, readAt()) as Promise<T>;
        const plan = planOf(method, params);
        if (!plan) return send();
        if (plan.kind === "head") return cached<T>(plan, headAge, send, served, now());
        const registry = plan.key.startsWith("code:") ? statusWordsReadRegistry(plan.key.slice(5)) : undefined;
        if (registry === undefined) return cached<T>(plan, statusAge, send, served, readAt());
        const refused = refusedWordReads.get(registry);
        if (refused !== undefined) {
          options.counters.status.hits++;
          return Promise.reject(refused);
        }
        const answer = cached<T>(plan, statusAge, send, served, readAt());
        answer.catch((error: unknown) => {
          if (error instanceof RpcResponseError) refusedWordReads.set(registry, error);
        });
        return answer;
      },
    };
  };

  return { base, view, readHead, size: () => entries.size };
}

/** A `credentialStatuses(roots, indices)` eth_call: one cache key per credential, in the call's order. */
interface StatusCall {
  keys: string[];
}

/** The ABI head of a `uint8[]` answer: the list's offset, 0x20. */
const STATUS_LIST_OFFSET = (0x20).toString(16).padStart(64, "0");

function word(value: number): string {
  return value.toString(16).padStart(64, "0");
}

/**
 * The credentials a `credentialStatuses` eth_call asks about, when its call data has the standard
 * ABI layout (as the SDK's `encodeStatusesCall` writes it); undefined otherwise (then cached per call).
 */
function statusCallOf(method: string, params: readonly unknown[] | undefined): StatusCall | undefined {
  if (method !== "eth_call" || !params) return undefined;
  const call = params[0] as { to?: string; data?: string } | undefined;
  if (typeof call?.to !== "string" || typeof call.data !== "string") return undefined;
  const data = call.data.toLowerCase();
  if (data.slice(0, 10) !== STATUSES_SELECTOR) return undefined;
  const hex = data.slice(10);
  const at = (i: number) => hex.slice(64 * i, 64 * i + 64);
  const n = hex.length >= 64 * 4 ? parseInt(at(2), 16) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || hex.length !== 64 * (4 + 2 * n) || !/^[0-9a-f]*$/.test(hex)) {
    return undefined;
  }
  if (at(0) !== word(0x40) || at(1) !== word(0x40 + 32 + 32 * n) || at(3 + n) !== word(n)) return undefined;
  const to = call.to.toLowerCase();
  const keys: string[] = new Array(n);
  for (let i = 0; i < n; i++) keys[i] = `status:${to}:${at(3 + i)}:${at(4 + n + i)}`;
  return { keys };
}

/** The status words of a `uint8[]` answer of `count` statuses; throws when the answer is not one. */
function statusWords(result: unknown, count: number): string[] {
  if (
    typeof result !== "string" ||
    result.length !== 2 + 64 * (2 + count) ||
    result.slice(2, 66) !== STATUS_LIST_OFFSET ||
    result.slice(66, 130).toLowerCase() !== word(count)
  ) {
    throw new Error(`credentialStatuses did not answer a list of ${count} statuses`);
  }
  const words: string[] = new Array(count);
  for (let i = 0; i < count; i++) words[i] = result.slice(130 + 64 * i, 194 + 64 * i);
  return words;
}

/** Which reads are cached, under which key; undefined: sent as is. */
interface ReadPlan {
  key: string;
  kind: CacheKind;
  /** The block an eth_call was pinned to. */
  pinned?: bigint;
  /** The root a `batch(root)` call asks about. */
  root?: Hex;
}

function planOf(method: string, params: readonly unknown[] | undefined): ReadPlan | undefined {
  if (method === "eth_call" && params) {
    const call = params[0] as { to?: string; data?: string } | undefined;
    // A call without `to` runs its data as code: the SDK's status word reads (the registry's bitmap
    // words, from which the statuses are derived), cached as statuses are, by the whole call data.
    if (call !== undefined && call.to === undefined && typeof call.data === "string") {
      return { key: `code:${call.data.toLowerCase()}`, kind: "status", ...pinnedOf(params[1]) };
    }
    if (typeof call?.to !== "string" || typeof call.data !== "string") return undefined;
    const data = call.data.toLowerCase();
    const selector = data.slice(0, 10);
    const kind: CacheKind | undefined =
      selector === BATCH_SELECTOR
        ? "anchor"
        : selector === STATUSES_SELECTOR
          ? "status"
          : selector === PROFILE_SELECTOR
            ? "profile"
            : undefined;
    if (!kind) return undefined;
    // The pinned block (params[1]) stays out of the key: a read is reused across heads within its TTL.
    return {
      key: `call:${call.to.toLowerCase()}:${data}`,
      kind,
      ...pinnedOf(params[1]),
      ...(kind === "anchor" ? { root: `0x${data.slice(10, 74)}` as Hex } : {}),
    };
  }
  if (method === "eth_getBlockByNumber" && params) {
    const tag = params[0];
    if (tag === "finalized" || tag === "safe") return { key: `tag:${tag}`, kind: "head" };
    if (typeof tag === "string" && /^0x[0-9a-f]+$/i.test(tag))
      return { key: `block:${tag.toLowerCase()}`, kind: "block" };
    return undefined;
  }
  if (method === "eth_getLogs" && params) {
    return { key: `logs:${JSON.stringify(params)}`, kind: "events" };
  }
  return undefined;
}

/** The block an eth_call was pinned to (its block tag, when a number). */
function pinnedOf(tag: unknown): { pinned?: bigint } {
  return typeof tag === "string" && /^0x[0-9a-f]+$/i.test(tag) ? { pinned: BigInt(tag) } : {};
}

/**
 * True when a `batch(root)` answer can never change again: anchored, revoked as a whole (the
 * contract never clears `revokedAt`) and anchored at least `confirmations` blocks below the block
 * the read was pinned to (so a reorganisation cannot remove it). Only such a record is kept for good.
 */
function finalBatchRecord(result: unknown, plan: ReadPlan, confirmations: number): boolean {
  if (plan.pinned === undefined || plan.root === undefined) return false;
  if (typeof result !== "string" || result === "0x") return false;
  try {
    const record = decodeBatchResult(plan.root, result as Hex);
    return (
      record.anchored && record.revokedAt !== 0 && BigInt(record.anchoredBlock + confirmations) <= plan.pinned + 1n
    );
  } catch {
    return false;
  }
}
