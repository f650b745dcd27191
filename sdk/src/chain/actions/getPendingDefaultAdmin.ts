import type { Address } from "../../types";
import type { RegistryClient } from "../createRegistryClient";
import { credentialRegistryAbi } from "../registryArtifact";
import { readRegistry } from "../readRegistry";

/** A pending admin transfer: the new admin and the Unix time (s) after which it can accept; zeros when none. */
export interface PendingDefaultAdmin {
  newAdmin: Address;
  /** Unix seconds; 0 when no transfer is pending. */
  schedule: number;
}

/**
 * The pending admin transfer (`pendingDefaultAdmin()`).
 *
 * @example
 * const { newAdmin, schedule } = await getPendingDefaultAdmin(client, { registry });
 */
export async function getPendingDefaultAdmin(
  client: RegistryClient,
  { registry }: { registry: Address },
): Promise<PendingDefaultAdmin> {
  const [newAdmin, schedule] = await readRegistry(client, registry, "pendingDefaultAdmin", () =>
    client.publicClient.readContract({
      address: registry,
      abi: credentialRegistryAbi,
      functionName: "pendingDefaultAdmin",
    }),
  );
  return { newAdmin, schedule: Number(schedule) };
}
