/**
 * Benchmark helpers (not a benchmark: bench/run.ts only runs `*.bench.ts`). Each measurement runs in
 * its own child process, so that its peak memory (max RSS, worker threads included) is its own.
 * Children run plain JavaScript transpiled from the sources (no ts-node in the child), the way the CLI
 * runs from dist/.
 */
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import ts from "typescript";

const repo = path.resolve(__dirname, "../..");
const outRoot = path.join(repo, ".tmp", "bench-js");

/** Transpiles sdk/src and bench/workloads to .tmp/bench-js (same relative layout); returns the path of a workload. */
export function compileWorkloads(): (workload: string) => string {
  for (const dir of ["sdk/src", "bench/workloads"]) {
    const sources = path.join(repo, dir);
    for (const entry of fs.readdirSync(sources, { recursive: true }) as string[]) {
      if (entry.endsWith(".json")) {
        // Bundled documents (JSON-LD contexts) travel beside the JavaScript, as the build copies them.
        fs.mkdirSync(path.dirname(path.join(outRoot, dir, entry)), { recursive: true });
        fs.copyFileSync(path.join(sources, entry), path.join(outRoot, dir, entry));
        continue;
      }
      if (!entry.endsWith(".ts") || entry.endsWith(".test.ts")) continue;
      const target = path.join(outRoot, dir, entry.replace(/\.ts$/, ".js"));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const { outputText } = ts.transpileModule(fs.readFileSync(path.join(sources, entry), "utf8"), {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      });
      fs.writeFileSync(target, outputText);
    }
  }
  return (workload) => path.join(outRoot, "bench/workloads", `${workload}.js`);
}

/** What every workload prints as its last stdout line (JSON), plus what it measured. */
export interface ChildResult {
  /** Peak resident memory of the whole child process, MiB. */
  maxRssMiB: number;
  /** Resident memory after loading modules and preparing inputs, before the measured work, MiB. */
  baseRssMiB: number;
  [key: string]: number | string;
}

/** Runs `node script ...args` and returns its JSON result; rejects with its stderr on failure. */
export function runChild(script: string, args: string[], options: { nodeArgs?: string[] } = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script, ...args], {
      cwd: repo,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const last = stdout.trim().split("\n").pop() ?? "";
      if (code !== 0) return reject(new Error(`${path.basename(script)} ${args.join(" ")} exited ${code}: ${stderr}`));
      try {
        resolve(JSON.parse(last) as ChildResult);
      } catch {
        reject(new Error(`${path.basename(script)} printed no result: ${stdout}\n${stderr}`));
      }
    });
  });
}

export const fmt = {
  int: (value: number) => Math.round(value).toLocaleString("en-US"),
  s: (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1),
  ratio: (value: number) => `${value >= 10 ? Math.round(value) : value.toFixed(1)}×`,
};
