/**
 * Publishing and short links end to end: `credanchor publish` writes a static site for an anchored
 * batch (on a real `hardhat node`, chain 424242 so that the page can show its public-chain green),
 * a static server serves it, and Chromium opens a short link `<base>#<id>`: the page fetches
 * `<id>.json` from beside itself and shows the verdict, with "Add to LinkedIn" for a valid
 * credential. Also: QR codes decode back to the links, ids are kept across runs, the fetched file is
 * untrusted input (a changed file on the server is invalid), an unknown id is a clear problem.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import type { Page } from "playwright-core";
import { publish, type PublishJson } from "../../cli/commands/publish";
import { share, type ShareJson } from "../../cli/commands/share";
import { testIo } from "../../cli/lib/testIo";
import { identityRecords } from "../../sdk/src/index";
import { parseDeliveryCsv } from "../../sdk/src/share/deliveryCsv";
import { writeIssueDelivery } from "../../sdk/src/share/deliveryFile";
import { linkedInAddToProfileUrl } from "../../sdk/src/share/linkedInAddToProfileUrl";
import { sharedHardhatNode, type SharedHardhatNode } from "../helpers/sharedHardhatNode";
import { openTab, sharedBrowser, type Tab } from "./browser";
import { buildVerifierPage } from "./buildPage";
import { startDohServer, type DohServer } from "./dohServer";
import { ISSUER_URL, issueAnchoredBatch, TEST_PUBLIC_CHAIN_ID, tamper, type BatchFixture } from "./fixtures";
import { pdfPageCount, pdfText } from "./pdfText";
import { serveStatic, type StaticServer } from "./staticServer";
import { repoPath } from "../helpers/repoRoot";

const PRINT_SCREENSHOT = repoPath("docs", "print-view.png");

/** Decodes a QR code PNG back to its text. */
function decodeQrPng(file: string): string | undefined {
  const png = PNG.sync.read(fs.readFileSync(file));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

describe("publish and short links: the page opens <base>#<id> in Chromium", function () {
  this.timeout(180_000);

  /** The one tab every test loads its page in (test/web/browser.ts). */
  let tab: Tab;
  let server: StaticServer;
  let node: SharedHardhatNode;
  let batch: BatchFixture;
  let doh: DohServer;
  let work: string;
  let site: string;
  let dist: string;
  let baseUrl: string;
  let published: PublishJson;

  before(async function () {
    tab = await openTab(await sharedBrowser());
    const [built, started] = await Promise.all([
      buildVerifierPage(),
      sharedHardhatNode({ chainId: TEST_PUBLIC_CHAIN_ID }),
    ]);
    dist = built;
    node = started;
    batch = await issueAnchoredBatch(node);
    await node.rpc("hardhat_mine", ["0x20"]);
    await writeIssueDelivery(batch.batchDir, batch.recipientsFile);
    doh = await startDohServer();
    const txt = identityRecords({
      domain: new URL(ISSUER_URL).hostname,
      chain: batch.chain,
      registry: batch.registry,
    }).txt;
    doh.records.set(txt.name, [txt.value]);
    work = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-share-"));
    server = await serveStatic(work);
    site = path.join(work, "c");
    baseUrl = `${server.url}c/`;
  });

  after(async function () {
    await tab?.close();
    await server?.close();
    await node?.release();
    await batch?.cleanup();
    await doh?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  async function runPublish(): Promise<PublishJson> {
    const io = testIo({ cwd: work });
    const code = await publish({ dir: batch.batchDir, baseUrl, out: site, page: dist, json: true }, io);
    expect(code, io.stderr.text()).to.equal(0);
    return JSON.parse(io.stdout.text()) as PublishJson;
  }

  /** Loads `url` in the file's one tab as a first visit whose saved settings are the test chain's node and DNS service. */
  async function openPage(url: string): Promise<Page> {
    return tab.visit(url, {
      localStorage: {
        "credanchor.rpcUrls.v1": JSON.stringify({ [node.chainId]: [node.url] }),
        "credanchor.identity.v1": JSON.stringify({ doh: doh.url }),
      },
    });
  }

  async function finalState(page: Page): Promise<string> {
    await page.waitForFunction(() =>
      ["valid", "local", "unconfirmed", "invalid", "not-a-credential", "error", "problem"].includes(
        document.body.dataset.state ?? "",
      ),
    );
    return (await page.evaluate(() => document.body.dataset.state)) ?? "";
  }

  it("publish writes each credential as <128-bit id>.json beside the built page, and nothing that lists them", async function () {
    published = await runPublish();
    expect(published.credentials).to.have.length(batch.credentials.length);
    const names = fs.readdirSync(site).sort();
    const jsonFiles = names.filter((name) => name.endsWith(".json"));
    expect(jsonFiles.sort()).to.deep.equal(published.credentials.map((c) => `${c.shareId}.json`).sort());
    expect(names).to.include("index.html");
    const pngFiles = names.filter((name) => name.endsWith(".png"));
    expect(pngFiles.sort()).to.deep.equal(published.credentials.map((c) => `${c.shareId}.png`).sort());
    expect(
      names.filter((name) => !name.endsWith(".json") && !name.endsWith(".png") && name !== "index.html"),
    ).to.deep.equal(["assets"]);
    expect(fs.readdirSync(path.join(site, "assets")).some((name) => name.endsWith(".map"))).to.equal(false);
    for (const [i, entry] of published.credentials.entries()) {
      expect(entry.shareId).to.match(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(entry.shareId, "base64url")).to.have.length(16);
      expect(entry.shareUrl).to.equal(`${baseUrl}#${entry.shareId}`);
      expect(entry.shareUrl.length).to.be.at.most(100);
      expect(fs.readFileSync(path.join(site, `${entry.shareId}.json`), "utf8")).to.equal(
        fs.readFileSync(path.join(batch.batchDir, entry.file), "utf8"),
      );
      expect(entry.linkedInUrl).to.equal(linkedInAddToProfileUrl(batch.credentials[i], { certUrl: entry.shareUrl }));
    }
    expect(new Set(published.credentials.map((c) => c.shareId)).size).to.equal(batch.credentials.length);
  });

  it("fills delivery.csv with the links and the QR files, and every QR code (PNG) decodes back to its link", function () {
    const rows = parseDeliveryCsv(fs.readFileSync(path.join(batch.batchDir, "delivery.csv"), "utf8"));
    expect(rows.map((row) => row.email)).to.deep.equal([
      "ada@example.org",
      "alan@example.org",
      "grace@example.org",
      "",
    ]);
    for (const [i, row] of rows.entries()) {
      const entry = published.credentials[i];
      expect(row).to.include({
        row: String(i + 1),
        file: entry.file,
        shareUrl: entry.shareUrl,
        linkedInUrl: entry.linkedInUrl,
        qrFile: entry.qrPng,
      });
      expect(decodeQrPng(path.join(batch.batchDir, entry.qrPng))).to.equal(entry.shareUrl);
      const svg = fs.readFileSync(path.join(batch.batchDir, entry.qrSvg), "utf8");
      expect(svg).to.match(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    }
  });

  it("publishing again keeps every link (ids from publish.json), also after files of the site were lost", async function () {
    fs.rmSync(path.join(site, `${published.credentials[1].shareId}.json`));
    const again = await runPublish();
    expect(again.credentials.map((c) => c.shareUrl)).to.deep.equal(published.credentials.map((c) => c.shareUrl));
    expect(again.credentials.every((c) => !c.new)).to.equal(true);
    expect(fs.existsSync(path.join(site, `${published.credentials[1].shareId}.json`))).to.equal(true);
    expect(fs.readdirSync(site).filter((name) => name.endsWith(".json"))).to.have.length(batch.credentials.length);
  });

  it("share --json prints the short link, the LinkedIn URL with every parameter and the credential id", async function () {
    const io = testIo({ cwd: work });
    const file = path.join(batch.batchDir, published.credentials[0].file);
    expect(await share({ file, json: true }, io)).to.equal(0);
    const out = JSON.parse(io.stdout.text()) as ShareJson;
    const credential = batch.credentials[0] as { id: string };
    expect(out).to.deep.equal({
      file,
      credentialId: credential.id,
      shareUrl: published.credentials[0].shareUrl,
      linkedInUrl: published.credentials[0].linkedInUrl,
      badgeUrl: `${baseUrl}${published.credentials[0].shareId}.png`,
    });
    expect(Object.fromEntries(new URL(out.linkedInUrl).searchParams)).to.deep.equal({
      startTask: "CERTIFICATION_NAME",
      name: "Introduction to Smart Contracts",
      organizationName: "Example University",
      issueYear: "2026",
      issueMonth: "1",
      expirationYear: "2099",
      expirationMonth: "1",
      certUrl: published.credentials[0].shareUrl,
      certId: credential.id,
    });
  });

  it("the short link opens a GREEN verdict, with Add to LinkedIn pointing back to the short link", async function () {
    const link = published.credentials[0].shareUrl;
    const page = await openPage(link);
    expect(await finalState(page)).to.equal("valid");
    expect(await page.locator("#verdict").getAttribute("data-verdict")).to.equal("valid");
    expect(await page.locator("#badge h2").textContent()).to.equal("Introduction to Smart Contracts");
    expect(await page.locator("#result-source").textContent()).to.include(`${published.credentials[0].shareId}.json`);
    const button = page.locator("#linkedin-button");
    expect(await button.textContent()).to.equal("Add to LinkedIn");
    expect(await button.getAttribute("href")).to.equal(published.credentials[0].linkedInUrl);
  });

  it("the revoked credential's link opens its red verdict, with no LinkedIn button", async function () {
    const page = await openPage(published.credentials[batch.revokedIndex].shareUrl);
    expect(await finalState(page)).to.equal("invalid");
    expect(await page.locator("#linkedin-button").count()).to.equal(0);
  });

  it("a published file changed on the server is untrusted input: invalid, its content withheld", async function () {
    const entry = published.credentials[1];
    const file = path.join(site, `${entry.shareId}.json`);
    const original = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, JSON.stringify(tamper(batch.credentials[1]), null, 2));
    try {
      const page = await openPage(entry.shareUrl);
      expect(await finalState(page)).to.equal("invalid");
      expect(await page.locator("#content-withheld").count()).to.equal(1);
      expect(await page.locator("#linkedin-button").count()).to.equal(0);
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  it("a link whose id names no file says so, and what to do", async function () {
    const page = await openPage(`${baseUrl}#AAAAAAAAAAAAAAAAAAAAAA`);
    expect(await finalState(page)).to.equal("problem");
    const problem = (await page.locator("#problem").textContent()) ?? "";
    expect(problem).to.include("No credential at this link").and.to.include("answered 404");
  });

  it("prints one A4 page and one Letter page: badge, learner, achievement, issuer, dates, the verdict at print time and a QR code of the short link", async function () {
    const entry = published.credentials[0];
    const page = await openPage(entry.shareUrl);
    expect(await finalState(page)).to.equal("valid");
    await page.waitForSelector("#print-sheet[data-ready]", { state: "attached" });
    expect(await page.locator("#print-button").textContent()).to.equal("Print certificate");
    // On screen the sheet is hidden; in print it is the only thing shown.
    expect(await page.locator("#print-sheet").isVisible()).to.equal(false);

    for (const format of ["A4", "Letter"] as const) {
      const pdf = await page.pdf({ format, printBackground: true });
      expect(pdfPageCount(pdf), format).to.equal(1);
      const text = pdfText(pdf).replace(/\s+/g, " ");
      for (const expected of [
        "CERTIFICATE",
        "Ada Lovelace",
        "Introduction to Smart Contracts",
        "Example University",
        "Issued",
        "January 15, 2026",
        "Valid until",
        "January 15, 2099",
        "Verification: Valid credential",
        "Checked",
        entry.shareUrl,
        entry.credentialId,
      ]) {
        expect(text, `${format}: ${expected}`).to.include(expected);
      }
      // Nothing of the screen page is printed.
      expect(text).to.not.include("Drop a credential file here");
      expect(text).to.not.include("Network settings");
    }

    // The printed QR code reads back as the short link (rendered with the print stylesheet, decoded).
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: 794, height: 1123 });
    const shot = await page.screenshot({ fullPage: true });
    fs.mkdirSync(path.dirname(PRINT_SCREENSHOT), { recursive: true });
    if (process.env.UPDATE_SCREENSHOTS === "1" || !fs.existsSync(PRINT_SCREENSHOT))
      fs.writeFileSync(PRINT_SCREENSHOT, shot);
    const png = PNG.sync.read(shot);
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).to.equal(entry.shareUrl);
  });

  it("a revoked credential prints its red verdict; a credential whose content was disproved gets no print view", async function () {
    const page = await openPage(published.credentials[batch.revokedIndex].shareUrl);
    expect(await finalState(page)).to.equal("invalid");
    // Revoked but intact content: the sheet prints the red verdict, never a green one.
    await page.waitForSelector("#print-sheet[data-ready]", { state: "attached" });
    const pdf = await page.pdf({ format: "A4" });
    expect(pdfText(pdf).replace(/\s+/g, " ")).to.include("Verification: Not valid");

    const entry = published.credentials[1];
    const file = path.join(site, `${entry.shareId}.json`);
    const original = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, JSON.stringify(tamper(batch.credentials[1]), null, 2));
    try {
      const tampered = await openPage(entry.shareUrl);
      expect(await finalState(tampered)).to.equal("invalid");
      expect(await tampered.locator("#print-sheet").count()).to.equal(0);
      expect(await tampered.locator("#print-button").count()).to.equal(0);
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  it("--credentials-url: the page fetches from another origin, which must send Access-Control-Allow-Origin (the page says so)", async function () {
    const other = path.join(work, "other");
    const withoutCors = await serveStatic(other);
    const withCors = await serveStatic(other, { headers: { "access-control-allow-origin": server.url.slice(0, -1) } });
    try {
      for (const [credentials, expected] of [
        [withoutCors, "problem"],
        [withCors, "valid"],
      ] as const) {
        const out = path.join(work, "c2");
        const io = testIo({ cwd: work });
        const code = await publish(
          {
            dir: batch.batchDir,
            baseUrl: `${server.url}c2/`,
            out,
            page: dist,
            credentialsUrl: credentials.url,
            json: true,
          },
          io,
        );
        expect(code, io.stderr.text()).to.equal(0);
        fs.cpSync(out, other, { recursive: true });
        const html = fs.readFileSync(path.join(out, "index.html"), "utf8");
        expect(html).to.include(`<meta name="credanchor-credentials" content="${credentials.url}" />`);
        const entry = (JSON.parse(io.stdout.text()) as PublishJson).credentials[0];
        expect(entry.shareId, "the ids are kept").to.equal(published.credentials[0].shareId);
        const page = await openPage(entry.shareUrl);
        expect(await finalState(page), credentials.url).to.equal(expected);
        if (expected === "problem") {
          const problem = (await page.locator("#problem").textContent()) ?? "";
          expect(problem)
            .to.include("The credential could not be fetched")
            .and.to.include(`Access-Control-Allow-Origin: ${server.url.slice(0, -1)}`);
        }
      }
    } finally {
      await withoutCors.close();
      await withCors.close();
    }
  });
});
