/// <reference path="./vendor.d.ts" />
/**
 * RDFC-1.0, synchronous, for the datasets credentials give: those where every blank node's first-degree
 * hash is unique (a credential's subject, its achievement without an id, a proof node... each has
 * different quads). RDFC-1.0 then labels the blank nodes in the order of their hashes (steps 5.3–5.4 of
 * the W3C recommendation) and never needs the N-degree hashes (step 6), which is where its cost and
 * its asynchrony (rdf-canonize yields to the event loop) lie.
 *
 * It follows rdf-canonize 5 (the implementation eddsa-rdfc-2022 verifiers use) step by step, including
 * its first-degree quirk (`_:a`/`_:z`, never an already issued label) and its N-Quads escaping (its own
 * serializer is used). When a dataset needs step 6, or has a blank node already labelled like a
 * canonical one, it returns `undefined` and the caller runs the library.
 */
import type { Quad, RdfTerm } from "jsonld";
import { NQuads } from "rdf-canonize";
import { sha256Utf8Hex } from "./hashing";

const CANONICAL_PREFIX = "c14n";
const A: RdfTerm = { termType: "BlankNode", value: "a" };
const Z: RdfTerm = { termType: "BlankNode", value: "z" };

/**
 * RDFC-1.0 canonical N-Quads of a dataset whose blank nodes all have unique first-degree hashes, or
 * `undefined` when the dataset needs the full algorithm (then call rdf-canonize).
 *
 * @example
 * const nquads = canonizeUniqueBlankNodes(quads) ?? (await canonize(quads, { algorithm: "RDFC-1.0" }));
 */
export function canonizeUniqueBlankNodes(quads: readonly Quad[]): string | undefined {
  // Step 2: the quads of each blank node (a set: a quad naming the node twice counts once).
  const quadsOf = new Map<string, Set<Quad>>();
  const note = (term: RdfTerm, quad: Quad) => {
    if (term.termType !== "BlankNode") return;
    const set = quadsOf.get(term.value);
    if (set) set.add(quad);
    else quadsOf.set(term.value, new Set([quad]));
  };
  for (const quad of quads) {
    if (quad.predicate.termType === "BlankNode") return undefined; // generalized RDF: not ours
    note(quad.subject, quad);
    note(quad.object, quad);
    note(quad.graph, quad);
  }
  // Steps 5.3–5.4: first-degree hashes; every one must be unique.
  const byHash = new Map<string, string>();
  for (const [id, set] of quadsOf) {
    if (id.startsWith(CANONICAL_PREFIX)) return undefined;
    const lines: string[] = [];
    const first = (term: RdfTerm) => (term.termType !== "BlankNode" ? term : term.value === id ? A : Z);
    for (const quad of set) {
      lines.push(
        NQuads.serializeQuadComponents(first(quad.subject), quad.predicate, first(quad.object), first(quad.graph)),
      );
    }
    lines.sort();
    const hash = sha256Utf8Hex(lines.join(""));
    if (byHash.has(hash)) return undefined;
    byHash.set(hash, id);
  }
  const canonical = new Map<string, RdfTerm>();
  for (const hash of [...byHash.keys()].sort()) {
    canonical.set(byHash.get(hash)!, { termType: "BlankNode", value: CANONICAL_PREFIX + canonical.size });
  }
  // Step 7: relabel, serialize, sort.
  const relabel = (term: RdfTerm) => (term.termType === "BlankNode" ? canonical.get(term.value)! : term);
  const lines = quads.map((quad) =>
    NQuads.serializeQuadComponents(relabel(quad.subject), quad.predicate, relabel(quad.object), relabel(quad.graph)),
  );
  lines.sort();
  return lines.join("");
}
