/**
 * Recipients files as people have them (issue 13, section 7): the separator found from the header,
 * header names in any case and spacing with the usual aliases and --map, extra columns ignored with
 * one note (refused with strict), date-only values as midnight UTC, duplicate recipients refused with
 * both lines, and .xlsx workbooks read directly (other spreadsheets refused with how to export CSV).
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BaseError } from "../errors/base";
import { BatchInputError, BatchRowError } from "../errors/batch";
import { createCredential } from "../credential/createCredential";
import { loadTemplate } from "../../../test/fixtures/samples";
import { xlsxWorkbook } from "../../../test/helpers/xlsx";
import { readRecipients, type ReadRecipientsOptions, type RecipientItem } from "./readRecipients";
import { detectSeparator, parseColumnMap } from "./recipientColumns";

describe("readRecipients: files as people have them", function () {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-recipients-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function write(name: string, content: string | Buffer): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  }

  async function read(file: string, options: ReadRecipientsOptions = {}): Promise<RecipientItem[]> {
    const items: RecipientItem[] = [];
    for await (const group of readRecipients(file, options)) items.push(...group);
    return items;
  }

  async function failure(file: string, options: ReadRecipientsOptions = {}): Promise<BaseError> {
    try {
      await read(file, options);
    } catch (error) {
      expect(error).to.be.instanceOf(BaseError);
      return error as BaseError;
    }
    return expect.fail("expected an error");
  }

  it("finds the separator from the header: comma, semicolon or tab, quotes respected", async function () {
    expect(detectSeparator('"Name, full";Email;Score\n')).to.equal(";");
    expect(detectSeparator("Name\tEmail\tScore\n")).to.equal("\t");
    expect(detectSeparator("Name,Email\n")).to.equal(",");
    expect(detectSeparator("Name\n")).to.equal(",");
    const semicolon = write("r.csv", "Name;Email;Score\nZoë Martin, RN;zoe@example.org;92,5\n");
    expect(await read(semicolon)).to.deep.equal([
      { row: { name: "Zoë Martin, RN", email: "zoe@example.org", score: "92,5" }, line: 2 },
    ]);
    const tab = write("r.tsv", "name\temail\nAda Lovelace\tada@example.org\n");
    expect(await read(tab)).to.deep.equal([{ row: { name: "Ada Lovelace", email: "ada@example.org" }, line: 2 }]);
  });

  it("matches header names ignoring case and spaces, with the usual aliases", async function () {
    const file = write(
      "r.csv",
      "Full Name,E-mail address,GRADE,Issue date,Credits\nAda Lovelace,ada@example.org,95,2026-03-01,6\n",
    );
    expect((await read(file))[0].row).to.deep.equal({
      name: "Ada Lovelace",
      email: "ada@example.org",
      score: "95",
      validFrom: "2026-03-01",
      creditsEarned: "6",
    });
  });

  it("uses --map for any other header, and names what is wrong with a map", async function () {
    const file = write("r.csv", "Learner,Student Mail,Cohort\nAda,ada@example.org,2026A\n");
    const map = parseColumnMap(["student mail=email", "Cohort = narrative"]);
    expect((await read(file, { map }))[0].row).to.deep.equal({
      name: "Ada",
      email: "ada@example.org",
      narrative: "2026A",
    });
    expect(() => parseColumnMap(["Cohort=group"])).to.throw(BatchInputError, '"group" is not a recipient field');
    expect(() => parseColumnMap(["email"])).to.throw(BatchInputError, "is not COLUMN=FIELD");
    const missing = await failure(file, { map: { Phone: "id" } });
    expect(missing.message).to.contain('--map names the column "Phone", which the header row does not have');
    expect(missing.message).to.contain("The columns are: Learner, Student Mail, Cohort");
  });

  it("ignores extra columns with one note; --strict refuses them at the header", async function () {
    const file = write(
      "r.csv",
      "name,email,Phone,Department\nAda,ada@example.org,555,Maths\nAlan,alan@example.org,556,CS\n",
    );
    const notes: string[] = [];
    const items = await read(file, { onNote: (note) => notes.push(note) });
    expect(items.map((i) => i.row)).to.deep.equal([
      { name: "Ada", email: "ada@example.org" },
      { name: "Alan", email: "alan@example.org" },
    ]);
    expect(notes).to.deep.equal([
      'r.csv: ignored columns "Phone", "Department" (no recipient field; --map "COLUMN=FIELD" uses one, --strict refuses them)',
    ]);
    const strict = await failure(file, { strict: true });
    expect(strict).to.be.instanceOf(BatchRowError);
    expect((strict as BatchRowError).line).to.equal(1);
    expect(strict.shortMessage).to.equal(
      'the header row has columns that are no recipient field: "Phone", "Department" (--strict)',
    );
  });

  it("refuses two columns for one field, naming both", async function () {
    const file = write("r.csv", "Name,Full name,email\nA,B,a@example.org\n");
    const error = await failure(file);
    expect(error.shortMessage).to.equal('the columns "Name" and "Full name" both give the recipient\'s name');
  });

  it("reads a date alone as midnight UTC", function () {
    const credential = createCredential(
      loadTemplate(),
      { name: "Ada", email: "ada@example.org", validFrom: "2026-03-01", activityEndDate: "2026-02-27" },
      { now: new Date("2026-03-02T00:00:00Z") },
    ) as { validFrom: string; credentialSubject: { activityEndDate: string } };
    expect(credential.validFrom).to.equal("2026-03-01T00:00:00Z");
    expect(credential.credentialSubject.activityEndDate).to.equal("2026-02-27T00:00:00Z");
    expect(() =>
      createCredential(loadTemplate(), { name: "Ada", email: "ada@example.org", validFrom: "2026-02-30" }, {}),
    ).to.throw(/"2026-02-30" is not an ISO 8601 date/);
  });

  it("refuses a second row for the same recipient with both line numbers, unless duplicates are allowed", async function () {
    const file = write("r.csv", "name,email\nAda,ada@example.org\nAlan,alan@example.org\n\nAda L.,ADA@example.org \n");
    const error = await failure(file);
    expect(error).to.be.instanceOf(BatchRowError);
    expect((error as BatchRowError).line).to.equal(5);
    expect(error.shortMessage).to.equal(
      "the same recipient as line 2 (e-mail address ADA@example.org): one credential per recipient and achievement",
    );
    expect(error.fix).to.equal("Remove line 2 or line 5, or pass --allow-duplicates to issue both.");
    expect(await read(file, { allowDuplicates: true })).to.have.length(3);
    const ids = write("r.jsonl", '{"name":"A","id":"did:example:a"}\n{"name":"B","id":"did:example:a"}\n');
    expect(((await failure(ids)) as BatchRowError).line).to.equal(2);
  });

  it("reads an .xlsx workbook's first sheet: header aliases, numbers as text, row numbers as lines", async function () {
    const file = write(
      "learners.xlsx",
      xlsxWorkbook([
        ["Full name", "Email", "Score", "Notes"],
        ["Ada Lovelace", "ada@example.org", 92, "x"],
        [null, null, null, null],
        ["Alan Turing", "alan@example.org", 88.5, null],
      ]),
    );
    const notes: string[] = [];
    const bytes: number[] = [];
    const items = await read(file, { onNote: (n) => notes.push(n), onBytes: (chunk) => bytes.push(chunk.length) });
    expect(items).to.deep.equal([
      { row: { name: "Ada Lovelace", email: "ada@example.org", score: "92" }, line: 2 },
      { row: { name: "Alan Turing", email: "alan@example.org", score: "88.5" }, line: 4 },
    ]);
    expect(notes).to.have.length(1);
    expect(bytes.reduce((a, b) => a + b, 0)).to.equal(fs.statSync(file).size);
  });

  it("refuses other spreadsheets, and a broken workbook, with how to export CSV", async function () {
    const ods = await failure(write("r.ods", "PK\u0003\u0004 not really"));
    expect(ods.shortMessage).to.contain("an OpenDocument spreadsheet (.ods), which credanchor does not read");
    expect(ods.fix).to.contain("Save As › Text CSV (UTF-8)");
    const xls = await failure(write("r.xls", "\u00d0\u00cf\u0011\u00e0"));
    expect(xls.shortMessage).to.contain("Excel 97-2003 workbook (.xls)");
    const broken = await failure(write("r.xlsx", "PK\u0003\u0004 truncated"));
    expect(broken).to.be.instanceOf(BatchInputError);
    expect(broken.shortMessage).to.contain("cannot read the spreadsheet");
    expect(broken.fix).to.contain("CSV UTF-8");
  });
});
