/**
 * `credanchor verify` on files that break the format (issue 12: item 6 and the verdicts): a document
 * that claims to be a credanchor credential and breaks the format is invalid (exit 1); only a file that
 * is not a credential at all is "not a credential" (exit 2); one hostile file never stops the others.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { entryOf, sampleCredential, withProof } from "../../test/fixtures/samples";
import { LEGACY_PROOF_TYPE } from "../../sdk/src/types";
import { initKeccak } from "../../sdk/src/hash/keccak";
import { testIo } from "../lib/testIo";
import { EXIT, main } from "../main";
import type { VerifyJson } from "./verify";

describe("cli: verify, format verdicts", function () {
  let dir: string;
  let good: string;
  before(() => initKeccak());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-verify-format-"));
    good = `${JSON.stringify(withProof(sampleCredential()), null, 2)}\n`;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** `text`'s credential with its credanchor entry written as a legacy CredAnchorMerkleProof2026 entry. */
  function legacy(text: string): { proof: unknown[] } {
    const credential = JSON.parse(text) as { proof: unknown[] };
    credential.proof[credential.proof.length - 1] = {
      type: LEGACY_PROOF_TYPE,
      proofPurpose: "assertionMethod",
      ...entryOf(credential),
    };
    return credential;
  }

  async function verifyJson(...files: string[]): Promise<{ code: number; report: VerifyJson }> {
    const io = testIo({ cwd: dir, env: {} });
    const code = await main(["verify", "--json", "--rpc", "http://127.0.0.1:9", "--", ...files], io);
    expect(io.stderr.text()).to.equal("");
    return { code, report: JSON.parse(io.stdout.text()) as VerifyJson };
  }

  it("item 6: a 588 KiB credential with 300,000 malformed hashes is one invalid file; the others are still verified", async function () {
    // In a legacy CredAnchorMerkleProof2026 entry (still read), whose hashes are readable JSON; the entry
    // credanchor writes holds them as CBOR bytes in proofValue, where 300,000 fit in no 588 KiB.
    const hostile = legacy(good) as { proof: Array<Record<string, unknown>> };
    hostile.proof[hostile.proof.length - 1].redactedHashes = Array.from({ length: 300_000 }, () => 0);
    const text = JSON.stringify(hostile);
    expect(text.length).to.be.greaterThan(588 * 1024);
    fs.mkdirSync(path.join(dir, "inbox"));
    fs.writeFileSync(path.join(dir, "inbox", "a-hostile.json"), text);
    fs.writeFileSync(path.join(dir, "inbox", "b-good.json"), good);
    const { code, report } = await verifyJson("inbox");
    expect(code).to.equal(EXIT.failure); // was 70: a RangeError from push(...300,000 issues) ended the run
    // b-good.json is well formed, but never anchored: it reaches the anchor check (invalid there).
    expect(report.results.map((r) => r.verdict)).to.deep.equal(["invalid", "invalid"]);
    const format = report.results[0].checks[0];
    expect(format).to.deep.include({ check: "format", status: "failed", code: "FORMAT_PROOF_INVALID" });
    expect(format.message).to.match(
      /^The credanchor proof entry is malformed: \/proof\/\d+\/redactedHashes\/0 must be 32 bytes of lower-case 0x-prefixed hex \(and at least 99 more\)\.$/,
    );
    expect((format.details as { issues: unknown[] }).issues).to.have.length(20);
    expect(report.results[1].checks.map((c) => [c.check, c.status]).slice(0, 4)).to.deep.equal([
      ["format", "passed"],
      ["integrity", "passed"],
      ["inclusion", "failed"], // the stand-in root of withProof
      ["anchor", "skipped"],
    ]);
  });

  it("a forged credential (duplicate member name, upper-case hex) is invalid, exit 1, not 'not a credential'", async function () {
    const duplicate = good.replace('"name": "', '"name": "Eve",\n    "name": "');
    fs.writeFileSync(path.join(dir, "duplicate.json"), duplicate);
    const old = legacy(good) as { proof: Array<{ digest: string }> };
    const entry = old.proof.at(-1)!;
    entry.digest = entry.digest.toUpperCase().replace("0X", "0x");
    fs.writeFileSync(path.join(dir, "upper.json"), JSON.stringify(old, null, 2));
    // The entry credanchor writes: the upper-case multibase prefix "U" (base64url with padding).
    const current = JSON.parse(good) as { proof: Array<{ proofValue: string }> };
    current.proof.at(-1)!.proofValue = `U${current.proof.at(-1)!.proofValue.slice(1)}`;
    fs.writeFileSync(path.join(dir, "upper-multibase.json"), JSON.stringify(current, null, 2));
    for (const [file, code] of [
      ["duplicate.json", "FORMAT_INVALID_CREDENTIAL"],
      ["upper.json", "FORMAT_PROOF_INVALID"],
      ["upper-multibase.json", "FORMAT_PROOF_VALUE_MULTIBASE"],
    ]) {
      const run = await verifyJson(file);
      expect(run.code, file).to.equal(EXIT.failure);
      expect(run.report.summary, file).to.deep.include({ invalid: 1, notCredential: 0, exitCode: 1 });
      expect(run.report.results[0].verdict, file).to.equal("invalid");
      expect(run.report.results[0].checks[0], file).to.deep.include({ check: "format", status: "failed", code });
    }
  });

  it("not JSON, not UTF-8, no credanchor proof, too large, unreadable: not a credential, exit 2", async function () {
    fs.writeFileSync(path.join(dir, "text.json"), "hello\n");
    fs.writeFileSync(path.join(dir, "latin1.json"), Buffer.from([0x7b, 0xff, 0x7d]));
    fs.writeFileSync(path.join(dir, "package.json"), '{"name": "x", "name": "y"}\n');
    fs.writeFileSync(path.join(dir, "unsigned.json"), JSON.stringify(sampleCredential()));
    fs.writeFileSync(path.join(dir, "big.json"), Buffer.alloc(10 * 1024 * 1024 + 1, 0x20));
    fs.mkdirSync(path.join(dir, "folder.json"));
    fs.writeFileSync(path.join(dir, "folder.json", "x.txt"), "");
    const files = ["text.json", "latin1.json", "package.json", "unsigned.json", "big.json"];
    const { code, report } = await verifyJson(...files);
    expect(code).to.equal(2);
    expect(report.summary).to.deep.include({ total: 5, invalid: 0, notCredential: 5, exitCode: 2 });
    expect(report.results.map((r) => [r.verdict, r.status, r.checks[0].status, r.checks[0].code])).to.deep.equal([
      ["not-a-credential", "error", "error", "FORMAT_INVALID_JSON"],
      ["not-a-credential", "error", "error", "FORMAT_INVALID_JSON"],
      ["not-a-credential", "error", "error", "FORMAT_INVALID_JSON"],
      ["not-a-credential", "error", "error", "FORMAT_PROOF_MISSING"],
      ["not-a-credential", "error", "error", "FORMAT_TOO_LARGE"],
    ]);
  });
});
