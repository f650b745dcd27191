/**
 * What the verify routes share: one read transport per chain behind one cache, the identity caches,
 * the grouping of single verify requests into one `verifyCredentials` call, and verify-batch's worker
 * threads. The routes only parse requests and shape answers.
 */
import {
  type Caip2ChainId,
  createDidWebKeyResolver,
  createIdentityResolver,
  createReadTransport,
  defaultMinConfirmations,
  type DidDocumentLookup,
  type IdentityCache,
  type IdentityResolver,
  parseCredentialJson,
  type ReadTransport,
  type TxtLookup,
  type VerificationResult,
  verifyCredentials,
  type VerifyOptions,
} from "../../sdk/src/node";
import { identityLookupOptions } from "../lib/identityLookup";
import { BodyBuffers, type BodyLease } from "./batchBody";
import { createBatchThreads } from "./batchThreads";
import { ownCredentials } from "./ownCredentials";
import {
  CACHE_KINDS,
  createCachingTransport,
  type CacheKind,
  type CachingTransport,
  type HeadRead,
  type RequestTransport,
} from "./cachingTransport";
import type { ServeConfig } from "./config";
import type { RequestOptions } from "./request";
import { credentialText, type SplitBatchBody } from "./splitBatchBody";
import { TtlCache, type CacheCounters } from "./ttlCache";
import type { VerdictCounts } from "./vcApi";

/**
 * How old the chain answers behind a verdict are: the state they give is the chain's at `readAt` or
 * later, never earlier (docs/SERVE.md, "statusAge").
 */
export interface StatusAge {
  /**
   * When the oldest answer used (batch record, revocation and suspension statuses, profile) was read
   * from the chain (ISO 8601): for an answer read at a head, when that head was read.
   */
  readAt: string;
  /** Its age when the verdict was made, seconds, rounded up to 0.1: never less than it is. */
  ageSeconds: number;
}

/** Answers written by a worker thread: the JSON of `count` consecutive answers, joined by commas. */
export interface AnsweredRun {
  bytes: Buffer;
  count: number;
}

/** A part of a batch, in order: runs of answers written by the threads, results verified on this thread. */
export interface BatchPart {
  pieces: (AnsweredRun | VerificationResult[])[];
  /** The verdicts of the AnsweredRun pieces (results count themselves). */
  counts?: VerdictCounts;
  /**
   * Gives the AnsweredRun pieces' memory back to their thread, to be written again: call it once their
   * bytes are sent (or will never be), and never read them after.
   */
  recycle?: () => void;
}

/**
 * Each chain's head, read (or taken from the cache, younger than its head TTL) when a verify-batch
 * body starts to arrive (Verifier.readHeads), with when it was read; and again when its last byte
 * arrives if the first is half the head TTL old by then (Verifier.refreshHeads), so that the read
 * overlaps the split. The request is pinned to the newest of them that is still younger than the head
 * TTL (and the request's `maxStatusAge`) when it first needs a head, so that its first parts do not
 * wait for `eth_blockNumber` after the body is received and split; if none is, they are dropped and
 * the request reads its head then, as a request without them does (cachingTransport.ts,
 * `ViewOptions.heads`). Oldest first.
 */
export type ArrivalHeads = ReadonlyMap<Caip2ChainId, readonly HeadRead[]>;

/** Verdicts and how old their chain answers are. */
export interface Verified {
  results: VerificationResult[];
  statusAge?: StatusAge;
}

