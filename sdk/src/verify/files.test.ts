/**
 * verifyCredentialFiles reads baked badge images like JSON files (docs/SPEC.md 9.2): a baked PNG or
 * SVG, told by its content whatever its name, gives the verdict of the JSON baked into it, on the
 * calling thread and on worker threads; an edited one fails like the edited JSON; an image without a
 * credential is FORMAT_IMAGE_NOT_BAKED; a batch directory's own images are never read as credentials.
 * No chain: every result stops at the anchor check (no RPC endpoint), which is enough to compare.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ResourceLimits, WorkerOptions } from "node:worker_threads";
import { buildTestBatch } from "../../../test/helpers/verifyFixtures";
import { bakePng } from "../bake/bakePng";
import { bakeSvg } from "../bake/bakeSvg";
import { MAX_BADGE_IMAGE_BYTES } from "../bake/unbakeImage";
import { MAX_JSON_TEXT_LENGTH } from "../credential/parseCredentialJson";
import { filesPerJob, listCredentialFiles, verifyCredentialFiles } from "./files";
import {
  createReadBuffer,
  credentialFileByteLimit,
  imageCredentialText,
  readCredentialFileSync,
  tooLargeMessage,
} from "./readCredentialFile";
import type { VerificationResult } from "./types";

/** A 1 × 1 grey PNG (docs/SPEC.md 9.4). */
const TINY_PNG = new Uint8Array(
  Buffer.from(
    "89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b550000000d494441547801010200fdff0000000200017e050dd20000000049454e44ae426082",
    "hex",
  ),
);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>\n';
const NOW = "2026-06-01T00:00:00Z";

