/**
 * The issuer check's pure part: whether the registry's on-chain profile names the credential's
 * issuer, and whether the domain binding is to be asked of the identity resolver at all. The
 * resolver call itself (async, cached per run) stays in `runChainChecks.ts`.
 */
import type { Caip2ChainId } from "../../types";
import { LOCAL_DEVELOPMENT_CHAIN, type CheckResult, type IdentityMode, type IdentityResolver } from "../types";
import { asRecord, checkResult } from "../verdict";
import type { Profile, RegistryData } from "./chainState";
import { rpcErrorResult } from "./rpcError";

export interface ProfileMatch {
  resolve: true;
  matched: string;
  profile: Profile;
  details: Record<string, unknown>;
}

/**
 * What the issuer check reads of a credential's issuer: the identifiers it claims (the string, or the
 * record's `url` and `id` when strings), without repeats. Two issuer values with the same claims get
 * the same issuer result (the chain checks compute it once per batch and claims).
 */
export function issuerClaims(issuer: unknown): string[] {
  const issuerRecord = asRecord(issuer);
  return [
    ...new Set(
      (typeof issuer === "string" ? [issuer] : [issuerRecord?.url, issuerRecord?.id]).filter(
        (value): value is string => typeof value === "string",
      ),
    ),
  ];
}

/** The profile comparison: a final result, or a match that the identity resolver may still judge. */
export function issuerResult(
  issuer: unknown,
  chain: Caip2ChainId,
  registryData: Pick<RegistryData, "address" | "profile">,
): CheckResult | ProfileMatch {
  const profileRead = registryData.profile;
  if (profileRead === undefined) {
    return checkResult("issuer", "error", "RPC_ERROR", "The registry's profile was not read.");
  }
  if ("error" in profileRead) return rpcErrorResult("issuer", chain, profileRead.error);
  if (!profileRead.found) {
    return checkResult(
      "issuer",
      "error",
      "RPC_ERROR",
      `The registry's profile could not be read: ${profileRead.reason}.`,
    );
  }
  const profile = profileRead.value;
  const claims = issuerClaims(issuer);
  const details = { profileName: profile.name, profileUrl: profile.url, issuer: claims };
  if (profile.url.trim() === "") {
    return checkResult(
      "issuer",
      "failed",
      "ISSUER_PROFILE_EMPTY",
      `The registry ${registryData.address} has no profile URL, so it does not say which issuer it belongs to.`,
      details,
    );
  }
  const target = normalizeIdentifier(profile.url);
  if (!claims.some((claim) => normalizeIdentifier(claim) === target)) {
    return checkResult(
      "issuer",
      "failed",
      "ISSUER_PROFILE_MISMATCH",
      `The registry's on-chain profile names ${profile.url}, but the credential's issuer is ${claims.join(" / ") || "not named"}.`,
      details,
    );
  }
  const matched = `The registry's on-chain profile names ${profile.url}${profile.name ? ` (${profile.name})` : ""}, as the credential's issuer does.`;
  return { resolve: true, matched, profile, details };
}

/**
 * The issuer check when the domain binding is not asked: on the local development chain (unless
 * `identity` is `on`), when the caller turned it off, or when no resolver was given. Undefined when
 * the resolver is to be asked.
 */
export function identityNotChecked(
  chain: Caip2ChainId,
  match: ProfileMatch,
  context: { identity: IdentityMode; identityResolver?: IdentityResolver },
): CheckResult | undefined {
  if (chain === LOCAL_DEVELOPMENT_CHAIN && context.identity !== "on") {
    return checkResult(
      "issuer",
      "skipped",
      "ISSUER_NOT_CHECKED_LOCAL_CHAIN",
      `${match.matched} Issuer not checked: ${LOCAL_DEVELOPMENT_CHAIN} is a local development chain, where no domain can name a registry, so anyone can deploy one with this profile.`,
      { ...match.details, identity: { checked: false, reason: "local-chain" } },
    );
  }
  if (context.identity === "off") {
    return checkResult(
      "issuer",
      "skipped",
      "ISSUER_NOT_CHECKED_BY_REQUEST",
      `Issuer not confirmed: ${match.matched} The issuer's domain binding was not checked, as requested (identity off), so a copycat registry with the same profile would pass this far.`,
      { ...match.details, identity: { checked: false, reason: "disabled" } },
    );
  }
  if (!context.identityResolver) {
    return checkResult(
      "issuer",
      "skipped",
      "ISSUER_NOT_CHECKED_NO_RESOLVER",
      `Issuer not confirmed: ${match.matched} The issuer's domain binding (DNS TXT or did:web) was not checked: no identityResolver was given, so a copycat registry with the same profile would pass this far.`,
      { ...match.details, identity: { checked: false, reason: "no-resolver" } },
    );
  }
  return undefined;
}

/**
 * Comparable form of a URL or DID: for http(s) URLs (parsed as WHATWG URL, so `https:example.edu`
 * is `https://example.edu/`) the scheme and host in lower case, no default
 * port, no trailing slash, no fragment; anything else (a DID) trimmed, compared exactly.
 *
 * @example
 * normalizeIdentifier("HTTPS://Example.edu/") === normalizeIdentifier("https://example.edu") // true
 */
export function normalizeIdentifier(value: string): string {
  let normal = normalized.get(value);
  if (normal === undefined) {
    normal = normalizeUncached(value);
    if (normalized.size >= MAX_NORMALIZED) normalized.clear();
    normalized.set(value, normal);
  }
  return normal;
}

/**
 * normalizeIdentifier's answers for the last identifiers seen (at most MAX_NORMALIZED): every
 * credential of a batch names the same issuer and registry profile, and parsing them as URLs again
 * for each was a few microseconds per credential on the calling thread.
 */
const normalized = new Map<string, string>();
const MAX_NORMALIZED = 256;

function normalizeUncached(value: string): string {
  const text = value.trim();
  if (!/^https?:/i.test(text)) return text;
  try {
    const url = new URL(text);
    const path = url.pathname.replace(/\/+$/, "");
    return `${url.protocol}//${url.host}${path}${url.search}`;
  } catch {
    return text;
  }
}
