import { parseChainId, parseRegistryAddress } from "./caip";
import { checkDidWebBinding } from "./checkDidWebBinding";
import { checkDnsBinding, type MethodOutcome } from "./checkDnsBinding";
import { createIdentityCache } from "./createIdentityCache";
import type { ExpectedBinding } from "./describe";
import { parseDidWeb, type DidWeb } from "./didWebToUrl";
import { domainOfHost, identifierHost } from "./identifierHost";
import { hostMatchesDomain, parseDomain } from "./normalizeDomain";
import type {
  FetchLike,
  IdentityCode,
  IdentityFound,
  IdentityLookupOptions,
  IdentityMethod,
  IdentityMethodResult,
  IdentityResult,
  IdentityStatus,
  IssuerDomainClaim,
  IssuerInput,
} from "./types";
import { DEFAULT_IDENTITY_TIMEOUT_MS } from "./withTimeout";

/** What to check: a registry on a chain, the domain it should be bound to, and who claims it. */
export interface ResolveIssuerIdentityParameters {
  /** CAIP-2 id of the chain the registry is on (where the credential is anchored). */
  chain: string;
  /** The registry contract address. */
  registry: string;
  /**
   * The registry's on-chain profile URL (`profile().url`): `https://example.edu`,
   * `did:web:example.edu` or `example.edu`. An empty string or `null` means the registry has none
   * (failed); `undefined` means the caller did not read it (error).
   */
  profileUrl: string | null | undefined;
  /** The bound domain. Default: the profile URL's host without a leading `www.`. */
  domain?: string;
  /**
   * The credential's `issuer` (Profile object or id string); it must name the bound domain in
   * `issuer.id` (did:web or URL) or `issuer.url`. `null` means the credential has none (failed);
   * leave it out to check only the registry and the domain.
   */
  issuer?: IssuerInput;
}

/** Internal knobs of `checkIdentity` that verifiers do not need. */
export interface ResolveIdentityInternals {
  /** Run every method even after one passed (diagnosis). */
  exhaustive?: boolean;
  /** Words after the expected registry in failure messages, e.g. "where this credential was anchored". */
  subject?: string;
}

/**
 * Decides whether a registry is bound to its issuer's domain, both ways: the registry's profile URL
 * names the domain, and the domain names the registry and its chain, in a DNS TXT record
 * (`_credanchor.<domain>`, then `<domain>`) or in its did:web document (a `CredAnchorRegistry`
 * service or an `alsoKnownAs` CAIP-10 entry). The credential's issuer must name the same domain.
 * Never throws for what it finds: a mismatch or a missing record is `failed`, and so is a domain
 * whose records name other registries even when another method could not run; a DNS or HTTPS
 * failure that leaves it undecided is `error`, and so is, in a browser (no `resolveTxt`), a did:web
 * result that does not pass (`IDENTITY_DNS_UNAVAILABLE`: a TXT record could still bind the registry).
 * It never answers `skipped`: an issuer that is not confirmed is never a pass.
 *
 * This is the browser-safe version: without `options.resolveTxt` it does not query DNS. The one
 * exported by `sdk/src/node.ts` defaults to Node's resolver. docs/IDENTITY.md has the rules.
 *
 * @example
 * const result = await resolveIssuerIdentity(
 *   { chain: "eip155:11155111", registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
 *     profileUrl: "https://example.edu", issuer: credential.issuer },
 *   { resolveTxt, cache },
 * );
 * if (result.status !== "passed") console.log(result.code, result.message);
 */
