import { expect } from "chai";
import { DigestError } from "../errors/credential";
import { flattenCredential, MAX_NESTING_DEPTH } from "./flatten";

function deep(levels: number): Record<string, unknown> {
  let node: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < levels; i++) node = { n: node };
  return node;
}

describe("flattenCredential", function () {
  it("lists leaves in document order with pointers and typed paths", function () {
    expect(flattenCredential({ a: { "b/c": [1, {}] }, "m~n": "x" })).to.deep.equal([
      { pointer: "/a/b~1c/0", path: ["a", "b/c", 0], value: 1 },
      { pointer: "/a/b~1c/1", path: ["a", "b/c", 1], value: {} },
      { pointer: "/m~0n", path: ["m~n"], value: "x" },
    ]);
  });

  it("treats empty objects and arrays, null, booleans, numbers and strings as leaves", function () {
    const fields = flattenCredential({ o: {}, a: [], n: null, t: true, f: false, z: 0, s: "", u: "😀" });
    expect(fields.map((f) => [f.pointer, f.value])).to.deep.equal([
      ["/o", {}],
      ["/a", []],
      ["/n", null],
      ["/t", true],
      ["/f", false],
      ["/z", 0],
      ["/s", ""],
      ["/u", "😀"],
    ]);
  });

  it("skips the top-level proof member but not a nested one", function () {
    expect(flattenCredential({ proof: { x: 1 }, a: { proof: 2 } })).to.deep.equal([
      { pointer: "/a/proof", path: ["a", "proof"], value: 2 },
    ]);
  });

  it("never makes the document itself a field", function () {
    expect(flattenCredential({})).to.deep.equal([]);
    expect(flattenCredential({ proof: [] })).to.deep.equal([]);
  });

  it("keeps an own __proto__ member as data", function () {
    const doc = JSON.parse('{"__proto__":{"x":1}}');
    expect(flattenCredential(doc)).to.deep.equal([{ pointer: "/__proto__/x", path: ["__proto__", "x"], value: 1 }]);
  });

  it("names the pointer of a value JSON cannot hold", function () {
    const cases: [unknown, string, RegExp][] = [
      [{ a: { b: undefined } }, "/a/b", /undefined is not a JSON value/],
      [{ a: [1, NaN] }, "/a/1", /NaN is not valid JSON/],
      [{ a: Infinity }, "/a", /Infinity/],
      [{ d: new Date(0) }, "/d", /plain JSON objects/],
      [{ f: () => 1 }, "/f", /function is not a JSON value/],
      [{ b: 10n }, "/b", /bigint/],
      [{ s: "\ud800x" }, "/s", /unpaired UTF-16 surrogate/],
      [{ ["k\udc00"]: 1 }, "/k\udc00", /member name holds an unpaired/],
      // eslint-disable-next-line no-sparse-arrays
      [{ a: [1, , 3] }, "/a/1", /sparse array/],
    ];
    for (const [doc, pointer, message] of cases) {
      try {
        flattenCredential(doc);
        expect.fail(`no error for ${pointer}`);
      } catch (error) {
        expect(error).to.be.instanceOf(DigestError);
        expect((error as DigestError).pointer).to.equal(pointer);
        expect((error as DigestError).message).to.match(message);
      }
    }
  });

  it("refuses a document that is not an object", function () {
    for (const doc of [null, [], "x", 1]) {
      expect(() => flattenCredential(doc)).to.throw(DigestError, /must be a JSON object/);
    }
  });

  it(`accepts ${MAX_NESTING_DEPTH} levels of nesting and refuses more (and cycles)`, function () {
    expect(flattenCredential(deep(MAX_NESTING_DEPTH))).to.have.length(1);
    expect(() => flattenCredential(deep(MAX_NESTING_DEPTH + 1))).to.throw(DigestError, /nesting deeper than 64/);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => flattenCredential(cyclic)).to.throw(DigestError, /nesting deeper/);
  });
});
