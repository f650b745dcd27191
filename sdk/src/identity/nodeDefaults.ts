/**
 * Node-only: the identity functions with DNS switched on by default (Node's resolver). Exported from
 * `sdk/src/node.ts` under the same names as their browser-safe versions, which they wrap.
 */
import {
  checkIdentity as checkIdentityBrowser,
  type CheckIdentityParameters,
  type IdentityCheckReport,
} from "./checkIdentity";
import {
  createIdentityResolver as createIdentityResolverBrowser,
  type IssuerIdentityResolver,
  type IssuerIdentityResolverOptions,
} from "./createIdentityResolver";
import { createNodeResolveTxt } from "./createNodeResolveTxt";
import {
  resolveIssuerIdentity as resolveIssuerIdentityBrowser,
  type ResolveIssuerIdentityParameters,
} from "./resolveIssuerIdentity";
import type { IdentityLookupOptions, IdentityResult, ResolveTxt } from "./types";

const defaultResolvers = new Map<number | undefined, ResolveTxt>();

function withNodeDns<T extends IdentityLookupOptions>(options: T): T {
  if (options.resolveTxt) return options;
  let resolveTxt = defaultResolvers.get(options.timeoutMs);
  if (!resolveTxt) {
    resolveTxt = createNodeResolveTxt({ timeoutMs: options.timeoutMs });
    defaultResolvers.set(options.timeoutMs, resolveTxt);
  }
  return { ...options, resolveTxt };
}

/**
 * `resolveIssuerIdentity` with Node's DNS resolver as the default `resolveTxt`.
 *
 * @example
 * const result = await resolveIssuerIdentity({ chain, registry, profileUrl: "https://example.edu", issuer: credential.issuer });
 */
export function resolveIssuerIdentity(
  parameters: ResolveIssuerIdentityParameters,
  options: IdentityLookupOptions = {},
): Promise<IdentityResult> {
  return resolveIssuerIdentityBrowser(parameters, withNodeDns(options));
}

/**
 * `createIdentityResolver` with Node's DNS resolver as the default `resolveTxt`.
 *
 * @example
 * const identityResolver = createIdentityResolver();
 * const results = await verifyCredentials(credentials, { identityResolver });
 */
export function createIdentityResolver(options: IssuerIdentityResolverOptions = {}): IssuerIdentityResolver {
  return createIdentityResolverBrowser(withNodeDns(options));
}

/**
 * `checkIdentity` with Node's DNS resolver as the default `resolveTxt`.
 *
 * @example
 * const report = await checkIdentity({ domain: "example.edu", chain: "eip155:11155111", registry });
 */
export function checkIdentity(
  parameters: CheckIdentityParameters,
  options: IdentityLookupOptions = {},
): Promise<IdentityCheckReport> {
  return checkIdentityBrowser(parameters, withNodeDns(options));
}
