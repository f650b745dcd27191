/**
 * Types shared by the identity functions (docs/IDENTITY.md): what is looked up, what was found, and
 * the result a verifier shows.
 */
import type { Address, Caip2ChainId } from "../types";

/** The two ways an issuer binds its registry to its domain. */
export type IdentityMethod = "dns" | "did:web";

/** Status of the identity check, with the meaning the verification pipeline gives its checks. */
export type IdentityStatus = "passed" | "failed" | "error" | "skipped";

/**
 * Stable codes of identity results (each is also a check code, `CHECK_CODES`, with one status).
 * `failed` codes mean proven unbound; `error` codes mean it could not be decided (network, no DNS
 * here, no method): the issuer is not confirmed. A method result may be `skipped`; the combined
 * result never is.
 */
export type IdentityCode =
  /** passed: the domain names this registry on this chain, and the registry's profile names the domain. */
  | "IDENTITY_VERIFIED"
  /** failed: the chain, registry or domain given to the check is malformed. */
  | "IDENTITY_INPUT_INVALID"
  /** error: the caller did not say what the registry's on-chain profile URL is. */
  | "IDENTITY_PROFILE_UNKNOWN"
  /** failed: the registry's profile URL is empty. */
  | "IDENTITY_NO_PROFILE_URL"
  /** failed: the registry's profile URL is neither an http(s) URL, a did:web DID nor a host name. */
  | "IDENTITY_PROFILE_URL_INVALID"
  /** failed: the registry's profile URL names another domain. */
  | "IDENTITY_PROFILE_DOMAIN_MISMATCH"
  /** failed: the credential has no issuer, or its issuer names no domain. */
  | "IDENTITY_ISSUER_NO_DOMAIN"
  /** failed: the credential's issuer.id is a malformed did:web DID. */
  | "IDENTITY_ISSUER_INVALID"
  /** failed: the credential's issuer.id or issuer.url names another domain. */
  | "IDENTITY_ISSUER_DOMAIN_MISMATCH"
  /** failed: neither a TXT record nor a did.json entry was found. */
  | "IDENTITY_NOT_PUBLISHED"
  /** failed: records were found, but they name other registries. */
  | "IDENTITY_REGISTRY_MISMATCH"
  /** failed: records name this registry address, but on another chain. */
  | "IDENTITY_CHAIN_MISMATCH"
  /** failed: the only credanchor records found are malformed. */
  | "IDENTITY_RECORD_MALFORMED"
  /** failed: the did.json document is not JSON, not an object, or has another `id`. */
  | "IDENTITY_DID_DOCUMENT_INVALID"
  /** failed: a did:web DID with a path binds only when the registry's profile URL is that exact DID. */
  | "IDENTITY_DID_PATH_NOT_BOUND"
  /** error: a DNS query or HTTPS request timed out or failed (SERVFAIL, refused, network, HTTP 5xx). */
  | "IDENTITY_LOOKUP_ERROR"
  /** error: DNS is not available here (browser) and did:web did not bind the registry: not confirmed. */
  | "IDENTITY_DNS_UNAVAILABLE"
  /** error: every method was switched off by the caller (or none could run): not confirmed. */
  | "IDENTITY_NO_METHOD";

/**
 * Looks up the TXT records of a DNS name, like `dns.promises.resolveTxt`: one array of
 * character-strings per record. Rejects with an error whose `code` is `ENOTFOUND` (NXDOMAIN) or
 * `ENODATA` (the name has no TXT record) when nothing is published; any other rejection
 * (`ETIMEOUT`, `ESERVFAIL`, `ECONNREFUSED`...) means the answer could not be obtained.
 */
export type ResolveTxt = (hostname: string) => Promise<string[][]>;

/** The part of a fetch Response the identity check reads. */
export interface FetchResponseLike {
  status: number;
  text(): Promise<string>;
  /**
   * The body as a stream (`Response.body`). When present it is read chunk by chunk and abandoned
   * at the size limit, so an endless body costs at most that much; without it `text()` is used.
   */
  body?: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> } } | null;
}

/** The part of `fetch` the identity check uses; `globalThis.fetch` fits. */
export type FetchLike = (
  url: string,
  init: { signal: AbortSignal; headers: Record<string, string>; redirect: "follow" },
) => Promise<FetchResponseLike>;

/** What a TXT lookup of one DNS name returned (never rejects: failures are data). */
export interface TxtLookup {
  hostname: string;
  outcome: "records" | "not-found" | "no-data" | "error";
  /** Each TXT record with its character-strings joined, as published. */
  records: string[];
  /** For `error`: the error code (`ETIMEOUT`, `ESERVFAIL`...) and message. */
  errorCode?: string;
  errorMessage?: string;
}