export async function resolveIssuerIdentity(
  parameters: ResolveIssuerIdentityParameters,
  options: IdentityLookupOptions = {},
  internals: ResolveIdentityInternals = {},
): Promise<IdentityResult> {
  const found: IdentityFound = {
    profileUrl: parameters.profileUrl,
    issuerDomains: [],
    bindings: [],
    malformed: [],
    lookups: [],
  };
  const stop = (status: IdentityStatus, code: IdentityCode, message: string): IdentityResult => ({
    status,
    code,
    message: sentence(message),
    found,
    methods: [],
  });
  const matchOptions = { allowSubdomains: options.allowSubdomains === true };

  // 1. The inputs.
  const chain = parseChainId(String(parameters.chain ?? ""));
  if (!chain) {
    return stop(
      "failed",
      "IDENTITY_INPUT_INVALID",
      `chain ${JSON.stringify(parameters.chain)} is not a CAIP-2 EVM chain id such as eip155:11155111`,
    );
  }
  const registry = parseRegistryAddress(String(parameters.registry ?? ""));
  if (!registry) {
    return stop(
      "failed",
      "IDENTITY_INPUT_INVALID",
      `registry ${JSON.stringify(parameters.registry)} is not 0x followed by 40 hex digits`,
    );
  }
  const expected: ExpectedBinding = { chain, registry };
  const what = `registry ${registry} on ${chain}${internals.subject ? `, ${internals.subject}` : ""}`;

  // 2. The registry's side: its profile URL names the domain.
  const profileUrl = parameters.profileUrl;
  if (profileUrl === undefined) {
    return stop(
      "error",
      "IDENTITY_PROFILE_UNKNOWN",
      `the profile URL of registry ${registry} on ${chain} was not read, so its identity cannot be checked`,
    );
  }
  if (profileUrl === null || profileUrl.trim() === "") {
    return stop(
      "failed",
      "IDENTITY_NO_PROFILE_URL",
      `registry ${registry} on ${chain} has no profile URL, so it names no domain; its admin must call setProfile(name, "https://<domain>")`,
    );
  }
  const profile = identifierHost(profileUrl, { allowBareHost: true });
  if (!profile || profile.host === undefined) {
    return stop(
      "failed",
      "IDENTITY_PROFILE_URL_INVALID",
      `the profile URL of registry ${registry} is ${JSON.stringify(profileUrl)}, which names no domain${profile ? ` (${profile.reason})` : ""}; it must be https://<domain> or did:web:<domain>`,
    );
  }
  let domain: string;
  if (parameters.domain !== undefined) {
    const parsed = parseDomain(parameters.domain);
    if (parsed.domain === undefined) {
      return stop(
        "failed",
        "IDENTITY_INPUT_INVALID",
        `domain ${JSON.stringify(parameters.domain)} is not usable: ${parsed.reason}`,
      );
    }
    domain = parsed.domain;
  } else {
    domain = domainOfHost(profile.host);
  }
  found.domain = domain;
  if (!hostMatchesDomain(profile.host, domain, matchOptions)) {
    return stop(
      "failed",
      "IDENTITY_PROFILE_DOMAIN_MISMATCH",
      `the profile URL of registry ${registry} is ${profileUrl}, which names ${profile.host}, not ${domain}`,
    );
  }

  // 3. The credential's side: its issuer names the same domain.
  let issuerDid: DidWeb | undefined;
  if (parameters.issuer !== undefined) {
    const claims = readIssuerClaims(parameters.issuer);
    found.issuerDomains = claims.claims;
    if (claims.invalid) {
      return stop(
        "failed",
        "IDENTITY_ISSUER_INVALID",
        `the credential's ${claims.invalid.field} is ${JSON.stringify(claims.invalid.value)}: ${claims.invalid.reason}`,
      );
    }
    if (claims.claims.length === 0) {
      return stop(
        "failed",
        "IDENTITY_ISSUER_NO_DOMAIN",
        parameters.issuer === null
          ? "the credential has no issuer, so it names no domain"
          : `the credential's issuer names no domain (${describeIssuer(parameters.issuer)}); issuer.id must be did:web:${domain} or issuer.url https://${domain}`,
      );
    }
    const wrong = claims.claims.find((claim) => !hostMatchesDomain(claim.host, domain, matchOptions));
    if (wrong) {
      return stop(
        "failed",
        "IDENTITY_ISSUER_DOMAIN_MISMATCH",
        `the credential's ${wrong.field} is ${wrong.value}, which names ${wrong.host}, but registry ${registry} is bound to ${domain} by its profile URL ${profileUrl}`,
      );
    }
    issuerDid = claims.did;
  }

  // 4. The domain's side: DNS and did:web.
  const didWeb = issuerDid ?? profile.didWeb ?? parseDidWeb(`did:web:${domain}`).didWeb;
  found.did = didWeb?.did;
  const pathBound = didWeb !== undefined && profile.didWeb !== undefined && profile.didWeb.did === didWeb.did;
  const timeoutMs = options.timeoutMs ?? DEFAULT_IDENTITY_TIMEOUT_MS;
  const cache = options.cache ?? createIdentityCache();
  const fetch: FetchLike | undefined = options.fetch ?? defaultFetch();
  const methods: IdentityMethod[] = options.methods ?? ["dns", "did:web"];
  const results: IdentityMethodResult[] = [];
  let dnsUnavailable = false;
  for (const method of methods) {
    let outcome: MethodOutcome | undefined;
    if (method === "dns") {
      if (options.resolveTxt) {
        outcome = await checkDnsBinding(domain, expected, { resolveTxt: options.resolveTxt, timeoutMs, cache });
      } else {
        dnsUnavailable = true;
        found.lookups.push({
          method: "dns",
          target: `_credanchor.${domain}`,
          outcome: "skipped",
          detail: "DNS not available",
        });
        results.push({
          method: "dns",
          status: "skipped",
          code: "IDENTITY_DNS_UNAVAILABLE",
          message: "DNS lookups are not available here (no resolveTxt), so no TXT record was checked",
        });
      }
    } else if (method === "did:web" && didWeb) {
      if (fetch) {
        outcome = await checkDidWebBinding(didWeb, expected, didWeb.path.length === 0 || pathBound, {
          fetch,
          timeoutMs,
          cache,
        });
      } else {
        results.push({
          method: "did:web",
          status: "skipped",
          code: "IDENTITY_NO_METHOD",
          message: "no fetch function is available",
        });
      }
    }
    if (!outcome) continue;
    results.push(outcome.result);
    found.bindings.push(...outcome.bindings);
    found.malformed.push(...outcome.malformed);
    found.lookups.push(...outcome.lookups);
    if (outcome.result.status === "passed" && !internals.exhaustive) break;
  }

  // The identity a pass confirms: the domain, or the path DID's host and path when the profile names it.
  const confirmed = pathBound && didWeb && didWeb.path.length > 0 ? `${didWeb.host}/${didWeb.path.join("/")}` : domain;
  const result = combine(results, { domain, confirmed, what, registry, chain, profileUrl, found, dnsUnavailable });
  return { ...result, message: sentence(result.message) };
}

