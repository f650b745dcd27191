/**
 * A progress bar on stderr for work that takes more than a second. It stays silent when stderr is
 * not a terminal (pipes, CI logs), with `--json`, and for work that ends within the first second.
 */
import type { Io } from "./io";
import { formatCount, formatDuration } from "./output";

export interface Progress {
  /** Reports `done` of `total` units (total unknown: a counter instead of a bar); `label` replaces the label. */
  update(done: number, total?: number, label?: string, unit?: Unit): void;
  /** Clears the bar. Call once, when the work ends (also on failure). */
  stop(): void;
}

/** What is counted: items (the default) or bytes (shown in MB). */
export type Unit = "items" | "bytes";

export interface ProgressOptions {
  /** A word or two in front of the bar: `hashing`, `verifying`. */
  label: string;
  /** False turns the bar off (`--json`, `--quiet`). */
  enabled?: boolean;
  /** Milliseconds before the bar first shows; default 1000. */
  delayMs?: number;
  /** The clock, for tests. */
  now?: () => number;
}

const REDRAW_MS = 100;
const BAR_WIDTH = 24;

/**
 * A progress bar that draws on `io.stderr` once the work has run for a second.
 *
 * @example
 * const progress = createProgress(io, { label: "hashing", enabled: !options.json });
 * try {
 *   await issueBatch({ ..., onProgress: (p) => progress.update(p.done, p.total) });
 * } finally {
 *   progress.stop();
 * }
 */
export function createProgress(io: Io, options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const enabled = options.enabled !== false && io.stderr.isTTY === true && io.env.TERM !== "dumb";
  const start = now();
  const delay = options.delayMs ?? 1000;
  let lastDraw = 0;
  let drawn = false;
  let currentLabel = options.label;

  return {
    update(done, total, label, unit) {
      if (label !== undefined) currentLabel = label;
      if (!enabled) return;
      const t = now();
      if (t - start < delay || t - lastDraw < REDRAW_MS) return;
      lastDraw = t;
      drawn = true;
      io.stderr.write(`\r\u001b[K${render(currentLabel, done, total, t - start, io.stderr.columns || 80, unit)}`);
    },
    stop() {
      if (drawn) io.stderr.write("\r\u001b[K");
      drawn = false;
    },
  };
}

/** One line: `label [#####-----] 42%  4,200/10,000  3.1 s`, cut to the terminal's width. */
export function render(
  label: string,
  done: number,
  total: number | undefined,
  elapsedMs: number,
  columns = 80,
  unit: Unit = "items",
): string {
  const count = (n: number) => (unit === "bytes" ? (n / 1e6).toFixed(1) : formatCount(n));
  const elapsed = formatDuration(elapsedMs);
  let line: string;
  if (total !== undefined && total > 0) {
    const ratio = Math.min(1, Math.max(0, done / total));
    const filled = Math.round(ratio * BAR_WIDTH);
    const bar = `${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}`;
    line = `${label} ${bar} ${String(Math.floor(ratio * 100)).padStart(3)}%  ${count(done)}/${count(total)}${unit === "bytes" ? " MB" : ""}  ${elapsed}`;
  } else if (done > 0) {
    line = `${label} ${count(done)}${unit === "bytes" ? " MB" : ""}  ${elapsed}`;
  } else {
    line = `${label}…  ${elapsed}`;
  }
  return line.slice(0, Math.max(10, columns - 1));
}

/**
 * Shows `label` with the elapsed time on stderr while `work` runs, once it has run for a second
 * (waiting for confirmations, simulating). Silent off a terminal and when disabled.
 *
 * @example
 * const result = await trackTask(io, "waiting for 2 confirmations", deployRegistry(client, args), { enabled: !json });
 */
export async function trackTask<T>(
  io: Io,
  label: string,
  work: Promise<T>,
  options: { enabled?: boolean; delayMs?: number } = {},
): Promise<T> {
  const progress = createProgress(io, { label, enabled: options.enabled, delayMs: options.delayMs });
  const timer = setInterval(() => progress.update(0), REDRAW_MS);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    progress.stop();
  }
}
