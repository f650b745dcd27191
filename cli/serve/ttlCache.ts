/**
 * A bounded map for the service's caches: at most `maxEntries` entries (the least recently used is
 * dropped first) and each entry expires `ttlMs` after it was stored. It is a `Map`, so the SDK's
 * identity cache (`IdentityCache`: `txt`, `didDocuments`) takes it as is: the service shares one
 * across requests instead of one per run, and no SDK code changes.
 */

/** Hit and miss counters, for /metrics. */
export interface CacheCounters {
  hits: number;
  misses: number;
}

export interface TtlCacheOptions {
  /** How long an entry is served after it was stored, ms. 0: never served (every read is a miss). */
  ttlMs: number;
  /** Most entries held; the least recently used is dropped beyond it. */
  maxEntries: number;
  /** Counts `get` hits and misses. */
  counters?: CacheCounters;
  /** The clock, for tests. Default `Date.now`. */
  now?: () => number;
}

/**
 * @example
 * const txt = new TtlCache<string, Promise<TxtLookup>>({ ttlMs: 300_000, maxEntries: 10_000 });
 * const identityCache = { txt, didDocuments: new TtlCache({ ttlMs: 300_000, maxEntries: 10_000 }) };
 */
export class TtlCache<K, V> extends Map<K, V> {
  private readonly stored = new Map<K, number>();
  private readonly options: TtlCacheOptions;

  constructor(options: TtlCacheOptions) {
    super();
    this.options = options;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  override get(key: K): V | undefined {
    const at = this.stored.get(key);
    if (at === undefined || this.now() - at >= this.options.ttlMs) {
      if (at !== undefined) this.delete(key);
      if (this.options.counters) this.options.counters.misses++;
      return undefined;
    }
    const value = super.get(key) as V;
    // Most recently used last: Map keeps insertion order.
    super.delete(key);
    super.set(key, value);
    if (this.options.counters) this.options.counters.hits++;
    return value;
  }

  override has(key: K): boolean {
    const at = this.stored.get(key);
    return at !== undefined && this.now() - at < this.options.ttlMs;
  }

  override set(key: K, value: V): this {
    // The constructor of Map calls set() before `stored` exists only when given entries; none are.
    super.delete(key);
    super.set(key, value);
    this.stored?.set(key, this.now());
    while (super.size > this.options.maxEntries) {
      const oldest = super.keys().next().value as K;
      this.delete(oldest);
    }
    return this;
  }

  override delete(key: K): boolean {
    this.stored.delete(key);
    return super.delete(key);
  }

  override clear(): void {
    this.stored.clear();
    super.clear();
  }

  /** When `key` was stored (ms since the epoch), if it is held and not expired. */
  storedAt(key: K): number | undefined {
    return this.has(key) ? this.stored.get(key) : undefined;
  }
}
