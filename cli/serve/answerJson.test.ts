import { expect } from "chai";
import fc from "fast-check";
import { AnswerWriter } from "./answerJson";

/** What the plain path sends for these answers, without the list's brackets. */
function plain(answers: readonly unknown[]): string {
  return JSON.stringify(answers).slice(1, -1);
}

/** The writer's bytes for the answers given in parts (one `write` each), joined as verify-batch joins them. */
function written(parts: readonly (readonly unknown[])[]): string {
  const writer = new AnswerWriter();
  return Buffer.concat(
    parts
      .filter((part) => part.length > 0)
      .flatMap((part, i) => (i > 0 ? [Buffer.from(","), writer.write(part)] : [writer.write(part)])),
  ).toString("utf8");
}

/** A string of any UTF-16 code units: quotes, backslashes, control characters, lone surrogates, `…`. */
const anyString = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.constantFrom("", "…", '"', "\\", "\u0000", "\u001f", "\u007f", "\u2028", "\ud800", "\udfff", "😀", "é"),
);

/** Values as a result may hold them, and the ones JSON.stringify writes in its own way. */
const leaf = fc.oneof(
  anyString,
  fc.double(),
  fc.constantFrom(0, -0, 1e21, 5e-7, NaN, Infinity, -Infinity, true, false, null, undefined),
);

const value = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(
    fc.oneof(anyString, fc.constantFrom("a", "b", "verdict", "__proto__", "1", "0")),
    tie("value"),
    {
      maxKeys: 5,
    },
  ),
})).value;

/** A value with some of its leaves replaced: an answer of the same shape with other values. */
function variant(base: unknown, next: () => number): unknown {
  if (Array.isArray(base)) return base.map((item) => variant(item, next));
  if (typeof base === "object" && base !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(base)) copy[key] = variant(member, next);
    return copy;
  }
  if (next() % 4 > 0) return base;
  const choices: unknown[] = [`v${next()}`, next(), next() % 2 === 1, null, '…"', undefined, -0, NaN];
  return choices[next() % choices.length];
}

/** A small deterministic generator (mulberry32) from a seed the property draws, so a failure replays. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

describe("AnswerWriter", function () {
  it("writes JSON.stringify's bytes for any values, alike or not, in any parts", function () {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 6 }),
        fc.array(fc.nat(8), { maxLength: 4 }),
        fc.integer(),
        (bases, cuts, seed) => {
          // Each base with variants of itself (the templates' case), the bases between them (their misses).
          const next = generator(seed);
          const answers: unknown[] = [];
          for (const base of bases) {
            answers.push(base);
            for (let i = 0; i < 3; i++) answers.push(variant(base, next));
          }
          const parts: unknown[][] = [];
          let from = 0;
          for (const cut of cuts) {
            parts.push(answers.slice(from, from + cut));
            from += cut;
          }
          parts.push(answers.slice(from));
          expect(written(parts)).to.equal(plain(answers));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("fills a template's holes with each answer's own values, and leaves others to JSON.stringify", function () {
    const answer = (i: number, name: string) => ({
      verified: true,
      checks: ["format"],
      credanchor: { index: i, holder: name, message: "Batch 0xab…cd", skipped: undefined, at: [i, 1.5] },
    });
    const answers = [
      answer(0, "Ada"),
      answer(1, 'Grace "Hopper"'),
      answer(2, "Émilie\u0000"),
      answer(3, "\ud83d"),
      { ...answer(4, "Ada"), credanchor: new Date(0) }, // not plain data: JSON.stringify's toJSON
      { ...answer(5, "Ada"), extra: 1n }, // a bigint: JSON.stringify's TypeError
    ];
    const writer = new AnswerWriter();
    expect(writer.write(answers.slice(0, 5)).toString("utf8")).to.equal(plain(answers.slice(0, 5)));
    expect(writer.counts).to.deep.equal({ template: 4, stringify: 1 });
    expect(() => writer.write(answers.slice(5))).to.throw(TypeError, /BigInt/);
  });
});
