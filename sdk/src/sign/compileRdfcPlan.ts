/// <reference path="./vendor.d.ts" />
/**
 * RDFC-1.0 compiled once per dataset shape. The credentials of a batch give the same quads up to the
 * values put in a few places (the canonizer's slots, canonize.ts): the blank nodes, which quads each one
 * is in, and every N-Quads character around the values are the same for all of them. So the N-Quads
 * lines are cut once into fixed text and holes (a value, or a blank node's label), and each document then
 * only escapes its values, hashes the blank nodes whose quads hold one (the others' first-degree hashes
 * are computed once; a blank node whose values are those of the previous document keeps its hash),
 * labels them in the order of their hashes, fills in the lines and sorts them. A plan of few values (a
 * proof configuration's) gives its last answer again for the same values.
 *
 * The answer is exactly `canonizeUniqueBlankNodes` (rdfc10.ts) of the dataset with the values put in,
 * `undefined` where that one is `undefined` (then the caller runs the library). The fixed text is written
 * by rdf-canonize's own serializer: a hole is a private-use marker put in a term's value, found in the
 * serialized line and cut out, so spacing, datatypes, languages and escapes are the library's.
 */
import type { Quad, RdfTerm } from "jsonld";
import { NQuads } from "rdf-canonize";
import { sha256Utf8Hex } from "./hashing";

/** One place in a dataset that a document fills with its own value. */
export interface RdfcHole {
  /** Index of the quad in the dataset. */
  quad: number;
  position: "subject" | "predicate" | "object" | "graph";
  /** Index of the value in the array given to `canonize`. */
  slot: number;
}

export interface RdfcPlan {
  /**
   * `canonizeUniqueBlankNodes` of the dataset with `values[hole.slot]` as the value of each hole's term,
   * or `undefined` when that dataset needs the full algorithm.
   */
  canonize(values: readonly string[]): string | undefined;
}

/** How a value is written where a hole is: N-Quads escapes an IRI and a literal differently. */
const enum Escape {
  Iri = 1,
  Literal = 2,
}

/**
 * A line cut into pieces: a string is fixed text; a number `n >= 0` is the escaped value number `n`;
 * `n < 0` is the label of blank node `-n - 1`.
 */
type Pieces = (string | number)[];

const CANONICAL_PREFIX = "c14n";
const MARK = "\uE000";
const END = "\uE001";
const HOLE = new RegExp(`${MARK}([vb])(\\d+)${END}`, "g");

/**
 * Compiles the RDFC-1.0 plan of a dataset whose values at `holes` vary, or `undefined` when the dataset
 * is not one the plan handles (a blank-node predicate, a blank node labelled like a canonical one, the
 * marker character in a fixed term): the caller then canonizes each document the general way.
 *
 * @example
 * const plan = compileRdfcPlan(quads, [{ quad: 0, position: "object", slot: 0 }]);
 * plan?.canonize(["Ada Lovelace"]); // the canonical N-Quads, as canonizeUniqueBlankNodes gives them
 */
