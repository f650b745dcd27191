/**
 * The verifier page (web/) in Debian's Chromium, against the built static files and a real
 * `hardhat node`: valid, tampered, revoked, redacted, not a credential, RPC down; the inputs (file,
 * paste, link, settings); accessibility (keyboard, labels, focus, contrast, headings, phone width).
 * UPDATE_SCREENSHOTS=1 writes docs/screenshots/<state>.png.
 */
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import type { Page, Request } from "playwright-core";
import { sharedHardhatNode, type SharedHardhatNode } from "../helpers/sharedHardhatNode";
import { deadUrl } from "../helpers/ports";
import {
  CREDENTIAL_STATUSES_SELECTOR,
  STATUS_WORDS_READ_SELECTOR,
  lieChainId,
  lieStatusWords,
  lieStatuses,
  startRpcFaultProxy,
} from "../helpers/rpcFaultProxy";
import { openTab, sharedBrowser, type Tab } from "./browser";
import { buildVerifierPage } from "./buildPage";
import { badgeInfoOf, bakePng, bakeSvg, drawBadgeSvg, identityRecords } from "../../sdk/src/index";
import { renderSvgToPng } from "../../sdk/src/node";
import { editEntry, entryOf } from "../fixtures/samples";
import { startDohServer, type DohServer } from "./dohServer";
import { ISSUER_URL, issueAnchoredBatch, TEST_PUBLIC_CHAIN_ID, redact, tamper, type BatchFixture } from "./fixtures";
import { dropFile, finalState } from "./pageActions";
import { serveStatic, type StaticServer } from "./staticServer";
import { repoPath } from "../helpers/repoRoot";

/** The test-only Hardhat configuration whose chain id (424242) is not the local development chain. */

/** The page's settings as a user saves them (localStorage), preloaded before the page's scripts run. */
interface PreloadedSettings {
  rpc?: Record<number, string[]>;
  doh?: string;
}

const SCREENSHOTS = repoPath("docs", "screenshots");
const CHECKS = [
  "format",
  "integrity",
  "inclusion",
  "anchor",
  "finality",
  "revocation",
  "suspension",
  "validity",
  "issuer",
  "signature",
];

