import { getAddress } from "viem";
import type { Address, Hex } from "../types";
import { BatchAlreadyRevokedError, IndexOutOfRangeError, UnknownRootError } from "../errors/registry";
import type { RegistryClient } from "../chain/createRegistryClient";
import { getBatch } from "../chain/actions/getBatch";
import { getStatusWords } from "../chain/actions/getStatusWords";
import { buildWordMasks, popcount, type CredentialRef } from "./buildWordMasks";
import type { CredentialStatusOperation } from "./changeCredentialStatus";

/** What is left to change in one batch: the words whose bits are not in the requested state yet. */
export interface CredentialStatusPlan {
  root: Hex;
  words: { wordIndex: number; mask: bigint }[];
}

export interface CredentialStatusChangePlan {
  /** Distinct credentials asked for. */
  requested: number;
  /** Credentials already in the requested state (left out of `plans`). */
  alreadyDone: number;
  /** One entry per batch with something left to change. */
  plans: CredentialStatusPlan[];
}

/**
 * Reads the chain once and works out what a status change still has to write: groups the credentials
 * by batch, builds word masks and leaves out bits already in the requested state. Checks every target
 * before anything is sent: the root is anchored, the batch is not revoked, every index is below the
 * leaf count. `changeCredentialStatus` sends the plan; a Safe export writes it into a batch file.
 *
 * @example
 * const { plans } = await planCredentialStatusChange("revoke", [{ root, index: 4 }], { client, registry });
 * // plans[0]: { root, words: [{ wordIndex: 0, mask: 16n }] }
 */
export async function planCredentialStatusChange(
  operation: CredentialStatusOperation,
  targets: readonly CredentialRef[],
  options: { client: RegistryClient; registry: Address },
): Promise<CredentialStatusChangePlan> {
  const { client } = options;
  const registry = getAddress(options.registry);
  const batches = buildWordMasks(targets);
  const result: CredentialStatusChangePlan = {
    requested: batches.reduce((sum, b) => sum + b.indices.length, 0),
    alreadyDone: 0,
    plans: [],
  };
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
    if (words.length > 0) result.plans.push({ root: batch.root, words });
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
