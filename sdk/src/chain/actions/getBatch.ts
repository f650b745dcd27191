import type { Address, Hex } from "../../types";
import type { RegistryClient } from "../createRegistryClient";
import { credentialRegistryAbi } from "../registryArtifact";
import { readRegistry } from "../readRegistry";

/** The registry's record of one batch root. All zero when the root was never anchored. */
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
  return {
    root,
    anchored: record.anchoredAt !== 0n,
    anchoredAt: Number(record.anchoredAt),
    anchoredBlock: Number(record.anchoredBlock),
    revokedAt: Number(record.revokedAt),
    leafCount: Number(record.leafCount),
  };
}
