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
 */
import { getAddress } from "viem";
import type { Address, AnchorRecord, Hex } from "../types";
import { BaseError } from "../errors/base";
import { NoAccountError, RootAlreadyAnchoredError, RpcRequestFailedError } from "../errors/registry";
import {
  AnchorEventNotFoundError,
  AnchorProposalPendingError,
  AnchorJournalError,
  AnchorNotSettledError,
  AnchorTimeoutError,
  AnchoredElsewhereError,
  BatchDirectoryError,
  LeafCountMismatchError,
  StaleAnchorRecordError,
} from "../errors/anchor";
import type { RegistryClient } from "../chain/createRegistryClient";
import { assertChainId, assertRegistryDeployed } from "../chain/assertChainId";
import { getBatch, type RegistryBatch } from "../chain/actions/getBatch";
import { findAnchorTransaction, type AnchorTransaction } from "../chain/actions/findAnchorTransaction";
import { prepareRegistryTransaction } from "../chain/transaction/prepareRegistryTransaction";
import { broadcastRaw, sendPreparedTransaction } from "../chain/transaction/sendPreparedTransaction";
import { readManifest, type LoadedManifest } from "./batchFiles";
import { isoFromUnixSeconds } from "../credential/dateTime";
import {
  JOURNAL_FORMAT,
  isoNow,
  journalPath,
  readJournal,
  writeJournal,
  type AnchorJournal,
  type JournalAttempt,
  type JournalProposal,
} from "./journal";
import { recordAnchor, sameRecord } from "./recordAnchor";
import type { OnCheckpoint } from "../batch/checkpoints";

/** What `anchorBatch` reports while it works. */
export type AnchorProgress =
  | { type: "checked"; batchDir: string; root: Hex; onChain: boolean }
  | { type: "sent"; transactionHash: Hex; nonce: number; roots: Hex[]; batchDirs: string[]; replacesNonce: boolean }
  | { type: "waiting"; transactionHash?: Hex; nonce: number; roots: Hex[] }
  | { type: "anchored"; root: Hex; transactionHash: Hex; blockNumber: number }
  | { type: "confirmations"; root: Hex; transactionHash: Hex; confirmations: number; required: number }
  | { type: "files"; batchDir: string; done: number; total: number }
  | { type: "recorded"; batchDir: string; anchor: AnchorRecord };

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

/** How a batch came to be recorded. */
export type AnchorOutcome =
  /** This run's transaction anchored it. */
  | "sent"
  /** A transaction from an earlier, interrupted run (found in the journal) anchored it. */
  | "resumed"
  /** The root was already on chain, anchored by a transaction this directory did not know; it was recorded. */
  | "found"
  /** The directory already held the record, and the chain agrees; nothing was written. */
  | "already-recorded";

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

interface BatchState {
  batchDir: string;
  loaded: LoadedManifest;
  root: Hex;
  leafCount: number;
  journal?: AnchorJournal;
  onChain?: RegistryBatch;
  /** Hashes of transactions this run sent. */
  sentHashes: Set<string>;
  /** A dropped attempt whose nonce is still free: resend with this nonce and at least these fees. */
  reuse?: { from: Address; nonce: number; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };
}

const MAX_ROUNDS = 6;

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

async function loadState(batchDir: string): Promise<BatchState> {
  const loaded = await readManifest(batchDir);
  const journal = await readJournal(batchDir);
  return {
    batchDir,
    loaded,
    root: loaded.manifest.root,
    leafCount: loaded.manifest.leafCount,
    journal,
    sentHashes: new Set(),
  };
}

