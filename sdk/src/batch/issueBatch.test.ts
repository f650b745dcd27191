import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { ethers } from "ethers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import ts from "typescript";
import { attachProof } from "../credential/attachProof";
import { computeDigest } from "../canonical/computeDigest";
import { BatchInputError, BatchOutputExistsError, BatchRowError } from "../errors/batch";
import { verifyInclusion } from "../merkle/verifyInclusion";
import { findProofEntry } from "../credential/findProofEntry";
import {
  CRYPTOSUITE,
  DATA_INTEGRITY_PROOF_TYPE,
  MANIFEST_FORMAT,
  type BatchManifest,
  type CredAnchorProofEntry,
} from "../types";
import { credentialRelativePath, listBatchFiles } from "./layout";
import { issueBatch, type IssueBatchProgress } from "./issueBatch";
import { hashBatchInputs } from "./hashBatchInputs";

const repo = path.resolve(__dirname, "../../..");
const fixture = (...parts: string[]) => path.join(repo, "test/fixtures", ...parts);
const TEMPLATE = fixture("batch/template.json");
const NOW = "2026-03-01T09:00:00Z";

let scratch: string;
const out = (name: string) => path.join(scratch, name);

/** Everything in `dir` (names), to check that nothing is left behind. */
const listing = (dir: string) => fs.readdirSync(dir).sort();

/** Reads a batch directory and checks every credential against the manifest; returns the credentials. */
function checkBatch(dir: string, expected: { names: string[]; template: string; recipients: string }) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as BatchManifest;
  const template = JSON.parse(fs.readFileSync(expected.template, "utf8"));
  expect(manifest.format).to.equal(MANIFEST_FORMAT);
  expect(manifest.leafCount).to.equal(expected.names.length);
  expect(manifest.createdAt).to.equal(NOW);
  expect(manifest.credentialsDir).to.equal("credentials");
  expect(manifest.issuer).to.deep.equal({
    id: template.issuer.id,
    name: template.issuer.name,
    ...(template.issuer.url ? { url: template.issuer.url } : {}),
  });
  // inputHash: keccak256(template bytes ‖ recipients bytes), recomputed with ethers
  expect(manifest.inputHash).to.equal(
    ethers.keccak256(Buffer.concat([fs.readFileSync(expected.template), fs.readFileSync(expected.recipients)])),
  );
  expect(listing(dir)).to.deep.equal(["credentials", "manifest.json"]);
  // the manifest names every file of the folder, one per credential, in batch order
  const files = listBatchFiles(manifest);
  expect(files).to.have.length(expected.names.length);
  expect(listing(path.join(dir, "credentials"))).to.deep.equal(files.map((file) => path.basename(file)).sort());
  const ids = new Set<string>();
  return files.map((file, index) => {
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    const credential = JSON.parse(text);
    const proofs = credential.proof as CredAnchorProofEntry[];
    expect(proofs).to.have.length(1);
    expect(Object.keys(proofs[0])).to.deep.equal(["type", "cryptosuite", "created", "proofPurpose", "proofValue"]);
    expect(proofs[0].type).to.equal(DATA_INTEGRITY_PROOF_TYPE);
    expect(proofs[0].cryptosuite).to.equal(CRYPTOSUITE);
    expect(proofs[0].created).to.equal(NOW);
    expect(proofs[0].proofPurpose).to.equal("assertionMethod");
    const proof = findProofEntry(credential);
    expect(proof.root).to.equal(manifest.root);
    expect(proof.leafIndex).to.equal(index);
    expect(proof.redactedHashes).to.deep.equal([]);
    expect(proof.anchor).to.equal(undefined);
    expect(credential.credentialSubject.name).to.equal(expected.names[index]);
    expect(credential.issuer).to.deep.equal(template.issuer);
    // the digest recomputes from the file, and the proof includes it in the root (three ways)
    expect(computeDigest(credential)).to.equal(proof.digest);
    expect(verifyInclusion({ root: manifest.root, leafIndex: index, digest: proof.digest, path: proof.path })).to.equal(
      true,
    );
    expect(
      StandardMerkleTree.verify(manifest.root, ["uint256", "bytes32"], [index, proof.digest], proof.path),
    ).to.equal(true);
    // the file is exactly attachProof's result, pretty-printed
    const { proof: _omit, ...unsigned } = credential;
    expect(text).to.equal(`${JSON.stringify(attachProof(unsigned, proof), null, 2)}\n`);
    ids.add(credential.id);
    return credential;
  });
}

