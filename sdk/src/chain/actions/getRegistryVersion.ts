import type { Address } from "../../types";
import type { RegistryClient } from "../createRegistryClient";
import { credentialRegistryAbi } from "../registryArtifact";
import { readRegistry } from "../readRegistry";

/**
 * The registry contract's version string (`version()`), e.g. `"1.0.0"`.
 *
 * @example
 * await getRegistryVersion(client, { registry }) // "1.0.0"
 */
export function getRegistryVersion(client: RegistryClient, { registry }: { registry: Address }): Promise<string> {
  return readRegistry(client, registry, "version", () =>
    client.publicClient.readContract({ address: registry, abi: credentialRegistryAbi, functionName: "version" }),
  );
}
