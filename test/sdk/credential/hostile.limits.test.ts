/**
 * The limits that keep hostile input cheap: a JSON text over 10 MiB is refused before it is scanned,
 * nesting deeper than 64 levels is refused without recursion (100,000 levels, as text and as an
 * in-memory object), and the UTF-8 check that guards every file reader agrees with the platform's.
 */
import { expect } from "chai";
import fc from "fast-check";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { computeDigest } from "../../../sdk/src/canonical/computeDigest";
import { discloseCredential, redactablePointers } from "../../../sdk/src/canonical/discloseCredential";
import { MAX_NESTING_DEPTH } from "../../../sdk/src/canonical/flatten";
import { Utf8Validator } from "../../../sdk/src/canonical/Utf8Validator";
import { MAX_JSON_TEXT_LENGTH, parseCredentialJson } from "../../../sdk/src/credential/parseCredentialJson";
import { validateCredential } from "../../../sdk/src/credential/validateCredential";
import { CredentialParseError } from "../../../sdk/src/errors/credential";
import { initKeccak } from "../../../sdk/src/hash/keccak";
import { CredentialFileError } from "../../../sdk/src/errors/verify";
import { verifyCredentialFiles } from "../../../sdk/src/verify/files";
import { verifyCredential } from "../../../sdk/src/verify/verifyCredential";
import { exerciseSdkValue, firstFailure, onlyBaseErrors } from "../../helpers/hostile/invariants";

function parseError(text: string): CredentialParseError {
  const error = onlyBaseErrors("parseCredentialJson", () => parseCredentialJson(text, { file: "big.json" }));
  expect(error).to.be.instanceOf(CredentialParseError);
  return error as CredentialParseError;
}

