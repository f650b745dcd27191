/**
 * End-to-end `issueBatch`: a template and a CSV of n recipients → a batch directory of n credential
 * files with proofs, on every core. Each size in its own child process (peak memory, worker threads
 * included), writing to a temporary directory that is deleted afterwards.
 *
 * CREDANCHOR_BENCH_ISSUE_MAX (default 1000000) caps the sizes measured.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchContext } from "./run";
import { compileWorkloads, fmt, runChild, type ChildResult } from "./lib/child";

/**
 * Why the bench deletes its batch directories only at the end. On ext4 without a journal (this
 * machine's root filesystem), the inode allocator skips free inodes deleted in the last 60 s (360 s
 * while their inode table block is dirty) and checks each of them on every file creation
 * (`recently_deleted` in fs/ext4/ialloc.c). After a mass deletion, creating files costs kernel CPU in
 * proportion to the inodes deleted: `perf` shows 70–80 % of the writing phase there.
 */
const RECENTLY_DELETED_NOTE =
  "The writing phase is mostly kernel time creating files. On ext4 without a journal (this machine's root filesystem), file creation slows down for up to 6 minutes after many files were deleted on the same filesystem (the inode allocator checks every recently deleted inode: `recently_deleted` in fs/ext4/ialloc.c): after deleting a 100,000-file batch, writing 100,000 files takes 3 to 5 times longer. The bench deletes its batch directories only after the last size; run it on a filesystem without mass deletions in the last minutes.";

const TEMPLATE = path.resolve(__dirname, "../test/fixtures/batch/template.json");

function writeRecipients(file: string, n: number): void {
  const fd = fs.openSync(file, "w");
  try {
    fs.writeSync(fd, "name,email,score\n");
    for (let start = 0; start < n; start += 10_000) {
      let text = "";
      for (let i = start; i < Math.min(n, start + 10_000); i++)
        text += `Learner ${i},learner${i}@example.org,${i % 101}\n`;
      fs.writeSync(fd, text);
    }
  } finally {
    fs.closeSync(fd);
  }
}

export default async function issueBench(context: BenchContext): Promise<string> {
  const workload = compileWorkloads()("issue");
  const max = Number(process.env.CREDANCHOR_BENCH_ISSUE_MAX ?? 1_000_000);
  const sizes = [10_000, 100_000, 1_000_000].filter((n) => n <= max);
  const workers = os.availableParallelism();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-issue-bench-"));
  const results: ChildResult[] = [];
  try {
    for (const n of sizes) {
      const recipients = path.join(scratch, `recipients-${n}.csv`);
      writeRecipients(recipients, n);
      const outDir = path.join(scratch, `batch-${n}`);
      context.log(`issueBatch of ${fmt.int(n)} credentials on ${workers} workers`);
      const result = await runChild(workload, [TEMPLATE, recipients, outDir, String(workers)]);
      const files = fs.readdirSync(path.join(outDir, "credentials")).length;
      if (files !== n) throw new Error(`expected ${n} credential files, found ${files}`);
      context.log(`  ${fmt.s(Number(result.totalMs))} s, ${result.maxRssMiB} MiB`);
      // Batch directories are deleted only after the last size: see RECENTLY_DELETED_NOTE.
      fs.rmSync(recipients, { force: true });
      results.push(result);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const rows = results.map((r) => {
    const n = Number(r.n);
    return `| ${fmt.int(n)} | ${fmt.s(Number(r.totalMs))} | ${fmt.int((n / Number(r.totalMs)) * 1000)} | ${fmt.s(Number(r.cpuMs))} | ${fmt.s(Number(r.hashingMs))} | ${fmt.s(Number(r.treeMs))} | ${fmt.s(Number(r.writingMs))} | ${r.maxRssMiB} MiB |`;
  });
  const at = (n: number) => results.find((r) => Number(r.n) === n);
  const targets: string[] = [];
  if (at(100_000)) targets.push(`100,000 credentials in ≤ 10 s (measured ${fmt.s(Number(at(100_000)!.totalMs))} s)`);
  if (at(1_000_000)) targets.push(`1,000,000 credentials in ≤ 2 GiB peak (measured ${at(1_000_000)!.maxRssMiB} MiB)`);
  return [
    "### issueBatch end to end",
    "",
    `Template + CSV of n recipients (name, e-mail, score) → batch directory with n pretty-printed credential files (each with its digest, salts and Merkle proof) and manifest.json; ${workers} worker threads; run from JavaScript (as the CLI runs from dist/). Phases: create + digest + spool (hashing), tree, proofs + files (writing). CPU is user + system time of the process, all threads: on a machine shared with other work, wall time ≥ CPU time / cores.`,
    "",
    "| credentials | total (s) | credentials / s | CPU, all threads (s) | hashing (s) | tree (s) | writing (s) | peak memory |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows,
    "",
    `Targets: ${targets.join("; ")}.`,
    "",
    RECENTLY_DELETED_NOTE,
  ].join("\n");
}
