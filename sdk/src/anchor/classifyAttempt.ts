/**
 * Pure: what to do next about a journaled anchoring attempt, from what has been read so far of the
 * chain. The settling loop (settleAttempt.ts) asks, reads the one fact asked for, and asks again, so
 * the decision is tested without a node and the reads happen in the order the decision needs them,
 * never more. See anchorBatches.ts (point 3 of the module comment) for the reasoning.
 */
import type { Address, Hex } from "../types";
import type { AnchorJournal, JournalAttempt } from "./journal";

/** What has been read about an attempt in this round; `undefined` = not read yet. */
export interface AttemptFacts {
  /** Whether every root of the group is on chain (the registry's `batch(root)`). */
  rootsOnChain?: boolean;
  /** The attempt's receipt; `null` when the node knows no receipt for its hash. */
  receipt?: { status: "success" | "reverted" } | null;
  /** Whether the node knows the (pending) transaction by its hash. */
  known?: boolean;
  /** The sender's transaction count at `latest`. */
  latestCount?: number;
  /** The sender's transaction count at `pending`. */
  pendingCount?: number;
}

/** The timing of the settling loop at the moment of the decision. */
export interface AttemptClock {
  now: number;
  /** Milliseconds since the loop started. */
  waitedMs: number;
  timeoutMs: number;
  /** How long the transaction may be unknown, its nonce unused, before it counts as dropped. */
  droppedAfterMs: number;
  /** Since when the transaction has been unknown with its nonce unused, if it is. */
  unknownSince?: number;
  /** Whether the journaled signed bytes were broadcast again already. */
  rebroadcast: boolean;
}

/** The next step for an attempt. */
export type AttemptStep =
  /** Read this fact, then ask again. */
  | { type: "read"; fact: keyof AttemptFacts }
  /** Every root is on chain: settled. */
  | { type: "anchored" }
  /** Poll again after the polling interval; `unknownSince` is the new value to keep. */
  | { type: "wait"; reason: "mined" | "pending" | "nonce-pending" | "unknown"; unknownSince?: number }
  /** Give up; the journal stays for the next run. */
  | { type: "timeout"; transactionHash?: Hex; waitedMs: number; state: string }
  /** Mined but reverted: the roots are read again and the rest resent. */
  | { type: "reverted" }
  /** The nonce was used by another transaction (a speed-up or cancel): the rest is sent anew. */
  | { type: "replaced" }
  /** Dropped: broadcast the journaled signed bytes again. */
  | { type: "rebroadcast" }
  /** Dropped and not re-broadcastable: resend with the same nonce and higher fees. */
  | { type: "dropped" };

/**
 * Decides the next step for `attempt` from `facts` (what this round has read) and `clock`.
 *
 * @example
 * let facts: AttemptFacts = {};
 * let step = classifyAttempt(attempt, facts, clock);
 * while (step.type === "read") {
 *   facts = { ...facts, [step.fact]: await read(step.fact) };
 *   step = classifyAttempt(attempt, facts, clock);
 * }
 */
export function classifyAttempt(
  attempt: Pick<JournalAttempt, "hash" | "nonce" | "raw">,
  facts: AttemptFacts,
  clock: AttemptClock,
): AttemptStep {
  const overdue = clock.waitedMs > clock.timeoutMs;
  if (facts.rootsOnChain === undefined) return { type: "read", fact: "rootsOnChain" };
  if (facts.rootsOnChain) return { type: "anchored" };
  // The deadline is checked once a round right after the roots were read, and again, with the
  // clock of that moment, where the loop would otherwise wait for a pending transaction.
  const onlyRootsRead =
    facts.receipt === undefined &&
    facts.known === undefined &&
    facts.latestCount === undefined &&
    facts.pendingCount === undefined;
  if (onlyRootsRead && overdue) {
    return {
      type: "timeout",
      transactionHash: attempt.hash,
      waitedMs: clock.waitedMs,
      state: `(nonce ${attempt.nonce}) has not anchored its roots`,
    };
  }

  if (attempt.hash) {
    if (facts.receipt === undefined) return { type: "read", fact: "receipt" };
    if (facts.receipt) {
      // Mined and successful: the roots must now be on chain (a load-balanced endpoint may lag a moment).
      return facts.receipt.status === "success" ? { type: "wait", reason: "mined" } : { type: "reverted" };
    }
    if (facts.known === undefined) return { type: "read", fact: "known" };
    if (facts.known) {
      if (overdue) {
        return { type: "timeout", transactionHash: attempt.hash, waitedMs: clock.waitedMs, state: "is still pending" };
      }
      return { type: "wait", reason: "pending" };
    }
  }

  if (facts.latestCount === undefined) return { type: "read", fact: "latestCount" };
  // The nonce is used, but not by a transaction that anchored our roots (checked above): replaced.
  if (facts.latestCount > attempt.nonce) return { type: "replaced" };
  if (!attempt.hash) {
    // A node-signed transaction whose hash we never learnt: if something is pending at our nonce, wait.
    if (facts.pendingCount === undefined) return { type: "read", fact: "pendingCount" };
    if (facts.pendingCount > attempt.nonce) {
      if (overdue) {
        return { type: "timeout", waitedMs: clock.waitedMs, state: `(nonce ${attempt.nonce}) is still pending` };
      }
      return { type: "wait", reason: "nonce-pending" };
    }
  }

  const unknownSince = clock.unknownSince ?? clock.now;
  if (clock.now - unknownSince < clock.droppedAfterMs) return { type: "wait", reason: "unknown", unknownSince };
  // Dropped. First try the very same signed transaction again, once.
  if (attempt.raw && !clock.rebroadcast) return { type: "rebroadcast" };
  return { type: "dropped" };
}

/** One journaled attempt still to settle, with the batches that share it. */
export interface OpenAttempt<S> {
  attempt: JournalAttempt;
  from: Address;
  states: S[];
}

/**
 * The last journaled attempt of each batch whose journal is not done, grouped: batches sent in one
 * `anchorMany` share one attempt (same sender, nonce and hash), which is settled once for all of them.
 */
export function openAttempts<S extends { journal?: AnchorJournal }>(states: readonly S[]): OpenAttempt<S>[] {
  const pending = new Map<string, OpenAttempt<S>>();
  for (const state of states) {
    const attempt = state.journal?.attempts.at(-1);
    if (!attempt || !state.journal || state.journal.state === "done") continue;
    const key = `${state.journal.from.toLowerCase()}:${attempt.nonce}:${attempt.hash ?? ""}`;
    const entry = pending.get(key) ?? { attempt, from: state.journal.from, states: [] };
    entry.states.push(state);
    pending.set(key, entry);
  }
  return [...pending.values()];
}
