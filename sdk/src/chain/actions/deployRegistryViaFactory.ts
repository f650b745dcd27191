import { encodeFunctionData, getAddress, zeroAddress } from "viem";
import type { Address, Hex } from "../../types";
import { RegistryError, RegistryExistsError, RegistryFactoryNotFoundError } from "../../errors/registry";
import type { RegistryClient } from "../createRegistryClient";
import { assertChainId } from "../assertChainId";
import { credentialRegistryFactoryAbi } from "../factoryArtifact";
import { predictRegistryAddress } from "../predictRegistryAddress";
import { sendContractTransaction } from "../transaction/sendContractTransaction";
import { deployRegistryFactory } from "./deployRegistryFactory";

export interface DeployRegistryViaFactoryParameters {
  /** The default admin (a multisig in production); it also starts with ISSUER_ROLE and REVOKER_ROLE. */
  admin: Address;
  /** The issuer's display name; with `admin`, it fixes the registry's address. */
  name: string;
  /** The issuer's profile URL or DID (not part of the address). */
  url: string;
  /** The factory; default: this SDK's factory at its deterministic address. */
  factory?: Address;
  /**
   * Deploy this SDK's factory first when the chain lacks it (anyone may; once per chain). Default: false,
   * so that a missing factory is reported (`RegistryFactoryNotFoundError`) rather than paid for silently.
   */
  deployFactory?: boolean;
  /** Confirmations to wait for; default: the client's. */
  confirmations?: number;
}

export interface DeployRegistryViaFactoryResult {
  address: Address;
  factory: Address;
  salt: Hex;
  transactionHash: Hex;
  blockNumber: bigint;
  /** Gas of the `createRegistry` transaction (clone + initialize). */
  gasUsed: bigint;
}

/**
 * Creates the issuer's registry as a clone made by CredentialRegistryFactory, at the address
 * `predictRegistryAddress({ admin, name })` gives (the same on every chain). Checks the chain id, the
 * factory's code and that nothing is at the predicted address yet (`RegistryExistsError`), simulates, sends
 * and waits.
 *
 * @example
 * const { address, gasUsed } = await deployRegistryViaFactory(client, {
 *   admin: client.account!.address, name: "Example University", url: "https://example.edu",
 * });
 */
export async function deployRegistryViaFactory(
  client: RegistryClient,
  parameters: DeployRegistryViaFactoryParameters,
): Promise<DeployRegistryViaFactoryResult> {
  await assertChainId(client);
  const admin = getAddress(parameters.admin);
  if (admin === zeroAddress) {
    throw new RegistryError("The registry's admin cannot be the zero address. Nothing was sent.", {
      errorName: "AccessControlInvalidDefaultAdmin",
      functionName: "createRegistry",
      fix: "Pass the address of the key or multisig that will administer the registry.",
    });
  }
  const predicted = predictRegistryAddress({ admin, name: parameters.name, factory: parameters.factory });
  const factoryCode = await client.publicClient.getCode({ address: predicted.factory });
  if (!factoryCode || factoryCode === "0x") {
    if (parameters.deployFactory && parameters.factory === undefined) await deployRegistryFactory(client);
    else throw new RegistryFactoryNotFoundError({ factory: predicted.factory, chainId: client.chainId });
  }
  const code = await client.publicClient.getCode({ address: predicted.address });
  if (code && code !== "0x")
    throw new RegistryExistsError({ registry: predicted.address, admin, name: parameters.name });

  const receipt = await sendContractTransaction(client, {
    to: predicted.factory,
    data: encodeFunctionData({
      abi: credentialRegistryFactoryAbi,
      functionName: "createRegistry",
      args: [admin, parameters.name, parameters.url],
    }),
    functionName: "createRegistry",
    action: "create the registry through the factory",
    confirmations: parameters.confirmations,
  }).catch((error: unknown) => {
    if ((error as { errorName?: string }).errorName === "CredentialRegistryFactoryRegistryExists") {
      throw new RegistryExistsError({ registry: predicted.address, admin, name: parameters.name, cause: error });
    }
    throw error;
  });
  return {
    address: predicted.address,
    factory: predicted.factory,
    salt: predicted.salt,
    transactionHash: receipt.transactionHash,
    blockNumber: receipt.blockNumber,
    gasUsed: receipt.gasUsed,
  };
}
