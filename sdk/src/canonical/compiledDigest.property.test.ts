import { expect } from "chai";
import fc from "fast-check";
import { documentArb, leaf, leafPaths, odd, outcome, setAt } from "../../../test/helpers/digestDocuments";
import { initKeccak } from "../hash/keccak";
import { swapKeccakWasmForTests } from "../hash/keccakWasm";
import type { Hex } from "../types";
import { clearCompiledShapesForTests, compiledDigest, compiledDigestOfBytes } from "./compiledDigest";
import { computeDigestReference, computeDigestWithProof } from "./computeDigest";
import { prepareDigest } from "./prepareDigest";

/**
 * Differential tests: the digest compiled once per shape (compiledDigest.ts, the first path of
 * computeDigestWithProof) against the step-by-step reference (computeDigestReference), on batches of
 * credentials that share a random shape and differ in random values: escapes, control characters,
 * lone surrogates, long strings (protected texts over several keccak blocks), every kind of number,
 * a leaf turned into {} or []; shapes interleaved; a member added, removed or moved.
 */

type Json = Record<string, unknown>;

const copy = (doc: Json): Json => JSON.parse(JSON.stringify(doc)) as Json;

/** Values a credential of the batch may hold at a leaf. */
const value = fc.oneof(
  { weight: 6, arbitrary: leaf },
  // long texts: a protected part of several blocks, changed anywhere
  { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 100, maxLength: 600 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 130, maxLength: 300 }) },
  { weight: 1, arbitrary: fc.constantFrom('"', "\\", "\u2028", "\ud83d\ude00", "\udc00", "a\ud800", "\u007f") },
  { weight: 1, arbitrary: odd },
);
const hash = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `0x${Buffer.from(b).toString("hex")}` as Hex);
const redactedArb = fc.array(hash, { maxLength: 3 }).map((hashes) => [...hashes].sort());

/**
 * The compiled path gives the reference's digest, or declines (undefined) exactly where the reference
 * throws; computeDigestWithProof gives the reference's outcome. Returns whether the compiled path answered.
 */
let calls = 0;

function expectSame(doc: Json, salts: Record<string, Hex>, redactedHashes: Hex[]): boolean {
  const reference = outcome(() => computeDigestReference(doc, { salts, redactedHashes }));
  const compiled = compiledDigest(doc, salts, redactedHashes);
  // The salts as bytes (a proofValue's layout), listed in key order or reversed (a pointer not where
  // it was last time), behind a few bytes of something else: the same answer.
  const keys = Object.keys(salts).sort();
  if (++calls % 2 === 0) keys.reverse();
  const bytes = Buffer.concat([Buffer.from([1, 2, 3]), ...keys.map((key) => Buffer.from(salts[key].slice(2), "hex"))]);
  const saltAt = keys.map((_, i) => 3 + 16 * i);
  expect(compiledDigestOfBytes(doc, { bytes, saltKeys: keys, saltAt }, redactedHashes), "salts as bytes").to.equal(
    compiled,
  );
  if ("digest" in reference)
    expect(compiled, "the compiled path declined a hashable credential").to.equal(reference.digest);
  else expect(compiled).to.equal(undefined);
  expect(outcome(() => computeDigestWithProof(doc, { salts, redactedHashes }))).to.deep.equal(reference);
  return compiled !== undefined;
}

/** A batch: `doc` and copies of it with values changed at leaves picked by `edits`. */
function batchOf(doc: Json, edits: [number, unknown][][]): Json[] {
  const leaves = leafPaths(doc).filter((path) => path.length > 0 && path[0] !== "proof");
  return [
    doc,
    ...edits.map((list) => {
      const variant = copy(doc);
      if (leaves.length) for (const [pick, v] of list) setAt(variant, leaves[pick % leaves.length], v);
      return variant;
    }),
  ];
}

const RUNS = { numRuns: 200 };

