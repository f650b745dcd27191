/// <reference path="./vendor.d.ts" />
import type { DocumentLoader, RemoteDocument } from "jsonld";
import { ContextNotBundledError } from "../errors/sign";
import { bundledContexts } from "./contexts";

export interface CreateDocumentLoaderOptions {
  /** Further documents to serve by URL (e.g. a DID document already resolved); never fetched. */
  documents?: ReadonlyMap<string, unknown> | Record<string, unknown>;
}

/**
 * A JSON-LD document loader that serves the bundled contexts (and the documents given) and fetches
 * nothing: any other URL is a `ContextNotBundledError`.
 *
 * @example
 * const documentLoader = createDocumentLoader();
 * await jsonld.expand(credential, { documentLoader, safe: true });
 */
export function createDocumentLoader(options: CreateDocumentLoaderOptions = {}): DocumentLoader {
  const contexts = bundledContexts();
  const extra =
    options.documents instanceof Map
      ? options.documents
      : new Map(Object.entries((options.documents ?? {}) as Record<string, unknown>));
  return async (url: string): Promise<RemoteDocument> => {
    const document = contexts.get(url) ?? extra.get(url);
    if (document === undefined) throw new ContextNotBundledError(url);
    return { contextUrl: null, documentUrl: url, document };
  };
}
