import type { Address } from "../../types";
import type { RegistryClient } from "../createRegistryClient";
import { credentialRegistryAbi } from "../registryArtifact";
import { readRegistry } from "../readRegistry";

/**
 * The issuer's display name and profile URL (or DID) as the registry states them, at the latest
 * block or at `blockNumber`. Verification reads it the same way, through `readTransportClient`.
 *
 * @example
 * const { name, url } = await getProfile(client, { registry });
 */
export async function getProfile(
  client: RegistryClient,
  { registry, blockNumber }: { registry: Address; blockNumber?: bigint },
): Promise<{ name: string; url: string }> {
  const [name, url] = await readRegistry(client, registry, "profile", () =>
    client.publicClient.readContract({
      address: registry,
      abi: credentialRegistryAbi,
      functionName: "profile",
      ...(blockNumber === undefined ? {} : { blockNumber }),
    }),
  );
  return { name, url };
}
