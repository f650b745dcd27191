/**
 * Builds the verifier page with Vite (the same command as `npm run build:web`) when web/dist is older
 * than its sources.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { newestSource, withBuildLock } from "../helpers/buildLock";
import { REPO_ROOT } from "../helpers/repoRoot";

export const WEB_DIST = path.join(REPO_ROOT, "web", "dist");

/** True when web/dist is newer than everything the page is built from. */
function isFresh(): boolean {
  const index = path.join(WEB_DIST, "index.html");
  if (!fs.existsSync(index)) return false;
  const sources = Math.max(
    newestSource(path.join(REPO_ROOT, "web", "src")),
    fs.statSync(path.join(REPO_ROOT, "web", "index.html")).mtimeMs,
    fs.statSync(path.join(REPO_ROOT, "web", "vite.config.ts")).mtimeMs,
    newestSource(path.join(REPO_ROOT, "sdk", "src")),
  );
  return fs.statSync(index).mtimeMs > sources;
}

let building: Promise<string> | undefined;

/**
 * Runs `vite build` for web/ unless web/dist is newer than its sources, and resolves to the output
 * folder (web/dist). One build per test run: test files running in parallel share it (a lock keeps
 * two processes from building at once).
 *
 * @example
 * const dist = await buildVerifierPage();
 */
export function buildVerifierPage(): Promise<string> {
  building ??= Promise.resolve().then(() =>
    withBuildLock("web-dist", () => {
      if (isFresh()) return WEB_DIST;
      const vite = path.join(
        path.dirname(require.resolve("vite/package.json", { paths: [REPO_ROOT] })),
        "bin",
        "vite.js",
      );
      try {
        execFileSync(process.execPath, [vite, "build", "--config", "web/vite.config.ts", "--logLevel", "warn"], {
          cwd: REPO_ROOT,
          maxBuffer: 16 * 1024 * 1024,
          stdio: "pipe",
        });
      } catch (error) {
        const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
        throw new Error(`vite build of web/ failed:\n${String(stderr ?? "")}${String(stdout ?? "")}`, {
          cause: error,
        });
      }
      if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error("vite build wrote no web/dist/index.html");
      return WEB_DIST;
    }),
  );
  return building;
}
