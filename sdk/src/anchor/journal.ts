/**
 * Node-only: the anchoring journal, `anchor.journal.json` in a batch directory.
 *
 * The journal is what makes `anchorBatch` resumable. It is written (atomically, fsynced) BEFORE a
 * transaction is broadcast and updated at each step, so that a run killed at any point leaves enough
 * behind for the next run to finish without a second anchoring transaction. Example:
 *
 * ```json
 * {
 *   "format": "credanchor-anchor-journal/1",
 *   "root": "0x5d1c…",
 *   "leafCount": 1000,
 *   "chain": "eip155:31337",
 *   "registry": "0x5FbDB2315678afecb367f032d93F642f64180aa3",
 *   "from": "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
 *   "state": "sent",
 *   "attempts": [
 *     {
 *       "functionName": "anchor",
 *       "roots": ["0x5d1c…"],
 *       "nonce": 7,
 *       "hash": "0x9a3f…",
 *       "raw": "0x02f8…",
 *       "gas": "61234",
 *       "maxFeePerGas": "2000000000",
 *       "maxPriorityFeePerGas": "1000000000",
 *       "createdAt": "2026-03-01T10:00:00Z"
 *     }
 *   ],
 *   "updatedAt": "2026-03-01T10:00:01Z"
 * }
 * ```
 *
 * States: `sending` (an attempt is fixed and about to be, or being, broadcast), `sent` (the node took
 * it), `recording` (the root is on chain with enough confirmations; `anchor` holds the record and the
 * files are being rewritten), `done` (every file holds the record). `raw` is the signed transaction
 * (public data, never a key) when the SDK signed it, so that a dropped transaction can be broadcast
 * again byte for byte; it is absent when the node or wallet signed (`hash` then appears once the node
 * answers).
 *
 * `proposed`: the roots were exported as a Safe Transaction Builder batch (`proposeAnchorBatches`)
 * for a Safe to execute; `proposal` names the Safe and the file. Nothing was sent by credanchor. The
 * next `anchorBatches` run records the anchor once the Safe's transaction is on chain, and refuses
 * to send a transaction of its own while the proposal is open.
 */
import fs from "node:fs/promises";
import path from "node:path";
import type { Address, AnchorRecord, Caip2ChainId, Hex } from "../types";
import { isoFromUnixSeconds } from "../credential/dateTime";
import { AnchorJournalError } from "../errors/anchor";
import { fsyncDirectory } from "./batchFiles";
import { writeFileAtomic } from "../files/writeFileAtomic";

/** The journal's file name inside a batch directory. */
export const JOURNAL_FILE = "anchor.journal.json";
/** The journal's format version. */
export const JOURNAL_FORMAT = "credanchor-anchor-journal/1" as const;

/** One transaction sent (or about to be sent) to anchor this batch. */
export interface JournalAttempt {
  functionName: "anchor" | "anchorMany";
  /** Every root in that transaction, this batch's included, in call order. */
  roots: Hex[];
  nonce: number;
  /** Undefined only while a node-signed transaction has not been answered yet. */
  hash?: Hex;
  /** The signed transaction, when the SDK signed it. */
  raw?: Hex;
  /** Decimal strings. */
  gas: string;
  maxFeePerGas: string;
  maxPriorityFeePerGas: string;
  /** ISO 8601 UTC. */
  createdAt: string;
}

export type JournalState = "proposed" | "sending" | "sent" | "recording" | "done";

/** A batch exported for a Safe to execute (`proposeAnchorBatches`). */
export interface JournalProposal {
  /** The Safe that is to execute the batch file. */
  safe: Address;
  /** The Transaction Builder file written, as given. */
  file: string;
  /** Its `meta.checksum`. */
  checksum: Hex;
  functionName: "anchor" | "anchorMany";
  /** Every root in the proposed call, this batch's included. */
  roots: Hex[];
  /** ISO 8601 UTC. */
  createdAt: string;
}

/** The content of `anchor.journal.json`. */
export interface AnchorJournal {
  format: typeof JOURNAL_FORMAT;
  root: Hex;
  leafCount: number;
  chain: Caip2ChainId;
  registry: Address;
  /** The sending account (the Safe, for a proposal). */
  from: Address;
  state: JournalState;
  /** Oldest first. */
  attempts: JournalAttempt[];
  /** Set while (and after) the batch was proposed to a Safe instead of sent. */
  proposal?: JournalProposal;
  /** Known once the root is on chain with enough confirmations. */
  anchor?: AnchorRecord;
  /** ISO 8601 UTC. */
  updatedAt: string;
}

/** The journal's path in a batch directory. */
export function journalPath(batchDir: string): string {
  return path.join(batchDir, JOURNAL_FILE);
}

/**
 * Reads a batch directory's journal, or `undefined` when there is none.
 *
 * @example
 * const journal = await readJournal("out/batch-2026-01");
 * if (journal?.state === "sent") console.log("a transaction is in flight:", journal.attempts.at(-1)?.hash);
 */
export async function readJournal(batchDir: string): Promise<AnchorJournal | undefined> {
  const file = journalPath(batchDir);
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new AnchorJournalError(`Cannot read ${JOURNAL_FILE}.`, {
      file,
      fix: "Check the file's permissions.",
      cause: error,
    });
  }
  let journal: AnchorJournal;
  try {
    journal = JSON.parse(text) as AnchorJournal;
  } catch (error) {
    throw new AnchorJournalError(`${JOURNAL_FILE} is not valid JSON.`, {
      file,
      fix: "The journal is written atomically, so this file was edited or copied partially. Restore it, or delete it only if you are sure no anchoring transaction is in flight.",
      cause: error,
    });
  }
  if (journal?.format !== JOURNAL_FORMAT || !Array.isArray(journal.attempts)) {
    throw new AnchorJournalError(`${JOURNAL_FILE} is not a credanchor anchoring journal (format ${JOURNAL_FORMAT}).`, {
      file,
      fix: "Move the file away if it is not yours, then run again.",
    });
  }
  return journal;
}

/**
 * Writes a batch directory's journal atomically and durably: temporary file, fsync, rename, fsync of
 * the directory. When this resolves, the journal survives a crash or a power failure.
 */
export async function writeJournal(batchDir: string, journal: AnchorJournal): Promise<void> {
  journal.updatedAt = isoNow();
  await writeFileAtomic(journalPath(batchDir), `${JSON.stringify(journal, null, 2)}\n`, { fsync: true });
  await fsyncDirectory(batchDir);
}

/** The current time as ISO 8601 UTC without milliseconds. */
export function isoNow(): string {
  return isoFromUnixSeconds(Math.floor(Date.now() / 1000));
}
