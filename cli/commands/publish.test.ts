/**
 * publish (publishBatch) without a browser: the baked badge `<id>.png` beside each `<id>.json` (the Chromium
 * test, test/web/sharePage.test.ts, covers the page and the links end to end).
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { publish, type PublishJson } from "./publish";
import { testIo } from "../lib/testIo";
import { unbakePng } from "../../sdk/src/bake/unbakePng";
import { issueBatch } from "../../sdk/src/batch/issueBatch";
import { MANIFEST_FILE } from "../../sdk/src/batch/layout";
import { publishBatch, qrPng, readPublishRecord } from "../../sdk/src/share/publishBatch";

const repo = path.resolve(__dirname, "../..");
const TEMPLATE = path.join(repo, "test/fixtures/batch/template.json");
const RECIPIENTS = path.join(repo, "test/fixtures/batch/recipients.csv");
const BASE_URL = "https://credentials.example.edu/c/";

/** publish only reads the manifest's anchor record (the site's verdicts are the Chromium test's). */
function markAnchored(batchDir: string): void {
  const manifestFile = path.join(batchDir, MANIFEST_FILE);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Record<string, unknown>;
  manifest.anchor = {
    chain: "eip155:31337",
    registry: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
    transactionHash: `0x${"ab".repeat(32)}`,
    blockNumber: 7,
    anchoredAt: "2026-03-01T09:05:00Z",
  };
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + "\n");
}

