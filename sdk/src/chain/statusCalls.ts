/**
 * The calldata codec and call plan of `credentialStatuses(bytes32[] roots, uint256[] indices)`: the
 * hot path of reading many statuses (5,000 items are 320 KB of calldata), so the encoding and the
 * decoding are written by hand (tested against viem's ABI codec), and the items are cut into calls
 * that stay under an eth_call's gas cap. Used by `getCredentialStatuses`. Browser-safe.
 */
import type { Hex } from "../types";
import { REGISTRY_STATUSES, type RegistryCredentialStatus } from "./registryStatus";

/** One credential to ask about: batch root and leaf index. */
export interface StatusItem {
  root: Hex;
  index: number | bigint;
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
 * Splits `items` into calls: positions into `items`, sorted by root then index, cut at
 * `maxItemsPerCall` items or at the gas budget, whichever comes first.
 *
 * @example
 * planStatusCalls(items, 2_000).length // 5 for 10,000 credentials of one batch
 */
export function planStatusCalls(items: readonly StatusItem[], maxItemsPerCall: number): number[][] {
  // Each root lower-cased and each index made a number once, not in every comparison (10,000 items
  // of one batch cost about 140,000 comparisons).
  const lowerRoots: string[] = new Array(items.length);
  const indices: number[] = new Array(items.length);
  let lastRoot: string | undefined;
  let lastLower = "";
  const order = items.map((item, i) => {
    if (item.root !== lastRoot) {
      lastRoot = item.root;
      lastLower = item.root.toLowerCase();
    }
    lowerRoots[i] = lastLower;
    indices[i] = Number(item.index);
    return i;
  });
  order.sort((a, b) => {
    const ra = lowerRoots[a];
    const rb = lowerRoots[b];
    return ra < rb ? -1 : ra > rb ? 1 : indices[a] - indices[b];
  });
  const chunks: number[][] = [];
  let chunk: number[] = [];
  let gas = 0;
  const roots = new Set<string>();
  const words = new Set<string>();
  for (const position of order) {
    const root = lowerRoots[position];
    const word = `${root}:${Math.floor(indices[position] / 256)}`;
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
export function encodeStatusesCall(items: readonly StatusItem[]): Hex {
  const n = items.length;
  const word = (value: number | bigint) => value.toString(16).padStart(64, "0");
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

/**
 * Reads the `uint8[]` answer; undefined when it is not a list of `count` known statuses.
 *
 * @example
 * decodeStatuses(data, 2) // ["Valid", "Revoked"]
 */
export function decodeStatuses(data: Hex, count: number): RegistryCredentialStatus[] | undefined {
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
