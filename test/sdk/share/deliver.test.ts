/**
 * `issue` writes delivery.csv; `credanchor deliver` e-mails each learner through a real SMTP server
 * (smtp-server on a loopback port) that checks what arrived: one message per learner with an
 * address, the credential JSON attached byte for byte, the LinkedIn link in both bodies, the login
 * from the environment and never in the output. Resumable: a second run sends nothing; a run killed
 * (SIGKILL) right after the server took a message leaves it "sending", and the next run reports it
 * instead of sending it again, so every learner gets exactly one message.
 */
import { expect } from "chai";
import { unbakePng } from "../../../sdk/src/bake";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { keccak256, toBytes } from "viem";
import { deliver, SMTP_PASSWORD_ENV, SMTP_USER_ENV, type DeliverJson } from "../../../cli/commands/deliver";
import { issue } from "../../../cli/commands/issue";
import { testIo } from "../../../cli/lib/testIo";
import { parseDeliveryCsv, type DeliveryRow } from "../../../sdk/src/share/deliveryCsv";
import { readDeliveryJournal } from "../../../sdk/src/share/deliverBatch";
import { qrPng } from "../../../sdk/src/share/publishBatch";
import { childEnv, prepareScripts, runNode, type ScriptArgv } from "../../helpers/nodeScripts";
import { mimeParts, parseHeaders, startSmtpServer, type TestSmtpServer } from "./smtpServer";
import { credentialFile } from "../../helpers/credentialFiles";
import { repoPath } from "../../helpers/repoRoot";

const FIXTURES = repoPath("test", "fixtures", "batch");
/** The file-name slugs of test/fixtures/batch/recipients.csv's names, in row order. */
const SLUGS = [
  "ada-lovelace",
  "grace-hopper",
  "hopper-jr-grace",
  "alan-turing",
  "katherine-johnson",
  "dorothy-vaughan",
  "mary-jackson",
  "emilie-du-chatelet",
  "credential",
  "credential",
];
const LOGIN = { user: "mailer", pass: "pw-Never-Printed-7731" };
const FROM = "Example University <credentials@example.edu>";

