import { expect } from "chai";
import fs from "node:fs";
import { parse } from "csv-parse/sync";
import { sha256 } from "@noble/hashes/sha2";
import { countingBytes, loadTemplate, recipientsPath, TEMPLATE_FILES } from "../../../test/fixtures/samples";
import { CredentialValidationError, RecipientError } from "../errors/credential";
import { createCredential, hashEmailIdentity, type RecipientRow } from "./createCredential";
import { validateCredential } from "./validateCredential";
import { validateTemplate } from "./validateTemplate";

const NOW = "2026-03-01T09:30:00Z";

function rowError(fn: () => unknown): RecipientError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(RecipientError);
    return error as RecipientError;
  }
  return expect.fail("no RecipientError");
}

function readCsv(name: string): RecipientRow[] {
  return parse(fs.readFileSync(recipientsPath(name), "utf8"), {
    columns: true,
    skip_empty_lines: true,
  }) as RecipientRow[];
}

function readJsonl(name: string): RecipientRow[] {
  return fs
    .readFileSync(recipientsPath(name), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as RecipientRow);
}

describe("createCredential", function () {
  const template = loadTemplate("telemedicine-nursing.json");

  it("fills the template for one recipient: contexts, types, a urn:uuid id, issuer, achievement, validity", function () {
    const credential = createCredential(
      template,
      { name: "Amara Okafor", email: "amara.okafor@example.org", score: "91" },
      { now: NOW },
    );
    expect(credential["@context"]).to.deep.equal([
      "https://www.w3.org/ns/credentials/v2",
      "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
      // The template's credentialSchema type (1EdTechJsonSchemaValidator2019) is defined there only.
      "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
    ]);
    expect(credential.type).to.deep.equal(["VerifiableCredential", "OpenBadgeCredential"]);
    expect(credential.id).to.match(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(credential.issuer).to.deep.equal(template.issuer);
    expect(credential.validFrom).to.equal(NOW);
    expect(credential.validUntil).to.equal(template.validUntil);
    expect(credential.name).to.equal(template.name);
    expect(credential.credentialSubject.achievement).to.deep.equal(template.achievement);
    expect(credential.credentialSubject.name).to.equal("Amara Okafor");
    expect(credential.credentialSubject.result).to.deep.equal([
      { type: ["Result"], resultDescription: template.achievement.resultDescription![0].id, value: "91" },
    ]);
    expect(credential.credentialSchema).to.deep.equal(template.credentialSchema);
    expect(validateCredential(credential)).to.deep.equal([]);
  });

  it("gives every credential a different id", function () {
    const ids = new Set(
      Array.from({ length: 50 }, () => createCredential(template, { name: "A", email: "a@example.org" }).id),
    );
    expect(ids.size).to.equal(50);
  });

  it("stores an e-mail address as a salted sha256 identifier, never in plain text", function () {
    const credential = createCredential(template, { name: "Amara", email: " Amara.Okafor@Example.org " }, { now: NOW });
    const [identity] = credential.credentialSubject.identifier!;
    expect(identity.type).to.equal("IdentityObject");
    expect(identity.identityType).to.equal("emailAddress");
    expect(identity.hashed).to.equal(true);
    expect(identity.salt).to.match(/^[0-9a-f]{32}$/);
    const expected =
      "sha256$" + Buffer.from(sha256(Buffer.from("amara.okafor@example.org" + identity.salt))).toString("hex");
    expect(identity.identityHash).to.equal(expected);
    expect(hashEmailIdentity("amara.okafor@example.org", identity.salt!)).to.equal(expected);
    expect(JSON.stringify(credential).toLowerCase()).to.not.contain("amara.okafor@example.org");
    // a fresh salt per credential: the same address hashes differently
    const other = createCredential(template, { name: "Amara", email: "amara.okafor@example.org" }, { now: NOW });
    expect(other.credentialSubject.identifier![0].identityHash).to.not.equal(identity.identityHash);
  });

  it("puts the e-mail address in plain text only when asked", function () {
    const credential = createCredential(
      template,
      { name: "Amara", email: "amara@example.org" },
      { includeEmail: true },
    );
    expect(credential.credentialSubject.identifier).to.deep.equal([
      { type: "IdentityObject", identityHash: "amara@example.org", identityType: "emailAddress", hashed: false },
    ]);
  });

  it("uses an id (DID or URL) as credentialSubject.id", function () {
    const credential = createCredential(template, { name: "Olga", id: "did:example:olga" });
    expect(credential.credentialSubject.id).to.equal("did:example:olga");
    expect(credential.credentialSubject).to.not.have.property("identifier");
  });

  it("is deterministic with a fixed id, time and random source", function () {
    const make = () =>
      createCredential(template, { name: "A", email: "a@example.org" }, { now: NOW, randomBytes: countingBytes(1) });
    expect(make()).to.deep.equal(make());
    // the identity salt takes the first 16 bytes, the uuid the next 16 (version and variant bits set)
    expect(make().id).to.equal("urn:uuid:11121314-1516-4718-991a-1b1c1d1e1f20");
  });

  it("takes validFrom and validUntil from the row, then the template, then now", function () {
    const fromRow = createCredential(
      { ...template, validFrom: "2026-01-01T00:00:00Z" },
      { name: "A", email: "a@example.org", validFrom: "2026-02-01T00:00:00Z", validUntil: "2027-02-01T00:00:00Z" },
      { now: NOW },
    );
    expect([fromRow.validFrom, fromRow.validUntil]).to.deep.equal(["2026-02-01T00:00:00Z", "2027-02-01T00:00:00Z"]);
    const fromTemplate = createCredential(
      { ...template, validFrom: "2026-01-01T00:00:00Z" },
      { name: "A", email: "a@example.org" },
    );
    expect(fromTemplate.validFrom).to.equal("2026-01-01T00:00:00Z");
    const noUntil = { ...template };
    delete noUntil.validUntil;
    expect(
      createCredential(noUntil, { name: "A", email: "a@example.org" }, { now: new Date(NOW) }),
    ).to.not.have.property("validUntil");
  });

  it("appends row evidence (a URL or Evidence objects) to the template's", function () {
    const automation = loadTemplate("industrial-automation-ai.json");
    const credential = createCredential(automation, {
      name: "A",
      email: "a@example.org",
      evidence: "https://e.example.org/1",
    });
    expect(credential.evidence).to.deep.equal([
      ...automation.evidence!,
      { id: "https://e.example.org/1", type: ["Evidence"] },
    ]);
  });

  it("names the row and the field of a bad recipient", function () {
    const cases: [RecipientRow, string, RegExp][] = [
      [{ name: "", email: "a@example.org" }, "name", /required value is missing/],
      [{ name: "A", email: "not-an-email" }, "email", /is not an e-mail address/],
      [{ name: "A" }, "email", /needs an email or an id/],
      [{ name: "A", id: "olga" }, "id", /is not a DID or URL/],
      [{ name: "A", email: "a@example.org", validFrom: "03/01/2026" }, "validFrom", /not an ISO 8601 date/],
      [
        { name: "A", email: "a@example.org", validUntil: "2020-01-01T00:00:00Z" },
        "validUntil",
        /is not later than validFrom/,
      ],
      [{ name: "A", email: "a@example.org", score: "1", result: "2" }, "result", /either score or result/],
      [{ name: "A", email: "a@example.org", creditsEarned: "-3" }, "creditsEarned", /non-negative number/],
      [{ name: "A", email: "a@example.org", evidence: "see attached" }, "evidence", /is not a URL/],
      [
        { name: "A", email: "a@example.org", evidence: [{ name: "x" }] as never },
        "evidence",
        /required type is missing/,
      ],
      [{ name: "A", email: "a@example.org", emial: "x" } as RecipientRow, "emial", /is not a recipient field/],
      [{ name: 5 as never, email: "a@example.org" }, "name", /must be text, found number/],
    ];
    for (const [row, field, message] of cases) {
      const error = rowError(() => createCredential(template, row, { row: 7, file: "nurses.csv" }));
      expect(error.row, field).to.equal(7);
      expect(error.field, field).to.equal(field);
      expect(error.message, field).to.match(message);
      expect(error.message, field).to.match(/^nurses\.csv:7: field "/);
    }
  });

  it("names the row in the message when there is no file name", function () {
    const error = rowError(() => createCredential(template, { name: "A", email: "bad" }, { row: 3 }));
    expect(error.message).to.match(/^row 3, field "email": "bad" is not an e-mail address/);
    expect(error.location).to.equal(undefined);
  });

  it("refuses a bad template with the template pointer", function () {
    const bad = JSON.parse(JSON.stringify(template));
    delete bad.achievement.criteria;
    try {
      createCredential(bad, { name: "A", email: "a@example.org" });
      expect.fail("no error");
    } catch (error) {
      expect(error).to.be.instanceOf(CredentialValidationError);
      expect((error as CredentialValidationError).code).to.equal("TEMPLATE_INVALID");
      expect((error as CredentialValidationError).issues).to.deep.equal([
        { pointer: "/achievement/criteria", message: "required a Criteria object is missing" },
      ]);
    }
  });

  describe("fixtures", function () {
    for (const file of TEMPLATE_FILES) {
      it(`template ${file} is valid`, function () {
        expect(validateTemplate(loadTemplate(file))).to.deep.equal([]);
      });
    }

    const samples: [string, string, () => RecipientRow[]][] = [
      ["telemedicine-nursing.json", "nurses.csv", () => readCsv("nurses.csv")],
      ["data-analytics-career-switch.json", "data-analysts.jsonl", () => readJsonl("data-analysts.jsonl")],
      ["industrial-automation-ai.json", "automation-staff.csv", () => readCsv("automation-staff.csv")],
    ];
    for (const [templateFile, recipientsFile, read] of samples) {
      it(`every row of ${recipientsFile} becomes a valid credential with ${templateFile}`, function () {
        const rows = read();
        expect(rows.length).to.be.within(10, 20);
        const fixture = loadTemplate(templateFile);
        rows.forEach((row, i) => {
          const credential = createCredential(fixture, row, { now: NOW, row: i + 2 });
          expect(validateCredential(credential), `row ${i + 2}`).to.deep.equal([]);
          expect(credential.credentialSubject.name).to.equal(row.name);
          for (const value of Object.values(row)) {
            if (typeof value === "string" && value.includes("@"))
              expect(JSON.stringify(credential)).to.not.contain(value);
          }
        });
      });
    }

    it("invalid-email.csv fails on its fourth line, field email", function () {
      const rows = readCsv("invalid-email.csv");
      const error = rowError(() =>
        rows.forEach((row, i) => createCredential(template, row, { row: i + 2, file: "invalid-email.csv" })),
      );
      expect(error.row).to.equal(4);
      expect(error.field).to.equal("email");
    });
  });
});
