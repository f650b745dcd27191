import { expect } from "chai";
import fc from "fast-check";
import { base58Decode, base58Encode } from "./base58";

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** The digit-by-digit decoder that base58Decode replaced, kept as the reference. */
function reference(text: string): Uint8Array | undefined {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === "1") zeros++;
  const bytes: number[] = [];
  for (let i = zeros; i < text.length; i++) {
    const value = ALPHABET.indexOf(text[i]!);
    if (value < 0) return undefined;
    let carry = value;
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j]! * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  const out = new Uint8Array(zeros + bytes.length);
  for (let i = 0; i < bytes.length; i++) out[out.length - 1 - i] = bytes[i]!;
  return out;
}

describe("sign: base58btc", function () {
  it("decodes what it encodes, leading zero bytes included", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.nat(4), (bytes, zeros) => {
        const input = new Uint8Array([...new Uint8Array(zeros), ...bytes]);
        expect(base58Decode(base58Encode(input))).to.deep.equal(input);
      }),
      { numRuns: 500 },
    );
  });

  it("decodes any text as the digit-by-digit reference does, refusing the same texts", () => {
    const digit = fc.constantFrom(...ALPHABET);
    const text = fc.oneof(
      fc.array(digit, { maxLength: 120 }).map((d) => d.join("")),
      fc.tuple(fc.nat(5), fc.array(digit, { maxLength: 30 })).map(([n, d]) => "1".repeat(n) + d.join("")),
      fc
        .tuple(fc.array(digit, { maxLength: 10 }), fc.constantFrom("0", "O", "I", "l", "é", " ", "\u0000", "😀"))
        .map(([d, bad]) => d.join("") + bad + d.join("")),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(text, (value) => {
        expect(base58Decode(value), value).to.deep.equal(reference(value));
      }),
      { numRuns: 2000 },
    );
  });

  it("decodes the empty text and texts of zeros only", () => {
    expect(base58Decode("")).to.deep.equal(new Uint8Array());
    expect(base58Decode("111")).to.deep.equal(new Uint8Array(3));
    expect(base58Decode("1z")).to.deep.equal(Uint8Array.of(0, 57));
  });
});