describe("delivery: delivery.csv and `credanchor deliver` against a real SMTP server", function () {
  this.timeout(120_000);

  let work: string;
  let pristine: string;
  let rows: DeliveryRow[];
  let smtp: TestSmtpServer;
  let runner: ScriptArgv;

  before(async function () {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-deliver-"));
    const io = testIo({ cwd: work });
    const code = await issue(
      {
        template: path.join(FIXTURES, "template.json"),
        recipients: path.join(FIXTURES, "recipients.csv"),
        out: "batch",
        workers: 0,
        noSign: true,
      },
      io,
    );
    expect(code, io.stderr.text()).to.equal(0);
    pristine = path.join(work, "batch");
    rows = parseDeliveryCsv(fs.readFileSync(path.join(pristine, "delivery.csv"), "utf8"));
    runner = (await prepareScripts({ runner: "test/sdk/share/deliverRunner.ts" }, path.join(work, "bundle"))).runner;
  });

  beforeEach(async function () {
    smtp = await startSmtpServer({ login: LOGIN });
  });
  afterEach(async function () {
    await smtp?.close();
  });
  after(function () {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  /** A fresh copy of the issued batch (nothing delivered yet). */
  function freshBatch(name: string): string {
    const dir = path.join(work, name);
    fs.cpSync(pristine, dir, { recursive: true });
    return dir;
  }
  const env = { [SMTP_USER_ENV]: LOGIN.user, [SMTP_PASSWORD_ENV]: LOGIN.pass };
  const withEmail = () => rows.filter((row) => row.email !== "");
  /** How many messages each address received. */
  const tally = () => {
    const counts: Record<string, number> = {};
    for (const message of smtp.messages) for (const to of message.to) counts[to] = (counts[to] ?? 0) + 1;
    return counts;
  };
  const once = () => Object.fromEntries(withEmail().map((row) => [row.email, 1]));

  it("issue writes delivery.csv: the recipients file's line, name, e-mail (when given), credential id and file", function () {
    const text = fs.readFileSync(path.join(pristine, "delivery.csv"), "utf8");
    expect(text.split("\r\n")[0]).to.equal("row,name,email,credentialId,file,shareUrl,linkedInUrl,qrFile");
    expect(text).to.include('\r\n4,"Hopper, Jr., Grace",grace.jr@example.org,urn:uuid:');
    expect(rows.map((row) => row.row)).to.deep.equal(["2", "3", "4", "5", "6", "7", "8", "9", "10", "11"]);
    expect(rows.map((row) => row.email)).to.deep.equal([
      "ada@example.org",
      "grace@example.org",
      "grace.jr@example.org",
      "",
      "katherine@example.org",
      "dorothy@example.org",
      "",
      "emilie@example.org",
      "lihua@example.org",
      "",
    ]);
    expect(rows[8].name).to.equal("李 华");
    for (const [i, row] of rows.entries()) {
      expect(row.file).to.equal(path.relative(pristine, credentialFile(pristine, i)));
      // named for the learner: the slug of the name (none for 李 华 and Ибн Сина) and six hex of keccak256(id)
      expect(row.file).to.equal(`credentials/${SLUGS[i]}-${keccak256(toBytes(row.credentialId)).slice(2, 8)}.json`);
      const credential = JSON.parse(fs.readFileSync(path.join(pristine, row.file), "utf8")) as { id: string };
      expect(row.credentialId).to.equal(credential.id);
      expect([row.shareUrl, row.linkedInUrl, row.qrFile]).to.deep.equal(["", "", ""]);
    }
  });

  it("--dry-run builds every message, sends none and writes no journal", async function () {
    const dir = freshBatch("dry");
    const io = testIo({ cwd: work, env });
    const code = await deliver({ dir, smtp: smtp.url, from: FROM, dryRun: true, json: true }, io);
    expect(code, io.stderr.text()).to.equal(0);
    const out = JSON.parse(io.stdout.text()) as DeliverJson;
    expect(out.results.filter((r) => r.outcome === "would-send").map((r) => r.to)).to.deep.equal(
      withEmail().map((row) => row.email),
    );
    expect(out.noEmail).to.equal(3);
    expect(smtp.messages).to.have.length(0);
    expect(fs.existsSync(path.join(dir, "deliver.journal.json"))).to.equal(false);
  });

  it("sends each learner one message with the credential attached and the LinkedIn link; a second run sends nothing", async function () {
    const dir = freshBatch("full");
    const io = testIo({ cwd: work, env });
    const code = await deliver({ dir, smtp: smtp.url, from: FROM, json: true }, io);
    expect(code, io.stderr.text()).to.equal(0);
    const out = JSON.parse(io.stdout.text()) as DeliverJson;
    expect(out).to.include({ sent: 7, alreadySent: 0, uncertain: 0, failed: 0, noEmail: 3 });
    expect(tally()).to.deep.equal(once());
    expect(io.stdout.text() + io.stderr.text()).to.not.include(LOGIN.pass);

    for (const row of withEmail()) {
      const message = smtp.messages.find((m) => m.to.includes(row.email))!;
      expect(message.user, "logged in with the environment's user").to.equal(LOGIN.user);
      expect(message.from).to.equal("credentials@example.edu");
      const headers = parseHeaders(message.raw.split("\r\n\r\n")[0]);
      expect(headers.subject).to.equal("Your credential: Data Analytics Certificate");
      const journal = await readDeliveryJournal(dir);
      expect(journal!.entries[row.file]).to.include({ state: "sent", to: row.email, messageId: headers["message-id"] });
      const parts = mimeParts(message.raw);
      const json = parts.find((p) => (p.headers["content-type"] ?? "").startsWith("application/json"));
      expect(json, "the credential JSON is attached").to.not.equal(undefined);
      expect(json!.headers["content-disposition"]).to.match(
        /^attachment; filename="?data-analytics-certificate\.json"?$/,
      );
      expect(json!.body.toString("utf8")).to.equal(fs.readFileSync(path.join(dir, row.file), "utf8"));
      // The baked badge (sdk/src/bake, issue 13 section 4): a PNG whose iTXt chunk holds the same JSON.
      const png = parts.find((p) => (p.headers["content-type"] ?? "").startsWith("image/png"));
      expect(png, "the baked PNG is attached").to.not.equal(undefined);
      expect(png!.headers["content-disposition"]).to.match(/filename="?data-analytics-certificate\.png"?$/);
      expect(unbakePng(png!.body)).to.equal(json!.body.toString("utf8"));
      const text = parts.find((p) => (p.headers["content-type"] ?? "").startsWith("text/plain"))!.body.toString("utf8");
      const html = parts.find((p) => (p.headers["content-type"] ?? "").startsWith("text/html"))!.body.toString("utf8");
      const linkedIn = `https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Data%20Analytics%20Certificate&organizationName=Example%20University`;
      expect(text).to.include(`Dear ${row.name},`).and.to.include(linkedIn);
      expect(html).to.include("Add to LinkedIn").and.to.include(linkedIn.replace(/&/g, "&#38;"));
      expect(text).to.include(`certId=${encodeURIComponent(row.credentialId)}`);
    }

    const again = testIo({ cwd: work, env });
    expect(await deliver({ dir, smtp: smtp.url, from: FROM, json: true }, again)).to.equal(0);
    expect(JSON.parse(again.stdout.text())).to.include({ sent: 0, alreadySent: 7 });
    expect(smtp.messages).to.have.length(7);
  });

  it("a batch issued from a template with badgeImage: each attached PNG is that image with the credential baked in", async function () {
    const image = await qrPng("https://example.edu/seal");
    const templateDir = path.join(work, "template-with-badge");
    fs.mkdirSync(templateDir);
    fs.writeFileSync(path.join(templateDir, "seal.png"), image);
    const template = JSON.parse(fs.readFileSync(path.join(FIXTURES, "template.json"), "utf8")) as Record<
      string,
      unknown
    >;
    fs.writeFileSync(path.join(templateDir, "t.json"), JSON.stringify({ ...template, badgeImage: "seal.png" }));
    const issueIo = testIo({ cwd: work });
    const issued = await issue(
      {
        template: path.join(templateDir, "t.json"),
        recipients: path.join(FIXTURES, "recipients.csv"),
        out: "batch-with-badge",
        workers: 0,
        noSign: true,
      },
      issueIo,
    );
    expect(issued, issueIo.stderr.text()).to.equal(0);
    const dir = path.join(work, "batch-with-badge");
    expect(fs.readFileSync(path.join(dir, "badge.png")).equals(image)).to.equal(true);
    const io = testIo({ cwd: work, env });
    expect(await deliver({ dir, smtp: smtp.url, from: FROM, json: true }, io), io.stderr.text()).to.equal(0);
    expect(JSON.parse(io.stdout.text())).to.include({ sent: 7, failed: 0 });
    expect(smtp.messages).to.have.length(7);
    for (const message of smtp.messages) {
      const parts = mimeParts(message.raw);
      const json = parts.find((p) => (p.headers["content-type"] ?? "").startsWith("application/json"))!;
      const png = parts.find((p) => (p.headers["content-type"] ?? "").startsWith("image/png"))!;
      expect(unbakePng(png.body)).to.equal(json.body.toString("utf8"));
      // The issuer's image (its signature and IHDR), not the drawn default badge.
      expect(png.body.subarray(0, 33).equals(image.subarray(0, 33))).to.equal(true);
    }
  });

  it("a run killed right after the server took a message: the next run sends only the rest and reports that one, never sending it twice", async function () {
    const dir = freshBatch("crash-after-send");
    const options = JSON.stringify({ dir, smtp: smtp.url, from: FROM });
    const crashed = await runNode([...runner, options], {
      env: childEnv({ ...env, DELIVER_CRASH_AT: "deliver:after-send:3" }),
    });
    expect(crashed.signal, crashed.stderr).to.equal("SIGKILL");
    expect(smtp.messages.map((m) => m.to[0])).to.deep.equal(
      withEmail()
        .slice(0, 3)
        .map((r) => r.email),
    );
    const journal = await readDeliveryJournal(dir);
    const third = withEmail()[2];
    expect(journal!.entries[third.file].state).to.equal("sending");

    const resumed = await runNode([...runner, options], { env: childEnv(env) });
    expect(resumed.code, resumed.stderr).to.equal(1);
    const out = JSON.parse(resumed.stdout) as DeliverJson;
    expect(out).to.include({ sent: 4, alreadySent: 2, uncertain: 1, failed: 0 });
    const uncertain = out.results.find((r) => r.outcome === "uncertain")!;
    expect(uncertain).to.include({
      file: third.file,
      to: third.email,
      messageId: journal!.entries[third.file].messageId,
    });
    // The Message-ID the journal names is the one the server received: the operator can look it up.
    expect(smtp.messages[2].raw).to.include(`Message-ID: ${uncertain.messageId}`);
    expect(tally()).to.deep.equal(once());
    expect(resumed.stdout + resumed.stderr + crashed.stdout + crashed.stderr).to.not.include(LOGIN.pass);
  });

  it("a run killed after recording 'sending' but before sending: reported, and sent once with --resend-uncertain", async function () {
    const dir = freshBatch("crash-before-send");
    const options = { dir, smtp: smtp.url, from: FROM };
    const crashed = await runNode([...runner, JSON.stringify(options)], {
      env: childEnv({ ...env, DELIVER_CRASH_AT: "deliver:journal-sending:2" }),
    });
    expect(crashed.signal, crashed.stderr).to.equal("SIGKILL");
    expect(smtp.messages).to.have.length(1);

    const plain = testIo({ cwd: work, env });
    expect(await deliver(options, plain)).to.equal(1);
    expect(plain.stdout.text())
      .to.include("1 e-mail may or may not have been sent")
      .and.to.include(`${withEmail()[1].email} (${withEmail()[1].file}), Message-ID <credanchor.`)
      .and.to.include("--resend-uncertain");
    expect(smtp.messages).to.have.length(6);

    const resend = testIo({ cwd: work, env });
    expect(await deliver({ ...options, resendUncertain: true, json: true }, resend)).to.equal(0);
    expect(JSON.parse(resend.stdout.text())).to.include({ sent: 1, alreadySent: 6, uncertain: 0 });
    expect(tally()).to.deep.equal(once());
  });

  it("refuses an SMTP URL with a password in it, without printing the password", async function () {
    const io = testIo({ cwd: work });
    const attempt = deliver({ dir: pristine, smtp: `smtp://mailer:${LOGIN.pass}@127.0.0.1:25`, from: FROM }, io);
    const error = await attempt.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.include("--smtp carries a user name or password").and.not.include(LOGIN.pass);
    expect(smtp.messages).to.have.length(0);
  });

  it("a server that refuses the login: stops before recording or sending anything; the next run sends all", async function () {
    const dir = freshBatch("bad-login");
    const io = testIo({ cwd: work, env: { [SMTP_USER_ENV]: LOGIN.user, [SMTP_PASSWORD_ENV]: "wrong-Pass-19" } });
    const error = await deliver({ dir, smtp: smtp.url, from: FROM, json: true }, io).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message)
      .to.match(new RegExp(`^cannot use the SMTP server smtp://127\\.0\\.0\\.1:\\d+: Invalid login: 535`))
      .and.not.include("wrong-Pass-19");
    expect(fs.existsSync(path.join(dir, "deliver.journal.json"))).to.equal(false);
    expect(smtp.messages).to.have.length(0);

    const retry = testIo({ cwd: work, env });
    expect(await deliver({ dir, smtp: smtp.url, from: FROM, json: true }, retry)).to.equal(0);
    expect(tally()).to.deep.equal(once());
  });
});
