import type { Address, Hex } from "../../types";
import { RegistryNotFoundError, UnexpectedAnswerError } from "../../errors/registry";
import type { RegistryClient } from "../createRegistryClient";
import { readRegistry } from "../readRegistry";
import type { RegistryCredentialStatus } from "../registryStatus";
import type { RegistryBatch } from "./getBatch";
import {
  decodeStatusWordsAnswer,
  encodeStatusWordsRead,
  planStatusWordReads,
  statusFromWords,
} from "../statusWordReads";

export interface GetCredentialStatusesFromWordsParameters {
  registry: Address;
  /** Lower-case roots and whole leaf indices. */
  credentials: readonly { root: Hex; index: number }[];
  /** The batch record of every root in `credentials` (lower-case keys), read at `blockNumber`. */
  batches: ReadonlyMap<Hex, RegistryBatch>;
  /** Read at this block instead of the latest: the block the batch records were read at. */
  blockNumber?: bigint;
  /** Give up (answer undefined, nothing sent) when the plan needs more reads than this. */
  maxReads?: number;
}

/**
 * The status of many credentials, in the order given, derived from the registry's bitmap words and
 * the batch records the caller read at the same block: the words go out as few `eth_call`s as fit
 * (`planStatusWordReads`; one per 383 words, 10,000 consecutive credentials of a batch are 40), sent
 * one after another, and each status is derived as the contract's `_status` does (`statusFromWords`).
 * The same statuses as `getCredentialStatuses` at that block, for far less calldata and node time.
 *
 * Answers undefined without sending anything when the plan needs more than `maxReads` reads. Throws
 * `UnexpectedAnswerError` when an answer is not the words asked for, and the read's error (a revert:
 * the node does not run a call without `to`, or no contract at `registry`) otherwise: the caller then
 * reads with `credentialStatuses` instead.
 *
 * @example
 * const statuses = await getCredentialStatusesFromWords(client, { registry, credentials, batches, blockNumber });
 */
export async function getCredentialStatusesFromWords(
  client: RegistryClient,
  parameters: GetCredentialStatusesFromWordsParameters,
): Promise<RegistryCredentialStatus[] | undefined> {
  const { registry, credentials, batches, blockNumber } = parameters;
  for (const { root } of credentials) {
    if (!batches.has(root)) throw new RangeError(`No batch record given for root ${root}`);
  }
  const reads = planStatusWordReads(credentials);
  if (parameters.maxReads !== undefined && reads.length > parameters.maxReads) return undefined;
  const words = new Map<Hex, Map<number, [bigint, bigint]>>();
  for (const read of reads) {
    const { data } = await readRegistry(client, registry, "statusWords", () =>
      client.publicClient.call({
        data: encodeStatusWordsRead(registry, read),
        ...(blockNumber === undefined ? {} : { blockNumber }),
      }),
    );
    if (data === undefined || data === "0x") throw new RegistryNotFoundError({ registry, chainId: client.chainId });
    const answer = decodeStatusWordsAnswer(data, read.roots.length);
    if (!answer) {
      throw new UnexpectedAnswerError({
        registry,
        functionName: "statusWords",
        expected: "the status words asked for",
      });
    }
    read.roots.forEach((root, i) => {
      let ofRoot = words.get(root);
      if (!ofRoot) words.set(root, (ofRoot = new Map()));
      ofRoot.set(read.wordIndices[i], [answer[2 * i], answer[2 * i + 1]]);
    });
  }
  return credentials.map(({ root, index }) => {
    const [revoked, suspended] = words.get(root)!.get(Math.floor(index / 256))!;
    return statusFromWords(batches.get(root)!, revoked, suspended, index);
  });
}
