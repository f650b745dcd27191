/**
 * Runs the BUILT command line (`node dist/cli/index.js`) as a subprocess, as a user would. Builds
 * dist/ first (`npm run build`) when a source under cli/ or sdk/src/ is newer than the build.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { newestSource, withBuildLock } from "./buildLock";
import { HARDHAT_ACCOUNTS } from "./hardhatNode";
import { REPO_ROOT } from "./repoRoot";

export { REPO_ROOT };
export const CLI = path.join(REPO_ROOT, "dist", "cli", "index.js");
export const FIXTURES = path.join(REPO_ROOT, "test", "fixtures");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The ES module build's Node entry, which `npm run build` writes after the CLI (scripts/buildEsm.ts). */
const ESM_NODE_ENTRY = path.join(REPO_ROOT, "dist", "esm", "node.mjs");

function isFresh(): boolean {
  const built = Math.min(...[CLI, ESM_NODE_ENTRY].map((file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0)));
  const sources = Math.max(newestSource(path.join(REPO_ROOT, "cli")), newestSource(path.join(REPO_ROOT, "sdk", "src")));
  return built > sources;
}

/** Builds dist/ with `npm run build` unless it is newer than every source file (one builder at a time). */
export function ensureBuilt(): void {
  if (isFresh()) return;
  withBuildLock("dist", () => {
    if (isFresh()) return; // another test process built it while this one waited
    const result = spawnSync("npm", ["run", "build"], { cwd: REPO_ROOT, encoding: "utf8", timeout: 300_000 });
    // tsc emits even when another part of the tree has a type error; the typecheck step reports those.
    if (!fs.existsSync(CLI))
      throw new Error(`npm run build did not produce ${CLI}:\n${result.stdout}\n${result.stderr}`);
    fs.utimesSync(CLI, new Date(), new Date());
  });
}

const SECRETS = HARDHAT_ACCOUNTS.flatMap((account) => [account.privateKey, account.privateKey.slice(2)]);

/**
 * Runs `credanchor args...` in `cwd` with a clean environment (PATH, HOME, NO_COLOR and `env`).
 * Fails the test if any known private key appears in the output.
 */
export function runCli(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? options.cwd, NO_COLOR: "1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("close", (code) => {
      for (const secret of SECRETS) {
        if (stdout.includes(secret) || stderr.includes(secret)) {
          reject(new Error(`credanchor ${args.join(" ")} printed a private key`));
          return;
        }
      }
      resolve({ code, stdout, stderr });
    });
  });
}

/** Parses stdout as the command's `--json` document. */
export function json<T>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.code}):\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}
