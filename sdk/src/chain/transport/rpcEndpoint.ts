/**
 * One RPC endpoint (HTTP URL or EIP-1193 provider) that sends one JSON-RPC request with a timeout and
 * sorts every failure into "the endpoint failed" (`RpcEndpointError`, worth retrying elsewhere) or
 * "the node answered with an error" (`RpcResponseError`, a real answer). Browser-safe.
 */
import { RpcEndpointError, RpcResponseError, type RpcFailureKind } from "../../errors/verify";
import type { Eip1193Provider, RpcEndpointInput } from "./types";

/** A single endpoint. */
export interface RpcEndpoint {
  /** A display name; never contains the URL's query string or long path tokens (API keys). */
  readonly name: string;
  /** Sends one request; resolves with `result` or throws `RpcEndpointError` / `RpcResponseError`. */
  send(method: string, params: readonly unknown[], timeoutMs: number): Promise<unknown>;
}

/**
 * Wraps one endpoint input.
 *
 * @example
 * const endpoint = createRpcEndpoint("http://127.0.0.1:8545");
 * await endpoint.send("eth_chainId", [], 5_000); // "0x7a69"
 */
export function createRpcEndpoint(input: RpcEndpointInput, options: { fetch?: typeof fetch } = {}): RpcEndpoint {
  if (typeof input === "string") return httpEndpoint(input, undefined, undefined, options.fetch);
  if ("url" in input && typeof input.url === "string")
    return httpEndpoint(input.url, input.name, input.headers, options.fetch);
  if ("provider" in input && input.provider) return providerEndpoint(input.provider, input.name ?? "provider");
  if ("request" in input && typeof input.request === "function") return providerEndpoint(input, "provider");
  throw new TypeError("an RPC endpoint is a URL string, an EIP-1193 provider, { url } or { provider }");
}

/**
 * The URL without credentials, query string or long path segments (API keys), for messages.
 *
 * @example
 * redactUrl("https://eth-sepolia.g.alchemy.com/v2/abcdefghijklmnopqrstuvwxyz123456") // "https://eth-sepolia.g.alchemy.com/v2/…"
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const path = parsed.pathname
      .split("/")
      .map((segment) => (segment.length >= 16 && /[0-9]/.test(segment) ? "…" : segment))
      .join("/");
    return `${parsed.protocol}//${parsed.host}${path === "/" ? "" : path}${parsed.search ? "?…" : ""}`;
  } catch {
    return "invalid URL";
  }
}

let nextId = 1;

function httpEndpoint(
  url: string,
  name: string | undefined,
  headers: Record<string, string> | undefined,
  fetchImpl: typeof fetch | undefined,
): RpcEndpoint {
  const display = name ?? redactUrl(url);
  return {
    name: display,
    async send(method, params, timeoutMs) {
      const doFetch = fetchImpl ?? globalThis.fetch;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      let response: Response;
      let text: string;
      try {
        response = await doFetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }),
          signal: controller.signal,
        });
        text = await response.text();
      } catch (error) {
        const timedOut = controller.signal.aborted;
        throw new RpcEndpointError({
          endpoint: display,
          method,
          kind: timedOut ? "timeout" : "network",
          reason: timedOut ? `no answer within ${timeoutMs} ms` : networkReason(error),
          cause: error,
        });
      } finally {
        clearTimeout(timer);
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      const status = response.status;
      const rpcError = jsonRpcError(body);
      if (rpcError && status < 500 && status !== 429) throw classifyRpcError(display, method, rpcError);
      if (status === 429) {
        throw new RpcEndpointError({
          endpoint: display,
          method,
          kind: "rate-limit",
          reason: "HTTP 429",
          httpStatus: 429,
        });
      }
      if (status < 200 || status >= 300) {
        throw new RpcEndpointError({
          endpoint: display,
          method,
          kind: "http",
          reason: `HTTP ${status}`,
          httpStatus: status,
        });
      }
      if (!body || typeof body !== "object" || !("result" in body)) {
        throw new RpcEndpointError({
          endpoint: display,
          method,
          kind: "bad-response",
          reason: "the answer is not a JSON-RPC response",
        });
      }
      return (body as { result: unknown }).result;
    },
  };
}

function providerEndpoint(provider: Eip1193Provider, name: string): RpcEndpoint {
  return {
    name,
    async send(method, params, timeoutMs) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new RpcEndpointError({
                endpoint: name,
                method,
                kind: "timeout",
                reason: `no answer within ${timeoutMs} ms`,
              }),
            ),
          timeoutMs,
        );
      });
      try {
        return await Promise.race([provider.request({ method, params }), timeout]);
      } catch (error) {
        if (error instanceof RpcEndpointError) throw error;
        const code = (error as { code?: unknown } | null)?.code;
        if (typeof code === "number") {
          // EIP-1193 provider errors: disconnected / chain disconnected / unauthorized / unsupported.
          if (code >= 4000 && code < 5000) {
            throw new RpcEndpointError({
              endpoint: name,
              method,
              kind: "unavailable",
              reason: errorMessage(error),
              cause: error,
            });
          }
          throw classifyRpcError(name, method, {
            code,
            message: errorMessage(error),
            data: (error as { data?: unknown }).data,
          });
        }
        throw new RpcEndpointError({
          endpoint: name,
          method,
          kind: "network",
          reason: errorMessage(error),
          cause: error,
        });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

interface JsonRpcErrorBody {
  code: number;
  message: string;
  data?: unknown;
}

function jsonRpcError(body: unknown): JsonRpcErrorBody | undefined {
  if (!body || typeof body !== "object" || !("error" in body)) return undefined;
  const error = (body as { error: unknown }).error;
  if (!error || typeof error !== "object") return undefined;
  const { code, message, data } = error as { code?: unknown; message?: unknown; data?: unknown };
  if (typeof code !== "number") return undefined;
  return { code, message: typeof message === "string" ? message : "", data };
}

/**
 * A JSON-RPC error is the node's answer, except the few that say "ask me later / ask someone else":
 * rate limits and a block the node does not have (yet).
 */
const RATE_LIMIT = /rate limit|too many requests|request limit|exceeded .*capacity|compute units/i;
const UNAVAILABLE =
  /header not found|unknown block|block not found|missing trie node|not yet available|invalid block tag|block .*not found|state .*not available/i;

function classifyRpcError(endpoint: string, method: string, error: JsonRpcErrorBody): Error {
  let kind: RpcFailureKind | undefined;
  if (error.code === -32005 || RATE_LIMIT.test(error.message)) kind = "rate-limit";
  else if (UNAVAILABLE.test(error.message)) kind = "unavailable";
  if (kind) return new RpcEndpointError({ endpoint, method, kind, reason: `${error.message} (${error.code})` });
  return new RpcResponseError({ endpoint, method, rpcCode: error.code, rpcMessage: error.message, data: error.data });
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (cause && typeof cause.code === "string") return `connection failed (${cause.code})`;
  return errorMessage(error);
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message.split("\n")[0];
  return String(error);
}
