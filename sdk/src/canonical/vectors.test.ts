import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { keccak_256 } from "@noble/hashes/sha3";
import { canonicalize } from "json-canonicalize";
import { AbiCoder, keccak256 as ethersKeccak } from "ethers";
import { entryOf } from "../../../test/fixtures/samples";
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

/** The protected paths as SPEC 2.4 lists them, written out here rather than taken from the SDK. */
const SPEC_PROTECTED_PATHS = [
  ["@context"],
  ["id"],
  ["type"],
  ["issuer"],
  ["validFrom"],
  ["validUntil"],
  ["name"],
  ["credentialStatus"],
  ["credentialSubject", "type"],
  ["credentialSubject", "achievement"],
];

/** An independent P: the members at the protected paths that are present, reached through objects only. */
function independentProtectedPart(doc: Record<string, unknown>): Record<string, unknown> {
  const part: Record<string, unknown> = {};
  for (const path of SPEC_PROTECTED_PATHS) {
    const parent = path.length === 1 ? doc : doc[path[0]];
    if (typeof parent !== "object" || parent === null || Array.isArray(parent)) continue;
    if (!Object.prototype.hasOwnProperty.call(parent, path[path.length - 1])) continue;
    const value = (parent as Record<string, unknown>)[path[path.length - 1]];
    if (path.length === 1) part[path[0]] = value;
    else ((part[path[0]] ??= {}) as Record<string, unknown>)[path[1]] = value;
  }
  return part;
}

function underProtectedPath(path: readonly (string | number)[]): boolean {
  return SPEC_PROTECTED_PATHS.some((p) => p.every((token, i) => path[i] === token));
}

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
      "protected-part",
      "open-badge",
      "open-badge-disclosed",
    ]);
  });

  for (const vector of file.vectors) {
    describe(vector.name, function () {
      it("its protected part is the members at the protected paths, JCS-encoded after the tag and hashed", function () {
        const doc = { ...vector.credential };
        delete doc.proof;
        expect(vector.protectedPart).to.deep.equal(independentProtectedPart(doc));
        expect(vector.protectedText).to.equal(canonicalize(["credanchor:protected:v1", vector.protectedPart]));
        expect(vector.protectedHash).to.equal(hex(keccak_256(new TextEncoder().encode(vector.protectedText))));
      });

      it("flattens to the listed redactable (pointer, path, value) pairs in document order", function () {
        const all = flattenCredential(vector.credential);
        const fields = all.filter((f) => !underProtectedPath(f.path));
        expect(fields).to.deep.equal(vector.fields.map(({ pointer, path, value }) => ({ pointer, path, value })));
        for (const f of vector.fields) {
          expect(f.pointer).to.equal(f.path.map((t) => "/" + escapePointerToken(String(t))).join(""));
        }
        // every protected leaf is inside P, at the same path
        for (const f of all.filter((f) => underProtectedPath(f.path))) {
          const inP = f.path.reduce<unknown>(
            (node, t) => (node as Record<string | number, unknown>)[t],
            vector.protectedPart,
          );
          expect(JSON.stringify(inP)).to.equal(JSON.stringify(f.value));
        }
      });

      it("each field's text is JCS([path, value, salt]) and its hash keccak256 of the UTF-8 bytes", function () {
        for (const f of vector.fields) {
          expect(f.encoded).to.equal(canonicalize([f.path, f.value, f.salt]));
          expect(f.fieldHash).to.equal(hex(keccak_256(new TextEncoder().encode(f.encoded))));
        }
      });

      it("the digest is keccak256 of the protected hash followed by the sorted field hashes", function () {
        const all = [...vector.fields.map((f) => f.fieldHash), ...vector.redactedHashes];
        const sorted = all.map((h) => Buffer.from(h.slice(2), "hex")).sort((a, b) => Buffer.compare(a, b));
        expect(sorted.map((b) => hex(b))).to.deep.equal(vector.sortedFieldHashes);
        const protectedHash = Buffer.from(vector.protectedHash.slice(2), "hex");
        expect(hex(keccak_256(Buffer.concat([protectedHash, ...sorted])))).to.equal(vector.digest);
      });

      if (vector.redactedHashes.length === 0 && !("proof" in vector.credential)) {
        it("prepareDigest with the vector's salts gives the same salts and digest", function () {
          let i = 0;
          const prepared = prepareDigest(vector.credential, { randomSalt: () => vectorSalt(i++) });
          expect(prepared.digest).to.equal(vector.digest);
          expect(prepared.protectedHash).to.equal(vector.protectedHash);
          expect(prepared.salts).to.deep.equal(Object.fromEntries(vector.fields.map((f) => [f.pointer, f.salt])));
        });
      } else {
        it("computeDigest of the disclosed credential gives the digest of the full one", function () {
          expect(computeDigest(vector.credential)).to.equal(vector.digest);
          expect(vector.digest).to.equal(file.vectors.find((v) => v.name === "open-badge")!.digest);
        });

        it("its proof entry is a real batch of one: root = keccak256(keccak256(abi.encode(0, digest)))", function () {
          const entry = entryOf(vector.credential as { proof: unknown });
          const coder = AbiCoder.defaultAbiCoder();
          const leaf = ethersKeccak(
            ethersKeccak(coder.encode(["uint256", "bytes32"], [entry.leafIndex, entry.digest])),
          );
          expect(entry.path).to.deep.equal([]);
          expect(entry.root).to.equal(leaf);
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

  it("the examples in docs/SPEC.md sections 2.3, 2.4 and 4 are these vectors", function () {
    const spec = fs.readFileSync(path.join(__dirname, "..", "..", "..", "docs", "SPEC.md"), "utf8");
    const byName = (n: string) => file.vectors.find((v) => v.name === n)!;
    for (const name of ["array-element", "numeric-member-name"]) {
      const [field] = byName(name).fields;
      expect(spec).to.contain(field.encoded);
      expect(spec).to.contain(field.fieldHash);
    }
    expect(spec).to.contain(`the ${Buffer.byteLength(byName("array-element").fields[0].encoded)} bytes of`);
    // 2.4: the protected-part example, in full
    const example = byName("protected-part");
    expect(example.fields.map((f) => f.pointer)).to.deep.equal(["/description"]);
    expect(spec).to.contain(`\n    ${example.protectedText}\n`);
    expect(spec).to.contain(`these ${Buffer.byteLength(example.protectedText)} bytes`);
    expect(spec).to.contain(`protectedHash = ${example.protectedHash}`);
    expect(spec).to.contain(example.fields[0].encoded);
    expect(spec).to.contain(
      `keccak256( ${example.protectedHash}\n                      ‖ ${example.fields[0].fieldHash} )`,
    );
    expect(spec).to.contain(`= ${example.digest}\n`);
    for (const [key, value] of Object.entries(example.credential)) {
      if (typeof value === "string") expect(spec).to.contain(`"${key}": "${value}"`);
    }
    // 4: the disclosed credential's proof entry, with all its salts
    const disclosed = byName("open-badge-disclosed");
    const entry = entryOf(disclosed.credential as { proof: unknown });
    for (const value of [entry.digest, entry.root, ...entry.redactedHashes]) expect(spec).to.contain(`"${value}"`);
    const salts = Object.entries(entry.salts);
    expect(spec).to.contain(`"salts": {\n${salts.map(([p, s]) => `      "${p}": "${s}"`).join(",\n")}\n    },`);
    expect(spec).to.contain(
      `${disclosed.fields.length} visible redactable fields, ${disclosed.redactedHashes.length} redacted hashes`,
    );
  });
});
