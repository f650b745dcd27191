import { expect } from "chai";
import fc from "fast-check";
import { BaseError } from "../errors/base";
import { escapePointerToken, parsePointer, pointerFromPath } from "./pointer";

describe("JSON pointers (RFC 6901)", function () {
  it("escapes ~ as ~0 before / as ~1", function () {
    expect(escapePointerToken("a/b")).to.equal("a~1b");
    expect(escapePointerToken("m~n")).to.equal("m~0n");
    expect(escapePointerToken("~1")).to.equal("~01"); // not "/"
    expect(escapePointerToken("")).to.equal("");
  });

  it("builds pointers from paths, with array indices as decimal tokens", function () {
    expect(pointerFromPath([])).to.equal("");
    expect(pointerFromPath(["credentialSubject", "result", 0, "value"])).to.equal("/credentialSubject/result/0/value");
    expect(pointerFromPath(["", "a/b", "c~d"])).to.equal("//a~1b/c~0d");
  });

  it("parses the RFC 6901 section 5 examples", function () {
    expect(parsePointer("")).to.deep.equal([]);
    expect(parsePointer("/foo")).to.deep.equal(["foo"]);
    expect(parsePointer("/foo/0")).to.deep.equal(["foo", "0"]);
    expect(parsePointer("/")).to.deep.equal([""]);
    expect(parsePointer("/a~1b")).to.deep.equal(["a/b"]);
    expect(parsePointer("/m~0n")).to.deep.equal(["m~n"]);
    expect(parsePointer("/~01")).to.deep.equal(["~1"]);
  });

  it("refuses pointers without a leading slash or with a bad escape", function () {
    expect(() => parsePointer("foo")).to.throw(BaseError, /is not a JSON pointer/);
    expect(() => parsePointer("/a~2")).to.throw(BaseError, /"~" must be followed by 0 or 1/);
    expect(() => parsePointer("/a~")).to.throw(BaseError, /"~" must be followed by 0 or 1/);
  });

  it("round-trips any member names", function () {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary" })), (tokens) => {
        expect(parsePointer(pointerFromPath(tokens))).to.deep.equal(tokens);
      }),
    );
  });
});
