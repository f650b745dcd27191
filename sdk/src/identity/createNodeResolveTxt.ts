/**
 * Node-only: DNS TXT lookups through `node:dns/promises`. Exported from `sdk/src/node.ts`, never
 * from the browser-safe entry point.
 */
import { Resolver } from "node:dns/promises";
import type { ResolveTxt } from "./types";
import { DEFAULT_IDENTITY_TIMEOUT_MS } from "./withTimeout";

/** Options of `createNodeResolveTxt`. */
export interface NodeResolveTxtOptions {
  /** DNS servers (`"127.0.0.1:5353"`, `"1.1.1.1"`); default: the system's. */
  servers?: string[];
  /** Overall time for one query, in ms; split over `tries`. Default 5000. */
  timeoutMs?: number;
  /** Attempts per server. Default 2. */
  tries?: number;
}

/**
 * A `resolveTxt` backed by Node's resolver (c-ares), with its own servers and timeout. Rejects with
 * Node's codes: `ENOTFOUND` (NXDOMAIN), `ENODATA` (no TXT record), `ETIMEOUT`, `ESERVFAIL`,
 * `ECONNREFUSED`...
 *
 * @example
 * const resolveTxt = createNodeResolveTxt({ servers: ["1.1.1.1"], timeoutMs: 3000 });
 * await resolveTxt("_credanchor.example.edu"); // [["credanchor=v1; chain=eip155:11155111; registry=0x…"]]
 */
export function createNodeResolveTxt(options: NodeResolveTxtOptions = {}): ResolveTxt {
  const tries = Math.max(1, options.tries ?? 2);
  const timeoutMs = options.timeoutMs ?? DEFAULT_IDENTITY_TIMEOUT_MS;
  const resolver = new Resolver({ timeout: Math.max(50, Math.floor(timeoutMs / tries)), tries });
  if (options.servers) resolver.setServers(options.servers);
  return (hostname) => resolver.resolveTxt(hostname);
}
