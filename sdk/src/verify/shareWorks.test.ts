import { expect } from "chai";
import v8 from "node:v8";
import type { Hex } from "../types";
import { inclusionPassed, integrityPassed } from "./runOfflineChecks";
import { expandRows, expandWorks, packedNumber, shareWorks, type SharedWorks } from "./shareWorks";
import { checkResult, samePlain, type Work } from "./verdict";
import { slimmedCredential } from "./verifyOffline";

/** What the calling thread receives of a message (a structured clone, as postMessage makes). */
const clone = (message: SharedWorks) => v8.deserialize(v8.serialize(message)) as SharedWorks;

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
    const message = shareWorks(sent);
    expect(sent[1].checks.format).to.equal(sent[0].checks.format); // one object: cloned once
    expect(sent[1].proof!.anchor).to.equal(sent[0].proof!.anchor);
    expect(sent[0].file).to.equal("");
    expect(message.works).to.deep.equal(sent); // none of these is packed (no inclusion result)
    const back = expandWorks(clone(message), ["a/1.json", "a/2.json", undefined]);
    expect(back).to.deep.equal(original);
    expect(v8.serialize(message).length).to.be.lessThan(v8.serialize(original).length);
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
    const back = expandWorks(clone(shareWorks(sent)), ["a/1.json", "a/2.json", undefined]);
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
  const roundTrip = (sent: Work[]) => expandWorks(clone(shareWorks(sent)), ["a/1.json", "a/2.json", undefined]);

  it("are left out and built again on receipt, deep-equal, each credential its own, in a fifth fewer bytes at least", function () {
    const original = validWorks();
    const sent = validWorks();
    const message = shareWorks(sent);
    for (const work of sent) {
      expect(work.checks.integrity).to.equal(undefined);
      expect(work.checks.inclusion).to.equal(undefined);
    }
    expect(sent.map((work) => work.passed)).to.deep.equal([
      [8, 0, 15],
      [8, 1, 15],
      [8, 0, 15],
    ]);
    const back = expandWorks(clone(message), ["a/1.json", "a/2.json", undefined]);
    for (const work of back) expect(work.passed).to.equal(undefined);
    for (const work of back) delete work.passed; // left undefined, not deleted, by expandWorks
    expect(back).to.deep.equal(original);
    expect(back[1].checks.integrity!.message).to.equal(
      "The visible content is exactly as issued; 1 value the holder hid is accounted for by its hash.",
    );
    expect(back[0].checks.inclusion!.message).to.equal("The credential is entry #1 of batch 0xaaaaaa…aaaa.");
    expect(back[0].checks.inclusion!.details).to.not.equal(back[2].checks.inclusion!.details);
    const sharedOnly = validWorks();
    for (const work of sharedOnly) work.file = "";
    expect(v8.serialize(shareWorks(validWorks())).length).to.be.lessThan(v8.serialize(sharedOnly).length * 0.8);
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
    const back = roundTrip(sent);
    expect(sent.map((work) => work.passed)).to.deep.equal([undefined, undefined, undefined]);
    expect(sent[1].checks.inclusion!.details!.root).to.equal(`0x${"c".repeat(64)}`);
    expect(back.map((work) => work.checks)).to.deep.equal(original.map((work) => work.checks));
  });
});

/**
 * Works as verifyOffline leaves valid credentials of one batch (slimmed, every check it runs passed):
 * one with a subject id, one with no identifier, the others with a name and a hashed e-mail address.
 */
function batchWorks(count: number): Work[] {
  const anchor = {
    chain: "eip155:31337",
    registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    transactionHash: `0x${"b".repeat(64)}`,
    blockNumber: 2,
    anchoredAt: "2026-01-01T00:00:10Z",
  } as const;
  return Array.from({ length: count }, (_, index): Work => {
    const digest = `0x${index.toString(16).padStart(64, "d")}` as Hex;
    const root = `0x${"a".repeat(64)}` as Hex;
    return {
      index,
      checks: {
        format: checkResult("format", "passed", "FORMAT_OK", "The file is an Open Badges 3.0 credential."),
        integrity: integrityPassed(digest, 8 + (index % 3), index === 3 ? 2 : 0),
        inclusion: inclusionPassed(root, 40 + index, 17),
        validity: checkResult("validity", "passed", "VALIDITY_OK", "valid", {
          now: "2026-06-01T00:00:00.000Z",
          validUntil: "2030-01-01",
        }),
        signature: checkResult("signature", "skipped", "SIGNATURE_ABSENT", "no signature"),
      },
      started: 0b1010000111,
      file: `b/${index}.json`,
      credential: slimmedCredential(
        `urn:uuid:${index}`,
        { id: "https://example.edu", type: ["Profile"], name: "Example University" },
        index === 2 ? `did:example:${index}` : undefined,
        index === 2 ? undefined : `Learner ${index}`,
        index === 1 ? [] : [{ identityHash: `sha256$${String(index).repeat(64)}` }],
        { name: "Data" },
      ),
      proof: {
        created: "2026-01-01T00:00:00Z",
        digest,
        root,
        leafIndex: 40 + index,
        path: [],
        salts: {},
        redactedHashes: [],
        anchor: { ...anchor },
      },
    };
  });
}

