import { AnchorEventNotFoundError } from "../../errors/anchor";
import type { Address, Hex } from "../../types";
import type { RegistryClient } from "../createRegistryClient";
import { credentialRegistryAbi } from "../registryArtifact";
import { readRegistry } from "../readRegistry";
import { getBatch } from "./getBatch";

/** The transaction that anchored a root, found through its `BatchAnchored` event. */
export interface AnchorTransaction {
  root: Hex;
  transactionHash: Hex;
  blockNumber: number;
  blockHash: Hex;
  leafCount: number;
  /** Block timestamp, Unix seconds (the registry's `anchoredAt`). */
  anchoredAt: number;
}

/**
 * Finds the transaction that anchored `root` in `registry`, or `undefined` when the root is not
 * anchored. The registry's record names the block, so this is one `eth_getLogs` over one block.
 * Throws `AnchorEventNotFoundError` when the record says anchored but the endpoint returns no
 * `BatchAnchored` event in that block (it is never reported as "not anchored").
 *
 * @example
 * const found = await findAnchorTransaction(client, { registry, root });
 * if (found) console.log(found.transactionHash, found.blockNumber);
 */
export async function findAnchorTransaction(
  client: RegistryClient,
  { registry, root }: { registry: Address; root: Hex },
): Promise<AnchorTransaction | undefined> {
  const batch = await getBatch(client, { registry, root });
  if (!batch.anchored) return undefined;
  const block = BigInt(batch.anchoredBlock);
  const logs = await readRegistry(client, registry, "BatchAnchored logs", () =>
    client.publicClient.getContractEvents({
      address: registry,
      abi: credentialRegistryAbi,
      eventName: "BatchAnchored",
      args: { root },
      fromBlock: block,
      toBlock: block,
      strict: true,
    }),
  );
  const log = logs[0];
  if (!log) throw new AnchorEventNotFoundError({ root, blockNumber: batch.anchoredBlock });
  return {
    root,
    transactionHash: log.transactionHash,
    blockNumber: Number(log.blockNumber),
    blockHash: log.blockHash,
    leafCount: Number(log.args.leafCount),
    anchoredAt: batch.anchoredAt,
  };
}
