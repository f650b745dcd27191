import { expect } from "chai";
import fc from "fast-check";
import { isHexOfLength } from "../canonical/hex";
import { editEntry, entryOf, sampleCredential, withProof } from "../../../test/fixtures/samples";
import { ProofEntryError } from "../errors/credential";
import { LEGACY_PROOF_TYPE, type CredAnchorProof, type Hex } from "../types";
import { attachProof } from "./attachProof";
import { findProofEntry } from "./findProofEntry";
import { decodeProofValue, encodeProofValue } from "./proofValue";
import { validateProofEntry } from "./validateProofEntry";

const ENTRY: CredAnchorProof = {
  created: "2026-03-01T09:30:00Z",
  digest: ("0x" + "11".repeat(32)) as Hex,
  root: ("0x" + "22".repeat(32)) as Hex,
  leafIndex: 3,
  path: [("0x" + "33".repeat(32)) as Hex],
  salts: { "/name": ("0x" + "44".repeat(16)) as Hex },
  redactedHashes: [],
};
const ANCHOR = {
  chain: "eip155:31337" as const,
  registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const,
  transactionHash: ("0x" + "55".repeat(32)) as Hex,
  blockNumber: 2,
  anchoredAt: "2026-03-01T09:31:00Z",
};
const SIGNATURE = { type: "DataIntegrityProof", cryptosuite: "eddsa-rdfc-2022", proofValue: "z58..." };

/** proofValue text of raw CBOR bytes given as hex. */
const pv = (hex: string) => "u" + Buffer.from(hex, "hex").toString("base64url");
/** The CBOR of ENTRY's data, as hex. */
const entryHex = () => Buffer.from(encodeProofValue(ENTRY).slice(1), "base64url").toString("hex");

