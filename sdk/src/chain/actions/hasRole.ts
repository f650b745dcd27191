import type { Address } from "../../types";
import type { RegistryClient } from "../createRegistryClient";
import { credentialRegistryAbi } from "../registryArtifact";
import { readRegistry } from "../readRegistry";
import { roleId, type RoleInput } from "../roles";

/**
 * True when `account` holds `role` in the registry.
 *
 * @example
 * await hasRole(client, { registry, role: "ISSUER_ROLE", account }) // true
 */
export function hasRole(
  client: RegistryClient,
  { registry, role, account }: { registry: Address; role: RoleInput; account: Address },
): Promise<boolean> {
  return readRegistry(client, registry, "hasRole", () =>
    client.publicClient.readContract({
      address: registry,
      abi: credentialRegistryAbi,
      functionName: "hasRole",
      args: [roleId(role), account],
    }),
  );
}
