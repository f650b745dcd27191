/**
 * docs/SPEC.md and the code say the same thing (issue 12): every check code has its row in the codes
 * table (SPEC 7.3) with the same check and status, and the cases where a verifier written from the SPEC
 * alone disagreed with the SDK (D1-D5, and which format failures are "not a credential") behave as the
 * SPEC now says.
 */
import { expect } from "chai";
import fs from "node:fs";
import { editEntry, entryOf, sampleCredential, withProof } from "../../fixtures/samples";
import { LEGACY_PROOF_TYPE } from "../../../sdk/src/types";
import { discloseCredential, redactablePointers } from "../../../sdk/src/canonical/discloseCredential";
import {
  JSON_RULE_ERROR_CODE,
  MAX_JSON_TEXT_LENGTH,
  parseCredentialJson,
} from "../../../sdk/src/credential/parseCredentialJson";
import { BaseError } from "../../../sdk/src/errors/base";
import { DisclosureError } from "../../../sdk/src/errors/credential";
import { MAX_WORDS_PER_READ, STATUS_WORDS_READER } from "../../../sdk/src/chain/statusWordReads";
import { initKeccak } from "../../../sdk/src/hash/keccak";
import { CHECK_CODES, type CheckCode } from "../../../sdk/src/verify/codes";
import { NOT_A_CREDENTIAL_CODES } from "../../../sdk/src/verify/notACredential";
import type { CheckResult, VerificationResult } from "../../../sdk/src/verify/types";
import { verifyCredential } from "../../../sdk/src/verify/verifyCredential";
import { repoPath } from "../../helpers/repoRoot";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SPEC = fs.readFileSync(repoPath("docs", "SPEC.md"), "utf8");

/** The text of SPEC section `heading` (e.g. "### 7.3 Codes") up to the next heading of its level or above. */
function section(heading: string): string {
  const start = SPEC.indexOf(`\n${heading}\n`);
  expect(start, `SPEC has no section "${heading}"`).to.be.greaterThan(-1);
  const level = heading.indexOf(" ");
  const rest = SPEC.slice(start + heading.length + 2);
  const next = rest.search(new RegExp(`\\n#{1,${level}} `));
  return next < 0 ? rest : rest.slice(0, next);
}

/** Rows of the codes table: code → { check, status }. */
function codeRows(): Map<string, { check: string; status: string }> {
  const rows = new Map<string, { check: string; status: string }>();
  for (const line of section("### 7.3 Codes").split("\n")) {
    const match = /^\| `([A-Z0-9_*]+)` \| ([^|]+) \| ([^|]+) \|/.exec(line);
    if (match) rows.set(match[1], { check: match[2].trim(), status: match[3].trim() });
  }
  return rows;
}

const NOW = "2027-01-01T00:00:00Z";
const ANCHOR = {
  chain: "eip155:31337",
  registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  transactionHash: `0x${"3f".repeat(32)}`,
  blockNumber: 2,
  anchoredAt: "2026-03-01T09:31:12Z",
};

/** A credential with its proof entry, changed by `edit` before it is digested (so it is intact). */
function signed(edit: (c: Json) => void = () => {}): Json {
  const credential = JSON.parse(JSON.stringify(sampleCredential())) as Json;
  edit(credential);
  return withProof(credential) as Json;
}

/** `credential`'s credanchor entry written as a legacy CredAnchorMerkleProof2026 entry (readable JSON). */
function legacyEntry(credential: Json): Json {
  return { type: LEGACY_PROOF_TYPE, proofPurpose: "assertionMethod", ...entryOf(credential as never) };
}

function entry(credential: Json): Json {
  return (credential.proof as Json[]).at(-1)!;
}

async function format(input: unknown): Promise<{ result: VerificationResult; format: CheckResult }> {
  const result = await verifyCredential(input, { now: NOW, file: "x.json" });
  return { result, format: result.checks[0] };
}

function parseFailure(text: string): BaseError {
  try {
    parseCredentialJson(text);
  } catch (error) {
    expect(error).to.be.instanceOf(BaseError);
    return error as BaseError;
  }
  return expect.fail(`parsed: ${text.slice(0, 60)}`);
}

