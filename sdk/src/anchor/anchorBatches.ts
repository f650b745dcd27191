/**
 * Node-only: anchoring batch directories, crash-safe and resumable.
 *
 * Why a second run never sends a second anchoring transaction:
 *
 * 1. The chain is the truth. Before anything is sent, and again after every wait, the registry's
 *    record of each root is read (`batch(root)`). A root that is on chain is recorded, never re-sent,
 *    whoever anchored it. The contract itself refuses a second anchor of a root, and the SDK simulates
 *    every transaction first, so even a race costs no second anchor.
 * 2. The journal (`anchor.journal.json`) is written and fsynced BEFORE a transaction is broadcast.
 *    For a key the SDK holds, the journal already has the transaction's hash and signed bytes at that
 *    point; for a node-managed account it has the sender and nonce, and the hash once the node answers.
 * 3. On a run with a journal, the last attempt is settled before anything new is sent:
 *    - mined (receipt) → its roots are on chain: record them;
 *    - still pending → wait for it (bounded by `timeoutMs`; on timeout the journal stays for the next run);
 *    - unknown to the node, and its nonce not used yet (`latest` count ≤ nonce) → dropped: broadcast the
 *      journaled signed bytes again (the very same transaction); if that is impossible, send a new
 *      transaction WITH THE SAME NONCE and at least 12.5% higher fees. Reusing the nonce makes the old
 *      and the new transaction mutually exclusive: if the old one reappears from some mempool, at most
 *      one of them can ever be mined;
 *    - unknown, and its nonce used by something else → replaced (e.g. a speed-up or cancel from a
 *      wallet): the roots are read again; those on chain are recorded, the rest are sent anew with a
 *      fresh nonce;
 *    - reverted → same as replaced (the roots are read again; a root someone else anchored is recorded).
 * 4. Only roots that are not on chain after that are sent, and they are sent with the journal written
 *    first, so the loop starts over from point 3 after a crash at any instruction.
 * 5. After the root is on chain, the SDK waits for `confirmations`, reads the record again (a reorg may
 *    have moved the anchor to another transaction, which then wins), and only then writes the anchor
 *    record: credential files first, each atomically, the manifest last, then marks the journal done.
 *
 * The steps live beside this file, split the way viem splits actions: the decisions are pure
 * (`classifyAttempt`: what to do next about a journaled attempt; `planChunks`: which roots go into
 * which transaction; `checkDirectory`/`outcomeOf` in anchorState.ts), the I/O is in `settleOnChain`
 * (points 3-4), `settleAttempt` (point 3), `sendChunk` (point 2) and `confirmAnchor` (point 5), all
 * waiting under one deadline helper (chain/deadline.ts).
 */
import { getAddress } from "viem";
import type { Address, AnchorRecord, Hex } from "../types";
import { BatchDirectoryError } from "../errors/anchor";
import type { RegistryClient } from "../chain/createRegistryClient";
import { assertChainId, assertRegistryDeployed } from "../chain/assertChainId";
import { isoFromUnixSeconds } from "../credential/dateTime";
import { writeJournal, type JournalProposal } from "./journal";
import { recordAnchor, sameRecord } from "./recordAnchor";
import type { OnCheckpoint } from "../batch/checkpoints";
import {
  checkDirectory,
  loadState,
  newJournal,
  outcomeOf,
  type AnchorOutcome,
  type AnchorProgress,
  type BatchState,
} from "./anchorState";
import { settleOnChain } from "./settleOnChain";
import { confirmAnchor, hasLogOf } from "./confirmAnchor";

export type { AnchorOutcome, AnchorProgress } from "./anchorState";

export interface AnchorBatchOptions {
  client: RegistryClient;
  /** The CredentialRegistry to anchor in. */
  registry: Address;
  /** Confirmations before the record is written; default `client.confirmations` (see `defaultConfirmations`). */
  confirmations?: number;
  /** Progress events (transaction sent, confirmations, files rewritten, …). An exception thrown here aborts the run; the journal makes it resumable. */
  onProgress?: (event: AnchorProgress) => void | Promise<void>;
  /** `anchor`'s `uri` (where the manifest is published); single-batch transactions only. */
  uri?: string;
  /** Most roots in one `anchorMany` transaction; default 200 (~5.4M gas, well under the 16,777,216 cap). */
  maxRootsPerTransaction?: number;
  /** How long to wait for a transaction and its confirmations before giving up (the journal is kept); default 15 min. */
  timeoutMs?: number;
  /** How long a transaction may be unknown to the node, its nonce unused, before it counts as dropped; default 60 s (1 s on chain 31337). */
  droppedAfterMs?: number;
  /** Credential files rewritten at the same time; default 32. */
  concurrency?: number;
  /** fsync every credential file (slower). The journal and manifest are always fsynced. */
  durable?: boolean;
  /** Anchor again when the directory's record names a root the registry does not hold (a reset local chain). */
  allowReanchor?: boolean;
  /** Called at each named step (batch/checkpoints.ts), right after it; for tests and diagnostics. */
  onCheckpoint?: OnCheckpoint;
}

