import { expect } from "chai";
import fc from "fast-check";
import { fromBase64Url, toBase64Url } from "./base64url";
import { NodeBuffer } from "./nodeBuffer";

/** The decoder as it was written before the one-pass version (a table of values, then the groups): the reference. */
function referenceFromBase64Url(text: string): Uint8Array | string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const values = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const value = alphabet.indexOf(text[i]);
    if (value < 0 || text[i].length !== 1 || text.charCodeAt(i) >= 128) {
      return `character ${JSON.stringify(text[i])} at position ${i} is not in the base64url alphabet (A-Z a-z 0-9 - _, no padding)`;
    }
    values[i] = value;
  }
  if (text.length % 4 === 1) return `a length of ${text.length} characters is impossible in base64url`;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let i = 0;
  for (; i + 3 < text.length; i += 4) {
    const n = (values[i] << 18) | (values[i + 1] << 12) | (values[i + 2] << 6) | values[i + 3];
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  const rest = text.length - i;
  if (rest === 2) {
    if ((values[i + 1] & 15) !== 0) return "the last character has unused bits set (not the canonical spelling)";
    out[o] = (values[i] << 2) | (values[i + 1] >> 4);
  } else if (rest === 3) {
    if ((values[i + 2] & 3) !== 0) return "the last character has unused bits set (not the canonical spelling)";
    const n = (values[i] << 18) | (values[i + 1] << 12) | (values[i + 2] << 6);
    out[o++] = n >> 16;
    out[o] = (n >> 8) & 255;
  }
  return out;
}

describe("base64url: fromBase64Url", function () {
  it("decodes what toBase64Url writes, as Node's base64url does", function () {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).to.equal(Buffer.from(bytes).toString("base64url"));
        expect(fromBase64Url(text)).to.deep.equal(bytes);
      }),
    );
  });

  it("gives the same bytes or the same reason as the reference on valid, edited and random texts", function () {
    const odd = fc.constantFrom("=", " ", "+", "/", "\n", "é", "\u0000", "\ud800", "😀", "A", "_", "-", "8", "9");
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), fc.nat(100), odd, fc.nat(3), (bytes, at, character, how) => {
        const text = toBase64Url(bytes);
        const position = text.length === 0 ? 0 : at % (text.length + 1);
        const edited = [
          text.slice(0, position) + character + text.slice(position + 1), // replace
          text.slice(0, position) + character + text.slice(position), // insert
          text.slice(0, position) + text.slice(position + 1), // delete
          text.slice(0, -1) + character, // a different last character (unused bits)
        ][how];
        expect(fromBase64Url(edited), JSON.stringify(edited)).to.deep.equal(referenceFromBase64Url(edited));
      }),
      { numRuns: 2_000 },
    );
    for (const text of ["", "A", "AA", "AB", "AAA", "AAB", "-_8", "-_9", "a=", "ab==", "ab\ud83d\ude00cd"]) {
      expect(fromBase64Url(text), text).to.deep.equal(referenceFromBase64Url(text));
    }
  });

  it("decodes long texts (Node's native decoder, taken only for canonical text) as the reference does", function () {
    expect(NodeBuffer, "the native path runs in these tests").to.equal(Buffer);
    const odd = fc.constantFrom("=", "==", " ", "+", "/", "\n", "é", "\ud800", "😀", "A", "_", "-", "9", "%");
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 40, maxLength: 1500 }),
        fc.nat(2100),
        odd,
        fc.nat(4),
        (bytes, at, character, how) => {
          const text = toBase64Url(bytes);
          const position = at % (text.length + 1);
          const edited = [
            text,
            text.slice(0, position) + character + text.slice(position + 1),
            text.slice(0, position) + character + text.slice(position),
            text.slice(0, position) + text.slice(position + 1),
            text.slice(0, -1) + character,
          ][how];
          const decoded = fromBase64Url(edited);
          expect(decoded, JSON.stringify(edited)).to.deep.equal(referenceFromBase64Url(edited));
          // A plain Uint8Array of its own, never a Buffer or a view into Node's pool.
          if (typeof decoded !== "string") {
            expect(Object.getPrototypeOf(decoded)).to.equal(Uint8Array.prototype);
            expect(decoded.byteOffset).to.equal(0);
            expect(decoded.buffer.byteLength).to.equal(decoded.length);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
