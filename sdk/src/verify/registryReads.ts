/**
 * How verification reads the registry, all pinned to one block so that the reads describe one state
 * of the chain. The registry's state (batch records, statuses, profile) is read with the same
 * actions as the client's (`getBatch`, `getCredentialStatuses`, `getProfile`), over the read
 * transport wrapped as a viem client (`readTransportClient`); `registryRead` turns their errors into
 * what the checks decide on. The status events and block times, which only verification reads, come
 * through the same client (`getStatusEvents`, viem's `getBlock`). Browser-safe.
 */
import { RegistryError, RegistryNotFoundError, UnexpectedAnswerError } from "../errors/registry";
import { RpcResponseError } from "../errors/verify";

export type { StatusEvent } from "../chain/actions/getStatusEvents";

/** What a read at `registry` found: the value, or that no credanchor registry answers there. */
export type RegistryRead<T> = { found: true; value: T } | { found: false; reason: string };

const REVERTED = "the contract at this address is not a credanchor registry (the call reverted)";

/**
 * Runs one of the registry's read actions (`getBatch`, `getProfile`, `getCredentialStatuses`, over
 * `readTransportClient(transport)`) for verification, where what the chain says about the address is
 * an answer: no contract there, a contract that reverts, or one whose answer is not `unexpected`'s
 * shape give `found: false` with the reason (the anchor check fails). Network failures throw (the
 * check is `error`).
 *
 * @example
 * const read = await registryRead(() => getBatch(client, { registry, root, blockNumber }), "not a batch record");
 * if (read.found && read.value.anchored) console.log("anchored in block", read.value.anchoredBlock);
 */
export async function registryRead<T>(read: () => Promise<T>, unexpected: string): Promise<RegistryRead<T>> {
  try {
    return { found: true, value: await read() };
  } catch (error) {
    if (error instanceof RegistryNotFoundError) return { found: false, reason: "no contract at this address" };
    if (error instanceof UnexpectedAnswerError) return { found: false, reason: unexpected };
    if (error instanceof RegistryError || (error instanceof RpcResponseError && isRevert(error))) {
      return { found: false, reason: REVERTED };
    }
    throw error;
  }
}

function isRevert(error: RpcResponseError): boolean {
  return error.rpcCode === 3 || /revert/i.test(error.shortMessage);
}
