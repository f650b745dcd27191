/**
 * Runs the BUILT command line (`node dist/cli/index.js`) as a subprocess, as a user would. Builds
 * dist/ first (`npm run build`) when a source under cli/ or sdk/src/ is newer than the build.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { HARDHAT_ACCOUNTS } from "../helpers/hardhatNode";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const CLI = path.join(REPO_ROOT, "dist", "cli", "index.js");
export const FIXTURES = path.join(REPO_ROOT, "test", "fixtures");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts"))
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  const built = fs.existsSync(CLI) ? fs.statSync(CLI).mtimeMs : 0;
  const sources = Math.max(newestSource(path.join(REPO_ROOT, "cli")), newestSource(path.join(REPO_ROOT, "sdk", "src")));
  return built > sources;
}

const BUILD_LOCK = path.join(REPO_ROOT, ".tmp", "build.lock");

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Runs `fn` while holding `.tmp/build.lock` (a directory holding the owner's pid), so that test files
 * running in parallel (`hardhat test --parallel`) never build dist/ at the same time, nor run the CLI
 * while another process rewrites it. A lock left by a dead process is taken over.
 */
function withBuildLock(fn: () => void): void {
  fs.mkdirSync(path.dirname(BUILD_LOCK), { recursive: true });
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      fs.mkdirSync(BUILD_LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let owner = 0;
      try {
        owner = Number(fs.readFileSync(path.join(BUILD_LOCK, "pid"), "utf8"));
      } catch {
        // The owner has made the directory but not yet written its pid: wait for it.
      }
      if (owner > 0 && !processAlive(owner)) fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
      else Atomics.wait(pause, 0, 0, 250);
    }
  }
  try {
    fs.writeFileSync(path.join(BUILD_LOCK, "pid"), String(process.pid));
    fn();
  } finally {
    fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/** Builds dist/ with `npm run build` unless it is newer than every source file (one builder at a time). */
export function ensureBuilt(): void {
  if (isFresh()) return;
  withBuildLock(() => {
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