describe("compiled digest = reference digest (fast-check differential)", function () {
  before(async function () {
    await initKeccak();
  });

  it("the credentials of a batch (one shape, random values): the same digest, or declined where the reference throws", function () {
    fc.assert(
      fc.property(
        documentArb,
        fc.array(fc.array(fc.tuple(fc.nat(), value), { maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        redactedArb,
        (doc, edits, redacted) => {
          const { salts } = prepareDigest(doc);
          for (const variant of batchOf(doc, edits)) expectSame(variant, salts, redacted);
        },
      ),
      RUNS,
    );
  });

  it("shapes interleaved (A B A B ...), with and without forgetting: the same digests, and the compiled path answers", function () {
    fc.assert(
      fc.property(
        fc.array(documentArb, { minLength: 2, maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), leaf), { minLength: 4, maxLength: 12 }),
        fc.boolean(),
        (docs, steps, forget) => {
          if (forget) clearCompiledShapesForTests();
          const salts = docs.map((doc) => prepareDigest(doc).salts);
          for (const [which, pick, v] of steps) {
            const k = which % docs.length;
            const [, variant] = batchOf(docs[k], [[[pick, v]]]);
            const answered = expectSame(variant, salts[k], []);
            // an ordinary value (no lone surrogate) at an ordinary place: never left to the slower paths
            if (typeof v !== "string" || !/[\ud800-\udfff]/.test(v)) expect(answered).to.equal(true);
          }
        },
      ),
      RUNS,
    );
  });

  it("a member added, removed or moved, a leaf turned into an object or array, an array grown: same digest or declined", function () {
    fc.assert(
      fc.property(
        documentArb,
        fc.nat(),
        fc.constantFrom("add", "remove", "move", "deepen", "grow"),
        leaf,
        (doc, pick, edit, v) => {
          const { salts } = prepareDigest(doc);
          expectSame(copy(doc), salts, []); // compiles the shape
          const variant = copy(doc);
          const leaves = leafPaths(variant).filter((path) => path.length > 0);
          const path = leaves[pick % Math.max(1, leaves.length)] ?? [];
          const parentPath = path.slice(0, -1);
          let parent: unknown = variant;
          for (const token of parentPath) parent = (parent as Json)[token];
          const last = path[path.length - 1];
          if (edit === "add") (variant as Json)[`extra${pick % 3}`] = v;
          if (edit === "remove" && path.length && !Array.isArray(parent)) delete (parent as Json)[last];
          if (edit === "move" && path.length && !Array.isArray(parent)) {
            const moved = (parent as Json)[last];
            delete (parent as Json)[last];
            (parent as Json)[last] = moved; // now the last member
          }
          if (edit === "deepen" && path.length) setAt(variant, path, { inner: v });
          if (edit === "grow" && Array.isArray(parent)) parent.push(v);
          expectSame(variant, salts, []);
          // and with the salts of its own shape (a credential of another batch)
          let own: Record<string, Hex>;
          try {
            own = prepareDigest(variant).salts;
          } catch {
            return; // not hashable at all: covered above
          }
          expect(expectSame(variant, own, [])).to.equal(true);
        },
      ),
      RUNS,
    );
  });

  it("salts missing, extra or for another field: declined, and computeDigestWithProof throws the reference's error", function () {
    fc.assert(
      fc.property(documentArb, fc.nat(), fc.constantFrom("drop", "extra", "rename"), (doc, pick, edit) => {
        const salts: Record<string, Hex> = { ...prepareDigest(doc).salts };
        expectSame(doc, salts, []);
        const names = Object.keys(salts);
        if (edit === "drop" && names.length) delete salts[names[pick % names.length]];
        if (edit === "extra") salts["/not-there"] = "0x000102030405060708090a0b0c0d0e0f";
        if (edit === "rename" && names.length) {
          const name = names[pick % names.length];
          salts[`${name}x`] = salts[name];
          delete salts[name];
        }
        expectSame(doc, salts, []);
      }),
      RUNS,
    );
  });

  it("without WebAssembly (the @noble/hashes fallback): the same digests", function () {
    const previous = swapKeccakWasmForTests(null);
    try {
      fc.assert(
        fc.property(
          documentArb,
          fc.array(fc.array(fc.tuple(fc.nat(), leaf), { maxLength: 3 }), { maxLength: 3 }),
          (doc, edits) => {
            const { salts } = prepareDigest(doc);
            for (const variant of batchOf(doc, edits)) expectSame(variant, salts, []);
          },
        ),
        { numRuns: 50 },
      );
    } finally {
      swapKeccakWasmForTests(previous);
    }
  });
});
