import { expect } from "chai";
import fc from "fast-check";
import type { Quad, RdfTerm } from "jsonld";
import { canonize as rdfcCanonize, NQuads } from "rdf-canonize";
import { compileRdfcPlan, type RdfcHole } from "./compileRdfcPlan";
import { named, blank, XSD_STRING, DEFAULT_GRAPH, iri, text, randomDataset } from "../../../test/helpers/rdfDatasets";
import { canonizeUniqueBlankNodes } from "./rdfc10";

/**
 * The compiled RDFC-1.0 plan against the step-by-step path (canonizeUniqueBlankNodes) and rdf-canonize
 * on random datasets with random holes filled with random values (escapes, unicode, lone surrogates,
 * values that reorder the lines and the blank nodes' hashes): the same canonical N-Quads, byte for byte,
 * and `undefined` exactly where the step-by-step path declines.
 */

/** The places of a dataset that may be holes: IRIs anywhere, literals as objects. */
function candidates(quads: readonly Quad[]): Omit<RdfcHole, "slot">[] {
  const out: Omit<RdfcHole, "slot">[] = [];
  quads.forEach((quad, q) => {
    for (const position of ["subject", "predicate", "object", "graph"] as const) {
      const term = quad[position];
      if (term.termType === "NamedNode" || (position === "object" && term.termType === "Literal")) {
        out.push({ quad: q, position });
      }
    }
  });
  return out;
}

function filled(quads: readonly Quad[], holes: readonly RdfcHole[], values: readonly string[]): Quad[] {
  const out = quads.map((quad) => ({ ...quad }));
  for (const hole of holes)
    out[hole.quad]![hole.position] = { ...out[hole.quad]![hole.position], value: values[hole.slot]! };
  return out;
}

const scenario = fc
  .integer({ min: 1, max: 6 })
  .chain((n) => randomDataset(n))
  .chain((quads) => {
    const places = candidates(quads);
    return fc.record({
      quads: fc.constant(quads),
      // Each chosen place gets one of three slots, so a slot may fill several holes.
      holes: fc
        .subarray(places)
        .chain((chosen) => fc.tuple(...chosen.map((place) => fc.nat(2).map((slot): RdfcHole => ({ ...place, slot }))))),
      documents: fc.array(fc.tuple(text, text, iri), { minLength: 1, maxLength: 4 }),
    });
  });

