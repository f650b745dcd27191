import { expect } from "chai";
import fc from "fast-check";
import { keccak_256 } from "@noble/hashes/sha3";
import { appendByte, appendBytes, appendText, beginInput, hashInputInto, initKeccak, keccak256 } from "./keccak";
import { KeccakWasm, SCRATCH_OFFSET, swapKeccakWasmForTests } from "./keccakWasm";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("keccak256 (hand-assembled WebAssembly)", function () {
  it("matches the published keccak256 of the empty string and of 'abc'", function () {
    expect(hex(keccak256(new Uint8Array()))).to.equal(
      "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
    );
    expect(hex(keccak256(new TextEncoder().encode("abc")))).to.equal(
      "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
    );
  });

  it("matches @noble/hashes on every length around the 136-byte block boundaries", function () {
    for (let length = 0; length <= 3 * 136 + 2; length++) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 7 + length) & 255);
      expect(hex(keccak256(data)), `length ${length}`).to.equal(hex(keccak_256(data)));
    }
  });

  it("matches @noble/hashes on random inputs, and returns a fresh array each time", function () {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (data) => {
        const first = keccak256(data);
        const second = keccak256(data);
        expect(first).to.not.equal(second);
        expect(hex(first)).to.equal(hex(keccak_256(data)));
      }),
      { numRuns: 300 },
    );
  });

  it("keeps working after initKeccak compiles the module asynchronously", async function () {
    await initKeccak();
    expect(hex(keccak256(new Uint8Array(64)))).to.equal(hex(keccak_256(new Uint8Array(64))));
  });

  it("hash64 hashes many 64-byte inputs in one call", function () {
    const wasm = new KeccakWasm();
    const n = 300;
    const input = Uint8Array.from({ length: 64 * n }, (_, i) => (i * 13 + 5) & 255);
    const memory = wasm.memory(96 * n);
    memory.set(input, SCRATCH_OFFSET);
    wasm.exports.hash64(SCRATCH_OFFSET, SCRATCH_OFFSET + 64 * n, n);
    for (let k = 0; k < n; k++) {
      const at = SCRATCH_OFFSET + 64 * n + 32 * k;
      expect(hex(memory.subarray(at, at + 32))).to.equal(hex(keccak_256(input.subarray(64 * k, 64 * k + 64))));
    }
  });
});

describe("keccak256 of an input written in parts (beginInput, append*, hashInputInto)", function () {
  /** A part of an input: bytes, one byte, or a text (any UTF-16, lone surrogates included). */
  const part = fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    fc.integer({ min: 0, max: 255 }),
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.string({ unit: "grapheme-ascii", maxLength: 200 }),
    fc.constantFrom("\udc00", "a\ud800", "\ud83d\ude00x", "é", "\u0080"),
  );
  const encoder = new TextEncoder();

  /** The parts written one after the other and hashed into `out` at 32, as the digest writes a field. */
  function hashParts(parts: (Uint8Array | number | string)[]): { written: string; expected: string } {
    let maxLength = 0;
    const bytes: number[] = [];
    for (const p of parts) {
      const encoded = typeof p === "string" ? encoder.encode(p) : typeof p === "number" ? [p] : p;
      bytes.push(...encoded);
      maxLength += typeof p === "string" ? 3 * p.length : typeof p === "number" ? 1 : p.length;
    }
    beginInput(maxLength);
    for (const p of parts) {
      if (typeof p === "string") appendText(p);
      else if (typeof p === "number") appendByte(p);
      else appendBytes(p);
    }
    const out = new Uint8Array(96).fill(7);
    hashInputInto(out, 32);
    expect(hex(out.subarray(0, 32)), "bytes before the hash").to.equal("07".repeat(32));
    expect(hex(out.subarray(64)), "bytes after the hash").to.equal("07".repeat(32));
    return { written: hex(out.subarray(32, 64)), expected: hex(keccak_256(Uint8Array.from(bytes))) };
  }

  it("gives keccak256 of the parts' bytes (a text as TextEncoder encodes it), with WebAssembly and without", function () {
    for (const wasm of [true, false]) {
      const previous = wasm ? undefined : swapKeccakWasmForTests(null);
      try {
        fc.assert(
          fc.property(fc.array(part, { maxLength: 6 }), (parts) => {
            const { written, expected } = hashParts(parts);
            expect(written).to.equal(expected);
          }),
          { numRuns: 200 },
        );
      } finally {
        if (!wasm) swapKeccakWasmForTests(previous);
      }
    }
  });

  it("pads every length around the 136-byte block boundaries", function () {
    for (let length = 0; length <= 2 * 136 + 2; length++) {
      const text = "x".repeat(length);
      const { written, expected } = hashParts([text]);
      expect(written, `length ${length}`).to.equal(expected);
      // a longer input first leaves bytes behind in the memory: the next shorter one must not read them
      expect(hashParts([text.slice(0, length >> 1)]).written).to.equal(
        hashParts([text.slice(0, length >> 1)]).expected,
      );
    }
  });
});