export function compileRdfcPlan(quads: readonly Quad[], holes: readonly RdfcHole[]): RdfcPlan | undefined {
  for (const quad of quads) {
    for (const term of [quad.subject, quad.predicate, quad.object, quad.graph]) {
      if (term.value.includes(MARK) || term.datatype?.value.includes(MARK) || term.language?.includes(MARK)) {
        return undefined;
      }
    }
  }
  // Each hole gets a value number per (slot, escape): a slot written both as an IRI and as a literal is escaped twice.
  const valueOf = new Map<string, number>();
  const valueSlots: number[] = [];
  const valueEscapes: Escape[] = [];
  const marked: Quad[] = quads.map((quad) => ({ ...quad }));
  for (const hole of holes) {
    const quad = marked[hole.quad];
    if (quad === undefined) return undefined;
    const term = quad[hole.position];
    const escape = escapeOf(hole.position, term);
    if (escape === undefined) return undefined; // a value that would name a blank node: not a hole we take
    const key = `${hole.slot}:${escape}`;
    let n = valueOf.get(key);
    if (n === undefined) {
      n = valueSlots.length;
      valueOf.set(key, n);
      valueSlots.push(hole.slot);
      valueEscapes.push(escape);
    }
    quad[hole.position] = { ...term, value: `${MARK}v${n}${END}` };
  }
  // Blank nodes: numbered in order of appearance, each with its set of quads (a quad naming it twice counts once).
  const blankIndex = new Map<string, number>();
  const quadsOf: Set<number>[] = [];
  for (let q = 0; q < quads.length; q++) {
    const original = quads[q]!;
    if (original.predicate.termType === "BlankNode") return undefined; // generalized RDF: not ours
    for (const position of ["subject", "object", "graph"] as const) {
      const term = marked[q]![position];
      if (term.termType !== "BlankNode") continue;
      let b = blankIndex.get(term.value);
      if (b === undefined) {
        if (term.value.startsWith(CANONICAL_PREFIX)) return undefined;
        b = quadsOf.length;
        blankIndex.set(term.value, b);
        quadsOf.push(new Set());
      }
      quadsOf[b]!.add(q);
    }
  }
  const relabelled = (term: RdfTerm): RdfTerm => {
    if (term.termType !== "BlankNode") return term;
    const b = blankIndex.get(term.value);
    return b === undefined ? term : { termType: "BlankNode", value: `${MARK}b${b}${END}` };
  };
  const lines: Pieces[] = marked.map((quad) =>
    cut(
      NQuads.serializeQuadComponents(
        relabelled(quad.subject),
        quad.predicate,
        relabelled(quad.object),
        relabelled(quad.graph),
      ),
    ),
  );
  // First-degree lines of each blank node: itself `_:a`, every other blank node `_:z`.
  const firstDegree = quadsOf.map((set, b) =>
    [...set].map((q) => fixBlanks(lines[q]!, (other) => (other === b ? "a" : "z"))),
  );
  const firstDegreeOrder = firstDegree.map(compileOrder);
  const finalOrder = compileOrder(lines);
  const constantHash = firstDegree.map((pieces) =>
    pieces.every((line) => line.length === 1 && typeof line[0] === "string")
      ? sha256Utf8Hex((pieces.map((line) => line[0]) as string[]).sort().join(""))
      : undefined,
  );
  const blankCount = quadsOf.length;
  // A blank node's first-degree hash depends on nothing but the values in its lines (the labels there are
  // `a` and `z`): each keeps the values of its last hash, and a document with the same ones reuses it.
  const dependsOn = firstDegree.map((pieces) => [
    ...new Set(pieces.flat().filter((piece): piece is number => typeof piece === "number")),
  ]);
  const lastHashes: ({ values: string[]; hash: string } | undefined)[] = new Array(blankCount);
  // The last answer of a plan with few values (a proof configuration's: the same `created` and key for a
  // whole batch), kept with a copy of its values.
  let lastValues: readonly string[] | undefined;
  // By value number: the last value escaped there, and its escaped text.
  const lastRaw = new Array<string | undefined>(valueSlots.length);
  const lastEscaped = new Array<string | undefined>(valueSlots.length);
  let lastAnswer: string | undefined;

  return {
    canonize(values) {
      if (lastValues !== undefined && sameValues(lastValues, values)) return lastAnswer;
      const answer = canonizeValues(values);
      if (values.length <= MEMO_MAX_VALUES) {
        lastValues = values.slice();
        lastAnswer = answer;
      }
      return answer;
    },
  };

  function canonizeValues(values: readonly string[]): string | undefined {
    const escaped = new Array<string>(valueSlots.length);
    for (let n = 0; n < valueSlots.length; n++) {
      const value = values[valueSlots[n]!]!;
      // Most values of a batch (descriptions, names of the achievement) are the previous document's.
      if (value === lastRaw[n]) {
        escaped[n] = lastEscaped[n]!;
        continue;
      }
      escaped[n] = valueEscapes[n] === Escape.Literal ? escapeLiteral(value) : escapeIri(value);
      lastRaw[n] = value;
      lastEscaped[n] = escaped[n];
    }
    const labels = new Array<string>(blankCount);
    // One blank node is c14n0 whatever its hash (a proof configuration's only node): not hashed.
    if (blankCount === 1) labels[0] = CANONICAL_PREFIX + 0;
    else if (blankCount > 1) {
      const hashes = new Array<string>(blankCount);
      const byHash = new Map<string, number>();
      for (let b = 0; b < blankCount; b++) {
        let hash = constantHash[b];
        if (hash === undefined) {
          const last = lastHashes[b];
          if (last !== undefined && sameValuesAt(last.values, dependsOn[b]!, escaped)) hash = last.hash;
          else {
            hash = sha256Utf8Hex(sortedLines(firstDegreeOrder[b]!, escaped, labels));
            lastHashes[b] = { values: dependsOn[b]!.map((n) => escaped[n]!), hash };
          }
        }
        if (byHash.has(hash)) return undefined; // two blank nodes alike: the N-degree hashes are needed
        byHash.set(hash, b);
        hashes[b] = hash;
      }
      hashes.sort();
      for (let i = 0; i < blankCount; i++) labels[byHash.get(hashes[i]!)!] = CANONICAL_PREFIX + i;
    }
    return sortedLines(finalOrder, escaped, labels);
  }
}

