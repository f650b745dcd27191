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

/** Retries of one broadcast after a failure of the endpoint (network, HTTP 5xx/429, timeout, garbled answer). */
const BROADCAST_RETRIES = 3;
const BROADCAST_RETRY_DELAY_MS = 250;

/**
 * Sends a signed transaction; a node that already holds it ("already known") is a success, so a
 * journaled transaction can be broadcast again safely. The same signed bytes can only ever be one
 * transaction, so sending them again is always safe: a failure of the endpoint is retried with
 * backoff, and after any failure the node is asked whether it has the transaction anyway (the
 * connection may have broken after the node received it, and a second send then says "nonce too low").
 */
export async function broadcastRaw(
  client: RegistryClient,
  raw: Hex,
  context: { functionName: string; action?: string },
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await client.publicClient.sendRawTransaction({ serializedTransaction: raw });
      return;
    } catch (error) {
      if (/already known|known transaction|already imported/i.test(String((error as Error)?.message))) return;
      if (await nodeHasTransaction(client, keccak256(raw))) return;
      if (attempt >= BROADCAST_RETRIES || !isEndpointFailure(error)) throw decodeRegistryError(error, context);
      await new Promise((resolve) => setTimeout(resolve, BROADCAST_RETRY_DELAY_MS * 2 ** attempt));
    }
  }
}

/** Whether the node knows transaction `hash` (pending or mined); false when it cannot say. */
async function nodeHasTransaction(client: RegistryClient, hash: Hex): Promise<boolean> {
  try {
    await client.publicClient.getTransaction({ hash });
    return true;
  } catch {
    return false;
  }
}

/** A failure of the endpoint rather than an answer of the node: no connection, HTTP 5xx/429, timeout, not JSON. */
function isEndpointFailure(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== null && typeof current === "object"; depth++) {
    const { name, status, code } = current as { name?: unknown; status?: unknown; code?: unknown };
    if (name === "HttpRequestError") return typeof status !== "number" || status === 429 || status >= 500;
    if (name === "TimeoutError") return true;
    if (code === -32005 || code === 429) return true; // rate limited
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
