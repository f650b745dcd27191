import { expect } from "chai";
import { entryOf, sampleCredential, withProof } from "../../../test/fixtures/samples";
import { ProofEntryError } from "../errors/credential";
import { PROOF_TYPE, type CredAnchorProof, type Hex } from "../types";
import { attachProof } from "./attachProof";
import { findProofEntry } from "./findProofEntry";

const ENTRY: CredAnchorProof = {
  type: PROOF_TYPE,
  created: "2026-03-01T09:30:00Z",
  proofPurpose: "assertionMethod",
  digest: ("0x" + "11".repeat(32)) as Hex,
  root: ("0x" + "22".repeat(32)) as Hex,
  leafIndex: 3,
  path: [("0x" + "33".repeat(32)) as Hex],
  salts: { "/name": ("0x" + "44".repeat(16)) as Hex },
  redactedHashes: [],
};

describe("attachProof and findProofEntry", function () {
  it("attaches the entry as the last element of proof, without modifying the input", function () {
    const unsigned = sampleCredential();
    const before = JSON.stringify(unsigned);
    const signed = attachProof(unsigned, ENTRY);
    expect(JSON.stringify(unsigned)).to.equal(before);
    expect(signed.proof).to.deep.equal([ENTRY]);
    expect(Object.keys(signed).at(-1)).to.equal("proof");
    expect(findProofEntry(signed)).to.deep.equal(ENTRY);
  });

  it("keeps other proof suites and replaces an earlier credanchor entry (adding the anchor record)", function () {
    const other = { type: "DataIntegrityProof", cryptosuite: "eddsa-rdfc-2022", proofValue: "z58..." };
    const first = attachProof({ ...sampleCredential(), proof: other }, ENTRY);
    expect(first.proof).to.deep.equal([other, ENTRY]);
    const anchored: CredAnchorProof = {
      ...ENTRY,
      anchor: {
        chain: "eip155:31337",
        registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        transactionHash: ("0x" + "55".repeat(32)) as Hex,
        blockNumber: 2,
        anchoredAt: "2026-03-01T09:31:00Z",
      },
    };
    const second = attachProof(first, anchored);
    expect(second.proof).to.deep.equal([other, anchored]);
    expect(findProofEntry(second).anchor?.blockNumber).to.equal(2);
  });

  it("refuses to attach a malformed entry", function () {
    expect(() => attachProof(sampleCredential(), { ...ENTRY, leafIndex: -1 }))
      .to.throw(ProofEntryError, /leafIndex must be|must be a non-negative safe integer/)
      .with.nested.property("location.pointer", "/proof/leafIndex");
  });

  it("finds a single entry given as an object", function () {
    expect(findProofEntry({ proof: ENTRY })).to.deep.equal(ENTRY);
  });

  it("explains a missing proof, a missing credanchor entry and two entries", function () {
    expect(() => findProofEntry(sampleCredential()))
      .to.throw(ProofEntryError, /has no proof/)
      .with.nested.property("location.pointer", "/proof");
    expect(() => findProofEntry({ proof: [{ type: "DataIntegrityProof" }] })).to.throw(
      ProofEntryError,
      new RegExp(`no proof entry of type "${PROOF_TYPE}"`),
    );
    expect(() => findProofEntry({ proof: [ENTRY, ENTRY] }))
      .to.throw(ProofEntryError, /2 proof entries/)
      .with.nested.property("location.pointer", "/proof/1");
    expect(() => findProofEntry(null)).to.throw(ProofEntryError, /must be a JSON object/);
  });

  it("explains a malformed entry with its pointer", function () {
    const signed = withProof(sampleCredential());
    const broken = { ...signed, proof: [{ ...entryOf(signed), redactedHashes: "none" }] };
    expect(() => findProofEntry(broken))
      .to.throw(ProofEntryError, /malformed credanchor proof entry: must be an array of 32-byte hex hashes/)
      .with.nested.property("location.pointer", "/proof/0/redactedHashes");
  });
});
