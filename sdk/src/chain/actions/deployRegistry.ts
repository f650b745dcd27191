import { encodeDeployData, getAddress, numberToHex, keccak256 } from "viem";
import type { Address, Hex } from "../../types";
import { NoAccountError, TransactionRevertedError } from "../../errors/registry";
import type { RegistryClient } from "../createRegistryClient";
import { assertChainId } from "../assertChainId";
import { decodeRegistryError } from "../decodeRegistryError";
import { credentialRegistryAbi, credentialRegistryBytecode } from "../registryArtifact";
import { broadcastRaw } from "../transaction/sendPreparedTransaction";

export interface DeployRegistryParameters {
  /** The default admin (a multisig in production); it also starts with ISSUER_ROLE and REVOKER_ROLE. */
  admin: Address;
  /** The issuer's display name. */
  name: string;
  /** The issuer's profile URL or DID. */
  url: string;
  /** Confirmations to wait for; default: the client's. */
  confirmations?: number;
}

export interface DeployRegistryResult {
  address: Address;
  transactionHash: Hex;
  blockNumber: bigint;
  gasUsed: bigint;
}

/**
 * Deploys a CredentialRegistry with the bytecode in `registryArtifact.ts`, after checking the chain id
 * and simulating the deployment.
 *
 * @example
 * const { address } = await deployRegistry(client, {
 *   admin: client.account!.address, name: "Example University", url: "https://example.edu",
 * });
 */
export async function deployRegistry(
  client: RegistryClient,
  parameters: DeployRegistryParameters,
): Promise<DeployRegistryResult> {
  const account = client.account;
  if (!account || !client.walletClient) throw new NoAccountError("deployRegistry");
  await assertChainId(client);
  const data = encodeDeployData({
    abi: credentialRegistryAbi,
    bytecode: credentialRegistryBytecode,
    args: [getAddress(parameters.admin), parameters.name, parameters.url],
  });
  const context = { functionName: "constructor", action: "deploy the registry" };
  let hash: Hex;
  try {
    await client.publicClient.call({ account: account.address, data });
    const gas = ((await client.publicClient.estimateGas({ account: account.address, data })) * 12n) / 10n;
    const fees = await client.publicClient.estimateFeesPerGas({ type: "eip1559" });
    const nonce = await client.publicClient.getTransactionCount({ address: account.address, blockTag: "pending" });
    if (account.type === "local") {
      const raw = (await account.signTransaction({
        type: "eip1559",
        chainId: client.chainId,
        nonce,
        data,
        value: 0n,
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
            data,
            value: "0x0",
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
  let receipt;
  try {
    receipt = await client.publicClient.waitForTransactionReceipt({
      hash,
      confirmations: parameters.confirmations ?? client.confirmations,
      pollingInterval: client.publicClient.pollingInterval,
    });
  } catch (error) {
    throw decodeRegistryError(error, { ...context, action: `wait for the deployment ${hash}` });
  }
  if (receipt.status !== "success" || !receipt.contractAddress) {
    throw new TransactionRevertedError({
      transactionHash: hash,
      blockNumber: receipt.blockNumber,
      functionName: "deployRegistry",
    });
  }
  return {
    address: getAddress(receipt.contractAddress),
    transactionHash: hash,
    blockNumber: receipt.blockNumber,
    gasUsed: receipt.gasUsed,
  };
}
