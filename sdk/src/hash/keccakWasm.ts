/**
 * Why this file exists instead of the maintained keccak (@noble/hashes, which stays the fallback): it
 * matters where it is used. Building the Merkle tree of 2^20 leaves took 1.49 s of CPU with these batch
 * entry points and 37.25 s of CPU with @noble/hashes `keccak_256` (about 25×, same root;
 * bench/keccakTree.ts, docs/PERFORMANCE.md "Which keccak, and why", measured 2026-12-06 at load 7–9).
 *
 * A small hand-assembled WebAssembly keccak-f[1600] with batch entry points, generated at run time
 * from the code below (no toolchain, no binary blob in the repository, about 4 KB of WebAssembly).
 *
 * Why: hash-wasm's general-purpose hasher costs three JS→WebAssembly calls and one allocation per
 * hash, which is about a third of the time for the 64-byte inputs of a Merkle tree. These entry
 * points hash thousands of leaves or node pairs per call, reading and writing the instance's memory.
 *
 * Memory layout of the instance (byte offsets):
 * - 0..191    the 24 round constants (a data segment);
 * - 256..455  the 25-lane state used by `permute`;
 * - 512..     the caller's scratch area (`SCRATCH_OFFSET`), grown on demand.
 *
 * Browser-safe: plain WebAssembly, no Node API.
 *
 * Length (over 400 lines): the module is one assembler listing, the permutation and its batch entry
 * points emitted as bytes that must agree with the memory layout above; split across files it would
 * be harder to check instruction by instruction, not easier. Issue 17 §3 decides whether it stays.
 */

const STATE = 256;
/** Byte offset of the 25-lane keccak state (200 bytes) in the instance's memory: a midstate is saved and restored there. */
export const STATE_OFFSET = STATE;
/** First byte of memory the caller may use for inputs and outputs. */
export const SCRATCH_OFFSET = 512;
const PAGE = 65536;

/** The exports of the generated module. */
export interface KeccakWasmExports {
  memory: WebAssembly.Memory;
  /** keccak-f[1600] over the state at byte 256. */
  permute(): void;
  /**
   * keccak256 of an input already padded to `blocks` blocks of 136 bytes (pad10*1 with the 0x01
   * domain byte) at `src`; the 32-byte hash goes to `dst`.
   */
  sponge(src: number, blocks: number, dst: number): void;
  /**
   * `sponge` without zeroing the state first: absorbs `blocks` blocks of 136 bytes at `src` into the
   * state as it is (lanes at byte 256, which the caller may have written: a saved midstate), then
   * writes lanes 0..3 to `dst`. The 32 bytes at `dst` are the hash only when the last block absorbed
   * was padded.
   */
  absorb(src: number, blocks: number, dst: number): void;
  /** `count` hashes of 64-byte inputs at `src` (consecutive), 32-byte outputs at `dst`. */
  hash64(src: number, dst: number, count: number): void;
  /**
   * `count` Merkle parents: for each consecutive pair (a, b) of 32-byte nodes at `src`, writes
   * keccak256(min(a,b) ‖ max(a,b)) (byte-wise order) to `dst`.
   */
  pairs(src: number, dst: number, count: number): void;
  /**
   * `count` StandardMerkleTree leaves: for digest k (32 bytes at `src + 32k`), writes
   * keccak256(keccak256(abi.encode(uint256(firstIndex + k), bytes32 digest))) to `dst + 32k`.
   */
  leaves(src: number, dst: number, count: number, firstIndex: number): void;
}

// ---- keccak constants -------------------------------------------------------------------------

function roundConstants(): bigint[] {
  const constants: bigint[] = [];
  let r = 1;
  for (let round = 0; round < 24; round++) {
    let c = 0n;
    for (let j = 0; j < 7; j++) {
      // LFSR x^8 + x^6 + x^5 + x^4 + 1 (FIPS 202, algorithm 5)
      if (r & 1) c |= 1n << BigInt((1 << j) - 1);
      r = r & 0x80 ? ((r << 1) ^ 0x171) & 0xff : (r << 1) & 0xff;
    }
    constants.push(c);
  }
  return constants;
}

/** rotation offset of lane x + 5y (FIPS 202, rho). */
function rotationOffsets(): number[] {
  const offsets = new Array<number>(25).fill(0);
  let x = 1;
  let y = 0;
  for (let t = 0; t < 24; t++) {
    offsets[x + 5 * y] = (((t + 1) * (t + 2)) / 2) % 64;
    [x, y] = [y, (2 * x + 3 * y) % 5];
  }
  return offsets;
}

