import { createIdentityCache } from "../identity/createIdentityCache";
import { didWebToUrl } from "../identity/didWebToUrl";
import { fetchDidDocument } from "../identity/fetchDidDocument";
import type { FetchLike, IdentityCache } from "../identity/types";
import type { AssertionKey, ResolveAssertionKey } from "./verifyCredentialSignature";

/**
 * The key `verificationMethod` names, when `document` (a DID document) lists it as a Multikey and
 * names it in `assertionMethod` (by id, by `#fragment`, or embedded); otherwise `undefined`.
 *
 * @example
 * assertionKeyFromDidDocument(didJson, "did:web:example.edu#z6Mk...");
 */
export function assertionKeyFromDidDocument(document: unknown, verificationMethod: string): AssertionKey | undefined {
  if (!document || typeof document !== "object") return undefined;
  const doc = document as { id?: unknown; verificationMethod?: unknown; assertionMethod?: unknown };
  if (typeof doc.id !== "string") return undefined;
  const [did, fragment] = verificationMethod.split("#");
  if (did !== doc.id || fragment === undefined) return undefined;
  const names = (id: unknown) => id === verificationMethod || id === `#${fragment}`;
  const methods = Array.isArray(doc.verificationMethod) ? doc.verificationMethod : [];
  const assertion = Array.isArray(doc.assertionMethod) ? doc.assertionMethod : [];
  let method: Record<string, unknown> | undefined;
  for (const entry of assertion) {
    if (typeof entry === "string" && names(entry)) {
      method = methods.find(
        (m): m is Record<string, unknown> => !!m && typeof m === "object" && names((m as { id?: unknown }).id),
      );
    } else if (entry && typeof entry === "object" && names((entry as { id?: unknown }).id)) {
      method = entry as Record<string, unknown>;
    }
    if (method) break;
  }
  if (!method || method.type !== "Multikey" || typeof method.publicKeyMultibase !== "string") return undefined;
  const controller = typeof method.controller === "string" ? method.controller : doc.id;
  return { id: verificationMethod, controller, publicKeyMultibase: method.publicKeyMultibase };
}

export interface CreateDidWebKeyResolverOptions {
  /** Default `globalThis.fetch`. */
  fetch?: FetchLike;
  /** Per request, ms. Default 5000. */
  timeoutMs?: number;
  /** Share the identity check's cache so that each did.json is fetched once per run. */
  cache?: IdentityCache;
  /** DID documents known in advance (by DID), used instead of fetching. */
  documents?: Readonly<Record<string, unknown>>;
}

/**
 * Resolves a verification method of a did:web issuer through its did.json (the same fetch and cache
 * as the identity check). Throws when the document cannot be read; answers `undefined` when it does
 * not list the key for assertionMethod.
 *
 * @example
 * const resolveKey = createDidWebKeyResolver({ cache });
 * await verifyCredentialSignature({ credential, resolveKey });
 */
export function createDidWebKeyResolver(options: CreateDidWebKeyResolverOptions = {}): ResolveAssertionKey {
  const cache = options.cache ?? createIdentityCache();
  return async (verificationMethod) => {
    const did = verificationMethod.split("#")[0]!;
    const known = options.documents?.[did];
    if (known !== undefined) return assertionKeyFromDidDocument(known, verificationMethod);
    if (!did.startsWith("did:web:"))
      throw new Error(`${did} is not a did:web DID, the only method credanchor resolves`);
    const fetch = options.fetch ?? (globalThis.fetch as unknown as FetchLike | undefined);
    if (!fetch) throw new Error("no fetch to read the issuer's did.json");
    const lookup = await fetchDidDocument(didWebToUrl(did), { fetch, timeoutMs: options.timeoutMs ?? 5000, cache });
    if (lookup.outcome === "document") return assertionKeyFromDidDocument(lookup.document, verificationMethod);
    if (lookup.outcome === "not-found") return undefined;
    throw new Error(`${lookup.url}: ${lookup.reason ?? lookup.outcome}`);
  };
}
