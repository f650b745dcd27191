import { expect } from "chai";
import fc from "fast-check";
import { buildWordMasks, indicesOf, popcount } from "./buildWordMasks";
import { InvalidTargetError } from "../errors/registry";

const A = `0x${"aa".repeat(32)}` as const;
const B = `0x${"bb".repeat(32)}` as const;

describe("buildWordMasks", function () {
  it("groups by batch, puts credential i at bit i & 255 of word i >> 8, and collapses duplicates", function () {
    const masks = buildWordMasks([
      { root: A, index: 300 },
      { root: B, index: 0 },
      { root: A, index: 3 },
      { root: A, index: 3 },
      { root: A, index: 255 },
    ]);
    expect(masks).to.deep.equal([
      {
        root: A,
        words: [
          { wordIndex: 0, mask: (1n << 3n) | (1n << 255n) },
          { wordIndex: 1, mask: 1n << 44n },
        ],
        indices: [3, 255, 300],
      },
      { root: B, words: [{ wordIndex: 0, mask: 1n }], indices: [0] },
    ]);
  });

  it("normalises the root to lower case", function () {
    expect(buildWordMasks([{ root: A.toUpperCase().replace("0X", "0x") as `0x${string}`, index: 1 }])[0].root).to.equal(
      A,
    );
  });

  it("refuses a bad root or index with InvalidTargetError", function () {
    expect(() => buildWordMasks([{ root: "0x1234" as `0x${string}`, index: 0 }])).to.throw(InvalidTargetError);
    expect(() => buildWordMasks([{ root: A, index: -1 }])).to.throw(InvalidTargetError);
    expect(() => buildWordMasks([{ root: A, index: 1.5 }])).to.throw(InvalidTargetError);
  });

  it("the masks name exactly the distinct indices given (property)", function () {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 5_000 }), { minLength: 1, maxLength: 300 }), (indices) => {
        const [batch] = buildWordMasks(indices.map((index) => ({ root: A, index })));
        const distinct = [...new Set(indices)].sort((a, b) => a - b);
        const total = batch.words.reduce((sum, w) => sum + popcount(w.mask), 0);
        return (
          JSON.stringify(indicesOf(batch.words)) === JSON.stringify(distinct) &&
          total === distinct.length &&
          batch.words.every((w, i) => w.mask !== 0n && (i === 0 || batch.words[i - 1].wordIndex < w.wordIndex))
        );
      }),
    );
  });
});