describe("hostile limits: size, depth, UTF-8", function () {
  before(() => initKeccak());

  it("a 100 MB credential text, or one 100 MB string value, is refused by its length before it is scanned", async function () {
    const huge = `{"name":"${"x".repeat(100 * 1024 * 1024)}"}`;
    const heapBefore = process.memoryUsage().heapUsed;
    const error = parseError(huge);
    expect(error.code).to.equal("CREDENTIAL_TOO_LARGE");
    expect(error.shortMessage).to.equal(
      `the text is ${huge.length.toLocaleString("en-US")} characters long; at most 10,485,760 (10 MiB) are read`,
    );
    expect(error.location).to.deep.equal({ file: "big.json", pointer: "" });
    const result = await verifyCredential(huge, { file: "big.json" });
    // Not a credential (nothing was read to judge): `error`, which the CLI shows as "not a credential".
    expect(result.status).to.equal("error");
    expect(firstFailure(result)).to.deep.include({ check: "format", status: "error", code: "FORMAT_TOO_LARGE" });
    expect(firstFailure(result)!.message).to.match(/^The file is too large to be a credential \(big\.json at \/\)/);
    // Nothing was copied or parsed: the heap did not grow by anything like the text's size.
    expect(process.memoryUsage().heapUsed - heapBefore).to.be.lessThan(32 * 1024 * 1024);
  });

  it("the length limit is exact: MAX_JSON_TEXT_LENGTH characters are read, one more is refused", function () {
    const padded = (length: number) => `"${"a".repeat(length - 2)}"`;
    expect(parseCredentialJson(padded(MAX_JSON_TEXT_LENGTH))).to.have.length(MAX_JSON_TEXT_LENGTH - 2);
    expect(parseError(padded(MAX_JSON_TEXT_LENGTH + 1)).code).to.equal("CREDENTIAL_TOO_LARGE");
    expect(parseCredentialJson("[1]", { maxLength: 3 })).to.deep.equal([1]);
    expect(() => parseCredentialJson("[10]", { maxLength: 3 })).to.throw(CredentialParseError, /at most 3/);
  });

  it("verifyCredentialFiles refuses a file over 10 MiB by its size, without reading it", async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-hostile-files-"));
    try {
      const file = path.join(dir, "huge.json");
      fs.writeFileSync(file, Buffer.alloc(MAX_JSON_TEXT_LENGTH + 1, 0x20));
      const error = await verifyCredentialFiles([dir]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(CredentialFileError);
      expect((error as CredentialFileError).shortMessage).to.equal(
        `cannot read ${file}: 10,485,761 bytes, more than a credential file may hold (10 MiB)`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("100,000 nested levels of text stop at level 64 with the line, column and pointer", async function () {
    for (const text of [
      `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
      `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`,
      `{"credentialSubject":${"[".repeat(100_000)}`,
    ]) {
      const error = parseError(text);
      expect(error.shortMessage).to.equal(`nesting deeper than ${MAX_NESTING_DEPTH} levels`);
      expect(error.location?.line).to.equal(1);
      expect(error.location?.pointer?.split("/")).to.have.length(MAX_NESTING_DEPTH + 1);
      const result = await verifyCredential(text, { file: "deep.json" });
      expect(firstFailure(result)!.message).to.include("nesting deeper than 64 levels");
    }
  });

  it("an object nested 100,000 levels deep, or one that contains itself, is refused without a stack overflow", async function () {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const credential = { credentialSubject: deep, proof: [{ type: "CredAnchorMerkleProof2026" }] };
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    for (const value of [deep, credential, cyclic, { credentialSubject: cyclic }]) {
      exerciseSdkValue(value, "deep object");
      const issues = validateCredential(value);
      expect(issues.some((issue) => issue.message === `nesting deeper than ${MAX_NESTING_DEPTH} levels`)).to.equal(
        true,
      );
      const result = await verifyCredential(value);
      // Only the document with a credanchor proof entry claims to be a credential: invalid. The others
      // are not credentials at all: error (FORMAT_PROOF_MISSING), never valid.
      expect(result.status).to.equal(value === credential ? "invalid" : "error");
      expect(firstFailure(result)!.check).to.equal("format");
    }
    expect(() => computeDigest(credential)).to.throw(/nesting deeper than 64 levels|malformed credanchor proof entry/);
    expect(() => discloseCredential(credential, ["/credentialSubject"])).to.throw();
    expect(redactablePointers(credential).length).to.be.lessThan(100);
  });

  it("Utf8Validator agrees with TextDecoder (fatal) on any bytes, in any chunking, and points at the first bad byte", function () {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.string({ unit: "binary", maxLength: 20 }).map((s) => new TextEncoder().encode(s)),
      fc
        .tuple(
          fc.string({ unit: "grapheme", maxLength: 10 }),
          fc.uint8Array({ maxLength: 3 }),
          fc.string({ maxLength: 5 }),
        )
        .map(
          ([a, junk, b]) => new Uint8Array([...new TextEncoder().encode(a), ...junk, ...new TextEncoder().encode(b)]),
        ),
    );
    fc.assert(
      fc.property(bytes, fc.nat(40), (input, cut) => {
        let valid = true;
        try {
          decoder.decode(input);
        } catch {
          valid = false;
        }
        const at = Math.min(cut, input.length);
        const validator = new Utf8Validator();
        const ok = validator.feed(input.subarray(0, at)) && validator.feed(input.subarray(at)) && validator.end();
        expect(ok, Buffer.from(input).toString("hex")).to.equal(valid);
        if (!ok) {
          // The first byte at which a strict streaming decoder gives up; its line is the validator's.
          let k = 0;
          for (; k < input.length; k++) {
            try {
              new TextDecoder("utf-8", { fatal: true }).decode(input.subarray(0, k + 1), { stream: true });
            } catch {
              break;
            }
          }
          const newlines = input.subarray(0, k).filter((byte) => byte === 0x0a).length;
          expect(validator.line, Buffer.from(input).toString("hex")).to.equal(newlines + 1);
        }
      }),
      { numRuns: 300 },
    );
    const cases: [number[], number, number][] = [
      [[0x61, 0x0a, 0x62, 0xff], 2, 2],
      [[0xc0, 0xaf], 1, 1],
      [[0x61, 0xed, 0xa0, 0x80], 1, 2],
      [[0x0a, 0x0a, 0xe2, 0x82], 3, 1],
      [[0xf4, 0x90, 0x80, 0x80], 1, 1],
      [[0xf0, 0x9f, 0x98, 0x80, 0xff], 1, 3],
    ];
    for (const [input, line, column] of cases) {
      const validator = new Utf8Validator();
      expect(validator.feed(new Uint8Array(input)) && validator.end(), input.join(" ")).to.equal(false);
      expect({ line: validator.line, column: validator.column }, input.join(" ")).to.deep.equal({ line, column });
    }
  });
});