describe("attachProof and findProofEntry", function () {
  it("writes a DataIntegrityProof with only the five members and decodes it back", function () {
    const unsigned = sampleCredential();
    const before = JSON.stringify(unsigned);
    const signed = attachProof(unsigned, ENTRY);
    expect(JSON.stringify(unsigned)).to.equal(before);
    expect(signed.proof).to.have.length(1);
    const entry = signed.proof[0] as Record<string, unknown>;
    expect(Object.keys(entry)).to.deep.equal(["type", "cryptosuite", "created", "proofPurpose", "proofValue"]);
    expect(entry).to.include({
      type: "DataIntegrityProof",
      cryptosuite: "credanchor-merkle-2026",
      created: ENTRY.created,
      proofPurpose: "assertionMethod",
    });
    expect(entry.proofValue).to.match(/^u[A-Za-z0-9_-]+$/);
    expect(Object.keys(signed).at(-1)).to.equal("proof");
    expect(findProofEntry(signed)).to.deep.equal(ENTRY);
  });

  it("keeps other proofs first, replaces an earlier credanchor entry, and names the registry once anchored", function () {
    const first = attachProof({ ...sampleCredential(), proof: SIGNATURE }, ENTRY);
    expect(first.proof[0]).to.deep.equal(SIGNATURE);
    const second = attachProof(first, { ...ENTRY, anchor: ANCHOR });
    expect(second.proof).to.have.length(2);
    expect(second.proof[0]).to.deep.equal(SIGNATURE);
    expect(second.proof[1]).to.have.property("verificationMethod", `did:pkh:eip155:31337:${ANCHOR.registry}`);
    expect(findProofEntry(second)).to.deep.equal({ ...ENTRY, anchor: ANCHOR });
    // a lower-case registry comes back in EIP-55 case (the bytes are the same)
    const lower = attachProof(first, {
      ...ENTRY,
      anchor: { ...ANCHOR, registry: ANCHOR.registry.toLowerCase() as Hex },
    });
    expect(findProofEntry(lower).anchor?.registry).to.equal(ANCHOR.registry);
  });

  it("refuses to attach malformed or unencodable data", function () {
    expect(() => attachProof(sampleCredential(), { ...ENTRY, leafIndex: -1 }))
      .to.throw(ProofEntryError, /must be a non-negative safe integer/)
      .with.nested.property("location.pointer", "/proof/leafIndex");
    expect(() =>
      attachProof(sampleCredential(), { ...ENTRY, anchor: { ...ANCHOR, anchoredAt: "2026-03-01T09:31:00.5Z" } }),
    ).to.throw(ProofEntryError, /not a whole second/);
  });

  it("reads a legacy CredAnchorMerkleProof2026 entry, and attachProof rewrites it in the new format", function () {
    const legacy = { type: LEGACY_PROOF_TYPE, proofPurpose: "assertionMethod", ...ENTRY, anchor: ANCHOR };
    const credential = { ...sampleCredential(), proof: [SIGNATURE, legacy] };
    expect(validateProofEntry(legacy, "/proof/1")).to.deep.equal([]);
    expect(findProofEntry(credential)).to.deep.equal({ ...ENTRY, anchor: ANCHOR });
    const rewritten = attachProof(credential, findProofEntry(credential));
    expect(rewritten.proof).to.have.length(2);
    expect(rewritten.proof[1]).to.have.property("cryptosuite", "credanchor-merkle-2026");
    expect(findProofEntry(rewritten)).to.deep.equal({ ...ENTRY, anchor: ANCHOR });
  });

  it("finds a single entry given as an object", function () {
    const entry = attachProof(sampleCredential(), ENTRY).proof[0];
    expect(findProofEntry({ proof: entry })).to.deep.equal(ENTRY);
  });

  it("explains a missing proof, a missing credanchor entry and two entries", function () {
    const entry = attachProof(sampleCredential(), ENTRY).proof[0];
    expect(() => findProofEntry(sampleCredential()))
      .to.throw(ProofEntryError, /has no proof/)
      .with.nested.property("location.pointer", "/proof");
    expect(() => findProofEntry({ proof: [SIGNATURE] })).to.throw(ProofEntryError, /no proof entry of credanchor/);
    expect(() => findProofEntry({ proof: [entry, entry] }))
      .to.throw(ProofEntryError, /2 proof entries of credanchor/)
      .with.nested.property("location.pointer", "/proof/1");
    expect(() => findProofEntry(null)).to.throw(ProofEntryError, /must be a JSON object/);
  });

  it("explains a malformed entry with its pointer", function () {
    const signed = withProof(sampleCredential());
    const last = signed.proof.length - 1;
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ proofPurpose: "authentication" }, `/proof/${last}/proofPurpose`, /must be "assertionMethod"/],
      [{ type: "Ed25519Signature2020" }, `/proof/${last}/type`, /must be "DataIntegrityProof"/],
      [{ digest: "0x" + "11".repeat(32) }, `/proof/${last}/digest`, /not a member of the proof entry/],
      [
        { verificationMethod: "did:pkh:eip155:1:0x0000000000000000000000000000000000000001" },
        `/proof/${last}/verificationMethod`,
        /must be absent until the batch is anchored/,
      ],
      [{ created: "yesterday" }, `/proof/${last}/created`, /ISO 8601/],
    ];
    for (const [change, pointer, message] of cases) {
      const broken = { ...signed, proof: [{ ...signed.proof[last], ...change }] };
      expect(() => findProofEntry(broken), pointer)
        .to.throw(ProofEntryError, message)
        .with.nested.property("location.pointer", pointer.replace(`/proof/${last}`, "/proof/0"));
    }
  });

  it("requires the verificationMethod of the anchored registry", function () {
    const anchored = attachProof(sampleCredential(), { ...ENTRY, anchor: ANCHOR });
    for (const vm of [
      undefined,
      `did:pkh:eip155:1:${ANCHOR.registry}`,
      `did:pkh:eip155:31337:${ANCHOR.registry.toLowerCase()}`,
    ]) {
      const broken = { ...anchored, proof: [{ ...anchored.proof[0], verificationMethod: vm }] };
      expect(() => findProofEntry(broken), String(vm))
        .to.throw(ProofEntryError, /must be "did:pkh:eip155:31337:0x5FbDB2315678afecb367f032d93F642f64180aa3"/)
        .with.nested.property("location.pointer", "/proof/0/verificationMethod");
    }
  });

  it("checks the decoded data: path length, pointer keys, order of redacted hashes", function () {
    const signed = withProof(sampleCredential());
    const unsorted = structuredClone(signed);
    editEntry(unsorted, (e) => (e.redactedHashes = [("0x" + "99".repeat(32)) as Hex, ("0x" + "88".repeat(32)) as Hex]));
    expect(() => findProofEntry(unsorted))
      .to.throw(ProofEntryError, /decoded redactedHashes\/1 must be in strictly ascending order/)
      .with.property("code", "PROOF_VALUE_CONTENT");
    const badKey = structuredClone(signed);
    editEntry(badKey, (e) => (e.salts["name"] = ("0x" + "00".repeat(16)) as Hex));
    expect(() => findProofEntry(badKey)).to.throw(ProofEntryError, /key must be an RFC 6901 JSON pointer/);
    const longPath = structuredClone(signed);
    editEntry(longPath, (e) => (e.path = Array.from({ length: 65 }, () => ("0x" + "77".repeat(32)) as Hex)));
    expect(() => findProofEntry(longPath)).to.throw(ProofEntryError, /at most 64 hashes/);
  });
});