export interface AnchorBatchResult {
  batchDir: string;
  root: Hex;
  anchor: AnchorRecord;
  outcome: AnchorOutcome;
  /** Credential files rewritten by this run. */
  filesWritten: number;
  /**
   * When the batch had been proposed to a Safe (`proposeAnchorBatches`): the proposal, and whether the
   * anchoring transaction was the Safe's (a log of the Safe in it, e.g. `ExecutionSuccess`).
   */
  proposal?: JournalProposal & { executedBySafe: boolean };
}

/**
 * Anchors several batch directories, sharing `anchorMany` transactions (up to
 * `maxRootsPerTransaction` roots each), and writes the anchor record into each directory. Resumable
 * and idempotent: see the module comment for the reasoning. Node-only.
 *
 * @example
 * const results = await anchorBatches(["out/cohort-a", "out/cohort-b"], { client, registry });
 * for (const r of results) console.log(r.batchDir, r.outcome, r.anchor.transactionHash);
 */
export async function anchorBatches(
  batchDirs: readonly string[],
  options: AnchorBatchOptions,
): Promise<AnchorBatchResult[]> {
  const { client } = options;
  const registry = getAddress(options.registry);
  const required = Math.max(1, options.confirmations ?? client.confirmations);
  const emit = async (event: AnchorProgress) => {
    await options.onProgress?.(event);
  };
  const checkpoint: OnCheckpoint = options.onCheckpoint ?? (() => undefined);

  const states = await Promise.all(batchDirs.map((dir) => loadState(dir)));
  const byRoot = new Map<string, BatchState>();
  for (const state of states) {
    const twin = byRoot.get(state.root);
    if (twin) {
      throw new BatchDirectoryError(`${state.batchDir} and ${twin.batchDir} hold the same root ${state.root}.`, {
        location: { file: state.loaded.file, pointer: "/root" },
        fix: "Anchor each batch once; pass each directory only once.",
      });
    }
    byRoot.set(state.root, state);
  }

  await assertChainId(client);
  await assertRegistryDeployed(client, registry);
  for (const state of states) checkDirectory(state, client.chain, registry);

  await settleOnChain(states, { ...options, registry, emit });

  const results: AnchorBatchResult[] = [];
  for (const state of states) {
    const found = await confirmAnchor(state, { ...options, registry, required, emit });
    checkpoint("anchor:after-confirmations");
    const record: AnchorRecord = {
      chain: client.chain,
      registry,
      transactionHash: found.transactionHash,
      blockNumber: found.blockNumber,
      anchoredAt: isoFromUnixSeconds(found.anchoredAt),
    };
    const outcome = outcomeOf(state, found.transactionHash);
    const proposal = state.journal?.proposal
      ? {
          ...state.journal.proposal,
          executedBySafe: await hasLogOf(client, found.transactionHash, state.journal.proposal.safe),
        }
      : undefined;
    if (outcome === "already-recorded" && sameRecord(state.loaded.manifest.anchor, record)) {
      if (state.journal && state.journal.state !== "done") {
        state.journal.state = "done";
        state.journal.anchor = record;
        await writeJournal(state.batchDir, state.journal);
      }
      results.push({
        batchDir: state.batchDir,
        root: state.root,
        anchor: record,
        outcome,
        filesWritten: 0,
        ...(proposal ? { proposal } : {}),
      });
      continue;
    }
    const journal = state.journal ?? newJournal(state, client.chain, registry, client.account?.address ?? registry);
    journal.state = "recording";
    journal.anchor = record;
    await writeJournal(state.batchDir, journal);
    checkpoint("anchor:journal-recording");
    state.journal = journal;
    const { written } = await recordAnchor(state.loaded, record, {
      onCheckpoint: options.onCheckpoint,
      concurrency: options.concurrency,
      durable: options.durable,
      onFiles: (done, total) => emit({ type: "files", batchDir: state.batchDir, done, total }),
    });
    journal.state = "done";
    await writeJournal(state.batchDir, journal);
    checkpoint("anchor:journal-done");
    await emit({ type: "recorded", batchDir: state.batchDir, anchor: record });
    results.push({
      batchDir: state.batchDir,
      root: state.root,
      anchor: record,
      outcome: outcome === "already-recorded" ? "found" : outcome,
      filesWritten: written,
      ...(proposal ? { proposal } : {}),
    });
  }
  return results;
}
