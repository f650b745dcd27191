import { expect } from "chai";
import { copy32, same32, viewOf } from "./words";

describe("words: 32-byte values as 32-bit words", function () {
  const bytes = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 255);

  it("compares and copies 32 bytes at any offsets, byte for byte as a loop would", function () {
    const a = bytes(100, 1);
    const b = new Uint8Array(120);
    for (const [from, to] of [
      [0, 0],
      [3, 7],
      [68, 87],
      [1, 2],
    ]) {
      b.fill(0);
      copy32(viewOf(a), from, viewOf(b), to);
      expect(Array.from(b.subarray(to, to + 32))).to.deep.equal(Array.from(a.subarray(from, from + 32)));
      expect(b[to - 1] ?? 0).to.equal(0);
      expect(b[to + 32]).to.equal(0);
      expect(same32(viewOf(a), from, viewOf(b), to)).to.equal(true);
      for (const at of [0, 1, 15, 30, 31]) {
        b[to + at] ^= 0x80;
        expect(same32(viewOf(a), from, viewOf(b), to), `byte ${at} changed`).to.equal(false);
        b[to + at] ^= 0x80;
      }
    }
  });

  it("views a subarray from its own start, and never a buffer that is no longer the array's", function () {
    const whole = bytes(64, 5);
    const part = whole.subarray(16, 56);
    expect(viewOf(part).getUint8(0)).to.equal(whole[16]);
    expect(viewOf(part).byteLength).to.equal(40);
    const memory = new WebAssembly.Memory({ initial: 1 });
    let view = new Uint8Array(memory.buffer);
    view[7] = 9;
    expect(viewOf(view).getUint8(7)).to.equal(9);
    memory.grow(1); // detaches the old buffer
    view = new Uint8Array(memory.buffer);
    expect(viewOf(view).byteLength).to.equal(2 * 65536);
    expect(viewOf(view).getUint8(7)).to.equal(9);
    // more arrays than the cache keeps: each still gets a view of its own bytes
    const many = Array.from({ length: 10 }, (_, i) => bytes(32, i));
    for (let round = 0; round < 2; round++) {
      for (const [i, array] of many.entries()) expect(viewOf(array).getUint8(1), `array ${i}`).to.equal(array[1]);
    }
  });
});
