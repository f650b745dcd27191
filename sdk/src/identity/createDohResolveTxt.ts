import { DnsQueryError, type DnsErrorCode } from "../errors/identity";
import type { FetchLike, ResolveTxt } from "./types";
import { DEFAULT_IDENTITY_TIMEOUT_MS } from "./withTimeout";

/** A public DNS-over-HTTPS endpoint with the JSON API and CORS (Cloudflare). */
export const DEFAULT_DOH_URL = "https://cloudflare-dns.com/dns-query";

const TXT_TYPE = 16;
const STATUS_CODES: Record<number, DnsErrorCode> = { 1: "EBADRESP", 2: "ESERVFAIL", 3: "ENOTFOUND", 5: "EREFUSED" };

/**
 * A `resolveTxt` that asks a DNS-over-HTTPS server's JSON API (`?name=…&type=TXT`, answered as
 * `application/dns-json`, as Cloudflare and Google serve it). Browser-safe: it lets a web page check
 * DNS TXT records, at the price of telling the DoH provider which domain is being checked. Rejects
 * like `node:dns`: `ENOTFOUND` for NXDOMAIN, `ENODATA` for no TXT record, `ESERVFAIL`, `EREFUSED`,
 * `EBADRESP` or `ETIMEOUT` otherwise.
 *
 * @example
 * const resolveTxt = createDohResolveTxt(); // Cloudflare
 * const identityResolver = createIdentityResolver({ resolveTxt });
 */
export function createDohResolveTxt(options: { url?: string; fetch?: FetchLike; timeoutMs?: number } = {}): ResolveTxt {
  const endpoint = options.url ?? DEFAULT_DOH_URL;
  const timeoutMs = options.timeoutMs ?? DEFAULT_IDENTITY_TIMEOUT_MS;
  return async (hostname) => {
    const fetch = options.fetch ?? (globalThis as { fetch?: FetchLike }).fetch?.bind(globalThis);
    if (!fetch) throw new DnsQueryError({ hostname, code: "ECONNREFUSED", reason: "no fetch function is available" });
    const separator = endpoint.includes("?") ? "&" : "?";
    const url = `${endpoint}${separator}name=${encodeURIComponent(hostname)}&type=TXT`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let body: string;
    let httpStatus: number;
    try {
      const response = await fetch(url, {
        signal: controller.signal,
        headers: { accept: "application/dns-json" },
        redirect: "follow",
      });
      httpStatus = response.status;
      body = await response.text();
    } catch (error) {
      const code: DnsErrorCode = controller.signal.aborted ? "ETIMEOUT" : "ECONNREFUSED";
      const reason = controller.signal.aborted
        ? `${endpoint} did not answer within ${timeoutMs} ms`
        : `${endpoint} is unreachable`;
      throw new DnsQueryError({ hostname, code, reason, cause: error });
    } finally {
      clearTimeout(timer);
    }
    if (httpStatus < 200 || httpStatus > 299) {
      throw new DnsQueryError({ hostname, code: "ESERVFAIL", reason: `${endpoint} answered HTTP ${httpStatus}` });
    }
    let message: { Status?: unknown; Answer?: unknown };
    try {
      message = JSON.parse(body) as { Status?: unknown; Answer?: unknown };
    } catch (error) {
      throw new DnsQueryError({
        hostname,
        code: "EBADRESP",
        reason: `${endpoint} did not answer DNS JSON`,
        cause: error,
      });
    }
    if (message.Status !== 0) {
      const status = typeof message.Status === "number" ? message.Status : -1;
      throw new DnsQueryError({ hostname, code: STATUS_CODES[status] ?? "EBADRESP", reason: `DNS status ${status}` });
    }
    const answers = Array.isArray(message.Answer) ? (message.Answer as { type?: unknown; data?: unknown }[]) : [];
    const records = answers
      .filter((answer) => answer && answer.type === TXT_TYPE && typeof answer.data === "string")
      .map((answer) => splitCharacterStrings(answer.data as string));
    if (records.length === 0) throw new DnsQueryError({ hostname, code: "ENODATA", reason: "no TXT record" });
    return records;
  };
}

/**
 * TXT data in presentation form: `"part one" "part two"` (Cloudflare) or bare text (Google).
 * Handles `\"`, `\\` and `\DDD` escapes.
 */
function splitCharacterStrings(data: string): string[] {
  const text = data.trim();
  if (!text.startsWith('"')) return [text];
  const parts: string[] = [];
  for (const match of text.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    parts.push(
      match[1].replace(/\\([0-9]{3}|.)/g, (_, escaped: string) =>
        escaped.length === 3 ? String.fromCharCode(Number(escaped)) : escaped,
      ),
    );
  }
  return parts;
}
