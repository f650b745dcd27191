/**
 * Node-only: what `anchorBatches` knows about each batch directory while it works, how it is loaded,
 * and the pure decisions over it (is the directory anchorable here, how did its anchor come about).
 */
import type { Address, AnchorRecord, Hex } from "../types";
import { AnchorJournalError, AnchoredElsewhereError } from "../errors/anchor";
import type { RegistryClient } from "../chain/createRegistryClient";
import type { RegistryBatch } from "../chain/actions/getBatch";
import type { OnCheckpoint } from "../batch/checkpoints";
import { readManifest, type LoadedManifest } from "./batchFiles";
import { JOURNAL_FORMAT, isoNow, journalPath, readJournal, type AnchorJournal } from "./journal";

/** What `anchorBatch` reports while it works. */
export type AnchorProgress =
  | { type: "checked"; batchDir: string; root: Hex; onChain: boolean }
  | { type: "sent"; transactionHash: Hex; nonce: number; roots: Hex[]; batchDirs: string[]; replacesNonce: boolean }
  | { type: "waiting"; transactionHash?: Hex; nonce: number; roots: Hex[] }
  | { type: "anchored"; root: Hex; transactionHash: Hex; blockNumber: number }
  | { type: "confirmations"; root: Hex; transactionHash: Hex; confirmations: number; required: number }
  | { type: "files"; batchDir: string; done: number; total: number }
  | { type: "recorded"; batchDir: string; anchor: AnchorRecord };

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

/** A dropped attempt whose nonce is still free: resend with this nonce and at least these fees. */
export interface NonceReuse {
  from: Address;
  nonce: number;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

export interface BatchState {
  batchDir: string;
  loaded: LoadedManifest;
  root: Hex;
  leafCount: number;
  journal?: AnchorJournal;
  onChain?: RegistryBatch;
  /** Hashes of transactions this run sent. */
  sentHashes: Set<string>;
  reuse?: NonceReuse;
}

/** The run's settings and its progress sink, as the settling, sending and confirming steps see them. */
export interface SettleContext {
  client: RegistryClient;
  registry: Address;
  emit: (event: AnchorProgress) => Promise<void>;
  uri?: string;
  maxRootsPerTransaction?: number;
  timeoutMs?: number;
  droppedAfterMs?: number;
  allowReanchor?: boolean;
  onCheckpoint?: OnCheckpoint;
}

/** How long to wait for a transaction and its confirmations when `timeoutMs` is not given: 15 min. */
export const DEFAULT_TIMEOUT_MS = 15 * 60_000;

/** Reads a batch directory's manifest and journal. */
export async function loadState(batchDir: string): Promise<BatchState> {
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

/**
 * Refuses a directory whose record or unfinished journal names another chain or registry, or whose
 * journal belongs to another root; forgets a finished journal for another registry (this run starts
 * its own).
 */
export function checkDirectory(state: BatchState, chain: AnchorRecord["chain"], registry: Address): void {
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

/** How transaction `hash`, which anchored the batch's root, relates to this run and this directory. */
export function outcomeOf(state: Pick<BatchState, "sentHashes" | "loaded" | "journal">, hash: Hex): AnchorOutcome {
  const lower = hash.toLowerCase();
  if (state.sentHashes.has(lower)) return "sent";
  if (state.loaded.manifest.anchor?.transactionHash.toLowerCase() === lower) return "already-recorded";
  if (state.journal?.attempts.some((a) => a.hash?.toLowerCase() === lower)) return "resumed";
  return "found";
}

/** A fresh journal for a batch about to be sent (or recorded) by `from`. */
export function newJournal(
  state: Pick<BatchState, "root" | "leafCount">,
  chain: AnchorRecord["chain"],
  registry: Address,
  from: Address,
): AnchorJournal {
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
