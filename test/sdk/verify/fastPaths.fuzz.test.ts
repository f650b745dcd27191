/**
 * A differential mutation fuzzer of the verification fast paths. Real credentials of one batch (issueBatch
 * over the bench's template, test/fixtures/batch/template.json, recipients of several shapes), anchored on
 * a `hardhat node`, a few revoked, one suspended, beside a second anchored batch of the same shape and a
 * third never anchored, are mutated as an attacker would (test/helpers/credentialMutants.ts: bytes
 * flipped in slot values and in the template's text, members reordered, duplicated, removed, added,
 * whitespace, `\u` escapes, numbers, case, lookalikes, long values, a BOM, CRLF, proof fields swapped
 * between credentials of the batch, a credential of another batch). Each mutant sits in a directory of
 * valid credentials of its shape (two before it, so the template fast path has its row template), and
 * is verified by every path:
 *
 * - the full path, alone (`verifyCredential`), and over the whole list with no fast path and no shared
 *   chain outcome (the reference);
 * - `verifyCredentials` over the whole list (the template fast path, serve's threads' path);
 * - `verifyCredentialFiles` from files on disk, on the calling thread and on two worker threads (packed
 *   rows, the Merkle memo);
 * - `credanchor serve`: `/credentials/verify` of each mutant alone, and verify-batch of the whole list
 *   through its worker threads (the byte scanner, the own-credentials marks, the answers from byte
 *   templates), each answer against the SDK's result as the VC API answer.
 *
 * Any difference between paths fails, and so does a mutant that reads valid while its content (what the
 * digest covers), its leaf index, digest or root differs from the credential it was made from. Deterministic: a fixed
 * seed and a bounded number of base credentials; CREDANCHOR_FUZZ_SEED and CREDANCHOR_FUZZ_BASES set
 * others for longer runs, CREDANCHOR_FUZZ_REPORT=1 prints the mutants by kind and verdict. Also: calls
 * that overlap on one thread each get their own results (the fast path's row template once crossed calls).
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { issueBatch } from "../../../sdk/src/batch/issueBatch";
import { canonicalJson } from "../../../sdk/src/canonical/canonicalJson";
import { initKeccak } from "../../../sdk/src/hash/keccak";
import type { Address, AnchorRecord, Caip2ChainId, Hex } from "../../../sdk/src/types";
import { chainOutcomeMemo } from "../../../sdk/src/verify/checks/batchOutcome";
import { verifyCredentialFiles } from "../../../sdk/src/verify/files";
import { templatePathCounters } from "../../../sdk/src/verify/templatePath";
import type { VerificationResult } from "../../../sdk/src/verify/types";
import { verifyCredential } from "../../../sdk/src/verify/verifyCredential";
import { credentialsFastPath, verifyCredentials } from "../../../sdk/src/verify/verifyCredentials";
import { serveConfig } from "../../../cli/serve/config";
import { startVerificationServer, type VerificationServer } from "../../../cli/serve/createServer";
import { toVcApiVerification } from "../../../cli/serve/vcApi";
import { editEntry, entryOf } from "../../fixtures/samples";
import { credentialText, mutantsOf, type Mutant } from "../../helpers/credentialMutants";
import { seededRandom } from "../../helpers/seededRandom";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import {
  anchorTestRoot,
  deployTestRegistry,
  testChain,
  withAnchor,
  writeRegistry,
  type TestCredential,
} from "../../helpers/verifyFixtures";

const CHAIN: Caip2ChainId = "eip155:31337";
const REPO = path.resolve(__dirname, "../../..");
const NOW = "2027-06-01T00:00:00Z";
const SEED = Number(process.env.CREDANCHOR_FUZZ_SEED ?? 16);
/** Base credentials mutated (each gives up to 34 mutants, one of each kind), besides one of another shape. */
const BASES = Number(process.env.CREDANCHOR_FUZZ_BASES ?? 3);

type Doc = Record<string, unknown> & { proof: unknown };

