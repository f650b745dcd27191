import { expect } from "chai";
import fc from "fast-check";
import { keccak256 } from "./keccak";
import { KeccakPrefixCache } from "./keccakPrefixCache";
import { swapKeccakWasmForTests } from "./keccakWasm";

/** Inputs that share prefixes of every length with the one before (around the 136-byte block edges). */
const inputs = fc
  .tuple(
    fc.uint8Array({ minLength: 0, maxLength: 700 }),
    fc.array(fc.tuple(fc.nat({ max: 700 }), fc.uint8Array({ maxLength: 300 })), { minLength: 1, maxLength: 8 }),
  )
  .map(([first, edits]) => {
    const out = [first];
    let last = first;
    for (const [keep, tail] of edits) {
      const next = new Uint8Array(Math.min(keep, last.length) + tail.length);
      next.set(last.subarray(0, Math.min(keep, last.length)));
      next.set(tail, Math.min(keep, last.length));
      out.push(next);
      last = next;
    }
    return out;
  });

function check(hasher: KeccakPrefixCache, sequence: Uint8Array[]): void {
  const out = new Uint8Array(40);
  for (const input of sequence) {
    // the input inside a larger buffer: only `length` bytes are hashed
    const buffer = new Uint8Array(input.length + 5).fill(0xee);
    buffer.set(input);
    hasher.hashInto(buffer, input.length, out, 8);
    expect(Buffer.from(out.subarray(8, 40)).toString("hex")).to.equal(Buffer.from(keccak256(input)).toString("hex"));
  }
}

describe("KeccakPrefixCache", function () {
  it("gives keccak256 of every input of a sequence sharing prefixes (fast-check)", function () {
    fc.assert(
      fc.property(inputs, (sequence) => check(new KeccakPrefixCache(), sequence)),
      { numRuns: 300 },
    );
  });

  it("past the blocks it keeps, and when keccak256 runs between two of its inputs", function () {
    fc.assert(
      fc.property(inputs, fc.integer({ min: 1, max: 3 }), (sequence, maxBlocks) => {
        const hasher = new KeccakPrefixCache(maxBlocks);
        for (const input of sequence) {
          keccak256(new Uint8Array(300).fill(7)); // another user of the WebAssembly state
          check(hasher, [input]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("an input equal to the last one, and one differing in its last byte of a block", function () {
    const hasher = new KeccakPrefixCache();
    const a = new Uint8Array(136 * 3).map((_, i) => i & 255);
    const b = a.slice();
    b[135] ^= 1;
    check(hasher, [a, a, b, a, a.subarray(0, 136), a.subarray(0, 272)]);
  });

  it("without WebAssembly (the @noble/hashes fallback)", function () {
    const previous = swapKeccakWasmForTests(null);
    try {
      fc.assert(
        fc.property(inputs, (sequence) => check(new KeccakPrefixCache(), sequence)),
        { numRuns: 30 },
      );
    } finally {
      swapKeccakWasmForTests(previous);
    }
  });
});

describe("KeccakPrefixCache: what it permutes", function () {
  const BLOCK = 136;
  /** Six blocks once padded (680 bytes), with `mark` written at `at` (and `more` at `at2`). */
  const input = (marks: [number, number][]) => {
    const bytes = new Uint8Array(5 * BLOCK).map((_, i) => (i * 13) & 255);
    for (const [at, value] of marks) bytes[at] = value;
    return bytes;
  };
  const out = new Uint8Array(32);

  it("permutes only the blocks from where an input parts from the last, the same hash as keccak256", function () {
    const hasher = new KeccakPrefixCache();
    const absorbed: number[] = [];
    // each input parts from the one before it in block 2 (byte 300), as a batch's credentials part at their id
    for (let n = 0; n < 6; n++) {
      const bytes = input([[300, n]]);
      hasher.hashInto(bytes, bytes.length, out, 0);
      expect(Buffer.from(out).toString("hex")).to.equal(Buffer.from(keccak256(bytes)).toString("hex"));
      absorbed.push(hasher.lastAbsorbed);
    }
    expect(absorbed).to.deep.equal([6, 4, 4, 4, 4, 4]);
  });

  it("learns within RESAVE_EVERY inputs when they come to share more with each other than with the one kept", function () {
    const hasher = new KeccakPrefixCache();
    for (let n = 0; n < 3; n++) hasher.hashInto(input([[300, n]]), 5 * BLOCK, out, 0);
    // now every input has byte 300 = 99 (parting from those kept in block 2) and differs from the one
    // before it only in block 4 (byte 600)
    const absorbed: number[] = [];
    for (let n = 0; n < 20; n++) {
      const bytes = input([
        [300, 99],
        [600, n],
      ]);
      hasher.hashInto(bytes, bytes.length, out, 0);
      expect(Buffer.from(out).toString("hex")).to.equal(Buffer.from(keccak256(bytes)).toString("hex"));
      absorbed.push(hasher.lastAbsorbed);
    }
    expect(absorbed.slice(0, 3)).to.deep.equal([4, 4, 4]);
    expect(absorbed.slice(-2)).to.deep.equal([2, 2]);
    expect(absorbed.indexOf(2)).to.be.at.most(17);
  });
});
