import { keccak256, numberToHex } from "viem";
import type { Hex } from "../../types";
import { NoAccountError } from "../../errors/registry";
import type { RegistryClient } from "../createRegistryClient";
import { decodeRegistryError } from "../decodeRegistryError";
import type { PreparedRegistryTransaction } from "./prepareRegistryTransaction";

export interface SendPreparedTransactionOptions {
  /**
   * Called after the transaction is fixed and before it is broadcast. For a local account (a key in
   * memory) `hash` and `raw` are already known, so a journal can hold the hash before anything leaves
   * the process; for a node-managed account they are undefined (the node signs).
   */
  beforeBroadcast?: (signed: { hash?: Hex; raw?: Hex }) => Promise<void> | void;
}

export interface SentTransaction {
  hash: Hex;
  /** The signed transaction, for a local account (public data: it is what the network sees). */
  raw?: Hex;
}

/**
 * Signs (local accounts) and broadcasts a prepared transaction, or hands it to the node or wallet
 * (`eth_sendTransaction`, JSON-RPC accounts). Exactly the prepared nonce, gas and fees are used.
 *
 * @example
 * const { hash } = await sendPreparedTransaction(client, prepared, {
 *   beforeBroadcast: ({ hash }) => journal.write({ hash, nonce: prepared.nonce }),
 * });
 */
export async function sendPreparedTransaction(
  client: RegistryClient,
  prepared: PreparedRegistryTransaction,
  options: SendPreparedTransactionOptions = {},
): Promise<SentTransaction> {
  const account = client.account;
  if (!account || !client.walletClient) throw new NoAccountError(prepared.functionName);
  const context = { functionName: prepared.functionName, action: `send ${prepared.functionName}` };
  if (account.type === "local") {
    const raw = (await account.signTransaction({
      type: "eip1559",
      chainId: prepared.chainId,
      nonce: prepared.nonce,
      to: prepared.to,
      data: prepared.data,
      value: 0n,
      gas: prepared.gas,
      maxFeePerGas: prepared.maxFeePerGas,
      maxPriorityFeePerGas: prepared.maxPriorityFeePerGas,
    })) as Hex;
    const hash = keccak256(raw);
    await options.beforeBroadcast?.({ hash, raw });
    await broadcastRaw(client, raw, context);
    return { hash, raw };
  }
  await options.beforeBroadcast?.({});
  try {
    const hash = (await client.walletClient.request({
      method: "eth_sendTransaction",
      params: [
        {
          from: prepared.from,
          to: prepared.to,
          data: prepared.data,
          value: "0x0",
          nonce: numberToHex(prepared.nonce),
          gas: numberToHex(prepared.gas),
          maxFeePerGas: numberToHex(prepared.maxFeePerGas),
          maxPriorityFeePerGas: numberToHex(prepared.maxPriorityFeePerGas),
          type: "0x2",
        },
      ],
    })) as Hex;
    return { hash };
  } catch (error) {
    throw decodeRegistryError(error, context);
  }
}

/**
 * Sends a signed transaction; a node that already holds it ("already known") is a success, so a
 * journaled transaction can be broadcast again safely.
 */
export async function broadcastRaw(
  client: RegistryClient,
  raw: Hex,
  context: { functionName: string; action?: string },
): Promise<void> {
  try {
    await client.publicClient.sendRawTransaction({ serializedTransaction: raw });
  } catch (error) {
    if (/already known|known transaction|already imported/i.test(String((error as Error)?.message))) return;
    throw decodeRegistryError(error, context);
  }
}
