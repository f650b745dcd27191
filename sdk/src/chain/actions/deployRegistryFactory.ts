import { concat, getAddress } from "viem";
import type { Address, Hex } from "../../types";
import { DeterministicDeployerMissingError } from "../../errors/registry";
import type { RegistryClient } from "../createRegistryClient";
import { assertChainId } from "../assertChainId";
import { DETERMINISTIC_DEPLOYER } from "../deterministicDeployer";
import { credentialRegistryFactoryBytecode } from "../factoryArtifact";
import { getRegistryFactoryAddress, REGISTRY_FACTORY_SALT } from "../getRegistryFactoryAddress";
import { sendContractTransaction } from "../transaction/sendContractTransaction";
import { installDeterministicDeployer } from "./installDeterministicDeployer";

export interface DeployRegistryFactoryParameters {
  /**
   * Install the deterministic deployment proxy first when the chain lacks it (a fresh local node).
   * Default: true on chain 31337 (Hardhat, anvil), false elsewhere.
   */
  installDeployer?: boolean;
  /** Confirmations to wait for; default: the client's. */
  confirmations?: number;
}

export interface DeployRegistryFactoryResult {
  factory: Address;
  implementation: Address;
  /** False when the factory was already on the chain (nothing sent). */
  deployed: boolean;
  transactionHash?: Hex;
  blockNumber?: bigint;
  gasUsed?: bigint;
}

/**
 * Deploys this SDK's CredentialRegistryFactory through the deterministic deployment proxy, at the address
 * `getRegistryFactoryAddress()` gives on every chain, unless it is already there. Anyone may do it once per
 * chain; the factory has no owner.
 *
 * @example
 * const { factory, deployed } = await deployRegistryFactory(client);
 */
export async function deployRegistryFactory(
  client: RegistryClient,
  parameters: DeployRegistryFactoryParameters = {},
): Promise<DeployRegistryFactoryResult> {
  await assertChainId(client);
  const { factory, implementation } = getRegistryFactoryAddress();
  const existing = await client.publicClient.getCode({ address: factory });
  if (existing && existing !== "0x") return { factory, implementation, deployed: false };

  const proxyCode = await client.publicClient.getCode({ address: DETERMINISTIC_DEPLOYER.address });
  if (!proxyCode || proxyCode === "0x") {
    if (parameters.installDeployer ?? client.chainId === 31337) await installDeterministicDeployer(client);
    else {
      throw new DeterministicDeployerMissingError({
        chainId: client.chainId,
        reason: "installing it was not asked for (installDeployer: true)",
      });
    }
  }
  const receipt = await sendContractTransaction(client, {
    to: DETERMINISTIC_DEPLOYER.address,
    data: concat([REGISTRY_FACTORY_SALT, credentialRegistryFactoryBytecode]),
    functionName: "deployRegistryFactory",
    action: "deploy the registry factory",
    confirmations: parameters.confirmations,
  });
  const code = await client.publicClient.getCode({ address: factory });
  if (!code || code === "0x") {
    throw new DeterministicDeployerMissingError({
      chainId: client.chainId,
      reason: `the proxy at ${DETERMINISTIC_DEPLOYER.address} did not deploy the factory at ${factory} (transaction ${receipt.transactionHash}); it is not the deterministic deployment proxy`,
    });
  }
  return {
    factory: getAddress(factory),
    implementation,
    deployed: true,
    transactionHash: receipt.transactionHash,
    blockNumber: receipt.blockNumber,
    gasUsed: receipt.gasUsed,
  };
}