function checkDirectory(state: BatchState, chain: AnchorRecord["chain"], registry: Address): void {
  const recorded = state.loaded.manifest.anchor;
  if (recorded && (recorded.chain !== chain || recorded.registry.toLowerCase() !== registry.toLowerCase())) {
    throw new AnchoredElsewhereError({
      file: state.loaded.file,
      pointer: "/anchor",
      recorded,
      requested: { chain, registry },
    });
  }
  const journal = state.journal;
  if (!journal) return;
  const file = journalPath(state.batchDir);
  if (journal.root.toLowerCase() !== state.root) {
    throw new AnchorJournalError(`${file} belongs to root ${journal.root}, not this batch's ${state.root}.`, {
      file,
      fix: "The journal was copied from another batch directory; move it back there.",
    });
  }
  if (
    journal.state !== "done" &&
    (journal.chain !== chain || journal.registry.toLowerCase() !== registry.toLowerCase())
  ) {
    throw new AnchorJournalError(
      `An unfinished anchoring of this batch targets registry ${journal.registry} on ${journal.chain}, not ${registry} on ${chain}.`,
      {
        file,
        fix: `Finish it first (run again with that registry and network). Delete the journal only if you are sure its transaction ${journal.attempts.at(-1)?.hash ?? ""} will never be mined.`,
      },
    );
  }
  if (journal.chain !== chain || journal.registry.toLowerCase() !== registry.toLowerCase()) {
    // A finished journal for another registry: this run starts its own.
    state.journal = undefined;
  }
}

interface SettleContext extends AnchorBatchOptions {
  registry: Address;
  emit: (event: AnchorProgress) => Promise<void>;
}

/** Reads each open root's record; throws when a root is on chain with another leaf count. */
async function refresh(states: BatchState[], ctx: SettleContext): Promise<void> {
  await Promise.all(
    states
      .filter((s) => !s.onChain)
      .map(async (state) => {
        const batch = await getBatch(ctx.client, { registry: ctx.registry, root: state.root });
        if (!batch.anchored) return;
        if (batch.leafCount !== state.leafCount) {
          throw new LeafCountMismatchError({
            root: state.root,
            manifest: state.leafCount,
            onChain: batch.leafCount,
            file: state.loaded.file,
          });
        }
        state.onChain = batch;
      }),
  );
}

/** Gets every root on chain: settles journaled attempts first, then sends what is still missing. */
async function settleOnChain(states: BatchState[], ctx: SettleContext): Promise<void> {
  await refresh(states, ctx);
  for (const state of states) {
    await ctx.emit({
      type: "checked",
      batchDir: state.batchDir,
      root: state.root,
      onChain: state.onChain !== undefined,
    });
    const recorded = state.loaded.manifest.anchor;
    if (recorded && !state.onChain && !ctx.allowReanchor) {
      throw new StaleAnchorRecordError({
        root: state.root,
        transactionHash: recorded.transactionHash,
        file: state.loaded.file,
      });
    }
  }
  // A batch proposed to a Safe is the Safe's to anchor: never send a transaction of our own for it.
  const proposed = states.filter((s) => !s.onChain && s.journal?.state === "proposed" && s.journal.proposal);
  if (proposed.length > 0) {
    const proposal = proposed[0].journal!.proposal!;
    throw new AnchorProposalPendingError({
      safe: proposal.safe,
      file: proposal.file,
      createdAt: proposal.createdAt,
      roots: proposed.map((s) => s.root),
      batchDirs: proposed.map((s) => s.batchDir),
    });
  }
  let attempts = 0;
  for (let round = 0; ; round++) {
    const open = states.filter((s) => !s.onChain);
    if (open.length === 0) return;

    // Settle the last journaled attempt of each open batch (several batches may share one).
    const pending = new Map<string, { attempt: JournalAttempt; from: Address; states: BatchState[] }>();
    for (const state of open) {
      const attempt = state.journal?.attempts.at(-1);
      if (!attempt || !state.journal || state.journal.state === "done") continue;
      const key = `${state.journal.from.toLowerCase()}:${attempt.nonce}:${attempt.hash ?? ""}`;
      const entry = pending.get(key) ?? { attempt, from: state.journal.from, states: [] };
      entry.states.push(state);
      pending.set(key, entry);
    }
    for (const { attempt, from, states: group } of pending.values()) {
      await settleAttempt(attempt, from, group, ctx);
    }
    await refresh(open, ctx);
    const toSend = open.filter((s) => !s.onChain);
    if (toSend.length === 0) return;
    if (round >= MAX_ROUNDS) throw new AnchorNotSettledError({ roots: toSend.map((s) => s.root), attempts });

    const size = Math.max(1, ctx.maxRootsPerTransaction ?? 200);
    let reusedNonce: number | undefined;
    for (let start = 0; start < toSend.length; start += size) {
      const chunk = toSend.slice(start, start + size);
      const reuse = chunk[0].reuse;
      // A nonce is only reused by the account it belongs to, once, for batches that all shared it.
      const canReuse =
        reuse !== undefined &&
        reuse.from.toLowerCase() === ctx.client.account?.address.toLowerCase() &&
        reusedNonce !== reuse.nonce &&
        chunk.every((s) => s.reuse?.nonce === reuse.nonce);
      if (canReuse) reusedNonce = reuse.nonce;
      await sendChunk(chunk, canReuse ? reuse : undefined, ctx);
      attempts++;
    }
    for (const state of toSend) state.reuse = undefined;
  }
}

