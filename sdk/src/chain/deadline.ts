/**
 * One deadline for every wait loop that polls the chain (anchoring, confirmations): when it started,
 * how long it has run, whether it is overdue. The clock is a parameter so that tests need no timers.
 */

/** A started wait with a time budget. */
export interface Deadline {
  /** `now()` when the wait started, in ms. */
  readonly started: number;
  /** The budget in ms; the wait is overdue once more than this has passed. */
  readonly timeoutMs: number;
  /** Milliseconds since `started`. */
  elapsed(): number;
  /** Whether more than `timeoutMs` has passed. */
  overdue(): boolean;
}

/**
 * Starts a deadline of `timeoutMs` from now.
 *
 * @example
 * const deadline = createDeadline(15 * 60_000);
 * while (!(await done())) {
 *   if (deadline.overdue()) throw new AnchorTimeoutError({ waitedMs: deadline.elapsed(), state: "is still pending" });
 *   await sleep(pollingInterval);
 * }
 */
export function createDeadline(timeoutMs: number, now: () => number = Date.now): Deadline {
  const started = now();
  return {
    started,
    timeoutMs,
    elapsed: () => now() - started,
    overdue: () => now() - started > timeoutMs,
  };
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
