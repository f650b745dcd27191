import { encodeFunctionData, getAddress, type Abi } from "viem";
import type { Address, Hex } from "../../types";
import { NoAccountError } from "../../errors/registry";
import type { RegistryClient } from "../createRegistryClient";
import { assertChainId, assertRegistryDeployed } from "../assertChainId";
import { decodeRegistryError } from "../decodeRegistryError";
import { credentialRegistryAbi } from "../registryArtifact";

/** The registry functions that change state. */
export type RegistryWriteFunction =
  | "anchor"
  | "anchorMany"
  | "revoke"
  | "suspend"
  | "reinstate"
  | "revokeBatch"
  | "setProfile"
  | "grantRole"
  | "revokeRole"
  | "renounceRole"
  | "beginDefaultAdminTransfer"
  | "acceptDefaultAdminTransfer"
  | "cancelDefaultAdminTransfer";

/** The most gas a transaction may use (EIP-7825, Osaka). */
export const TRANSACTION_GAS_CAP = 16_777_216n;

/** A simulated, fully specified EIP-1559 transaction to the registry, ready to sign or send. */
export interface PreparedRegistryTransaction {
  functionName: RegistryWriteFunction;
  chainId: number;
  from: Address;
  to: Address;
  data: Hex;
  nonce: number;
  /** The gas limit: the estimate plus 20%, at most the transaction gas cap. */
  gas: bigint;
  /** The node's gas estimate for this call in the current state. */
  estimatedGas: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

export interface PrepareRegistryTransactionParameters {
  registry: Address;
  functionName: RegistryWriteFunction;
  args: readonly unknown[];
  /** Use this nonce instead of the account's next pending one (to replace a transaction). */
  nonce?: number;
  /** Fees at least this high (a replacement must pay ~10% more than the transaction it replaces). */
  minFees?: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };
}

/**
 * Checks the chain id and the registry's code, simulates the call (`eth_call`, so a contract error is
 * thrown as its SDK error class before anything is sent), estimates gas (+20%, capped at the
 * transaction gas cap) and EIP-1559 fees, and picks the nonce.
 *
 * @example
 * const prepared = await prepareRegistryTransaction(client, {
 *   registry, functionName: "anchor", args: [root, 100n, ""],
 * });
 */
export async function prepareRegistryTransaction(
  client: RegistryClient,
  parameters: PrepareRegistryTransactionParameters,
): Promise<PreparedRegistryTransaction> {
  const { functionName, args } = parameters;
  const account = client.account;
  if (!account || !client.walletClient) throw new NoAccountError(functionName);
  const registry = getAddress(parameters.registry);
  await assertChainId(client);
  await assertRegistryDeployed(client, registry);
  const data = encodeFunctionData({ abi: credentialRegistryAbi as Abi, functionName, args: args as unknown[] });
  const context = { functionName, registry, chainId: client.chainId, action: `send ${functionName}` };
  try {
    await client.publicClient.call({ account: account.address, to: registry, data });
  } catch (error) {
    throw decodeRegistryError(error, context);
  }
  let gas: bigint;
  let estimate: bigint;
  let fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };
  let nonce: number;
  try {
    estimate = await client.publicClient.estimateGas({ account: account.address, to: registry, data });
    gas = (estimate * 12n) / 10n;
    if (gas > TRANSACTION_GAS_CAP) gas = estimate > TRANSACTION_GAS_CAP ? estimate : TRANSACTION_GAS_CAP;
    fees = await client.publicClient.estimateFeesPerGas({ type: "eip1559" });
    nonce =
      parameters.nonce ??
      (await client.publicClient.getTransactionCount({ address: account.address, blockTag: "pending" }));
  } catch (error) {
    throw decodeRegistryError(error, context);
  }
  const min = parameters.minFees;
  return {
    functionName,
    chainId: client.chainId,
    from: account.address,
    to: registry,
    data,
    nonce,
    gas,
    estimatedGas: estimate,
    maxFeePerGas: min && min.maxFeePerGas > fees.maxFeePerGas ? min.maxFeePerGas : fees.maxFeePerGas,
    maxPriorityFeePerGas:
      min && min.maxPriorityFeePerGas > fees.maxPriorityFeePerGas
        ? min.maxPriorityFeePerGas
        : fees.maxPriorityFeePerGas,
  };
}
