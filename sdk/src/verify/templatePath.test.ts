/**
 * The template fast path (templatePath.ts) against the full path, on a real issued batch
 * (issueBatch over test/fixtures/batch/template.json, recipients of several shapes: e-mail, DID,
 * URL, non-ASCII and emoji names, with and without a score) and a batch re-issued with values that
 * break the validation rules but carry a correct proof. Every text, unmutated or mutated in every way
 * the path must notice, is verified in jobs as a worker runs them (`verifyTextsShared`) with the fast
 * path and without it; after a structured clone and `expandWorks`, the works must be deep-equal. The
 * unmutated texts of one shape must actually take the fast path (templatePathCounters).
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { issueBatch } from "../batch/issueBatch";
import { initKeccak } from "../hash/keccak";
import { createCanonizer } from "../sign/canonize";
import { createDidWebKeyResolver } from "../sign/resolveAssertionKey";
import type { AnchorRecord, CredAnchorProof, Hex } from "../types";
import { editEntry, entryOf } from "../../../test/fixtures/samples";
import { buildTestBatch, proveBatch } from "../../../test/helpers/verifyFixtures";
import { expandWorks } from "./shareWorks";
import { TemplatePath, templatePathCounters } from "./templatePath";
import type { Work } from "./verdict";
import { verifyTextsShared } from "./verifyWorker";
import { credentialsFastPath, verifyCredentials } from "./verifyCredentials";

type Doc = Record<string, unknown> & { proof: unknown };

const REPO = path.resolve(__dirname, "../../..");
const NOW_MS = Date.parse("2027-06-01T00:00:00Z");
const signature = { resolveKey: createDidWebKeyResolver(), canonizer: createCanonizer() };

/** Runs `jobs` through one thread's loop, with the fast path or without, and expands each job's works. */
async function run(jobs: string[][], fast: TemplatePath | undefined): Promise<Work[][]> {
  const out: Work[][] = [];
  for (const texts of jobs) {
    const files = texts.map((_, i) => `${i}.json`);
    const shared = await verifyTextsShared(texts, { nowMs: NOW_MS, files }, signature, fast);
    const works = expandWorks(structuredClone(shared), files);
    // A work that crossed whole keeps `passed` as an undefined member (expandWorks clears it); one
    // rebuilt from a row has none. Not a difference in the work: left out of the comparison.
    for (const w of works) if (w.passed === undefined) delete w.passed;
    out.push(works);
  }
  return out;
}

/** The number of rows the fast path made while `body` ran. */
async function taken(body: () => Promise<unknown>): Promise<number> {
  const before = templatePathCounters.taken;
  await body();
  return templatePathCounters.taken - before;
}

const text = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;
const flip = (hex: Hex): Hex => `${hex.slice(0, -1)}${hex.endsWith("0") ? "1" : "0"}` as Hex;
const subjectOf = (document: Doc) => document.credentialSubject as Record<string, unknown>;

/** A credential issued again from `documents` (their proofs dropped) as one batch: correct proofs. */
async function reissue(documents: Doc[]): Promise<Doc[]> {
  const unsigned = documents.map((document) => {
    const copy = structuredClone(document) as Partial<Doc>;
    delete copy.proof;
    return copy;
  });
  return (await proveBatch(unsigned, "2026-12-01T00:00:00Z")).credentials as unknown as Doc[];
}

