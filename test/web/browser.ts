/**
 * Debian's Chromium, driven by playwright-core. The browser tests need it; when it is missing they
 * fail with a message that says how to install it (they never skip silently).
 *
 * What costs: starting Chromium (about 1 CPU-second) and opening a tab (a new renderer process, about
 * half a CPU-second each, against a fifth for loading the page again in an open tab). So the browser
 * tests share one Chromium per test process (`sharedBrowser`), and a test file opens one tab and loads
 * each test's page in it as a first visit (`openTab`): the storage of the page's origin emptied before
 * its scripts run, the test's saved settings written, permissions and viewport set anew.
 */
import fs from "node:fs";
import { chromium, type Browser, type BrowserContext, type Disposable, type Page } from "playwright-core";

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

let shared: Promise<Browser> | undefined;

/**
 * This test process's Chromium, started on first use and shared by the browser test files that run in
 * it (with `hardhat test --parallel`, each mocha worker has its own). A file closes its own contexts,
 * never the browser; Playwright ends it when the process exits.
 *
 * @example
 * const browser = await sharedBrowser();
 * const tab = await openTab(browser);
 */
export function sharedBrowser(): Promise<Browser> {
  if (!shared) {
    const launching = launchChromium();
    shared = launching;
    launching.then(
      (browser) => browser.once("disconnected", () => (shared = shared === launching ? undefined : shared)),
      () => (shared = shared === launching ? undefined : shared),
    );
  }
  return shared;
}

/** How a test visits a page in a tab: viewport, granted permissions, and localStorage before the first load. */
export interface VisitOptions {
  viewport?: { width: number; height: number };
  permissions?: string[];
  /** Items written to the page's localStorage (emptied first) before the visit's first load. */
  localStorage?: Record<string, string>;
}

/** A tab that a test file loads its pages in, one visit per test. */
export interface Tab {
  /**
   * Loads `url` as a first visit: the origin's localStorage and sessionStorage emptied (then
   * `localStorage` written) before the page's scripts run, on the visit's first load of each origin
   * (a reload within the visit keeps what the page saved); permissions and viewport as given. The
   * page's errors and console errors from then on are in `errors`.
   */
  visit(url: string, options?: VisitOptions): Promise<Page>;
  /** The page's uncaught errors and console errors since the last `visit`. */
  readonly errors: string[];
  /** Closes the tab's context. */
  close(): Promise<void>;
}

const DEFAULT_VIEWPORT = { width: 1000, height: 900 };

/**
 * Opens one tab in its own context of `browser`.
 *
 * @example
 * const tab = await openTab(browser);
 * const page = await tab.visit(url, { localStorage: { "credanchor.rpcUrls.v1": "{}" } });
 */
export async function openTab(browser: Browser): Promise<Tab> {
  const context: BrowserContext = await browser.newContext({ viewport: DEFAULT_VIEWPORT });
  const errors: string[] = [];
  let page: Page | undefined;
  let visits = 0;
  let preload: Disposable | undefined;
  const newPage = async (): Promise<Page> => {
    const opened = await context.newPage();
    opened.on("pageerror", (error) => errors.push(error.message));
    opened.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    return opened;
  };
  return {
    errors,
    async visit(url, options = {}) {
      if (!page || page.isClosed()) page = await newPage();
      else await page.goto("about:blank");
      visits += 1;
      await preload?.dispose();
      preload = await context.addInitScript(
        ([visit, items]: [string, Record<string, string>]) => {
          if (!location.protocol.startsWith("http")) return;
          if (sessionStorage.getItem("test.visit") === visit) return;
          localStorage.clear();
          sessionStorage.clear();
          sessionStorage.setItem("test.visit", visit);
          for (const [key, value] of Object.entries(items)) localStorage.setItem(key, value);
        },
        [String(visits), options.localStorage ?? {}] as [string, Record<string, string>],
      );
      await context.clearPermissions();
      if (options.permissions?.length) await context.grantPermissions(options.permissions);
      await page.setViewportSize(options.viewport ?? DEFAULT_VIEWPORT);
      await page.emulateMedia({ media: null }); // an earlier visit may have emulated print
      errors.length = 0;
      await page.goto(url);
      return page;
    },
    close: () => context.close(),
  };
}
