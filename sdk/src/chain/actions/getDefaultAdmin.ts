import type { Address } from "../../types";
import type { RegistryClient } from "../createRegistryClient";
import { credentialRegistryAbi } from "../registryArtifact";
import { readRegistry } from "../readRegistry";

/**
 * The registry's default admin (`defaultAdmin()`): it manages roles and the profile.
 *
 * @example
 * await getDefaultAdmin(client, { registry }) // "0xf39F…2266"
 */
export function getDefaultAdmin(client: RegistryClient, { registry }: { registry: Address }): Promise<Address> {
  return readRegistry(client, registry, "defaultAdmin", () =>
    client.publicClient.readContract({ address: registry, abi: credentialRegistryAbi, functionName: "defaultAdmin" }),
  );
}
