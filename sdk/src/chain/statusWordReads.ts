/**
 * Statuses from the registry's bitmap words: the read plan, the call codec and the derivation that
 * `getCredentialStatusesFromWords` uses. 10,000 consecutive credentials of one batch are 40 words
 * (`statusWords(root, wordIndex)`: 256 revoked and 256 suspended bits each), so reading the words and
 * deriving each credential's status from them and its batch record costs the node far less than
 * sending every (root, index) pair to `credentialStatuses` (128 KB of calldata per 2,000 items).
 *
 * The words go out in one `eth_call` per up to {@link MAX_WORDS_PER_READ} (root, word) pairs: a call
 * without `to` whose code (below, {@link STATUS_WORDS_READER}) calls `statusWords` on the registry for
 * each pair, with `STATICCALL`, and returns the answers. It is executed, never deployed: `eth_call`
 * runs it as the init code of a contract creation and answers what it returns. Any node that
 * simulates a creation in `eth_call` (every Ethereum client does) runs it; one that does not gets the
 * caller's fallback (`credentialStatuses`). Browser-safe.
 */
import type { Hex } from "../types";
import type { RegistryBatch } from "./actions/getBatch";
import type { RegistryCredentialStatus } from "./registryStatus";

/** `statusWords(bytes32,uint256)`. */
const STATUS_WORDS_SELECTOR = 0xf5877f2f;

/**
 * Most (root, word) pairs per read. A creation's returned bytes may not exceed 24,576 (EIP-170),
 * and the answer is a 32-byte count and 64 bytes per pair: 32 + 383 * 64 = 24,544. Gas: about
 * 200 per returned byte (code deposit) and 5,000 per pair (two cold words), about 7 million per
 * full read, under the 16,777,216 an eth_call may use.
 */
export const MAX_WORDS_PER_READ = 383;

/**
 * Two needed words of a root this close (in word indices) are read together with the words between
 * them (64 bytes more of answer each) rather than cut into another read.
 */
const MAX_WORD_GAP = 64;

type Op = number | "codeLength" | { push: number; bytes: number } | { label: string } | { to: string };

/**
 * The reader, as EVM instructions. Its arguments follow the code: the registry (32 bytes, address
 * right-aligned), the pair count `n` and `n` pairs (root, word index), 32 bytes each. Memory: the
 * `statusWords` call data at 0x00 (selector, root, word: 0x44 bytes); the arguments copied to 0x80
 * (registry 0x80, n 0xa0, pair i at 0xc0 + 64i). Each call's answer (revoked, suspended) is written
 * over its own pair, once the pair is copied into the call data. A failed call or an answer that is
 * not 64 bytes (no code at the registry) reverts the whole read. It returns memory from 0xa0: `n`,
 * then the `n` answers (the first byte is that of `n`, never 0xEF, so EIP-3541 does not refuse it).
 */
const READER_OPS: Op[] = [
  // codecopy(0x80, codeLength, codesize() - codeLength)
  "codeLength", // PUSH2 the code's length
  0x38, // CODESIZE
  0x03, // SUB
  "codeLength", // PUSH2 the code's length
  { push: 0x80, bytes: 1 },
  0x39, // CODECOPY
  // mstore(0, selector << 224)
  { push: STATUS_WORDS_SELECTOR, bytes: 4 },
  { push: 0xe0, bytes: 1 },
  0x1b, // SHL
  { push: 0, bytes: 1 },
  0x52, // MSTORE
  { push: 0, bytes: 1 }, // i
  { label: "loop" },
  // if (!(i < n)) goto end
  { push: 0xa0, bytes: 1 },
  0x51, // MLOAD n
  0x81, // DUP2 i
  0x10, // LT: i < n
  0x15, // ISZERO
  { to: "end" },
  0x57, // JUMPI
  // p = 0xc0 + (i << 6)
  0x80, // DUP1
  { push: 6, bytes: 1 },
  0x1b, // SHL
  { push: 0xc0, bytes: 1 },
  0x01, // ADD                      [p, i]
  // mstore(0x04, mload(p)); mstore(0x24, mload(p + 0x20))
  0x80, // DUP1
  0x51, // MLOAD
  { push: 0x04, bytes: 1 },
  0x52, // MSTORE
  0x80, // DUP1
  { push: 0x20, bytes: 1 },
  0x01, // ADD
  0x51, // MLOAD
  { push: 0x24, bytes: 1 },
  0x52, // MSTORE
  // staticcall(gas(), registry, 0, 0x44, p, 0x40)
  { push: 0x40, bytes: 1 },
  0x81, // DUP2 p
  { push: 0x44, bytes: 1 },
  { push: 0, bytes: 1 },
  { push: 0x80, bytes: 1 },
  0x51, // MLOAD registry
  0x5a, // GAS
  0xfa, // STATICCALL               [ok, p, i]
  0x15, // ISZERO
  { to: "fail" },
  0x57, // JUMPI
  0x3d, // RETURNDATASIZE
  { push: 0x40, bytes: 1 },
  0x14, // EQ
  0x15, // ISZERO
  { to: "fail" },
  0x57, // JUMPI
  0x50, // POP p                    [i]
  { push: 1, bytes: 1 },
  0x01, // ADD
  { to: "loop" },
  0x56, // JUMP
  { label: "end" },
  // return(0xa0, 0x20 + (n << 6)), with i == n
  { push: 6, bytes: 1 },
  0x1b, // SHL
  { push: 0x20, bytes: 1 },
  0x01, // ADD
  { push: 0xa0, bytes: 1 },
  0xf3, // RETURN
  { label: "fail" },
  { push: 0, bytes: 1 },
  0x80, // DUP1
  0xfd, // REVERT
];

