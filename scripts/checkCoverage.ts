/**
 * `npm run coverage:check`: reads coverage.json (written by `npm run coverage`, solidity-coverage's Istanbul
 * output) and fails unless every line and every branch of every contract in contracts/ (the registry, its
 * base, the initializable variant and the factory; interfaces have nothing to cover) was covered.
 *
 *     npm run coverage && npm run coverage:check
 */
import fs from "node:fs";
import path from "node:path";

/** The subset of an Istanbul file coverage record that the check reads. */
export interface IstanbulFileCoverage {
  path: string;
  /** Statement id → hit count. */
  s: Record<string, number>;
  /** Function id → hit count. */
  f: Record<string, number>;
  /** Branch id → hit count of each of its arms. */
  b: Record<string, number[]>;
  /** Line number → hit count. */
  l?: Record<string, number>;
}

export interface CoverageFigure {
  covered: number;
  total: number;
  /** Percentage, 100 when there is nothing to cover. */
  pct: number;
}

export interface CoverageSummary {
  file: string;
  lines: CoverageFigure;
  branches: CoverageFigure;
  statements: CoverageFigure;
  functions: CoverageFigure;
  /** Line numbers never executed. */
  uncoveredLines: number[];
  /** Branches with an arm never taken, as `line N (arm k)` where the map gives the line. */
  uncoveredBranches: string[];
}

function figure(counts: number[]): CoverageFigure {
  const covered = counts.filter((count) => count > 0).length;
  return { covered, total: counts.length, pct: counts.length === 0 ? 100 : (100 * covered) / counts.length };
}

/**
 * Summarizes the coverage of `file` (a path relative to the project root) from a parsed coverage.json.
 * Throws when the file is not in the report.
 *
 * @example
 * const summary = summarizeCoverage(JSON.parse(fs.readFileSync("coverage.json", "utf8")), "contracts/CredentialRegistry.sol");
 * if (summary.lines.pct < 100) process.exitCode = 1;
 */
export function summarizeCoverage(report: Record<string, IstanbulFileCoverage>, file: string): CoverageSummary {
  const wanted = file.split(path.sep).join("/");
  const key = Object.keys(report).find((candidate) => candidate.split(path.sep).join("/").endsWith(wanted));
  if (key === undefined)
    throw new Error(`${file} is not in the coverage report (has: ${Object.keys(report).join(", ")})`);
  const entry = report[key] as IstanbulFileCoverage & {
    branchMap?: Record<string, { line?: number; loc?: { start: { line: number } } }>;
  };
  const lines = entry.l ?? {};
  const uncoveredBranches: string[] = [];
  for (const [id, arms] of Object.entries(entry.b)) {
    arms.forEach((count, arm) => {
      if (count > 0) return;
      const where = entry.branchMap?.[id];
      const line = where?.line ?? where?.loc?.start.line;
      uncoveredBranches.push(line === undefined ? `branch ${id} (arm ${arm})` : `line ${line} (arm ${arm})`);
    });
  }
  return {
    file,
    lines: figure(Object.values(lines)),
    branches: figure(Object.values(entry.b).flat()),
    statements: figure(Object.values(entry.s)),
    functions: figure(Object.values(entry.f)),
    uncoveredLines: Object.entries(lines)
      .filter(([, count]) => count === 0)
      .map(([line]) => Number(line)),
    uncoveredBranches,
  };
}

function formatFigure(name: string, value: CoverageFigure): string {
  return `${name} ${value.pct.toFixed(2)}% (${value.covered}/${value.total})`;
}

if (require.main === module) {
  const root = path.resolve(__dirname, "..");
  const reportPath = path.join(root, "coverage.json");
  const files =
    process.argv.length > 2
      ? process.argv.slice(2)
      : fs
          .readdirSync(path.join(root, "contracts"))
          .filter((name) => name.endsWith(".sol"))
          .sort()
          .map((name) => `contracts/${name}`);
  if (!fs.existsSync(reportPath)) {
    console.error("coverage.json not found: run `npm run coverage` first");
    process.exit(1);
  }
  const report = JSON.parse(fs.readFileSync(reportPath, "utf8")) as Record<string, IstanbulFileCoverage>;
  let failed = false;
  for (const file of files) {
    const summary = summarizeCoverage(report, file);
    console.log(
      `${file}: ${[
        formatFigure("lines", summary.lines),
        formatFigure("branches", summary.branches),
        formatFigure("statements", summary.statements),
        formatFigure("functions", summary.functions),
      ].join(", ")}`,
    );
    if (summary.lines.pct < 100 || summary.branches.pct < 100) {
      if (summary.uncoveredLines.length > 0) console.error(`uncovered lines: ${summary.uncoveredLines.join(", ")}`);
      if (summary.uncoveredBranches.length > 0)
        console.error(`uncovered branches: ${summary.uncoveredBranches.join(", ")}`);
      console.error(`${file} must have 100% line and branch coverage`);
      failed = true;
    }
  }
  if (failed) process.exit(1);
}
