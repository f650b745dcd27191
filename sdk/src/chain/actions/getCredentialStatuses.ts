import type { Address } from "../../types";
import { InvalidTargetError, RegistryNotFoundError, UnexpectedAnswerError } from "../../errors/registry";
import type { RegistryClient } from "../createRegistryClient";
import { readRegistry } from "../readRegistry";
import type { RegistryCredentialStatus } from "../registryStatus";
import { decodeStatuses, encodeStatusesCall, planStatusCalls, type StatusItem } from "../statusCalls";

export interface GetCredentialStatusesParameters {
  registry: Address;
  credentials: readonly StatusItem[];
  /** Most credentials per `credentialStatuses` call; default 2,000. Calls are also cut at a gas budget. */
  chunkSize?: number;
  /** Read at this block instead of the latest. */
  blockNumber?: bigint;
}

/**
 * The status of many credentials in as few `credentialStatuses` eth_calls as fit, in the order given:
 * at most `chunkSize` credentials per call and an estimated gas under `STATUS_CALL_GAS_BUDGET`
 * (credentials are sorted by root and index first, so a call touches few storage slots; see
 * `planStatusCalls`). Calls are sent one after another. Over `readTransportClient(transport)` the
 * reads get the transport's failover and quorum; that is how `verifyCredentials` reads statuses.
 *
 * Throws `InvalidTargetError` for a root that is not 32 bytes of hex or an index that is not a whole
 * number >= 0 (nothing is sent), `RegistryNotFoundError` when there is no contract at `registry`, and
 * `UnexpectedAnswerError` when its answer is not a list of statuses.
 *
 * @example
 * const statuses = await getCredentialStatuses(client, { registry, credentials: [{ root, index: 0 }, { root, index: 1 }] });
 */
export async function getCredentialStatuses(
  client: RegistryClient,
  parameters: GetCredentialStatusesParameters,
): Promise<RegistryCredentialStatus[]> {
  const { registry, credentials, blockNumber } = parameters;
  const maxItemsPerCall = Math.max(1, parameters.chunkSize ?? 2_000);
  credentials.forEach(assertStatusItem);
  const statuses: RegistryCredentialStatus[] = new Array(credentials.length);
  for (const chunk of planStatusCalls(credentials, maxItemsPerCall)) {
    const { data } = await readRegistry(client, registry, "credentialStatuses", () =>
      client.publicClient.call({
        to: registry,
        data: encodeStatusesCall(chunk.map((position) => credentials[position])),
        ...(blockNumber === undefined ? {} : { blockNumber }),
      }),
    );
    if (data === undefined || data === "0x") throw new RegistryNotFoundError({ registry, chainId: client.chainId });
    const decoded = decodeStatuses(data, chunk.length);
    if (!decoded) {
      throw new UnexpectedAnswerError({ registry, functionName: "credentialStatuses", expected: "a status list" });
    }
    for (let k = 0; k < chunk.length; k++) statuses[chunk[k]] = decoded[k];
  }
  return statuses;
}

/** The hand-written encoder trusts its input: a root of 32 bytes, an index that is a uint256. */
function assertStatusItem({ root, index }: StatusItem, position: number): void {
  if (typeof root !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(root)) {
    throw new InvalidTargetError(`credentials[${position}].root ${JSON.stringify(root)} is not a batch root.`, {
      fix: "Give the batch root as 32 bytes of 0x-hex (the proof's root).",
    });
  }
  const whole =
    typeof index === "bigint" ? index >= 0n && index < 2n ** 256n : Number.isSafeInteger(index) && index >= 0;
  if (!whole) {
    throw new InvalidTargetError(`credentials[${position}].index ${String(index)} is not a credential index.`, {
      fix: "Give the leaf index as a whole number >= 0 (the proof's leafIndex).",
    });
  }
}
