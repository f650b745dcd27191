import { getAddress } from "viem";
import type { Address, Hex } from "../types";
import type { RegistryClient } from "../chain/createRegistryClient";
import { prepareRegistryTransaction } from "../chain/transaction/prepareRegistryTransaction";
import { sendPreparedTransaction } from "../chain/transaction/sendPreparedTransaction";
import { waitForRegistryReceipt } from "../chain/transaction/waitForRegistryReceipt";
import { popcount, type CredentialRef } from "./buildWordMasks";
import { planCredentialStatusChange } from "./planCredentialStatusChange";
import { encodeReason } from "../chain/reason";

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
  const planned = await planCredentialStatusChange(operation, targets, { client, registry });
  const result: CredentialStatusChangeResult = {
    operation,
    reason: encodedReason,
    requested: planned.requested,
    alreadyDone: planned.alreadyDone,
    changed: 0,
    transactions: [],
  };
  const plans = planned.plans;

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
