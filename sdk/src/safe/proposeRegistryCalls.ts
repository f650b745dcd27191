import { encodeFunctionData, getAddress, type Abi } from "viem";
import type { Address } from "../types";
import type { RegistryClient } from "../chain/createRegistryClient";
import { assertChainId, assertRegistryDeployed } from "../chain/assertChainId";
import { decodeRegistryError } from "../chain/decodeRegistryError";
import { credentialRegistryAbi } from "../chain/registryArtifact";
import { createSafeBatchFile, type RegistryCall, type SafeBatchFile } from "./createSafeBatchFile";

export interface ProposeRegistryCallsParameters {
  registry: Address;
  /** The Safe that will execute the calls; it needs the role each call requires. */
  safe: Address;
  calls: readonly RegistryCall[];
  name: string;
  description: string;
  /** The proposing owner, for `meta.createdFromOwnerAddress`. */
  owner?: Address;
}

/**
 * Checks the chain id and the registry, simulates every call from the Safe (so a Safe without the
 * role, or a call the registry would refuse, fails here with the registry's decoded error), and
 * returns the Transaction Builder batch. Nothing is sent and nothing is written.
 *
 * @example
 * const file = await proposeRegistryCalls(client, {
 *   registry, safe, name: "grant", description: "ISSUER_ROLE to the new key",
 *   calls: [{ functionName: "grantRole", args: [REGISTRY_ROLES.ISSUER_ROLE, newKey] }],
 * });
 */
export async function proposeRegistryCalls(
  client: RegistryClient,
  parameters: ProposeRegistryCallsParameters,
): Promise<SafeBatchFile> {
  const registry = getAddress(parameters.registry);
  const safe = getAddress(parameters.safe);
  await assertChainId(client);
  await assertRegistryDeployed(client, registry);
  for (const call of parameters.calls) {
    const data = encodeFunctionData({
      abi: credentialRegistryAbi as Abi,
      functionName: call.functionName,
      args: call.args as unknown[],
    });
    try {
      await client.publicClient.call({ account: safe, to: registry, data });
    } catch (error) {
      throw decodeRegistryError(error, {
        functionName: call.functionName,
        registry,
        chainId: client.chainId,
        action: `simulate ${call.functionName} from Safe ${safe}`,
      });
    }
  }
  return createSafeBatchFile({
    chainId: client.chainId,
    safe,
    owner: parameters.owner,
    registry,
    calls: parameters.calls,
    name: parameters.name,
    description: parameters.description,
  });
}
