/**
 * A lock between test processes for builds into the repository (dist/, web/dist/): with
 * `hardhat test --parallel` several test files run at once, and two of them must never build the same
 * output at the same time, nor read it while another rewrites it.
 */
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./repoRoot";

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Runs `fn` while holding `.tmp/<name>.lock` (a directory holding the owner's pid), waiting for
 * another process that holds it. A lock left by a dead process is taken over. The caller re-checks
 * inside `fn` whether the build is still needed (another process may have just done it).
 *
 * @example
 * withBuildLock("dist", () => {
 *   if (!isFresh()) spawnSync("npm", ["run", "build"]);
 * });
 */
export function withBuildLock<T>(name: string, fn: () => T): T {
  const lock = path.join(REPO_ROOT, ".tmp", `${name}.lock`);
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let owner = 0;
      try {
        owner = Number(fs.readFileSync(path.join(lock, "pid"), "utf8"));
      } catch {
        // The owner has made the directory but not yet written its pid: wait for it.
      }
      if (owner > 0 && !processAlive(owner)) fs.rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(pause, 0, 0, 250);
    }
  }
  try {
    fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
    return fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** The newest modification time of the files below `dir` (`.test.ts` files excluded), 0 if none. */
export function newestSource(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (!entry.name.endsWith(".test.ts")) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}