/** What fetching one did.json URL returned (never rejects: failures are data). */
export interface DidDocumentLookup {
  url: string;
  outcome: "document" | "not-found" | "invalid" | "error";
  httpStatus?: number;
  /** For `document`: the parsed JSON. */
  document?: unknown;
  /** For `invalid` and `error`: what went wrong. */
  reason?: string;
}

/**
 * Answers cached for one verification run: one entry per DNS name and per URL, holding the promise
 * so that concurrent checks of the same issuer share one query. Failures are cached too (a domain
 * that timed out is not asked again 10,000 times); make a new cache for a new run.
 */
export interface IdentityCache {
  txt: Map<string, Promise<TxtLookup>>;
  didDocuments: Map<string, Promise<DidDocumentLookup>>;
}

/** A binding found in DNS or in a DID document: "this registry on this chain is mine". */
export interface IdentityBinding {
  method: IdentityMethod;
  /** The DNS name or the did.json URL that holds it. */
  source: string;
  chain: Caip2ChainId;
  /** EIP-55 checksum case. */
  registry: Address;
  /** The record or entry as published. */
  text: string;
}

/** A credanchor record or did.json entry that could not be read, and why. */
export interface MalformedIdentityRecord {
  method: IdentityMethod;
  source: string;
  text: string;
  reason: string;
}

/** One DNS query or HTTPS request made (or not made) by the check. */
export interface IdentityLookupSummary {
  method: IdentityMethod;
  /** A DNS name or a URL. */
  target: string;
  outcome: "found" | "nothing" | "not-found" | "invalid" | "error" | "skipped";
  /** A short sentence: "2 TXT records, 1 credanchor record", "HTTP 404", "ETIMEOUT"... */
  detail: string;
}

/** A domain claim of the credential's issuer. */
export interface IssuerDomainClaim {
  field: "issuer" | "issuer.id" | "issuer.url";
  value: string;
  host: string;
}

/** Everything the check found, for display and for support requests. */
export interface IdentityFound {
  /** The domain the registry must be bound to (ASCII, lower case). */
  domain?: string;
  /** The did:web DID whose document was (or would be) fetched. */
  did?: string;
  /** The registry's on-chain profile URL, as given. */
  profileUrl?: string | null;
  /** Domains named by the credential's issuer. */
  issuerDomains: IssuerDomainClaim[];
  /** Well-formed bindings found, by any method, for any registry. */
  bindings: IdentityBinding[];
  malformed: MalformedIdentityRecord[];
  lookups: IdentityLookupSummary[];
}

/** The outcome of one method. */
export interface IdentityMethodResult {
  method: IdentityMethod;
  status: IdentityStatus;
  code: IdentityCode;
  message: string;
}

/**
 * The identity check's result: a check result the verification pipeline can show as is (`status`,
 * `code`, `message`), plus what was found. (A type alias, not an interface, so that it is assignable
 * to check-result types with an index signature.)
 */
export type IdentityResult = {
  status: IdentityStatus;
  code: IdentityCode;
  /** One paragraph a person understands: what was found, what is missing. */
  message: string;
  /** The method that bound the registry (when passed), or the one that decided. */
  method?: IdentityMethod;
  /**
   * When passed: the identity confirmed, the domain (`example.edu`), or the host and path of a path
   * did:web DID that the registry's profile names (`example.edu/~mallory`).
   */
  domain?: string;
  found: IdentityFound;
  /** One entry per method that was considered (DNS first). */
  methods: IdentityMethodResult[];
};

/** The credential's `issuer`: a Profile object or a bare id string (VC 2.0 allows both). */
export type IssuerInput = string | { id?: unknown; url?: unknown; name?: unknown } | null;

/** Options shared by every function that looks things up. */
export interface IdentityLookupOptions {
  /**
   * TXT lookup. Default in `sdk/src/node.ts`: Node's `node:dns/promises` Resolver. In the
   * browser-safe entry point there is no default: DNS is skipped unless you pass one (for example
   * `createDohResolveTxt()`).
   */
  resolveTxt?: ResolveTxt;
  /** HTTP client for did.json. Default: `globalThis.fetch`. */
  fetch?: FetchLike;
  /** Time allowed for each DNS query and each HTTPS request, in ms. Default 5000. */
  timeoutMs?: number;
  /** Answers shared across calls (one verification run). Default: a new cache per call. */
  cache?: IdentityCache;
  /** Which methods to try, in order. Default `["dns", "did:web"]`. */
  methods?: IdentityMethod[];
  /**
   * Accept an issuer URL or profile URL whose host is any subdomain of the bound domain
   * (`cs.example.edu` for `example.edu`). Default false: the host must be the domain or `www.` + domain.
   */
  allowSubdomains?: boolean;
}
