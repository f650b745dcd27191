/**
 * Errors of anchoring a batch directory (`anchorBatch`, `anchorBatches`). Every class is a `BaseError`;
 * none of them leaves a batch directory half-written: files are replaced atomically and the journal
 * lets a second run finish the job.
 */
import type { Address, Caip2ChainId, Hex } from "../types";
import { BaseError, type ErrorLocation } from "./base";

const DOCS = "SPEC.md#5-the-batch-directory-and-manifest";

/** A batch directory, its manifest or one of its credential files cannot be used. */
export class BatchDirectoryError extends BaseError {
  override name = "BatchDirectoryError";
  constructor(
    shortMessage: string,
    { location, fix, cause }: { location?: ErrorLocation; fix?: string; cause?: unknown },
  ) {
    super(shortMessage, { code: "BATCH_DIRECTORY_INVALID", location, fix, cause, docsPath: DOCS });
  }
}

/** The batch already carries an anchor record for another registry or chain. */
export class AnchoredElsewhereError extends BaseError {
  override name = "AnchoredElsewhereError";
  readonly recordedChain: Caip2ChainId;
  readonly recordedRegistry: Address;
  constructor({
    file,
    pointer,
    recorded,
    requested,
  }: {
    file: string;
    pointer: string;
    recorded: { chain: Caip2ChainId; registry: Address };
    requested: { chain: Caip2ChainId; registry: Address };
  }) {
    super(
      `This batch is already anchored in registry ${recorded.registry} on ${recorded.chain}, not ${requested.registry} on ${requested.chain}.`,
      {
        code: "ANCHORED_ELSEWHERE",
        location: { file, pointer },
        details: "A batch directory holds one anchor record; its credentials point verifiers at that registry.",
        fix: "Anchor with the registry and network named in the record, or issue a new batch for the other registry.",
        docsPath: DOCS,
      },
    );
    this.recordedChain = recorded.chain;
    this.recordedRegistry = recorded.registry;
  }
}

/** The root is on chain with a different leaf count than the manifest says. */
export class LeafCountMismatchError extends BaseError {
  override name = "LeafCountMismatchError";
  readonly root: Hex;
  readonly manifestLeafCount: number;
  readonly onChainLeafCount: number;
  constructor({ root, manifest, onChain, file }: { root: Hex; manifest: number; onChain: number; file: string }) {
    super(`Root ${root} is anchored with ${onChain} credentials, but the manifest says ${manifest}.`, {
      code: "LEAF_COUNT_MISMATCH",
      location: { file, pointer: "/leafCount" },
      details: "Credentials at or beyond the on-chain leaf count would verify as out of range.",
      fix: "Check that this is the batch directory that was anchored; a root's record never changes, so reissue the batch if the count is wrong.",
      docsPath: DOCS,
    });
    this.root = root;
    this.manifestLeafCount = manifest;
    this.onChainLeafCount = onChain;
  }
}

/** The journal in the batch directory is unreadable or belongs to another registry, chain or sender. */
export class AnchorJournalError extends BaseError {
  override name = "AnchorJournalError";
  constructor(shortMessage: string, { file, fix, cause }: { file: string; fix: string; cause?: unknown }) {
    super(shortMessage, { code: "ANCHOR_JOURNAL_INVALID", location: { file }, fix, cause, docsPath: DOCS });
  }
}

/** The anchoring transaction did not settle in time. The journal is kept: running again resumes. */
export class AnchorTimeoutError extends BaseError {
  override name = "AnchorTimeoutError";
  readonly transactionHash?: Hex;
  constructor({ transactionHash, waitedMs, state }: { transactionHash?: Hex; waitedMs: number; state: string }) {
    super(
      `The anchoring transaction ${transactionHash ?? "(hash not yet known)"} ${state} after ${Math.round(waitedMs / 1000)} s.`,
      {
        code: "ANCHOR_TIMEOUT",
        details: "Nothing is lost: the journal (anchor.journal.json) remembers the transaction.",
        fix: "Run the same anchor command again later; it picks up the transaction instead of sending a second one.",
        docsPath: DOCS,
      },
    );
    this.transactionHash = transactionHash;
  }
}

