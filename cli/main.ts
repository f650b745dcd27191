/**
 * `credanchor <command> [flags]`: finds the command in the table, parses its flags, runs it, and
 * turns failures into one line and an exit code.
 *
 * Exit codes: 0 success; 1 an expected failure (no key, wrong chain, not an issuer, ...) or, for
 * `verify`, an invalid credential; 2 a usage error or, for `verify`, a credential that could not be
 * checked or a file that is not a credential; 70 an internal error (a bug); 130 cancelled.
 */
import { COMMANDS } from "./commands";
import { UsageError } from "./errors";
import { formatCommandHelp, parseCommandArgs, type ParsedArgs } from "./lib/args";
import type { Command } from "./lib/command";
import type { Io } from "./lib/io";
import { packageDir } from "./lib/packageDir";
import { printError } from "./lib/report";

export const EXIT = { ok: 0, failure: 1, usage: 2, internal: 70, cancelled: 130 } as const;

/**
 * Runs the command line `argv` (without `node` and the script) and resolves to the exit code.
 *
 * @example
 * process.exitCode = await main(["verify", "batch/credentials"], processIo());
 */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? rest[0] : undefined;
    if (topic === undefined) {
      (name === undefined ? io.stderr : io.stdout).write(globalHelp());
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    return main([topic, "--help"], io);
  }
  if (name === "--version" || name === "-V" || name === "version") {
    io.stdout.write(`${version()}\n`);
    return EXIT.ok;
  }
  const debug = rest.includes("--debug");
  const json = rest.includes("--json");

  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    const suggestion = closest(name, Object.keys(COMMANDS));
    printError(
      io,
      new UsageError(`unknown command '${name}'`, {
        fix: suggestion
          ? `did you mean \`credanchor ${suggestion}\`? (\`credanchor --help\` lists them all)`
          : "run `credanchor --help`",
      }),
      { debug, json },
    );
    return EXIT.usage;
  }

  // Flags are parsed, and `--help` answered, from the table's spec: the command (and the SDK) loads only to run.
  let args: ParsedArgs;
  try {
    args = parseCommandArgs(entry.spec, rest, io.cwd);
  } catch (error) {
    return exitCodeFor(error, printError(io, error, { debug, json }).expected, undefined);
  }
  if (args.values.help === true) {
    io.stdout.write(formatCommandHelp(entry.spec, entry.summary));
    return EXIT.ok;
  }
  let command: Command | undefined;
  try {
    command = await entry.load();
    return await command.execute(args, io);
  } catch (error) {
    return exitCodeFor(error, printError(io, error, { debug, json }).expected, command);
  }
}

function exitCodeFor(error: unknown, expected: boolean, command: Command | undefined): number {
  if (!expected) return EXIT.internal;
  if (error instanceof UsageError) return EXIT.usage;
  if ((error as { code?: string }).code === "ABORT_ERR") return EXIT.cancelled;
  return command?.failureExitCode ?? EXIT.failure;
}

/** `credanchor --help`. */
export function globalHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 2;
  return [
    `credanchor ${version()} — blockchain-anchored micro-credentials (Open Badges 3.0)`,
    "",
    "Usage: credanchor <command> [options]      credanchor <command> --help",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, entry]) => `  ${name.padEnd(width)}${entry.summary}`),
    "",
    "A first batch, against a local node (`npx hardhat node` in another shell):",
    "  credanchor init",
    "  export CREDANCHOR_PRIVATE_KEY=0x…        # a funded key; never stored in files",
    "  credanchor deploy --network localhost",
    "  credanchor issue --template template.json --recipients learners.csv --out batch-1",
    "  credanchor anchor batch-1 --network localhost",
    "  credanchor verify batch-1",
    "",
    "Every command: --help, --debug (stack traces). Commands that report: --json.",
    "Exit codes: 0 ok; 1 failed (verify: a credential is invalid); 2 usage error (verify: could not",
    "check, or not a credential); 70 internal error.",
    "",
  ].join("\n");
}

/** The package's version, from its package.json (cli/lib/packageDir.ts). */
export function version(): string {
  return packageDir()?.version || "0.0.0";
}

/** The candidate within edit distance 2 of `input`, if any. */
function closest(input: string, candidates: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(input, name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