/** Prepares, journals (before broadcasting) and sends one anchor/anchorMany transaction. */
async function sendChunk(chunk: BatchState[], reuse: BatchState["reuse"], ctx: SettleContext): Promise<void> {
  const { client, registry } = ctx;
  if (!client.account) throw new NoAccountError("anchorBatch");
  const functionName = chunk.length === 1 ? "anchor" : "anchorMany";
  const roots = chunk.map((s) => s.root);
  const args =
    functionName === "anchor"
      ? [chunk[0].root, BigInt(chunk[0].leafCount), ctx.uri ?? ""]
      : [roots, chunk.map((s) => BigInt(s.leafCount))];
  let prepared;
  try {
    prepared = await prepareRegistryTransaction(client, {
      registry,
      functionName,
      args,
      nonce: reuse?.nonce,
      minFees: reuse
        ? {
            maxFeePerGas: bump(reuse.maxFeePerGas),
            maxPriorityFeePerGas: bump(reuse.maxPriorityFeePerGas),
          }
        : undefined,
    });
  } catch (error) {
    // Someone anchored one of the roots since we read it: the next round records it.
    if (error instanceof RootAlreadyAnchoredError) return;
    throw error;
  }
  const attempt: JournalAttempt = {
    functionName,
    roots,
    nonce: prepared.nonce,
    gas: prepared.gas.toString(),
    maxFeePerGas: prepared.maxFeePerGas.toString(),
    maxPriorityFeePerGas: prepared.maxPriorityFeePerGas.toString(),
    createdAt: isoNow(),
  };
  const from = prepared.from;
  const journals = chunk.map((state) => {
    const journal =
      state.journal && state.journal.state !== "done" ? state.journal : newJournal(state, client.chain, registry, from);
    journal.from = from;
    state.journal = journal;
    return journal;
  });
  const saveAll = (state: AnchorJournal["state"]) =>
    Promise.all(
      chunk.map((s, i) => {
        journals[i].state = state;
        return writeJournal(s.batchDir, journals[i]);
      }),
    );
  const { hash } = await sendPreparedTransaction(client, prepared, {
    beforeBroadcast: async ({ hash, raw }) => {
      if (hash) attempt.hash = hash;
      if (raw) attempt.raw = raw;
      for (const journal of journals) journal.attempts.push({ ...attempt });
      await saveAll("sending");
      ctx.onCheckpoint?.("anchor:journal-sending");
    },
  });
  ctx.onCheckpoint?.("anchor:after-broadcast");
  for (const journal of journals) {
    const last = journal.attempts[journal.attempts.length - 1];
    last.hash = hash;
  }
  await saveAll("sent");
  ctx.onCheckpoint?.("anchor:journal-sent");
  for (const state of chunk) state.sentHashes.add(hash.toLowerCase());
  await ctx.emit({
    type: "sent",
    transactionHash: hash,
    nonce: prepared.nonce,
    roots,
    batchDirs: chunk.map((s) => s.batchDir),
    replacesNonce: reuse !== undefined,
  });
}

/**
 * Waits until a journaled attempt is decided: its roots are on chain (whoever put them there), it
 * reverted, its nonce was taken by another transaction, or it was dropped (then it is broadcast again
 * from its signed bytes, or its nonce is marked for reuse). Throws `AnchorTimeoutError` if it stays
 * pending longer than `timeoutMs`.
 */
