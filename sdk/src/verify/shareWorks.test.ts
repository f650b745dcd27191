import { expect } from "chai";
import v8 from "node:v8";
import { expandWorks, shareWorks } from "./shareWorks";
import { checkResult, samePlain, type Work } from "./verdict";

/** Works as verifyOffline leaves them for two credentials of one batch (and one that differs). */
function sampleWorks(): Work[] {
  const work = (index: number, file: string | undefined, validUntil: string): Work => ({
    index,
    checks: {
      format: checkResult("format", "passed", "FORMAT_OK", "The file is an Open Badges 3.0 credential."),
      integrity: checkResult("integrity", "passed", "INTEGRITY_OK", "The content is exactly as issued.", {
        digest: `0x${String(index).repeat(64)}`,
      }),
      validity: checkResult("validity", "passed", "VALIDITY_OK", `valid until ${validUntil}`, {
        now: "2026-06-01T00:00:00.000Z",
        validUntil,
      }),
    },
    started: 15,
    ...(file === undefined ? {} : { file }),
    credential: {
      id: `urn:uuid:${index}`,
      issuer: { id: "https://example.edu", type: ["Profile"] },
      credentialSubject: { name: `Learner ${index}`, achievement: { name: "Data" } },
    },
    proof: {
      created: "2026-01-01T00:00:00Z",
      digest: `0x${String(index).repeat(64)}`,
      root: `0x${"a".repeat(64)}`,
      leafIndex: index,
      path: [],
      salts: {},
      redactedHashes: [],
      anchor: {
        chain: "eip155:31337",
        registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        transactionHash: `0x${"b".repeat(64)}`,
        blockNumber: 2,
        anchoredAt: "2026-01-01T00:00:10Z",
      },
    },
  });
  return [work(1, "a/1.json", "2030-01-01"), work(2, "a/2.json", "2030-01-01"), work(3, undefined, "2031-01-01")];
}

describe("shareWorks / expandWorks (what worker threads send)", function () {
  it("gives back works deep-equal to the originals after a structured clone, with fewer bytes sent", function () {
    const original = sampleWorks();
    const sent = sampleWorks();
    shareWorks(sent);
    expect(sent[1].checks.format).to.equal(sent[0].checks.format); // one object: cloned once
    expect(sent[1].proof!.anchor).to.equal(sent[0].proof!.anchor);
    expect(sent[0].file).to.equal("");
    const back = expandWorks(v8.deserialize(v8.serialize(sent)) as Work[], ["a/1.json", "a/2.json", undefined]);
    expect(back).to.deep.equal(original);
    expect(v8.serialize(sent).length).to.be.lessThan(v8.serialize(original).length);
  });

  it("shares only what is equal: a different validity result stays the credential's own", function () {
    const sent = sampleWorks();
    shareWorks(sent);
    expect(sent[2].checks.validity).to.not.equal(sent[1].checks.validity);
    expect(sent[2].checks.validity!.message).to.equal("valid until 2031-01-01");
    expect(sent[1].checks.integrity).to.not.equal(sent[0].checks.integrity);
  });

  it("gives every work its own check objects back, so that no two results share one", function () {
    const sent = sampleWorks();
    shareWorks(sent);
    const back = expandWorks(v8.deserialize(v8.serialize(sent)) as Work[], ["a/1.json", "a/2.json", undefined]);
    expect(back[1].checks.format).to.not.equal(back[0].checks.format);
    expect(back[1].checks.format).to.deep.equal(back[0].checks.format);
    expect(back[2].checks.format).to.not.equal(back[1].checks.format);
    expect("file" in back[2]).to.equal(false);
  });
});

describe("samePlain", function () {
  it("compares plain data by value, keys in any order, arrays by position", function () {
    expect(samePlain({ a: 1, b: [1, { c: "x" }] }, { b: [1, { c: "x" }], a: 1 })).to.equal(true);
    expect(samePlain({ a: 1 }, { a: 1, b: undefined })).to.equal(false);
    expect(samePlain({ a: 1, b: undefined }, { a: 1 })).to.equal(false);
    expect(samePlain([1, 2], [2, 1])).to.equal(false);
    expect(samePlain([], {})).to.equal(false);
    expect(samePlain({ a: null }, { a: {} })).to.equal(false);
    expect(samePlain("1", 1)).to.equal(false);
  });
});