describe("proofValue: strict decoding", function () {
  const anchoredCbor = () =>
    Buffer.from(encodeProofValue({ ...ENTRY, anchor: ANCHOR }).slice(1), "base64url").toString("hex");

  it("is the documented CBOR array (SPEC 4.3), byte for byte", function () {
    expect(entryHex()).to.equal(
      "88" +
        "01" +
        "5820" +
        "11".repeat(32) +
        "5820" +
        "22".repeat(32) +
        "03" +
        "81" +
        "5820" +
        "33".repeat(32) +
        "a1" +
        "652f6e616d65" +
        "50" +
        "44".repeat(16) +
        "80" +
        "f6",
    );
    // anchor: [31337, registry, tx, 2, 1772357460]
    expect(anchoredCbor().slice(-130)).to.equal(
      "85" +
        "197a69" +
        "54" +
        ANCHOR.registry.slice(2).toLowerCase() +
        "5820" +
        "55".repeat(32) +
        "02" +
        "1a" +
        (Date.parse(ANCHOR.anchoredAt) / 1000).toString(16),
    );
  });

  it("agrees with an independent CBOR decoder (the cbor package), when installed", function () {
    let cbor: { decodeFirstSync(input: Buffer): unknown } | undefined;
    try {
      cbor = require("cbor"); // eslint-disable-line @typescript-eslint/no-require-imports
    } catch {
      this.skip();
    }
    const decoded = cbor!.decodeFirstSync(Buffer.from(anchoredCbor(), "hex")) as unknown[];
    expect(decoded[0]).to.equal(1);
    expect((decoded[1] as Buffer).toString("hex")).to.equal("11".repeat(32));
    expect(decoded[3]).to.equal(3);
    const salts = decoded[5] as Map<string, Buffer> | Record<string, Buffer>;
    const salt = salts instanceof Map ? salts.get("/name") : salts["/name"];
    expect(salt!.toString("hex")).to.equal("44".repeat(16));
    expect((decoded[7] as unknown[])[0]).to.equal(31337);
    expect((decoded[7] as unknown[])[4]).to.equal(Date.parse(ANCHOR.anchoredAt) / 1000);
  });

  it("sorts salt keys bytewise by their encoding (shorter keys first), and refuses another order", function () {
    const data = {
      ...ENTRY,
      salts: { "/bb": ENTRY.salts["/name"], "/c": ENTRY.salts["/name"], "/a": ENTRY.salts["/name"] },
    };
    const hex = Buffer.from(encodeProofValue(data).slice(1), "base64url").toString("hex");
    const a = "622f61",
      c = "622f63",
      bb = "632f6262";
    expect(hex.indexOf(a)).to.be.lessThan(hex.indexOf(c));
    expect(hex.indexOf(c)).to.be.lessThan(hex.indexOf(bb));
    const swapped = hex.replace(a, "TMP").replace(c, a).replace("TMP", c);
    expect(() => decodeProofValue(pv(swapped)))
      .to.throw(/out of order/)
      .with.property("code", "PROOF_VALUE_NON_CANONICAL");
    const duplicate = hex.replace(c, a);
    expect(() => decodeProofValue(pv(duplicate)))
      .to.throw(/duplicate map key/)
      .with.property("code", "PROOF_VALUE_CBOR");
  });

  const cases: [string, () => unknown, string, RegExp][] = [
    ["not a string", () => 42, "PROOF_VALUE_MULTIBASE", /must be a string/],
    ["base58 prefix z", () => "z" + encodeProofValue(ENTRY).slice(1), "PROOF_VALUE_MULTIBASE", /multibase prefix "u"/],
    ["padding", () => encodeProofValue(ENTRY) + "=", "PROOF_VALUE_MULTIBASE", /not in the base64url alphabet/],
    [
      "standard base64 alphabet",
      () => encodeProofValue(ENTRY).replace(/[-_]/g, "+") + (/[-_]/.test(encodeProofValue(ENTRY)) ? "" : "+"),
      "PROOF_VALUE_MULTIBASE",
      /alphabet/,
    ],
    [
      "impossible length",
      () => encodeProofValue(ENTRY) + "A".repeat(((4 - ((encodeProofValue(ENTRY).length - 1) % 4)) % 4) + 1),
      "PROOF_VALUE_MULTIBASE",
      /length|unused bits/,
    ],
    ["unused bits set", () => "u" + "AB", "PROOF_VALUE_MULTIBASE", /unused bits/],
    ["truncated", () => pv(entryHex().slice(0, -10)), "PROOF_VALUE_CBOR", /truncated/],
    ["trailing bytes", () => pv(entryHex() + "00"), "PROOF_VALUE_TRAILING_BYTES", /1 byte\(s\) after its CBOR value/],
    [
      "version 2",
      () => pv("8802" + entryHex().slice(4)),
      "PROOF_VALUE_VERSION",
      /version 2; this reader knows version 1/,
    ],
    ["empty array", () => pv("80"), "PROOF_VALUE_VERSION", /version \(none\)/],
    ["not an array", () => pv("a0"), "PROOF_VALUE_CONTENT", /must hold a CBOR array/],
    ["seven elements", () => pv("87" + entryHex().slice(2, -2)), "PROOF_VALUE_CONTENT", /array of 8 elements, not 7/],
    [
      "long head for leafIndex",
      () => pv(entryHex().replace("5820" + "22".repeat(32) + "03", "5820" + "22".repeat(32) + "1803")),
      "PROOF_VALUE_NON_CANONICAL",
      /not encoded in its shortest form/,
    ],
    [
      "long head for a byte string",
      () => pv("8801" + "580020".slice(0, 0) + "59" + "0020" + entryHex().slice(8)),
      "PROOF_VALUE_NON_CANONICAL",
      /shortest form/,
    ],
    [
      "indefinite-length array",
      () => pv("9f" + entryHex().slice(2) + "ff"),
      "PROOF_VALUE_NON_CANONICAL",
      /indefinite length/,
    ],
    ["a tag", () => pv("c1" + entryHex()), "PROOF_VALUE_CBOR", /a tag is not used/],
    ["a float version", () => pv("88" + "f93c00" + entryHex().slice(4)), "PROOF_VALUE_CBOR", /a float/],
    [
      "a negative leafIndex",
      () => pv(entryHex().replace("5820" + "22".repeat(32) + "03", "5820" + "22".repeat(32) + "20")),
      "PROOF_VALUE_CBOR",
      /negative integer/,
    ],
    [
      "a 31-byte digest",
      () => pv("8801" + "581f" + "11".repeat(31) + entryHex().slice(8 + 64)),
      "PROOF_VALUE_CONTENT",
      /element 1 \(digest\) must be 32 bytes, not 31/,
    ],
    [
      "a text digest",
      () => pv("8801" + "7820" + "61".repeat(32) + entryHex().slice(8 + 64)),
      "PROOF_VALUE_CONTENT",
      /digest\) must be a byte string/,
    ],
    [
      "a 15-byte salt",
      () => pv(entryHex().replace("50" + "44".repeat(16), "4f" + "44".repeat(15))),
      "PROOF_VALUE_CONTENT",
      /salt of "\/name" must be 16 bytes/,
    ],
    [
      "invalid UTF-8 in a key",
      () => pv(entryHex().replace("652f6e616d65", "652f6eff6d65")),
      "PROOF_VALUE_CBOR",
      /not valid UTF-8/,
    ],
    [
      "a non-text map key",
      () => pv(entryHex().replace("652f6e616d65", "05")),
      "PROOF_VALUE_CBOR",
      /map key is not a text string/,
    ],
    ["anchor false", () => pv(entryHex().slice(0, -2) + "f4"), "PROOF_VALUE_CBOR", /a boolean/],
    [
      "anchor with 4 elements",
      () => pv(entryHex().slice(0, -2) + "84" + "01" + "54" + "00".repeat(20) + "5820" + "00".repeat(32) + "01"),
      "PROOF_VALUE_CONTENT",
      /anchor\) must be null or an array of 5 elements, not 4/,
    ],
    [
      "chain id 0",
      () => pv(entryHex().slice(0, -2) + "85" + "00" + "54" + "00".repeat(20) + "5820" + "00".repeat(32) + "01" + "01"),
      "PROOF_VALUE_CONTENT",
      /chainId\) must be at least 1/,
    ],
  ];
  for (const [name, make, code, message] of cases) {
    it(`refuses ${name} with ${code}`, function () {
      expect(() => decodeProofValue(make()))
        .to.throw(message)
        .with.property("code", code);
    });
  }

  it("reports the code through findProofEntry and validateProofEntry, at the proofValue's pointer", function () {
    const signed = withProof(sampleCredential());
    const broken = { ...signed, proof: [{ ...signed.proof[0], proofValue: pv(entryHex() + "00") }] };
    expect(() => findProofEntry(broken))
      .to.throw(ProofEntryError, /after its CBOR value/)
      .with.property("code", "PROOF_VALUE_TRAILING_BYTES");
    expect(validateProofEntry(broken.proof[0], "/proof/0")).to.deep.equal([
      {
        pointer: "/proof/0/proofValue",
        message: "proofValue has 1 byte(s) after its CBOR value (from byte 132)",
        code: "PROOF_VALUE_TRAILING_BYTES",
      },
    ]);
    expect(entryOf(signed).leafIndex).to.equal(0);
  });
});

describe("proofValue: what validateProofEntry relies on", function () {
  it("every hash and salt decoded is lower-case 0x hex of exactly 32 or 16 bytes (their digits are not read again)", function () {
    const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes).toString("hex")}` as Hex;
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 20 }),
        fc.dictionary(
          fc.string().map((s) => `/${s.replace(/~/g, "~0")}`),
          fc.uint8Array({ minLength: 16, maxLength: 16 }),
          { maxKeys: 10 },
        ),
        (digest, path, salts) => {
          const data = decodeProofValue(
            encodeProofValue({
              digest: hex(digest),
              root: hex(path[0] ?? digest),
              leafIndex: path.length,
              path: path.map(hex),
              salts: Object.fromEntries(Object.entries(salts).map(([k, v]) => [k, hex(v)])),
              redactedHashes: path.map(hex).sort(),
            }),
          );
          for (const value of [data.digest, data.root, ...data.path, ...data.redactedHashes]) {
            expect(isHexOfLength(value, 32), value).to.equal(true);
          }
          for (const value of Object.values(data.salts)) expect(isHexOfLength(value, 16), value).to.equal(true);
        },
      ),
      { numRuns: 50 },
    );
  });
});
