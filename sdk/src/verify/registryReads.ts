/**
 * The registry reads the verification pipeline needs, as raw `eth_call`s through a read transport
 * (failover / quorum), all pinned to one block so that they describe one state of the chain.
 * Browser-safe.
 */
import { decodeEventLog, decodeFunctionResult, encodeEventTopics, encodeFunctionData } from "viem";
import { credentialRegistryAbi } from "../chain/registryArtifact";
import { toRegistryBatch, type BatchTuple, type RegistryBatch } from "../chain/actions/getBatch";
import { REGISTRY_STATUSES, type RegistryCredentialStatus } from "../chain/registryStatus";
import type { ReadTransport } from "../chain/transport/types";
import { RpcResponseError } from "../errors/verify";
import type { Address, Hex } from "../types";

/** What a read at `registry` found: the value, or that no credanchor registry answers there. */
export type RegistryRead<T> = { found: true; value: T } | { found: false; reason: string };

/**
 * `batch(root)` at block `blockTag`.
 *
 * @example
 * const read = await readBatchRecord(transport, registry, root, "0x2a");
 * if (read.found && read.value.anchored) console.log("anchored in block", read.value.anchoredBlock);
 */
export async function readBatchRecord(
  transport: ReadTransport,
  registry: Address,
  root: Hex,
  blockTag: Hex,
): Promise<RegistryRead<RegistryBatch>> {
  const data = encodeFunctionData({ abi: credentialRegistryAbi, functionName: "batch", args: [root] });
  const raw = await call(transport, registry, data, blockTag);
  if (!raw.found) return raw;
  try {
    const value = decodeFunctionResult({ abi: credentialRegistryAbi, functionName: "batch", data: raw.value });
    return { found: true, value: toRegistryBatch(root, value as BatchTuple) };
  } catch {
    return { found: false, reason: "the contract's answer to batch(root) is not a credanchor batch record" };
  }
}

/**
 * `profile()` at block `blockTag`: the issuer's display name and profile URL (or DID).
 *
 * @example
 * const read = await readProfile(transport, registry, "latest");
 */
export async function readProfile(
  transport: ReadTransport,
  registry: Address,
  blockTag: Hex | "latest",
): Promise<RegistryRead<{ name: string; url: string }>> {
  const data = encodeFunctionData({ abi: credentialRegistryAbi, functionName: "profile" });
  const raw = await call(transport, registry, data, blockTag);
  if (!raw.found) return raw;
  try {
    const [name, url] = decodeFunctionResult({ abi: credentialRegistryAbi, functionName: "profile", data: raw.value });
    return { found: true, value: { name, url } };
  } catch {
    return { found: false, reason: "the contract's answer to profile() is not a name and a URL" };
  }
}

const STATUSES_SELECTOR = "f9652188"; // credentialStatuses(bytes32[],uint256[])

/**
 * Gas model of `credentialStatuses`, measured on Hardhat (Osaka rules): about 2,200 gas per item
 * when the batch record and bitmap words are warm (calldata included), plus about 2,000 for each
 * root seen first in the call (cold batch slot) and 4,000 for each new (root, 256-credential word)
 * pair (cold revoked and suspended words). An eth_call may not use more than 16,777,216 gas; a chunk
 * is closed before its estimate passes `STATUS_CALL_GAS_BUDGET`, which leaves a wide margin.
 */
export const STATUS_CALL_GAS_BUDGET = 12_000_000;
const GAS_PER_ITEM = 2_300;
const GAS_PER_NEW_ROOT = 2_100;
const GAS_PER_NEW_WORD = 4_200;

/**
 * `credentialStatuses(roots, indices)` in as few eth_calls as fit: at most `maxItemsPerCall` items
 * per call and an estimated gas under `STATUS_CALL_GAS_BUDGET` (items are sorted by root and index
 * first, so a call touches few storage slots). Calls are sent one after another. Returns one status
 * per item, in the order of `items`.
 *
 * @example
 * const read = await readCredentialStatuses(transport, registry, [{ root, index: 0 }], "0x2a", 2_000);
 * if (read.found) console.log(read.value[0]); // "Valid"
 */
export async function readCredentialStatuses(
  transport: ReadTransport,
  registry: Address,
  items: readonly { root: Hex; index: number }[],
  blockTag: Hex,
  maxItemsPerCall: number,
): Promise<RegistryRead<RegistryCredentialStatus[]>> {
  const statuses: RegistryCredentialStatus[] = new Array(items.length);
  for (const chunk of planStatusCalls(items, maxItemsPerCall)) {
    const raw = await call(transport, registry, encodeStatusesCall(chunk.map((i) => items[i])), blockTag);
    if (!raw.found) return raw;
    const decoded = decodeStatuses(raw.value, chunk.length);
    if (!decoded) return { found: false, reason: "the contract's answer to credentialStatuses is not a status list" };
    for (let k = 0; k < chunk.length; k++) statuses[chunk[k]] = decoded[k];
  }
  return { found: true, value: statuses };
}

