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