describe("templatePath: the template fast path gives the full path's works", function () {
  this.timeout(120_000);
  let work: string;
  let texts: string[];
  let documents: Doc[];
  /** Each mutation after two valid texts of its batch (filled by the mutation test). */
  const mutatedTexts: string[] = [];
  /** Texts of the rule-breaking re-issued batch and of the anchored batch (filled by their tests). */
  const otherTexts: string[] = [];

  before(async function () {
    await initKeccak();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-template-path-"));
    const recipients = path.join(work, "recipients.csv");
    const rows = fs.readFileSync(path.join(REPO, "test/fixtures/batch/recipients.csv"), "utf8").trimEnd().split("\n");
    for (let i = 0; i < 24; i++) rows.push(`Learner ${i},learner${i}@example.org,,${50 + i}`);
    rows.push("Zoë 🎓 Ångström,zoe@example.org,,93", "Learner Ω,omega@example.org,,60");
    fs.writeFileSync(recipients, `${rows.join("\n")}\n`);
    const outDir = path.join(work, "batch");
    await issueBatch({
      template: path.join(REPO, "test/fixtures/batch/template.json"),
      recipients,
      outDir,
      workers: 0,
      now: "2026-12-07T16:00:00.000Z",
    });
    const folder = path.join(outDir, "credentials");
    const names = fs.readdirSync(folder).sort();
    texts = names.map((name) => fs.readFileSync(path.join(folder, name), "utf8"));
    documents = texts.map((t) => JSON.parse(t) as Doc);
    // Ordered by leaf index, as a batch folder is verified.
    const order = documents.map((d, i) => [entryOf(d).leafIndex, i]).sort((a, b) => a[0] - b[0]);
    texts = order.map(([, i]) => texts[i]);
    documents = order.map(([, i]) => documents[i]);
  });

  after(function () {
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("takes every credential of the batch's common shape but the first of each job, with the same works", async function () {
    const common = texts.filter((t) => /"name": "Learner \d+"/.test(t));
    expect(common.length).to.equal(24);
    const jobs = [common.slice(0, 10), common.slice(10)];
    const fast = new TemplatePath();
    let withFast: Work[][] = [];
    const count = await taken(async () => (withFast = await run(jobs, fast)));
    expect(count).to.equal(common.length - jobs.length);
    const without = await run(jobs, undefined);
    expect(withFast).to.deep.equal(without);
    for (const job of withFast) {
      for (const w of job) {
        expect(w.checks.integrity?.code).to.equal("INTEGRITY_OK");
        expect(w.checks.inclusion?.code).to.equal("INCLUSION_OK");
      }
    }
  });

  it("gives the full path's works for every credential of the batch, of every shape, in one job", async function () {
    const fast = new TemplatePath();
    const count = await taken(async () => {
      expect(await run([texts], fast)).to.deep.equal(await run([texts], undefined));
    });
    expect(count).to.be.greaterThan(10);
  });

  it("falls back to the full path for every mutated text: the same works, and no row for the mutation", async function () {
    const base = texts.findIndex((t) => t.includes('"name": "Learner 3"'));
    const a = texts[base - 1];
    const b = texts[base];
    const document = documents[base + 1];
    const t = texts[base + 1];
    const other = documents[base + 2];
    const subject = subjectOf(document);
    const identityHash = (subject.identifier as Record<string, string>[])[0].identityHash;
    const withProof = (edit: (data: CredAnchorProof) => void) => {
      const copy = structuredClone(document);
      editEntry(copy, edit);
      return text(copy);
    };
    const proofValueOf = (d: Doc) => ((d.proof as Record<string, string>[])[0] as { proofValue: string }).proofValue;
    // The proofValue's bytes edited (the text respelt): what the row template's proofValue must repeat.
    const proofValue = proofValueOf(document);
    const withBytes = (edit: (bytes: Buffer) => Buffer) => {
      const bytes = edit(Buffer.from(proofValue.slice(1), "base64url"));
      return t.replace(proofValue, `u${bytes.toString("base64url")}`);
    };
    const pointerAt = Buffer.from(proofValue.slice(1), "base64url").indexOf("/credentialSubject/");
    expect(pointerAt).to.be.greaterThan(70);
    // 4 unused bits in the last character: one set is another spelling of the same bytes.
    expect(proofValue.length % 4).to.equal(3);
    const last = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".indexOf(proofValue.slice(-1));
    const mutations: Record<string, string> = {
      "id not a URI": t.replace(`"id": "${document.id as string}"`, '"id": "not a uri"'),
      "id empty": t.replace(`"id": "${document.id as string}"`, '"id": ""'),
      "name empty": t.replace(`"name": "${subject.name as string}"`, '"name": ""'),
      "name overlong": t.replace(`"name": "${subject.name as string}"`, `"name": "${"x".repeat(100_000)}"`),
      "name another": t.replace(`"name": "${subject.name as string}"`, '"name": "Learner 77"'),
      "identityHash upper case": t.replace(identityHash, identityHash.toUpperCase().replace("SHA256", "sha256")),
      "identityHash short": t.replace(identityHash, identityHash.slice(0, -1)),
      "result value": t.replace(/"value": "\d+"/, '"value": "100"'),
      "a literal byte": t.replace("Example University", "Example Universitx"),
      "validUntil in the past": t.replace("2031-01-01T00:00:00Z", "2026-01-01T00:00:00Z"),
      "whitespace added": t.replace("{\n", "{ \n"),
      "whitespace removed": t.replace('"type": [\n    "VerifiableCredential"', '"type": ["VerifiableCredential"'),
      "a member renamed": t.replace('"validFrom"', '"validFrum"'),
      "a member duplicated": t.replace(
        `"id": "${document.id as string}",`,
        `"id": "${document.id as string}",\n  "id": "urn:uuid:x",`,
      ),
      "members reordered": (() => {
        const { id, type, ...rest } = document;
        return text({ type, id, ...rest });
      })(),
      "a \\u0041 escape": t.replace(`"name": "Learner`, '"name": "\\u004cearner'),
      "a control character": t.replace(`"name": "Learner`, '"name": "Le\tarner'),
      "a lone surrogate": t.replace(`"name": "Learner`, '"name": "Le\ud800arner'),
      "non-ASCII name": t.replace(`"name": "Learner`, '"name": "Lëarner'),
      "a salt changed": withProof((p) => {
        const key = Object.keys(p.salts)[0];
        p.salts[key] = flip(p.salts[key]);
      }),
      "the digest changed": withProof((p) => (p.digest = flip(p.digest))),
      "a path level changed": withProof((p) => (p.path = [p.path[0], flip(p.path[1]), ...p.path.slice(2)])),
      "a path level dropped": withProof((p) => (p.path = p.path.slice(0, -1))),
      "the leaf index changed": withProof((p) => (p.leafIndex += 1)),
      "a redacted hash added": withProof((p) => (p.redactedHashes = [`0x${"ab".repeat(32)}` as Hex])),
      "the root changed": withProof((p) => (p.root = flip(p.root))),
      "another credential's proofValue": t.replace(proofValueOf(document), proofValueOf(other)),
      "a proofValue with a quote": t.replace(proofValueOf(document), `${proofValueOf(document).slice(0, 10)}\\"x`),
      "a proofValue not base64url": t.replace(proofValueOf(document), `${proofValueOf(document).slice(0, -2)}+/`),
      "a salt pointer's byte (same length)": withBytes((bytes) => {
        bytes[pointerAt + 1] ^= 1;
        return bytes;
      }),
      "the anchor's null (same length)": withBytes((bytes) => {
        bytes[bytes.length - 1] = 0xf7;
        return bytes;
      }),
      "a root byte (same length)": withBytes((bytes) => {
        bytes[38] ^= 0x80;
        return bytes;
      }),
      "version 2": withBytes((bytes) => {
        bytes[1] = 2;
        return bytes;
      }),
      "the leaf index in a longer head": withBytes((bytes) =>
        Buffer.concat([bytes.subarray(0, 70), Buffer.from(bytes[70] < 24 ? [0x18] : [0x19, 0]), bytes.subarray(70)]),
      ),
      "a byte after the anchor": withBytes((bytes) => Buffer.concat([bytes, Buffer.from([0])])),
      "a proofValue with an unused bit set": t.replace(
        proofValue,
        `${proofValue.slice(0, -1)}${"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[last | 1]}`,
      ),
      "a proofValue with padding": t.replace(proofValue, `${proofValue}=`),
      "a proofValue without its multibase prefix": t.replace(proofValue, `z${proofValue.slice(1)}`),
      "trailing text": `${t}x`,
      "trailing whitespace": `${t} `,
      "cut short": t.slice(0, -3),
      "a byte order mark": `\ufeff${t}`,
      "an array for the name": t.replace(`"name": "${subject.name as string}"`, '"name": ["x"]'),
    };
    for (const [name, mutated] of Object.entries(mutations)) expect(mutated, name).not.to.equal(t);
    mutatedTexts.push(...Object.values(mutations).flatMap((mutated) => [a, b, mutated]));
    const fast = new TemplatePath();
    for (const [name, mutated] of Object.entries(mutations)) {
      const jobs = [[a, b, mutated]];
      let withFast: Work[][] = [];
      const count = await taken(async () => (withFast = await run(jobs, fast)));
      expect(count, name).to.equal(1); // b alone: the mutation takes the full path
      expect(withFast, name).to.deep.equal(await run(jobs, undefined));
    }
  });

  it("takes the credentials of an anchored batch (anchor record in the proofValue) and falls back for another record", async function () {
    const record: AnchorRecord = {
      chain: "eip155:31337",
      registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      transactionHash: `0x${"12".repeat(32)}`,
      blockNumber: 7,
      anchoredAt: "2026-12-01T00:00:01Z",
    };
    const batch = await buildTestBatch(12, { anchor: () => Promise.resolve(record) });
    const anchored = batch.credentials.map(text);
    expect(anchored[0]).to.include('"verificationMethod": "did:pkh:eip155:31337:');
    const moved = (i: number, edit: Partial<typeof record>) => {
      const copy = structuredClone(batch.credentials[i]);
      editEntry(copy, (p) => (p.anchor = { ...record, ...edit }));
      return text(copy);
    };
    const jobs = [
      anchored.slice(0, 5),
      [
        anchored[5],
        anchored[6],
        moved(7, { blockNumber: 8 }),
        anchored[8],
        moved(9, { anchoredAt: "2026-12-01T00:00:02Z" }),
      ],
      [anchored[10], moved(11, { registry: `0x${"ab".repeat(20)}` }), anchored[11]],
    ];
    otherTexts.push(...jobs.flat());
    const fast = new TemplatePath();
    let withFast: Work[][] = [];
    const count = await taken(async () => (withFast = await run(jobs, fast)));
    // Job 1: four rows. Job 2: anchored[6] only (the next records differ: full path, then the template
    // is that whole work). Job 3: none (another registry: another verificationMethod, a literal).
    expect(count).to.equal(4 + 1 + 0);
    expect(withFast).to.deep.equal(await run(jobs, undefined));
  });

  it("checks each slot with the validation rule at its pointer: values the issuer signed but the rules refuse", async function () {
    const common = documents.filter((d) => /^Learner \d+$/.test(subjectOf(d).name as string)).slice(0, 12);
    const edits: ((d: Doc) => void)[] = [
      (d) => (d.id = "not a uri"),
      (d) => (d.id = "urn:uuid: spaced"),
      (d) => ((subjectOf(d).identifier as Record<string, unknown>[])[0].identityHash = "sha256$abc"),
      (d) => ((subjectOf(d).identifier as Record<string, unknown>[])[0].identityHash = ""),
      (d) => (subjectOf(d).name = ""),
      (d) => (subjectOf(d).name = "x".repeat(20_000)),
      (d) => ((subjectOf(d).result as Record<string, unknown>[])[0].value = ""),
    ];
    // Unmutated and mutated credentials of ONE batch (one root), so that each mutation reaches the checks.
    const mixed: Doc[] = [];
    common.forEach((d, i) => {
      mixed.push(d);
      if (i < edits.length) {
        const copy = structuredClone(d);
        edits[i](copy);
        mixed.push(copy);
      }
    });
    const reissued = (await reissue(mixed)).map(text);
    otherTexts.push(...reissued);
    const fast = new TemplatePath();
    let withFast: Work[][] = [];
    await taken(async () => (withFast = await run([reissued], fast)));
    const without = await run([reissued], undefined);
    expect(withFast).to.deep.equal(without);
    const formats = without[0].map((w) => w.checks.format?.code);
    // The bad URI and identity hash fail the format check; the empty and long strings are valid.
    expect(formats.filter((code) => code !== "FORMAT_OK")).to.have.length(4);
    // Each unmutated credential after the first, and each valid mutation, took the fast path.
    const count = await taken(() => run([reissued], fast));
    expect(count).to.equal(reissued.length - 1 - 4);
  });

  it("verifyCredentials (serve's verify-batch threads) gives the same results with the fast path as without", async function () {
    expect(mutatedTexts.length).to.be.greaterThan(90);
    expect(otherTexts.length).to.be.greaterThan(20);
    const inputs = [...texts, ...mutatedTexts, ...otherTexts, ...texts];
    const now = new Date(NOW_MS);
    const files = inputs.map((_, i) => `in/${i}.json`);
    let withFast: unknown;
    const count = await taken(async () => (withFast = await verifyCredentials(inputs, { now, files })));
    credentialsFastPath.enabled = false;
    try {
      const plain = await verifyCredentials(inputs, { now, files });
      expect(withFast).to.deep.equal(plain);
    } finally {
      credentialsFastPath.enabled = true;
    }
    expect(count).to.be.greaterThan(texts.length);
    // With progress events, every check is reported in order: the fast path is not taken.
    const events = await taken(() => verifyCredentials(texts, { now, onCheck: () => undefined }));
    expect(events).to.equal(0);
  });
});