/** The service's verification, its caches and their counters (for /metrics and /health/ready). */
export interface Verifier {
  /** Per configured chain: the caching transport, the transport behind it, the network's name. */
  chains: Map<Caip2ChainId, { caching: CachingTransport; base: ReadTransport; name: string }>;
  /** Hits and misses of the chain cache, by kind. */
  counters: Record<CacheKind, CacheCounters>;
  /** Hits and misses of the identity caches (`dns`, `did-web`). */
  identityCounters: Record<"dns" | "did-web", CacheCounters>;
  identityCache: IdentityCache;
  /**
   * verify-batch credentials by the thread that verified them (every check but the chain reads): the
   * worker threads, or the request's thread (batch below `batchWorkersFrom`, no threads, signed
   * credentials, stacks, bodies that take the strict whole-body parse). For /metrics.
   */
  batchCredentials: { worker: number; request: number };
  /**
   * Starts reading each chain's head (through the cache, as a request's first read would) for a
   * request whose body is arriving; the request's `verify` / `verifyBody` then use it (`heads`) if it
   * is still young enough when they first need a head.
   */
  readHeads(): ArrivalHeads;
  /**
   * At the body's last byte (before the split): for each chain whose newest head in `heads` is at least
   * half the head TTL old, starts reading a head at most half the TTL old (through the cache), so that a
   * slow upload's request need not wait for one at its first part. Returns `heads` itself when none is.
   */
  refreshHeads(heads: ArrivalHeads): ArrivalHeads;
  /** Verifies credentials together (verify-batch without threads). */
  verify(credentials: readonly unknown[], options: RequestOptions, heads?: ArrivalHeads): Promise<Verified>;
  /** Verifies one credential, grouped with the requests that arrive with it (POST /credentials/verify). */
  verifyOne(
    credential: unknown,
    options: RequestOptions,
  ): Promise<{ result: VerificationResult; statusAge?: StatusAge }>;
  /**
   * Verifies the credentials of a split body (splitBatchBody) on the worker threads (and here, those
   * that need this thread), in parts of `config.batchPart`: `onPart` gets each part, in order, as soon
   * as it is verified, while the threads verify the next parts; the threads get each part's bytes and
   * answer with JSON bytes (batchThreads.ts). Undefined when a credential is not acceptable JSON (parts
   * may have been given already: the caller drops them). Only when `config.batchWorkers` > 0.
   */
  verifyBody?(
    body: SplitBatchBody,
    options: RequestOptions,
    onPart: (part: BatchPart) => void,
    heads?: ArrivalHeads,
  ): Promise<{ statusAge?: StatusAge } | undefined>;
  /** Starts verify-batch's worker threads, if any (at listen: not inside the first batch). */
  startThreads(): void;
  /** Stops the worker threads. */
  close(): Promise<void>;
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

/**
 * @example
 * const verifier = createVerifier(config);
 * const { result } = await verifier.verifyOne(credential, {});
 */
export function createVerifier(config: ServeConfig): Verifier {
  if (!Number.isInteger(config.batchPart) || config.batchPart < 1) {
    throw new RangeError(`batchPart must be a whole number of credentials >= 1, got ${config.batchPart}`);
  }
  if (!Number.isInteger(config.batchYoungGenerationMiB) || config.batchYoungGenerationMiB < 0) {
    throw new RangeError(
      `batchYoungGenerationMiB must be a whole number of MiB >= 0 (0: V8's default), got ${config.batchYoungGenerationMiB}`,
    );
  }
  const clock = config.cache.now ?? Date.now;
  // Chain reads: one failover/quorum transport per chain, behind one shared cache.
  const counters = Object.fromEntries(CACHE_KINDS.map((kind) => [kind, { hits: 0, misses: 0 }])) as Record<
    CacheKind,
    CacheCounters
  >;
  const chains: Verifier["chains"] = new Map();
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
      ...(config.cache.now ? { now: config.cache.now } : {}),
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

  /** A head read ahead of its use: its error is the request's checks', if they come to use it. */
  const readAhead = (caching: CachingTransport, maxAgeMs?: number): HeadRead => {
    const head = caching.readHead(maxAgeMs);
    head.block.catch(() => undefined);
    return head;
  };

  const readHeads = (): ArrivalHeads => {
    const heads = new Map<Caip2ChainId, readonly HeadRead[]>();
    for (const [chain, { caching }] of chains) heads.set(chain, [readAhead(caching)]);
    return heads;
  };

  const refreshHeads = (heads: ArrivalHeads): ArrivalHeads => {
    const half = config.cache.headTtlMs / 2;
    if (!(half > 0)) return heads; // no head is kept: a head read now would never be used
    const now = clock();
    let refreshed: Map<Caip2ChainId, readonly HeadRead[]> | undefined;
    for (const [chain, { caching }] of chains) {
      const reads = heads.get(chain) ?? [];
      const newest = Math.max(...reads.map((read) => read.readAt));
      if (now - newest < half) continue;
      refreshed ??= new Map(heads);
      refreshed.set(chain, [...reads, readAhead(caching, half)]);
    }
    return refreshed ?? heads;
  };

  /**
   * Runs `verifyWith` with the request's views of the chain caches, and says how old their answers were.
   * With `heads` (readHeads, at the body's arrival) each view is pinned to that head if it is still
   * younger than the head TTL and the request's `maxAgeMs` when the view first needs a head; otherwise
   * the view reads a head as young as that, as without `heads`. The answers are dated by the head they
   * were read at, so `statusAge` counts the head's age too.
   */
  const withChainViews = async <T>(
    options: RequestOptions,
    heads: ArrivalHeads | undefined,
    verifyWith: (sdkOptions: VerifyOptions) => Promise<T | undefined>,
  ): Promise<{ value: T; statusAge?: StatusAge } | undefined> => {
    const rpc: NonNullable<VerifyOptions["rpc"]> = {};
    const views = [];
    for (const [chain, { caching }] of chains) {
      const early = heads?.get(chain);
      const view = caching.view({
        ...(options.maxAgeMs !== undefined ? { maxAgeMs: options.maxAgeMs } : {}),
        ...(early !== undefined ? { heads: early } : {}),
      });
      views.push(view);
      rpc[chain] = view;
    }
    const value = await verifyWith({
      rpc,
      identityResolver,
      identity: config.identity,
      signatureKeyResolver,
      minConfirmations,
      statusReasons: options.statusReasons ?? true,
    });
    if (value === undefined) return undefined;
    const now = clock();
    let oldest: number | undefined;
    for (const view of views) {
      const at = view.oldestReadAt();
      if (at !== undefined && (oldest === undefined || at < oldest)) oldest = at;
    }
    const statusAge =
      oldest === undefined
        ? undefined
        : // Rounded up to 0.1 s: an age is never said to be less than it is.
          { readAt: new Date(oldest).toISOString(), ageSeconds: Math.max(0, Math.ceil((now - oldest) / 100) / 10) };
    return { value, ...(statusAge ? { statusAge } : {}) };
  };
  const verify = async (
    credentials: readonly unknown[],
    options: RequestOptions,
    heads?: ArrivalHeads,
  ): Promise<Verified> => {
    const { value: results, statusAge } = (await withChainViews(options, heads, (sdkOptions) =>
      verifyCredentials(credentials, sdkOptions),
    ))!;
    return { results, ...(statusAge ? { statusAge } : {}) };
  };

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
              own.waiters.forEach((waiter, i) => {
                const result = results[i];
                result.index = 0; // each request's own result, made for this group alone
                waiter.resolve(statusAge ? { result, statusAge } : { result });
              }),
            (error: unknown) => own.waiters.forEach((waiter) => waiter.reject(error)),
          );
        });
        group = own;
      }
      group.credentials.push(credential);
      group.waiters.push({ resolve, reject });
      if (group.credentials.length >= VERIFY_GROUP_SIZE) groups.delete(key);
    });

  // verify-batch's worker threads (batchThreads.ts): each verifies a part of the texts, every check,
  // and writes its answers' JSON; this thread answers their chain reads and identity lookups from the
  // caches. Started when the service listens (startThreads), so that the first batch does not wait
  // for them to load the SDK.
  const batchCredentials = { worker: 0, request: 0 };
  const threads =
    config.batchWorkers > 0 ? createBatchThreads(config.batchWorkers, config.batchYoungGenerationMiB) : undefined;
  /** The batch bodies' copies the threads read, one per batch in flight. */
  const sharedBodies = new BodyBuffers(config.limits.maxConcurrentBatches, true);
  /**
   * A batch from the byte ranges of its credentials (splitBatchBody): the threads take every credential that
   * cannot need the service's own DID-document resolver or a stack's components (no issuer signature's
   * cryptosuite `eddsa-rdfc-2022`, no `ClrCredential`, no `\u` escape that could spell either), this
   * thread the rest, parsed here. (Every anchored credential names a `cryptosuite`, its anchor proof's:
   * that word alone sent every credential to this thread.)
   * Undefined when a text is not acceptable JSON: the caller then parses the whole body, which
   * answers with the JSON error and its line and column, as without threads.
   */
  const verifyBody = async (
    body: SplitBatchBody,
    options: RequestOptions,
    onPart: (part: BatchPart) => void,
    heads?: ArrivalHeads,
  ): Promise<{ statusAge?: StatusAge } | undefined> => {
    const counted = { worker: 0, request: 0 };
    const count = body.starts.length;
    const own = ownCredentials(body);
    // The body where the threads read it: a copy in reused shared memory (batchBody.ts), which each
    // part sent to a thread holds until the thread has answered it.
    const shared = sharedBodies.take(body.bytes.length);
    shared.bytes.set(body.bytes);
    let outcome: { value: true; statusAge?: StatusAge } | undefined;
    try {
      outcome = await withChainViews(options, heads, async (sdkOptions) => {
        // One moment for every part, as for one verifyCredentials call (the validity check's `now`).
        const partOptions = { ...sdkOptions, now: Date.now() };
        const parts: Promise<BatchPart | undefined>[] = [];
        for (let from = 0; from < count; from += config.batchPart) {
          const part = verifyPart(
            body,
            shared,
            own,
            from,
            Math.min(count, from + config.batchPart),
            partOptions,
            counted,
          );
          part.catch(() => undefined); // awaited below, in order; a later part's failure is never unhandled
          parts.push(part);
        }
        let next = 0;
        try {
          while (next < parts.length) {
            const verified = await parts[next++];
            if (verified === undefined) return undefined;
            onPart(verified);
          }
          return true;
        } finally {
          // Parts that no answer will hold (the body is parsed whole, or a part failed): their memory goes back.
          for (const part of parts.slice(next)) void part.then(recycle, () => undefined);
        }
      });
    } finally {
      shared.release(); // this call's own hold: the parts on the threads hold theirs
    }
    if (outcome === undefined) return undefined;
    batchCredentials.worker += counted.worker;
    batchCredentials.request += counted.request;
    return outcome.statusAge ? { statusAge: outcome.statusAge } : {};
  };

  /**
   * One part of verifyBody (its credentials `from` to `to`), in order; undefined when a credential is
   * not acceptable JSON. `own` marks the credentials this thread verifies.
   */
  const verifyPart = async (
    body: SplitBatchBody,
    shared: BodyLease,
    own: Uint8Array,
    from: number,
    to: number,
    sdkOptions: VerifyOptions & { now: number },
    counted: { worker: number; request: number },
  ): Promise<BatchPart | undefined> => {
    const length = to - from;
    const here: number[] = [];
    const there: number[] = [];
    /** Where each run of consecutive credentials of the threads starts in `there`. */
    const runs: number[] = [];
    for (let i = 0; i < length; i++) {
      if (own[from + i] === 1) here.push(i);
      else {
        if (there.length === 0 || there[there.length - 1] !== i - 1) runs.push(there.length);
        there.push(i);
      }
    }
    const parsed = parseAll(body, from, here);
    if (parsed === undefined) return undefined;
    const rpc = new Map(Object.entries(sdkOptions.rpc ?? {}) as [string, RequestTransport][]);
    const [mine, theirs] = await Promise.all([
      here.length > 0 ? verifyCredentials(parsed, sdkOptions) : [],
      there.length > 0
        ? threads!.verifyPart(
            {
              ...partRanges(body, shared, from, there),
              runs,
              indices: there.map((i) => from + i),
              nowMs: sdkOptions.now,
              identity: config.identity,
              minConfirmations,
              statusReasons: sdkOptions.statusReasons ?? true,
            },
            { rpc, identityResolver },
            shared,
          )
        : undefined,
    ]);
    mine.forEach((result, k) => (result.index = from + here[k]));
    counted.request += here.length;
    if (theirs === undefined) return { pieces: [mine] };
    if ("redo" in theirs) {
      // A text the strict parser refused: the whole body's parse answers. A read or lookup that failed
      // on its way to a thread: this thread verifies the part itself, where the SDK sees the error.
      if (theirs.redo === "refused") return undefined;
      const again = parseAll(body, from, there);
      if (again === undefined) return undefined;
      const results: VerificationResult[] = new Array(length);
      (await verifyCredentials(again, sdkOptions)).forEach((result, k) => {
        result.index = from + there[k];
        results[there[k]] = result;
      });
      mine.forEach((result, k) => (results[here[k]] = result));
      counted.request += there.length;
      return { pieces: [results] };
    }
    counted.worker += there.length;
    // The part in order: the threads' runs between this thread's results.
    const pieces: BatchPart["pieces"] = [];
    let k = 0;
    for (let r = 0; r < runs.length; r++) {
      const first = there[runs[r]];
      const own: VerificationResult[] = [];
      while (k < here.length && here[k] < first) own.push(mine[k++]);
      if (own.length > 0) pieces.push(own);
      pieces.push({ bytes: theirs.runs[r], count: (runs[r + 1] ?? there.length) - runs[r] });
    }
    if (k < here.length) pieces.push(mine.slice(k));
    return { pieces, counts: theirs.counts, recycle: theirs.recycle };
  };

  return {
    chains,
    counters,
    identityCounters,
    identityCache,
    batchCredentials,
    readHeads,
    refreshHeads,
    verify,
    verifyOne,
    ...(threads ? { verifyBody } : {}),
    startThreads: () => threads?.start(),
    close: async () => {
      await threads?.close();
    },
  };
}

