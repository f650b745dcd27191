import { encodeDeployData, getAddress } from "viem";
import type { Address, Hex } from "../../types";
import { NoAccountError, TransactionRevertedError } from "../../errors/registry";
import type { RegistryClient } from "../createRegistryClient";
import { assertChainId } from "../assertChainId";
import { credentialRegistryAbi, credentialRegistryBytecode } from "../registryArtifact";
import { sendContractTransaction } from "../transaction/sendContractTransaction";

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
  if (!client.account || !client.walletClient) throw new NoAccountError("deployRegistry");
  await assertChainId(client);
  const data = encodeDeployData({
    abi: credentialRegistryAbi,
    bytecode: credentialRegistryBytecode,
    args: [getAddress(parameters.admin), parameters.name, parameters.url],
  });
  const receipt = await sendContractTransaction(client, {
    data,
    functionName: "constructor",
    action: "deploy the registry",
    waitLabel: "the deployment",
    revertedAs: "deployRegistry",
    confirmations: parameters.confirmations,
  });
  if (!receipt.contractAddress) {
    throw new TransactionRevertedError({
      transactionHash: receipt.transactionHash,
      blockNumber: receipt.blockNumber,
      functionName: "deployRegistry",
    });
  }
  return {
    address: getAddress(receipt.contractAddress),
    transactionHash: receipt.transactionHash,
    blockNumber: receipt.blockNumber,
    gasUsed: receipt.gasUsed,
  };
}