/** Upper-case first letter, final full stop. */
function sentence(text: string): string {
  const trimmed = text.trim();
  const capitalized = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalized) ? capitalized : `${capitalized}.`;
}

function combine(
  methods: IdentityMethodResult[],
  context: {
    domain: string;
    confirmed: string;
    what: string;
    registry: string;
    chain: string;
    profileUrl: string;
    found: IdentityFound;
    dnsUnavailable: boolean;
  },
): IdentityResult {
  const { domain, what, found } = context;
  const ran = methods.filter((method) => method.status !== "skipped");
  const passed = ran.find((method) => method.status === "passed");
  if (passed) {
    return {
      status: "passed",
      code: "IDENTITY_VERIFIED",
      method: passed.method,
      domain: context.confirmed,
      message: `${passed.message}, and the registry's profile URL ${context.profileUrl} names ${context.confirmed}.`,
      found,
      methods,
    };
  }
  const details = methods.map((method) => method.message).join("; ");
  // A domain that names other registries (or this one on another chain) disowns this one, whatever a
  // method that could not run might have said: the copycat registry is invalid, not undecided.
  const disowned = ran.find(
    (method) =>
      method.status === "failed" &&
      (method.code === "IDENTITY_REGISTRY_MISMATCH" || method.code === "IDENTITY_CHAIN_MISMATCH"),
  );
  if (disowned && (context.dnsUnavailable || ran.some((method) => method.status === "error"))) {
    return {
      status: "failed",
      code: disowned.code,
      method: disowned.method,
      message: `the domain ${domain} does not name ${what}: ${details}.`,
      found,
      methods,
    };
  }
  if (ran.some((method) => method.status === "error")) {
    const first = ran.find((method) => method.status === "error");
    return {
      status: "error",
      code: "IDENTITY_LOOKUP_ERROR",
      method: first?.method,
      message: `could not decide whether ${domain} names ${what}: ${details}.`,
      found,
      methods,
    };
  }
  if (ran.length === 0) {
    return {
      status: "error",
      code: context.dnsUnavailable ? "IDENTITY_DNS_UNAVAILABLE" : "IDENTITY_NO_METHOD",
      message: `issuer not confirmed: the identity of ${domain} was not checked: ${details || "no method was enabled"}.`,
      found,
      methods,
    };
  }
  if (context.dnsUnavailable) {
    // A TXT record, which cannot be read here, could still bind the registry: undecided, never a pass.
    return {
      status: "error",
      code: "IDENTITY_DNS_UNAVAILABLE",
      message: `issuer not confirmed: the domain ${domain} could not be shown to name ${what}: ${details}. Check the TXT record where DNS is available (the CLI)`,
      found,
      methods,
    };
  }
  const code = mostTelling(ran.map((method) => method.code));
  return {
    status: "failed",
    code,
    method: ran.find((method) => method.code === code)?.method,
    message: `the domain ${domain} does not name ${what}: ${details}.`,
    found,
    methods,
  };
}

