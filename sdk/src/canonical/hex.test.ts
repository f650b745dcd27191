/**
 * The hex codecs on a simulated big-endian machine (issue 12, item 14): the modules are loaded in a
 * VM context whose Uint16Array stores its elements big-endian, as on s390x, and must still write the
 * digits of each byte in order.
 */
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import ts from "typescript";
import { toBareHex, toBareHexBulk } from "./hex";
import { hexOfRange } from "../merkle/bytes";

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

describe("hex codecs are independent of the machine's byte order", function () {
  it("canonical/hex.ts: toBareHexBulk and toBareHex write every byte's digits in order here", function () {
    expect(toBareHexBulk(ALL_BYTES)).to.equal(REFERENCE);
    expect(toBareHex(ALL_BYTES)).to.equal(REFERENCE);
    expect(toBareHexBulk(new Uint8Array(0))).to.equal("");
  });

  it('canonical/hex.ts on a big-endian machine: the same digits (was: each pair swapped, 0x01 → "10")', function () {
    const bigEndian = loadBigEndian("hex.ts");
    expect(bigEndian.toBareHexBulk(ALL_BYTES as never)).to.equal(REFERENCE);
    expect(bigEndian.toBareHexBulk(Uint8Array.of(0x01, 0xab) as never)).to.equal("01ab");
  });

  it("merkle/bytes.ts: hexOfRange gives the same digits here and on a big-endian machine", function () {
    const bigEndian = loadBigEndian("../merkle/bytes.ts");
    for (const [start, end] of [
      [0, 256],
      [3, 40],
      [10, 20],
    ]) {
      const expected = REFERENCE.slice(2 * start, 2 * end);
      expect(hexOfRange(ALL_BYTES, start, end)).to.equal(expected);
      expect(bigEndian.hexOfRange(ALL_BYTES as never, start as never, end as never)).to.equal(expected);
    }
  });
});
