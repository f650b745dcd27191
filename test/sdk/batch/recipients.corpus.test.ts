/**
 * Hostile recipients files (CSV and JSONL) and templates through issueBatch: each stops the batch with
 * a BatchRowError or BatchInputError that names the file and line and says why, and leaves no
 * directory behind; the few that are fine (BOM, CRLF, a quoted line break) give exactly their rows.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { issueBatch } from "../../../sdk/src/batch/issueBatch";
import { MAX_RECIPIENT_ROW_LENGTH } from "../../../sdk/src/batch/readRecipients";
import { BaseError, formatLocation } from "../../../sdk/src/errors/base";
import { BatchInputError, BatchRowError } from "../../../sdk/src/errors/batch";
import { HOSTILE_DIR, type RecipientsCase, type TemplateCase } from "../../helpers/hostile/corpus";
import { credentialFiles } from "../../helpers/credentialFiles";

const cases = JSON.parse(fs.readFileSync(path.join(HOSTILE_DIR, "cases.json"), "utf8")) as {
  recipients: RecipientsCase[];
  templates: TemplateCase[];
};
const TEMPLATE = path.join(HOSTILE_DIR, "template.json");
const GOOD_RECIPIENTS = "name,email\nAda Lovelace,ada@example.org\n";

/** Temporary folders of the current test, removed after it. */
const temporary: string[] = [];
afterEach(() => {
  for (const dir of temporary.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs issueBatch in-process into a fresh temporary folder; returns the error (or the result) and what is left. */
async function issue(template: string, recipients: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-hostile-"));
  temporary.push(dir);
  const outDir = path.join(dir, "batch");
  const result = await issueBatch({ template, recipients, outDir, workers: 0, now: "2026-03-01T09:00:00Z" }).catch(
    (error: unknown) => error,
  );
  return { result, left: fs.readdirSync(dir), outDir };
}

/** The error must be an expected one that names the file (and the line, when given) and says why. */
function expectStopped(error: unknown, file: string, expected: { line?: number; reason: string }, label: string) {
  expect(error, `${label}: issueBatch succeeded`).to.be.instanceOf(BaseError);
  const failure = error as BaseError;
  expect(failure, label).to.satisfy((e: unknown) => e instanceof BatchRowError || e instanceof BatchInputError);
  expect(failure.message, label).to.include(path.basename(file));
  expect(failure.shortMessage, label).to.include(expected.reason);
  if (expected.line !== undefined) {
    expect(failure.location?.line, `${label}: ${failure.message.split("\n")[0]}`).to.equal(expected.line);
    expect(formatLocation(failure.location), label).to.include(`${path.basename(file)}:${expected.line}`);
  }
}

describe("hostile corpus: recipients files and templates through issueBatch", function () {
  for (const c of cases.recipients) {
    const expected = c.expect;
    const title =
      "accepted" in expected
        ? `${path.basename(c.file)}: ${c.what} → ${expected.rows} credentials`
        : `${path.basename(c.file)}: ${c.what} → stops${expected.line ? ` at line ${expected.line}` : ""}`;
    it(title, async function () {
      const file = path.join(HOSTILE_DIR, c.file);
      const { result, left, outDir } = await issue(TEMPLATE, file);
      if ("accepted" in expected) {
        expect(result, c.file).to.not.be.instanceOf(Error);
        const names = credentialFiles(outDir).map((file) => {
          const credential = JSON.parse(fs.readFileSync(file, "utf8"));
          return credential.credentialSubject.name as string;
        });
        expect(names, c.file).to.deep.equal(expected.names);
        expect(left).to.deep.equal(["batch"]);
        return;
      }
      expectStopped(result, file, expected, c.file);
      expect(left, `${c.file}: left behind`).to.deep.equal([]);
    });
  }

  for (const c of cases.templates) {
    it(`template ${path.basename(c.file)}: ${c.what} → stops`, async function () {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-hostile-good-"));
      temporary.push(folder);
      const recipients = path.join(folder, "recipients.csv");
      fs.writeFileSync(recipients, GOOD_RECIPIENTS);
      const { result, left } = await issue(path.join(HOSTILE_DIR, c.file), recipients);
      expect(result, c.file).to.be.instanceOf(BaseError);
      const error = result as BaseError;
      expect(error.shortMessage, c.file).to.include(c.expect.reason);
      expect(formatLocation(error.location), c.file).to.include(path.basename(c.file));
      if (c.expect.where) expect(formatLocation(error.location), c.file).to.include(c.expect.where);
      expect(left).to.deep.equal([]);
    });
  }

  describe("generated at test time", function () {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-hostile-gen-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const cases: { name: string; content: () => string | Buffer; line: number; reason: string }[] = [
      {
        name: "field-1mb.csv",
        content: () => `name,email\nAda,ada@example.org\n${"A".repeat(1 << 20)},grace@example.org\n`,
        line: 3,
        reason: "the row is longer than",
      },
      {
        name: "field-1mb.jsonl",
        content: () =>
          `{"name":"Ada","email":"ada@example.org"}\n{"name":"${"A".repeat(1 << 20)}","email":"grace@example.org"}\n`,
        line: 2,
        reason: "the row is longer than",
      },
      {
        name: "no-newline-10mb.jsonl",
        content: () => `{"name":"Ada","email":"ada@example.org"}\n{"name":"${"A".repeat(10 << 20)}`,
        line: 2,
        reason: "the row is longer than",
      },
      {
        name: "unclosed-quote-2mb.csv",
        content: () => `name,email\nAda,ada@example.org\n"Grace,${"grace@example.org\n".repeat(120_000)}`,
        line: 3,
        reason: "the row is longer than",
      },
      {
        name: "just-over-the-row-limit.csv",
        content: () => `name,email\n${"A".repeat(MAX_RECIPIENT_ROW_LENGTH)},ada@example.org\n`,
        line: 2,
        reason: "the row is longer than",
      },
    ];
    for (const c of cases) {
      it(`${c.name} → stops at line ${c.line}: ${c.reason}`, async function () {
        const file = path.join(dir, c.name);
        fs.writeFileSync(file, c.content());
        const { result, left } = await issue(TEMPLATE, file);
        expectStopped(result, file, c, c.name);
        expect(left).to.deep.equal([]);
      });
    }

    it("a row just under the limit is accepted", async function () {
      const file = path.join(dir, "long-but-fine.csv");
      const name = "A".repeat(MAX_RECIPIENT_ROW_LENGTH - 100);
      fs.writeFileSync(file, `name,email\n${name},ada@example.org\n`);
      const { result, left } = await issue(TEMPLATE, file);
      expect(result, String(result)).to.not.be.instanceOf(Error);
      expect(left).to.deep.equal(["batch"]);
    });
  });
});
