/**
 * How verification reads the registry, all pinned to one block so that the reads describe one state
 * of the chain. The registry's state (batch records, statuses, profile) is read with the same
 * actions as the client's (`getBatch`, `getCredentialStatuses`, `getProfile`), over the read
 * transport wrapped as a viem client (`readTransportClient`); `registryRead` turns their errors into
 * what the checks decide on. The status events and block times, which only verification reads, go
 * through the transport directly. Browser-safe.
 */
import { decodeEventLog, encodeEventTopics } from "viem";
import { credentialRegistryAbi } from "../chain/registryArtifact";
import type { ReadTransport } from "../chain/transport/types";
import { RegistryError, RegistryNotFoundError, UnexpectedAnswerError } from "../errors/registry";
import { RpcResponseError } from "../errors/verify";
import type { Address, Hex } from "../types";

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

/** A status change of one batch, from the registry's events. */
export interface StatusEvent {
  kind: "batch-revoked" | "revoked" | "suspended" | "reinstated";
  /** For bitmap events: the 256-credential word and the bits that changed. */
  wordIndex?: bigint;
  bits?: bigint;
  /** The reason as written (bytes32). */
  reason: Hex;
  blockNumber: bigint;
}

const STATUS_EVENT_KINDS = {
  BatchRevoked: "batch-revoked",
  CredentialsRevoked: "revoked",
  CredentialsSuspended: "suspended",
  CredentialsReinstated: "reinstated",
} as const;

/** How `readStatusEvents` splits its block range. */
export interface StatusEventReadOptions {
  /** Blocks per `eth_getLogs` (many providers refuse wider ranges). Default 10,000. */
  chunkBlocks?: bigint;
  /** Most `eth_getLogs` calls; the oldest part of the range is left unread beyond it. Default 20. */
  maxChunks?: number;
  /** Stop as soon as this says the events read so far (oldest first) answer the question. */
  enough?: (events: readonly StatusEvent[]) => boolean;
}

/**
 * The revocation, suspension and reinstatement events of batch `root` between two blocks, oldest
 * first. The range is read newest first, `chunkBlocks` blocks per `eth_getLogs`, at most `maxChunks`
 * calls, and stops early once `enough` is satisfied (the latest event is what explains a status). A
 * failed read throws (the caller says "reason unavailable").
 *
 * @example
 * const events = await readStatusEvents(transport, registry, root, 12n, 40n);
 */
export async function readStatusEvents(
  transport: ReadTransport,
  registry: Address,
  root: Hex,
  fromBlock: bigint,
  toBlock: bigint,
  options: StatusEventReadOptions = {},
): Promise<StatusEvent[]> {
  const chunkBlocks = options.chunkBlocks ?? 10_000n;
  const maxChunks = options.maxChunks ?? 20;
  const eventNames = Object.keys(STATUS_EVENT_KINDS) as (keyof typeof STATUS_EVENT_KINDS)[];
  const topic0 = eventNames.map(
    (eventName) => encodeEventTopics({ abi: credentialRegistryAbi, eventName: eventName as "BatchRevoked" })[0],
  );
  let events: StatusEvent[] = [];
  for (let to = toBlock, calls = 0; to >= fromBlock && calls < maxChunks; calls++) {
    const from = to - chunkBlocks + 1n > fromBlock ? to - chunkBlocks + 1n : fromBlock;
    const logs = await transport.request<{ topics: Hex[]; data: Hex; blockNumber: Hex }[]>("eth_getLogs", [
      {
        address: registry,
        fromBlock: `0x${from.toString(16)}`,
        toBlock: `0x${to.toString(16)}`,
        topics: [topic0, root.toLowerCase()],
      },
    ]);
    events = [...decodeStatusLogs(logs), ...events];
    if (options.enough?.(events)) break;
    to = from - 1n;
  }
  return events;
}

function decodeStatusLogs(logs: readonly { topics: Hex[]; data: Hex; blockNumber: Hex }[]): StatusEvent[] {
  const events: StatusEvent[] = [];
  for (const log of logs) {
    try {
      const decoded = decodeEventLog({
        abi: credentialRegistryAbi,
        topics: log.topics as [Hex, ...Hex[]],
        data: log.data,
      });
      const kind = STATUS_EVENT_KINDS[decoded.eventName as keyof typeof STATUS_EVENT_KINDS];
      if (!kind) continue;
      const args = decoded.args as { wordIndex?: bigint; bits?: bigint; reason: Hex };
      events.push({
        kind,
        ...(args.wordIndex !== undefined ? { wordIndex: args.wordIndex, bits: args.bits } : {}),
        reason: args.reason,
        blockNumber: BigInt(log.blockNumber),
      });
    } catch {
      // not one of ours
    }
  }
  return events;
}

/**
 * The timestamp (Unix seconds) of block `blockNumber`, from `eth_getBlockByNumber`; throws when the
 * node does not have the block.
 *
 * @example
 * const seconds = await readBlockTimestamp(transport, 42n);
 */
export async function readBlockTimestamp(transport: ReadTransport, blockNumber: bigint): Promise<bigint> {
  const block = await transport.request<{ timestamp: Hex } | null>("eth_getBlockByNumber", [
    `0x${blockNumber.toString(16)}`,
    false,
  ]);
  if (!block)
    throw new RpcResponseError({
      endpoint: "any",
      method: "eth_getBlockByNumber",
      rpcCode: 0,
      rpcMessage: `block ${blockNumber} not found`,
    });
  return BigInt(block.timestamp);
}
