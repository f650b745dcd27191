import type { Address } from "../types";
import type { RegistryClient } from "./createRegistryClient";
import {
  prepareRegistryTransaction,
  type PrepareRegistryTransactionParameters,
} from "./transaction/prepareRegistryTransaction";
import { sendPreparedTransaction } from "./transaction/sendPreparedTransaction";
import { waitForRegistryReceipt, type RegistryWriteResult } from "./transaction/waitForRegistryReceipt";

/** Options every write action accepts. */
export interface WriteOptions {
  /** The registry contract. */
  registry: Address;
  /** Confirmations to wait for; default: the client's (`defaultConfirmations(chainId)`). */
  confirmations?: number;
}

/**
 * The one path every registry write takes: check the chain id and the registry's code, simulate (a
 * revert is thrown as its SDK error class, nothing is sent), estimate gas and EIP-1559 fees, send,
 * wait for confirmations, decode the events.
 *
 * @example
 * await writeRegistry(client, { registry, functionName: "setProfile", args: ["Uni", "https://uni.example"] });
 */
export async function writeRegistry(
  client: RegistryClient,
  parameters: PrepareRegistryTransactionParameters & { confirmations?: number },
): Promise<RegistryWriteResult> {
  const prepared = await prepareRegistryTransaction(client, parameters);
  const { hash } = await sendPreparedTransaction(client, prepared);
  return waitForRegistryReceipt(client, {
    hash,
    registry: prepared.to,
    functionName: parameters.functionName,
    confirmations: parameters.confirmations,
  });
}
