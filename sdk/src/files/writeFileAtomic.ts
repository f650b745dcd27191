/**
 * The SDK's one atomic file writer (Node only), used by the batch and anchor code, the CLI and the
 * Hardhat deployment script: write a temporary file in the same folder, optionally fsync it, rename
 * it over the target. A reader (or a crash) sees either the old or the new content, never a mix.
 * The temporary name (`.<name>.credanchor.tmp`) is the same in every run, so a run that follows a
 * crash rewrites the temporary file the crashed run left instead of leaving it behind (the crash
 * tests in test/sdk/batch/ (crash) assert that a recovered batch folder holds no temporary file). The price:
 * two processes writing the same target at the same moment would share one temporary file, so one
 * folder is written by one command at a time.
 */
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";

/** Options of {@link writeFileAtomic} and {@link writeFileAtomicSync}. */
export interface WriteFileAtomicOptions {
  /** fsync the temporary file before the rename (the content survives a power failure). */
  fsync?: boolean;
}

function temporaryPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.credanchor.tmp`);
}

/**
 * Replaces `file` atomically.
 *
 * @example
 * await writeFileAtomic("out/batch/manifest.json", text, { fsync: true });
 */
export async function writeFileAtomic(
  file: string,
  content: string | Uint8Array,
  { fsync = false }: WriteFileAtomicOptions = {},
): Promise<void> {
  const tmp = temporaryPath(file);
  const handle = await fsp.open(tmp, "w");
  try {
    await handle.writeFile(content, typeof content === "string" ? "utf8" : undefined);
    if (fsync) await handle.sync();
  } finally {
    await handle.close();
  }
  await fsp.rename(tmp, file);
}

/**
 * Replaces `file` atomically, synchronously (for the CLI's and scripts' small files).
 *
 * @example
 * writeFileAtomicSync("deployments/sepolia.json", `${JSON.stringify(record, null, 2)}\n`);
 */
export function writeFileAtomicSync(
  file: string,
  content: string | Uint8Array,
  { fsync = false }: WriteFileAtomicOptions = {},
): void {
  const tmp = temporaryPath(file);
  const fd = fs.openSync(tmp, "w");
  try {
    fs.writeFileSync(fd, content);
    if (fsync) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
