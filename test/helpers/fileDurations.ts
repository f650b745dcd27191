/**
 * Longest first: mocha's parallel mode hands the test files to its workers in the order it is given, so
 * a long file given last runs on one core while the other has nothing left to do. The mocha workers
 * record how long each file's tests ran (`mochaHooks` below, a root hook plugin that hardhat.config.ts
 * loads through `mocha.require`; root hooks run once per file in parallel mode) as one JSON line in
 * `.tmp/test-durations.jsonl`, and the parallel and quick sets start with the files that took longest
 * in the last run that had them (`orderByDuration`). Files with no figure yet go first, as if long.
 *
 * A fresh clone has no `.tmp/`: there the order comes from the committed `fileDurations.seed.jsonl`
 * (the same format; figures of a quiet run), its files longest first and every other file after them
 * (`testFileOrder`), so the long files do not start last because of their names (test/system, test/web).
 */
import fs from "node:fs";
import path from "node:path";
import type { Context, Suite } from "mocha";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Where the workers append the figures. */
export const DURATIONS_FILE = path.join(REPO_ROOT, ".tmp", "test-durations.jsonl");

/** The committed figures that order a run with none of its own (a fresh clone). */
export const SEED_DURATIONS_FILE = path.join(__dirname, "fileDurations.seed.jsonl");

/** A test file's path from the repository root, with forward slashes. */
function repoPath(file: string): string {
  return path.relative(REPO_ROOT, path.resolve(REPO_ROOT, file)).split(path.sep).join("/");
}

/**
 * The last recorded duration (milliseconds) of each test file, by its path from the repository root.
 * The file is a cache: a missing file gives no figures, and a line that is not a `{ file, ms }` record
 * (a write cut short) is skipped.
 */
export function readDurations(durationsFile = DURATIONS_FILE): Map<string, number> {
  const durations = new Map<string, number>();
  if (!fs.existsSync(durationsFile)) return durations;
  for (const line of fs.readFileSync(durationsFile, "utf8").split("\n")) {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      continue;
    }
    const { file, ms } = (record ?? {}) as { file?: unknown; ms?: unknown };
    if (typeof file === "string" && typeof ms === "number" && Number.isFinite(ms) && ms >= 0) {
      durations.delete(file); // the latest figure wins
      durations.set(file, ms);
    }
  }
  return durations;
}

/**
 * `files` (absolute or relative paths) from the longest to the shortest (ties in the order given); a
 * file without a figure counts as `unknownMs`: by default as the longest (it goes first), with 0 after
 * every file that has one.
 *
 * @example
 * orderByDuration(["a.test.ts", "b.test.ts", "c.test.ts"], new Map([["a.test.ts", 10], ["b.test.ts", 900]]));
 * // ["c.test.ts", "b.test.ts", "a.test.ts"]
 */
export function orderByDuration(
  files: readonly string[],
  durations: ReadonlyMap<string, number>,
  unknownMs = Infinity,
): string[] {
  const known = (file: string) => durations.get(repoPath(file));
  return files
    .map((file, index) => ({ file, index, ms: known(file) ?? unknownMs }))
    .sort((a, b) => (a.ms === b.ms ? a.index - b.index : b.ms - a.ms))
    .map(({ file }) => file);
}

/**
 * Rewrites the figures with one line per file (the latest), so the file does not grow with every run.
 * Written to a temporary file and renamed over the old one.
 */
export function compactDurations(durations: ReadonlyMap<string, number>, durationsFile = DURATIONS_FILE): void {
  if (durations.size === 0) return;
  fs.mkdirSync(path.dirname(durationsFile), { recursive: true });
  const temporary = `${durationsFile}.${process.pid}.tmp`;
  const lines = [...durations].map(([file, ms]) => JSON.stringify({ file, ms }));
  fs.writeFileSync(temporary, `${lines.join("\n")}\n`);
  fs.renameSync(temporary, durationsFile);
}

/**
 * The order `hardhat test --parallel` gives `files`: by the figures of the last runs (compacted), the
 * files without one first; in a clone with no figures yet, by the committed seed's, its files first and
 * the others after them in the order given.
 *
 * @example
 * const ordered = testFileOrder(files); // in hardhat.config.ts
 */
export function testFileOrder(
  files: readonly string[],
  durationsFile = DURATIONS_FILE,
  seedFile = SEED_DURATIONS_FILE,
): string[] {
  const recorded = readDurations(durationsFile);
  if (recorded.size === 0) return orderByDuration(files, readDurations(seedFile), 0);
  compactDurations(recorded, durationsFile);
  return orderByDuration(files, recorded);
}

/** The test files whose suites and tests hang under `suite`. */
function filesUnder(suite: Suite, files = new Set<string>()): Set<string> {
  if (suite.file) files.add(suite.file);
  for (const test of suite.tests) if (test.file) files.add(test.file);
  for (const child of suite.suites) filesUnder(child, files);
  return files;
}

/** Appends one file's figure; a root that holds several files (mocha without --parallel) is not one file's. */
export function recordDuration(root: Suite, ms: number, durationsFile = DURATIONS_FILE): void {
  const files = filesUnder(root);
  if (files.size !== 1) return;
  const [file] = files;
  fs.mkdirSync(path.dirname(durationsFile), { recursive: true });
  fs.appendFileSync(durationsFile, `${JSON.stringify({ file: repoPath(file), ms: Math.round(ms) })}\n`);
}

let started = 0;

/** The root hook plugin the mocha workers load: times each file from its first hook to its last. */
export const mochaHooks = {
  beforeAll(): void {
    started = performance.now();
  },
  afterAll(this: Context): void {
    const root = this.test?.parent;
    if (root) recordDuration(root, performance.now() - started);
  },
};
