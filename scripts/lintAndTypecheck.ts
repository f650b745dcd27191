/**
 * The type check and eslint's type-aware lint on ONE TypeScript program per project: `npm test`'s stage 2.
 * Run apart (`npm run typecheck`, `npm run lint:ts`), each builds and type-checks the same files: `tsc
 * --noEmit` the root project and the page's, eslint the root project (tsconfig.eslint.json, a superset of
 * tsconfig.json: bench/ too) and the page's again for its type-aware rules. Here a project's program is
 * built once, its diagnostics reported like `tsc --noEmit` reports them, and the same program (its one
 * type checker, whose types the diagnostics already computed) is handed to eslint through
 * typescript-eslint's `parserOptions.programs`, with the repository's eslint.config.mjs otherwise
 * unchanged and `--max-warnings 0`.
 *
 *   ts-node --transpile-only scripts/lintAndTypecheck.ts          # both projects: `eslint .` + `npm run typecheck`
 *   ts-node --transpile-only scripts/lintAndTypecheck.ts root     # the root project: every linted file but web/src
 *   ts-node --transpile-only scripts/lintAndTypecheck.ts web      # the page's project: web/src
 *
 * The two parts share no work, so `npm test` runs them in two processes side by side. Exits 1 when the
 * type check found an error or eslint an error or a warning (both run either way, so one run shows
 * everything), 2 on a bad argument or a tsconfig that cannot be read.
 */
import path from "node:path";
import { ESLint } from "eslint";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "..");

export interface Part {
  /** The tsconfig whose program types the part's files, as eslint.config.mjs names it. */
  tsconfig: string;
  /** What eslint lints with that program. */
  lint: string[];
  /** What it leaves to the other part. */
  ignore: string[];
}

/**
 * eslint.config.mjs lints a file with the first of its projects that holds it: web/src with the page's,
 * everything else with the root one (the SDK's files, which the page's program also holds, included).
 */
export const PARTS: Readonly<Record<string, Part>> = {
  root: { tsconfig: "tsconfig.eslint.json", lint: ["."], ignore: ["web/src/**"] },
  web: { tsconfig: "web/tsconfig.json", lint: ["web/src"], ignore: [] },
};

/** The command line's parts: names of PARTS, all of them when none is given. */
export function parseParts(args: readonly string[]): string[] {
  for (const name of args) {
    if (!Object.hasOwn(PARTS, name)) {
      throw new Error(`lintAndTypecheck: unknown part "${name}"; the parts: ${Object.keys(PARTS).join(", ")}`);
    }
  }
  return args.length > 0 ? [...args] : Object.keys(PARTS);
}

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (fileName) => fileName,
  getCurrentDirectory: () => ROOT,
  getNewLine: () => "\n",
};

/** Reads a tsconfig the way `tsc -p` does; throws with tsc's own message when it cannot. */
export function createProjectProgram(configPath: string): ts.Program {
  const absolute = path.resolve(ROOT, configPath);
  let unrecoverable: ts.Diagnostic | undefined;
  const config = ts.getParsedCommandLineOfConfigFile(
    absolute,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        unrecoverable = diagnostic;
      },
    },
  );
  if (!config || unrecoverable) {
    const reason = unrecoverable ? ts.formatDiagnostics([unrecoverable], formatHost) : "unreadable";
    throw new Error(`lintAndTypecheck: cannot read ${configPath}: ${reason}`);
  }
  return ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    projectReferences: config.projectReferences,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
  });
}

/**
 * What `tsc --noEmit` reports for a program, in its order: the tsconfig's and syntax errors first, the
 * options' and global ones, the semantic ones only when there were none before, then (with `declaration`
 * on) the declaration errors.
 */
export function typeErrors(program: ts.Program): readonly ts.Diagnostic[] {
  const diagnostics = [...program.getConfigFileParsingDiagnostics(), ...program.getSyntacticDiagnostics()];
  if (diagnostics.length > 0) return diagnostics;
  diagnostics.push(...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics());
  if (diagnostics.length > 0) return diagnostics;
  diagnostics.push(...program.getSemanticDiagnostics());
  const options = program.getCompilerOptions();
  if (diagnostics.length === 0 && (options.declaration || options.composite)) {
    diagnostics.push(...program.getDeclarationDiagnostics());
  }
  return diagnostics;
}

const cpuSeconds = (usage: NodeJS.CpuUsage): string => ((usage.user + usage.system) / 1e6).toFixed(1);

/** Type-checks and lints one part; true when both are clean. */
async function checkPart(name: string): Promise<boolean> {
  const part = PARTS[name];
  let clean = true;
  let started = process.cpuUsage();
  const program = createProjectProgram(part.tsconfig);
  const errors = typeErrors(program);
  if (errors.length > 0) {
    clean = false;
    process.stdout.write(ts.formatDiagnosticsWithColorAndContext(errors, formatHost));
  }
  console.log(
    `${name}: typecheck ${part.tsconfig}: ${errors.length === 0 ? "no errors" : `${errors.length} error(s)`} ` +
      `(${program.getSourceFiles().length} files, ${cpuSeconds(process.cpuUsage(started))} CPU-s)`,
  );

  started = process.cpuUsage();
  const eslint = new ESLint({
    cwd: ROOT,
    ignorePatterns: part.ignore,
    overrideConfig: { languageOptions: { parserOptions: { programs: [program], project: null } } },
  });
  const results = await eslint.lintFiles(part.lint);
  const lintErrors = results.reduce((sum, result) => sum + result.errorCount, 0);
  const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
  const report = await (await eslint.loadFormatter("stylish")).format(results);
  if (report) process.stdout.write(report);
  // `--max-warnings 0`: a warning fails the lint like an error.
  if (lintErrors > 0 || warnings > 0) clean = false;
  console.log(
    `${name}: eslint ${part.lint.join(" ")}: ${results.length} files, ${lintErrors} error(s), ${warnings} warning(s) ` +
      `(${cpuSeconds(process.cpuUsage(started))} CPU-s)`,
  );
  return clean;
}

async function main(): Promise<number> {
  let clean = true;
  for (const name of parseParts(process.argv.slice(2))) {
    if (!(await checkPart(name))) clean = false;
  }
  return clean ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 2;
    },
  );
}
