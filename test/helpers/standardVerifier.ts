/**
 * Test helper: the W3C VC 2.0 / Data Integrity stack that standard verifiers and wallets build on
 * (@digitalbazaar/vc + data-integrity + eddsa-rdfc-2022-cryptosuite + ed25519-multikey, devDependencies),
 * run offline through a document loader that serves credanchor's bundled contexts and given DID
 * documents. Used by the interop tests to check that credanchor's signatures are standard.
 */
import { bundledContexts } from "../../sdk/src/sign/contexts";

/* eslint-disable @typescript-eslint/no-require-imports */
// ESM-only packages, loaded through Node's require(esm) (Node >= 20.19).
const vc = require("@digitalbazaar/vc") as {
  issue(args: object): Promise<Record<string, unknown>>;
  verifyCredential(args: object): Promise<{ verified: boolean; error?: unknown; results?: unknown[] }>;
};
const { DataIntegrityProof } = require("@digitalbazaar/data-integrity") as {
  DataIntegrityProof: new (args: object) => object;
};
const { cryptosuite } = require("@digitalbazaar/eddsa-rdfc-2022-cryptosuite") as {
  cryptosuite: { canonize(input: object, options: object): Promise<string> };
};
const Ed25519Multikey = require("@digitalbazaar/ed25519-multikey") as {
  generate(args: { id?: string; controller?: string }): Promise<StandardKeyPair>;
};

export interface StandardKeyPair {
  id: string;
  controller: string;
  publicKeyMultibase: string;
  signer(): object;
  export(args: { publicKey: boolean; includeContext: boolean }): Promise<Record<string, unknown>>;
}

/** A DID document as `credanchor identity` prints it (or any other). */
export type DidDocument = Record<string, unknown> & { id: string };

/** A document loader: bundled contexts, the DID documents given (and their fragments), nothing else. */
export function standardDocumentLoader(didDocuments: readonly DidDocument[] = []) {
  const contexts = bundledContexts();
  return async (url: string) => {
    const context = contexts.get(url);
    if (context !== undefined) return { contextUrl: null, documentUrl: url, document: context };
    const [did, fragment] = url.split("#");
    const doc = didDocuments.find((d) => d.id === did);
    if (doc) {
      if (fragment === undefined) return { contextUrl: null, documentUrl: url, document: doc };
      const methods = (doc.verificationMethod ?? []) as Record<string, unknown>[];
      const method = methods.find((m) => m.id === url || m.id === `#${fragment}`);
      if (method) {
        return {
          contextUrl: null,
          documentUrl: url,
          document: { "@context": "https://w3id.org/security/multikey/v1", ...method },
        };
      }
    }
    throw new Error(`standardDocumentLoader: ${url} is not available offline`);
  };
}

/** Verifies with @digitalbazaar/vc + eddsa-rdfc-2022, as a standard verifier would. */
export async function standardVerify(credential: object, didDocuments: readonly DidDocument[]) {
  const suite = new DataIntegrityProof({ cryptosuite });
  return vc.verifyCredential({ credential, suite, documentLoader: standardDocumentLoader(didDocuments) });
}

/** Signs with @digitalbazaar/vc + eddsa-rdfc-2022 (another issuer's software). */
export async function standardIssue(
  credential: object,
  keyPair: StandardKeyPair,
  didDocuments: readonly DidDocument[] = [],
) {
  const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite });
  return vc.issue({ credential, suite, documentLoader: standardDocumentLoader(didDocuments) });
}

/** A fresh Ed25519 Multikey for `controller` (a DID), with its id `controller#<multibase>`. */
export async function standardKeyPair(controller: string): Promise<StandardKeyPair> {
  const key = await Ed25519Multikey.generate({ controller });
  key.id = `${controller}#${key.publicKeyMultibase}`;
  return key;
}

/** A minimal DID document listing one Multikey for assertionMethod. */
export function didDocumentFor(did: string, publicKeyMultibase: string): DidDocument {
  const id = `${did}#${publicKeyMultibase}`;
  return {
    "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
    id: did,
    verificationMethod: [{ id, type: "Multikey", controller: did, publicKeyMultibase }],
    assertionMethod: [id],
  };
}

/** The eddsa-rdfc-2022 cryptosuite's own canonize (jsonld.toRDF + rdf-canonize), offline. */
export async function standardCanonize(document: object): Promise<string> {
  return cryptosuite.canonize(document, { documentLoader: standardDocumentLoader() });
}
