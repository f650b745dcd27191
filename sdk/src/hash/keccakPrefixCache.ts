/**
 * keccak256 of inputs that share a long prefix with the input hashed before them (the protected part of
 * the credentials of one batch: the same contexts, achievement and issuer, only the id differs). The
 * sponge's state after each full 136-byte block of the last input is kept; the next input starts from
 * the state after the blocks it shares with it, byte for byte, so only the blocks from its first
 * difference on are permuted. Same hash as `keccak256` for every input (keccakPrefixCache.test.ts).
 * Browser-safe; without WebAssembly it is plain `keccak256Into`.
 */
import { keccak256Into, writePadded } from "./keccak";
import { SCRATCH_OFFSET, STATE_OFFSET, keccakWasm } from "./keccakWasm";

const RATE = 136;
const STATE_BYTES = 200;

/**
 * A keccak256 that remembers the midstates of the last input. `maxBlocks` bounds what it keeps
 * (200 bytes of state and 136 of input per block): longer inputs are hashed in full past that.
 *
 * @example
 * const hasher = new KeccakPrefixCache();
 * hasher.hashInto(bytes, bytes.length, out, 0); // the same 32 bytes as keccak256(bytes)
 */
export class KeccakPrefixCache {
  /** The first `kept` full blocks of the last input. */
  private previous: Uint8Array;
  private previousWords: Int32Array;
  /** The state after block k of `previous`, at 200 * k. */
  private states: Uint8Array;
  private kept = 0;
  private readonly maxBlocks: number;

  constructor(maxBlocks = 64) {
    this.maxBlocks = maxBlocks;
    this.previous = new Uint8Array(RATE * maxBlocks);
    this.previousWords = new Int32Array(this.previous.buffer);
    this.states = new Uint8Array(STATE_BYTES * maxBlocks);
  }

  /**
   * keccak256 of `data[0, length)`, written as 32 bytes into `out` at `outOffset`. `data` must start
   * at a byte offset divisible by 4 in its buffer (a whole Uint8Array does).
   */
  hashInto(data: Uint8Array, length: number, out: Uint8Array, outOffset: number): void {
    const keccak = keccakWasm();
    if (!keccak) {
      keccak256Into(data, length, out, outOffset);
      return;
    }
    const full = Math.min(Math.floor(length / RATE), this.maxBlocks);
    const common = this.sharedBlocks(data, full);
    const end = writePadded(keccak, data, length);
    const blocks = (end - SCRATCH_OFFSET) / RATE;
    const memory = keccak.memory(0);
    if (common > 0) memory.set(this.states.subarray(STATE_BYTES * (common - 1), STATE_BYTES * common), STATE_OFFSET);
    else memory.fill(0, STATE_OFFSET, STATE_OFFSET + STATE_BYTES);
    // Each new full block is absorbed alone and the state after it kept, for the next input.
    for (let k = common; k < full; k++) {
      keccak.exports.absorb(SCRATCH_OFFSET + RATE * k, 1, end);
      this.states.set(memory.subarray(STATE_OFFSET, STATE_OFFSET + STATE_BYTES), STATE_BYTES * k);
    }
    if (full > common) this.previous.set(data.subarray(RATE * common, RATE * full), RATE * common);
    this.kept = full;
    keccak.exports.absorb(SCRATCH_OFFSET + RATE * full, blocks - full, end);
    out.set(memory.subarray(end, end + 32), outOffset);
  }

  /** How many of the first `full` blocks of `data` equal those of the last input (compared as 32-bit words). */
  private sharedBlocks(data: Uint8Array, full: number): number {
    const limit = Math.min(full, this.kept);
    if (limit === 0) return 0;
    if (data.byteOffset % 4 !== 0) return 0;
    const words = new Int32Array(data.buffer, data.byteOffset, (RATE / 4) * limit);
    const previous = this.previousWords;
    const perBlock = RATE / 4;
    for (let k = 0; k < limit; k++) {
      for (let w = perBlock * k, stop = w + perBlock; w < stop; w++) {
        if (words[w] !== previous[w]) return k;
      }
    }
    return limit;
  }
}
