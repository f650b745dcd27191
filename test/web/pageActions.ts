/**
 * What the browser tests do on the verifier page: drop a file on it, and wait for its verdict.
 */
import type { Page } from "playwright-core";

/**
 * Gives the page `content` as the file `name` through its file input. Forgets the previous verdict
 * first, so that `finalState` waits for this file's (reading it is asynchronous).
 *
 * @example
 * await dropFile(page, "ada.json", JSON.stringify(credential));
 */
export async function dropFile(page: Page, name: string, content: string | Buffer): Promise<void> {
  await page.evaluate(() => delete document.body.dataset.state);
  await page.setInputFiles("#file-input", {
    name,
    mimeType: "application/json",
    buffer: Buffer.isBuffer(content) ? content : Buffer.from(content),
  });
}

/**
 * Waits for the page's final state (its verdict, or a problem) and returns it.
 *
 * @example
 * expect(await finalState(page)).to.equal("valid");
 */
export async function finalState(page: Page): Promise<string> {
  await page.waitForFunction(() =>
    ["valid", "local", "unconfirmed", "invalid", "not-a-credential", "error", "problem"].includes(
      document.body.dataset.state ?? "",
    ),
  );
  return (await page.evaluate(() => document.body.dataset.state)) ?? "";
}
