import { keccak_256 } from "@noble/hashes/sha3";
import { SCRATCH_OFFSET, keccakWasm, loadKeccakWasm, type KeccakWasm } from "./keccakWasm";

const RATE = 136;

let loading: Promise<void> | undefined;

/**
 * Compiles the WebAssembly keccak asynchronously, for browsers that refuse synchronous compilation on
 * the main thread. Optional: `keccak256` (and the Merkle code) compile it synchronously on first use
 * where they can, and fall back to @noble/hashes where WebAssembly is unavailable. Safe to call many
 * times.
 *
 * @example
 * await initKeccak();
 * keccak256(new Uint8Array(64));
 */
export function initKeccak(): Promise<void> {
  loading ??= loadKeccakWasm();
  return loading;
}

/**
 * keccak256 of `data`, as 32 bytes (a new array).
 *
 * Uses a hand-assembled WebAssembly keccak-f[1600] (sdk/src/hash/keccakWasm.ts): one call per hash,
 * about twice as fast as hash-wasm and ten times @noble/hashes on short inputs (bench/keccak.bench.ts).
 *
 * @example
 * keccak256(new TextEncoder().encode("abc"))
 */
export function keccak256(data: Uint8Array): Uint8Array {
  const keccak = keccakWasm();
  if (!keccak) return keccak_256(data);
  const end = writePadded(keccak, data, data.length);
  keccak.exports.sponge(SCRATCH_OFFSET, (end - SCRATCH_OFFSET) / RATE, end);
  return keccak.memory(0).slice(end, end + 32);
}

/**
 * Internal: writes `data[0, length)` into the instance's scratch area (SCRATCH_OFFSET) padded as
 * keccak256 pads it (pad10*1 with the 0x01 domain byte), and returns where the padded input ends,
 * which is where `sponge` or `absorb` may write the hash.
 */
export function writePadded(keccak: KeccakWasm, data: Uint8Array, length: number): number {
  const padded = (Math.floor(length / RATE) + 1) * RATE;
  const memory = keccak.memory(padded + 32);
  const end = SCRATCH_OFFSET + padded;
  memory.set(length === data.length ? data : data.subarray(0, length), SCRATCH_OFFSET);
  memory.fill(0, SCRATCH_OFFSET + length, end);
  // 0x81 when both land on the same byte
  memory[SCRATCH_OFFSET + length] |= 0x01;
  memory[end - 1] |= 0x80;
  return end;
}

/**
 * keccak256 of the first `length` bytes of `data`, written as 32 bytes into `out` at `outOffset`:
 * the same hash as `keccak256(data.subarray(0, length))`, without allocating the result (for loops
 * that hash many short inputs into one reused buffer). `out` may be `data`.
 *
 * @example
 * const hashes = new Uint8Array(32 * 2);
 * keccak256Into(new TextEncoder().encode("abc"), 3, hashes, 32);
 */
export function keccak256Into(data: Uint8Array, length: number, out: Uint8Array, outOffset: number): void {
  const keccak = keccakWasm();
  if (!keccak) {
    out.set(keccak_256(data.subarray(0, length)), outOffset);
    return;
  }
  const end = writePadded(keccak, data, length);
  keccak.exports.sponge(SCRATCH_OFFSET, (end - SCRATCH_OFFSET) / RATE, end);
  out.set(keccak.memory(0).subarray(end, end + 32), outOffset);
}