async function settleAttempt(
  attempt: JournalAttempt,
  from: Address,
  group: BatchState[],
  ctx: SettleContext,
): Promise<void> {
  const { client } = ctx;
  const publicClient = client.publicClient;
  const timeoutMs = ctx.timeoutMs ?? 15 * 60_000;
  const droppedAfterMs = ctx.droppedAfterMs ?? (client.chainId === 31337 ? 1_000 : 60_000);
  const started = Date.now();
  let unknownSince: number | undefined;
  let rebroadcast = false;
  let announced = false;
  for (;;) {
    await refresh(group, ctx);
    if (group.every((s) => s.onChain)) return;
    if (Date.now() - started > timeoutMs) {
      throw new AnchorTimeoutError({
        transactionHash: attempt.hash,
        waitedMs: Date.now() - started,
        state: `(nonce ${attempt.nonce}) has not anchored its roots`,
      });
    }

    if (attempt.hash) {
      const receipt = await orNull(publicClient.getTransactionReceipt({ hash: attempt.hash }));
      if (receipt) {
        if (receipt.status !== "success") return; // reverted: the roots are read again, the rest resent
        // Mined: the roots must now be on chain (a load-balanced endpoint may lag a moment).
        unknownSince = undefined;
        await sleep(publicClient.pollingInterval);
        continue;
      }
      const pendingTx = await orNull(publicClient.getTransaction({ hash: attempt.hash }));
      if (pendingTx) {
        unknownSince = undefined;
        if (!announced) {
          announced = true;
          await ctx.emit({
            type: "waiting",
            transactionHash: attempt.hash,
            nonce: attempt.nonce,
            roots: attempt.roots,
          });
        }
        if (Date.now() - started > timeoutMs) {
          throw new AnchorTimeoutError({
            transactionHash: attempt.hash,
            waitedMs: Date.now() - started,
            state: "is still pending",
          });
        }
        await sleep(publicClient.pollingInterval);
        continue;
      }
    }

    const latest = await publicClient.getTransactionCount({ address: from, blockTag: "latest" });
    if (latest > attempt.nonce) {
      // The nonce is used, but not by a transaction that anchored our roots (checked above): replaced.
      await refresh(group, ctx);
      return;
    }
    if (!attempt.hash) {
      // A node-signed transaction whose hash we never learnt: if something is pending at our nonce, wait.
      const pendingCount = await publicClient.getTransactionCount({ address: from, blockTag: "pending" });
      if (pendingCount > attempt.nonce) {
        unknownSince = undefined;
        if (Date.now() - started > timeoutMs) {
          throw new AnchorTimeoutError({
            waitedMs: Date.now() - started,
            state: `(nonce ${attempt.nonce}) is still pending`,
          });
        }
        await sleep(publicClient.pollingInterval);
        continue;
      }
    }
    unknownSince ??= Date.now();
    if (Date.now() - unknownSince < droppedAfterMs) {
      await sleep(publicClient.pollingInterval);
      continue;
    }
    // Dropped. First try the very same signed transaction again.
    if (attempt.raw && !rebroadcast) {
      rebroadcast = true;
      try {
        await broadcastRaw(client, attempt.raw, {
          functionName: attempt.functionName,
          action: "broadcast the journaled transaction again",
        });
        unknownSince = undefined;
        continue;
      } catch (error) {
        if (!(error instanceof BaseError)) throw error;
        // e.g. fees below the current base fee: fall through to a replacement with the same nonce.
      }
    }
    for (const state of group) {
      state.reuse = {
        from,
        nonce: attempt.nonce,
        maxFeePerGas: BigInt(attempt.maxFeePerGas),
        maxPriorityFeePerGas: BigInt(attempt.maxPriorityFeePerGas),
      };
    }
    return;
  }
}

/**
 * Finds the anchoring transaction of an on-chain root, waits for `required` confirmations and reads
 * the record again, so that what is written is what the chain settled on.
 */
