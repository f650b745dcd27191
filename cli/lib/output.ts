/** Small helpers for what commands print: colours that respect the terminal, JSON, plain lines. */
import type { Io, OutputStream } from "./io";

export interface Styles {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const plain: Styles = {
  bold: (t) => t,
  dim: (t) => t,
  green: (t) => t,
  red: (t) => t,
  yellow: (t) => t,
  cyan: (t) => t,
};

const ansi = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const coloured: Styles = {
  bold: ansi(1, 22),
  dim: ansi(2, 22),
  green: ansi(32, 39),
  red: ansi(31, 39),
  yellow: ansi(33, 39),
  cyan: ansi(36, 39),
};

/**
 * Colours for `stream`: on for a terminal, off for pipes and files, off with `NO_COLOR`, on with
 * `FORCE_COLOR` (https://no-color.org).
 */
export function stylesFor(stream: OutputStream, env: Io["env"]): Styles {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return plain;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return coloured;
  return stream.isTTY === true && env.TERM !== "dumb" ? coloured : plain;
}

/** Writes `value` as pretty JSON and a newline (the `--json` output of every command). */
export function writeJson(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * How a command that reports ends: with `--json`, `value` as JSON; else the lines `text` builds with
 * the terminal's styles, one per line. Returns `exitCode` (0 unless given), for `return writeReport(...)`.
 *
 * @example
 * return writeReport(io, options.json, { root, revoked } satisfies StatusJson, (style) => [`${style.green("✔")} ${root}`]);
 */
export function writeReport(
  io: Io,
  json: boolean | undefined,
  value: unknown,
  text: (style: Styles) => readonly string[],
  exitCode = 0,
): number {
  if (json) writeJson(io, value);
  else io.stdout.write(`${text(stylesFor(io.stdout, io.env)).join("\n")}\n`);
  return exitCode;
}

/** `1234567` → `1,234,567`. */
export function formatCount(value: number | bigint): string {
  return value.toLocaleString("en-US");
}

/** Seconds with one decimal below a minute, `m:ss` above. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")} min`;
}

/** `n thing` / `n things`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

const UNPRINTABLE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `text` safe to print on one terminal line: control characters (line breaks, escape sequences that
 * move the cursor or erase lines), bidirectional overrides and unpaired surrogates are written as
 * `\uXXXX`. Every string that comes from a file (a holder's name, a message that quotes a value) goes
 * through it, so that a tampered credential cannot draw a fake "✔ valid" line.
 *
 * @example
 * printable("Eve\n✔ valid") // "Eve\\u000a✔ valid"
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