describe("shareWorks / expandWorks: valid credentials of the batch's shape", function () {
  const files = (count: number) => Array.from({ length: count }, (_, i) => `b/${i}.json`);

  it("cross as their own values after the first: built again deep-equal, each with its own objects, in under half the bytes", function () {
    const original = batchWorks(6);
    const message = shareWorks(batchWorks(6));
    expect(message.works[0]).to.not.equal(0);
    expect(message.works.slice(1)).to.deep.equal([0, 0, 0, 0, 0]);
    expect(message.strings.slice(0, 10)).to.deep.equal([
      "urn:uuid:1",
      undefined,
      "Learner 1",
      null,
      original[1].proof!.digest,
      "urn:uuid:2",
      "did:example:2",
      undefined,
      `sha256$${"2".repeat(64)}`,
      original[2].proof!.digest,
    ]);
    expect([...message.numbers.slice(8, 12)]).to.deep.equal([43, 8, 2, 17]);
    const back = expandWorks(clone(message), files(6));
    delete back[0].passed; // left undefined, not deleted, by expandWorks
    expect(back).to.deep.equal(original);
    expect(back[3].checks.integrity!.message).to.equal(
      "The visible content is exactly as issued; 2 values the holder hid are accounted for by their hashes.",
    );
    expect(back[4].checks.inclusion!.message).to.equal("The credential is entry #44 of batch 0xaaaaaa…aaaa.");
    const objects = new Set<unknown>();
    for (const work of back) {
      for (const result of Object.values(work.checks)) {
        expect(objects.has(result)).to.equal(false);
        objects.add(result);
        if (result.details) expect(objects.has(result.details)).to.equal(false);
        objects.add(result.details);
      }
      expect(objects.has(work.proof)).to.equal(false);
      objects.add(work.proof);
    }
    // A row's empty path, salts and redacted hashes are one set for all rows (no three objects a row):
    // frozen, so that nothing can write into one row's and change another's.
    for (const work of back.slice(1)) {
      const proof = work.proof!;
      expect(proof.path).to.equal(back[1].proof!.path);
      for (const empty of [proof.path, proof.salts, proof.redactedHashes])
        expect(Object.isFrozen(empty)).to.equal(true);
      expect(() => proof.path.push(`0x${"e".repeat(64)}`)).to.throw(TypeError);
    }
    const sharedOnly = batchWorks(6).map((work, i) => (i === 0 ? work : { ...work, file: "" }));
    expect(v8.serialize(message).length).to.be.lessThan(v8.serialize(sharedOnly).length / 2);
  });

  it("made into row works (expandRows) are numbered from `first`, each work's index its place in the run", function () {
    const message = shareWorks(batchWorks(6));
    const rows = expandRows(clone(message), files(6), 40);
    expect(rows.map((work) => work.index)).to.deep.equal([40, 41, 42, 43, 44, 45]);
    expect(rows.map((work) => work.row)).to.deep.equal([undefined, 0, 1, 2, 3, 4]);
    expect(rows[4].proof!.leafIndex).to.equal(44);
    // expandWorks numbers the works of the job from 0, as before.
    expect(expandWorks(clone(message), files(6)).map((work) => work.index)).to.deep.equal([0, 1, 2, 3, 4, 5]);
  });

  it("cross whole when anything but their own values differs from the last whole one", function () {
    const variants: ((work: Work) => void)[] = [
      (work) => (work.proof!.created = "2026-01-02T00:00:00Z"),
      (work) => (work.proof!.anchor = { ...work.proof!.anchor!, blockNumber: 3 }),
      (work) => (work.proof!.path = [work.proof!.root]),
      (work) => ((work.proof as unknown as Record<string, unknown>).extra = 1),
      (work) => (work.started = 1),
      (work) => (work.index = 9),
      (work) => (work.credential!.id = 7),
      (work) => ((work.credential!.credentialSubject as Record<string, unknown>).name = { en: "Learner" }),
      (work) => ((work.credential!.credentialSubject as Record<string, unknown>).extra = "x"),
      (work) =>
        ((work.credential!.credentialSubject as Record<string, unknown>).identifier = [
          { identityHash: "sha256$1" },
          { identityHash: "sha256$2" },
        ]),
      (work) =>
        ((work.credential!.credentialSubject as Record<string, unknown>).identifier = [{ identityHash: undefined }]),
      (work) => (work.credential!.issuer = { id: "https://other.example" }),
      (work) => (work.checks.signature = checkResult("signature", "passed", "SIGNATURE_VALID", "signed")),
      (work) => (work.checks.validity = undefined),
      (work) => (work.checks.inclusion = checkResult("inclusion", "failed", "INCLUSION_PROOF_MISMATCH", "no")),
      (work) => (work.deferredInput = {}),
    ];
    variants.forEach((change, k) => {
      const original = batchWorks(3);
      change(original[1]);
      if (original[1].checks.validity === undefined) delete original[1].checks.validity;
      const message = shareWorks(structuredClone(original));
      expect(message.works[1], `variant ${k}`).to.not.equal(0);
      const back = expandWorks(clone(message), files(3));
      for (const work of back) delete work.passed;
      expect(back, `variant ${k}`).to.deep.equal(original);
    });
  });
});

describe("packedNumber (a packed row's number as a whole work carries it)", function () {
  it("gives each number of the list back by value: whole numbers, beyond 32 bits, fractions, NaN", function () {
    const numbers = Float64Array.of(0, 43, 2 ** 31 - 1, 2 ** 31, 2 ** 40 + 1, 1.5, -2, Number.NaN);
    const back = Array.from(numbers, (_, i) => packedNumber(numbers, i));
    expect(back).to.deep.equal([0, 43, 2 ** 31 - 1, 2 ** 31, 2 ** 40 + 1, 1.5, -2, Number.NaN]);
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