/** Assembles `ops`: labels become JUMPDESTs, jumps PUSH2 their label's offset, `codeLength` PUSH2 the code's length. */
function assemble(ops: readonly Op[]): string {
  const size = (op: Op) =>
    typeof op === "number" ? 1 : op === "codeLength" ? 3 : "push" in op ? 1 + op.bytes : "to" in op ? 3 : 1;
  const labels = new Map<string, number>();
  let length = 0;
  for (const op of ops) {
    if (typeof op === "object" && "label" in op) labels.set(op.label, length);
    length += size(op);
  }
  const hex = (value: number, bytes: number) => value.toString(16).padStart(2 * bytes, "0");
  return ops
    .map((op) => {
      if (typeof op === "number") return hex(op, 1);
      if (op === "codeLength") return `61${hex(length, 2)}`; // PUSH2
      if ("label" in op) return "5b"; // JUMPDEST
      if ("to" in op) return `61${hex(labels.get(op.to)!, 2)}`; // PUSH2
      return hex(0x5f + op.bytes, 1) + hex(op.push, op.bytes); // PUSHn
    })
    .join("");
}

/** The reader's code, without its arguments (hex, no 0x). */
export const STATUS_WORDS_READER = assemble(READER_OPS);

/** One read: the registry's words at these (root, word index) pairs. */
export interface StatusWordRead {
  /** Lower-case roots. */
  roots: Hex[];
  wordIndices: number[];
}

/**
 * Plans the word reads for `items` (lower-case roots, whole indices): each root's needed words, sorted,
 * with the words between two needed ones of the same root filled in when the gap is at most 64
 * words, cut into reads of at most `maxWordsPerRead` pairs.
 *
 * @example
 * planStatusWordReads(tenThousandOfOneBatch) // one read of 40 words
 */
export function planStatusWordReads(
  items: readonly { root: Hex; index: number }[],
  maxWordsPerRead = MAX_WORDS_PER_READ,
): StatusWordRead[] {
  const wordsOf = new Map<Hex, Set<number>>();
  for (const { root, index } of items) {
    let words = wordsOf.get(root);
    if (!words) wordsOf.set(root, (words = new Set()));
    words.add(Math.floor(index / 256));
  }
  const reads: StatusWordRead[] = [];
  let read: StatusWordRead = { roots: [], wordIndices: [] };
  const add = (root: Hex, word: number) => {
    if (read.roots.length >= maxWordsPerRead) {
      reads.push(read);
      read = { roots: [], wordIndices: [] };
    }
    read.roots.push(root);
    read.wordIndices.push(word);
  };
  for (const root of [...wordsOf.keys()].sort()) {
    const words = [...wordsOf.get(root)!].sort((a, b) => a - b);
    let last = -1;
    for (const word of words) {
      if (last >= 0 && word - last <= MAX_WORD_GAP) for (let w = last + 1; w < word; w++) add(root, w);
      add(root, word);
      last = word;
    }
  }
  if (read.roots.length > 0) reads.push(read);
  return reads;
}

