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
  const memory = keccak.memory((Math.floor(length / RATE) + 1) * RATE + 32);
  memory.set(length === data.length ? data : data.subarray(0, length), SCRATCH_OFFSET);
  return padScratch(memory, length);
}

/**
 * Pads the `length` bytes already at SCRATCH_OFFSET of the instance's `memory` as keccak256 pads them
 * (pad10*1 with the 0x01 domain byte), in place, and returns where the padded input ends.
 */
function padScratch(memory: Uint8Array, length: number): number {
  const end = SCRATCH_OFFSET + (Math.floor(length / RATE) + 1) * RATE;
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

const utf8Encoder = new TextEncoder();
/** The input being written by `beginInput` and the `append*` functions: its buffer and next byte. */
const input: { bytes: Uint8Array; at: number; start: number; wasm: boolean } = {
  bytes: new Uint8Array(1024),
  at: 0,
  start: 0,
  wasm: false,
};

/**
 * Internal: starts a keccak256 input of at most `maxLength` bytes, written by `appendBytes`,
 * `appendText` and `appendByte` straight into the WebAssembly instance's scratch memory (no
 * intermediate string or array, no copy), then hashed by `hashInputInto`. Without WebAssembly the
 * bytes go to a JavaScript buffer and @noble/hashes. One input at a time; nothing else may hash
 * between `beginInput` and `hashInputInto`.
 *
 * @example
 * beginInput(prefix.length + 3 * text.length);
 * appendBytes(prefix);
 * appendText(text);
 * hashInputInto(out, 0); // keccak256(prefix ‖ UTF-8 of text)
 */
export function beginInput(maxLength: number): void {
  const keccak = keccakWasm();
  if (keccak) {
    input.bytes = keccak.memory((Math.floor(maxLength / RATE) + 1) * RATE + 32);
    input.start = SCRATCH_OFFSET;
    input.wasm = true;
  } else {
    if (input.wasm || input.bytes.length < maxLength) input.bytes = new Uint8Array(Math.max(1024, 2 * maxLength));
    input.start = 0;
    input.wasm = false;
  }
  input.at = input.start;
}

/** Internal: appends `bytes` to the input begun by `beginInput`. */
export function appendBytes(bytes: Uint8Array): void {
  input.bytes.set(bytes, input.at);
  input.at += bytes.length;
}

/** Internal: appends bytes[start, start + length) to the input begun by `beginInput` (no view made). */
export function appendRange(bytes: Uint8Array, start: number, length: number): void {
  const out = input.bytes;
  let at = input.at;
  for (let i = start; i < start + length; i++) out[at++] = bytes[i];
  input.at = at;
}

/** Internal: appends one byte to the input begun by `beginInput`. */
export function appendByte(byte: number): void {
  input.bytes[input.at++] = byte;
}

/** The ASCII codes of the lower-case hex digits. */
const HEX_DIGITS = new TextEncoder().encode("0123456789abcdef");

/**
 * Internal: appends `0x` and the lower-case hex digits of bytes[start, start + length) (2 + 2 * length
 * bytes, the UTF-8 of that text) to the input begun by `beginInput`.
 */
export function appendHexOf(bytes: Uint8Array, start: number, length: number): void {
  const out = input.bytes;
  let at = input.at;
  out[at++] = 0x30; // 0
  out[at++] = 0x78; // x
  for (let i = start; i < start + length; i++) {
    const byte = bytes[i];
    out[at++] = HEX_DIGITS[byte >> 4];
    out[at++] = HEX_DIGITS[byte & 15];
  }
  input.at = at;
}

/**
 * Internal: appends the UTF-8 bytes of `text` (as TextEncoder writes them: an unpaired surrogate
 * becomes U+FFFD) to the input begun by `beginInput`, which must have room for 3 bytes per UTF-16
 * code unit. ASCII is copied code by code; from the first other character on, TextEncoder writes.
 */
export function appendText(text: string): void {
  const bytes = input.bytes;
  let at = input.at;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) {
      at += utf8Encoder.encodeInto(i === 0 ? text : text.slice(i), bytes.subarray(at)).written;
      break;
    }
    bytes[at++] = code;
  }
  input.at = at;
}

/** Internal: keccak256 of the input begun by `beginInput`, written as 32 bytes into `out` at `outOffset`. */
export function hashInputInto(out: Uint8Array, outOffset: number): void {
  const bytes = input.bytes;
  const length = input.at - input.start;
  if (!input.wasm) {
    out.set(keccak_256(bytes.subarray(0, length)), outOffset);
    return;
  }
  const end = padScratch(bytes, length);
  keccakWasm()!.exports.sponge(SCRATCH_OFFSET, (end - SCRATCH_OFFSET) / RATE, end);
  for (let i = 0; i < 32; i++) out[outOffset + i] = bytes[end + i];
}