/** A plan remembers its last answer when the document has at most this many values. */
const MEMO_MAX_VALUES = 8;

/** True when `escaped[numbers[i]]` is `values[i]` for every i. */
function sameValuesAt(values: readonly string[], numbers: readonly number[], escaped: readonly string[]): boolean {
  for (let i = 0; i < numbers.length; i++) if (values[i] !== escaped[numbers[i]!]) return false;
  return true;
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The order of a set of lines, worked out as far as their fixed text decides it. A line is its subject (the
 * text before the first space: an IRI or a blank-node label never holds a raw space) and the rest. Lines
 * with the same subject term form a group; groups are ordered per document by their subjects' text. In a
 * group, lines are sorted once by the fixed text that starts their rest (up to the first hole): a line
 * whose fixed start is not a prefix of another's has its place among them for every document; lines whose
 * fixed start is a prefix of the others' form a run, sorted per document.
 */
interface Order {
  lines: Pieces[];
  groups: { subject: Pieces; runs: number[][] }[];
}

function compileOrder(lines: Pieces[]): Order {
  const bySubject = new Map<string, { subject: Pieces; members: { line: number; start: string }[] }>();
  lines.forEach((line, index) => {
    const { subject, rest } = splitSubject(line);
    const key = JSON.stringify(subject);
    let group = bySubject.get(key);
    if (!group) bySubject.set(key, (group = { subject, members: [] }));
    group.members.push({ line: index, start: rest[0] as string });
  });
  const groups = [...bySubject.values()].map(({ subject, members }) => {
    members.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const runs: number[][] = [];
    let head = "";
    for (const member of members) {
      const run = runs[runs.length - 1];
      if (run !== undefined && member.start.startsWith(head)) run.push(member.line);
      else {
        runs.push([member.line]);
        head = member.start;
      }
    }
    return { subject, runs };
  });
  return { lines, groups };
}

/** A line cut before its first space: the subject, and the rest (which starts with fixed text, the space). */
function splitSubject(line: Pieces): { subject: Pieces; rest: Pieces } {
  for (let i = 0; i < line.length; i++) {
    const piece = line[i]!;
    if (typeof piece !== "string") continue;
    const space = piece.indexOf(" ");
    if (space < 0) continue;
    const subject = merge([...line.slice(0, i), piece.slice(0, space)]);
    return { subject, rest: merge([piece.slice(space), ...line.slice(i + 1)]) };
  }
  throw new Error(`an N-Quads line without a space: ${JSON.stringify(line)}`);
}

/** The lines of `order` filled in and sorted (as `lines.sort().join("")` would give them). */
function sortedLines(order: Order, escaped: readonly string[], labels: readonly string[]): string {
  const { groups, lines } = order;
  const subjects = groups.map((group, g) => ({ text: fill(group.subject, escaped, labels) + " ", g }));
  subjects.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  // Collected and joined once: a string built by `+=` is a rope that node:crypto reads slowly.
  const out: string[] = [];
  for (let i = 0; i < subjects.length; i++) {
    // Two subject terms written alike (a value equal to another value or to a fixed IRI): their lines mix.
    if (i > 0 && subjects[i]!.text === subjects[i - 1]!.text) {
      return lines
        .map((line) => fill(line, escaped, labels))
        .sort()
        .join("");
    }
    for (const run of groups[subjects[i]!.g]!.runs) {
      if (run.length === 1) out.push(fill(lines[run[0]!]!, escaped, labels));
      else out.push(...run.map((line) => fill(lines[line]!, escaped, labels)).sort());
    }
  }
  return out.join("");
}

/** How rdf-canonize's serializer writes the value of `term` in `position`; `undefined` for any other term. */
function escapeOf(position: RdfcHole["position"], term: RdfTerm): Escape | undefined {
  if (term.termType === "NamedNode") return Escape.Iri;
  if (position === "object" && term.termType === "Literal") return Escape.Literal;
  return undefined;
}

/** A serialized line cut at its markers into fixed text, value numbers and blank-node numbers. */
function cut(line: string): Pieces {
  const pieces: Pieces = [];
  let last = 0;
  for (const match of line.matchAll(HOLE)) {
    pieces.push(line.slice(last, match.index));
    const n = Number(match[2]);
    pieces.push(match[1] === "v" ? n : -n - 1);
    last = match.index + match[0].length;
  }
  pieces.push(line.slice(last));
  return merge(pieces);
}

/** The line with each blank node's label written in (`label(b)`), adjacent fixed texts joined. */
function fixBlanks(line: Pieces, label: (b: number) => string): Pieces {
  return merge(line.map((piece) => (typeof piece === "number" && piece < 0 ? label(-piece - 1) : piece)));
}

function merge(pieces: Pieces): Pieces {
  const out: Pieces = [];
  for (const piece of pieces) {
    if (piece === "") continue;
    const previous = out.length - 1;
    if (typeof piece === "string" && typeof out[previous] === "string") out[previous] += piece;
    else out.push(piece);
  }
  return out.length === 0 ? [""] : out;
}

function fill(line: Pieces, escaped: readonly string[], labels: readonly string[]): string {
  let out = "";
  for (let i = 0; i < line.length; i++) {
    const piece = line[i]!;
    out += typeof piece === "string" ? piece : piece >= 0 ? escaped[piece]! : labels[-piece - 1]!;
  }
  return out;
}

/*
 * The N-Quads escapes of rdf-canonize 5 (lib/NQuads.js `_stringLiteralEscape`, `_iriEscape`), the same
 * characters and the same replacements (compileRdfcPlan.test.ts compares them on random strings). Whether
 * a value needs any is found by a loop over its characters: most values need none, and the loop costs
 * less than a regular expression's call for the short texts a credential holds.
 */
const LITERAL_SPECIAL_ALL = /[\u0000-\u001F\u007F"\\]/g;
const IRI_SPECIAL_ALL = /[\u0000-\u0020<>"{}|^`\\]/g;
const ECHAR: Readonly<Record<string, string>> = {
  "\b": "\\b",
  "\t": "\\t",
  "\n": "\\n",
  "\f": "\\f",
  "\r": "\\r",
  '"': '\\"',
  "\\": "\\\\",
};
const uchar = (c: string) => "\\u" + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");

function escapeLiteral(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x22 /* " */ || c === 0x5c /* \ */ || c === 0x7f) {
      return value.replace(LITERAL_SPECIAL_ALL, (special) => ECHAR[special] ?? uchar(special));
    }
  }
  return value;
}

/** The characters an N-Quads IRI escapes as \uXXXX, by code: U+0000–U+0020 and < > " { } | ^ ` \. */
const IRI_SPECIAL = new Uint8Array(128);
for (const c of '<>"{}|^`\\') IRI_SPECIAL[c.charCodeAt(0)] = 1;
for (let c = 0; c <= 0x20; c++) IRI_SPECIAL[c] = 1;

function escapeIri(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 128 && IRI_SPECIAL[c] === 1) return value.replace(IRI_SPECIAL_ALL, uchar);
  }
  return value;
}
