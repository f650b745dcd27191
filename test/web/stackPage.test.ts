/**
 * The verifier page (web/) in Chromium with a stacked credential (issue 14, docs/SPEC.md section
 * 11.5): the stack's verdict, its components listed underneath with each one's own status and name,
 * the pathway ("3 of 3 modules"); then, with one module revoked on chain, the stack invalid with that
 * component revoked and the components check naming it.
 */
import { expect } from "chai";
import type { Page } from "playwright-core";
import { sharedHardhatNode, type SharedHardhatNode } from "../helpers/sharedHardhatNode";
import { openTab, sharedBrowser, type Tab } from "./browser";
import { buildVerifierPage } from "./buildPage";
import { dropFile, finalState } from "./pageActions";
import { issueAnchoredStack, STACK_MODULES, type StackFixture } from "./stackFixture";
import { serveStatic, type StaticServer } from "./staticServer";

describe("verifier page (web/) in Chromium: a stacked credential", function () {
  this.timeout(180_000);

  /** The one tab every test loads its page in (test/web/browser.ts). */
  let tab: Tab;
  let server: StaticServer;
  let node: SharedHardhatNode;
  let stack: StackFixture;

  before(async function () {
    tab = await openTab(await sharedBrowser());
    const [dist, started] = await Promise.all([buildVerifierPage(), sharedHardhatNode()]);
    node = started;
    server = await serveStatic(dist);
    stack = await issueAnchoredStack(node);
  });

  after(async function () {
    await tab?.close();
    await server?.close();
    await node?.release();
    await stack?.cleanup();
  });

  /** Loads the page in the file's one tab as a first visit, the node's endpoint saved as the user's RPC setting for its chain. */
  async function openPage(): Promise<Page> {
    return tab.visit(server.url, {
      localStorage: { "credanchor.rpcUrls.v1": JSON.stringify({ [node.chainId]: [node.url] }) },
    });
  }

  async function components(page: Page): Promise<{ status: string; name: string; text: string }[]> {
    return page.$$eval("#stack-components > ul > li.stack-component", (rows) =>
      rows.map((row) => ({
        status: (row as HTMLElement).dataset.status ?? "",
        name: row.querySelector("strong")?.textContent ?? "",
        text: row.textContent ?? "",
      })),
    );
  }

  it("shows the stack's verdict, its components with their own status, and the pathway; then a revoked component", async function () {
    const page = await openPage();
    await dropFile(page, "amara-stack.json", JSON.stringify(stack.stacked, null, 2));
    // The local development chain (31337): every check passes, the page says it is a local anchor.
    expect(await finalState(page)).to.equal("local");
    expect(await page.locator("#checks-list li[data-check=components]").getAttribute("data-status")).to.equal("passed");
    expect(await page.locator("#stack-components h3").textContent()).to.equal("Stacked from");
    expect(await page.locator("#stack-components .stack-pathway").textContent()).to.equal("3 of 3 modules");
    const listed = await components(page);
    expect(listed.map((c) => [c.status, c.name])).to.deep.equal(STACK_MODULES.map((name) => ["valid", name]));
    for (const c of listed) expect(c.text).to.contain("— Valid");
    expect(await page.locator(".stack-component-reason").count()).to.equal(0);

    await stack.revokeComponent(1);
    await dropFile(page, "amara-stack.json", JSON.stringify(stack.stacked, null, 2));
    expect(await finalState(page)).to.equal("invalid");
    expect(await page.locator("#verdict").getAttribute("data-verdict")).to.equal("invalid");
    const row = page.locator("#checks-list li[data-check=components]");
    expect(await row.getAttribute("data-status")).to.equal("failed");
    expect(await row.textContent()).to.match(/2 of 3 modules: component 2 \(Virtual Physical Assessment\): revoked/i);
    // The stack's own anchor and revocation still pass: only the component is revoked.
    expect(await page.locator("#checks-list li[data-check=revocation]").getAttribute("data-status")).to.equal("passed");
    expect(await page.locator("#stack-components .stack-pathway").textContent()).to.equal("2 of 3 modules");
    const after = await components(page);
    expect(after.map((c) => [c.status, c.name])).to.deep.equal([
      ["valid", STACK_MODULES[0]],
      ["invalid", STACK_MODULES[1]],
      ["valid", STACK_MODULES[2]],
    ]);
    expect(after[1].text).to.contain("— Invalid");
    expect(await page.locator(".stack-component-reason").allTextContents()).to.satisfy(
      (reasons: string[]) => reasons.length === 1 && /revoked by the issuer/i.test(reasons[0]),
    );
  });
});
