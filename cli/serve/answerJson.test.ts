import { expect } from "chai";
import fc from "fast-check";
import { ResultClass } from "../../sdk/src/node";
import { AnswerWriter, OWN_MEMORY } from "./answerJson";
import { seededUint32 } from "../../test/helpers/seededRandom";

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

describe("AnswerWriter", function () {
  it("writes JSON.stringify's bytes for any values, alike or not, in any parts", function () {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 6 }),
        fc.array(fc.nat(8), { maxLength: 4 }),
        fc.integer(),
        (bases, cuts, seed) => {
          // Each base with variants of itself (the templates' case), the bases between them (their misses).
          const next = seededUint32(seed);
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
    expect(writer.counts).to.deep.equal({ class: 0, template: 4, stringify: 1 });
    expect(() => writer.write(answers.slice(5))).to.throw(TypeError, /BigInt/);
  });

  describe("answers of a result class", function () {
    /** An answer as a thread makes it, its result's row values (RESULT_ROW_POINTERS) given. */
    const classAnswer = (row: {
      index: unknown;
      summary: unknown;
      credentialId?: unknown;
      holder?: unknown;
      digest: unknown;
      message: unknown;
      leafIndex: unknown;
      pathLength: unknown;
    }) => ({
      verified: true,
      checks: ["format", "integrity", "inclusion"],
      warnings: [{ type: "urn:credanchor:check:SIGNATURE_ABSENT", detail: "No signature." }],
      errors: [],
      credanchor: {
        status: "valid",
        checks: [
          { check: "format", status: "passed", code: "FORMAT_OK", message: "Well formed." },
          {
            check: "integrity",
            status: "passed",
            code: "INTEGRITY_OK",
            message: "As issued.",
            details: { digest: row.digest, redactedFields: 0 },
          },
          {
            check: "inclusion",
            status: "passed",
            code: "INCLUSION_OK",
            message: row.message,
            details: { root: "0xab", leafIndex: row.leafIndex, pathLength: row.pathLength },
          },
        ],
        index: row.index,
        summary: row.summary,
        ...(row.credentialId === undefined ? {} : { credentialId: row.credentialId }),
        ...(row.holder === undefined ? {} : { holder: row.holder }),
        achievement: "Data Science",
        anchor: { chain: "eip155:31337", root: "0xab", leafIndex: row.leafIndex },
        verdict: "valid",
      },
    });
    const rowValue = fc.oneof(anyString, fc.nat(), fc.constantFrom(0, -0, 9, 10, 2 ** 53 - 1, 2 ** 53, -1, 1.5, 1e21));
    const row = fc.record({
      index: rowValue,
      summary: rowValue,
      credentialId: rowValue,
      holder: rowValue,
      digest: rowValue,
      message: rowValue,
      leafIndex: rowValue,
      pathLength: rowValue,
    });

    it("writes JSON.stringify's bytes from the class's template for any row values, in any parts", function () {
      fc.assert(
        fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), fc.nat(8), (rows, cut) => {
          const answers = rows.map(classAnswer);
          const writer = new AnswerWriter();
          const resultClass = new ResultClass();
          const classes = answers.map(() => resultClass);
          const first = writer.write(answers.slice(0, cut), OWN_MEMORY, classes.slice(0, cut)).toString("utf8");
          const rest = writer.write(answers.slice(cut), OWN_MEMORY, classes.slice(cut)).toString("utf8");
          expect([first, rest].filter(Boolean).join(",")).to.equal(plain(answers));
          expect(writer.counts).to.deep.equal({ class: answers.length, template: 0, stringify: 0 });
        }),
        { numRuns: 300 },
      );
    });

    it("cuts the template at the members the class's answers have, and writes an answer whose row value is no leaf as any other", function () {
      const values = { index: 0, summary: "Valid.", digest: "0x01", message: "Entry #0.", leafIndex: 0, pathLength: 3 };
      const withoutHolder = [0, 1, 2].map((i) =>
        classAnswer({ ...values, index: i, leafIndex: i, credentialId: `urn:${i}` }),
      );
      const odd = [
        classAnswer({ ...values, index: 3, holder: "Ada" }),
        classAnswer({ ...values, index: 4, holder: { name: "Ada" } }), // not a leaf: no class template for it
        classAnswer({ ...values, index: 5, holder: undefined, summary: ["not", "a", "leaf"] }),
      ];
      const writer = new AnswerWriter();
      const [a, b] = [new ResultClass(), new ResultClass()];
      const answers = [...withoutHolder, ...odd];
      const bytes = writer.write(answers, OWN_MEMORY, [a, a, a, b, b, undefined]).toString("utf8");
      expect(bytes).to.equal(plain(answers));
      expect(writer.counts).to.deep.equal({ class: 4, template: 2, stringify: 0 });
    });

    it("makes no class template of a first answer that JSON.stringify must write itself, and writes it as any other", function () {
      const answers = [0, 1].map((i) => ({ at: new Date(i), index: i }));
      const writer = new AnswerWriter();
      const resultClass = new ResultClass();
      expect(writer.write(answers, OWN_MEMORY, [resultClass, resultClass]).toString("utf8")).to.equal(plain(answers));
      expect(writer.counts).to.deep.equal({ class: 0, template: 0, stringify: 2 });
    });
  });
});
