import { encodeEventTopics, formatLog, parseEventLogs, toHex } from "viem";
import type { Address, Hex } from "../../types";
import type { RegistryClient } from "../createRegistryClient";
import { readRegistry } from "../readRegistry";
import { credentialRegistryAbi } from "../registryArtifact";

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

type StatusEventName = keyof typeof STATUS_EVENT_KINDS;
const STATUS_EVENT_NAMES = Object.keys(STATUS_EVENT_KINDS) as StatusEventName[];
const STATUS_TOPICS = STATUS_EVENT_NAMES.map(
  (eventName) => encodeEventTopics({ abi: credentialRegistryAbi, eventName })[0],
);

/** How `getStatusEvents` splits its block range. */
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
 * failed read throws, as the other read actions do (`readRegistry`: the read transport's own errors
 * unchanged).
 *
 * One `eth_getLogs` per chunk through the client, filtered on the node by the four events' topics
 * and the indexed root, decoded by viem (`parseEventLogs`). Not viem's `getLogs` or
 * `getContractEvents`: given several events, they leave the indexed arguments out of the request's
 * topics and filter after the answer, so the node would send every batch's status events.
 *
 * @example
 * const events = await getStatusEvents(readTransportClient(transport), { registry, root, fromBlock: 12n, toBlock: 40n });
 */
export async function getStatusEvents(
  client: RegistryClient,
  {
    registry,
    root,
    fromBlock,
    toBlock,
    chunkBlocks = 10_000n,
    maxChunks = 20,
    enough,
  }: { registry: Address; root: Hex; fromBlock: bigint; toBlock: bigint } & StatusEventReadOptions,
): Promise<StatusEvent[]> {
  let events: StatusEvent[] = [];
  for (let to = toBlock, calls = 0; to >= fromBlock && calls < maxChunks; calls++) {
    const from = to - chunkBlocks + 1n > fromBlock ? to - chunkBlocks + 1n : fromBlock;
    const logs = await readRegistry(client, registry, "status events", () =>
      client.publicClient.request({
        method: "eth_getLogs",
        params: [
          {
            address: registry,
            fromBlock: toHex(from),
            toBlock: toHex(to),
            topics: [STATUS_TOPICS, root.toLowerCase() as Hex],
          },
        ],
      }),
    );
    events = [...toStatusEvents(logs.map((log) => formatLog(log))), ...events];
    if (enough?.(events)) break;
    to = from - 1n;
  }
  return events;
}

function toStatusEvents(logs: Parameters<typeof parseEventLogs>[0]["logs"]): StatusEvent[] {
  return parseEventLogs({ abi: credentialRegistryAbi, eventName: STATUS_EVENT_NAMES, logs }).map((log) => {
    const args = log.args as { wordIndex?: bigint; bits?: bigint; reason: Hex };
    return {
      kind: STATUS_EVENT_KINDS[log.eventName as StatusEventName],
      ...(args.wordIndex !== undefined ? { wordIndex: args.wordIndex, bits: args.bits } : {}),
      reason: args.reason,
      blockNumber: log.blockNumber!,
    };
  });
}
