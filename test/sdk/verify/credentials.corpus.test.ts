/**
 * The credential files of the hostile corpus (test/fixtures/hostile/credentials/) through the SDK:
 * each gets the verdict, check, code and location its case names, and no SDK function throws anything
 * but a BaseError on any of them.
 */
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { initKeccak } from "../../../sdk/src/hash/keccak";
import { verifyCredential } from "../../../sdk/src/verify/verifyCredential";
import { verifyCredentials } from "../../../sdk/src/verify/verifyCredentials";
import { buildCorpus, HOSTILE_DIR, type CredentialCase, type HostileCorpus } from "../../helpers/hostile/corpus";
import { casesJson, CORPUS_FOLDERS, listFiles } from "../../helpers/hostile/generateCorpus";
import { exerciseSdk, expectVerdict } from "../../helpers/hostile/invariants";

const cases = JSON.parse(fs.readFileSync(path.join(HOSTILE_DIR, "cases.json"), "utf8")) as {
  credentials: CredentialCase[];
};
const read = (file: string) => fs.readFileSync(path.join(HOSTILE_DIR, file), "utf8");

describe("hostile corpus: credential files through the SDK", function () {
  let corpus: HostileCorpus;
  before(async function () {
    await initKeccak();
    corpus = await buildCorpus();
  });

  it("is exactly what test/helpers/hostile/generateCorpus.ts makes (regenerate it after a format change)", function () {
    const committed = CORPUS_FOLDERS.flatMap((folder) => listFiles(path.join(HOSTILE_DIR, folder), folder)).sort();
    expect(committed).to.deep.equal([...corpus.files.keys()].filter((f) => f !== "template.json").sort());
    for (const [file, content] of corpus.files) {
      expect(fs.readFileSync(path.join(HOSTILE_DIR, file)).equals(content), `${file} is stale`).to.equal(true);
    }
    expect(read("cases.json")).to.equal(casesJson(corpus));
  });

  it("the untouched credentials pass format, integrity, inclusion and validity offline", async function () {
    const files = listFiles(path.join(HOSTILE_DIR, "credentials"), "credentials").filter((f) =>
      /valid-[abc]\d/.test(f),
    );
    expect(files).to.have.length(6);
    const results = await verifyCredentials(files.map(read), { files, now: "2027-01-01T00:00:00Z" });
    for (const result of results) {
      const status = Object.fromEntries(result.checks.map((c) => [c.check, c.status]));
      expect(status, result.file).to.deep.include({
        format: "passed",
        integrity: "passed",
        inclusion: "passed",
        validity: "passed",
        anchor: "error", // no RPC configured: undecided, never `invalid` for lack of a network
      });
      expect(result.status, result.file).to.equal("error");
    }
  });

  for (const c of cases.credentials) {
    it(`${path.basename(c.file)}: ${c.what} → ${c.expect.check} ${c.expect.code}`, async function () {
      const text = read(c.file);
      const result = await verifyCredential(text, { file: c.file, now: "2027-01-01T00:00:00Z" });
      expectVerdict(result, c.expect, c.file);
      exerciseSdk(text, c.file);
    });
  }

  it("the same verdicts when all hostile files are verified in one call", async function () {
    const texts = cases.credentials.map((c) => read(c.file));
    const results = await verifyCredentials(texts, {
      files: cases.credentials.map((c) => c.file),
      now: "2027-01-01T00:00:00Z",
    });
    results.forEach((result, i) => expectVerdict(result, cases.credentials[i].expect, cases.credentials[i].file));
  });
});
