/**
 * `npm run bench [-- NAME...]`: runs the benchmarks in bench/*.bench.ts (all, or those whose file name
 * contains one of the NAMEs) and writes their tables into docs/PERFORMANCE.md, each between markers
 * `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`, with the machine and the date. Text outside the
 * markers is kept, so the page can explain the figures.
 *
 * A bench module default-exports `async (context) => string`: the markdown of its section.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface BenchContext {
  /** Prints a progress line to stderr. */
  log(message: string): void;
}
export type Bench = (context: BenchContext) => Promise<string>;

const root = path.resolve(__dirname, "..");
const docPath = path.join(root, "docs/PERFORMANCE.md");

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const gib = (os.totalmem() / 2 ** 30).toFixed(0);
  return `${cpu}, ${os.cpus().length} cores, ${gib} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

function replaceSection(doc: string, name: string, body: string): string {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${body.trim()}\n${end}`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from >= 0 && to > from) return doc.slice(0, from) + block + doc.slice(to + end.length);
  return `${doc.trimEnd()}\n\n${block}\n`;
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = fs
    .readdirSync(__dirname)
    .filter((file) => file.endsWith(".bench.ts"))
    .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
    .sort();
  if (files.length === 0) {
    console.error(`no benchmark matches ${filters.join(", ")}; have: ${fs.readdirSync(__dirname).join(", ")}`);
    process.exit(2);
  }
  let doc = fs.existsSync(docPath) ? fs.readFileSync(docPath, "utf8") : "# Performance\n";
  for (const file of files) {
    const name = file.replace(/\.bench\.ts$/, "");
    const context: BenchContext = { log: (message) => console.error(`[${name}] ${message}`) };
    context.log("running");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bench = (require(path.join(__dirname, file)) as { default: Bench }).default;
    const started = new Date();
    const markdown = await bench(context);
    const stamp = `_Measured ${started.toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine()}._`;
    doc = replaceSection(doc, name, `${markdown.trim()}\n\n${stamp}`);
    fs.writeFileSync(docPath, doc);
    console.log(markdown.trim() + "\n");
  }
  console.error(`wrote ${path.relative(root, docPath)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
