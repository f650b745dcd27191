/**
 * A fresh temporary folder in memory for a test that writes many files. `npm install` of the packed CLI
 * writes about 21,000 files (163 MB, viem's alone 10,700): under /tmp on this machine's disk that cost
 * 21 CPU-s of system time, on a tmpfs 7 (2026-12-07). Falls back to os.tmpdir() where there is no tmpfs
 * with room (a container's /dev/shm is 64 MB by default), so the test runs the same everywhere.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** statfs(2)'s file system type of a tmpfs. */
export const TMPFS_MAGIC = 0x01021994;

/** The folders tried, in order: tmpfs mounts that exist on Linux. */
export const MEMORY_DIRS: readonly string[] = ["/dev/shm"];

/** Whether `dir` is a writable tmpfs folder with at least `bytes` free. */
export function isMemoryDirWithRoom(dir: string, bytes: number): boolean {
  try {
    const stats = fs.statfsSync(dir);
    fs.accessSync(dir, fs.constants.W_OK);
    return stats.type === TMPFS_MAGIC && stats.bavail * stats.bsize >= bytes;
  } catch {
    return false; // missing, not readable, or statfs unsupported on this platform
  }
}

/**
 * `fs.mkdtempSync(prefix)` in the first of `candidates` that is a writable tmpfs with `bytes` free, else
 * in os.tmpdir(). The caller removes it, as with any temporary folder.
 *
 * @example
 * const work = memoryTempDir("credanchor-pack-", 400 * 2 ** 20); // /dev/shm/credanchor-pack-XXXXXX
 */
export function memoryTempDir(prefix: string, bytes: number, candidates: readonly string[] = MEMORY_DIRS): string {
  if (!Number.isFinite(bytes) || bytes < 0) {
    throw new RangeError(`memoryTempDir: bytes must be a finite number >= 0, got ${bytes}`);
  }
  const dir = candidates.find((candidate) => isMemoryDirWithRoom(candidate, bytes)) ?? os.tmpdir();
  return fs.mkdtempSync(path.join(dir, prefix));
}
