import { decodeFunctionResult } from "viem";
import type { Address, Hex } from "../../types";
import type { RegistryClient } from "../createRegistryClient";
import { credentialRegistryAbi } from "../registryArtifact";
import { readRegistry } from "../readRegistry";

/**
 * The registry's record of one batch root, as the SDK's users (and verification) see it. All zero
 * when the root was never anchored.
 *
 * The contract stores four uint64 fields; they are numbers here, converted in one place
 * (`toRegistryBatch`). Timestamps and block numbers are far below 2^53; a `leafCount` above
 * 2^53 (no tree that large can be built) becomes the nearest double, which still compares correctly
 * with any safe-integer leaf index.
 */
export interface RegistryBatch {
  root: Hex;
  /** True when the root is anchored (`anchoredAt != 0`). */
  anchored: boolean;
  /** Block timestamp of the anchoring transaction, Unix seconds; 0 when not anchored. */
  anchoredAt: number;
  /** Block number of the anchoring transaction. */
  anchoredBlock: number;
  /** Unix seconds at which the whole batch was revoked; 0 when live. */
  revokedAt: number;
  leafCount: number;
}

/** The `batch(root)` tuple as the contract's ABI decodes it (uint64 fields as bigints). */
export interface BatchTuple {
  anchoredAt: bigint;
  anchoredBlock: bigint;
  revokedAt: bigint;
  leafCount: bigint;
}

/**
 * The one conversion of the contract's packed record into a {@link RegistryBatch}.
 *
 * @example
 * toRegistryBatch(root, { anchoredAt: 1_767_225_600n, anchoredBlock: 50n, revokedAt: 0n, leafCount: 4n })
 * // { root, anchored: true, anchoredAt: 1767225600, anchoredBlock: 50, revokedAt: 0, leafCount: 4 }
 */
export function toRegistryBatch(root: Hex, record: BatchTuple): RegistryBatch {
  return {
    root,
    anchored: record.anchoredAt !== 0n,
    anchoredAt: Number(record.anchoredAt),
    anchoredBlock: Number(record.anchoredBlock),
    revokedAt: Number(record.revokedAt),
    leafCount: Number(record.leafCount),
  };
}

/**
 * Decodes the answer of an `eth_call` to `batch(root)` into a {@link RegistryBatch}, with the
 * registry's ABI and the conversion `getBatch` uses: for code that sees the raw call (a caching transport)
 * rather than calling {@link getBatch}. Throws viem's decoding error when `data` is not a batch record.
 *
 * @example
 * const batch = decodeBatchResult(root, answerOfEthCall);
 * if (batch.revokedAt !== 0) console.log("revoked as a whole");
 */
export function decodeBatchResult(root: Hex, data: Hex): RegistryBatch {
  return toRegistryBatch(root, decodeFunctionResult({ abi: credentialRegistryAbi, functionName: "batch", data }));
}

/**
 * Reads the packed record of `root` (`batch(root)`).
 *
 * @example
 * const batch = await getBatch(client, { registry, root });
 * if (!batch.anchored) console.log("not anchored yet");
 */
export async function getBatch(
  client: RegistryClient,
  { registry, root, blockNumber }: { registry: Address; root: Hex; blockNumber?: bigint },
): Promise<RegistryBatch> {
  const record = await readRegistry(client, registry, "batch", () =>
    client.publicClient.readContract({
      address: registry,
      abi: credentialRegistryAbi,
      functionName: "batch",
      args: [root],
      ...(blockNumber === undefined ? {} : { blockNumber }),
    }),
  );
  return toRegistryBatch(root, record);
}
