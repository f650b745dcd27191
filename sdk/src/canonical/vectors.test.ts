import { expect } from "chai";
import fs from "node:fs";
import { keccak_256 } from "@noble/hashes/sha3";
import { canonicalize } from "json-canonicalize";
import {
  buildDigestVectors,
  DIGEST_VECTORS_FILE,
  serializeDigestVectors,
  vectorSalt,
  type DigestVectorsFile,
} from "../../../scripts/vectors-digest";
import { computeDigest } from "./computeDigest";
import { flattenCredential } from "./flatten";
import { prepareDigest } from "./prepareDigest";
import { escapePointerToken } from "./pointer";

const file = JSON.parse(fs.readFileSync(DIGEST_VECTORS_FILE, "utf8")) as DigestVectorsFile;

function hex(bytes: Uint8Array): string {
  return "0x" + Buffer.from(bytes).toString("hex");
}

describe("digest test vectors (test/vectors/digest.json)", function () {
  it("the file is what the generator writes today (regenerate with scripts/vectors-digest.ts)", function () {
    expect(fs.readFileSync(DIGEST_VECTORS_FILE, "utf8")).to.equal(serializeDigestVectors(buildDigestVectors()));
  });

  it("holds the cases the spec promises", function () {
    expect(file.vectors.map((v) => v.name)).to.deep.equal([
      "primitives-and-containers",
      "member-names",
      "array-element",
      "numeric-member-name",
      "open-badge",
      "open-badge-disclosed",
    ]);
  });

  for (const vector of file.vectors) {
    describe(vector.name, function () {
      it("flattens to the listed (pointer, path, value) pairs in document order", function () {
        const fields = flattenCredential(vector.credential);
        expect(fields).to.deep.equal(vector.fields.map(({ pointer, path, value }) => ({ pointer, path, value })));
        for (const f of vector.fields) {
          expect(f.pointer).to.equal(f.path.map((t) => "/" + escapePointerToken(String(t))).join(""));
        }
      });

      it("each field's text is JCS([path, value, salt]) and its hash keccak256 of the UTF-8 bytes", function () {
        for (const f of vector.fields) {
          expect(f.encoded).to.equal(canonicalize([f.path, f.value, f.salt]));
          expect(f.fieldHash).to.equal(hex(keccak_256(new TextEncoder().encode(f.encoded))));
        }
      });

      it("the digest is keccak256 of the sorted field hashes", function () {
        const all = [...vector.fields.map((f) => f.fieldHash), ...vector.redactedHashes];
        const sorted = all.map((h) => Buffer.from(h.slice(2), "hex")).sort(Buffer.compare);
        expect(sorted.map((b) => hex(b))).to.deep.equal(vector.sortedFieldHashes);
        expect(hex(keccak_256(Buffer.concat(sorted)))).to.equal(vector.digest);
      });

      if (vector.redactedHashes.length === 0 && !("proof" in vector.credential)) {
        it("prepareDigest with the vector's salts gives the same salts and digest", function () {
          let i = 0;
          const prepared = prepareDigest(vector.credential, { randomSalt: () => vectorSalt(i++) });
          expect(prepared.digest).to.equal(vector.digest);
          expect(prepared.salts).to.deep.equal(Object.fromEntries(vector.fields.map((f) => [f.pointer, f.salt])));
        });
      } else {
        it("computeDigest of the disclosed credential gives the digest of the full one", function () {
          expect(computeDigest(vector.credential)).to.equal(vector.digest);
          expect(vector.digest).to.equal(file.vectors.find((v) => v.name === "open-badge")!.digest);
        });
      }
    });
  }

  it("an array element and a member named 0 have different field hashes under the same pointer and salt", function () {
    const [array, object] = ["array-element", "numeric-member-name"].map((n) =>
      file.vectors.find((v) => v.name === n)!,
    );
    expect(array.fields[0].pointer).to.equal(object.fields[0].pointer);
    expect(array.fields[0].salt).to.equal(object.fields[0].salt);
    expect(array.fields[0].fieldHash).to.not.equal(object.fields[0].fieldHash);
  });
});