describe("SPEC and code agree", function () {
  before(() => initKeccak());

  describe("the status word read (SPEC 7.5)", function () {
    it("gives the reader code the SDK sends, byte for byte, and its most pairs per read", function () {
      const reading = section("### 7.5 Reading the chain").replace(/\s+/g, " ");
      const codes = reading.match(/\b0x[0-9a-f]{64,}\b/g) ?? [];
      expect(codes, "SPEC 7.5's reader code").to.deep.equal([`0x${STATUS_WORDS_READER}`]);
      expect(STATUS_WORDS_READER.length / 2, "the reader's length in bytes").to.equal(104);
      expect(reading).to.include("104-byte reader code");
      expect(reading).to.include(`at most ${MAX_WORDS_PER_READ} (root, word) pairs`);
    });
  });

  describe("the codes table (SPEC 7.3)", function () {
    it("has a row for every code of sdk/src/verify/codes.ts, with the same check and status", function () {
      const rows = codeRows();
      for (const [code, info] of Object.entries(CHECK_CODES)) {
        const row = rows.get(code);
        expect(row, `SPEC 7.3 has no row for ${code}`).to.not.equal(undefined);
        expect(row!.status, code).to.equal(info.status);
        if (info.check === "any") expect(row!.check, code).to.match(/^any/);
        else expect(row!.check, code).to.equal(info.check);
      }
    });

    it("lists no code the SDK does not have (IDENTITY_* stands for the identity resolver's codes)", function () {
      for (const code of codeRows().keys()) {
        if (code === "IDENTITY_*") continue;
        expect(Object.hasOwn(CHECK_CODES, code), `SPEC 7.3 lists ${code}, codes.ts does not`).to.equal(true);
      }
    });

    it('NOT_A_CREDENTIAL_CODES are exactly the rows whose meaning starts "not a credential", all status error', function () {
      const spec = [
        ...section("### 7.3 Codes").matchAll(/^\| `([A-Z_]+)` \| [^|]+ \| error \| not a credential/gm),
      ].map((m) => m[1]);
      expect([...NOT_A_CREDENTIAL_CODES].sort()).to.deep.equal(spec.sort());
      for (const code of NOT_A_CREDENTIAL_CODES) expect(CHECK_CODES[code].status, code).to.equal("error");
    });
  });

  describe("verdicts (SPEC 7.2): not a credential is error, a broken credential is invalid", function () {
    it("JSON with a credanchor proof entry that breaks a rule of 1.1 (duplicate name) is invalid", async function () {
      const text = JSON.stringify(signed(), null, 2).replace('"name": "', '"name": "Eve",\n    "name": "');
      const { result, format: check } = await format(text);
      expect(result.status).to.equal("invalid");
      expect(check).to.deep.include({ status: "failed", code: "FORMAT_INVALID_CREDENTIAL" });
      expect(check.message).to.include("duplicate member name");
    });

    it("upper-case hex in the proof entry is invalid (FORMAT_PROOF_INVALID, _VALUE_MULTIBASE), naming the pointer", async function () {
      // The legacy entry (readable JSON members, still read): an upper-case digest.
      const legacy = signed();
      (legacy.proof as Json[])[(legacy.proof as Json[]).length - 1] = legacyEntry(legacy);
      entry(legacy).digest = entry(legacy).digest.toUpperCase().replace("0X", "0x");
      // The entry credanchor writes: hashes are CBOR bytes, so the upper-case spelling is the multibase
      // prefix "U" (base64url with padding) instead of "u".
      const current = signed();
      entry(current).proofValue = `U${entry(current).proofValue.slice(1)}`;
      for (const [credential, pointer, code] of [
        [legacy, /\/proof\/\d+\/digest/, "FORMAT_PROOF_INVALID"],
        [current, /\/proof\/\d+\/proofValue/, "FORMAT_PROOF_VALUE_MULTIBASE"],
      ] as const) {
        const { result, format: check } = await format(JSON.stringify(credential));
        expect(result.status).to.equal("invalid");
        expect(check).to.deep.include({ status: "failed", code });
        expect(check.message).to.match(pointer);
      }
    });

    it("not JSON, JSON without a credanchor entry, a duplicate name without one: error, a NOT_A_CREDENTIAL code", async function () {
      const unsigned = JSON.stringify(sampleCredential());
      for (const [text, code] of [
        ["not json", "FORMAT_INVALID_JSON"],
        [unsigned, "FORMAT_PROOF_MISSING"],
        ['{"proof": {"type": "DataIntegrityProof"}}', "FORMAT_PROOF_MISSING"],
        ["[1]", "FORMAT_PROOF_MISSING"],
        ['{"a": 1, "a": 2}', "FORMAT_INVALID_JSON"],
        [" ".repeat(MAX_JSON_TEXT_LENGTH + 1), "FORMAT_TOO_LARGE"],
      ] as const) {
        const { result, format: check } = await format(text);
        expect(result.status, code).to.equal("error");
        expect(check, code).to.deep.include({ status: "error", code });
        expect(NOT_A_CREDENTIAL_CODES.has(check.code as CheckCode), code).to.equal(true);
        expect(result.checks.slice(1).every((c) => c.status === "skipped")).to.equal(true);
      }
    });
  });

  describe("D1: numbers a double cannot hold exactly, and the 10 MiB limit (SPEC 1.1)", function () {
    it("SPEC 1.1 states both rules with these examples", function () {
      const rules = section("### 1.1 JSON input");
      for (const text of ["9007199254740993", "12.500000000000000001", "1e-400", "1e400", "`1.25e1`", "10 MiB"]) {
        expect(rules, text).to.include(text);
      }
      expect(MAX_JSON_TEXT_LENGTH).to.equal(10 * 1024 * 1024);
    });

    it("refuses the SPEC's inexact literals as a rule of 1.1, accepts its exact spellings of 12.5", function () {
      for (const literal of ["9007199254740993", "12.500000000000000001", "1e-400", "1e400", "-1e400"]) {
        const error = parseFailure(`{"n": ${literal}}`);
        expect(error.code, literal).to.equal(JSON_RULE_ERROR_CODE);
        expect(error.location?.pointer, literal).to.equal("/n");
      }
      for (const literal of ["12.50", "1.25e1", "125e-1", "123456789012345"]) {
        expect(parseCredentialJson(`{"n": ${literal}}`), literal).to.deep.equal({ n: Number(literal) });
      }
    });

    it("reads a text of exactly 10 MiB and refuses one more character before scanning it", function () {
      const padded = (length: number) => `{}${" ".repeat(length - 2)}`;
      expect(parseCredentialJson(padded(MAX_JSON_TEXT_LENGTH))).to.deep.equal({});
      expect(parseFailure(padded(MAX_JSON_TEXT_LENGTH + 1)).code).to.equal("CREDENTIAL_TOO_LARGE");
    });
  });

  describe("D2: a further @context item is an object or an absolute-URI string (SPEC 1.2)", function () {
    it("refuses any other string (was: any string accepted)", async function () {
      const index = (sampleCredential()["@context"] as unknown[]).length; // after the OB extensions context
      for (const item of ["not a url", "", "example.org/context.json"]) {
        const { result, format: check } = await format(signed((c) => c["@context"].push(item)));
        expect(result.status, item).to.equal("invalid");
        expect(check, item).to.deep.include({ status: "failed", code: "FORMAT_INVALID_CREDENTIAL" });
        expect(check.message, item).to.include(`/@context/${index} must be an absolute URI string`);
      }
    });

    it("accepts a URL string and a context object", async function () {
      for (const item of ["https://example.org/context.json", { "@vocab": "https://example.org/vocab#" }]) {
        const { format: check } = await format(signed((c) => c["@context"].push(item)));
        expect(check.status, JSON.stringify(item)).to.equal("passed");
      }
    });
  });

  describe("D3: anchoredAt is UTC with Z (SPEC 4)", function () {
    it("refuses an offset, even +00:00 (was: accepted); accepts Z", async function () {
      for (const [anchoredAt, status] of [
        ["2026-03-01T10:31:12+01:00", "failed"],
        ["2026-03-01T09:31:12+00:00", "failed"],
        ["2026-03-01T09:31:12Z", "passed"],
      ] as const) {
        // The entry credanchor writes stores anchoredAt as Unix seconds in proofValue, so it cannot hold
        // an offset (it always decodes to Z, below): the offsets are tried in a legacy entry.
        const credential = signed();
        (credential.proof as Json[])[(credential.proof as Json[]).length - 1] = legacyEntry(credential);
        entry(credential).anchor = { ...ANCHOR, anchoredAt };
        const { format: check } = await format(JSON.stringify(credential));
        expect(check.status, anchoredAt).to.equal(status);
        if (status === "failed") {
          expect(check.code).to.equal("FORMAT_PROOF_INVALID");
          expect(check.message).to.match(/\/proof\/\d+\/anchor\/anchoredAt must be an ISO 8601 date-time in UTC \(Z\)/);
        }
      }
      const current = signed();
      editEntry(
        current as never,
        (data) => (data.anchor = { ...ANCHOR, anchoredAt: "2026-03-01T10:31:12+01:00" } as typeof data.anchor),
      );
      expect(entryOf(current as never).anchor?.anchoredAt).to.equal("2026-03-01T09:31:12Z");
      expect((await format(JSON.stringify(current))).format.status).to.equal("passed");
    });
  });

  describe("D4: an unpaired surrogate (SPEC 1.1, 7.2)", function () {
    it("the parser refuses it in a string and in a member name, as a rule of 1.1 (was: accepted)", function () {
      for (const [text, pointer] of [
        ['{"a": "x\\ud800"}', "/a"],
        ['{"a": ["\\udc00y"]}', "/a/0"],
        ['{"b\\ud800": 1}', "/b\ud800"],
        ['{"a": "x\ud800"}', "/a"],
      ]) {
        const error = parseFailure(text);
        expect(error.code, text).to.equal(JSON_RULE_ERROR_CODE);
        expect(error.shortMessage, text).to.match(/^unpaired UTF-16 surrogate \\ud[89abcdef][0-9a-f]{2} in a /);
        expect(error.location?.pointer, text).to.equal(pointer);
      }
      expect(parseCredentialJson('{"a": "\\ud83d\\ude00"}')).to.deep.equal({ a: "\u{1f600}" }); // a pair is fine
    });

    it("with a credanchor proof entry: invalid, FORMAT_INVALID_CREDENTIAL at the pointer (text and object alike)", async function () {
      const credential = signed();
      credential.credentialSubject.name = "Ada \ud800";
      for (const input of [JSON.stringify(credential), credential]) {
        const { result, format: check } = await format(input);
        expect(result.status).to.equal("invalid");
        expect(check).to.deep.include({ status: "failed", code: "FORMAT_INVALID_CREDENTIAL" });
        expect(check.message).to.include("/credentialSubject/name");
      }
    });

    it("without one: not a credential (FORMAT_INVALID_JSON, error)", async function () {
      const { result, format: check } = await format('{"name": "Ada \\ud800"}');
      expect(result.status).to.equal("error");
      expect(check).to.deep.include({ status: "error", code: "FORMAT_INVALID_JSON" });
    });
  });

  describe("D5: no disclosure yields a document that breaks the format (SPEC 2.6 rule 5)", function () {
    it("every pointer redactablePointers lists can be hidden alone, and the result passes the format check", async function () {
      const credential = signed();
      const pointers = redactablePointers(credential);
      expect(pointers.length).to.be.greaterThan(5);
      for (const pointer of pointers) {
        const { format: check } = await format(discloseCredential(credential, [pointer]));
        expect(check.status, `${pointer}: ${check.message}`).to.equal("passed");
      }
    });

    it("hiding a required member alone is refused with DISCLOSURE_BREAKS_FORMAT naming it (was: a 'not a credential' file)", function () {
      const credential = signed((c) => {
        c.evidence = [{ id: "https://example.org/e/1", type: ["Evidence"], name: "Portfolio" }];
      });
      for (const pointer of [
        "/credentialSubject/result/0/type",
        "/credentialSubject/identifier/0/type",
        "/credentialSubject/identifier/0/identityHash",
        "/credentialSubject/identifier/0/hashed",
        "/evidence/0/type",
      ]) {
        expect(redactablePointers(credential), pointer).to.not.include(pointer);
        try {
          discloseCredential(credential, [pointer]);
          expect.fail(`${pointer} was hidden`);
        } catch (error) {
          expect(error, pointer).to.be.instanceOf(DisclosureError);
          expect((error as DisclosureError).code, pointer).to.equal("DISCLOSURE_BREAKS_FORMAT");
          expect((error as DisclosureError).pointer, pointer).to.equal(pointer);
          expect((error as DisclosureError).shortMessage, pointer).to.match(
            new RegExp(`^hiding ${pointer} would leave a credential that breaks the format: ${pointer} `),
          );
        }
      }
      // The whole array can go.
      const shared = discloseCredential(credential, ["/credentialSubject/result", "/evidence"]);
      expect(shared).to.not.have.nested.property("credentialSubject.result");
    });

    it("SPEC 2.6 says so", function () {
      const rules = section("### 2.6 Selective disclosure");
      expect(rules).to.include("DISCLOSURE_BREAKS_FORMAT").and.to.include("/credentialSubject/result/<i>/type");
    });
  });
});