// ---- a tiny WebAssembly assembler --------------------------------------------------------------

const OP = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  call: 0x10,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i64Load: 0x29,
  i64Store: 0x37,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Eqz: 0x45,
  i64Eq: 0x51,
  i64LtU: 0x54,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i64And: 0x83,
  i64Or: 0x84,
  i64Xor: 0x85,
  i64Shl: 0x86,
  i64ShrU: 0x88,
  i64Rotl: 0x89,
  i64ExtendI32U: 0xad,
  select: 0x1b,
  voidType: 0x40,
  i32: 0x7f,
  i64: 0x7e,
} as const;

function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function sleb(value: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = Number(value & 0x7fn);
    value >>= 7n;
    const done = (value === 0n && (byte & 0x40) === 0) || (value === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** Collects one function body. Locals are numbered: parameters first, then declared i64/i32 locals. */
class Body {
  readonly code: number[] = [];
  get(local: number): this {
    this.code.push(OP.localGet, ...uleb(local));
    return this;
  }
  set(local: number): this {
    this.code.push(OP.localSet, ...uleb(local));
    return this;
  }
  tee(local: number): this {
    this.code.push(OP.localTee, ...uleb(local));
    return this;
  }
  i32(value: number): this {
    this.code.push(OP.i32Const, ...sleb(BigInt(value)));
    return this;
  }
  i64(value: bigint): this {
    this.code.push(OP.i64Const, ...sleb(BigInt.asIntN(64, value)));
    return this;
  }
  op(...ops: number[]): this {
    this.code.push(...ops);
    return this;
  }
  /** i64.load with a constant offset from the address on the stack. */
  load(offset: number): this {
    this.code.push(OP.i64Load, 3, ...uleb(offset));
    return this;
  }
  /** i64.store with a constant offset from the address below the value. */
  store(offset: number): this {
    this.code.push(OP.i64Store, 3, ...uleb(offset));
    return this;
  }
}

function section(id: number, payload: number[]): number[] {
  return [id, ...uleb(payload.length), ...payload];
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(text: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(text));
  return [...uleb(bytes.length), ...bytes];
}

// ---- the functions ------------------------------------------------------------------------------

/** permute(): locals 0..24 lanes a, 25..49 b, 50..54 c, 55..59 d (i64), 60 round (i32). */
function permuteBody(): { locals: number[][]; code: number[] } {
  const A = (i: number) => i;
  const B = (i: number) => 25 + i;
  const C = (i: number) => 50 + i;
  const D = (i: number) => 55 + i;
  const ROUND = 60;
  const rho = rotationOffsets();
  const f = new Body();
  for (let i = 0; i < 25; i++)
    f.i32(STATE)
      .load(8 * i)
      .set(A(i));
  f.i32(0).set(ROUND);
  f.op(OP.loop, OP.voidType);
  // theta
  for (let x = 0; x < 5; x++) {
    f.get(A(x))
      .get(A(x + 5))
      .op(OP.i64Xor)
      .get(A(x + 10))
      .op(OP.i64Xor);
    f.get(A(x + 15))
      .op(OP.i64Xor)
      .get(A(x + 20))
      .op(OP.i64Xor)
      .set(C(x));
  }
  for (let x = 0; x < 5; x++) {
    f.get(C((x + 4) % 5))
      .get(C((x + 1) % 5))
      .i64(1n)
      .op(OP.i64Rotl, OP.i64Xor)
      .set(D(x));
  }
  // theta (apply) + rho + pi: B[y + 5((2x+3y) mod 5)] = rotl(A[x+5y] ^ D[x], rho[x+5y])
  for (let x = 0; x < 5; x++) {
    for (let y = 0; y < 5; y++) {
      const i = x + 5 * y;
      f.get(A(i)).get(D(x)).op(OP.i64Xor);
      if (rho[i] !== 0) f.i64(BigInt(rho[i])).op(OP.i64Rotl);
      f.set(B(y + 5 * ((2 * x + 3 * y) % 5)));
    }
  }
  // chi
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 5; x++) {
      f.get(B(x + 5 * y))
        .get(B(((x + 1) % 5) + 5 * y))
        .i64(-1n)
        .op(OP.i64Xor)
        .get(B(((x + 2) % 5) + 5 * y))
        .op(OP.i64And, OP.i64Xor)
        .set(A(x + 5 * y));
    }
  }
  // iota: A[0] ^= RC[round] (the table is at byte 0)
  f.get(A(0)).get(ROUND).i32(3).op(0x74 /* i32.shl */).load(0).op(OP.i64Xor).set(A(0));
  // round += 1; loop while round != 24
  f.get(ROUND).i32(1).op(OP.i32Add).tee(ROUND).i32(24).op(0x47 /* i32.ne */, OP.brIf, 0, OP.end);
  for (let i = 0; i < 25; i++)
    f.i32(STATE)
      .get(A(i))
      .store(8 * i);
  return {
    locals: [
      [...uleb(60), OP.i64],
      [...uleb(1), OP.i32],
    ],
    code: f.code,
  };
}

