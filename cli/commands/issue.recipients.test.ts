/** `credanchor issue` with recipients files as people have them (issue 13, section 7): --map, --strict, --allow-duplicates, the note. */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { testIo } from "../lib/testIo";
import { main } from "../main";

const TEMPLATE = path.resolve(__dirname, "../../test/fixtures/templates/telemedicine-nursing.json");

describe("cli: issue, recipients files as people have them", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-issue-recipients-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function issue(csv: string, ...flags: string[]) {
    fs.writeFileSync(path.join(dir, "r.csv"), csv);
    const io = testIo({ cwd: dir });
    const args = [
      "issue",
      "--template",
      TEMPLATE,
      "--recipients",
      "r.csv",
      "--out",
      "batch",
      "--no-sign",
      "--workers",
      "0",
    ];
    const code = await main([...args, ...flags], io);
    return { code, stdout: io.stdout.text(), stderr: io.stderr.text() };
  }

  it("maps columns with --map, notes the ignored one, and writes a date alone as midnight UTC", async function () {
    const run = await issue(
      "Learner;Student Mail;Awarded;Ward\nZoë Martin;zoe@example.org;2026-03-01;4B\n",
      "--map",
      "Learner=name",
      "--map",
      "student mail=email",
    );
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.contain('note: r.csv: ignored column "Ward"');
    const files = fs.readdirSync(path.join(dir, "batch", "credentials")).filter((f) => f.endsWith(".json"));
    const credential = JSON.parse(fs.readFileSync(path.join(dir, "batch", "credentials", files[0]), "utf8"));
    expect(credential.credentialSubject.name).to.equal("Zoë Martin");
    expect(credential.validFrom).to.equal("2026-03-01T00:00:00Z");
    // delivery.csv reads the file with the same map: the mapped e-mail column is there.
    const delivery = fs.readFileSync(path.join(dir, "batch", "delivery.csv"), "utf8");
    expect(delivery).to.contain("Zoë Martin,zoe@example.org,");
  });

  it("--strict refuses the extra column; duplicates are refused unless --allow-duplicates", async function () {
    const strict = await issue("name,email,Ward\nAda,ada@example.org,4B\n", "--strict");
    expect(strict.code).to.not.equal(0);
    expect(strict.stderr).to.contain(
      'r.csv:1: the header row has a column that is no recipient field: "Ward" (--strict)',
    );
    fs.rmSync(path.join(dir, "batch"), { recursive: true, force: true });
    const twice = await issue("name,email\nAda,ada@example.org\nAda,ada@example.org\n");
    expect(twice.code).to.not.equal(0);
    expect(twice.stderr).to.contain("r.csv:3: the same recipient as line 2");
    expect(twice.stderr).to.not.contain("    at ");
    const allowed = await issue("name,email\nAda,ada@example.org\nAda,ada@example.org\n", "--allow-duplicates");
    expect(allowed.code, allowed.stderr).to.equal(0);
  });
});