async function confirmAnchor(state: BatchState, ctx: SettleContext & { required: number }): Promise<AnchorTransaction> {
  const { client, registry, required } = ctx;
  const timeoutMs = ctx.timeoutMs ?? 15 * 60_000;
  const started = Date.now();
  const pollMs = Math.max(1, client.publicClient.pollingInterval);
  const overdue = () => Date.now() - started > timeoutMs;
  /** The anchoring transaction; an event the endpoint does not (yet) return is asked for again until the deadline. */
  const lookup = async (): Promise<AnchorTransaction | undefined> => {
    for (;;) {
      try {
        return await findAnchorTransaction(client, { registry, root: state.root });
      } catch (error) {
        if (!(error instanceof AnchorEventNotFoundError)) throw error;
        if (overdue()) {
          throw new AnchorEventNotFoundError({
            root: state.root,
            blockNumber: error.blockNumber,
            waitedMs: Date.now() - started,
          });
        }
        await sleep(pollMs);
      }
    }
  };
  let found = await lookup();
  let announced = "";
  for (;;) {
    if (!found) {
      // The root disappeared (a reorg). Anchor it again from the journal's point of view.
      if (overdue()) {
        throw new AnchorTimeoutError({
          waitedMs: Date.now() - started,
          state: `for root ${state.root} has been reorganised away and the root is not anchored again`,
        });
      }
      state.onChain = undefined;
      await settleOnChain([state], ctx);
      await sleep(pollMs);
      found = await lookup();
      continue;
    }
    // A reorg may put the same transaction into another block: that is news too.
    if (announced !== `${found.transactionHash}@${found.blockHash}`) {
      announced = `${found.transactionHash}@${found.blockHash}`;
      await ctx.emit({
        type: "anchored",
        root: state.root,
        transactionHash: found.transactionHash,
        blockNumber: found.blockNumber,
      });
    }
    const head = Number(await client.publicClient.getBlockNumber({ cacheTime: 0 }));
    const confirmations = head - found.blockNumber + 1;
    await ctx.emit({
      type: "confirmations",
      root: state.root,
      transactionHash: found.transactionHash,
      confirmations: Math.max(0, confirmations),
      required,
    });
    if (confirmations >= required) {
      const again = await lookup();
      if (again && again.transactionHash === found.transactionHash && again.blockHash === found.blockHash) return again;
      found = again;
      if (!overdue()) continue;
    }
    if (overdue()) {
      throw new AnchorTimeoutError({
        transactionHash: found?.transactionHash,
        waitedMs: Date.now() - started,
        state: `has ${Math.max(0, confirmations)} of ${required} confirmations`,
      });
    }
    await sleep(pollMs);
  }
}

/** Whether transaction `hash` holds a log emitted by `address` (a Safe's `ExecutionSuccess`). */
async function hasLogOf(client: RegistryClient, hash: Hex, address: Address): Promise<boolean> {
  try {
    const receipt = await client.publicClient.getTransactionReceipt({ hash });
    return receipt.logs.some((log) => log.address.toLowerCase() === address.toLowerCase());
  } catch (error) {
    throw new RpcRequestFailedError({ action: "read the anchoring transaction's receipt", cause: error });
  }
}

function outcomeOf(state: BatchState, hash: Hex): AnchorOutcome {
  const lower = hash.toLowerCase();
  if (state.sentHashes.has(lower)) return "sent";
  if (state.loaded.manifest.anchor?.transactionHash.toLowerCase() === lower) return "already-recorded";
  if (state.journal?.attempts.some((a) => a.hash?.toLowerCase() === lower)) return "resumed";
  return "found";
}

function newJournal(state: BatchState, chain: AnchorRecord["chain"], registry: Address, from: Address): AnchorJournal {
  return {
    format: JOURNAL_FORMAT,
    root: state.root,
    leafCount: state.leafCount,
    chain,
    registry,
    from,
    state: "sending",
    attempts: [],
    updatedAt: isoNow(),
  };
}

/** +12.5% and 1 wei: enough for any client's replacement rule (geth asks for +10%). */
function bump(value: bigint): bigint {
  return value + value / 8n + 1n;
}

/** The value, or null when the node does not know the transaction; other failures are RPC errors. */
async function orNull<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof Error && /NotFoundError$/.test(error.name)) return null;
    throw new RpcRequestFailedError({ action: "look up the anchoring transaction", cause: error });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
