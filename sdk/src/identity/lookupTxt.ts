import type { IdentityCache, ResolveTxt, TxtLookup } from "./types";
import { withTimeout } from "./withTimeout";

/** The `node:dns` codes that mean "nothing is published at this name". */
const NOTHING_PUBLISHED: Record<string, TxtLookup["outcome"]> = { ENOTFOUND: "not-found", ENODATA: "no-data" };

/**
 * Queries the TXT records of one DNS name, once per cache: concurrent and later calls for the same
 * name share the first query. Never rejects: NXDOMAIN and NODATA become `not-found` / `no-data`, a
 * timeout or any other failure becomes `error` with its code.
 *
 * @example
 * const answer = await lookupTxt("_credanchor.example.edu", { resolveTxt, timeoutMs: 5000, cache });
 * if (answer.outcome === "records") console.log(answer.records);
 */
export function lookupTxt(
  hostname: string,
  context: { resolveTxt: ResolveTxt; timeoutMs: number; cache: IdentityCache },
): Promise<TxtLookup> {
  const cached = context.cache.txt.get(hostname);
  if (cached) return cached;
  const pending = queryTxt(hostname, context.resolveTxt, context.timeoutMs);
  context.cache.txt.set(hostname, pending);
  return pending;
}

async function queryTxt(hostname: string, resolveTxt: ResolveTxt, timeoutMs: number): Promise<TxtLookup> {
  try {
    const answer = await withTimeout(
      Promise.resolve().then(() => resolveTxt(hostname)),
      timeoutMs,
      () => Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "ETIMEOUT" }),
    );
    const records = answer.map((chunks) => (Array.isArray(chunks) ? chunks.join("") : String(chunks)));
    return records.length === 0 ? { hostname, outcome: "no-data", records } : { hostname, outcome: "records", records };
  } catch (error) {
    const code = errorCode(error);
    const nothing = code === undefined ? undefined : NOTHING_PUBLISHED[code];
    if (nothing) return { hostname, outcome: nothing, records: [] };
    return {
      hostname,
      outcome: "error",
      records: [],
      errorCode: code ?? "EUNKNOWN",
      errorMessage: error instanceof Error ? error.message : String(error),
    };
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}
