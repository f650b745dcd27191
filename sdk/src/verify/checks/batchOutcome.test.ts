import { expect } from "chai";
import type { RegistryBatch } from "../../chain/actions/getBatch";
import type { Address, Caip2ChainId, CredAnchorProof, Hex } from "../../types";
import { anchorResult } from "./anchor";
import { batchOutcome, type BatchOutcome } from "./batchOutcome";
import type { ChainData, RegistryData } from "./chainState";
import { issuerClaims, issuerResult } from "./issuer";

const chain = "eip155:11155111" as Caip2ChainId;
const address = "0x00000000000000000000000000000000000000aa" as Address;
const root = `0x${"CD".repeat(32)}` as Hex;
const record: RegistryBatch = {
  root: root.toLowerCase() as Hex,
  anchored: true,
  anchoredAt: 1_767_225_600,
  anchoredBlock: 50,
  revokedAt: 0,
  leafCount: 4,
};

function proof(leafIndex: number, blockNumber = 50): CredAnchorProof {
  return {
    created: "2026-01-01T00:00:00Z",
    digest: `0x${"00".repeat(32)}` as Hex,
    root,
    leafIndex,
    path: [],
    salts: {},
    redactedHashes: [],
    anchor: {
      chain,
      registry: address,
      transactionHash: `0x${"11".repeat(32)}` as Hex,
      blockNumber,
      anchoredAt: "2026-01-01T00:00:00Z",
    },
  };
}

const registryData: RegistryData = {
  address,
  records: new Map([[root.toLowerCase() as Hex, { found: true, value: record }]]),
  statuses: new Map(),
  profile: { found: true, value: { name: "Example University", url: "https://example.edu" } },
  events: new Map(),
  times: new Map(),
  reasonsWanted: false,
};
const chainData: ChainData = {
  chain,
  head: 100n,
  finality: { kind: "confirmations", confirmations: 12 },
  registries: new Map([[address.toLowerCase(), registryData]]),
};
const context = { identity: "off" as const };

function outcomeOf(memo: Map<RegistryData, Map<string, BatchOutcome>>, leafIndex: number, blockNumber = 50) {
  const outcome = batchOutcome(memo, proof(leafIndex, blockNumber), chainData, registryData, context);
  if ("skip" in outcome) throw new Error(`expected the batch's outcome, got ${outcome.result.code}`);
  return outcome;
}

describe("chain results shared by a batch (batchOutcome, pure)", function () {
  it("gives the credentials of one batch the anchor result of each alone, equal but never the same object", function () {
    const memo = new Map<RegistryData, Map<string, BatchOutcome>>();
    const first = outcomeOf(memo, 0);
    const second = outcomeOf(memo, 3);
    expect(second).to.equal(first);
    const results = [first.anchor(), second.anchor(), second.anchor()];
    const alone = anchorResult(proof(3), chainData, registryData);
    for (const result of results) expect(result).to.deep.equal(alone.result);
    expect(results[1]).to.not.equal(results[0]);
    expect(results[1].details).to.not.equal(results[0].details);
    expect(first.finality()).to.not.equal(first.finality());
  });

  it("still refuses an index beyond the batch's leaf count after the batch was seen", function () {
    const memo = new Map<RegistryData, Map<string, BatchOutcome>>();
    outcomeOf(memo, 0);
    const beyond = batchOutcome(memo, proof(4), chainData, registryData, context);
    expect("skip" in beyond && beyond.result).to.deep.include({
      check: "anchor",
      status: "failed",
      code: "ANCHOR_LEAF_INDEX_OUT_OF_RANGE",
    });
  });

  it("keeps another recorded block apart (its anchor result names that block)", function () {
    const memo = new Map<RegistryData, Map<string, BatchOutcome>>();
    const recorded50 = outcomeOf(memo, 0, 50);
    const recorded49 = outcomeOf(memo, 0, 49);
    expect(recorded49).to.not.equal(recorded50);
    expect(recorded49.anchor().details).to.include({ recordedBlockNumber: 49 });
    expect(recorded50.anchor().details).to.not.have.property("recordedBlockNumber");
  });

  it("gives issuer values with the same claims the same result, and other claims their own", function () {
    const memo = new Map<RegistryData, Map<string, BatchOutcome>>();
    const batch = outcomeOf(memo, 0);
    const asString = batch.issuer("https://example.edu");
    const asRecord = batch.issuer({ id: "https://example.edu", name: "Another name" });
    const other = batch.issuer({ id: "https://other.example" });
    expect(asRecord).to.deep.equal(asString);
    expect(asRecord).to.not.equal(asString);
    expect(other).to.deep.equal(issuerResult({ id: "https://other.example" }, chain, registryData));
    expect(other).to.not.deep.equal(asString);
  });

  it("gives a shared issuer object, another one and the first again each its own claims' result (the last key is remembered by identity)", function () {
    const memo = new Map<RegistryData, Map<string, BatchOutcome>>();
    const batch = outcomeOf(memo, 0);
    const shared = { id: "https://example.edu", name: "Example University" };
    const other = { id: "https://other.example" };
    const results = [shared, shared, other, other, shared, "https://other.example"].map((issuer) =>
      batch.issuer(issuer),
    );
    const plain = batchOutcome(undefined, proof(0), chainData, registryData, context) as BatchOutcome;
    const alone = (issuer: unknown) => plain.issuer(issuer); // no memo: computed for each
    expect(results).to.deep.equal([
      alone(shared),
      alone(shared),
      alone(other),
      alone(other),
      alone(shared),
      alone("https://other.example"),
    ]);
    expect(results[0]).to.not.deep.equal(results[2]);
    expect(new Set(results).size).to.equal(results.length);
  });

  it("computes everything per credential when the memo is off (no map)", function () {
    const a = batchOutcome(undefined, proof(0), chainData, registryData, context);
    const b = batchOutcome(undefined, proof(1), chainData, registryData, context);
    expect(a).to.not.equal(b);
  });
});

describe("issuerClaims", function () {
  it("is the issuer string, or the record's url and id when strings, without repeats", function () {
    expect(issuerClaims("did:web:example.edu")).to.deep.equal(["did:web:example.edu"]);
    expect(issuerClaims({ url: "https://example.edu", id: "https://example.edu" })).to.deep.equal([
      "https://example.edu",
    ]);
    expect(issuerClaims({ url: "https://example.edu", id: "did:web:example.edu" })).to.deep.equal([
      "https://example.edu",
      "did:web:example.edu",
    ]);
    expect(issuerClaims({ url: 7, id: null, name: "x" })).to.deep.equal([]);
    expect(issuerClaims(undefined)).to.deep.equal([]);
  });
});
