import { expect } from "chai";
import { keccak_256 } from "@noble/hashes/sha3";
import fc from "fast-check";
import { canonicalize } from "json-canonicalize";
import { sampleCredential } from "../../../test/fixtures/samples";
import { isProtectedPointer, NON_REDACTABLE_POINTERS } from "../credential/profile";
import { DigestError } from "../errors/credential";
import { canonicalJson } from "./canonicalJson";
import { MAX_NESTING_DEPTH } from "./flatten";
import {
  encodeProtectedPart,
  hashProtectedPart,
  isProtectedFieldPointer,
  isProtectedPath,
  protectedPart,
  PROTECTED_PART_TAG,
  PROTECTED_PATHS,
} from "./hashProtectedPart";
import { prepareDigest } from "./prepareDigest";

type Json = Record<string, unknown>;

function expectDigestError(fn: () => unknown, pointer: string, message: RegExp): void {
  try {
    fn();
    expect.fail("no DigestError");
  } catch (error) {
    expect(error).to.be.instanceOf(DigestError);
    expect((error as DigestError).pointer).to.equal(pointer);
    expect((error as DigestError).message).to.match(message);
  }
}

describe("protected part", function () {
  it("covers exactly the non-redactable members", function () {
    expect(PROTECTED_PART_TAG).to.equal("credanchor:protected:v1");
    expect(PROTECTED_PATHS).to.deep.equal([
      ["@context"],
      ["id"],
      ["type"],
      ["issuer"],
      ["validFrom"],
      ["validUntil"],
      ["name"],
      ["credentialStatus"],
      ["credentialSubject", "type"],
      ["credentialSubject", "achievement"],
      ["credentialSubject", "association"],
    ]);
    expect(PROTECTED_PATHS.map((p) => "/" + p.join("/"))).to.deep.equal([...NON_REDACTABLE_POINTERS]);
  });

  it("holds the protected members of a credential that are present, at their nesting, and nothing else", function () {
    const credential = sampleCredential() as unknown as Json;
    const part = protectedPart(credential);
    expect(Object.keys(part).sort()).to.deep.equal(
      ["@context", "credentialSubject", "id", "issuer", "name", "type", "validFrom", "validUntil"].sort(),
    );
    const subject = credential.credentialSubject as Json;
    expect(part.credentialSubject).to.deep.equal({ type: subject.type, achievement: subject.achievement });
    expect(part.issuer).to.equal(credential.issuer); // the value itself, not a copy
    expect(part).to.not.have.property("credentialStatus"); // absent stays absent
    expect(part).to.not.have.property("description");
  });

  it("is the JCS text of [tag, P], hashed with keccak256 over its UTF-8 bytes", function () {
    const credential = { ...sampleCredential(), credentialStatus: { type: "X" }, description: "not protected" };
    const text = encodeProtectedPart(credential);
    expect(text).to.equal(canonicalize([PROTECTED_PART_TAG, protectedPart(credential)]));
    expect(text.startsWith('["credanchor:protected:v1",{"@context":[')).to.equal(true);
    expect(text).to.not.contain("not protected");
    expect(hashProtectedPart(credential)).to.equal(
      "0x" + Buffer.from(keccak_256(Buffer.from(text, "utf8"))).toString("hex"),
    );
  });

  it("gives a small example exactly", function () {
    const doc = { name: "B\u00e9", z: 1, credentialSubject: { name: "Ada", type: ["S"] }, validUntil: null };
    expect(encodeProtectedPart(doc)).to.equal(
      '["credanchor:protected:v1",{"credentialSubject":{"type":["S"]},"name":"Bé","validUntil":null}]',
    );
    expect(encodeProtectedPart({ z: 1 })).to.equal('["credanchor:protected:v1",{}]');
    expect(encodeProtectedPart({ credentialSubject: { name: "Ada" } })).to.equal('["credanchor:protected:v1",{}]');
  });

  it("changes when a protected member is added, removed or changed, and not for a redactable one", function () {
    const base = { name: "n", validFrom: "2026-01-01T00:00:00Z", credentialSubject: { type: ["S"], name: "Ada" } };
    const hash = hashProtectedPart(base);
    expect(hashProtectedPart({ ...base, validUntil: "2027-01-01T00:00:00Z" })).to.not.equal(hash);
    expect(hashProtectedPart({ ...base, credentialStatus: null })).to.not.equal(hash);
    expect(hashProtectedPart({ ...base, name: "m" })).to.not.equal(hash);
    expect(hashProtectedPart({ ...base, credentialSubject: { name: "Ada" } })).to.not.equal(hash);
    expect(hashProtectedPart({ ...base, credentialSubject: { type: ["S"] } })).to.equal(hash);
    expect(hashProtectedPart({ ...base, description: "d" })).to.equal(hash);
    // member order does not matter
    expect(
      hashProtectedPart({ credentialSubject: base.credentialSubject, validFrom: base.validFrom, name: "n" }),
    ).to.equal(hash);
  });

  it("reaches credentialSubject.type and .achievement only through an object", function () {
    expect(protectedPart({ credentialSubject: [{ type: ["S"] }] })).to.deep.equal({});
    expect(protectedPart({ credentialSubject: "did:example:1" })).to.deep.equal({});
    expect(protectedPart({ credentialSubject: null })).to.deep.equal({});
    expect(isProtectedPath(["credentialSubject", 0, "type"])).to.equal(false);
    expect(isProtectedFieldPointer("/credentialSubject/0/type")).to.equal(false);
  });

  it("keeps a member named __proto__ as data", function () {
    const doc = JSON.parse('{"issuer":{"__proto__":{"x":1},"id":"a"}}') as Json;
    expect(encodeProtectedPart(doc)).to.equal('["credanchor:protected:v1",{"issuer":{"__proto__":{"x":1},"id":"a"}}]');
  });

  it("tells fields inside a protected member from objects that contain one", function () {
    for (const pointer of [
      "/validUntil",
      "/issuer/url",
      "/@context/0",
      "/credentialSubject/achievement/alignment/0/type/0",
    ]) {
      expect(isProtectedFieldPointer(pointer), pointer).to.equal(true);
    }
    for (const pointer of [
      "/credentialSubject",
      "/credentialSubject/name",
      "/description",
      "/validUntilX",
      "/typeX/0",
      "",
    ]) {
      expect(isProtectedFieldPointer(pointer), pointer).to.equal(false);
    }
    // disclosure refuses more: the objects that contain a protected member too
    expect(isProtectedPointer("/credentialSubject")).to.equal(true);
    expect(isProtectedPath(["issuer", "url"])).to.equal(true);
    expect(isProtectedPath(["issuer"])).to.equal(true);
    expect(isProtectedPath(["credentialSubject"])).to.equal(false);
    expect(isProtectedPath(["credentialSubject", "typeX"])).to.equal(false);
  });

  it("accepts a protected value as deep as the document may be, and refuses a deeper one", function () {
    const nest = (levels: number): unknown => (levels === 0 ? "x" : { a: nest(levels - 1) });
    // the document is level 1, issuer's object level 2: 63 more objects reach level 64
    const ok = { issuer: nest(MAX_NESTING_DEPTH - 1) };
    expect(prepareDigest(ok).protectedHash).to.equal(hashProtectedPart(ok));
    const tooDeep = { issuer: nest(MAX_NESTING_DEPTH) };
    expect(() => prepareDigest(tooDeep)).to.throw(DigestError, /nesting deeper than 64 levels/);
    expect(() => hashProtectedPart(tooDeep)).to.throw(DigestError, /nesting deeper than 64 levels/);
  });
});

