/**
 * Debian's Chromium, driven by playwright-core. The browser tests need it; when it is missing they
 * fail with a message that says how to install it (they never skip silently).
 */
import fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Starts headless Chromium.
 *
 * @example
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}; the verifier page's browser tests need it.\n` +
        "Install Debian's package as root: apt-get update && apt-get install -y chromium\n" +
        "(.ci/run does this in CI; set CHROMIUM_PATH to use a Chromium elsewhere.)",
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      "--disable-quic",
    ],
  });
}
