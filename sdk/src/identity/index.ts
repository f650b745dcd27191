/**
 * Issuer identity binding (docs/IDENTITY.md): browser-safe exports. DNS needs a `resolveTxt`; the
 * Node defaults are exported by `sdk/src/node.ts`.
 */
export * from "./types";
export { parseChainId, parseRegistryAddress, parseCaip10Account, formatCaip10Account } from "./caip";
export type { Caip10Account } from "./caip";
export { parseDomain, normalizeDomain, hostMatchesDomain } from "./normalizeDomain";
export { parseDidWeb, didWebToUrl } from "./didWebToUrl";
export type { DidWeb } from "./didWebToUrl";
export { parseIdentityTxtRecord, IDENTITY_TXT_LABEL, IDENTITY_TXT_VERSION } from "./parseIdentityTxtRecord";
export type { ParsedIdentityTxtRecord } from "./parseIdentityTxtRecord";
export { IDENTITY_SERVICE_TYPE } from "./readDidDocumentBindings";
export { createIdentityCache } from "./createIdentityCache";
export { fetchDidDocument } from "./fetchDidDocument";
export { DEFAULT_IDENTITY_TIMEOUT_MS } from "./withTimeout";
export { identityRecords } from "./identityRecords";
export type { IdentityRecords, IdentityRecordsParameters, IdentityServiceEntry } from "./identityRecords";
export { resolveIssuerIdentity } from "./resolveIssuerIdentity";
export type { ResolveIssuerIdentityParameters } from "./resolveIssuerIdentity";
export { createIdentityResolver } from "./createIdentityResolver";
export type {
  IssuerIdentityResolver,
  IssuerIdentityContext,
  IssuerIdentityQuery,
  IssuerIdentityResolverOptions,
} from "./createIdentityResolver";
export { checkIdentity } from "./checkIdentity";
export type { CheckIdentityParameters, IdentityCheckReport } from "./checkIdentity";
export { createDohResolveTxt, DEFAULT_DOH_URL } from "./createDohResolveTxt";
