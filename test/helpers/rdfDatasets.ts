/**
 * Random RDF datasets for the RDFC-1.0 property tests (sdk/src/sign/rdfc10.test.ts,
 * compileRdfcPlan.test.ts): IRIs with spaces, quotes and unicode; literals with escapes, control
 * characters, lone surrogates, languages and datatypes; blank nodes shared between quads; named graphs.
 */
import fc from "fast-check";
import type { Quad, RdfTerm } from "jsonld";

export const named = (value: string) => ({ termType: "NamedNode" as const, value });
export const blank = (value: string): RdfTerm => ({ termType: "BlankNode", value });
export const XSD_STRING = named("http://www.w3.org/2001/XMLSchema#string");
export const LANG_STRING = named("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString");
export const DEFAULT_GRAPH: RdfTerm = { termType: "DefaultGraph", value: "" };

export const iri = fc.constantFrom(
  "https://example.org/a",
  "https://example.org/b",
  "urn:x:ü",
  "did:web:example.edu#key-1",
  "https://example.org/with space",
  'https://example.org/"quoted"',
);

/** Literal values: unicode graphemes, arbitrary UTF-16 (lone surrogates), escapes and control characters. */
export const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.constantFrom('a "quote"', "back\\slash", "line\nbreak\r\ttab\b\f", "é€😀", "", "\u0000\u001f\u007f", "<>{}|^`"),
);

const literal = fc.oneof(
  text.map((value): RdfTerm => ({ termType: "Literal", value, datatype: XSD_STRING })),
  fc
    .tuple(text, fc.constantFrom("en", "de-CH"))
    .map(([value, language]): RdfTerm => ({ termType: "Literal", value, datatype: LANG_STRING, language })),
  fc.tuple(text, iri).map(([value, type]): RdfTerm => ({ termType: "Literal", value, datatype: named(type) })),
);

/** 1–14 quads over `blankCount` blank nodes (`b0`…), IRIs and literals, a fifth of them in a named graph. */
export function randomDataset(blankCount: number): fc.Arbitrary<Quad[]> {
  const node = fc.oneof(
    iri.map(named),
    fc.nat(blankCount - 1).map((i) => blank(`b${i}`)),
  );
  const quad = fc
    .record({
      subject: node,
      predicate: iri.map(named),
      object: fc.oneof(node, literal),
      graph: fc.oneof({ weight: 4, arbitrary: fc.constant(DEFAULT_GRAPH) }, { weight: 1, arbitrary: node }),
    })
    .map((q): Quad => q);
  return fc.array(quad, { minLength: 1, maxLength: 14 });
}
