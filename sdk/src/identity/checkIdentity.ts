import { identifierHost } from "./identifierHost";
import { identityRecords, type IdentityRecords } from "./identityRecords";
import { hostMatchesDomain } from "./normalizeDomain";
import { resolveIssuerIdentity } from "./resolveIssuerIdentity";
import type { IdentityCode, IdentityFound, IdentityLookupOptions, IdentityMethodResult, IdentityStatus } from "./types";

/** Input of `checkIdentity` (`credanchor identity check --domain D`). */
export interface CheckIdentityParameters {
  domain: string;
  chain: string;
  registry: string;
  /** The registry's on-chain profile URL, when the caller has read it; checked to name the domain. */
  profileUrl?: string | null;
  /** A did:web DID with a path to check instead of `did:web:<domain>`. */
  did?: string;
}

/** What `checkIdentity` reports: every method's outcome and what should have been published. */
export interface IdentityCheckReport {
  /** `passed` when at least one method binds the registry and the profile URL (if given) names the domain. */
  status: IdentityStatus;
  code: IdentityCode;
  message: string;
  /** The records that bind this registry (what `identityRecords` prints). */
  records: IdentityRecords;
  /** Both methods, each run to the end (DNS is `skipped` without a resolver). */
  methods: IdentityMethodResult[];
  found: IdentityFound;
  /** The registry's side: does its profile URL name the domain? `skipped` when not given. */
  profile: { status: "passed" | "failed" | "skipped"; code?: IdentityCode; message: string };
}

/**
 * Checks what a domain publishes for a registry, by every method (not stopping at the first that
 * passes), for an issuer setting up or debugging its records. Throws an `IdentityInputError` for an
 * unusable domain, chain or address; everything it finds is in the report.
 *
 * This is the browser-safe version (DNS only with `options.resolveTxt`); the one exported by
 * `sdk/src/node.ts` defaults to Node's resolver.
 *
 * @example
 * const report = await checkIdentity({ domain: "example.edu", chain: "eip155:11155111", registry }, { resolveTxt });
 * for (const method of report.methods) console.log(method.method, method.status, method.message);
 */
export async function checkIdentity(
  parameters: CheckIdentityParameters,
  options: IdentityLookupOptions = {},
): Promise<IdentityCheckReport> {
  const records = identityRecords(parameters);
  const profile = checkProfile(parameters.profileUrl, records.domain, options.allowSubdomains === true);
  const result = await resolveIssuerIdentity(
    {
      domain: records.domain,
      chain: records.chain,
      registry: records.registry,
      // The registry's side is checked above; here the profile only selects the DID document.
      profileUrl: parameters.did === undefined ? records.domain : records.didWeb.did,
    },
    options,
    { exhaustive: true },
  );
  const found: IdentityFound = { ...result.found, profileUrl: parameters.profileUrl };
  const report = { records, methods: result.methods, found, profile };
  if (profile.status !== "failed")
    return { status: result.status, code: result.code, message: result.message, ...report };
  const message = `${profile.message} ${result.message}`;
  if (result.status === "passed")
    return { status: "failed", code: profile.code ?? "IDENTITY_PROFILE_DOMAIN_MISMATCH", message, ...report };
  return { status: result.status, code: result.code, message, ...report };
}

function checkProfile(
  profileUrl: string | null | undefined,
  domain: string,
  allowSubdomains: boolean,
): IdentityCheckReport["profile"] {
  if (profileUrl === undefined) return { status: "skipped", message: "The registry's profile URL was not given." };
  if (profileUrl === null || profileUrl.trim() === "") {
    return {
      status: "failed",
      code: "IDENTITY_NO_PROFILE_URL",
      message: `The registry has no profile URL; its admin must call setProfile(name, "https://${domain}").`,
    };
  }
  const named = identifierHost(profileUrl, { allowBareHost: true });
  if (!named || named.host === undefined) {
    return {
      status: "failed",
      code: "IDENTITY_PROFILE_URL_INVALID",
      message: `The registry's profile URL ${JSON.stringify(profileUrl)} names no domain; set it to https://${domain}.`,
    };
  }
  if (!hostMatchesDomain(named.host, domain, { allowSubdomains })) {
    return {
      status: "failed",
      code: "IDENTITY_PROFILE_DOMAIN_MISMATCH",
      message: `The registry's profile URL ${profileUrl} names ${named.host}, not ${domain}; set it to https://${domain}.`,
    };
  }
  return { status: "passed", message: `The registry's profile URL ${profileUrl} names ${domain}.` };
}
