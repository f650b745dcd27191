import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { AbiCoder, getAddress, keccak256 as ethersKeccak } from "ethers";
import { buildProofVectors, serializeProofVectors, PROOF_VECTORS_FILE } from "../../../scripts/vectors-proof";
import { computeDigest } from "../canonical/computeDigest";
import { initKeccak } from "../hash/keccak";
import { verifyInclusion } from "../merkle/verifyInclusion";
import { findProofEntry } from "./findProofEntry";
import { decodeProofValue } from "./proofValue";
import { validateProofEntry } from "./validateProofEntry";
import { verifyCredential } from "../verify/verifyCredential";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const file = JSON.parse(fs.readFileSync(PROOF_VECTORS_FILE, "utf8")) as Json;
const hex = (bytes: Uint8Array) => "0x" + Buffer.from(bytes).toString("hex");

/** An independent reading of the bytes, with the `cbor` package (decodeFirstSync), or undefined without it. */
function independentDecode(cborHex: string): unknown[] | undefined {
  let cbor: { decodeFirstSync(input: Buffer): unknown };
  try {
    cbor = require("cbor"); // eslint-disable-line @typescript-eslint/no-require-imports
  } catch {
    return undefined;
  }
  return cbor.decodeFirstSync(Buffer.from(cborHex, "hex")) as unknown[];
}