/** Writes zero to state lanes from..24 except those in `keep`. */
function zeroLanes(f: Body, from: number, keep: Set<number>): void {
  for (let i = from; i < 25; i++)
    if (!keep.has(i))
      f.i32(STATE)
        .i64(0n)
        .store(8 * i);
}

const PAD_FIRST = 1n; // the 0x01 domain byte, in the little-endian lane
const PAD_LAST = 0x80n << 56n; // the final 0x80 of the 136-byte block, lane 16

/** Pads the 64 bytes in lanes 0..7 as one keccak256 block (lanes 8 and 16, the rest zero) and permutes. */
function permute64(f: Body): void {
  f.i32(STATE).i64(PAD_FIRST).store(64);
  f.i32(STATE).i64(PAD_LAST).store(128);
  zeroLanes(f, 9, new Set([16]));
  f.op(OP.call, 0);
}

/** Stores the hash to `dst`, then moves `src` on by 64 bytes and `dst` by 32: the next pair and its slot. */
function storeHashAndAdvance(f: Body, src: number, dst: number): void {
  storeHash(f, dst);
  f.get(src).i32(64).op(OP.i32Add).set(src);
  f.get(dst).i32(32).op(OP.i32Add).set(dst);
}

/** Stores lanes 0..3 of the state (the hash) to `dst` (param local). */
function storeHash(f: Body, dst: number): void {
  for (let i = 0; i < 4; i++)
    f.get(dst)
      .i32(STATE)
      .load(8 * i)
      .store(8 * i);
}

/** sponge(src, blocks, dst): zeroes the state, then runs `absorb` (function 5) on the same arguments. */
function spongeBody(): { locals: number[][]; code: number[] } {
  const f = new Body();
  zeroLanes(f, 0, new Set());
  f.get(0).get(1).get(2).op(OP.call, 5);
  return { locals: [], code: f.code };
}

/** absorb(src, blocks, dst); the loop variables are the params. */
function absorbBody(): { locals: number[][]; code: number[] } {
  const [SRC, BLOCKS, DST] = [0, 1, 2];
  const f = new Body();
  f.op(OP.block, OP.voidType, OP.loop, OP.voidType);
  f.get(BLOCKS).op(OP.i32Eqz, OP.brIf, 1);
  for (let i = 0; i < 17; i++) {
    f.i32(STATE)
      .i32(STATE)
      .load(8 * i)
      .get(SRC)
      .load(8 * i)
      .op(OP.i64Xor)
      .store(8 * i);
  }
  f.op(OP.call, 0);
  f.get(SRC).i32(136).op(OP.i32Add).set(SRC);
  f.get(BLOCKS).i32(1).op(OP.i32Sub).set(BLOCKS);
  f.op(OP.br, 0, OP.end, OP.end);
  storeHash(f, DST);
  return { locals: [], code: f.code };
}

/** A loop over `count` (param 2) items; `step` emits the body; src/dst advance by the given sizes. */
function countedLoop(f: Body, count: number, body: () => void): void {
  f.op(OP.block, OP.voidType, OP.loop, OP.voidType);
  f.get(count).op(OP.i32Eqz, OP.brIf, 1);
  body();
  f.get(count).i32(1).op(OP.i32Sub).set(count);
  f.op(OP.br, 0, OP.end, OP.end);
}

function hash64Body(): { locals: number[][]; code: number[] } {
  const [SRC, DST, COUNT] = [0, 1, 2];
  const f = new Body();
  countedLoop(f, COUNT, () => {
    for (let i = 0; i < 8; i++)
      f.i32(STATE)
        .get(SRC)
        .load(8 * i)
        .store(8 * i);
    permute64(f);
    storeHashAndAdvance(f, SRC, DST);
  });
  return { locals: [], code: f.code };
}