function word(value: number | bigint): string {
  return value.toString(16).padStart(64, "0");
}

/**
 * The call data of one read: the reader's code and its arguments (see {@link STATUS_WORDS_READER}).
 *
 * @example
 * publicClient.call({ data: encodeStatusWordsRead(registry, read), blockNumber })
 */
export function encodeStatusWordsRead(registry: Hex, read: StatusWordRead): Hex {
  const n = read.roots.length;
  const parts: string[] = new Array(3 + 2 * n);
  parts[0] = `0x${STATUS_WORDS_READER}`;
  parts[1] = word(BigInt(registry));
  parts[2] = word(n);
  for (let i = 0; i < n; i++) {
    parts[3 + 2 * i] = read.roots[i].slice(2).toLowerCase();
    parts[4 + 2 * i] = word(read.wordIndices[i]);
  }
  return parts.join("") as Hex;
}

/**
 * The registry a status word read asks (call data written by `encodeStatusWordsRead`: the reader's
 * code, the registry, the pair count and the pairs), lower-case; undefined when `data` is not such a
 * read. For a cache in front of a node that keeps what the node answered per registry (`credanchor
 * serve` remembers a refused word read per registry: docs/SPEC.md 7.5).
 *
 * @example
 * statusWordsReadRegistry(encodeStatusWordsRead(registry, read)) // registry.toLowerCase()
 */
export function statusWordsReadRegistry(data: string): Hex | undefined {
  const head = 2 + STATUS_WORDS_READER.length;
  if (data.length < head + 128 || data.slice(2, head).toLowerCase() !== STATUS_WORDS_READER) return undefined;
  const count = Number.parseInt(data.slice(head + 64, head + 128), 16);
  if (!Number.isSafeInteger(count) || data.length !== head + 128 + 128 * count) return undefined;
  const registry = data.slice(head, head + 64).toLowerCase();
  if (!/^0{24}[0-9a-f]{40}$/.test(registry) || !/^[0-9a-f]*$/i.test(data.slice(head + 64))) return undefined;
  return `0x${registry.slice(24)}`;
}

/** The answer of one read: pair i's revoked and suspended words at `2i` and `2i + 1`. */
export type StatusWords = bigint[];

/**
 * Reads the answer of a read of `count` pairs: `count`, then a revoked and a suspended word per pair;
 * undefined when the answer is not exactly that.
 *
 * @example
 * decodeStatusWordsAnswer(data, 40) // 80 words
 */
export function decodeStatusWordsAnswer(data: unknown, count: number): StatusWords | undefined {
  if (typeof data !== "string" || data.length !== 2 + 64 * (1 + 2 * count) || !/^0x[0-9a-fA-F]*$/.test(data)) {
    return undefined;
  }
  if (BigInt(`0x${data.slice(2, 66)}`) !== BigInt(count)) return undefined;
  const words: StatusWords = new Array(2 * count);
  for (let k = 0; k < 2 * count; k++) words[k] = BigInt(`0x${data.slice(66 + 64 * k, 130 + 64 * k)}`);
  return words;
}

/**
 * A credential's status from its batch record and its word's bits, with the contract's precedence
 * (`CredentialRegistryBase._status`): Unknown (not anchored), OutOfRange (index >= leafCount),
 * BatchRevoked, Revoked, Suspended, Valid.
 *
 * @example
 * statusFromWords(batch, 1n << 3n, 0n, 3) // "Revoked"
 */
export function statusFromWords(
  batch: RegistryBatch,
  revoked: bigint,
  suspended: bigint,
  index: number,
): RegistryCredentialStatus {
  if (!batch.anchored) return "Unknown";
  if (index >= batch.leafCount) return "OutOfRange";
  if (batch.revokedAt !== 0) return "BatchRevoked";
  // Words with no bit set (nothing revoked or suspended near this credential: the usual case) need no
  // bit of their own, which is three BigInts made per credential.
  if (revoked === 0n && suspended === 0n) return "Valid";
  const bit = 1n << BigInt(index % 256);
  if ((revoked & bit) !== 0n) return "Revoked";
  if ((suspended & bit) !== 0n) return "Suspended";
  return "Valid";
}
