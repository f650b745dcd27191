import { getAddress } from "viem";
import type { Address, Hex } from "../types";
import { BatchAlreadyRevokedError, IndexOutOfRangeError, UnknownRootError } from "../errors/registry";
import type { RegistryClient } from "../chain/createRegistryClient";
import { getBatch } from "../chain/actions/getBatch";
import { getStatusWords } from "../chain/actions/getStatusWords";
import { prepareRegistryTransaction } from "../chain/transaction/prepareRegistryTransaction";
import { sendPreparedTransaction } from "../chain/transaction/sendPreparedTransaction";
import { waitForRegistryReceipt } from "../chain/transaction/waitForRegistryReceipt";
import { buildWordMasks, popcount, type CredentialRef } from "./buildWordMasks";
import { encodeReason } from "./encodeReason";

/** Which bitmap to change and how. */
export type CredentialStatusOperation = "revoke" | "suspend" | "reinstate";

export interface ChangeCredentialStatusOptions {
  client: RegistryClient;
  registry: Address;
  /** Confirmations per transaction; default the client's. */
  confirmations?: number;
  /** Most gas one transaction may be estimated at; default 10,000,000 (the cap is 16,777,216). */
  maxGasPerTransaction?: number;
  /** Called after each transaction is mined. */
  onProgress?: (event: {
    type: "transaction";
    root: Hex;
    transactionHash: Hex;
    words: number;
    changed: number;
  }) => void;
}

/** One transaction sent by a status change. */
export interface StatusTransaction {
  root: Hex;
  transactionHash: Hex;
  blockNumber: bigint;
  gasUsed: bigint;
  /** Words in the transaction. */
  words: number;
  /** Credentials whose bit this transaction changed (from its events). */
  changed: number;
}

export interface CredentialStatusChangeResult {
  operation: CredentialStatusOperation;
  /** The reason as stored on chain (bytes32). */
  reason: Hex;
  /** Distinct credentials asked for. */
  requested: number;
  /** Credentials already in the requested state before anything was sent (a retry, or a duplicate request). */
  alreadyDone: number;
  /** Credentials whose bit was changed by this call. */
  changed: number;
  transactions: StatusTransaction[];
}

/** Default per-transaction gas budget: well under the 16,777,216 cap, so a changed state cannot push it over. */
export const DEFAULT_MAX_GAS_PER_TRANSACTION = 10_000_000;
/** A first guess of the gas one new word costs (SSTORE 22,100 + event + calldata), refined by estimation. */
const GAS_PER_WORD_GUESS = 30_000;

/**
 * Revokes, suspends or reinstates credentials given as (root, index): groups them by batch, builds
 * word masks, leaves out bits already in the requested state (so a retry sends only what is left, and
 * nothing when all is done), and splits each batch's words into transactions whose estimated gas stays
 * under `maxGasPerTransaction`. Checks before sending: the root is anchored, the batch is not revoked,
 * every index is below the leaf count. Transactions are sent one after another, each waited for.
 * Browser-safe; `revokeCredentials` (Node) also accepts credential file paths.
 *
 * @example
 * const result = await changeCredentialStatus("suspend", [{ root, index: 4 }], "under-review", { client, registry });
 * console.log(result.changed, result.transactions.map((t) => t.transactionHash));
 */
export async function changeCredentialStatus(
  operation: CredentialStatusOperation,
  targets: readonly CredentialRef[],
  reason: string,
  options: ChangeCredentialStatusOptions,
): Promise<CredentialStatusChangeResult> {
  const { client } = options;
  const registry = getAddress(options.registry);
  const encodedReason = encodeReason(reason);
  const maxGas = BigInt(options.maxGasPerTransaction ?? DEFAULT_MAX_GAS_PER_TRANSACTION);
  const batches = buildWordMasks(targets);
  const result: CredentialStatusChangeResult = {
    operation,
    reason: encodedReason,
    requested: batches.reduce((sum, b) => sum + b.indices.length, 0),
    alreadyDone: 0,
    changed: 0,
    transactions: [],
  };

  // Check everything before the first transaction, so a bad target never leaves half a job done.
  const plans: { root: Hex; words: { wordIndex: number; mask: bigint }[] }[] = [];
  for (const batch of batches) {
    const record = await getBatch(client, { registry, root: batch.root });
    if (!record.anchored) throw new UnknownRootError({ root: batch.root, functionName: operation });
    if (record.revokedAt !== 0) {
      throw new BatchAlreadyRevokedError({
        root: batch.root,
        revokedAt: BigInt(record.revokedAt),
        functionName: operation,
      });
    }
    const last = batch.indices[batch.indices.length - 1];
    if (last >= record.leafCount)
      throw new IndexOutOfRangeError({ root: batch.root, index: last, leafCount: record.leafCount });
    const current = await mapLimit(batch.words, 16, (word) =>
      getStatusWords(client, { registry, root: batch.root, wordIndex: word.wordIndex }),
    );
    const words: { wordIndex: number; mask: bigint }[] = [];
    batch.words.forEach((word, i) => {
      const { revoked, suspended } = current[i];
      const todo =
        operation === "revoke"
          ? word.mask & ~revoked
          : operation === "suspend"
            ? word.mask & ~suspended
            : word.mask & suspended;
      result.alreadyDone += popcount(word.mask) - popcount(todo);
      if (todo !== 0n) words.push({ wordIndex: word.wordIndex, mask: todo });
    });
    if (words.length > 0) plans.push({ root: batch.root, words });
  }

  for (const plan of plans) {
    let size = Math.max(1, Math.floor(Number(maxGas) / GAS_PER_WORD_GUESS));
    for (let start = 0; start < plan.words.length;) {
      const chunk = plan.words.slice(start, start + size);
      const prepared = await prepareRegistryTransaction(client, {
        registry,
        functionName: operation,
        args: [plan.root, chunk.map((w) => BigInt(w.wordIndex)), chunk.map((w) => w.mask), encodedReason],
      });
      if (prepared.estimatedGas > maxGas && chunk.length > 1) {
        size = Math.max(1, Math.floor(((chunk.length * Number(maxGas)) / Number(prepared.estimatedGas)) * 0.95));
        if (size >= chunk.length) size = chunk.length - 1;
        continue;
      }
      if (prepared.gas > maxGas && prepared.estimatedGas <= maxGas) prepared.gas = maxGas;
      const { hash } = await sendPreparedTransaction(client, prepared);
      const mined = await waitForRegistryReceipt(client, {
        hash,
        registry,
        functionName: operation,
        confirmations: options.confirmations,
      });
      let changed = 0;
      for (const event of mined.events) {
        if (
          event.eventName === "CredentialsRevoked" ||
          event.eventName === "CredentialsSuspended" ||
          event.eventName === "CredentialsReinstated"
        ) {
          changed += popcount(event.args.bits);
        }
      }
      result.changed += changed;
      const tx: StatusTransaction = {
        root: plan.root,
        transactionHash: mined.transactionHash,
        blockNumber: mined.blockNumber,
        gasUsed: mined.gasUsed,
        words: chunk.length,
        changed,
      };
      result.transactions.push(tx);
      options.onProgress?.({
        type: "transaction",
        root: plan.root,
        transactionHash: tx.transactionHash,
        words: tx.words,
        changed,
      });
      start += chunk.length;
    }
  }
  return result;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