/** Byte-swaps the i64 on top of the stack through local `tmp` (big-endian load of 8 bytes). */
function bswap(f: Body, tmp: number): void {
  f.tee(tmp).i64(0x00ff00ff00ff00ffn).op(OP.i64And).i64(8n).op(OP.i64Shl);
  f.get(tmp).i64(8n).op(OP.i64ShrU).i64(0x00ff00ff00ff00ffn).op(OP.i64And, OP.i64Or);
  f.tee(tmp).i64(0x0000ffff0000ffffn).op(OP.i64And).i64(16n).op(OP.i64Shl);
  f.get(tmp).i64(16n).op(OP.i64ShrU).i64(0x0000ffff0000ffffn).op(OP.i64And, OP.i64Or);
  f.i64(32n).op(OP.i64Rotl);
}

/**
 * pairs(src, dst, count); locals 3 = x, 4 = y (i64), 5 = tmp (i64), 6 = swap (i32: 1 when b < a).
 * The order is decided on the first differing 8-byte word, read big-endian.
 */
function pairsBody(): { locals: number[][]; code: number[] } {
  const [SRC, DST, COUNT, X, Y, TMP, SWAP] = [0, 1, 2, 3, 4, 5, 6];
  const f = new Body();
  countedLoop(f, COUNT, () => {
    // SWAP = b < a, deciding on the first word that differs
    f.i32(0).set(SWAP);
    f.op(OP.block, OP.voidType);
    for (let w = 0; w < 4; w++) {
      f.get(SRC).load(8 * w);
      bswap(f, TMP);
      f.set(X);
      f.get(SRC).load(32 + 8 * w);
      bswap(f, TMP);
      f.set(Y);
      f.get(X).get(Y).op(OP.i64Eq);
      if (w < 3) {
        // equal words: look at the next one; otherwise decide and leave the block
        f.op(0x04 /* if */, OP.voidType);
        f.op(0x05 /* else */);
        f.get(Y).get(X).op(OP.i64LtU).set(SWAP).op(OP.br, 1);
        f.op(OP.end);
      } else {
        f.op(0x45 /* i32.eqz */, 0x04, OP.voidType);
        f.get(Y).get(X).op(OP.i64LtU).set(SWAP);
        f.op(OP.end);
      }
    }
    f.op(OP.end);
    // state lanes 0..3 = smaller node, 4..7 = larger node
    for (let i = 0; i < 4; i++) {
      // select(x, y, c) is c ? x : y
      f.i32(STATE)
        .get(SRC)
        .load(32 + 8 * i)
        .get(SRC)
        .load(8 * i)
        .get(SWAP)
        .op(OP.select)
        .store(8 * i);
      f.i32(STATE)
        .get(SRC)
        .load(8 * i)
        .get(SRC)
        .load(32 + 8 * i)
        .get(SWAP)
        .op(OP.select)
        .store(32 + 8 * i);
    }
    permute64(f);
    storeHashAndAdvance(f, SRC, DST);
  });
  return {
    locals: [
      [...uleb(1), OP.i64],
      [...uleb(2), OP.i64],
      [...uleb(1), OP.i32],
    ],
    code: f.code,
  };
}

/** leaves(src, dst, count, firstIndex); locals 4 = tmp (i64). */
function leavesBody(): { locals: number[][]; code: number[] } {
  const [SRC, DST, COUNT, INDEX, TMP] = [0, 1, 2, 3, 4];
  const f = new Body();
  countedLoop(f, COUNT, () => {
    // abi.encode(uint256 index, bytes32 digest): 24 zero bytes, the index big-endian, the digest
    for (let i = 0; i < 3; i++)
      f.i32(STATE)
        .i64(0n)
        .store(8 * i);
    f.i32(STATE).get(INDEX).op(OP.i64ExtendI32U);
    bswap(f, TMP);
    f.store(24);
    for (let i = 0; i < 4; i++)
      f.i32(STATE)
        .get(SRC)
        .load(8 * i)
        .store(32 + 8 * i);
    permute64(f);
    // second hash over the 32-byte first hash (already in lanes 0..3)
    f.i32(STATE).i64(PAD_FIRST).store(32);
    f.i32(STATE).i64(PAD_LAST).store(128);
    zeroLanes(f, 5, new Set([16]));
    f.op(OP.call, 0);
    storeHash(f, DST);
    f.get(SRC).i32(32).op(OP.i32Add).set(SRC);
    f.get(DST).i32(32).op(OP.i32Add).set(DST);
    f.get(INDEX).i32(1).op(OP.i32Add).set(INDEX);
  });
  return { locals: [[...uleb(1), OP.i64]], code: f.code };
}

