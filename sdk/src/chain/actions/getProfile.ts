import type { Address } from "../../types";
import type { RegistryClient } from "../createRegistryClient";
import { credentialRegistryAbi } from "../registryArtifact";
import { readRegistry } from "../readRegistry";

/**
 * The issuer's display name and profile URL (or DID) as the registry states them.
 *
 * @example
 * const { name, url } = await getProfile(client, { registry });
 */
export async function getProfile(
  client: RegistryClient,
  { registry }: { registry: Address },
): Promise<{ name: string; url: string }> {
  const [name, url] = await readRegistry(client, registry, "profile", () =>
    client.publicClient.readContract({ address: registry, abi: credentialRegistryAbi, functionName: "profile" }),
  );
  return { name, url };
}
