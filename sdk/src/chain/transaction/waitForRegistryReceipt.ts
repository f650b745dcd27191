import { parseEventLogs, type TransactionReceipt } from "viem";
import type { Address, Hex } from "../../types";
import { TransactionRevertedError } from "../../errors/registry";
import type { RegistryClient } from "../createRegistryClient";
import { decodeRegistryError } from "../decodeRegistryError";
import { credentialRegistryAbi } from "../registryArtifact";

/** A registry event decoded from a receipt, e.g. `{ eventName: "BatchAnchored", args: { root, leafCount } }`. */
export type RegistryEvent = ReturnType<typeof parseEventLogs<typeof credentialRegistryAbi>>[number];

/** What a registry write returns once it has its confirmations. */
export interface RegistryWriteResult {
  transactionHash: Hex;
  blockNumber: bigint;
  gasUsed: bigint;
  /** The registry's events in that transaction, decoded. */
  events: RegistryEvent[];
  receipt: TransactionReceipt;
}

/**
 * Waits until `hash` is mined and has `confirmations` blocks (default: the client's), throws
 * `TransactionRevertedError` if it reverted, and decodes the registry's events.
 *
 * @example
 * const { events } = await waitForRegistryReceipt(client, { hash, registry, functionName: "revoke" });
 */
export async function waitForRegistryReceipt(
  client: RegistryClient,
  parameters: { hash: Hex; registry: Address; functionName: string; confirmations?: number; timeout?: number },
): Promise<RegistryWriteResult> {
  const { hash, functionName } = parameters;
  let receipt: TransactionReceipt;
  try {
    receipt = await client.publicClient.waitForTransactionReceipt({
      hash,
      confirmations: parameters.confirmations ?? client.confirmations,
      timeout: parameters.timeout ?? 600_000,
      pollingInterval: client.publicClient.pollingInterval,
    });
  } catch (error) {
    throw decodeRegistryError(error, { functionName, action: `wait for the ${functionName} transaction ${hash}` });
  }
  if (receipt.status !== "success") {
    throw new TransactionRevertedError({
      transactionHash: receipt.transactionHash,
      blockNumber: receipt.blockNumber,
      functionName,
    });
  }
  return {
    transactionHash: receipt.transactionHash,
    blockNumber: receipt.blockNumber,
    gasUsed: receipt.gasUsed,
    events: registryEvents(receipt, parameters.registry),
    receipt,
  };
}

/** The registry's events in a receipt (logs of other contracts are left out). */
export function registryEvents(receipt: TransactionReceipt, registry: Address): RegistryEvent[] {
  const ours = receipt.logs.filter((log) => log.address.toLowerCase() === registry.toLowerCase());
  return parseEventLogs({ abi: credentialRegistryAbi, logs: ours });
}
