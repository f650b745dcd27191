import { expect } from "chai";
import { entryOf, sampleCredential, withProof } from "../../../test/fixtures/samples";
import { DisclosureError, DigestError } from "../errors/credential";
import { initKeccak } from "../hash/keccak";
import { computeDigest } from "./computeDigest";
import { discloseCredential, redactablePointers } from "./discloseCredential";
import { flattenCredential } from "./flatten";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function expectRefused(fn: () => unknown, code: string, pointer: string, message?: RegExp): void {
  try {
    fn();
    expect.fail("no DisclosureError");
  } catch (error) {
    expect(error).to.be.instanceOf(DisclosureError);
    expect((error as DisclosureError).code).to.equal(code);
    expect((error as DisclosureError).pointer).to.equal(pointer);
    if (message) expect((error as DisclosureError).message).to.match(message);
  }
}

describe("discloseCredential", function () {
  before(async function () {
    await initKeccak();
  });

  const signed = withProof(sampleCredential()) as Json;
  const digest = entryOf(signed as never).digest;

  it("hides fields, moves their hashes to redactedHashes (sorted), removes their salts, and still verifies", function () {
    const shared = discloseCredential(signed, ["/credentialSubject/identifier", "/credentialSubject/name"]) as Json;
    expect(shared.credentialSubject).to.not.have.property("identifier");
    expect(shared.credentialSubject).to.not.have.property("name");
    const entry = entryOf(shared as never);
    const hidden = Object.keys(entryOf(signed as never).salts).filter(
      (p) => p === "/credentialSubject/name" || p.startsWith("/credentialSubject/identifier/"),
    );
    expect(hidden).to.have.length(6); // name + 5 members of the IdentityObject
    for (const pointer of hidden) expect(entry.salts).to.not.have.property(pointer);
    expect(entry.redactedHashes).to.have.length(6);
    expect(entry.redactedHashes).to.deep.equal(entry.redactedHashes.slice().sort());
    expect(entry.digest).to.equal(digest);
    expect(computeDigest(shared)).to.equal(digest);
    // The salt of a hidden field appears nowhere in the shared file, nor in its proofValue's bytes.
    const text = JSON.stringify(shared);
    const proofBytes = Buffer.from(shared.proof[shared.proof.length - 1].proofValue.slice(1), "base64url").toString(
      "hex",
    );
    expect(proofBytes).to.contain(entry.digest.slice(2)); // (the decoding is right)
    for (const pointer of hidden) {
      expect(text).to.not.contain(entryOf(signed as never).salts[pointer].slice(2));
      expect(proofBytes).to.not.contain(entryOf(signed as never).salts[pointer].slice(2));
    }
  });

  it("works when proof is a single entry rather than an array", function () {
    const single = { ...signed, proof: signed.proof[signed.proof.length - 1] };
    const shared = discloseCredential(single, ["/credentialSubject/name"]) as Json;
    expect(Array.isArray(shared.proof)).to.equal(false);
    expect(shared.proof.cryptosuite).to.equal("credanchor-merkle-2026");
    expect(entryOf(shared as never).redactedHashes).to.have.length(1);
    expect(computeDigest(shared)).to.equal(digest);
  });

  it("does not modify its input", function () {
    const before = JSON.stringify(signed);
    discloseCredential(signed, ["/credentialSubject/result"]);
    expect(JSON.stringify(signed)).to.equal(before);
  });

  it("can disclose in several steps; the redacted hashes accumulate and stay sorted", function () {
    const once = discloseCredential(signed, ["/credentialSubject/identifier"]);
    const twice = discloseCredential(once, ["/credentialSubject/result", "/description"]) as Json;
    const entry = entryOf(twice as never);
    expect(entry.redactedHashes).to.have.length(5 + 4 + 1); // identifier, result, description
    expect(entry.redactedHashes).to.deep.equal(entry.redactedHashes.slice().sort());
    expect(computeDigest(twice)).to.equal(digest);
    expect(twice).to.not.have.property("description");
  });

  it("hides members inside an array element while keeping the element", function () {
    const shared = discloseCredential(signed, ["/credentialSubject/result/0/value"]) as Json;
    expect(shared.credentialSubject.result[0]).to.deep.equal({
      type: ["Result"],
      resultDescription: signed.credentialSubject.result[0].resultDescription,
      status: "Completed",
    });
    expect(computeDigest(shared)).to.equal(digest);
  });

  it("removes an object that its hidden members leave empty", function () {
    const doc = withProof({ a: { b: { c: 1 } }, keep: true }) as Json;
    const shared = discloseCredential(doc, ["/a/b/c"]) as Json;
    expect(shared).to.not.have.property("a");
    expect(computeDigest(shared)).to.equal(entryOf(doc as never).digest);
  });

  it("hides an empty object or array (a field of its own)", function () {
    const doc = withProof({ e: {}, a: [], keep: 1 }) as Json;
    const shared = discloseCredential(doc, ["/e", "/a"]) as Json;
    expect(Object.keys(shared)).to.deep.equal(["keep", "proof"]);
    expect(entryOf(shared as never).redactedHashes).to.have.length(2);
    expect(computeDigest(shared)).to.equal(entryOf(doc as never).digest);
  });

  it("accepts escaped pointers and repeated or nested pointers", function () {
    const doc = withProof({ "a/b": { "c~d": 1, e: 2 }, keep: 1 }) as Json;
    const shared = discloseCredential(doc, ["/a~1b/c~0d", "/a~1b", "/a~1b"]) as Json;
    expect(Object.keys(shared)).to.deep.equal(["keep", "proof"]);
    expect(computeDigest(shared)).to.equal(entryOf(doc as never).digest);
  });

  it("refuses a single array element", function () {
    expectRefused(
      () => discloseCredential(signed, ["/credentialSubject/result/0"]),
      "DISCLOSURE_ARRAY_ELEMENT",
      "/credentialSubject/result/0",
      /Hide the whole array \(\/credentialSubject\/result\)/,
    );
  });

  it("refuses to empty an array element through its members", function () {
    const members = Object.keys(signed.credentialSubject.result[0]).map((k) => `/credentialSubject/result/0/${k}`);
    expectRefused(
      () => discloseCredential(signed, members),
      "DISCLOSURE_EMPTIES_ARRAY_ELEMENT",
      members[0],
      /leave the array element \/credentialSubject\/result\/0 empty/,
    );
  });

  it("refuses protected fields, their members and the objects that contain them", function () {
    for (const pointer of [
      "/@context",
      "/id",
      "/type",
      "/issuer",
      "/issuer/id",
      "/issuer/url",
      "/validFrom",
      "/validUntil",
      "/name",
      "/credentialSubject",
      "/credentialSubject/type",
      "/credentialSubject/achievement",
      "/credentialSubject/achievement/alignment",
    ]) {
      expectRefused(() => discloseCredential(signed, [pointer]), "DISCLOSURE_PROTECTED", pointer, /cannot be hidden/);
    }
    expectRefused(() => discloseCredential(signed, [""]), "DISCLOSURE_PROTECTED", "");
    expectRefused(() => discloseCredential(signed, ["/proof"]), "DISCLOSURE_PROTECTED", "/proof");
    expectRefused(() => discloseCredential(signed, ["/proof/0/salts"]), "DISCLOSURE_PROTECTED", "/proof/0/salts");
  });

  it("refuses unknown and malformed pointers with a clear error", function () {
    expectRefused(
      () => discloseCredential(signed, ["/credentialSubject/nickname"]),
      "DISCLOSURE_UNKNOWN_POINTER",
      "/credentialSubject/nickname",
      /no visible field/,
    );
    expectRefused(
      () => discloseCredential(signed, ["/credentialSubject/result/7"]),
      "DISCLOSURE_UNKNOWN_POINTER",
      "/credentialSubject/result/7",
    );
    expectRefused(
      () => discloseCredential(signed, ["/credentialSubject/result/00"]),
      "DISCLOSURE_UNKNOWN_POINTER",
      "/credentialSubject/result/00",
    );
    expectRefused(
      () => discloseCredential(signed, ["credentialSubject"]),
      "DISCLOSURE_INVALID_POINTER",
      "credentialSubject",
    );
    const once = discloseCredential(signed, ["/description"]);
    expectRefused(() => discloseCredential(once, ["/description"]), "DISCLOSURE_UNKNOWN_POINTER", "/description");
  });

  it("refuses a credential that does not match its digest", function () {
    const tampered = JSON.parse(JSON.stringify(signed)) as Json;
    tampered.credentialSubject.result[0].value = "100";
    expectRefused(() => discloseCredential(tampered, ["/description"]), "DISCLOSURE_NOT_INTACT", "");
    const added = JSON.parse(JSON.stringify(signed)) as Json;
    added.extra = 1;
    expect(() => discloseCredential(added, ["/description"])).to.throw(DigestError, /no salt/);
  });

  it("lists the redactable pointers: object members outside the protected parts", function () {
    const pointers = redactablePointers(signed);
    expect(pointers).to.include.members([
      "/description",
      "/credentialSubject/name",
      "/credentialSubject/identifier",
      "/credentialSubject/identifier/0/salt",
      "/credentialSubject/result",
      "/credentialSubject/result/0/value",
      "/credentialSchema",
    ]);
    for (const pointer of pointers) {
      expect(pointer).to.not.match(/^\/(issuer|@context|type|id|validFrom|validUntil|name|proof)(\/|$)/);
      expect(pointer).to.not.match(/\/\d+$/); // never an array element
      expect(pointer.startsWith("/credentialSubject/achievement")).to.equal(false);
    }
    // each one can be hidden alone
    for (const pointer of pointers) {
      const shared = discloseCredential(signed, [pointer]);
      expect(computeDigest(shared)).to.equal(digest);
      expect(
        flattenCredential(shared).some((f) => f.pointer === pointer || f.pointer.startsWith(pointer + "/")),
      ).to.equal(false);
    }
  });
});