describe("publishBatch: the baked badge PNG beside each published credential", function () {
  this.timeout(120_000);
  let scratch: string;
  let batchDir: string;
  let pageDir: string;

  before(async function () {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-publish-"));
    batchDir = path.join(scratch, "batch");
    await issueBatch({
      template: TEMPLATE,
      recipients: RECIPIENTS,
      outDir: batchDir,
      now: "2026-03-01T09:00:00Z",
      workers: 0,
    });
    markAnchored(batchDir);
    pageDir = path.join(scratch, "dist");
    fs.mkdirSync(pageDir);
    fs.writeFileSync(path.join(pageDir, "index.html"), "<!doctype html><html><head></head><body></body></html>\n");
  });

  after(function () {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("writes SITE/<id>.png that unbakes to exactly SITE/<id>.json, records it, and a re-run keeps the file", async function () {
    const site = path.join(scratch, "site");
    const first = await publishBatch(batchDir, { baseUrl: BASE_URL, outDir: site, pageDir });
    expect(first.credentials.length).to.be.greaterThan(1);
    const record = await readPublishRecord(batchDir);
    const inodes = new Map<string, number>();
    for (const entry of first.credentials) {
      expect(entry.badgePng).to.equal(`${entry.shareId}.png`);
      expect(entry.badgeUrl).to.equal(`${BASE_URL}${entry.shareId}.png`);
      expect(record?.badges?.[entry.file]).to.equal(`${entry.shareId}.png`);
      const png = fs.readFileSync(path.join(site, entry.badgePng));
      const json = fs.readFileSync(path.join(site, `${entry.shareId}.json`), "utf8");
      expect(json).to.equal(fs.readFileSync(path.join(batchDir, entry.file), "utf8"));
      expect(unbakePng(new Uint8Array(png))).to.equal(json);
      inodes.set(entry.badgePng, fs.statSync(path.join(site, entry.badgePng)).ino);
    }
    expect(fs.readdirSync(site).filter((name) => name.includes(".credanchor.tmp"))).to.deep.equal([]);

    // A lost badge comes back; the others are not rewritten (same inode: an atomic write renames a new file in).
    const lost = first.credentials[1].badgePng;
    fs.rmSync(path.join(site, lost));
    const again = await publishBatch(batchDir, { baseUrl: BASE_URL, outDir: site, pageDir });
    expect(again.credentials.map((c) => c.badgePng)).to.deep.equal(first.credentials.map((c) => c.badgePng));
    for (const entry of again.credentials) {
      const file = path.join(site, entry.badgePng);
      expect(unbakePng(new Uint8Array(fs.readFileSync(file)))).to.equal(
        fs.readFileSync(path.join(site, `${entry.shareId}.json`), "utf8"),
      );
      if (entry.badgePng !== lost) expect(fs.statSync(file).ino, entry.badgePng).to.equal(inodes.get(entry.badgePng));
    }
  });

  it("a batch issued from a template with badgeImage: publish bakes into the batch's copy without --template", async function () {
    const image = await qrPng("https://example.edu/seal");
    const templateDir = path.join(scratch, "template-issued");
    fs.mkdirSync(templateDir);
    fs.writeFileSync(path.join(templateDir, "seal.png"), image);
    const template = JSON.parse(fs.readFileSync(TEMPLATE, "utf8")) as Record<string, unknown>;
    fs.writeFileSync(path.join(templateDir, "t.json"), JSON.stringify({ ...template, badgeImage: "seal.png" }));
    const withBadge = path.join(scratch, "batch-with-badge");
    await issueBatch({
      template: path.join(templateDir, "t.json"),
      recipients: RECIPIENTS,
      outDir: withBadge,
      now: "2026-03-01T09:00:00Z",
      workers: 0,
    });
    markAnchored(withBadge);
    // The template's folder is gone: the batch directory holds its own copy.
    fs.rmSync(templateDir, { recursive: true });
    const site = path.join(scratch, "site-issued-badge");
    const io = testIo({ cwd: scratch });
    const code = await publish({ dir: withBadge, baseUrl: BASE_URL, out: site, page: pageDir, json: true }, io);
    expect(code, io.stderr.text()).to.equal(0);
    const result = JSON.parse(io.stdout.text()) as PublishJson;
    expect(result.credentials.length).to.be.greaterThan(1);
    for (const entry of result.credentials) {
      const png = new Uint8Array(fs.readFileSync(path.join(site, entry.badgePng)));
      expect(unbakePng(png)).to.equal(fs.readFileSync(path.join(site, `${entry.shareId}.json`), "utf8"));
      // The issued image with one chunk added (a drawn badge would be 600 px wide with another IHDR).
      expect(Buffer.from(png.subarray(0, 33)).equals(Buffer.from(image.subarray(0, 33)))).to.equal(true);
    }
  });

  it("publish --template bakes into the template's badgeImage, and share --json gives the badge URL", async function () {
    const image = await qrPng("https://example.edu/badge");
    const templateDir = path.join(scratch, "template");
    fs.mkdirSync(templateDir);
    fs.writeFileSync(path.join(templateDir, "badge.png"), image);
    const template = JSON.parse(fs.readFileSync(TEMPLATE, "utf8")) as Record<string, unknown>;
    fs.writeFileSync(path.join(templateDir, "t.json"), JSON.stringify({ ...template, badgeImage: "badge.png" }));
    const site = path.join(scratch, "site-template");
    const io = testIo({ cwd: scratch });
    const code = await publish(
      { dir: batchDir, baseUrl: BASE_URL, out: site, page: pageDir, template: "template/t.json", json: true },
      io,
    );
    expect(code, io.stderr.text()).to.equal(0);
    const result = JSON.parse(io.stdout.text()) as PublishJson;
    for (const entry of result.credentials) {
      const png = new Uint8Array(fs.readFileSync(path.join(site, entry.badgePng)));
      expect(unbakePng(png)).to.equal(fs.readFileSync(path.join(site, `${entry.shareId}.json`), "utf8"));
      // The template's image with one chunk added: its signature and IHDR are the image's own.
      expect(Buffer.from(png.subarray(0, 33)).equals(Buffer.from(image.subarray(0, 33)))).to.equal(true);
    }

    const { share } = await import("./share");
    const shareIo = testIo({ cwd: scratch });
    const file = path.join(batchDir, result.credentials[0].file);
    expect(await share({ file, json: true }, shareIo)).to.equal(0);
    const out = JSON.parse(shareIo.stdout.text()) as { shareUrl: string; badgeUrl: string | null };
    expect(out.shareUrl).to.equal(result.credentials[0].shareUrl);
    expect(out.badgeUrl).to.equal(`${BASE_URL}${result.credentials[0].shareId}.png`);
  });
});
