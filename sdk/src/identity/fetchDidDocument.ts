import type { DidDocumentLookup, FetchLike, IdentityCache } from "./types";
import { withTimeout } from "./withTimeout";

/** A DID document larger than this is refused (a did.json is a few kilobytes). */
export const MAX_DID_DOCUMENT_BYTES = 1_048_576;

/**
 * Fetches and parses one did.json, once per cache (concurrent calls share the request). Never
 * rejects. HTTP 404 and 410 are `not-found` (nothing published); a timeout, a network failure or
 * any other non-2xx status is `error` (could not be decided: a 403 from a firewall or a 503 proves
 * nothing); a 2xx body that is not a JSON object is `invalid`.
 *
 * @example
 * const answer = await fetchDidDocument("https://example.edu/.well-known/did.json", { fetch, timeoutMs: 5000, cache });
 * if (answer.outcome === "document") console.log(answer.document);
 */
export function fetchDidDocument(
  url: string,
  context: { fetch: FetchLike; timeoutMs: number; cache: IdentityCache },
): Promise<DidDocumentLookup> {
  const cached = context.cache.didDocuments.get(url);
  if (cached) return cached;
  const pending = requestDidDocument(url, context.fetch, context.timeoutMs);
  context.cache.didDocuments.set(url, pending);
  return pending;
}

async function requestDidDocument(url: string, fetch: FetchLike, timeoutMs: number): Promise<DidDocumentLookup> {
  const controller = new AbortController();
  const timedOut = () => {
    controller.abort();
    return new Error(`no answer within ${timeoutMs} ms`);
  };
  try {
    // One deadline for the headers and the body; the race also bounds a fetch that ignores `signal`.
    return await withTimeout(
      (async (): Promise<DidDocumentLookup> => {
        const response = await fetch(url, {
          signal: controller.signal,
          headers: { accept: "application/did+json, application/json" },
          redirect: "follow",
        });
        const httpStatus = response.status;
        if (httpStatus === 404 || httpStatus === 410) return { url, outcome: "not-found", httpStatus };
        if (httpStatus < 200 || httpStatus > 299) {
          return { url, outcome: "error", httpStatus, reason: `the server answered HTTP ${httpStatus}` };
        }
        const text = await response.text();
        if (text.length > MAX_DID_DOCUMENT_BYTES) {
          return { url, outcome: "invalid", httpStatus, reason: `it is larger than ${MAX_DID_DOCUMENT_BYTES} bytes` };
        }
        let document: unknown;
        try {
          document = JSON.parse(text);
        } catch {
          return { url, outcome: "invalid", httpStatus, reason: "it is not JSON" };
        }
        if (typeof document !== "object" || document === null || Array.isArray(document)) {
          return { url, outcome: "invalid", httpStatus, reason: "it is not a JSON object" };
        }
        return { url, outcome: "document", httpStatus, document };
      })(),
      timeoutMs,
      timedOut,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return { url, outcome: "error", reason: controller.signal.aborted ? message : `${message}${cause}` };
  }
}