describe("sign: compiled RDFC-1.0 plan = step-by-step RDFC-1.0 = rdf-canonize", function () {
  this.timeout(120_000);

  it("gives the same canonical N-Quads for every set of values put in the holes", async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async ({ quads, holes, documents }) => {
        const plan = compileRdfcPlan(quads, holes);
        expect(plan, "a plan for every dataset of plain terms").to.not.equal(undefined);
        for (const values of documents) {
          // Slots used as IRIs get IRI-like values: the holes' terms keep their type.
          const dataset = filled(quads, holes, values);
          const expected = canonizeUniqueBlankNodes(dataset);
          expect(plan!.canonize(values)).to.equal(expected);
          if (expected === undefined) continue;
          answered++;
          expect(expected).to.equal(await rdfcCanonize(dataset, { algorithm: "RDFC-1.0" }));
        }
      }),
      { numRuns: 300 },
    );
    // most datasets answered (declining is tested on its own below)
    expect(answered).to.be.greaterThan(300);
  });

  it("escapes a value as rdf-canonize's serializer does, as a literal and as an IRI", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 20 }), text), (value) => {
        const subject = named("https://example.org/s");
        const predicate = named("https://example.org/p");
        const quads: Quad[] = [
          {
            subject,
            predicate,
            object: { termType: "Literal", value: "x", datatype: XSD_STRING },
            graph: DEFAULT_GRAPH,
          },
          { subject, predicate, object: named("https://example.org/o"), graph: DEFAULT_GRAPH },
        ];
        const plan = compileRdfcPlan(quads, [
          { quad: 0, position: "object", slot: 0 },
          { quad: 1, position: "object", slot: 0 },
        ])!;
        const expected = [
          NQuads.serializeQuadComponents(subject, predicate, { ...quads[0]!.object, value }, DEFAULT_GRAPH),
          NQuads.serializeQuadComponents(subject, predicate, named(value), DEFAULT_GRAPH),
        ];
        expect(plan.canonize([value])).to.equal(expected.sort().join(""));
      }),
      { numRuns: 500 },
    );
  });

  it("declines two blank nodes that the values make alike, and answers when they differ", () => {
    const p = named("https://example.org/p");
    const quads: Quad[] = [
      {
        subject: blank("b0"),
        predicate: p,
        object: { termType: "Literal", value: "", datatype: XSD_STRING },
        graph: DEFAULT_GRAPH,
      },
      {
        subject: blank("b1"),
        predicate: p,
        object: { termType: "Literal", value: "", datatype: XSD_STRING },
        graph: DEFAULT_GRAPH,
      },
    ];
    const plan = compileRdfcPlan(quads, [
      { quad: 0, position: "object", slot: 0 },
      { quad: 1, position: "object", slot: 1 },
    ])!;
    expect(plan.canonize(["same", "same"])).to.equal(undefined);
    expect(plan.canonize(["one", "two"])).to.equal(
      canonizeUniqueBlankNodes(
        filled(
          quads,
          [
            { quad: 0, position: "object", slot: 0 },
            { quad: 1, position: "object", slot: 1 },
          ],
          ["one", "two"],
        ),
      ),
    );
  });

  it("orders the lines of two subjects that a value writes alike, and of subjects that share a prefix", () => {
    const literal = (value: string): RdfTerm => ({ termType: "Literal", value, datatype: XSD_STRING });
    const quad = (subject: RdfTerm, predicate: string, object: RdfTerm): Quad => ({
      subject,
      predicate: named(predicate),
      object,
      graph: DEFAULT_GRAPH,
    });
    const quads: Quad[] = [
      quad(named("https://example.org/hole"), "https://example.org/p", literal("1")),
      quad(named("https://example.org/hole"), "https://example.org/r", literal("3")),
      quad(named("https://example.org/a"), "https://example.org/q", literal("2")),
      quad(named("https://example.org/ab"), "https://example.org/q", literal("4")),
      quad(blank("b0"), "https://example.org/p", literal("5")),
      quad(blank("b0"), "https://example.org/p", blank("b1")),
      quad(blank("b1"), "https://example.org/p", literal("6")),
    ];
    const holes: RdfcHole[] = [
      { quad: 0, position: "subject", slot: 0 },
      { quad: 1, position: "subject", slot: 0 },
      { quad: 4, position: "object", slot: 1 },
    ];
    const plan = compileRdfcPlan(quads, holes)!;
    for (const values of [
      ["https://example.org/a", "5"],
      ["https://example.org/a", "_:c14n"],
      ["https://example.org/ab", "0"],
      ["https://example.org/a/b", "z"],
      ["https://example.org/", ""],
    ]) {
      const expected = canonizeUniqueBlankNodes(filled(quads, holes, values));
      expect(expected, values.join(" ")).to.be.a("string");
      expect(plan.canonize(values), values.join(" ")).to.equal(expected);
    }
  });

  it("compiles no plan for a blank-node predicate, a canonical-looking label, a hole on a blank node or the marker character", () => {
    const p = named("https://example.org/p");
    const o = named("https://example.org/o");
    const quad = (subject: RdfTerm, predicate: RdfTerm, object: RdfTerm): Quad => ({
      subject,
      predicate,
      object,
      graph: DEFAULT_GRAPH,
    });
    expect(compileRdfcPlan([quad(blank("b0"), blank("b1"), o)], [])).to.equal(undefined);
    expect(compileRdfcPlan([quad(blank("c14n0"), p, o)], [])).to.equal(undefined);
    expect(compileRdfcPlan([quad(blank("b0"), p, blank("b1"))], [{ quad: 0, position: "object", slot: 0 }])).to.equal(
      undefined,
    );
    expect(compileRdfcPlan([quad(named("https://example.org/\uE000"), p, o)], [])).to.equal(undefined);
    expect(compileRdfcPlan([quad(blank("b0"), p, o)], [{ quad: 3, position: "object", slot: 0 }])).to.equal(undefined);
    expect(compileRdfcPlan([quad(blank("b0"), p, o)], [])).to.not.equal(undefined);
  });
});