const FAILURE_PRIORITY: IdentityCode[] = [
  "IDENTITY_CHAIN_MISMATCH",
  "IDENTITY_REGISTRY_MISMATCH",
  "IDENTITY_DID_DOCUMENT_INVALID",
  "IDENTITY_RECORD_MALFORMED",
  "IDENTITY_DID_PATH_NOT_BOUND",
  "IDENTITY_NOT_PUBLISHED",
];

function mostTelling(codes: IdentityCode[]): IdentityCode {
  return FAILURE_PRIORITY.find((code) => codes.includes(code)) ?? codes[0];
}

function readIssuerClaims(issuer: IssuerInput): {
  claims: IssuerDomainClaim[];
  did?: DidWeb;
  invalid?: { field: IssuerDomainClaim["field"]; value: string; reason: string };
} {
  const fields: [IssuerDomainClaim["field"], unknown][] =
    typeof issuer === "string"
      ? [["issuer", issuer]]
      : issuer && typeof issuer === "object"
        ? [
            ["issuer.id", issuer.id],
            ["issuer.url", issuer.url],
          ]
        : [];
  const claims: IssuerDomainClaim[] = [];
  let did: DidWeb | undefined;
  for (const [field, value] of fields) {
    if (typeof value !== "string") continue;
    const named = identifierHost(value);
    if (!named) continue;
    if (named.host === undefined) return { claims, invalid: { field, value, reason: named.reason } };
    claims.push({ field, value, host: named.host });
    if (named.didWeb && field !== "issuer.url") did = named.didWeb;
  }
  return { claims, did };
}

function describeIssuer(issuer: IssuerInput): string {
  if (typeof issuer === "string") return `issuer is ${issuer}`;
  if (!issuer || typeof issuer !== "object") return "issuer is not an object";
  const id = typeof issuer.id === "string" ? `issuer.id is ${issuer.id}` : "issuer.id is missing";
  const url = typeof issuer.url === "string" ? `issuer.url is ${issuer.url}` : "issuer.url is missing";
  return `${id}, ${url}`;
}

function defaultFetch(): FetchLike | undefined {
  const global = globalThis as { fetch?: FetchLike };
  return typeof global.fetch === "function" ? global.fetch.bind(globalThis) : undefined;
}
