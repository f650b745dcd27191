/**
 * How the command line looks up issuer identities (docs/IDENTITY.md): Node's DNS resolver (the
 * system's servers, or `--dns-server`), did:web over HTTPS, and, for `verify`, when the domain binding
 * is checked at all. Node-only (node:dns, node:net).
 */
import { isIP } from "node:net";
import {
  type CheckResult,
  createIdentityResolver,
  createNodeResolveTxt,
  type IdentityLookupOptions,
  type IdentityMethod,
  type IdentityResolver,
} from "../../sdk/src/node";
import { UsageError } from "../errors";

/** The identity methods, in the order they are tried. */
export const IDENTITY_METHODS: readonly IdentityMethod[] = ["dns", "did:web"];

/**
 * When `verify` checks the issuer's domain binding: `auto` on every chain but the local one
 * (eip155:31337), `on` everywhere (`--identity`), `off` nowhere (`--no-identity`: never valid on a
 * public chain). The SDK's `VerifyOptions.identity`.
 */
export type { IdentityMode } from "../../sdk/src/node";

/** Why the issuer check did not look up the domain binding (its code says it). */
export type IdentityNotCheckedReason = "local-chain" | "disabled";

/** What the lookups are told: DNS servers, methods, time per query. */
export interface IdentityLookupFlags {
  /** `--dns-server IP[:PORT]` values (already checked by `parseDnsServers`); default: the system's. */
  dnsServers?: string[];
  /** `--identity-method` / `--method`; default both, DNS first. */
  methods?: IdentityMethod[];
  /** Time per DNS query and per HTTPS request, in ms; default the SDK's 5000. */
  timeoutMs?: number;
}

/**
 * Checks `--dns-server` values: an IPv4 or IPv6 address, optionally with a port
 * (`127.0.0.1:5353`, `[::1]:5353`). Node's resolver takes them as they are.
 *
 * @example
 * parseDnsServers(["127.0.0.1:5353"]) // ["127.0.0.1:5353"]
 * parseDnsServers(["dns.example"]) // throws UsageError
 */
export function parseDnsServers(values: string[]): string[] {
  return values.map((value) => {
    const text = value.trim();
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
    const [host, port] = bracketed
      ? [bracketed[1], bracketed[2]]
      : isIP(text) === 6
        ? [text, undefined]
        : ((/^([^:]+)(?::(\d+))?$/.exec(text)?.slice(1, 3) ?? [text, undefined]) as [string, string | undefined]);
    const portOk = port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
    if (isIP(host) === 0 || !portOk) {
      throw new UsageError(`--dns-server '${value}' is not IP[:PORT]`, {
        fix: "give a DNS server's IP address, optionally with a port: --dns-server 1.1.1.1 or --dns-server 127.0.0.1:5353",
      });
    }
    return text;
  });
}

/**
 * Checks `--identity-method` / `--method` values (`dns`, `did:web`); none given means both.
 *
 * @example
 * parseIdentityMethods(["dns"], "--method") // ["dns"]
 */
export function parseIdentityMethods(values: string[], flag: string): IdentityMethod[] | undefined {
  if (values.length === 0) return undefined;
  const methods: IdentityMethod[] = [];
  for (const value of values) {
    const method = value.trim().toLowerCase();
    if (method !== "dns" && method !== "did:web") {
      throw new UsageError(`${flag} '${value}' is not an identity method`, {
        fix: `use ${flag} dns (the TXT record) or ${flag} did:web (the did.json document); without it both are tried`,
      });
    }
    if (!methods.includes(method)) methods.push(method);
  }
  // Keep the SDK's order (DNS first) whatever the order of the flags.
  return IDENTITY_METHODS.filter((method) => methods.includes(method));
}

/**
 * The SDK's lookup options for these flags: Node's resolver on the given servers (or the system's),
 * `globalThis.fetch` for did:web.
 *
 * @example
 * const options = identityLookupOptions({ dnsServers: ["127.0.0.1:5353"], timeoutMs: 1000 });
 */
export function identityLookupOptions(flags: IdentityLookupFlags): IdentityLookupOptions {
  return {
    ...(flags.dnsServers && flags.dnsServers.length > 0
      ? { resolveTxt: createNodeResolveTxt({ servers: flags.dnsServers, timeoutMs: flags.timeoutMs }) }
      : {}),
    ...(flags.methods ? { methods: flags.methods } : {}),
    ...(flags.timeoutMs !== undefined ? { timeoutMs: flags.timeoutMs } : {}),
  };
}

/**
 * The `identityResolver` `verify` gives the SDK: the SDK's resolver (DNS TXT, then did:web; one cache
 * for the run). When it is asked is the SDK's `identity` option (`auto`, `on`, `off`): on the local
 * chain the SDK reports `ISSUER_NOT_CHECKED_LOCAL_CHAIN` (valid there), with `off`
 * `ISSUER_NOT_CHECKED_BY_REQUEST` (never valid on a public chain).
 *
 * @example
 * const identityResolver = verifyIdentityResolver({ dnsServers: ["127.0.0.1:5353"] });
 * await verifyCredentials(texts, { rpc, identityResolver, identity: "auto" });
 */
export function verifyIdentityResolver(flags: IdentityLookupFlags = {}): IdentityResolver {
  const resolve = createIdentityResolver(identityLookupOptions(flags));
  return (input) =>
    resolve({ issuer: input.issuer, chain: input.chain, registry: input.registry, profile: input.profile });
}

/**
 * Why the issuer check did not look up the domain binding, from its code; undefined when it did.
 *
 * @example
 * identityNotChecked(issuerCheck) // "local-chain" for ISSUER_NOT_CHECKED_LOCAL_CHAIN
 */
export function identityNotChecked(check: CheckResult | undefined): IdentityNotCheckedReason | undefined {
  if (check?.code === "ISSUER_NOT_CHECKED_LOCAL_CHAIN") return "local-chain";
  if (check?.code === "ISSUER_NOT_CHECKED_BY_REQUEST") return "disabled";
  return undefined;
}