describe("anchor proof test vectors (test/vectors/proof.json)", function () {
  before(async function () {
    await initKeccak();
  });

  it("is exactly what scripts/vectors-proof.ts makes (regenerate it after a format change)", function () {
    expect(fs.readFileSync(PROOF_VECTORS_FILE, "utf8")).to.equal(serializeProofVectors(buildProofVectors()));
  });

  for (const vector of file.vectors as Json[]) {
    describe(vector.name, function () {
      const legacy = vector.entry.type === "CredAnchorMerkleProof2026";

      it("the entry has exactly the Data Integrity members, and proofValue is u + base64url of cborHex", function () {
        if (legacy) return this.skip();
        const expected = ["type", "cryptosuite", "created", "proofPurpose", "proofValue"];
        if (vector.decoded.anchor) expected.splice(4, 0, "verificationMethod");
        expect(Object.keys(vector.entry)).to.deep.equal(expected);
        expect(vector.entry.proofValue).to.equal("u" + Buffer.from(vector.cborHex, "hex").toString("base64url"));
        expect(vector.entry.created).to.equal(vector.decoded.created);
      });

      it("an independent CBOR decoder reads the documented array from cborHex", function () {
        const items = independentDecode(vector.cborHex);
        if (!items) return this.skip();
        const d = vector.decoded;
        expect(items).to.have.length(8);
        expect(items[0]).to.equal(1);
        expect(hex(items[1] as Buffer)).to.equal(d.digest);
        expect(hex(items[2] as Buffer)).to.equal(d.root);
        expect(items[3]).to.equal(d.leafIndex);
        expect((items[4] as Buffer[]).map(hex)).to.deep.equal(d.path);
        const salts = items[5] instanceof Map ? [...items[5]] : Object.entries(items[5] as Record<string, Buffer>);
        expect(Object.fromEntries(salts.map(([k, v]) => [k, hex(v as Buffer)]))).to.deep.equal(d.salts);
        expect((items[6] as Buffer[]).map(hex)).to.deep.equal(d.redactedHashes);
        if (d.anchor === null) expect(items[7]).to.equal(null);
        else {
          const [chainId, registry, tx, block, seconds] = items[7] as [number, Buffer, Buffer, number, number];
          expect(`eip155:${chainId}`).to.equal(d.anchor.chain);
          expect(getAddress(hex(registry))).to.equal(d.anchor.registry);
          expect(hex(tx)).to.equal(d.anchor.transactionHash);
          expect(block).to.equal(d.anchor.blockNumber);
          expect(new Date(seconds * 1000).toISOString().replace(".000Z", "Z")).to.equal(d.anchor.anchoredAt);
          if (!legacy) {
            expect(vector.entry.verificationMethod).to.equal(`did:pkh:${d.anchor.chain}:${d.anchor.registry}`);
          }
        }
        // the salt keys are in deterministic order: shorter encodings first, then bytewise
        const keys = salts.map(([k]) => k as string);
        const sorted = [...keys].sort(
          (a, b) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)),
        );
        expect(keys).to.deep.equal(sorted);
      });

      it("the SDK decodes it to the same data, the digest recomputes and the path leads to the root", function () {
        const { anchor, ...rest } = vector.decoded;
        expect(findProofEntry(vector.credential)).to.deep.equal(anchor ? { ...rest, anchor } : rest);
        if (!legacy) {
          const { created: _created, ...value } = rest;
          expect(decodeProofValue(vector.entry.proofValue)).to.deep.equal(anchor ? { ...value, anchor } : value);
        }
        expect(computeDigest(vector.credential)).to.equal(rest.digest);
        const leaf = ethersKeccak(
          ethersKeccak(AbiCoder.defaultAbiCoder().encode(["uint256", "bytes32"], [rest.leafIndex, rest.digest])),
        );
        expect(rest.root).to.equal(leaf);
        expect(
          verifyInclusion({ root: rest.root, leafIndex: rest.leafIndex, digest: rest.digest, path: rest.path }),
        ).to.equal(true);
      });
    });
  }

  it("disclosure keeps the digest and the anchor, and moves 7 hashes", function () {
    const byName = (name: string) => (file.vectors as Json[]).find((v) => v.name === name)!;
    const anchored = byName("anchored").decoded;
    const disclosed = byName("anchored-disclosed").decoded;
    expect(disclosed.digest).to.equal(anchored.digest);
    expect(disclosed.anchor).to.deep.equal(anchored.anchor);
    expect(disclosed.redactedHashes).to.have.length(7);
    expect(Object.keys(disclosed.salts)).to.have.length(6);
    expect(byName("legacy-anchored").cborHex).to.equal(byName("anchored").cborHex);
  });

  for (const bad of file.invalid as Json[]) {
    it(`refuses ${bad.name} (${bad.code})`, function () {
      expect(() => decodeProofValue(bad.proofValue))
        .to.throw()
        .with.property("code", bad.code);
      const entry = { ...(file.vectors as Json[])[0].entry, proofValue: bad.proofValue };
      expect(validateProofEntry(entry, "/proof/0")[0]).to.include({ pointer: "/proof/0/proofValue", code: bad.code });
    });
  }

  it("verifyCredential fails the format check with FORMAT_<code> for each invalid proofValue, and passes the vectors' format", async function () {
    const issued = (file.vectors as Json[])[0].credential;
    for (const bad of file.invalid as Json[]) {
      const credential = structuredClone(issued);
      credential.proof[credential.proof.length - 1].proofValue = bad.proofValue;
      const result = await verifyCredential(credential, {});
      expect(result.status, bad.name).to.equal("invalid");
      expect(result.checks[0], bad.name).to.include({ check: "format", status: "failed", code: `FORMAT_${bad.code}` });
    }
    for (const vector of file.vectors as Json[]) {
      const result = await verifyCredential(vector.credential, {});
      expect(
        result.checks.slice(0, 3).map((c) => c.code),
        vector.name,
      ).to.deep.equal(["FORMAT_OK", "INTEGRITY_OK", "INCLUSION_OK"]);
    }
  });

  it("docs/SPEC.md section 4 shows the anchored vector and the invalid codes", function () {
    const spec = fs.readFileSync(path.join(__dirname, "..", "..", "..", "docs", "SPEC.md"), "utf8");
    const anchored = (file.vectors as Json[]).find((v) => v.name === "anchored")!;
    expect(spec).to.contain(`"proofValue": "${anchored.entry.proofValue}"`);
    expect(spec).to.contain(`"verificationMethod": "${anchored.entry.verificationMethod}"`);
    for (const code of new Set((file.invalid as Json[]).map((b) => b.code))) expect(spec).to.contain(`FORMAT_${code}`);
  });
});
