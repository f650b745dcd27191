/**
 * Runs TypeScript entry points (a test's child script, the CLI) as separate Node processes, fast.
 *
 * Each child under `ts-node` spends over a second of CPU compiling the SDK before it does anything;
 * the crash test starts dozens. So the entries are bundled once per test file with esbuild (present
 * through vite) into plain CommonJS files in `outDir/bundle/`, with the SDK's worker scripts in
 * `outDir/batch/` and `outDir/verify/`, where startWorker looks for them (the folder above the code
 * that starts them; under ts-node it would use the .ts sources). Without esbuild, the children run under
 * `ts-node/register/transpile-only` instead: slower, same behaviour.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./repoRoot";

/** The SDK's worker scripts, by their path under sdk/src (where startWorker looks for them). */
const WORKERS = ["batch/issueWorker", "verify/verifyWorker"].map((script) => ({
  in: path.join(REPO_ROOT, "sdk", "src", `${script}.ts`),
  out: script,
}));

/** How to start one script: `spawn(process.execPath, [...argv, ...yourArguments])`. */
export type ScriptArgv = string[];

/**
 * Bundles `entries` (name → TypeScript file) into `outDir` and returns the Node arguments that run each.
 *
 * @example
 * const scripts = await prepareScripts({ runner: "test/sdk/batch/crashRunner.ts" }, tmp);
 * spawn(process.execPath, [...scripts.runner, "arg"]);
 */
export async function prepareScripts<Name extends string>(
  entries: Record<Name, string>,
  outDir: string,
): Promise<Record<Name, ScriptArgv>> {
  const names = Object.keys(entries) as Name[];
  const sources = names.map((name) => path.resolve(REPO_ROOT, entries[name]));
  let esbuild: typeof import("esbuild") | undefined;
  try {
    // Optional: loaded only when present (falls back to ts-node otherwise).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    esbuild = require("esbuild") as typeof import("esbuild");
  } catch {
    esbuild = undefined;
  }
  if (!esbuild || process.env.CREDANCHOR_TEST_TS_NODE === "1") {
    const register = require.resolve("ts-node/register/transpile-only", { paths: [REPO_ROOT] });
    return Object.fromEntries(names.map((name, i) => [name, ["-r", register, sources[i]]])) as Record<Name, ScriptArgv>;
  }
  fs.mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: [...names.map((name, i) => ({ in: sources[i], out: `bundle/${name}` })), ...WORKERS],
    outdir: outDir,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    // Bundling renames clashing identifiers (the SDK's and viem's BaseError); keep class names intact.
    keepNames: true,
    // The JSON-LD context packages read their files relative to `import.meta.url`, which a CommonJS
    // bundle does not have: they stay outside the bundle, loaded from the repository's node_modules.
    external: ["jsonld", "rdf-canonize", "@digitalbazaar/*", "@digitalcredentials/*", "@resvg/*"],
    banner: { js: `module.paths.unshift(${JSON.stringify(path.join(REPO_ROOT, "node_modules"))});` },
    logLevel: "silent",
  });
  return Object.fromEntries(names.map((name) => [name, [path.join(outDir, "bundle", `${name}.js`)]])) as Record<
    Name,
    ScriptArgv
  >;
}

/** What a finished child left behind. */
export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node <argv...>` to completion (or until `timeoutMs`, then SIGKILL) and captures its output.
 *
 * @example
 * const { code, stdout } = await runNode([...scripts.cli, "--help"], { cwd });
 */
export function runNode(
  argv: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {},
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, {
      cwd: options.cwd ?? REPO_ROOT,
      env: options.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.stdin.end(options.input ?? "");
    const timer = setTimeout(() => {
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, "SIGKILL");
    }, options.timeoutMs ?? 60_000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** An environment for a child: the parent's without any variable whose name starts with one of `drop`. */
export function childEnv(extra: Record<string, string>, drop: string[] = ["CREDANCHOR_"]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!drop.some((prefix) => key.startsWith(prefix))) env[key] = value;
  }
  return { ...env, ...extra };
}