/** Recipients whose names JSON escapes or the answers' templates must write with care (CSV rows). */
const ODD_NAMES = [
  "Zoë 🎓 Ångström,zoe@example.org,,93",
  '"Mallory ""Q."" O\\Brien",mq@example.org,,77',
  "Line\u2028Separator </script>,ls@example.org,,61",
];

/** One entry of the list every path verifies: its text, and for a mutant what it was made from. */
interface Entry {
  text: string;
  kind: string;
  /** The credential's own text it was made from (for a mutant), else undefined. */
  issued?: string;
}

/** A document's content as the digest covers it: the document without `proof`, as JCS text. */
function contentOf(document: Doc): string {
  const { proof: _proof, ...rest } = document;
  return canonicalJson(rest);
}

/** A result without what differs by where it was verified (its position, its file name). */
function placeless(result: VerificationResult): Omit<VerificationResult, "index" | "file"> {
  const { index: _index, file: _file, ...rest } = result;
  return rest;
}

/** A serve answer without the moments it was made at (the validity check's `now`). */
function timeless(answer: unknown): unknown {
  const { statusAge: _age, ...rest } = answer as Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest).replace(/"now":"[^"]*"/g, '"now":""')) as unknown;
}

/** Issues `rows` (CSV lines after the header) from the bench's template into `dir`; texts by leaf index. */
async function issue(dir: string, rows: string[]): Promise<{ root: Hex; documents: Doc[] }> {
  const recipients = path.join(dir, "recipients.csv");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(recipients, `name,email,id,score\n${rows.join("\n")}\n`);
  const { manifest } = await issueBatch({
    template: path.join(REPO, "test/fixtures/batch/template.json"),
    recipients,
    outDir: path.join(dir, "batch"),
    workers: 0,
    now: "2026-12-07T16:00:00.000Z",
  });
  const folder = path.join(dir, "batch", "credentials");
  const documents = fs
    .readdirSync(folder)
    .map((name) => JSON.parse(fs.readFileSync(path.join(folder, name), "utf8")) as Doc)
    .sort((a, b) => entryOf(a).leafIndex - entryOf(b).leafIndex);
  return { root: manifest.root as Hex, documents };
}

