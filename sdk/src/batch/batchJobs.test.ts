import { expect } from "chai";
import { attachProof } from "../credential/attachProof";
import { findProofEntry } from "../credential/findProofEntry";
import type { CredAnchorProof, Hex } from "../types";
import { credentialFileText } from "./batchJobs";

const h = (byte: string) => `0x${byte.repeat(32)}` as Hex;

describe("batch: credentialFileText", function () {
  const unsigned = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    id: "urn:uuid:00000000-0000-4000-8000-000000000000",
    name: 'quotes " and \\ and unicode é 李 \u2028',
    credentialSubject: { name: "Ada", empty: {}, list: [] },
  };
  const entry = (path: Hex[], salts: Record<string, Hex>): CredAnchorProof => ({
    created: "2026-03-01T09:00:00Z",
    digest: h("ab"),
    root: h("cd"),
    leafIndex: 12,
    path,
    salts,
    redactedHashes: [],
  });

  for (const [label, path, salts] of [
    ["a path and salts", [h("01"), h("02")], { "/id": `0x${"11".repeat(16)}`, "/name": `0x${"22".repeat(16)}` }],
    ["an empty path (single-leaf batch) and no salts", [], {}],
    ["a path of 24 hashes (a two-byte array head)", Array.from({ length: 24 }, (_, i) => h((i + 16).toString(16))), {}],
  ] as [string, Hex[], Record<string, Hex>][]) {
    it(`equals JSON.stringify(attachProof(...), null, 2) with ${label}`, function () {
      const proof = entry(path, salts);
      const text = credentialFileText(JSON.stringify(unsigned, null, 2), proof);
      expect(text).to.equal(`${JSON.stringify(attachProof(unsigned, proof), null, 2)}\n`);
      expect(findProofEntry(JSON.parse(text))).to.deep.equal(proof);
    });
  }
});
