import { expect } from "chai";
import fc from "fast-check";
import { DigestError } from "../errors/credential";
import { assertHashable, MAX_NESTING_DEPTH, walkLeaves } from "./flatten";

/**
 * Differential test: `assertHashable` (validation's check-only walk, no pointer per leaf) against
 * `walkLeaves` with a visitor that does nothing (what validation ran before) on random documents with
 * values JSON cannot hold placed anywhere: the same DigestError (message, pointer, fix) or none.
 */

const key = fc.oneof(
  fc.constantFrom("a", "b", "0", "", "a/b", "m~n", "~1", "é", "😀", "__proto__", "proof", "\uD800", "x\uDC00"),
  fc.string({ unit: "binary", maxLength: 6 }),
);
const broken = fc.constantFrom<unknown>(
  undefined,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  "\uD83D",
  "a\uDE00b",
  () => 1,
  Symbol("s"),
  BigInt(1),
  new Date(0),
  new Map(),
  // eslint-disable-next-line no-sparse-arrays
  [1, , 3],
  Object.create(null) as object,
);
const leaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.oneof(fc.string({ unit: "binary", maxLength: 6 }), fc.double(), fc.boolean()) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, {}, [], 0, -0, "😀") },
  { weight: 1, arbitrary: broken },
);
const { node } = fc.letrec<{ node: unknown; obj: Record<string, unknown>; arr: unknown[] }>((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("obj"), tie("arr")),
  obj: fc.dictionary(key, tie("node"), { maxKeys: 4 }),
  arr: fc.array(tie("node"), { maxLength: 4 }),
}));

/** A chain of `levels` objects (or arrays) ending in `end`. */
function nest(levels: number, end: unknown, arrays: boolean): unknown {
  let value = end;
  for (let i = 0; i < levels; i++) value = arrays ? [value] : { n: value };
  return value;
}

const documentArb = fc.oneof(
  { weight: 8, arbitrary: fc.dictionary(key, node, { maxKeys: 6 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: MAX_NESTING_DEPTH - 3, max: MAX_NESTING_DEPTH + 2 }), leaf, fc.boolean(), key)
      .map(([levels, end, arrays, name]) => ({ [name]: nest(levels, end, arrays) })),
  },
  { weight: 1, arbitrary: node },
);

function outcome(run: () => void): unknown {
  try {
    run();
    return "hashable";
  } catch (error) {
    if (!(error instanceof DigestError)) throw error;
    return { message: error.message, shortMessage: error.shortMessage, pointer: error.pointer, fix: error.fix };
  }
}

describe("assertHashable", function () {
  it("throws what walkLeaves throws, with the same message and pointer, on any document", function () {
    let broken = 0;
    fc.assert(
      fc.property(documentArb, (document) => {
        const expected = outcome(() => walkLeaves(document, () => {}));
        if (expected !== "hashable") broken++;
        expect(outcome(() => assertHashable(document))).to.deep.equal(expected);
      }),
      { numRuns: 3000 },
    );
    // The documents exercise the errors, not only the clean path.
    expect(broken).to.be.greaterThan(300);
  });

  it("names the first unhashable value in document order, skipping the top-level proof", function () {
    const document = { proof: { bad: Number.NaN }, a: [1, { "x/y": Number.POSITIVE_INFINITY }], b: undefined };
    expect(outcome(() => assertHashable(document))).to.deep.include({
      shortMessage: "number Infinity is not valid JSON",
      pointer: "/a/1/x~1y",
    });
    expect(outcome(() => assertHashable({ proof: { bad: Number.NaN } }))).to.equal("hashable");
    expect(outcome(() => assertHashable({ a: { proof: Number.NaN } }))).to.deep.include({ pointer: "/a/proof" });
  });
});