function names(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  if (file.endsWith(".jsonl")) {
    return text
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line).name);
  }
  return [];
}

describe("batch: issueBatch", function () {
  this.timeout(120_000);

  beforeEach(function () {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-batch-"));
  });
  afterEach(function () {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("issues the CSV fixture on two worker threads (from TypeScript sources): files verify, manifest is right", async function () {
    const recipients = fixture("batch/recipients.csv");
    const progress: IssueBatchProgress[] = [];
    const result = await issueBatch({
      template: TEMPLATE,
      recipients,
      outDir: out("spring"),
      now: NOW,
      workers: 2,
      chunkSize: 3, // four chunks over two workers
      onProgress: (p) => progress.push(p),
    });
    expect(result.outDir).to.equal(out("spring"));
    const expectedNames = checkBatchNamesOfCsvFixture();
    const credentials = checkBatch(out("spring"), { names: expectedNames, template: TEMPLATE, recipients });
    expect(result.manifest).to.deep.equal(
      JSON.parse(fs.readFileSync(path.join(out("spring"), "manifest.json"), "utf8")),
    );
    // e-mail addresses are hashed, ids kept, scores become results
    expect(JSON.stringify(credentials)).to.not.contain("ada@example.org");
    expect(credentials[3].credentialSubject.id).to.equal("did:example:alan");
    expect(credentials[0].credentialSubject.result[0].value).to.equal("92");
    expect(new Set(credentials.map((c) => c.id)).size).to.equal(10);
    // progress: hashing (with bytes), tree, writing up to the total, done
    const hashing = progress.filter((p) => p.phase === "hashing").map((p) => p.done);
    expect(hashing).to.have.length(4); // one report per chunk
    expect(hashing[3]).to.equal(10);
    expect([...hashing].sort((x, y) => x - y)).to.deep.equal(hashing);
    expect(progress.find((p) => p.phase === "hashing")?.bytesTotal).to.equal(fs.statSync(recipients).size);
    expect(progress.filter((p) => p.phase === "writing").pop()).to.deep.equal({
      phase: "writing",
      done: 10,
      total: 10,
    });
    expect(progress[progress.length - 1]).to.deep.equal({ phase: "done", done: 10, total: 10 });
    expect(listing(scratch)).to.deep.equal(["spring"]); // no partial directory left
  });

  it("names each file for its learner (slug of the name, six hex of keccak256(id)) and lists the names in the manifest in row order", async function () {
    const recipients = out("names.csv");
    fs.writeFileSync(
      recipients,
      [
        "name,email",
        "Ada Lovelace,ada@example.org",
        "Zoë Ångström,zoe@example.org",
        "李 华,lihua@example.org",
        "Ada Lovelace,ada.two@example.org",
        `"  O'Brien, Seán ",sean@example.org`,
      ].join("\n"),
    );
    // two worker threads, two rows per chunk: names come back from the threads in batch order
    const { manifest } = await issueBatch({
      template: TEMPLATE,
      recipients,
      outDir: out("named"),
      now: NOW,
      workers: 2,
      chunkSize: 2,
    });
    const slugs = ["ada-lovelace", "zoe-angstrom", "credential", "ada-lovelace", "o-brien-sean"];
    const credentials = manifest.files!.map(
      (name) =>
        JSON.parse(fs.readFileSync(path.join(out("named"), "credentials", name), "utf8")) as {
          id: string;
          credentialSubject: { name: string };
        },
    );
    expect(manifest.files).to.deep.equal(
      credentials.map((c, i) => `${slugs[i]}-${ethers.keccak256(ethers.toUtf8Bytes(c.id)).slice(2, 8)}.json`),
    );
    expect(credentials.map((c) => c.credentialSubject.name)).to.deep.equal([
      "Ada Lovelace",
      "Zoë Ångström",
      "李 华",
      "Ada Lovelace",
      "O'Brien, Seán",
    ]);
    // two learners of the same name: two files (their ids differ)
    expect(manifest.files![0]).to.not.equal(manifest.files![3]);
    expect(listing(path.join(out("named"), "credentials"))).to.deep.equal([...manifest.files!].sort());
    const written = JSON.parse(fs.readFileSync(path.join(out("named"), "manifest.json"), "utf8")) as BatchManifest;
    expect(written.files).to.deep.equal(manifest.files);
    expect(Object.keys(written)).to.deep.equal([
      "format",
      "root",
      "leafCount",
      "inputHash",
      "createdAt",
      "issuer",
      "credentialsDir",
      "files",
    ]);
  });

  it("issues the JSONL fixture in-process (workers: 0), skipping blank lines", async function () {
    const recipients = fixture("batch/recipients.jsonl");
    await issueBatch({ template: TEMPLATE, recipients, outDir: out("jsonl"), now: NOW, workers: 0 });
    const credentials = checkBatch(out("jsonl"), { names: names(recipients), template: TEMPLATE, recipients });
    expect(credentials).to.have.length(4);
    expect(credentials[3].validFrom).to.equal("2026-02-01T00:00:00Z");
    expect(credentials[0].validFrom).to.equal(NOW);
  });

  it("puts --map into the input hash: the same files read with another map give another hash", async function () {
    const recipients = out("mapped.csv");
    fs.writeFileSync(recipients, "Full name,Student Mail,Other Mail\nAda Lovelace,ada@example.org,a@example.net\n");
    const issue = async (dir: string, columnMap: Record<string, string>) =>
      (await issueBatch({ template: TEMPLATE, recipients, outDir: out(dir), now: NOW, workers: 0, columnMap }))
        .manifest;
    const student = await issue("map-student", { "Student Mail": "email" });
    const other = await issue("map-other", { "Other Mail": "email" });
    expect(student.inputHash).to.not.equal(other.inputHash);
    // keccak256(template ‖ recipients ‖ UTF-8 of the sorted entries as JSON), recomputed with ethers
    const files = Buffer.concat([fs.readFileSync(TEMPLATE), fs.readFileSync(recipients)]);
    expect(student.inputHash).to.equal(
      ethers.keccak256(Buffer.concat([files, Buffer.from('[["Student Mail","email"]]')])),
    );
    expect(await hashBatchInputs(TEMPLATE, recipients, { "Other Mail": "email" })).to.equal(other.inputHash);
    expect(await hashBatchInputs(TEMPLATE, recipients)).to.equal(ethers.keccak256(files));
  });

  it("issues the shared demo fixtures (CSV and JSONL) with verifying proofs", async function () {
    const cases = [
      ["templates/telemedicine-nursing.json", "recipients/nurses.csv"],
      ["templates/data-analytics-career-switch.json", "recipients/data-analysts.jsonl"],
      ["templates/industrial-automation-ai.json", "recipients/automation-staff.csv"],
    ];
    for (const [template, recipients] of cases) {
      const dir = out(path.basename(recipients).replace(/\..*$/, ""));
      const result = await issueBatch({
        template: fixture(template),
        recipients: fixture(recipients),
        outDir: dir,
        now: NOW,
        workers: 0, // worker threads are covered above; this checks the fixtures' content
      });
      const rowCount = fs
        .readFileSync(fixture(recipients), "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "").length;
      const expected = recipients.endsWith(".csv") ? rowCount - 1 : rowCount;
      expect(result.manifest.leafCount, recipients).to.equal(expected);
      for (let index = 0; index < expected; index++) {
        const credential = JSON.parse(
          fs.readFileSync(path.join(dir, credentialRelativePath(result.manifest, index)), "utf8"),
        );
        const proof = findProofEntry(credential);
        expect(computeDigest(credential)).to.equal(proof.digest);
        expect(
          verifyInclusion({ root: result.manifest.root, leafIndex: index, digest: proof.digest, path: proof.path }),
        ).to.equal(true);
      }
    }
  });

  it("stops at a row with a missing name (row 7), naming file and line, and leaves no directory", async function () {
    const recipients = fixture("batch/bad-name-row7.csv");
    for (const workers of [2, 0]) {
      let error: BatchRowError | undefined;
      try {
        await issueBatch({ template: TEMPLATE, recipients, outDir: out("bad"), now: NOW, workers, chunkSize: 2 });
      } catch (caught) {
        error = caught as BatchRowError;
      }
      expect(error, `workers ${workers}`).to.be.instanceOf(BatchRowError);
      expect(error!.file).to.equal(recipients);
      expect(error!.line).to.equal(7);
      expect(error!.reason).to.equal('field "name": required value is missing');
      expect(error!.message).to.contain(`${recipients}:7: field "name": required value is missing`);
      expect(error!.code).to.equal("BATCH_ROW_INVALID");
      expect(listing(scratch)).to.deep.equal([]);
    }
  });

  it("reports the earliest bad row when several chunks fail at once", async function () {
    const recipients = out("two-bad.csv");
    const rows = ["name,email"];
    for (let i = 0; i < 40; i++)
      rows.push(i === 5 || i === 30 ? `Bad ${i},not-an-email` : `Learner ${i},l${i}@example.org`);
    fs.writeFileSync(recipients, `${rows.join("\n")}\n`);
    let error: BatchRowError | undefined;
    try {
      await issueBatch({ template: TEMPLATE, recipients, outDir: out("b"), workers: 2, chunkSize: 4 });
    } catch (caught) {
      error = caught as BatchRowError;
    }
    expect(error).to.be.instanceOf(BatchRowError);
    expect(error!.line).to.equal(7); // row 5 is on line 7 (after the header)
    expect(error!.reason).to.match(/field "email": "not-an-email" is not an e-mail address/);
    expect(listing(scratch)).to.deep.equal(["two-bad.csv"]);
  });

  it("names the line and column of a JSONL syntax error and of a CSV row with too many fields", async function () {
    const jsonl = out("broken.jsonl");
    fs.writeFileSync(jsonl, '{"name":"A","email":"a@example.org"}\n\n{"name":"B",,}\n');
    let error: BatchRowError | undefined;
    try {
      await issueBatch({ template: TEMPLATE, recipients: jsonl, outDir: out("x"), workers: 0 });
    } catch (caught) {
      error = caught as BatchRowError;
    }
    expect(error).to.be.instanceOf(BatchRowError);
    expect(error!.line).to.equal(3);
    expect(error!.location?.column).to.be.a("number");
    expect(error!.reason).to.match(/^not valid JSON/);

    const csv = out("broken.csv");
    fs.writeFileSync(csv, "name,email\nA,a@example.org\nB,b@example.org,extra\n");
    error = undefined;
    try {
      await issueBatch({ template: TEMPLATE, recipients: csv, outDir: out("y"), workers: 0 });
    } catch (caught) {
      error = caught as BatchRowError;
    }
    expect(error).to.be.instanceOf(BatchRowError);
    expect(error!.line).to.equal(3);
    expect(error!.reason).to.match(/^not valid CSV/);
    expect(listing(scratch)).to.deep.equal(["broken.csv", "broken.jsonl"]);
  });

  it("refuses an output directory that exists and is not empty, and leaves it as it was", async function () {
    fs.mkdirSync(out("taken"));
    fs.writeFileSync(path.join(out("taken"), "keep.txt"), "mine");
    let error: BatchOutputExistsError | undefined;
    try {
      await issueBatch({ template: TEMPLATE, recipients: fixture("batch/recipients.csv"), outDir: out("taken") });
    } catch (caught) {
      error = caught as BatchOutputExistsError;
    }
    expect(error).to.be.instanceOf(BatchOutputExistsError);
    expect(error!.message).to.contain("already exists and is not empty");
    expect(listing(out("taken"))).to.deep.equal(["keep.txt"]);
    // an existing empty directory is fine
    fs.mkdirSync(out("empty"));
    const result = await issueBatch({
      template: TEMPLATE,
      recipients: fixture("batch/recipients.csv"),
      outDir: out("empty"),
      workers: 0,
    });
    expect(result.manifest.leafCount).to.equal(10);
  });

  it("refuses a recipients file without recipients, a missing file and an invalid template", async function () {
    fs.writeFileSync(out("header-only.csv"), "name,email\n");
    const attempts: [Parameters<typeof issueBatch>[0], new (...args: never[]) => Error, RegExp][] = [
      [{ template: TEMPLATE, recipients: out("header-only.csv"), outDir: out("a") }, BatchInputError, /no recipients/],
      [{ template: TEMPLATE, recipients: out("missing.csv"), outDir: out("a") }, BatchInputError, /cannot read/],
      [
        { template: out("missing.json"), recipients: out("header-only.csv"), outDir: out("a") },
        BatchInputError,
        /template/,
      ],
      [
        { template: TEMPLATE, recipients: out("header-only.csv"), outDir: out("a"), now: "yesterday" },
        BatchInputError,
        /now "yesterday" is not a date/,
      ],
    ];
    for (const [options, type, message] of attempts) {
      let error: Error | undefined;
      try {
        await issueBatch({ ...options, workers: 0 });
      } catch (caught) {
        error = caught as Error;
      }
      expect(error).to.be.instanceOf(type);
      expect(error!.message).to.match(message);
    }
    fs.writeFileSync(out("bad-template.json"), JSON.stringify({ issuer: { id: "x" } }));
    let error: Error | undefined;
    try {
      await issueBatch({ template: out("bad-template.json"), recipients: out("header-only.csv"), outDir: out("a") });
    } catch (caught) {
      error = caught as Error;
    }
    expect(error?.name).to.equal("CredentialValidationError");
    expect(listing(scratch)).to.deep.equal(["bad-template.json", "header-only.csv"]);
  });

  it("runs from compiled JavaScript too (the worker entry is issueWorker.js beside issueBatch.js)", async function () {
    // Transpile sdk/src to JavaScript inside the repository (so node_modules resolve), as dist/ would hold it.
    fs.mkdirSync(path.join(repo, ".tmp"), { recursive: true });
    const compiled = fs.mkdtempSync(path.join(repo, ".tmp", "issue-js-"));
    try {
      const sources = path.join(repo, "sdk/src");
      for (const entry of fs.readdirSync(sources, { recursive: true }) as string[]) {
        if (entry.endsWith(".json")) {
          // Bundled documents (JSON-LD contexts) travel beside the JavaScript, as the build copies them.
          fs.mkdirSync(path.dirname(path.join(compiled, entry)), { recursive: true });
          fs.copyFileSync(path.join(sources, entry), path.join(compiled, entry));
          continue;
        }
        if (!entry.endsWith(".ts") || entry.endsWith(".test.ts")) continue;
        const target = path.join(compiled, entry.replace(/\.ts$/, ".js"));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        const { outputText } = ts.transpileModule(fs.readFileSync(path.join(sources, entry), "utf8"), {
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        });
        fs.writeFileSync(target, outputText);
      }
      const script = `require(${JSON.stringify(path.join(compiled, "batch/issueBatch.js"))})
        .issueBatch({ template: ${JSON.stringify(TEMPLATE)}, recipients: ${JSON.stringify(fixture("batch/recipients.csv"))},
          outDir: ${JSON.stringify(out("js"))}, now: ${JSON.stringify(NOW)}, workers: 2, chunkSize: 4 })
        .then((r) => console.log(JSON.stringify(r.manifest)), (e) => { console.error(e); process.exit(1); });`;
      const stdout = execFileSync(process.execPath, ["-e", script], { cwd: repo, encoding: "utf8" });
      expect(JSON.parse(stdout).leafCount).to.equal(10);
      checkBatch(out("js"), {
        names: checkBatchNamesOfCsvFixture(),
        template: TEMPLATE,
        recipients: fixture("batch/recipients.csv"),
      });
    } finally {
      fs.rmSync(compiled, { recursive: true, force: true });
    }
  });
});

function checkBatchNamesOfCsvFixture(): string[] {
  return [
    "Ada Lovelace",
    "Grace Hopper",
    "Hopper, Jr., Grace",
    "Alan Turing",
    "Katherine Johnson",
    "Dorothy Vaughan",
    "Mary Jackson",
    "Émilie du Châtelet",
    "李 华",
    "Ибн Сина",
  ];
}