describe("verifyCredentialFiles: baked badge images", function () {
  this.timeout(60_000);
  let dir: string;
  const file = (name: string) => path.join(dir, name);

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-files-images-"));
    const batch = await buildTestBatch(2);
    const good = JSON.stringify(batch.credentials[0], null, 2);
    const edited = structuredClone(batch.credentials[1]) as Record<string, unknown>;
    (edited.credentialSubject as Record<string, unknown>).name = "Mallory";
    const editedText = JSON.stringify(edited);
    fs.writeFileSync(file("good.json"), good);
    fs.writeFileSync(file("good.png"), bakePng(TINY_PNG, good));
    fs.writeFileSync(file("good.svg"), bakeSvg(SVG, good));
    // Told by content, not by name.
    fs.writeFileSync(file("good-png.json"), bakePng(TINY_PNG, good));
    fs.writeFileSync(file("edited.json"), editedText);
    fs.writeFileSync(file("edited.png"), bakePng(TINY_PNG, editedText));
    fs.writeFileSync(file("plain.png"), TINY_PNG);
    fs.writeFileSync(file("plain.svg"), SVG);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A result without where it came from. */
  const verdict = (result: VerificationResult) => ({ ...result, file: undefined, index: undefined });
  const names = [
    "good.json",
    "good.png",
    "good.svg",
    "good-png.json",
    "edited.json",
    "edited.png",
    "plain.png",
    "plain.svg",
  ];

  for (const workers of [0, 2]) {
    it(`gives a baked PNG or SVG the verdict of its JSON, and an image without one FORMAT_IMAGE_NOT_BAKED (workers: ${workers})`, async function () {
      const results = await verifyCredentialFiles(
        names.map((name) => file(name)),
        { now: NOW, workers, filesPerSlice: 3 },
      );
      expect(results.map((r) => [path.basename(r.file!), r.index])).to.deep.equal(names.map((name, i) => [name, i]));
      const [json, png, svg, renamed, editedJson, editedPng, plainPng, plainSvg] = results;
      expect(json.checks.find((c) => c.check === "integrity")).to.include({ status: "passed" });
      expect(verdict(png)).to.deep.equal(verdict(json));
      expect(verdict(svg)).to.deep.equal(verdict(json));
      expect(verdict(renamed)).to.deep.equal(verdict(json));
      expect(editedPng.status).to.equal("invalid");
      expect(editedPng.checks.find((c) => c.check === "integrity")).to.include({
        status: "failed",
        code: "INTEGRITY_DIGEST_MISMATCH",
      });
      expect(verdict(editedPng)).to.deep.equal(verdict(editedJson));
      for (const [plain, name] of [
        [plainPng, "plain.png"],
        [plainSvg, "plain.svg"],
      ] as const) {
        expect(plain.status).to.equal("error");
        expect(plain.checks[0]).to.include({ check: "format", status: "error", code: "FORMAT_IMAGE_NOT_BAKED" });
        expect(plain.checks[0].message).to.contain(`holds no baked credential (${file(name)})`);
        expect(plain.checks.slice(1).every((c) => c.status === "skipped")).to.equal(true);
      }
    });
  }

  it("reports each file's checks in place around an image without a credential (onCheck)", async function () {
    const finished: Array<[number, string]> = [];
    await verifyCredentialFiles([file("plain.png"), file("good.json")], {
      now: NOW,
      onCheck: (event) => {
        if (event.phase === "finished" && event.check === "format") finished.push([event.index, event.result!.code]);
      },
    });
    expect(finished.sort()).to.deep.equal([
      [0, "FORMAT_IMAGE_NOT_BAKED"],
      [1, "FORMAT_OK"],
    ]);
  });

  it("reads the credentials a batch manifest lists, never the batch folder's pictures", async function () {
    const batchDir = file("batch");
    fs.mkdirSync(path.join(batchDir, "credentials"), { recursive: true });
    fs.mkdirSync(path.join(batchDir, "qr"));
    fs.copyFileSync(file("good.json"), path.join(batchDir, "credentials", "000000.json"));
    fs.writeFileSync(path.join(batchDir, "badge.png"), TINY_PNG);
    fs.writeFileSync(path.join(batchDir, "qr", "000000.svg"), SVG);
    fs.writeFileSync(
      path.join(batchDir, "manifest.json"),
      JSON.stringify({ credentialsDir: "credentials", files: ["000000.json"] }),
    );
    const results = await verifyCredentialFiles([batchDir], { now: NOW });
    expect(results.map((r) => path.relative(batchDir, r.file!))).to.deep.equal([
      path.join("credentials", "000000.json"),
    ]);
    // Each listed file as path.join names it, however the batch folder and credentialsDir are written.
    const relative = path.relative(process.cwd(), batchDir);
    for (const [given, credentialsDir] of [
      [`${batchDir}${path.sep}`, "credentials"],
      [path.join(batchDir, "qr", ".."), `.${path.sep}credentials${path.sep}`],
      [`${relative}${path.sep}.${path.sep}`, "credentials"],
      [batchDir, "."],
    ]) {
      fs.writeFileSync(
        path.join(batchDir, "manifest.json"),
        JSON.stringify({ credentialsDir, files: ["000000.json", "000001.json"] }),
      );
      expect(await listCredentialFiles([given]), `${given} + ${credentialsDir}`).to.deep.equal(
        ["000000.json", "000001.json"].map((name) => path.join(given, credentialsDir, name)),
      );
    }
  });

  it("reads up to 64 MiB of a file whose first bytes are an image, 10 MiB of anything else", function () {
    const big = MAX_JSON_TEXT_LENGTH + 1;
    const image = new Uint8Array(big);
    image.set(TINY_PNG.subarray(0, 8));
    fs.writeFileSync(file("big.png.bin"), image);
    fs.writeFileSync(file("big.json"), new Uint8Array(big).fill(0x20));
    expect(credentialFileByteLimit(file("big.png.bin"), big)).to.equal(MAX_BADGE_IMAGE_BYTES);
    expect(credentialFileByteLimit(file("big.json"), big)).to.equal(MAX_JSON_TEXT_LENGTH);
    expect(credentialFileByteLimit(file("good.png"), 100)).to.equal(MAX_JSON_TEXT_LENGTH);
  });

  it("reads each file into one reused buffer with what a stat, readFileSync and imageCredentialText give (an fstat only for a file that fills the buffer)", function () {
    /** The way before the reused buffer: stat by path, the size limit, a new Buffer per file. */
    const statThenRead = (name: string) => {
      const { size } = fs.statSync(name);
      const limit = credentialFileByteLimit(name, size);
      if (size > limit) return { tooLarge: tooLargeMessage(size, limit) };
      const bytes = fs.readFileSync(name);
      const image = imageCredentialText(bytes, name);
      return image === undefined ? bytes.toString("utf8") : "text" in image ? image.text : image;
    };
    const outcome = (read: () => unknown) => {
      try {
        return { value: read() };
      } catch (error) {
        const { message, code, errno, syscall, path: where } = error as NodeJS.ErrnoException;
        return { error: { message, code, errno, syscall, path: where } };
      }
    };
    // Larger than the buffer's first size (64 KiB), then smaller again: nothing of the longer file shows.
    const long = `${" ".repeat(200_000)}{"a": "é"}`;
    fs.writeFileSync(file("long.json"), long);
    // The buffer's first size exactly (filled: measured, read on, nothing more) and one byte over it.
    fs.writeFileSync(file("buffer-size.json"), `"${"b".repeat(64 * 1024 - 2)}"`);
    fs.writeFileSync(file("buffer-size-1.json"), `"${"c".repeat(64 * 1024 - 1)}"`);
    fs.writeFileSync(file("empty.json"), "");
    fs.writeFileSync(file("latin1.json"), Buffer.from([0x22, 0xe9, 0x22]));
    // Files that start with "{" (decoded without a view of their bytes): invalid UTF-8, one byte, after a longer file.
    fs.writeFileSync(file("brace-latin1.json"), Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d, 0xc3]));
    fs.writeFileSync(file("brace.json"), "{");
    fs.writeFileSync(file("big-image.png"), Buffer.concat([TINY_PNG, Buffer.alloc(MAX_JSON_TEXT_LENGTH)]));
    fs.mkdirSync(file("folder"));
    const order = [
      "good.json",
      "buffer-size.json",
      "buffer-size-1.json",
      "good.json",
      "long.json",
      "brace.json",
      "brace-latin1.json",
      "good.png",
      "good.svg",
      "good-png.json",
      "plain.png",
      "plain.svg",
      "empty.json",
      "latin1.json",
      "edited.json",
      "big.json",
      "big-image.png",
      "folder",
      "missing.json",
    ];
    if (!fs.existsSync(file("big.json")))
      fs.writeFileSync(file("big.json"), Buffer.alloc(MAX_JSON_TEXT_LENGTH + 1, 0x20));
    const buffer = createReadBuffer();
    for (const name of order) {
      const expected = outcome(() => statThenRead(file(name)));
      expect(
        outcome(() => readCredentialFileSync(file(name), buffer)),
        name,
      ).to.deep.equal(expected);
    }
    expect(outcome(() => readCredentialFileSync(file("long.json"), buffer))).to.deep.equal({ value: long });
    expect(outcome(() => readCredentialFileSync(file("big.json"), buffer))).to.deep.equal({
      value: { tooLarge: "10,485,761 bytes, more than a credential file may hold (10 MiB)" },
    });
    expect(outcome(() => readCredentialFileSync(file("missing.json"), buffer)).error).to.include({
      code: "ENOENT",
      syscall: "stat",
    });
    expect(outcome(() => readCredentialFileSync(file("folder"), buffer)).error).to.include({ code: "EISDIR" });
    // A buffer kept for the next files stays small: a large image is read into a buffer of its own.
    expect(buffer.bytes.length).to.be.at.most(1024 * 1024);
  });
});

