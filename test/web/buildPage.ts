/**
 * Builds the verifier page once per test run with Vite (the same command as `npm run build:web`).
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const WEB_DIST = path.join(REPO_ROOT, "web", "dist");

let building: Promise<string> | undefined;

/**
 * Runs `vite build` for web/ and resolves to the output folder (web/dist).
 *
 * @example
 * const dist = await buildVerifierPage();
 */
export function buildVerifierPage(): Promise<string> {
  building ??= (async () => {
    const vite = path.join(
      path.dirname(require.resolve("vite/package.json", { paths: [REPO_ROOT] })),
      "bin",
      "vite.js",
    );
    try {
      await promisify(execFile)(
        process.execPath,
        [vite, "build", "--config", "web/vite.config.ts", "--logLevel", "warn"],
        { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
      );
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`vite build of web/ failed:\n${stderr ?? ""}${stdout ?? ""}`, { cause: error });
    }
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error("vite build wrote no web/dist/index.html");
    return WEB_DIST;
  })();
  return building;
}
