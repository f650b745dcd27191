import { expect } from "chai";
import { entryOf, sampleCredential, withProof } from "../../../test/fixtures/samples";
import { DigestError, ProofEntryError } from "../errors/credential";
import { initKeccak } from "../hash/keccak";
import type { Hex } from "../types";
import { computeDigest } from "./computeDigest";
import { flattenCredential } from "./flatten";
import { hashField } from "./fieldHash";
import { digestFromFieldHashes } from "./digestFromFieldHashes";
import { prepareDigest } from "./prepareDigest";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

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

describe("prepareDigest and computeDigest", function () {
  before(async function () {
    await initKeccak();
  });

  it("gives one fresh 16-byte salt per field and a digest over the sorted field hashes", function () {
    const credential = sampleCredential();
    const fields = flattenCredential(credential);
    const { digest, salts, fieldHashes } = prepareDigest(credential);
    expect(Object.keys(salts)).to.deep.equal(fields.map((f) => f.pointer));
    for (const salt of Object.values(salts)) expect(salt).to.match(/^0x[0-9a-f]{32}$/);
    expect(new Set(Object.values(salts)).size).to.equal(fields.length);
    const recomputed = fields.map((f) => hashField(f.path, f.value, salts[f.pointer]));
    expect(fieldHashes).to.deep.equal(recomputed.slice().sort());
    expect(digest).to.equal(digestFromFieldHashes(recomputed));
  });

  it("salts differ between two runs, and so do digests", function () {
    const credential = sampleCredential();
    expect(prepareDigest(credential).digest).to.not.equal(prepareDigest(credential).digest);
  });

  it("calls randomSalt once per field in document order", function () {
    const credential = { b: 1, a: [true, {}] };
    let calls = 0;
    const { salts } = prepareDigest(credential, {
      randomSalt: () => new Uint8Array(16).fill(++calls),
    });
    expect(salts).to.deep.equal({
      "/b": "0x" + "01".repeat(16),
      "/a/0": "0x" + "02".repeat(16),
      "/a/1": "0x" + "03".repeat(16),
    });
    expect(() => prepareDigest(credential, { randomSalt: () => new Uint8Array(15) })).to.throw(DigestError, /16 bytes/);
  });

  it("ignores the proof member when preparing", function () {
    const credential = sampleCredential();
    const fixed = () => new Uint8Array(16);
    expect(prepareDigest({ ...credential, proof: [{ type: "X" }] }, { randomSalt: fixed }).digest).to.equal(
      prepareDigest(credential, { randomSalt: fixed }).digest,
    );
  });

  it("recomputes the digest of an issued credential, also after a JSON round trip and with other proofs", function () {
    const signed = withProof(sampleCredential());
    const digest = entryOf(signed).digest;
    expect(computeDigest(signed)).to.equal(digest);
    expect(computeDigest(clone(signed))).to.equal(digest);
    const withOther = { ...signed, proof: [{ type: "DataIntegrityProof", proofValue: "z..." }, ...signed.proof] };
    expect(computeDigest(withOther)).to.equal(digest);
    // proof as a single object
    expect(computeDigest({ ...signed, proof: entryOf(signed) })).to.equal(digest);
  });

  it("does not depend on member order", function () {
    const signed = withProof({ a: 1, b: { c: 2, d: 3 } });
    const reordered = { proof: signed.proof, b: { d: 3, c: 2 }, a: 1 };
    expect(computeDigest(reordered)).to.equal(entryOf(signed).digest);
  });

  it("changes for any changed visible value", function () {
    const signed = withProof(sampleCredential()) as Json;
    const digest = entryOf(signed as never).digest;
    const edits: ((c: Json) => void)[] = [
      (c) => (c.credentialSubject.result[0].value = "92"),
      (c) => (c.credentialSubject.result[0].value = 91),
      (c) => (c.name = c.name + " "),
      (c) => (c.validUntil = "2030-12-31T23:59:59Z"),
      (c) => (c.credentialSubject.identifier[0].hashed = false),
      (c) => (c.issuer.name = "Northbridge School of Nursing (fictional)".normalize("NFD").replace("o", "ö")),
    ];
    for (const edit of edits) {
      const tampered = clone(signed);
      edit(tampered);
      expect(computeDigest(tampered)).to.not.equal(digest);
    }
  });

  it("fails for a reordered array", function () {
    const signed = withProof(sampleCredential()) as Json;
    const tampered = clone(signed);
    tampered.credentialSubject.achievement.alignment.reverse();
    expect(computeDigest(tampered)).to.not.equal(entryOf(signed as never).digest);
  });

  it("fails when an array is replaced by an object with numeric member names", function () {
    const signed = withProof({ type: ["A", "B"] }) as Json;
    const tampered = { ...signed, type: { 0: "A", 1: "B" } };
    expect(computeDigest(tampered)).to.not.equal(entryOf(signed as never).digest);
  });

  it("names the pointer of an added field (no salt)", function () {
    const signed = withProof(sampleCredential()) as Json;
    const tampered = clone(signed);
    tampered.credentialSubject.achievement.criteria.extra = "x";
    expectDigestError(() => computeDigest(tampered), "/credentialSubject/achievement/criteria/extra", /no salt/);
  });

  it("detects a field added into an empty object, even with a salt for it", function () {
    const signed = withProof({ a: {}, b: 1 }) as Json;
    const tampered = clone(signed);
    tampered.a.x = 1;
    expectDigestError(() => computeDigest(tampered), "/a/x", /no salt/);
    const entry = entryOf(tampered as never);
    entry.salts["/a/x"] = entry.salts["/a"];
    delete entry.salts["/a"];
    expect(computeDigest(tampered)).to.not.equal(entryOf(signed as never).digest);
  });

  it("names the pointer of a removed field whose hash was not moved to redactedHashes", function () {
    const signed = withProof(sampleCredential()) as Json;
    const tampered = clone(signed);
    delete tampered.credentialSubject.name;
    expectDigestError(
      () => computeDigest(tampered),
      "/credentialSubject/name",
      /salt for a field that is not in the credential/,
    );
    delete entryOf(tampered as never).salts["/credentialSubject/name"];
    expect(computeDigest(tampered)).to.not.equal(entryOf(signed as never).digest);
  });

  it("fails when a salt is changed", function () {
    const signed = withProof(sampleCredential()) as Json;
    const tampered = clone(signed);
    entryOf(tampered as never).salts["/name"] = ("0x" + "00".repeat(16)) as Hex;
    expect(computeDigest(tampered)).to.not.equal(entryOf(signed as never).digest);
  });

  it("throws a ProofEntryError without a credanchor proof entry", function () {
    expect(() => computeDigest(sampleCredential())).to.throw(ProofEntryError, /has no proof/);
  });
});
