/**
 * The hex codec on a simulated big-endian machine (issue 12, item 14): the module is loaded in a
 * VM context whose Uint16Array stores its elements big-endian, as on s390x, and must still write the
 * digits of each byte in order. Also the codec's two paths (short ranges concatenated, longer ones
 * decoded from one reused buffer) against Node's own hex.
 */
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import ts from "typescript";
import { hexOfRange, isHexOfLength, parseHex32, toBareHex, toHex, writeHex } from "./hex";

/** A Uint16Array look-alike whose elements live in its buffer big-endian (the other byte order). */
function BigEndianUint16Array(arg: number | ArrayLike<number>) {
  const length = typeof arg === "number" ? arg : arg.length;
  const buffer = new ArrayBuffer(2 * length);
  const view = new DataView(buffer);
  if (typeof arg !== "number") for (let i = 0; i < length; i++) view.setUint16(2 * i, arg[i], false);
  const target: Record<string | symbol, unknown> = { buffer, length, byteOffset: 0, byteLength: 2 * length };
  return new Proxy(target, {
    get: (t, key) => (typeof key === "string" && /^\d+$/.test(key) ? view.getUint16(2 * Number(key), false) : t[key]),
    set: (t, key, value: number) => {
      if (typeof key === "string" && /^\d+$/.test(key)) view.setUint16(2 * Number(key), value, false);
      else t[key] = value;
      return true;
    },
  });
}

/** TextDecoder that also reads a BigEndianUint16Array (as the real one reads a view's bytes). */
class ViewDecoder {
  private readonly inner = new TextDecoder();
  decode(input: { buffer: ArrayBuffer; byteOffset: number; byteLength: number }): string {
    return this.inner.decode(new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
  }
}

/** Loads a browser-safe module (type-only imports) with big-endian multi-byte typed arrays. */
function loadBigEndian(file: string): Record<string, (...args: never[]) => string> {
  const source = fs.readFileSync(path.join(__dirname, file), "utf8");
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const module = { exports: {} as Record<string, (...args: never[]) => string> };
  vm.runInNewContext(outputText, {
    module,
    exports: module.exports,
    require: () => ({}),
    Uint8Array,
    Uint16Array: BigEndianUint16Array,
    TextDecoder: ViewDecoder,
  });
  return module.exports;
}

const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);
const REFERENCE = Buffer.from(ALL_BYTES).toString("hex");

describe("hex codec (canonical/hex.ts)", function () {
  it("toBareHex and toHex write every byte's digits in order, short and long", function () {
    expect(toBareHex(ALL_BYTES)).to.equal(REFERENCE);
    expect(toHex(ALL_BYTES)).to.equal(`0x${REFERENCE}`);
    expect(toBareHex(new Uint8Array(0))).to.equal("");
    expect(toHex(Uint8Array.of(0x01, 0xab))).to.equal("0x01ab");
  });

  it('hexOfRange: the same digits here and on a big-endian machine (was: each pair swapped, 0x01 → "10")', function () {
    const bigEndian = loadBigEndian("hex.ts");
    for (const [start, end] of [
      [0, 256],
      [3, 40],
      [10, 20],
      [5, 6],
    ]) {
      const expected = REFERENCE.slice(2 * start, 2 * end);
      expect(hexOfRange(ALL_BYTES, start, end)).to.equal(expected);
      expect(bigEndian.hexOfRange(ALL_BYTES as never, start as never, end as never)).to.equal(expected);
    }
    expect(bigEndian.toBareHex(Uint8Array.of(0x01, 0xab) as never)).to.equal("01ab");
  });

  it("a long conversion after a short one and vice versa: the reused buffer leaks nothing", function () {
    const long = toBareHex(ALL_BYTES);
    const short = toBareHex(ALL_BYTES.subarray(0, 20));
    expect(short).to.equal(REFERENCE.slice(0, 40));
    expect(long).to.equal(REFERENCE);
  });

  it("parsing: isHexOfLength takes lower case only, parseHex32 either case, writeHex the checked value", function () {
    const lower = `0x${REFERENCE.slice(0, 64)}`;
    const upper = `0X${REFERENCE.slice(0, 64).toUpperCase()}`;
    expect(isHexOfLength(lower, 32)).to.equal(true);
    expect(isHexOfLength(lower.toUpperCase().replace("0X", "0x"), 32)).to.equal(false);
    expect(isHexOfLength(lower, 31)).to.equal(false);
    expect(isHexOfLength(`${lower.slice(0, -1)}g`, 32)).to.equal(false);
    const out = new Uint8Array(34);
    expect(parseHex32(upper, out, 2)).to.equal(true);
    expect(Array.from(out.subarray(2))).to.deep.equal(Array.from(ALL_BYTES.subarray(0, 32)));
    expect(parseHex32(`${lower.slice(0, -1)}z`, out, 0)).to.equal(false);
    expect(parseHex32(lower.slice(0, -2), out, 0)).to.equal(false);
    const written = new Uint8Array(33);
    writeHex(lower, written, 1);
    expect(Array.from(written.subarray(1))).to.deep.equal(Array.from(ALL_BYTES.subarray(0, 32)));
  });
});