/**
 * The registry says a root is anchored, but the endpoint returns no `BatchAnchored` event for it in the
 * block the record names (an endpoint that prunes or drops logs, or a lagging log index), and that did
 * not change before the deadline. Nothing is written; the journal is kept.
 */
export class AnchorEventNotFoundError extends BaseError {
  override name = "AnchorEventNotFoundError";
  readonly root: Hex;
  readonly blockNumber: number;
  constructor({ root, blockNumber, waitedMs }: { root: Hex; blockNumber: number; waitedMs?: number }) {
    super(
      `Root ${root} is anchored in block ${blockNumber}, but the RPC endpoint returns no BatchAnchored event for it${waitedMs === undefined ? "" : ` (waited ${Math.round(waitedMs / 1000)} s)`}.`,
      {
        code: "ANCHOR_EVENT_NOT_FOUND",
        details: "The anchoring transaction is needed for the anchor record; eth_getLogs did not return it.",
        fix: "Run the command again later, or through an RPC endpoint that serves logs (eth_getLogs) for that block.",
        docsPath: DOCS,
      },
    );
    this.root = root;
    this.blockNumber = blockNumber;
  }
}

/** The anchoring did not converge (transactions kept being replaced or dropped). */
export class AnchorNotSettledError extends BaseError {
  override name = "AnchorNotSettledError";
  constructor({ roots, attempts }: { roots: Hex[]; attempts: number }) {
    super(`${roots.length} root(s) are still not on chain after ${attempts} transaction attempts.`, {
      code: "ANCHOR_NOT_SETTLED",
      details: `Roots: ${roots.join(", ")}. Something replaced or dropped the transactions (another process using the same key?).`,
      fix: "Make sure no other process sends from this key, then run the command again; it resumes from the journal.",
      docsPath: DOCS,
    });
  }
}

/** The batch directory records an anchor that the registry does not hold (e.g. a restarted local node). */
export class StaleAnchorRecordError extends BaseError {
  override name = "StaleAnchorRecordError";
  readonly root: Hex;
  readonly transactionHash: Hex;
  constructor({ root, transactionHash, file }: { root: Hex; transactionHash: Hex; file: string }) {
    super(
      `manifest.json says root ${root} was anchored by ${transactionHash}, but the registry does not hold that root.`,
      {
        code: "STALE_ANCHOR_RECORD",
        location: { file, pointer: "/anchor" },
        details:
          "Either the RPC endpoint serves another chain with the same chain id (a restarted `hardhat node`), or the record is wrong.",
        fix: "If the chain was reset on purpose (local development), run again with allowReanchor: true (CLI: --reanchor) to anchor again and replace the record.",
        docsPath: DOCS,
      },
    );
    this.root = root;
    this.transactionHash = transactionHash;
  }
}

/** A batch was proposed to a Safe (`proposeAnchorBatches`) and the Safe has not executed it yet. */
export class AnchorProposalPendingError extends BaseError {
  override name = "AnchorProposalPendingError";
  readonly safe: Address;
  readonly file: string;
  readonly roots: Hex[];
  readonly batchDirs: string[];
  constructor({
    safe,
    file,
    roots,
    batchDirs,
    createdAt,
  }: {
    safe: Address;
    file: string;
    roots: Hex[];
    batchDirs: string[];
    createdAt: string;
  }) {
    super(`proposed to Safe ${safe}, not executed yet (${batchDirs.join(", ")}).`, {
      code: "ANCHOR_PROPOSED",
      details: `The Transaction Builder batch ${file} (written ${createdAt}) anchors root(s) ${roots.join(", ")}; the registry does not hold them yet. Nothing was sent.`,
      fix: `Import ${file} into the Safe's Transaction Builder, have the owners sign and execute it, then run this again. To anchor with your own key instead, delete the batch's anchor.journal.json first (and do not execute the Safe batch: it would revert).`,
      docsPath: "SPEC.md#12-safe-export-and-external-signers",
    });
    this.safe = safe;
    this.file = file;
    this.roots = roots;
    this.batchDirs = batchDirs;
  }
}