/**
 * Splits `items` into calls: positions into `items`, sorted by root then index, cut at
 * `maxItemsPerCall` items or at the gas budget, whichever comes first.
 *
 * @example
 * planStatusCalls(items, 2_000).length // 5 for 10,000 credentials of one batch
 */
export function planStatusCalls(items: readonly { root: Hex; index: number }[], maxItemsPerCall: number): number[][] {
  const order = items.map((_, i) => i);
  order.sort((a, b) => {
    const ra = items[a].root.toLowerCase();
    const rb = items[b].root.toLowerCase();
    return ra < rb ? -1 : ra > rb ? 1 : items[a].index - items[b].index;
  });
  const chunks: number[][] = [];
  let chunk: number[] = [];
  let gas = 0;
  const roots = new Set<string>();
  const words = new Set<string>();
  for (const position of order) {
    const root = items[position].root.toLowerCase();
    const word = `${root}:${items[position].index >> 8}`;
    let cost = GAS_PER_ITEM + (roots.has(root) ? 0 : GAS_PER_NEW_ROOT) + (words.has(word) ? 0 : GAS_PER_NEW_WORD);
    if (chunk.length > 0 && (chunk.length >= maxItemsPerCall || gas + cost > STATUS_CALL_GAS_BUDGET)) {
      chunks.push(chunk);
      chunk = [];
      gas = 0;
      roots.clear();
      words.clear();
      cost = GAS_PER_ITEM + GAS_PER_NEW_ROOT + GAS_PER_NEW_WORD;
    }
    chunk.push(position);
    gas += cost;
    roots.add(root);
    words.add(word);
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/**
 * ABI encoding of `credentialStatuses(bytes32[] roots, uint256[] indices)`, written by hand: it is the
 * hot path of verifying many credentials (5,000 items are 320 KB of calldata).
 */
export function encodeStatusesCall(items: readonly { root: Hex; index: number }[]): Hex {
  const n = items.length;
  const word = (value: number) => value.toString(16).padStart(64, "0");
  const parts: string[] = new Array(4 + 2 * n);
  parts[0] = `0x${STATUSES_SELECTOR}`;
  parts[1] = word(0x40); // offset of roots
  parts[2] = word(0x40 + 32 + 32 * n); // offset of indices
  parts[3] = word(n);
  for (let i = 0; i < n; i++) parts[4 + i] = items[i].root.slice(2).toLowerCase();
  const indexParts: string[] = new Array(n + 1);
  indexParts[0] = word(n);
  for (let i = 0; i < n; i++) indexParts[1 + i] = word(items[i].index);
  return (parts.join("") + indexParts.join("")) as Hex;
}

/** Reads the `uint8[]` answer; undefined when it is not a list of `count` known statuses. */
function decodeStatuses(data: Hex, count: number): RegistryCredentialStatus[] | undefined {
  const hex = data.slice(2);
  if (hex.length !== 128 + 64 * count) return undefined;
  if (parseInt(hex.slice(0, 64), 16) !== 0x20 || parseInt(hex.slice(64, 128), 16) !== count) return undefined;
  const statuses: RegistryCredentialStatus[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const start = 128 + 64 * i;
    // A status is one byte: the last two hex digits of its word; the rest must be zero.
    if (!/^0{62}$/.test(hex.slice(start, start + 62))) return undefined;
    const status = REGISTRY_STATUSES[parseInt(hex.slice(start + 62, start + 64), 16)];
    if (status === undefined) return undefined;
    statuses[i] = status;
  }
  return statuses;
}

/**
 * One eth_call. An empty answer means no contract at `to`; a revert means the contract is not a
 * credanchor registry. Both are answers of the chain (`found: false`); network failures throw.
 */
async function call(
  transport: ReadTransport,
  to: Address,
  data: Hex,
  blockTag: Hex | "latest",
): Promise<RegistryRead<Hex>> {
  try {
    const result = await transport.request<Hex>("eth_call", [{ to, data }, blockTag]);
    if (typeof result !== "string" || result === "0x") {
      return { found: false, reason: "no contract at this address" };
    }
    return { found: true, value: result };
  } catch (error) {
    if (error instanceof RpcResponseError && isRevert(error)) {
      return { found: false, reason: "the contract at this address is not a credanchor registry (the call reverted)" };
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
