/**
 * The template's badgeImage in a batch (SPEC.md 5.3): issueBatch copies it as badge.png or badge.svg
 * (by content) and records it in the manifest; a missing, unreadable, non-image or already baked image
 * is refused at the template's /badgeImage before anything is written; readManifest accepts only the
 * two fixed names.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readManifest } from "../anchor/batchFiles";
import { bakePng } from "../bake/bakePng";
import { BatchDirectoryError } from "../errors/anchor";
import { BatchInputError } from "../errors/batch";
import { readBatchBadgeImage } from "./batchBadgeImage";
import { issueBatch } from "./issueBatch";
import { MANIFEST_FILE } from "./layout";

const FIXTURES = path.resolve(__dirname, "../../../test/fixtures/batch");
/** A 1 × 1 grey PNG (docs/SPEC.md 9.4). */
const TINY_PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b550000000d494441547801010200fdff0000000200017e050dd20000000049454e44ae426082",
  "hex",
);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>\n';

describe("issueBatch: the template's badge image in the batch directory", function () {
  this.timeout(60_000);
  let work: string;
  const template = JSON.parse(fs.readFileSync(path.join(FIXTURES, "template.json"), "utf8")) as Record<string, unknown>;

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-badge-image-"));
    fs.mkdirSync(path.join(work, "images"));
    fs.writeFileSync(path.join(work, "images", "seal.png"), TINY_PNG);
    fs.writeFileSync(path.join(work, "images", "seal.svg"), SVG);
    // An SVG under a .png name: the kind (and the batch's file name) comes from the content.
    fs.writeFileSync(path.join(work, "images", "svg-named.png"), SVG);
    fs.writeFileSync(path.join(work, "images", "notes.png"), "not an image\n");
    fs.writeFileSync(path.join(work, "images", "baked.png"), bakePng(TINY_PNG, '{"id":"urn:x"}'));
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  /** A template file in `work` naming `badgeImage` (relative to it). */
  function templateWith(name: string, badgeImage: string): string {
    const file = path.join(work, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify({ ...template, badgeImage }));
    return file;
  }

  const issue = (templateFile: string, out: string) =>
    issueBatch({
      template: templateFile,
      recipients: path.join(FIXTURES, "recipients.csv"),
      outDir: path.join(work, out),
      now: "2026-03-01T09:00:00Z",
      workers: 0,
    });

  for (const [source, expected, bytes] of [
    ["images/seal.png", "badge.png", TINY_PNG],
    ["images/seal.svg", "badge.svg", Buffer.from(SVG)],
    ["images/svg-named.png", "badge.svg", Buffer.from(SVG)],
  ] as const) {
    it(`copies ${source} as ${expected} and records it in the manifest`, async function () {
      const out = `batch-${path.basename(source).replace(/\W/g, "-")}`;
      const { manifest } = await issue(templateWith(out, source), out);
      expect(manifest.badgeImage).to.equal(expected);
      expect(fs.readFileSync(path.join(work, out, expected)).equals(bytes)).to.equal(true);
      const loaded = await readManifest(path.join(work, out));
      expect(loaded.manifest.badgeImage).to.equal(expected);
      expect(Buffer.from(readBatchBadgeImage(path.join(work, out), loaded.manifest)!).equals(bytes)).to.equal(true);
    });
  }

  it("a template without badgeImage gives a batch without one", async function () {
    const { manifest } = await issue(path.join(FIXTURES, "template.json"), "batch-plain");
    expect(manifest).to.not.have.property("badgeImage");
    expect(readBatchBadgeImage(path.join(work, "batch-plain"), manifest)).to.equal(undefined);
    expect(fs.readdirSync(path.join(work, "batch-plain")).filter((name) => name.startsWith("badge"))).to.deep.equal([]);
  });

  for (const [source, problem] of [
    ["images/missing.png", "cannot be read: no such file"],
    ["images/notes.png", "is neither a PNG nor an SVG image"],
    ["images/baked.png", "already holds a baked credential"],
  ] as const) {
    it(`refuses ${source} (${problem}) at /badgeImage before anything is written`, async function () {
      const templateFile = templateWith(`refused-${path.basename(source)}`, source);
      const out = `refused-${path.basename(source).replace(/\W/g, "-")}`;
      let error: unknown;
      try {
        await issue(templateFile, out);
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(BatchInputError);
      const refused = error as BatchInputError;
      expect(refused.shortMessage).to.equal(`the template's badge image ${path.join(work, source)} ${problem}`);
      expect(refused.location).to.deep.equal({ file: templateFile, pointer: "/badgeImage" });
      expect(refused.fix).to.be.a("string").and.not.equal("");
      expect(fs.existsSync(path.join(work, out))).to.equal(false);
      expect(fs.readdirSync(work).filter((name) => name.includes(".partial-"))).to.deep.equal([]);
    });
  }

  it("readManifest refuses a badgeImage other than badge.png or badge.svg, at its pointer", async function () {
    const dir = path.join(work, "batch-tampered");
    fs.cpSync(path.join(work, "batch-seal-png"), dir, { recursive: true });
    const file = path.join(dir, MANIFEST_FILE);
    const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    fs.writeFileSync(file, JSON.stringify({ ...manifest, badgeImage: "../../etc/passwd" }));
    let error: unknown;
    try {
      await readManifest(dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(BatchDirectoryError);
    expect((error as BatchDirectoryError).location).to.deep.equal({ file, pointer: "/badgeImage" });
    expect((error as BatchDirectoryError).shortMessage).to.equal(
      `The manifest's badgeImage "../../etc/passwd" is not badge.png or badge.svg.`,
    );
  });

  it("a batch whose badge image was deleted: readBatchBadgeImage says which file, at the manifest's /badgeImage", async function () {
    const dir = path.join(work, "batch-lost");
    fs.cpSync(path.join(work, "batch-seal-png"), dir, { recursive: true });
    fs.rmSync(path.join(dir, "badge.png"));
    const { manifest } = await readManifest(dir);
    expect(() => readBatchBadgeImage(dir, manifest))
      .to.throw(BatchDirectoryError, `cannot read the batch's badge image ${path.join(dir, "badge.png")}`)
      .with.property("location")
      .that.deep.equals({ file: path.join(dir, MANIFEST_FILE), pointer: "/badgeImage" });
  });
});
