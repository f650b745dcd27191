/**
 * Writes the hostile corpus to test/fixtures/hostile/ (every file of `buildCorpus()` plus cases.json,
 * the list of cases with what each must produce). Files of the corpus folders that the builder no
 * longer makes are removed. README.md is written by hand and kept.
 *
 *     npx ts-node --transpile-only test/helpers/hostile/generateCorpus.ts
 */
import fs from "node:fs";
import path from "node:path";
import { buildCorpus, HOSTILE_DIR, type HostileCorpus } from "./corpus";

/** The folders the generator owns inside HOSTILE_DIR. */
export const CORPUS_FOLDERS = ["credentials", "recipients", "configs", "manifests", "templates"];

/** cases.json: the expectations of every case, for people and other tools. */
export function casesJson(corpus: HostileCorpus): string {
  const { credentials, recipients, configs, manifests, templates } = corpus;
  return `${JSON.stringify({ credentials, recipients, configs, manifests, templates }, null, 2)}\n`;
}

/** Every file under `dir` (relative paths, "/" separators). */
export function listFiles(dir: string, prefix = ""): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), relative));
    else out.push(relative);
  }
  return out;
}

function removeEmptyFolders(dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeEmptyFolders(path.join(dir, entry.name));
  }
  if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
}

async function main(): Promise<void> {
  const corpus = await buildCorpus();
  for (const folder of CORPUS_FOLDERS) {
    for (const file of listFiles(path.join(HOSTILE_DIR, folder), folder)) {
      if (!corpus.files.has(file)) fs.rmSync(path.join(HOSTILE_DIR, file));
    }
  }
  for (const folder of CORPUS_FOLDERS) removeEmptyFolders(path.join(HOSTILE_DIR, folder));
  for (const [file, content] of corpus.files) {
    fs.mkdirSync(path.dirname(path.join(HOSTILE_DIR, file)), { recursive: true });
    fs.writeFileSync(path.join(HOSTILE_DIR, file), content);
  }
  fs.writeFileSync(path.join(HOSTILE_DIR, "cases.json"), casesJson(corpus));
  console.log(`wrote ${corpus.files.size + 1} files to ${path.relative(process.cwd(), HOSTILE_DIR)}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
