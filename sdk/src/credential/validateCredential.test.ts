import { expect } from "chai";
import { entryOf, sampleCredential, withProof } from "../../../test/fixtures/samples";
import { CredentialValidationError } from "../errors/credential";
import { CRYPTOSUITE, LEGACY_PROOF_TYPE } from "../types";
import { assertCredential, validateCredential } from "./validateCredential";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function issuesAfter(edit: (c: Json) => void, options = {}): { pointer: string; message: string }[] {
  const credential = JSON.parse(JSON.stringify(withProof(sampleCredential()))) as Json;
  edit(credential);
  return validateCredential(credential, options);
}

/** The same with the proof written as a legacy CredAnchorMerkleProof2026 entry (readable JSON members). */
function legacyIssuesAfter(edit: (c: Json) => void): { pointer: string; message: string }[] {
  return issuesAfter((c) => {
    c.proof[0] = { type: LEGACY_PROOF_TYPE, proofPurpose: "assertionMethod", ...entryOf(c as never) };
    edit(c);
  });
}

describe("validateCredential", function () {
  it("accepts the sample credential, with and without its proof", function () {
    expect(validateCredential(sampleCredential())).to.deep.equal([]);
    expect(validateCredential(withProof(sampleCredential()), { requireProof: true })).to.deep.equal([]);
  });

  it("names the pointer and the rule of each broken rule", function () {
    const cases: [(c: Json) => void, string, string][] = [
      [
        (c) => delete c.credentialSubject.achievement.name,
        "/credentialSubject/achievement/name",
        "required string is missing",
      ],
      [
        (c) => (c.credentialSubject.achievement.name = 5),
        "/credentialSubject/achievement/name",
        "must be a string, found a number",
      ],
      [(c) => (c.name = "  "), "/name", "must not be empty"],
      [
        (c) => (c["@context"] = [c["@context"][1], c["@context"][0]]),
        "/@context/0",
        'must be "https://www.w3.org/ns/credentials/v2"',
      ],
      [(c) => (c.type = ["VerifiableCredential"]), "/type", 'must include "OpenBadgeCredential"'],
      [(c) => (c.id = "not a uri"), "/id", "must be an absolute URI (e.g. https://..., did:..., urn:uuid:...)"],
      [(c) => delete c.issuer.name, "/issuer/name", "required string is missing"],
      [(c) => (c.issuer.type = "Profile"), "/issuer/type", 'must be an array of strings that includes "Profile"'],
      [(c) => delete c.issuer.type, "/issuer/type", 'required type is missing (must include "Profile")'],
      [
        (c) => (c.validFrom = "2026-02-30T00:00:00Z"),
        "/validFrom",
        "must be an ISO 8601 date-time with seconds and offset, e.g. 2026-03-01T00:00:00Z",
      ],
      [
        (c) => (c.validFrom = "2026-03-01"),
        "/validFrom",
        "must be an ISO 8601 date-time with seconds and offset, e.g. 2026-03-01T00:00:00Z",
      ],
      [(c) => (c.validUntil = "2020-01-01T00:00:00Z"), "/validUntil", "must be later than validFrom"],
      [
        (c) => (c.credentialSubject = [c.credentialSubject]),
        "/credentialSubject",
        "must be a single AchievementSubject object, not an array",
      ],
      [(c) => (c.credentialSubject.type = ["Subject"]), "/credentialSubject/type", 'must include "AchievementSubject"'],
      [
        (c) => (c.credentialSubject.achievement.criteria = {}),
        "/credentialSubject/achievement/criteria",
        "must have an id (URL) or a narrative",
      ],
      [
        (c) => (c.credentialSubject.achievement.alignment[1].targetUrl = "x"),
        "/credentialSubject/achievement/alignment/1/targetUrl",
        "must be an absolute URI (e.g. https://..., did:..., urn:uuid:...)",
      ],
      [
        (c) => (c.credentialSubject.identifier[0].identityHash = "sha256$ABC"),
        "/credentialSubject/identifier/0/identityHash",
        'a hashed identity must be "sha256$" followed by 64 lower-case hex digits',
      ],
      [
        (c) => (c.credentialSubject.identifier[0].hashed = "yes"),
        "/credentialSubject/identifier/0/hashed",
        "required boolean is missing or not a boolean",
      ],
      [(c) => (c.credentialSubject.identifier = []), "/credentialSubject/identifier", "must not be an empty array"],
      [
        (c) => (c.credentialSubject.result[0].value = 91),
        "/credentialSubject/result/0/value",
        "must be a string, found a number",
      ],
      [(c) => (c.evidence = {}), "/evidence", "must be an array, found an object"],
      [
        (c) => (c.credentialSubject.achievement.image = { id: "https://x.example/i.png" }),
        "/credentialSubject/achievement/image/type",
        'must be "Image"',
      ],
    ];
    for (const [edit, pointer, message] of cases) {
      expect(issuesAfter(edit), pointer).to.deep.include({ pointer, message });
    }
  });

  it("checks a legacy proof entry's shape: hex formats and lengths, index, path, salts, redactedHashes, anchor", function () {
    const p = "/proof/0";
    const cases: [(e: Json) => void, string, string][] = [
      [(e) => (e.digest = "0x1234"), `${p}/digest`, "must be 32 bytes of lower-case 0x-prefixed hex"],
      [(e) => (e.root = e.root.toUpperCase()), `${p}/root`, "must be 32 bytes of lower-case 0x-prefixed hex"],
      [(e) => (e.leafIndex = -1), `${p}/leafIndex`, "must be a non-negative safe integer"],
      [(e) => (e.leafIndex = 2 ** 53), `${p}/leafIndex`, "must be a non-negative safe integer"],
      [(e) => (e.leafIndex = 1.5), `${p}/leafIndex`, "must be a non-negative safe integer"],
      [(e) => (e.path = ["0x" + "00".repeat(31)]), `${p}/path/0`, "must be 32 bytes of lower-case 0x-prefixed hex"],
      [(e) => (e.path = Array(65).fill("0x" + "00".repeat(32))), `${p}/path`, "must hold at most 64 hashes"],
      [
        (e) => (e.salts["/name"] = "0x" + "00".repeat(17)),
        `${p}/salts/~1name`,
        "must be 16 bytes of lower-case 0x-prefixed hex",
      ],
      [
        (e) => (e.salts["name"] = "0x" + "00".repeat(16)),
        `${p}/salts/name`,
        "key must be an RFC 6901 JSON pointer starting with /",
      ],
      [
        (e) => (e.redactedHashes = ["0x" + "22".repeat(32), "0x" + "11".repeat(32)]),
        `${p}/redactedHashes/1`,
        "must be in strictly ascending order (sorted, no duplicates)",
      ],
      [
        (e) => (e.redactedHashes = ["0x" + "11".repeat(32), "0x" + "11".repeat(32)]),
        `${p}/redactedHashes/1`,
        "must be in strictly ascending order (sorted, no duplicates)",
      ],
      [(e) => (e.proofPurpose = "authentication"), `${p}/proofPurpose`, 'must be "assertionMethod"'],
      [(e) => (e.created = "yesterday"), `${p}/created`, "must be an ISO 8601 date-time, e.g. 2026-03-01T12:00:00Z"],
      [(e) => (e.extra = 1), `${p}/extra`, "is not a member of the proof entry"],
      [
        (e) =>
          (e.anchor = {
            chain: "eip155:0x1",
            registry: "0x" + "ab".repeat(20),
            transactionHash: "0x" + "00".repeat(32),
            blockNumber: 5,
            anchoredAt: "2026-03-01T10:00:00Z",
          }),
        `${p}/anchor/chain`,
        'must be a CAIP-2 EVM chain id "eip155:<chain id>"',
      ],
      [
        (e) =>
          (e.anchor = {
            chain: "eip155:31337",
            registry: "0x" + "ab".repeat(19),
            transactionHash: "0x" + "00".repeat(32),
            blockNumber: 5,
            anchoredAt: "2026-03-01T10:00:00Z",
          }),
        `${p}/anchor/registry`,
        "must be a 20-byte 0x-prefixed hex address (lower case or valid EIP-55 checksum)",
      ],
      // wrong EIP-55 checksum (correct one is 0x5FbDB2315678afecb367f032d93F642f64180aa3)
      [
        (e) =>
          (e.anchor = {
            chain: "eip155:31337",
            registry: "0x5FbDB2315678afecb367f032d93F642f64180aA3",
            transactionHash: "0x" + "00".repeat(32),
            blockNumber: 5,
            anchoredAt: "2026-03-01T10:00:00Z",
          }),
        `${p}/anchor/registry`,
        "must be a 20-byte 0x-prefixed hex address (lower case or valid EIP-55 checksum)",
      ],
      [
        (e) =>
          (e.anchor = {
            chain: "eip155:31337",
            registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
            transactionHash: "0x" + "00".repeat(32),
            blockNumber: -1,
            anchoredAt: "2026-03-01T10:00:00Z",
          }),
        `${p}/anchor/blockNumber`,
        "must be a non-negative safe integer",
      ],
    ];
    for (const [edit, pointer, message] of cases) {
      expect(
        legacyIssuesAfter((c) => edit(c.proof[0])),
        pointer,
      ).to.deep.include({ pointer, message });
    }
  });

  it("accepts a well-formed legacy anchor record with an EIP-55 address", function () {
    const issues = legacyIssuesAfter((c) => {
      c.proof[0].anchor = {
        chain: "eip155:11155111",
        registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        transactionHash: "0x" + "0f".repeat(32),
        blockNumber: 123,
        anchoredAt: "2026-03-01T10:00:00Z",
      };
    });
    expect(issues).to.deep.equal([]);
  });

  it("refuses two credanchor proof entries and requires one when asked", function () {
    expect(issuesAfter((c) => c.proof.push({ ...c.proof[0] }))).to.deep.include({
      pointer: "/proof/1",
      message: "only one credanchor proof entry is allowed",
    });
    expect(validateCredential(sampleCredential(), { requireProof: true })).to.deep.include({
      pointer: "/proof",
      message: `required credanchor proof entry (cryptosuite "${CRYPTOSUITE}") is missing`,
    });
  });

  it("reports values that JSON cannot hold", function () {
    const credential = { ...sampleCredential(), extra: NaN };
    expect(validateCredential(credential)).to.deep.include({
      pointer: "/extra",
      message: "number NaN is not valid JSON",
    });
  });

  it("assertCredential throws a CredentialValidationError naming the file, pointer and rule", function () {
    const credential = JSON.parse(JSON.stringify(sampleCredential())) as Json;
    delete credential.credentialSubject.achievement.name;
    try {
      assertCredential(credential, { file: "alice.json" });
      expect.fail("no error");
    } catch (error) {
      expect(error).to.be.instanceOf(CredentialValidationError);
      const e = error as CredentialValidationError;
      expect(e.code).to.equal("CREDENTIAL_INVALID");
      expect(e.location).to.deep.equal({ file: "alice.json", pointer: "/credentialSubject/achievement/name" });
      expect(e.issues).to.deep.equal([
        { pointer: "/credentialSubject/achievement/name", message: "required string is missing" },
      ]);
      expect(e.message).to.contain(
        "alice.json at /credentialSubject/achievement/name: invalid credential: required string is missing",
      );
    }
    expect(() => assertCredential(entryOf(withProof(sampleCredential())))).to.throw(CredentialValidationError);
  });
});