describe("verifier page (web/) in Chromium", function () {
  this.timeout(180_000);

  /** The one tab every test loads its page in (a new tab costs a renderer process). */
  let tab: Tab;
  let server: StaticServer;
  let node: SharedHardhatNode;
  let batch: BatchFixture;
  let doh: DohServer;
  /** The page, with no query string: its network settings come from the user's saved settings. */
  let pageUrl: string;
  /** The saved settings of a user of this test chain: the node's endpoint and the test DNS service. */
  let settings: PreloadedSettings;
  /** The issuer's DNS TXT record that binds the registry to its domain. */
  let txt: { name: string; value: string };

  before(async function () {
    // Fails (never skips) with install instructions when /usr/bin/chromium is missing.
    tab = await openTab(await sharedBrowser());
    // A chain that is not 31337: on the local development chain the SDK does not check the issuer,
    // and the page never shows the public-chain green there.
    const [dist, started] = await Promise.all([
      buildVerifierPage(),
      sharedHardhatNode({ chainId: TEST_PUBLIC_CHAIN_ID }),
    ]);
    node = started;
    expect(node.chainId).to.equal(TEST_PUBLIC_CHAIN_ID);
    server = await serveStatic(dist);
    batch = await issueAnchoredBatch(node);
    // Chain 424242 is unknown to the SDK, so it asks for 12 confirmations: mine past them.
    await node.rpc("hardhat_mine", ["0x20"]);
    doh = await startDohServer();
    txt = identityRecords({ domain: new URL(ISSUER_URL).hostname, chain: batch.chain, registry: batch.registry }).txt;
    pageUrl = server.url;
    settings = { rpc: { [node.chainId]: [node.url] }, doh: doh.url };
  });

  beforeEach(function () {
    doh.records.clear();
    doh.records.set(txt.name, [txt.value]);
    doh.failWith = undefined;
    doh.queries.length = 0;
  });

  after(async function () {
    await tab?.close();
    await server?.close();
    await node?.release();
    await batch?.cleanup();
    await doh?.close();
  });

  /**
   * Loads the page in the file's one tab as a first visit (test/web/browser.ts: the origin's storage
   * emptied), its localStorage holding `preload` (the settings of a user of the test chain unless told
   * otherwise; `false` for a first visit ever) before the page's scripts run.
   */
  async function openPage(
    url = pageUrl,
    viewport = { width: 1000, height: 900 },
    permissions: string[] = [],
    preload: PreloadedSettings | false = settings,
  ): Promise<Page> {
    const saved: Record<string, string> = {};
    if (preload && preload.rpc) saved["credanchor.rpcUrls.v1"] = JSON.stringify(preload.rpc);
    if (preload && preload.doh) saved["credanchor.identity.v1"] = JSON.stringify({ doh: preload.doh });
    const page = await tab.visit(url, { viewport, permissions, localStorage: saved });
    (page as Page & { errors: string[] }).errors = tab.errors;
    return page;
  }

  async function checkStatuses(page: Page): Promise<Record<string, string>> {
    return page.$$eval("#checks-list li", (rows) =>
      Object.fromEntries(rows.map((row) => [(row as HTMLElement).dataset.check, (row as HTMLElement).dataset.status])),
    );
  }

  async function screenshot(page: Page, state: string, fullPage = true): Promise<void> {
    if (process.env.UPDATE_SCREENSHOTS !== "1") return;
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${state}.png`), fullPage });
  }

  const json = (value: unknown) => JSON.stringify(value, null, 2);

  it("shows a valid credential green, with every check passed and the badge's content", async function () {
    const page = await openPage();
    // Record every status each row and the banner go through, to see the page update live.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver((records) => {
        for (const record of records) {
          const target = record.target as HTMLElement;
          if (record.attributeName === "data-status") seen.push(`${target.dataset.check}:${target.dataset.status}`);
          if (record.attributeName === "data-verdict") seen.push(`verdict:${target.dataset.verdict}`);
        }
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["data-status", "data-verdict"] });
    });
    await dropFile(page, "ada.json", json(batch.credentials[0]));
    expect(await finalState(page)).to.equal("valid");
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    // The checks that wait for the chain show "Checking…" first; the offline ones may finish at once.
    for (const check of ["anchor", "finality", "revocation", "suspension", "issuer"]) {
      const states = seen.filter((entry) => entry.startsWith(`${check}:`));
      expect(states.indexOf(`${check}:running`), check).to.be.greaterThan(-1);
      expect(states.indexOf(`${check}:running`), check).to.be.lessThan(states.indexOf(`${check}:passed`));
    }
    expect(seen.indexOf("verdict:checking")).to.be.lessThan(seen.indexOf("verdict:valid"));
    expect(seen.indexOf("anchor:passed")).to.be.lessThan(seen.indexOf("verdict:valid"));
    expect(doh.queries).to.include(txt.name);

    const verdict = page.locator("#verdict");
    expect(await verdict.getAttribute("data-verdict")).to.equal("valid");
    expect(await verdict.locator(".verdict-title").textContent()).to.equal("Valid credential");
    const statuses = await checkStatuses(page);
    expect(Object.keys(statuses)).to.deep.equal(CHECKS);
    // The page's fixture is not signed: the signature check is skipped (allowed), every other one passed.
    for (const check of CHECKS) expect(statuses[check], check).to.equal(check === "signature" ? "skipped" : "passed");
    // Status is told in words, not by colour alone.
    expect(await page.locator("#checks-list li .check-status").allTextContents()).to.deep.equal(
      CHECKS.map((check) => (check === "signature" ? "Skipped" : "Passed")),
    );

    const badge = page.locator("#badge");
    expect(await badge.locator("h2").textContent()).to.equal("Introduction to Smart Contracts");
    const text = (await badge.textContent()) ?? "";
    for (const expected of [
      "Completed a six-week course",
      "Example University",
      "https://credentials.example.edu",
      "Ada Lovelace",
      "Identifier hidden",
      "salted hash of their email address",
      "92 · Completed",
      "January 15, 2026",
      "Pass all four graded assignments.",
      "Develop software for distributed ledgers",
      "ESCO S1.2.3",
      "Final project",
    ]) {
      expect(text, expected).to.include(expected);
    }
    expect(await badge.locator("img.badge-image").getAttribute("alt")).to.equal("Smart Contracts 101 badge");
    expect(await badge.locator(".redactions").count()).to.equal(0);
    expect(await badge.locator(".badge-caveat").count()).to.equal(0);
    // An unsigned credential's accepted skip reads plainly, not as "1 skipped".
    const reason = (await verdict.locator(".verdict-reason").textContent()) ?? "";
    expect(reason).to.match(/^Every check passed: /);
    expect(reason).to.include("no issuer signature; content proven by the anchor");
    expect(await page.locator('#checks-list li[data-check="signature"] .check-message').textContent()).to.equal(
      "No issuer signature; content proven by the anchor.",
    );
    expect((page as Page & { errors: string[] }).errors).to.deep.equal([]);
    await screenshot(page, "valid");
  });

  it("shows a tampered credential red, with integrity failed and the reason", async function () {
    const page = await openPage();
    await dropFile(page, "ada-tampered.json", json(tamper(batch.credentials[0])));
    expect(await finalState(page)).to.equal("invalid");
    const statuses = await checkStatuses(page);
    expect(statuses.format).to.equal("passed");
    expect(statuses.integrity).to.equal("failed");
    const reason = (await page.locator("#verdict .verdict-reason").textContent()) ?? "";
    expect(reason).to.match(/^Content unchanged: /);
    expect(await page.locator("#verdict .verdict-title").textContent()).to.equal("Not valid");
    expect(await page.locator('#checks-list li[data-check="integrity"] .check-status').textContent()).to.equal(
      "Failed",
    );
    expect(await page.locator("#badge #content-withheld").textContent()).to.match(
      /^The content of this file is not shown/,
    );
    expect(await page.locator("#badge article").count()).to.equal(0);
    expect(await page.locator("#share-button").isHidden()).to.equal(true);
    await screenshot(page, "tampered");
  });

  it("shows a revoked credential red, with revocation failed", async function () {
    const page = await openPage();
    await dropFile(page, "grace.json", json(batch.credentials[batch.revokedIndex]));
    expect(await finalState(page)).to.equal("invalid");
    const statuses = await checkStatuses(page);
    expect(statuses.integrity).to.equal("passed");
    expect(statuses.inclusion).to.equal("passed");
    expect(statuses.anchor).to.equal("passed");
    expect(statuses.revocation).to.equal("failed");
    // The date comes from the SDK when it reads the event's block (issue 12, interface 4).
    expect(await page.locator("#verdict .verdict-reason").textContent()).to.match(
      /^Not revoked: Revoked by the issuer( on \d{4}-\d{2}-\d{2})?: issued-in-error\.$/,
    );
    expect(await page.locator("#badge .badge-caveat").textContent()).to.equal(
      "The details below were issued, but the issuer has revoked this credential.",
    );
    await screenshot(page, "revoked");
  });

  it("shows the anchoring date the chain recorded, never the one the proof claims", async function () {
    // The anchor record's anchoredAt is outside the digest and no check compares it (SPEC.md 4.4): a
    // holder can change it and the credential stays valid, so the badge must not show it as fact.
    const claimed = structuredClone(batch.credentials[0]) as { proof: unknown };
    editEntry(claimed, (data) => {
      data.anchor!.anchoredAt = "1999-01-01T00:00:00Z";
    });
    const page = await openPage();
    await dropFile(page, "ada-backdated.json", json(claimed));
    expect(await finalState(page)).to.equal("valid");
    expect(await page.locator("#badge").textContent()).not.to.include("1999");
    const date = page.locator("#badge #anchored-at");
    expect(await date.getAttribute("data-confirmed")).to.equal("chain");
    // The chain's date is the anchor check's own (its message ends with the record's time).
    const message = (await page.locator('#checks-list li[data-check="anchor"] .check-message').textContent()) ?? "";
    const chainTime = /\((\d{4}-\d{2}-\d{2}T[^)]+)\)\.$/.exec(message)?.[1];
    expect(chainTime, message).to.be.a("string");
    expect(await date.locator("time").getAttribute("datetime")).to.equal(new Date(chainTime!).toISOString());
  });

  it("never shows a tampered file's forged issuer name, nor offers a link to it", async function () {
    const forged = structuredClone(batch.credentials[0]) as { issuer: { name: string } };
    forged.issuer.name = "Forged Institute of Technology";
    const page = await openPage();
    await dropFile(page, "ada-forged.json", json(forged));
    expect(await finalState(page)).to.equal("invalid");
    expect((await checkStatuses(page)).integrity).to.equal("failed");
    expect(await page.locator("#result").textContent()).not.to.include("Forged Institute");
    expect(await page.locator("#badge").textContent()).not.to.include("Ada Lovelace");
    expect(await page.locator("#share-button").isHidden()).to.equal(true);
  });

  it("calls a forged file that claims a credanchor proof invalid (red), not 'not a credential'", async function () {
    // Duplicate member names: JSON.parse keeps the last one, the SDK refuses the document.
    const text = json(batch.credentials[0]).replace(
      '"name": "Ada Lovelace"',
      '"name": "Ada Lovelace", "name": "Mallory"',
    );
    expect(text).to.include('"name": "Mallory"');
    const page = await openPage();
    await dropFile(page, "ada-duplicate.json", text);
    expect(await finalState(page)).to.equal("invalid");
    expect((await checkStatuses(page)).format).to.equal("failed");
    expect(await page.locator("#verdict .verdict-title").textContent()).to.equal("Not valid");
    expect(await page.locator("#badge").textContent()).not.to.include("Mallory");
    expect(await page.locator("#share-button").isHidden()).to.equal(true);
  });

  it("ignores a link's rewriting RPC endpoint and DNS service; accepted, they never give green", async function () {
    // A hostile endpoint (what a link's `?rpc=` could point at): every revoked or suspended credential reads as Valid.
    const evil = await startRpcFaultProxy(node.url, { cors: true });
    const rewrite = evil.inject({
      selector: CREDENTIAL_STATUSES_SELECTOR,
      fault: lieStatuses((status) => (status === "Revoked" || status === "Suspended" ? "Valid" : status)),
    });
    const rewriteWords = evil.inject({ selector: STATUS_WORDS_READ_SELECTOR, fault: lieStatusWords(() => [0n, 0n]) });
    try {
      const revoked = Buffer.from(JSON.stringify(batch.credentials[batch.revokedIndex]), "utf8").toString("base64url");
      const search = `?rpc=${encodeURIComponent(`${node.chainId}=${evil.url}`)}&doh=${encodeURIComponent(doh.url)}`;
      const page = await openPage(`${pageUrl}${search}#credential=${revoked}`, undefined, [
        "clipboard-read",
        "clipboard-write",
      ]);
      // The user's own settings decide: revoked, red; the link's endpoint was never asked.
      expect(await finalState(page)).to.equal("invalid");
      expect((await checkStatuses(page)).revocation).to.equal("failed");
      expect(rewrite.hits + rewriteWords.hits).to.equal(0);
      expect(await page.locator("#result-source").textContent()).to.include(node.url);
      const notice = page.locator("#link-proposal");
      expect(await notice.isVisible()).to.equal(true);
      expect(await notice.textContent()).to.include(evil.url);
      expect(await notice.textContent()).to.include("The page does not use them");
      // A link the page makes carries the credential only, never the proposal.
      await page.locator("#share-button").click();
      await page.waitForFunction(() => document.getElementById("share-status")?.textContent !== "");
      expect(new URL(await page.evaluate(() => navigator.clipboard.readText())).search).to.equal("");

      // The user accepts the link's settings for this visit: the endpoint says "not revoked", and the
      // page still does not show green.
      await page.locator("#link-proposal-toggle").click();
      await page.waitForFunction(() => document.body.dataset.state === "unconfirmed", undefined, {
        timeout: 60_000,
      });
      // The statuses are derived from the bitmap words: their read is the one the endpoint rewrites.
      expect(rewriteWords.hits).to.be.greaterThan(0);
      expect((await checkStatuses(page)).revocation).to.equal("passed");
      const verdict = page.locator("#verdict");
      expect(await verdict.getAttribute("data-verdict")).to.equal("unconfirmed");
      expect(await verdict.getAttribute("class")).to.equal("verdict verdict-error");
      expect(await verdict.locator(".verdict-title").textContent()).to.equal(
        "Not confirmed: checked through the link's endpoints",
      );
      expect(await verdict.locator(".verdict-reason").textContent()).to.include(evil.url);
      expect(await page.locator("#result-source").textContent()).to.include("(proposed by the link)");
      await screenshot(page, "link-endpoints");
    } finally {
      await evil.close();
    }
  });

  it("shows a result on the local development chain (31337) as such, never as the public green", async function () {
    // The same node, answering as chain 31337; the anchor record (outside the digest) names that chain.
    const local = await startRpcFaultProxy(node.url, { cors: true });
    local.inject({ method: "eth_chainId", fault: lieChainId(31337) });
    try {
      const credential = structuredClone(batch.credentials[0]) as { proof: unknown };
      editEntry(credential, (data) => {
        if (data.anchor) data.anchor.chain = "eip155:31337";
      });
      expect(entryOf(credential).anchor?.chain).to.equal("eip155:31337");
      const localTxt = identityRecords({
        domain: new URL(ISSUER_URL).hostname,
        chain: "eip155:31337",
        registry: batch.registry,
      }).txt;
      doh.records.set(localTxt.name, [localTxt.value]);
      const page = await openPage(pageUrl, undefined, [], { ...settings, rpc: { 31337: [local.url] } });
      await dropFile(page, "ada-local.json", json(credential));
      expect(await finalState(page)).to.equal("local");
      const verdict = page.locator("#verdict");
      expect(await verdict.getAttribute("data-verdict")).to.equal("local");
      expect(await verdict.getAttribute("class")).to.equal("verdict verdict-local");
      expect(await verdict.locator(".verdict-title").textContent()).to.match(/^Valid on a local development chain/);
      expect(await page.locator("#badge .badge-caveat").textContent()).to.include("not confirmed");
      const failures = await page.evaluate(lowContrastTexts);
      expect(failures, JSON.stringify(failures)).to.deep.equal([]);
      await screenshot(page, "local-chain");
    } finally {
      await local.close();
    }
  });

  it("shows a redacted credential green, with the hidden fields marked", async function () {
    const shared = redact(batch.credentials[0]);
    const hidden = entryOf(shared as { proof: unknown }).redactedHashes.length;
    const page = await openPage();
    await dropFile(page, "ada-shared.json", json(shared));
    expect(await finalState(page)).to.equal("valid");
    // Disclosure removes the issuer signature (an accepted skip); every other check passed.
    const statuses = await checkStatuses(page);
    for (const check of CHECKS) expect(statuses[check], check).to.equal(check === "signature" ? "skipped" : "passed");
    const reason = (await page.locator("#verdict .verdict-reason").textContent()) ?? "";
    expect(reason).to.match(/^Every check passed: /);
    expect(reason).to.include("signature removed when the holder hid fields; content proven by the anchor");
    expect(await page.locator('#checks-list li[data-check="signature"] .check-message').textContent()).to.equal(
      "Signature removed when the holder hid fields; content proven by the anchor.",
    );

    const redactions = page.locator("#badge .redactions");
    expect(await redactions.getAttribute("data-hidden-count")).to.equal(String(hidden));
    expect(await redactions.textContent()).to.include(`The holder hid ${hidden} fields`);
    expect(await redactions.textContent()).to.include("The credential does not say where the others were.");
    // The valid verdict says what was hidden in one line, with the same count as the badge.
    expect(await page.locator("#verdict-hidden").textContent()).to.equal(
      `Hidden by the holder: ${hidden} fields (the recipient's name).`,
    );
    // The name is always present in a credanchor credential, so the page knows it was hidden.
    expect(await redactions.locator('li[data-pointer="/credentialSubject/name"]').count()).to.equal(1);
    expect(await page.locator("#badge .recipient").textContent()).to.include("Name hidden by the holder");
    expect(await page.locator("#badge").textContent()).not.to.include("Ada Lovelace");
    await screenshot(page, "redacted");
  });

  it("explains where a file that is not valid JSON breaks (line and column)", async function () {
    const page = await openPage();
    await dropFile(page, "broken.json", '{\n  "type": ["VerifiableCredential"],\n  "name": "x",,\n}\n');
    expect(await finalState(page)).to.equal("problem");
    const problem = page.locator("#problem .problem");
    expect(await problem.getAttribute("role")).to.equal("alert");
    expect(await problem.locator("h2").textContent()).to.equal("This is not valid JSON");
    expect(await problem.locator(".problem-where").textContent()).to.equal("line 3, column 15");
    expect(await problem.locator(".excerpt").textContent()).to.include('"name": "x",,');
    expect(await page.locator("#checks-section").isHidden()).to.equal(true);
    await screenshot(page, "not-json");
  });

  it("explains that JSON without a credanchor proof is not a credential (JSON pointer)", async function () {
    const page = await openPage();
    await dropFile(page, "package.json", json({ name: "left-pad", version: "1.3.0" }));
    expect(await finalState(page)).to.equal("problem");
    const problem = page.locator("#problem .problem");
    expect(await problem.locator("h2").textContent()).to.equal("This file is not a credanchor credential");
    expect(await problem.locator(".problem-message").textContent()).to.equal("the credential has no proof");
    expect(await problem.locator(".problem-where").textContent()).to.include("/proof");
    await screenshot(page, "not-a-credential");
  });

  it("says a binary file is not a credential", async function () {
    const page = await openPage();
    const zip = Buffer.from("504b0304140000000800", "hex");
    await dropFile(page, "archive.zip", zip);
    expect(await finalState(page)).to.equal("problem");
    expect(await page.locator("#problem .problem-message").textContent()).to.equal(
      "It looks like a ZIP archive, not a JSON text.",
    );
  });

  it("says a damaged PNG (not a baked badge) cannot be read, and where", async function () {
    const page = await openPage();
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    await dropFile(page, "photo.png", png);
    expect(await finalState(page)).to.equal("problem");
    expect(await page.locator("#problem h2").textContent()).to.equal("This PNG image cannot be read");
    expect(await page.locator("#problem .problem-message").textContent()).to.equal(
      "the PNG file ends inside its IHDR chunk (13 data bytes announced, 0 present) (at byte offset 8)",
    );
  });

  it("shows amber 'could not be checked', not red, when the chain cannot be reached", async function () {
    const dead = await deadUrl();
    const page = await openPage(pageUrl, undefined, [], {
      ...settings,
      rpc: { [node.chainId]: [dead] },
    });
    await dropFile(page, "ada.json", json(batch.credentials[0]));
    expect(await finalState(page)).to.equal("error");
    const statuses = await checkStatuses(page);
    expect(statuses.integrity).to.equal("passed");
    expect(statuses.inclusion).to.equal("passed");
    expect(statuses.anchor).to.equal("error");
    expect(Object.values(statuses)).not.to.include("failed");
    expect(await page.locator("#verdict .verdict-title").textContent()).to.equal("Could not be checked");
    expect(await page.locator('#checks-list li[data-check="anchor"] .check-status').textContent()).to.equal(
      "Could not check",
    );
    // No date the chain did not confirm: the proof's own claim is not shown.
    expect(await page.locator("#badge #anchored-at").getAttribute("data-confirmed")).to.equal("no");
    expect(await page.locator("#badge #anchored-at").textContent()).to.equal("Date not confirmed by the chain");
    await screenshot(page, "could-not-check");
  });

  it("works from a sub-path of any static server (relative URLs)", async function () {
    const parent = await serveStatic(path.dirname(await buildVerifierPage()));
    try {
      const page = await openPage(`${parent.url}dist/`);
      await dropFile(page, "ada.json", json(batch.credentials[0]));
      expect(await finalState(page)).to.equal("valid");
      expect((page as Page & { errors: string[] }).errors).to.deep.equal([]);
    } finally {
      await parent.close();
    }
  });

  it("verifies a file dropped on the drop zone", async function () {
    const page = await openPage();
    const dataTransfer = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], "dropped.json", { type: "application/json" }));
      return transfer;
    }, json(batch.credentials[1]));
    await page.dispatchEvent("#drop-zone", "dragover", { dataTransfer });
    expect(await page.locator("#drop-zone").getAttribute("class")).to.include("dragging");
    await page.dispatchEvent("#drop-zone", "drop", { dataTransfer });
    expect(await finalState(page)).to.equal("valid");
    expect(await page.locator("#result-source").textContent()).to.include("dropped.json");
    expect(await page.locator("#drop-zone").getAttribute("class")).not.to.include("dragging");
  });

  it("verifies a baked PNG badge dropped on the drop zone, and a baked SVG chosen with the file picker", async function () {
    const credential = json(batch.credentials[1]);
    const png = bakePng(renderSvgToPng(drawBadgeSvg(badgeInfoOf(batch.credentials[1])), 200), credential);
    const page = await openPage();
    const dataTransfer = await page.evaluateHandle((bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], "badge.png", { type: "image/png" }));
      return transfer;
    }, Array.from(png));
    await page.dispatchEvent("#drop-zone", "drop", { dataTransfer });
    expect(await finalState(page)).to.equal("valid");
    expect(await page.locator("#result-source").textContent()).to.include("badge.png (baked PNG badge)");
    expect((await checkStatuses(page)).integrity).to.equal("passed");

    const svg = bakeSvg(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><rect width="9" height="9"/></svg>',
      credential,
    );
    await dropFile(page, "badge.svg", svg);
    expect(await finalState(page)).to.equal("valid");
    expect(await page.locator("#result-source").textContent()).to.include("badge.svg (baked SVG badge)");

    const edited = bakeSvg("<svg xmlns='http://www.w3.org/2000/svg'/>", credential.replace("Alan Turing", "Mallory"));
    await dropFile(page, "edited.svg", edited);
    expect(await finalState(page)).to.equal("invalid");
    expect((await checkStatuses(page)).integrity).to.equal("failed");

    await dropFile(page, "plain.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
    expect(await finalState(page)).to.equal("problem");
    expect(await page.locator("#problem h2").textContent()).to.equal("This SVG image holds no credential");
    expect(await page.locator("#problem .problem-fix").textContent()).to.include("badge image the issuer sent you");
  });

  it("'Is this e-mail yours?' checks a typed address against the hashed identifier, sending nothing", async function () {
    const page = await openPage();
    await dropFile(page, "alan.json", json(batch.credentials[1]));
    expect(await finalState(page)).to.equal("valid");
    const requests: string[] = [];
    const onRequest = (request: Request) => requests.push(request.url());
    page.on("request", onRequest);
    const input = page.getByLabel("Is this e-mail yours?");
    await input.fill("  Alan@Example.org ");
    await page.locator("#email-check button[type=submit]").click();
    const result = page.locator("#email-check-result");
    await page.waitForFunction(() => document.getElementById("email-check-result")?.dataset.result !== undefined);
    expect(await result.getAttribute("data-result")).to.equal("match");
    expect(await result.textContent()).to.equal("✔ Yes: this credential was issued to Alan@Example.org.");
    await input.fill("ada@example.org");
    await input.press("Enter");
    await page.waitForFunction(() => document.getElementById("email-check-result")?.dataset.result === "no-match");
    expect(await result.textContent()).to.equal("✘ No: this credential was not issued to ada@example.org.");
    page.off("request", onRequest);
    expect(requests).to.deep.equal([]);
    expect(await page.locator("#verdict-hidden").count()).to.equal(0); // nothing hidden, nothing said
  });

  it("copies a link that carries the credential in its fragment, and the link verifies", async function () {
    const page = await openPage(pageUrl, undefined, ["clipboard-read", "clipboard-write"]);
    await dropFile(page, "ada.json", json(batch.credentials[0]));
    expect(await finalState(page)).to.equal("valid");
    await page.locator("#share-button").click();
    await page.waitForFunction(() => document.getElementById("share-status")?.textContent !== "");
    expect(await page.locator("#share-status").textContent()).to.match(/^Link copied\./);
    const link = await page.evaluate(() => navigator.clipboard.readText());
    const url = new URL(link);
    expect(url.search).to.equal(new URL(pageUrl).search);
    const carried = Buffer.from(new URLSearchParams(url.hash.slice(1)).get("credential") ?? "", "base64url");
    expect(JSON.parse(carried.toString("utf8"))).to.deep.equal(batch.credentials[0]);

    const opened = await openPage(link);
    expect(await finalState(opened)).to.equal("valid");
    expect(await opened.locator("#result-source").textContent()).to.include("From: link");
  });

  it("verifies pasted JSON", async function () {
    const page = await openPage();
    await page.locator("#paste-panel summary").click();
    await page.locator("#paste-input").fill(json(batch.credentials[1]));
    await page.locator("#paste-submit").click();
    expect(await finalState(page)).to.equal("valid");
    expect(await page.locator("#result-source").textContent()).to.include("pasted text");
    expect(await page.locator("#badge .recipient").textContent()).to.include("Alan Turing");
  });

  it("verifies a credential carried in the link's #credential= fragment", async function () {
    const text = JSON.stringify(batch.credentials[3]);
    const fragment = Buffer.from(text, "utf8").toString("base64url");
    const page = await openPage(`${pageUrl}#credential=${fragment}`);
    expect(await finalState(page)).to.equal("valid");
    expect(await page.locator("#badge .recipient").textContent()).to.include("did:example:edsger");
  });

  it("says so when the link's fragment is not a credential", async function () {
    const page = await openPage(`${pageUrl}#credential=not*base64`);
    expect(await finalState(page)).to.equal("problem");
    expect(await page.locator("#problem h2").textContent()).to.equal("This link does not carry a readable credential");
  });

  it("uses RPC URLs and the DNS-over-HTTPS URL saved in the settings panel (localStorage)", async function () {
    const page = await openPage(server.url, undefined, [], false);
    await page.locator("#settings-panel summary").click();
    const field = page.locator("#rpc-31337");
    expect(await field.inputValue()).to.equal("http://127.0.0.1:8545");
    expect(await page.locator("#doh-url").inputValue()).to.equal("https://cloudflare-dns.com/dns-query");
    expect(await page.locator("#doh-enabled").isChecked()).to.equal(true);
    await field.fill(`not a url`);
    await page.locator("#settings-form button[type=submit]").click();
    expect(await page.locator("#settings-status").textContent()).to.match(/^Not saved\. .*"not" is not an http/);
    await field.fill("http://127.0.0.1:8545");
    await page.locator("#rpc-other-chain").fill(String(node.chainId));
    await page.locator("#rpc-other-urls").fill(node.url);
    await page.locator("#doh-url").fill(doh.url);
    await page.locator("#settings-form button[type=submit]").click();
    expect(await page.locator("#settings-status").textContent()).to.match(/^Saved/);
    expect(await page.locator(`#rpc-${node.chainId}`).inputValue()).to.equal(node.url);
    const saved = await page.evaluate(() => [
      localStorage.getItem("credanchor.rpcUrls.v1"),
      localStorage.getItem("credanchor.identity.v1"),
    ]);
    expect(JSON.parse(saved[0] ?? "{}")).to.deep.equal({ [node.chainId]: [node.url] });
    expect(JSON.parse(saved[1] ?? "{}")).to.deep.equal({ doh: doh.url });

    await page.reload();
    await dropFile(page, "ada.json", json(batch.credentials[0]));
    expect(await finalState(page)).to.equal("valid");
    expect(await page.locator("#result-source").textContent()).to.include(node.url);
    expect(doh.queries).to.include(txt.name);

    await page.locator("#settings-panel summary").click();
    await page.locator("#settings-reset").click();
    expect(await page.evaluate(() => localStorage.getItem("credanchor.rpcUrls.v1"))).to.equal(null);
    expect(await page.evaluate(() => localStorage.getItem("credanchor.identity.v1"))).to.equal(null);
    expect(await page.locator("#rpc-31337").inputValue()).to.equal("http://127.0.0.1:8545");
  });

  it("never shows green when the issuer's DNS record names another registry", async function () {
    const other = `0x${"ab".repeat(20)}`;
    doh.records.set(txt.name, [txt.value.replace(/registry=0x[0-9a-fA-F]{40}/, `registry=${other}`)]);
    const page = await openPage();
    await dropFile(page, "ada.json", json(batch.credentials[0]));
    // The DNS record names another registry: the domain disowns this one, so the issuer check fails
    // even though the did:web document (the other way to bind) cannot be fetched here (SPEC 7,
    // "Not passed"): red, with both findings in the message.
    expect(await finalState(page)).to.equal("invalid");
    expect(await page.locator("#verdict").getAttribute("class")).to.equal("verdict verdict-invalid");
    const statuses = await checkStatuses(page);
    expect(statuses.revocation).to.equal("passed");
    expect(statuses.issuer).to.equal("failed");
    expect(await page.locator('#checks-list li[data-check="issuer"] .check-code').textContent()).to.equal(
      "Code: IDENTITY_REGISTRY_MISMATCH",
    );
    const message = (await page.locator('#checks-list li[data-check="issuer"] .check-message').textContent()) ?? "";
    expect(message.toLowerCase()).to.include(`names registry ${other}`);
    expect(message).to.include("did.json");
    expect(await page.locator("#verdict .verdict-reason").textContent()).to.match(/^Issuer identity: /);
    await screenshot(page, "issuer-not-bound");
  });

  it("is amber, not red, when the DNS-over-HTTPS service fails", async function () {
    doh.failWith = 503;
    const page = await openPage();
    await dropFile(page, "ada.json", json(batch.credentials[0]));
    expect(await finalState(page)).to.equal("error");
    expect((await checkStatuses(page)).issuer).to.equal("error");
  });

  it("with the DNS lookup off in the settings asks no DNS service", async function () {
    const page = await openPage(pageUrl, undefined, [], { ...settings, doh: "off" });
    await dropFile(page, "ada.json", json(batch.credentials[0]));
    // The did:web document cannot be fetched here either, so the issuer is not confirmed: never green.
    expect(await finalState(page)).to.equal("error");
    expect(doh.queries).to.deep.equal([]);
    expect((await checkStatuses(page)).issuer).to.not.equal("passed");
  });

  describe("accessibility", function () {
    it("reaches the file input with the keyboard, with a visible focus ring on the drop zone", async function () {
      const page = await openPage();
      // Listen before any key press: Playwright turns on file-chooser interception asynchronously.
      const chooserOpened = page.waitForEvent("filechooser");
      await page.keyboard.press("Tab"); // skip link
      expect(await page.evaluate(() => document.activeElement?.className)).to.equal("skip-link");
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.id)).to.equal("file-input");
      const outline = await page.locator(".drop-label").evaluate((label) => getComputedStyle(label).outlineStyle);
      expect(outline).to.equal("solid");
      // Enter on the focused input opens the file chooser.
      await page.keyboard.press("Enter");
      const chooser = await chooserOpened;
      await chooser.setFiles({
        name: "ada.json",
        mimeType: "application/json",
        buffer: Buffer.from(json(batch.credentials[0])),
      });
      expect(await finalState(page)).to.equal("valid");
      // Focus moved to the result, so a keyboard user continues from there.
      expect(await page.evaluate(() => document.activeElement?.id)).to.equal("result-heading");
    });

    it("shows a focus ring on every control reached with Tab", async function () {
      const page = await openPage();
      await dropFile(page, "ada.json", json(batch.credentials[0]));
      await finalState(page);
      await page.locator("#paste-panel summary").click();
      await page.locator("#settings-panel summary").click();
      await page.locator(".skip-link").focus();
      const visited: string[] = [];
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press("Tab");
        const focus = await page.evaluate(() => {
          const element = document.activeElement as HTMLElement | null;
          if (!element || element === document.body) return undefined;
          // The file input is visually hidden; its label (the drop zone) carries the ring.
          const shown = element.id === "file-input" ? document.querySelector(".drop-label")! : element;
          const style = getComputedStyle(shown);
          return {
            name: `${element.tagName.toLowerCase()}#${element.id || element.className || element.textContent?.trim().slice(0, 20)}`,
            ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
          };
        });
        if (!focus || visited.includes(focus.name)) break;
        visited.push(focus.name);
        expect(focus.ring, `focus ring on ${focus.name}`).to.equal(true);
      }
      for (const expected of ["input#file-input", "textarea#paste-input", "input#doh-url", "button#share-button"]) {
        expect(visited, expected).to.include(expected);
      }
      expect(visited.length).to.be.greaterThan(15);
    });

    it("labels every control, announces the verdict, and keeps headings in order", async function () {
      const page = await openPage();
      await dropFile(page, "ada.json", json(batch.credentials[0]));
      await finalState(page);
      await page.locator("#settings-panel summary").click();
      const unlabelled = await page.evaluate(() =>
        Array.from(document.querySelectorAll("input, textarea, select, button"))
          .filter((control) => {
            const element = control as HTMLInputElement;
            const byLabel = element.labels && Array.from(element.labels).some((label) => label.textContent?.trim());
            const byAria = element.getAttribute("aria-label") || element.getAttribute("aria-labelledby");
            const byText = element.tagName === "BUTTON" && element.textContent?.trim();
            return !byLabel && !byAria && !byText;
          })
          .map((control) => control.outerHTML.slice(0, 80)),
      );
      expect(unlabelled).to.deep.equal([]);

      const verdict = page.locator("#verdict");
      expect(await verdict.getAttribute("aria-live")).to.equal("polite");
      expect(await verdict.getAttribute("role")).to.equal("status");

      const levels = await page.$$eval("h1, h2, h3, h4", (headings) =>
        headings.filter((h) => (h as HTMLElement).offsetParent !== null).map((h) => Number(h.tagName[1])),
      );
      expect(levels[0]).to.equal(1);
      expect(levels.filter((level) => level === 1)).to.have.length(1);
      for (let i = 1; i < levels.length; i++) expect(levels[i] - levels[i - 1]).to.be.at.most(1);
    });

    it("keeps text contrast at 4.5:1 or more in every state", async function () {
      const credentials = [batch.credentials[0], tamper(batch.credentials[0]), redact(batch.credentials[0])];
      for (const credential of credentials) {
        const page = await openPage();
        await page.locator("#settings-panel summary").click();
        await dropFile(page, "c.json", json(credential));
        await finalState(page);
        const failures = await page.evaluate(lowContrastTexts);
        expect(failures, JSON.stringify(failures, null, 1)).to.deep.equal([]);
      }
      const page = await openPage();
      await dropFile(page, "broken.json", "{ nope");
      await finalState(page);
      expect(await page.evaluate(lowContrastTexts)).to.deep.equal([]);
    });

    it("fits a 360 px wide phone screen without horizontal scrolling", async function () {
      const page = await openPage(pageUrl, { width: 360, height: 740 });
      await dropFile(page, "ada.json", json(batch.credentials[0]));
      expect(await finalState(page)).to.equal("valid");
      // The page scrolls the result to the top of the screen.
      expect(
        await page.evaluate(() => Math.round(document.getElementById("result-heading")!.getBoundingClientRect().top)),
      ).to.be.within(0, 5);
      await screenshot(page, "phone", false);
      await page.locator("#settings-panel summary").click();
      const widths = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        document.documentElement.clientWidth,
      ]);
      expect(widths[0]).to.be.at.most(widths[1]);
      await dropFile(page, "broken.json", `{"a": ${"1".repeat(300)},, }`);
      expect(await finalState(page)).to.equal("problem");
      const after = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        document.documentElement.clientWidth,
      ]);
      expect(after[0]).to.be.at.most(after[1]);
    });
  });
});

/**
 * Runs in the page: every visible text node's colour against its effective background (the first
 * ancestor with an opaque background), WCAG 2 relative luminance. Returns the pairs below 4.5:1.
 */
function lowContrastTexts(): { text: string; ratio: number }[] {
  const parse = (value: string): number[] => (value.match(/[\d.]+/g) ?? []).map(Number);
  const luminance = ([r, g, b]: number[]) => {
    const channel = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const background = (element: Element | null): number[] => {
    for (let current = element; current; current = current.parentElement) {
      const rgba = parse(getComputedStyle(current).backgroundColor);
      if (rgba.length >= 3 && (rgba.length === 3 || rgba[3] > 0.99)) return rgba.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures: { text: string; ratio: number }[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    const text = node.textContent?.trim();
    if (!element || !text) continue;
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (box.width === 0 || box.height === 0 || style.visibility === "hidden" || element.closest("[hidden]")) continue;
    if (element.closest(".skip-link")) continue; // off-screen until focused
    const l1 = luminance(parse(style.color).slice(0, 3));
    const l2 = luminance(background(element));
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    if (ratio < 4.5) failures.push({ text: text.slice(0, 40), ratio: Math.round(ratio * 100) / 100 });
  }
  return failures;
}