describe("the verification fast paths give the full path's verdicts on mutated credentials (differential fuzzer)", function () {
  this.timeout(600_000);
  let node: SharedHardhatNode;
  let work: string;
  let entries: Entry[];
  let reference: VerificationResult[];
  /** The entries' texts as files, one folder, and the reference's results with those file names. */
  let files: string[];
  let referenceFiles: VerificationResult[];
  let rpc: Partial<Record<Caip2ChainId, string>>;
  /** Batch A's credentials as issued (anchored), and the learners' among them that are valid. */
  let issuedTexts: string[];
  let validLearners: number[];

  before(async function () {
    await initKeccak();
    node = await sharedHardhatNode();
    rpc = { [CHAIN]: node.url };
    const chain = testChain(node.url);
    const registry: Address = await deployTestRegistry(chain, { url: "https://www.example.edu" });
    work = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-fast-paths-fuzz-"));
    const fixtureRows = fs
      .readFileSync(path.join(REPO, "test/fixtures/batch/recipients.csv"), "utf8")
      .trimEnd()
      .split("\n")
      .slice(1);
    const learners = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => `Learner ${from + i},learner${from + i}@example.org,,${50 + i}`);
    const a = await issue(path.join(work, "a"), [...fixtureRows, ...learners(0, 24), ...ODD_NAMES]);
    const b = await issue(path.join(work, "b"), learners(100, 6));
    const c = await issue(path.join(work, "c"), learners(200, 4));
    const anchorA: AnchorRecord = await anchorTestRoot(chain, registry, a.root, a.documents.length);
    const anchorB: AnchorRecord = await anchorTestRoot(chain, registry, b.root, b.documents.length);
    const inA = a.documents.map((d) => withAnchor(d as TestCredential, anchorA));
    const inB = b.documents.map((d) => withAnchor(d as TestCredential, anchorB));
    // Batch C never anchored: its credentials carry A's anchor record (a borrowed anchor), and one its
    // proof's root replaced by A's (the path then leads elsewhere).
    const inC = c.documents.map((d) => withAnchor(d as TestCredential, anchorA));
    const rootMoved = structuredClone(inC[1]);
    editEntry(rootMoved, (proof) => (proof.root = a.root));

    const learnerIndices = inA.flatMap((d, i) => (/^Learner \d+$/.test(subjectName(d)) ? [i] : []));
    const revoked = [learnerIndices[3], learnerIndices[9], learnerIndices[17]];
    const suspended = learnerIndices[5];
    await writeRegistry(chain, registry, "revoke", a.root, revoked);
    await writeRegistry(chain, registry, "suspend", a.root, [suspended]);
    validLearners = learnerIndices.filter((i) => !revoked.includes(i) && i !== suspended);

    const textsA = inA.map(credentialText);
    issuedTexts = textsA;
    const random = seededRandom(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    // The bases: valid learners, the revoked and the suspended one, a credential of another shape.
    const bases = [revoked[0], suspended, ...learnerIndices.filter((i) => !revoked.includes(i) && i !== suspended)];
    const chosen = Array.from({ length: BASES }, (_, k) => (k < 2 ? bases[k] : pick(bases.slice(2))));
    chosen.push(pick(inA.map((_, i) => i).filter((i) => !learnerIndices.includes(i))));
    const mutants: Mutant[] = chosen.flatMap((base) => mutantsOf(textsA, base, random));

    entries = [];
    // The unmutated batch, in leaf order, then the other batches interleaved with A's learners.
    for (const text of textsA) entries.push({ text, kind: "issued" });
    for (const [i, credential] of [...inB, ...inC, rootMoved].entries()) {
      entries.push({ text: textsA[validLearners[i % validLearners.length]], kind: "issued" });
      entries.push({ text: credentialText(credential), kind: i < inB.length ? "another batch" : "not anchored" });
    }
    // Each mutant after two valid credentials of its batch (the row template taken from them), then one more.
    for (const mutant of mutants) {
      for (let k = 0; k < 2; k++) entries.push({ text: textsA[pick(validLearners)], kind: "issued" });
      entries.push({ text: mutant.text, kind: mutant.kind, issued: textsA[mutant.base] });
    }
    entries.push({ text: textsA[validLearners[0]], kind: "issued" });

    const folder = path.join(work, "files");
    fs.mkdirSync(folder);
    files = entries.map((entry, i) => {
      const file = path.join(folder, `${String(i).padStart(5, "0")}.json`);
      fs.writeFileSync(file, entry.text);
      return file;
    });
    // The reference: every credential's offline checks from its parsed document, its chain results on
    // their own (no template fast path, no shared batch outcome); without file names and with them (a
    // format error's message names the file).
    const texts = entries.map((entry) => entry.text);
    chainOutcomeMemo.enabled = false;
    credentialsFastPath.enabled = false;
    try {
      reference = await verifyCredentials(texts, { rpc, now: NOW });
      referenceFiles = await verifyCredentials(texts, { rpc, now: NOW, files });
    } finally {
      chainOutcomeMemo.enabled = true;
      credentialsFastPath.enabled = true;
    }
  });

  after(async function () {
    if (work) fs.rmSync(work, { recursive: true, force: true });
    await node?.release();
  });

  it("the fixture has what it means to cover: valid, revoked, suspended, another batch, not anchored, and mutants of every kind", function () {
    const codes = new Set(
      reference.map((r) => r.checks.find((c) => c.status !== "passed" && c.status !== "skipped")?.code ?? r.status),
    );
    for (const code of [
      "valid",
      "REVOCATION_CREDENTIAL_REVOKED",
      "SUSPENSION_SUSPENDED",
      "ANCHOR_ROOT_NOT_FOUND",
      "INCLUSION_PROOF_MISMATCH",
      "INTEGRITY_DIGEST_MISMATCH",
      "FORMAT_INVALID_JSON",
    ]) {
      expect(codes, code).to.include(code);
    }
    const kinds = new Set(entries.filter((e) => e.issued !== undefined).map((e) => e.kind));
    expect(kinds.size).to.be.at.least(24);
    // Some mutants keep their meaning (whitespace, member order, an escape): valid on the full path too.
    const validMutants = entries.filter((e, i) => e.issued !== undefined && reference[i].status === "valid");
    expect(validMutants.length).to.be.greaterThan(0);
    if (process.env.CREDANCHOR_FUZZ_REPORT) {
      // For long runs: the mutants by kind and by the full path's verdict.
      const table: Record<string, Record<string, number>> = {};
      entries.forEach((entry, i) => {
        const row = (table[entry.kind] ??= {});
        row[reference[i].status] = (row[reference[i].status] ?? 0) + 1;
      });
      console.log(JSON.stringify(table));
      // And what each valid mutant changed: the first line that differs from the issued text.
      entries.forEach((entry, i) => {
        if (entry.issued === undefined || reference[i].status !== "valid") return;
        const [mine, theirs] = [entry.text.split("\n"), entry.issued.split("\n")];
        const line = mine.findIndex((text, k) => text !== theirs[k]);
        console.log(`${entry.kind}: ${JSON.stringify(mine[line]?.slice(0, 120))}`);
        const [own, original] = [
          entryOf(JSON.parse(entry.text.replace(/^\ufeff/, "")) as Doc),
          entryOf(JSON.parse(entry.issued) as Doc),
        ];
        const differs = (Object.keys(own) as (keyof typeof own)[]).filter(
          (key) => JSON.stringify(own[key]) !== JSON.stringify(original[key]),
        );
        if (differs.length > 0)
          console.log(
            `  the proof's ${differs.map((key) => `${key}: ${JSON.stringify(own[key])} (issued ${JSON.stringify(original[key])})`).join(", ")}`,
          );
      });
    }
  });

  it("never reads valid a mutant whose content, leaf index, digest or root differs from the credential it was made from", function () {
    entries.forEach((entry, i) => {
      if (entry.issued === undefined || reference[i].status !== "valid") return;
      const mutated = JSON.parse(entry.text.replace(/^\ufeff/, "")) as Doc;
      const issued = JSON.parse(entry.issued) as Doc;
      expect(contentOf(mutated), entry.kind).to.equal(contentOf(issued));
      const [own, original] = [entryOf(mutated), entryOf(issued)];
      expect([own.leafIndex, own.digest, own.root], entry.kind).to.deep.equal([
        original.leafIndex,
        original.digest,
        original.root,
      ]);
    });
  });

  it("verifyCredential on each mutant alone gives the whole list's result for it", async function () {
    for (const [i, entry] of entries.entries()) {
      if (entry.issued === undefined) continue;
      const alone = await verifyCredential(entry.text, { rpc, now: NOW });
      expect(placeless(alone), `${entry.kind} (entry ${i})`).to.deep.equal(placeless(reference[i]));
    }
  });

  it("verifyCredentials (the template fast path, a shared chain outcome) gives the reference's results", async function () {
    const before = templatePathCounters.taken;
    const results = await verifyCredentials(
      entries.map((entry) => entry.text),
      { rpc, now: NOW },
    );
    const taken = templatePathCounters.taken - before;
    results.forEach((result, i) => expect(result, `${entries[i].kind} (entry ${i})`).to.deep.equal(reference[i]));
    // The fast path ran: at least the second valid credential before each mutant took it.
    expect(taken).to.be.greaterThan(entries.filter((e) => e.issued !== undefined).length);
  });

  it("gives calls that run at once each its own verdicts: a row template never crosses to another call and its time", async function () {
    // Over 512 texts: a call lets the event loop run every 512 (and at each text off the fast path),
    // where the other calls' checks go on.
    const list = Array.from({ length: 600 }, (_, i) => issuedTexts[validLearners[i % validLearners.length]]);
    const late = "2031-06-01T00:00:00Z"; // after the batch's validUntil: every credential has expired
    const alone = {
      now: await verifyCredentials(list, { rpc, now: NOW }),
      late: await verifyCredentials(list, { rpc, now: late }),
    };
    expect(alone.now.every((r) => r.status === "valid")).to.equal(true);
    expect(alone.late.every((r) => r.checks.find((c) => c.check === "validity")?.code === "VALIDITY_EXPIRED")).to.equal(
      true,
    );
    const [atNow, atLate, one] = await Promise.all([
      verifyCredentials(list, { rpc, now: NOW }),
      verifyCredentials(list, { rpc, now: late }),
      verifyCredential(list[1], { rpc, now: late }),
    ]);
    // Found by this fuzzer: the template fast path of verifyCredentials was one per thread, and a call
    // took the row template another call (with another `now`) had just set: expired credentials read valid.
    expect(
      atLate.filter((r) => r.status === "valid"),
      "expired credentials that read valid",
    ).to.deep.equal([]);
    expect(atLate).to.deep.equal(alone.late);
    expect(atNow).to.deep.equal(alone.now);
    expect(placeless(one)).to.deep.equal(placeless(alone.late[1]));
  });

  for (const workers of [0, 2]) {
    it(`verifyCredentialFiles from files on disk (workers: ${workers}) gives the reference's results`, async function () {
      const results = await verifyCredentialFiles(files, { rpc, now: NOW, workers });
      results.forEach((result, i) => {
        expect(result, `${entries[i].kind} (entry ${i})`).to.deep.equal(referenceFiles[i]);
      });
    });
  }

  describe("credanchor serve: /credentials/verify, and verify-batch through its worker threads", function () {
    let server: VerificationServer;

    before(async function () {
      server = await startVerificationServer(
        serveConfig({
          port: 0,
          chains: [{ name: "localhost", chain: CHAIN, chainId: 31337, endpoints: [node.url], timeoutMs: 60_000 }],
          batchWorkers: 2,
          batchWorkersFrom: 1,
          batchPart: 40,
          limits: { rateLimit: 0 },
        }),
      );
    });

    after(async function () {
      await server?.close();
    });

    const post = async (route: string, body: string) => {
      const response = await fetch(`${server.url}${route}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    it("answers each mutant alone and every credential in one batch as the SDK's result says", async function () {
      /** The SDK's result for entry `i` as the VC API answer the service makes of it, at `index`. */
      const sdkAnswer = (i: number, index: number) => timeless(toVcApiVerification({ ...reference[i], index }));
      // Each mutant alone; the texts a request body can hold as they are go into the batch (a BOM or a
      // duplicate member makes the whole body a JSON error).
      const inBody: number[] = [];
      for (const [i, entry] of entries.entries()) {
        if (entry.issued === undefined) {
          inBody.push(i);
          continue;
        }
        const answer = await post("/credentials/verify", `{"verifiableCredential":${entry.text}}`);
        const what = `${entry.kind} (entry ${i}): HTTP ${answer.status}`;
        if (answer.status === 200) {
          inBody.push(i);
          expect(timeless(answer.body), what).to.deep.equal(sdkAnswer(i, 0));
          continue;
        }
        // Not JSON inside a request body: the SDK refused its format too, or it is a file's BOM (which a
        // file may start with, a JSON value inside a body may not).
        expect([answer.status, answer.body.code], what).to.be.deep.oneOf([
          [400, "INVALID_JSON"],
          [400, "JSON_RULE"],
        ]);
        if (!entry.text.startsWith("\ufeff")) expect(reference[i].checks[0].status, what).to.not.equal("passed");
      }
      expect(inBody.length).to.be.greaterThan(entries.length / 2);
      const body = `{"verifiableCredentials":[${inBody.map((i) => entries[i].text).join(",")}]}`;
      const batch = await post("/credentials/verify-batch", body);
      expect(batch.status).to.equal(200);
      // The threads verified most of them (the texts with a \u escape go to the request's thread).
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      const onWorkers = /credanchor_batch_credentials_total\{thread="worker"\} (\d+)/.exec(metrics);
      expect(Number(onWorkers?.[1])).to.be.greaterThan(inBody.length / 2);
      const results = batch.body.results as unknown[];
      expect(results).to.have.length(inBody.length);
      inBody.forEach((i, k) =>
        expect(timeless(results[k]), `${entries[i].kind} (entry ${i})`).to.deep.equal(sdkAnswer(i, k)),
      );
    });
  });
});

function subjectName(document: Doc): string {
  return String((document.credentialSubject as Record<string, unknown>).name);
}