/** Gives a part's thread memory back (see BatchPart.recycle). */
function recycle(part: BatchPart | undefined): void {
  part?.recycle?.();
}

/**
 * Where credentials `from + there[k]` of `body` lie in the shared buffer the threads read (`shared`:
 * the body's copy, at the same offsets; never copied per part), in arrays of their own (to be transferred).
 */
function partRanges(
  body: SplitBatchBody,
  shared: BodyLease,
  from: number,
  there: readonly number[],
): { body: SharedArrayBuffer; starts: Uint32Array; ends: Uint32Array } {
  const starts = new Uint32Array(there.length);
  const ends = new Uint32Array(there.length);
  for (let k = 0; k < there.length; k++) {
    starts[k] = body.starts[from + there[k]];
    ends[k] = body.ends[from + there[k]];
  }
  return { body: shared.bytes.buffer as SharedArrayBuffer, starts, ends };
}

/** The credentials `from + at[k]` of `body`, parsed strictly; undefined when one is not acceptable JSON. */
function parseAll(body: SplitBatchBody, from: number, at: readonly number[]): unknown[] | undefined {
  const parsed: unknown[] = new Array(at.length);
  for (let k = 0; k < at.length; k++) {
    try {
      parsed[k] = parseCredentialJson(credentialText(body, from + at[k]));
    } catch {
      return undefined;
    }
  }
  return parsed;
}
