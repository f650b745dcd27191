import type { Address, Hex } from "../../types";
import type { RegistryClient } from "../createRegistryClient";
import { credentialRegistryAbi } from "../registryArtifact";
import { readRegistry } from "../readRegistry";
import { registryStatusName, type RegistryCredentialStatus } from "../registryStatus";

export interface GetCredentialStatusesParameters {
  registry: Address;
  credentials: readonly { root: Hex; index: number | bigint }[];
  /** Credentials per `credentialStatuses` call; default 2,000 (what fits an eth_call's gas cap comfortably). */
  chunkSize?: number;
  /** Read at this block instead of the latest. */
  blockNumber?: bigint;
}

/**
 * The status of many credentials with one `credentialStatuses` eth_call per 2,000 credentials, in the
 * order given. (One endpoint; `verifyCredentials` adds failover and quorum.)
 *
 * @example
 * const statuses = await getCredentialStatuses(client, { registry, credentials: [{ root, index: 0 }, { root, index: 1 }] });
 */
export async function getCredentialStatuses(
  client: RegistryClient,
  parameters: GetCredentialStatusesParameters,
): Promise<RegistryCredentialStatus[]> {
  const { registry, credentials, blockNumber } = parameters;
  const chunkSize = Math.max(1, parameters.chunkSize ?? 2_000);
  const chunks: (typeof credentials)[] = [];
  for (let start = 0; start < credentials.length; start += chunkSize)
    chunks.push(credentials.slice(start, start + chunkSize));
  const results = await Promise.all(
    chunks.map((chunk) =>
      readRegistry(client, registry, "credentialStatuses", () =>
        client.publicClient.readContract({
          address: registry,
          abi: credentialRegistryAbi,
          functionName: "credentialStatuses",
          args: [chunk.map((c) => c.root), chunk.map((c) => BigInt(c.index))],
          ...(blockNumber === undefined ? {} : { blockNumber }),
        }),
      ),
    ),
  );
  return results.flat().map(registryStatusName);
}
