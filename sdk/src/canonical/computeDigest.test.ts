import { expect } from "chai";
import { keccak_256 } from "@noble/hashes/sha3";
import { canonicalize } from "json-canonicalize";
import { editEntry, entryOf, sampleCredential, withProof } from "../../../test/fixtures/samples";
import { DigestError, ProofEntryError } from "../errors/credential";
import { initKeccak } from "../hash/keccak";
import type { Hex } from "../types";
import { computeDigest } from "./computeDigest";
import { flattenCredential } from "./flatten";
import { hashField } from "./fieldHash";
import { digestFromFieldHashes } from "./digestFromFieldHashes";
import { hashProtectedPart, isProtectedPath, protectedPart } from "./hashProtectedPart";
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

  it("gives one fresh 16-byte salt per redactable field and a digest over the protected hash and the sorted field hashes", function () {
    const credential = sampleCredential();
    const fields = flattenCredential(credential).filter((f) => !isProtectedPath(f.path));
    const { digest, salts, fieldHashes, protectedHash } = prepareDigest(credential);
    expect(Object.keys(salts)).to.deep.equal(fields.map((f) => f.pointer));
    expect(Object.keys(salts)).to.include.members(["/description", "/credentialSubject/name"]);
    for (const pointer of ["/name", "/validUntil", "/issuer/url", "/credentialSubject/type/0"]) {
      expect(salts).to.not.have.property(pointer);
    }
    for (const salt of Object.values(salts)) expect(salt).to.match(/^0x[0-9a-f]{32}$/);
    expect(new Set(Object.values(salts)).size).to.equal(fields.length);
    const recomputed = fields.map((f) => hashField(f.path, f.value, salts[f.pointer]));
    expect(fieldHashes).to.deep.equal(recomputed.slice().sort());
    expect(protectedHash).to.equal(hashProtectedPart(credential));
    expect(digest).to.equal(digestFromFieldHashes(protectedHash, recomputed));
  });

  it("hashes the protected members as one unsalted unit, first: keccak256(protectedHash ‖ sorted field hashes)", function () {
    const credential = sampleCredential();
    const { digest, fieldHashes, protectedHash } = prepareDigest(credential);
    const text = canonicalize(["credanchor:protected:v1", protectedPart(credential)]);
    expect(protectedHash).to.equal("0x" + Buffer.from(keccak_256(Buffer.from(text, "utf8"))).toString("hex"));
    const bytes = Buffer.concat([protectedHash, ...fieldHashes].map((h) => Buffer.from(h.slice(2), "hex")));
    expect(digest).to.equal("0x" + Buffer.from(keccak_256(bytes)).toString("hex"));
    // the same for every salt draw: nothing protected is salted
    expect(prepareDigest(credential).protectedHash).to.equal(protectedHash);
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
    // protected members draw no salt
    calls = 0;
    const mixed = prepareDigest(
      { name: "n", b: 1, credentialSubject: { type: ["T"], id: "x" } },
      { randomSalt: () => new Uint8Array(16).fill(++calls) },
    );
    expect(mixed.salts).to.deep.equal({
      "/b": "0x" + "01".repeat(16),
      "/credentialSubject/id": "0x" + "02".repeat(16),
    });
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
    expect(computeDigest({ ...signed, proof: signed.proof[signed.proof.length - 1] })).to.equal(digest);
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
    for (const member of ["type", "tags"]) {
      const signed = withProof({ [member]: ["A", "B"] }) as Json;
      const tampered = { ...signed, [member]: { 0: "A", 1: "B" } };
      // a protected member has no salts; a redactable one keeps the same pointers /tags/0 and /tags/1
      expect(Object.keys(entryOf(tampered as never).salts)).to.deep.equal(
        member === "type" ? [] : ["/tags/0", "/tags/1"],
      );
      expect(computeDigest(tampered)).to.not.equal(entryOf(signed as never).digest);
    }
  });

  it("names the pointer of an added field (no salt)", function () {
    const signed = withProof(sampleCredential()) as Json;
    const tampered = clone(signed);
    tampered.credentialSubject.result[0].extra = "x";
    expectDigestError(() => computeDigest(tampered), "/credentialSubject/result/0/extra", /no salt/);
    // inside a protected member it changes the protected hash instead
    const inProtected = clone(signed);
    inProtected.credentialSubject.achievement.criteria.extra = "x";
    expect(computeDigest(inProtected)).to.not.equal(entryOf(signed as never).digest);
  });

  it("detects a field added into an empty object, even with a salt for it", function () {
    const signed = withProof({ a: {}, b: 1 }) as Json;
    const tampered = clone(signed);
    tampered.a.x = 1;
    expectDigestError(() => computeDigest(tampered), "/a/x", /no salt/);
    editEntry(tampered as never, (entry) => {
      entry.salts["/a/x"] = entry.salts["/a"];
      delete entry.salts["/a"];
    });
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
    editEntry(tampered as never, (entry) => delete entry.salts["/credentialSubject/name"]);
    expect(computeDigest(tampered)).to.not.equal(entryOf(signed as never).digest);
  });

  it("fails when a salt is changed", function () {
    const signed = withProof(sampleCredential()) as Json;
    const tampered = clone(signed);
    editEntry(tampered as never, (entry) => (entry.salts["/description"] = ("0x" + "00".repeat(16)) as Hex));
    expect(computeDigest(tampered)).to.not.equal(entryOf(signed as never).digest);
  });

  it("refuses a salt for a protected field, naming its pointer", function () {
    const signed = withProof(sampleCredential()) as Json;
    for (const pointer of [
      "/validUntil",
      "/name",
      "/issuer/url",
      "/credentialSubject/achievement/name",
      "/@context/0",
    ]) {
      const tampered = clone(signed);
      editEntry(tampered as never, (entry) => (entry.salts[pointer] = ("0x" + "11".repeat(16)) as Hex));
      expectDigestError(() => computeDigest(tampered), pointer, /salt for a protected field/);
    }
    // also when the protected field was removed, as a holder editing the file would leave it
    const removed = clone(signed);
    delete removed.validUntil;
    editEntry(removed as never, (entry) => (entry.salts["/validUntil"] = ("0x" + "11".repeat(16)) as Hex));
    expectDigestError(() => computeDigest(removed), "/validUntil", /salt for a protected field/);
  });

  it("fails when a protected field is hidden by hand, whatever goes into redactedHashes", function () {
    const unsigned = { ...sampleCredential(), credentialStatus: { type: "CredAnchorRegistryStatus" } };
    const signed = withProof(unsigned) as Json;
    const digest = entryOf(signed as never).digest;
    const hides: [string, (c: Json) => unknown][] = [
      ["/validUntil", (c) => delete c.validUntil],
      ["/credentialStatus", (c) => delete c.credentialStatus],
      ["/issuer/url", (c) => delete c.issuer.url],
      ["/credentialSubject/achievement/alignment", (c) => delete c.credentialSubject.achievement.alignment],
    ];
    for (const [pointer, hide] of hides) {
      const tampered = clone(signed);
      const value = pointer
        .split("/")
        .slice(1)
        .reduce((node: Json, key) => node[key], tampered as Json);
      hide(tampered);
      expect(computeDigest(tampered), pointer).to.not.equal(digest);
      // the hash the old scheme would have used for it, with a salt the holder makes up
      const path = pointer.split("/").slice(1);
      editEntry(tampered as never, (entry) => {
        entry.redactedHashes = [hashField(path, JSON.stringify(value), ("0x" + "22".repeat(16)) as Hex)];
      });
      expect(computeDigest(tampered), pointer).to.not.equal(digest);
    }
  });

  it("fails when an optional protected member is added", function () {
    const signed = withProof(sampleCredential()) as Json;
    const digest = entryOf(signed as never).digest;
    const added = clone(signed);
    added.credentialStatus = { type: "X" };
    expect(computeDigest(added)).to.not.equal(digest);
    const { validUntil: _validUntil, ...withoutExpiry } = sampleCredential();
    const noExpiry = withProof(withoutExpiry) as Json;
    const withExpiry = { ...clone(noExpiry), validUntil: "2099-01-01T00:00:00Z" };
    expect(computeDigest(withExpiry)).to.not.equal(entryOf(noExpiry as never).digest);
  });

  it("throws a ProofEntryError without a credanchor proof entry", function () {
    expect(() => computeDigest(sampleCredential())).to.throw(ProofEntryError, /has no proof/);
  });
});
