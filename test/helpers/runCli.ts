/**
 * Runs the BUILT command line (`node dist/cli/index.js`) as a subprocess, as a user would. Builds
 * dist/ first (`npm run build`) when a source under cli/ or sdk/src/, or one of the build's own
 * scripts (BUILD_SCRIPTS), is newer than the build.
 *
 * `runCliInProcess` runs the same command line through `main(argv, io)` in the test's own process,
 * with the same environment and the same checks, for tests of what a command does rather than of the
 * process boundary: a spawned CLI costs ~0.7 s of CPU to load the SDK, a call in process almost nothing
 * once the SDK is loaded. Exit codes, stderr lines, no stack trace and no secret in the output stay
 * tested through the real binary (test/cli/errors.test.ts, hostile.test.ts, journey.test.ts ...).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { main } from "../../cli/main";
import { testIo } from "../../cli/lib/testIo";
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

/** The scripts `npm run build` runs after tsc: an edit to one changes dist/ as much as a source's does. */
const BUILD_SCRIPTS = ["scripts/buildEsm.ts", "scripts/bundleCli.ts"].map((file) => path.join(REPO_ROOT, file));

function isFresh(): boolean {
  const built = Math.min(...[CLI, ESM_NODE_ENTRY].map((file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0)));
  const sources = Math.max(
    newestSource(path.join(REPO_ROOT, "cli")),
    newestSource(path.join(REPO_ROOT, "sdk", "src")),
    ...BUILD_SCRIPTS.map((file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0)),
  );
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

/** Throws if any known private key appears in the output of `credanchor args...`. */
function checkNoSecret(args: string[], run: CliRun): void {
  for (const secret of SECRETS) {
    if (run.stdout.includes(secret) || run.stderr.includes(secret)) {
      throw new Error(`credanchor ${args.join(" ")} printed a private key`);
    }
  }
}

/** The environment both runners give the command: PATH, HOME, NO_COLOR and `env`. */
function cliEnv(options: { cwd: string; env?: Record<string, string> }): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? options.cwd, NO_COLOR: "1", ...options.env };
}

/**
 * Runs `credanchor args...` in `cwd` with a clean environment (PATH, HOME, NO_COLOR and `env`).
 * Fails the test if any known private key appears in the output.
 */
export function runCli(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: cliEnv(options),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("close", (code) => {
      try {
        checkNoSecret(args, { code, stdout, stderr });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * `credanchor args...` through `main(argv, io)` in this process, with the environment and working
 * directory `runCli` gives the subprocess (no terminal, so no prompt and no colour). Same result
 * shape, same check that no known private key appears in the output.
 */
export async function runCliInProcess(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CliRun> {
  const io = testIo({ cwd: options.cwd, env: cliEnv(options) });
  const code = await main(args, io);
  const run = { code, stdout: io.stdout.text(), stderr: io.stderr.text() };
  checkNoSecret(args, run);
  return run;
}

/**
 * Flags for an `issue` run in process whose subject is not the worker threads: the batch is built on the
 * calling thread. Under ts-node each SDK worker thread loads TypeScript and the SDK's sources again, about
 * 0.65 CPU-s a thread (dist/'s: 0.35), and `issue` starts one per core. Issuing on worker threads is tested
 * through the built executable (journey.test.ts, hostile.test.ts), in sdk/src/batch/issueBatch.test.ts and
 * test/system/esm.test.ts.
 */
export const ON_THIS_THREAD: readonly string[] = ["--workers", "0"];

/** Parses stdout as the command's `--json` document. */
export function json<T>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.code}):\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}
