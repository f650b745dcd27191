/**
 * Runs independent steps of `npm test` at the same time and keeps their output readable: each step is
 * one shell command whose stdout and stderr are buffered and printed together, under a header with
 * its name, exit code and wall time, when it ends. Every step runs to its end even when another
 * fails; the runner then prints one line per step and exits with the first failing step's exit code
 * (in the order given), or 0 when all passed.
 *
 *   ts-node --transpile-only scripts/runSteps.ts "lint=npm run lint" "typecheck=npm run typecheck"
 *
 * `--nice` runs every step after it at a lower CPU priority (`nice -n 10`, children included): the steps
 * before it get the cores whenever they want them, the niced ones fill the time those leave idle. `npm
 * test` runs the parallel test set and coverage first, and the linters and the type check niced beside them
 * (steps with timeouts, like tests, are better not niced: on a loaded machine they wait for everyone).
 *
 *   ts-node --transpile-only scripts/runSteps.ts "tests=npm run test:parallel" --nice "lint=npm run lint"
 *
 * Only steps that neither write what the other reads nor fight over a port belong in one call
 * (test/TESTING.md says which steps of `npm test` run side by side).
 */
import { spawn } from "node:child_process";

export interface Step {
  /** Shown in the headers, e.g. `lint`. */
  name: string;
  /** Run with `/bin/sh -c`. */
  command: string;
  /** Added to the step's niceness (`nice -n`): 0 or absent runs it at the runner's priority. */
  nice?: number;
}

/** The niceness `--nice` adds. */
export const NICE = 10;

export interface StepResult extends Step {
  /** The exit code; 1 when the step was ended by a signal or could not start. */
  code: number;
  /** The signal that ended the step, if one did. */
  signal?: NodeJS.Signals;
  /** stdout and stderr in the order they arrived. */
  output: string;
  seconds: number;
}

/** `name=command` → a step; the name is what comes before the first `=`. */
export function parseStep(argument: string): Step {
  const match = /^([\w:.-]+)=(.+)$/s.exec(argument);
  if (!match) {
    throw new Error(
      `runSteps: "${argument}" is not a step; write name=command, e.g. "lint=npm run lint" (the name: letters, digits, _ : . -)`,
    );
  }
  return { name: match[1], command: match[2] };
}

/**
 * The command line's steps: `name=command` arguments, where a `--nice` before a step lowers the CPU priority
 * of it and every later step.
 */
export function parseSteps(args: readonly string[]): Step[] {
  const steps: Step[] = [];
  let nice = 0;
  for (const argument of args) {
    if (argument === "--nice") {
      nice = NICE;
      continue;
    }
    const step = parseStep(argument);
    steps.push(nice === 0 ? step : { ...step, nice });
  }
  if (steps.length === 0)
    throw new Error('runSteps: no steps; usage: runSteps.ts "name=command" ... [--nice "name=command" ...]');
  return steps;
}

/** Runs every step at once; `write` gets each step's header and output as the step ends. */
export async function runSteps(
  steps: readonly Step[],
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<StepResult[]> {
  const names = steps.map((step) => step.name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) throw new Error(`runSteps: two steps are named "${repeated}"; give each its own name`);
  write(`runSteps: started ${names.join(", ")} side by side\n`);
  return Promise.all(
    steps.map(async (step) => {
      const result = await runStep(step);
      const how = result.signal ? `ended by ${result.signal}` : `exit ${result.code}`;
      const trailer = result.output === "" || result.output.endsWith("\n") ? "" : "\n";
      const niced = step.nice ? `, nice ${step.nice}` : "";
      write(
        `\n── ${step.name}: ${how}, ${result.seconds.toFixed(1)} s (${step.command}${niced}) ──\n${result.output}${trailer}`,
      );
      return result;
    }),
  );
}

const children = new Set<ReturnType<typeof spawn>>();

function runStep(step: Step): Promise<StepResult> {
  const started = Date.now();
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    const shell = ["/bin/sh", "-c", step.command];
    const [file, ...args] = step.nice ? ["nice", "-n", String(step.nice), ...shell] : shell;
    const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
    const done = (code: number, signal?: NodeJS.Signals, extra = "") => {
      children.delete(child);
      const output = Buffer.concat(chunks).toString("utf8") + extra;
      resolve({ ...step, code, signal, output, seconds: (Date.now() - started) / 1000 });
    };
    child.on("error", (error) => done(1, undefined, `runSteps: could not start the step: ${error.message}\n`));
    child.on("close", (code, signal) => done(code ?? 1, signal ?? undefined));
  });
}

/** The exit code for a run: the first failing step's, in the order given, or 0. */
export function exitCodeOf(results: readonly StepResult[]): number {
  return results.find((result) => result.code !== 0)?.code ?? 0;
}

async function main(): Promise<void> {
  const steps = parseSteps(process.argv.slice(2));
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      for (const child of children) child.kill(signal);
      process.exit(130);
    });
  }
  const results = await runSteps(steps);
  const width = Math.max(...results.map((result) => result.name.length));
  process.stdout.write("\nrunSteps:\n");
  for (const result of results) {
    const verdict =
      result.code === 0 ? "ok" : `FAILED (exit ${result.code}${result.signal ? `, ${result.signal}` : ""})`;
    process.stdout.write(`  ${result.name.padEnd(width)}  ${verdict}  ${result.seconds.toFixed(1)} s\n`);
  }
  process.exitCode = exitCodeOf(results);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
}
