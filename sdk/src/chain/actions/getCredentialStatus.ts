import type { Address, Hex } from "../../types";
import type { RegistryClient } from "../createRegistryClient";
import { credentialRegistryAbi } from "../registryArtifact";
import { readRegistry } from "../readRegistry";
import { registryStatusName, type RegistryCredentialStatus } from "../registryStatus";

/**
 * What the registry says of credential `index` of batch `root`.
 *
 * @example
 * await getCredentialStatus(client, { registry, root, index: 3 }) // "Valid" | "Revoked" | …
 */
export async function getCredentialStatus(
  client: RegistryClient,
  { registry, root, index }: { registry: Address; root: Hex; index: number | bigint },
): Promise<RegistryCredentialStatus> {
  const status = await readRegistry(client, registry, "credentialStatus", () =>
    client.publicClient.readContract({
      address: registry,
      abi: credentialRegistryAbi,
      functionName: "credentialStatus",
      args: [root, BigInt(index)],
    }),
  );
  return registryStatusName(status);
}