describe("canonicalJson (RFC 8785)", function () {
  it("equals json-canonicalize for any JSON value", function () {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).to.equal(canonicalize(value));
      }),
      { numRuns: 500 },
    );
  });

  it("writes numbers, strings and member order as JCS does", function () {
    expect(
      canonicalJson({ b: [1e21, -0, 5e-324, 0.1], a: "é\u0001\u2028", "\u20ac": true, "\ud83d\ude00": null }),
    ).to.equal('{"a":"é\\u0001\u2028","b":[1e+21,0,5e-324,0.1],"\u20ac":true,"\ud83d\ude00":null}');
  });

  it("refuses what is not I-JSON, naming the pointer", function () {
    expectDigestError(() => canonicalJson({ a: [1, NaN] }), "/a/1", /NaN is not valid JSON/);
    expectDigestError(() => canonicalJson({ a: { b: undefined } }), "/a/b", /undefined is not a JSON value/);
    expectDigestError(() => canonicalJson({ d: new Date(0) }), "/d", /class instance/);
    expectDigestError(() => canonicalJson({ s: "\ud800" }), "/s", /unpaired UTF-16 surrogate/);
    expectDigestError(() => canonicalJson({ ["k\udc00"]: 1 }), "/k\udc00", /unpaired UTF-16 surrogate/);
    // eslint-disable-next-line no-sparse-arrays
    expectDigestError(() => canonicalJson({ h: [1, , 3] }), "/h/1", /sparse array/);
  });
});