describe("verifyCredentialFiles: its worker threads", function () {
  this.timeout(60_000);

  it("cuts a slice into jobs of a quarter of each thread's share, 250 to 1,000 files", function () {
    expect(filesPerJob(10_000, 2)).to.equal(1_000);
    expect(filesPerJob(100_000, 2)).to.equal(1_000);
    expect(filesPerJob(5_000, 2)).to.equal(625);
    expect(filesPerJob(2_400, 2)).to.equal(300);
    expect(filesPerJob(3_000, 1)).to.equal(750);
    expect(filesPerJob(1_200, 2)).to.equal(250);
    expect(filesPerJob(3, 2)).to.equal(250);
  });

  it("starts each thread with a young generation of 192 MiB, sends it jobs of filesPerJob files, and verifies as the calling thread does", async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-files-threads-"));
    try {
      const batch = await buildTestBatch(3);
      const written = batch.credentials.map((credential, i) => {
        const name = path.join(dir, `${i}.json`);
        fs.writeFileSync(name, JSON.stringify(credential));
        return name;
      });
      // Jobs of 300 files (filesPerJob(2_400, 2)), four for each thread.
      const files = Array.from({ length: 2_400 }, (_, i) => written[i % written.length]);
      // Every thread the SDK starts goes through node:worker_threads' Worker (workers/startWorker.ts):
      // record the options of each and the limits V8 gives the thread once it runs.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const threads = require("node:worker_threads") as typeof import("node:worker_threads");
      const Original = threads.Worker;
      const started: { options?: WorkerOptions; limits: Promise<ResourceLimits> }[] = [];
      const jobs: number[] = [];
      threads.Worker = class extends Original {
        constructor(script: string | URL, options?: WorkerOptions) {
          super(script, options);
          const limits = new Promise<ResourceLimits>((resolve) =>
            this.once("online", () => resolve(this.resourceLimits!)),
          );
          started.push({ options, limits });
        }
        override postMessage(job: { files?: unknown[] }) {
          jobs.push(job.files?.length ?? 0);
          super.postMessage(job);
        }
      };
      let results: VerificationResult[];
      try {
        results = await verifyCredentialFiles(files, { now: NOW, workers: 2 });
      } finally {
        threads.Worker = Original;
      }
      expect(started).to.have.length(2);
      expect(jobs).to.deep.equal(Array(8).fill(300));
      for (const thread of started) {
        expect(thread.options?.resourceLimits).to.deep.equal({ maxYoungGenerationSizeMb: 192 });
        expect((await thread.limits).maxYoungGenerationSizeMb).to.equal(192);
      }
      // Compared as JSON texts: chai's deep equality of 2,400 results takes seconds.
      const plain = await verifyCredentialFiles(files, { now: NOW, workers: 0 });
      expect(results).to.have.length(files.length);
      expect(JSON.stringify(results)).to.equal(JSON.stringify(plain));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
