import { keccak256, numberToHex, type TransactionReceipt } from "viem";
import type { Address, Hex } from "../../types";
import { NoAccountError, TransactionRevertedError } from "../../errors/registry";
import type { RegistryClient } from "../createRegistryClient";
import { decodeRegistryError } from "../decodeRegistryError";
import { broadcastRaw } from "./sendPreparedTransaction";

export interface SendContractTransactionParameters {
  /** The contract called; absent for a contract creation (`data` is then the creation code). */
  to?: Address;
  data: Hex;
  value?: bigint;
  /** For messages and decoded errors, e.g. "createRegistry". */
  functionName: string;
  /** What is being done, for messages: "create the registry". */
  action: string;
  /** What the receipt wait names in its error; default `functionName`. */
  waitLabel?: string;
  /** The name a reverted transaction's error gives; default `functionName`. */
  revertedAs?: string;
  confirmations?: number;
}

/**
 * Simulates, estimates (+20%), signs or hands to the node, broadcasts and waits for one transaction that is
 * not a registry write (a registry's deployment, the factory's, the deterministic deployment proxy's).
 * Internal: the public actions (`deployRegistry`, `deployRegistryFactory`, `deployRegistryViaFactory`)
 * check the chain id and their preconditions first.
 */
export async function sendContractTransaction(
  client: RegistryClient,
  parameters: SendContractTransactionParameters,
): Promise<TransactionReceipt> {
  const account = client.account;
  if (!account || !client.walletClient) throw new NoAccountError(parameters.functionName);
  const { to, data, functionName } = parameters;
  const value = parameters.value ?? 0n;
  const context = { functionName, action: parameters.action };
  let hash: Hex;
  try {
    await client.publicClient.call({ account: account.address, to, data, value });
    const gas = ((await client.publicClient.estimateGas({ account: account.address, to, data, value })) * 12n) / 10n;
    const fees = await client.publicClient.estimateFeesPerGas({ type: "eip1559" });
    const nonce = await client.publicClient.getTransactionCount({ address: account.address, blockTag: "pending" });
    if (account.type === "local") {
      const raw = (await account.signTransaction({
        type: "eip1559",
        chainId: client.chainId,
        nonce,
        to,
        data,
        value,
        gas,
        ...fees,
      })) as Hex;
      await broadcastRaw(client, raw, context);
      hash = keccak256(raw);
    } else {
      hash = (await client.walletClient.request({
        method: "eth_sendTransaction",
        params: [
          {
            from: account.address,
            to,
            data,
            value: numberToHex(value),
            nonce: numberToHex(nonce),
            gas: numberToHex(gas),
            maxFeePerGas: numberToHex(fees.maxFeePerGas),
            maxPriorityFeePerGas: numberToHex(fees.maxPriorityFeePerGas),
            type: "0x2",
          },
        ],
      })) as Hex;
    }
  } catch (error) {
    throw decodeRegistryError(error, context);
  }
  let receipt: TransactionReceipt;
  try {
    receipt = await client.publicClient.waitForTransactionReceipt({
      hash,
      confirmations: parameters.confirmations ?? client.confirmations,
      pollingInterval: client.publicClient.pollingInterval,
    });
  } catch (error) {
    throw decodeRegistryError(error, {
      ...context,
      action: `wait for ${parameters.waitLabel ?? functionName} ${hash}`,
    });
  }
  if (receipt.status !== "success") {
    throw new TransactionRevertedError({
      transactionHash: hash,
      blockNumber: receipt.blockNumber,
      functionName: parameters.revertedAs ?? functionName,
    });
  }
  return receipt;
}
