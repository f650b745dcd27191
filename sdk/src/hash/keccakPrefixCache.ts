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
/** At most this many inputs pass without the kept blocks being saved again (see hashInto). */
const RESAVE_EVERY = 16;

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
  /** The block where the last input parted from the one before it (-1: none yet). */
  private lastCommon = -1;
  /** Inputs hashed since the blocks kept were last saved. */
  private sinceSaved = 0;
  private readonly maxBlocks: number;
  /** Blocks permuted by the last `hashInto` (for tests). */
  lastAbsorbed = 0;

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
    this.lastAbsorbed = blocks - common;
    // The full blocks after the shared ones are absorbed one by one and the state after each kept for the
    // next input, unless this input parted from the one kept at the same block as the last did: in a
    // batch every input parts at the same block (the credential's id) and those states would never serve.
    // The blocks and states kept then stay the last saved input's, still one input's prefix with its
    // states (this input shares its first `common` blocks). They are saved again at least every
    // RESAVE_EVERY inputs, so that inputs which share more with each other than with the one kept (the
    // point where they part moved on) are learnt.
    let from = common;
    if (common !== this.lastCommon || ++this.sinceSaved >= RESAVE_EVERY) {
      this.sinceSaved = 0;
      for (; from < full; from++) {
        keccak.exports.absorb(SCRATCH_OFFSET + RATE * from, 1, end);
        this.states.set(memory.subarray(STATE_OFFSET, STATE_OFFSET + STATE_BYTES), STATE_BYTES * from);
      }
      if (full > common) this.previous.set(data.subarray(RATE * common, RATE * full), RATE * common);
      this.kept = full;
    }
    this.lastCommon = common;
    keccak.exports.absorb(SCRATCH_OFFSET + RATE * from, blocks - from, end);
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
