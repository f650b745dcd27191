import type { IdentityCache } from "./types";

/**
 * A cache for one verification run: each DNS name is queried once and each did.json fetched once,
 * however many credentials of the issuer are checked, and concurrent checks share the in-flight
 * query. Failures (timeouts) are cached as well, so a dead domain costs one timeout per run, not
 * one per credential. Use a new cache for each run so that changed records are seen.
 *
 * @example
 * const cache = createIdentityCache();
 * for (const credential of credentials) await resolveIssuerIdentity({ ... }, { cache });
 */
export function createIdentityCache(): IdentityCache {
  return { txt: new Map(), didDocuments: new Map() };
}
