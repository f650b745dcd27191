import type { DidDocumentLookup, FetchLike, FetchResponseLike, IdentityCache } from "./types";
import { withTimeout } from "./withTimeout";

/** A DID document larger than this is refused (a did.json is a few kilobytes). */
export const MAX_DID_DOCUMENT_BYTES = 1_048_576;

/**
 * Fetches and parses one did.json, once per cache (concurrent calls share the request), reading at
 * most `MAX_DID_DOCUMENT_BYTES` of a streamed body (a larger one is `invalid`). Never rejects. HTTP 404 and 410 are `not-found` (nothing published); a timeout, a network failure or
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
        const text = await readLimited(response, MAX_DID_DOCUMENT_BYTES, () => controller.abort());
        if (text === undefined) {
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

/**
 * The body as text, or undefined when it is longer than `limit` bytes. A streamed body is read only
 * up to the limit, then cancelled (and the request aborted): an endless did.json costs at most
 * `limit` bytes, never the process's memory.
 */
async function readLimited(response: FetchResponseLike, limit: number, abort: () => void): Promise<string | undefined> {
  const body = response.body;
  if (!body || typeof body.getReader !== "function") {
    const text = await response.text();
    return text.length > limit ? undefined : text;
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!value) continue;
    size += value.byteLength;
    if (size > limit) {
      abort();
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
