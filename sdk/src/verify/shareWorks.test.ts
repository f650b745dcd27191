import { expect } from "chai";
import v8 from "node:v8";
import type { Hex } from "../types";
import { inclusionPassed, integrityPassed } from "./runOfflineChecks";
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

/** sampleWorks with the integrity and inclusion results that the checks give a valid credential. */
function validWorks(): Work[] {
  return sampleWorks().map((work) => {
    const proof = work.proof!;
    work.checks = {
      format: work.checks.format,
      integrity: integrityPassed(proof.digest, 8, work.index === 2 ? 1 : 0),
      inclusion: inclusionPassed(proof.root, proof.leafIndex, 15),
      validity: work.checks.validity,
    };
    return work;
  });
}

describe("shareWorks / expandWorks: a valid credential's integrity and inclusion results", function () {
  const roundTrip = (sent: Work[]) =>
    expandWorks(v8.deserialize(v8.serialize(sent)) as Work[], ["a/1.json", "a/2.json", undefined]);

  it("are left out and built again on receipt, deep-equal, each credential its own, in a fifth fewer bytes at least", function () {
    const original = validWorks();
    const sent = validWorks();
    shareWorks(sent);
    for (const work of sent) {
      expect(work.checks.integrity).to.equal(undefined);
      expect(work.checks.inclusion).to.equal(undefined);
    }
    expect(sent.map((work) => work.passed)).to.deep.equal([
      [8, 0, 15],
      [8, 1, 15],
      [8, 0, 15],
    ]);
    const back = roundTrip(sent);
    for (const work of back) expect(work.passed).to.equal(undefined);
    for (const work of back) delete work.passed; // left undefined, not deleted, by expandWorks
    expect(back).to.deep.equal(original);
    expect(back[1].checks.integrity!.message).to.equal(
      "The visible content is exactly as issued; 1 value the holder hid is accounted for by its hash.",
    );
    expect(back[0].checks.inclusion!.message).to.equal("The credential is entry #1 of batch 0xaaaaaa…aaaa.");
    expect(back[0].checks.inclusion!.details).to.not.equal(back[2].checks.inclusion!.details);
    const shared = validWorks();
    shareWorks(shared);
    const sharedOnly = validWorks();
    for (const work of sharedOnly) work.file = "";
    expect(v8.serialize(shared).length).to.be.lessThan(v8.serialize(sharedOnly).length * 0.8);
  });

  it("cross as they are when the proof does not give them back or one did not pass", function () {
    const original = validWorks();
    // The proof's digest in upper case (the computed one is lower case), a root not the proof's, a failed inclusion.
    original[0].proof!.digest = original[0].proof!.digest.toUpperCase() as Hex;
    original[1].checks.inclusion!.details!.root = `0x${"c".repeat(64)}`;
    original[2].checks.inclusion = checkResult("inclusion", "failed", "INCLUSION_PROOF_MISMATCH", "no", {
      root: original[2].proof!.root,
      leafIndex: 3,
      pathLength: 15,
    });
    const sent = structuredClone(original);
    shareWorks(sent);
    expect(sent.map((work) => work.passed)).to.deep.equal([undefined, undefined, undefined]);
    expect(sent[1].checks.inclusion!.details!.root).to.equal(`0x${"c".repeat(64)}`);
    const back = roundTrip(sent);
    expect(back.map((work) => work.checks)).to.deep.equal(original.map((work) => work.checks));
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