/** The module's bytes. */
export function keccakWasmModuleBytes(): Uint8Array {
  const types = [
    [0x60, 0, 0], // () -> ()
    [0x60, 3, OP.i32, OP.i32, OP.i32, 0], // (i32, i32, i32) -> ()
    [0x60, 4, OP.i32, OP.i32, OP.i32, OP.i32, 0], // (i32 x4) -> ()
  ];
  const functions = [
    { name: "permute", type: 0, body: permuteBody() },
    { name: "sponge", type: 1, body: spongeBody() },
    { name: "hash64", type: 1, body: hash64Body() },
    { name: "pairs", type: 1, body: pairsBody() },
    { name: "leaves", type: 2, body: leavesBody() },
    { name: "absorb", type: 1, body: absorbBody() }, // function 5, called by sponge
  ];
  const rcBytes: number[] = [];
  for (const c of roundConstants()) for (let i = 0n; i < 8n; i++) rcBytes.push(Number((c >> (8n * i)) & 0xffn));
  const code = functions.map(({ body }) => {
    const payload = [...vector(body.locals), ...body.code, OP.end];
    return [...uleb(payload.length), ...payload];
  });
  const exports = [
    [...name("memory"), 0x02, 0],
    ...functions.map((fn, index) => [...name(fn.name), 0x00, ...uleb(index)]),
  ];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(3, vector(functions.map((fn) => uleb(fn.type)))),
    ...section(5, vector([[0x00, ...uleb(1)]])), // one memory, 1 page to start, no maximum
    ...section(7, vector(exports)),
    ...section(10, vector(code)),
    ...section(11, vector([[0x00, OP.i32Const, 0, OP.end, ...uleb(rcBytes.length), ...rcBytes]])),
  ];
  return new Uint8Array(bytes);
}

/**
 * An instance of the module. Synchronous compilation works in Node and workers; browsers may refuse
 * it on the main thread for modules over 4 KB (this one is just under), hence `initKeccak`.
 */
export class KeccakWasm {
  readonly exports: KeccakWasmExports;
  private view: Uint8Array;

  /** `module`: a compiled module (from `WebAssembly.compile`); compiled synchronously when absent. */
  constructor(module: WebAssembly.Module = new WebAssembly.Module(keccakWasmModuleBytes() as BufferSource)) {
    this.exports = new WebAssembly.Instance(module, {}).exports as unknown as KeccakWasmExports;
    this.view = new Uint8Array(this.exports.memory.buffer);
  }

  /** The instance's memory as bytes, with at least `SCRATCH_OFFSET + bytes` bytes (grows as needed). */
  memory(bytes: number): Uint8Array {
    const needed = SCRATCH_OFFSET + bytes;
    if (this.view.byteLength < needed) {
      this.exports.memory.grow(Math.ceil((needed - this.view.byteLength) / PAGE));
      this.view = new Uint8Array(this.exports.memory.buffer);
    } else if (this.view.byteLength === 0) {
      this.view = new Uint8Array(this.exports.memory.buffer);
    }
    return this.view;
  }
}

let shared: KeccakWasm | null | undefined;

/**
 * The process-wide (per worker thread) instance, compiled synchronously on first use; null when
 * WebAssembly is unavailable or refuses synchronous compilation (then callers fall back to
 * @noble/hashes until `loadKeccakWasm` has compiled it asynchronously).
 */
export function keccakWasm(): KeccakWasm | null {
  if (shared === undefined) {
    try {
      shared = new KeccakWasm();
    } catch {
      shared = null;
    }
  }
  return shared;
}

/** Compiles the module asynchronously (allowed everywhere) and makes it the shared instance. */
export async function loadKeccakWasm(): Promise<void> {
  if (shared) return;
  try {
    shared = new KeccakWasm(await WebAssembly.compile(keccakWasmModuleBytes() as BufferSource));
  } catch {
    shared ??= null; // no WebAssembly at all: the JavaScript fallback keeps working
  }
}

/** Tests only: replaces the shared instance (null forces the JavaScript fallback); returns the previous one. */
export function swapKeccakWasmForTests(value: KeccakWasm | null | undefined): KeccakWasm | null | undefined {
  const previous = shared;
  shared = value;
  return previous;
}
