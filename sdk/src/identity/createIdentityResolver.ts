import { createIdentityCache } from "./createIdentityCache";
import { resolveIssuerIdentity } from "./resolveIssuerIdentity";
import type { IdentityLookupOptions, IdentityResult, IssuerInput } from "./types";

/** What the verification pipeline knows about the anchor when it asks for the issuer check. */
export interface IssuerIdentityContext {
  /** CAIP-2 chain id of the anchor (proof.anchor.chain). */
  chain: string;
  /** Registry address of the anchor (proof.anchor.registry). */
  registry: string;
  /**
   * The registry's on-chain profile URL (`profile().url`), when the caller has read it. Leave it
   * out to let `options.getProfileUrl` read it.
   */
  profileUrl?: string | null;
}

/** The same question in one object: the credential's issuer, the anchor, the registry's profile. */
export interface IssuerIdentityQuery extends IssuerIdentityContext {
  /** The credential's `issuer` (Profile object or id string). */
  issuer: unknown;
  /** The registry's on-chain profile (`profile()`); its `url` is used when `profileUrl` is absent. */
  profile?: { name?: string; url: string } | null;
}

/**
 * The hook the verification pipeline calls for its `issuer` check (`options.identityResolver`).
 * Called either as `(credential, { chain, registry, profileUrl })` or with one object
 * `{ issuer, chain, registry, profile: { url } }`. Resolves to a check-like result (`status`,
 * `code`, `message`, plus `found` and `methods`) and never rejects.
 */
export interface IssuerIdentityResolver {
  (credential: { readonly issuer?: unknown }, context: IssuerIdentityContext): Promise<IdentityResult>;
  (query: IssuerIdentityQuery): Promise<IdentityResult>;
}

/** Options of `createIdentityResolver`. */
export interface IssuerIdentityResolverOptions extends IdentityLookupOptions {
  /**
   * Reads a registry's profile URL when the caller did not pass one; called once per
   * chain/registry per resolver. Returning `undefined` (or rejecting) makes the check `error`.
   */
  getProfileUrl?: (chain: string, registry: string) => Promise<string | null | undefined>;
}

/**
 * Makes the `identityResolver` for one verification run: all checks made through it share one cache,
 * so 10,000 credentials of one issuer cost one DNS query per name and one did.json request.
 * The browser-safe version has no DNS unless `options.resolveTxt` is given; the one exported by
 * `sdk/src/node.ts` defaults to Node's resolver.
 *
 * @example
 * const identityResolver = createIdentityResolver({ resolveTxt, timeoutMs: 5000 });
 * const results = await verifyCredentials(credentials, { identityResolver });
 * // or directly:
 * const result = await identityResolver(credential, { chain: "eip155:11155111", registry, profileUrl: "https://example.edu" });
 */
export function createIdentityResolver(options: IssuerIdentityResolverOptions = {}): IssuerIdentityResolver {
  const cache = options.cache ?? createIdentityCache();
  const lookupOptions: IdentityLookupOptions = { ...options, cache };
  const profiles = new Map<string, Promise<{ url?: string | null; reason?: string }>>();

  const readProfile = (chain: string, registry: string): Promise<{ url?: string | null; reason?: string }> => {
    const getProfileUrl = options.getProfileUrl;
    if (!getProfileUrl) return Promise.resolve({});
    const key = `${String(chain).trim().toLowerCase()}:${String(registry).trim().toLowerCase()}`;
    let pending = profiles.get(key);
    if (!pending) {
      pending = Promise.resolve()
        .then(() => getProfileUrl(chain, registry))
        .then(
          (url) => ({ url }),
          (error: unknown) => ({ reason: error instanceof Error ? error.message : String(error) }),
        );
      profiles.set(key, pending);
    }
    return pending;
  };

  const resolve = async (
    first: { readonly issuer?: unknown } | IssuerIdentityQuery,
    second?: IssuerIdentityContext,
  ): Promise<IdentityResult> => {
    const query = second === undefined ? (first as IssuerIdentityQuery) : undefined;
    const context: IssuerIdentityContext = query ?? second!;
    let profileUrl = context.profileUrl !== undefined ? context.profileUrl : query?.profile?.url;
    let profileProblem: string | undefined;
    if (profileUrl === undefined) {
      const read = await readProfile(context.chain, context.registry);
      profileUrl = read.url;
      profileProblem = read.reason;
    }
    const issuer = first.issuer === undefined ? null : (first.issuer as IssuerInput);
    const result = await resolveIssuerIdentity(
      { chain: context.chain, registry: context.registry, profileUrl, issuer },
      lookupOptions,
      { subject: "where this credential was anchored" },
    );
    if (profileProblem !== undefined && result.code === "IDENTITY_PROFILE_UNKNOWN") {
      return { ...result, message: `${result.message.replace(/\.$/, "")}: ${profileProblem}.` };
    }
    return result;
  };
  return resolve as IssuerIdentityResolver;
}
