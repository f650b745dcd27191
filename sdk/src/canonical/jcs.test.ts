import { expect } from "chai";
import fc from "fast-check";
import { canonicalize } from "json-canonicalize";
import { encodeField } from "./fieldHash";
import { hasLoneSurrogate, type JsonLeaf } from "./flatten";
import type { PathToken } from "./pointer";

/** A double from its IEEE 754 bit pattern (hex), as RFC 8785 Appendix B lists them. */
function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt("0x" + hex));
  return view.getFloat64(0);
}

function utf8Hex(text: string): string {
  return Buffer.from(text, "utf8").toString("hex");
}

describe("RFC 8785 (JCS) with json-canonicalize", function () {
  it("serializes the example of section 3.2.2 (literals, numbers, string escapes)", function () {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalize(input)).to.equal(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it("sorts member names by UTF-16 code units, not code points (section 3.2.3)", function () {
    const input = {
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis",
    };
    const output = canonicalize(input);
    expect(Object.keys(JSON.parse(output))).to.deep.equal(
      // Object.keys puts "1" first (integer-like); check the text order instead below.
      ["1", "\r", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33"],
    );
    expect(output).to.equal(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    // The emoji (U+1F600, surrogates D83D DE00) sorts before U+FB33: code-unit order.
    expect(output.indexOf("\ud83d\ude00")).to.be.lessThan(output.indexOf("\ufb33"));
    // UTF-8 of the first member as printed in the RFC: 7b 22 5c 72 22 3a
    expect(utf8Hex(output).startsWith("7b225c72223a")).to.equal(true);
  });

  const numberCases: [string, string][] = [
    ["0000000000000000", "0"],
    ["8000000000000000", "0"], // minus zero
    ["0000000000000001", "5e-324"],
    ["8000000000000001", "-5e-324"],
    ["7fefffffffffffff", "1.7976931348623157e+308"],
    ["ffefffffffffffff", "-1.7976931348623157e+308"],
    ["4340000000000000", "9007199254740992"],
    ["c340000000000000", "-9007199254740992"],
    ["4430000000000000", "295147905179352830000"],
    ["44b52d02c7e14af5", "9.999999999999997e+22"],
    ["44b52d02c7e14af6", "1e+23"],
    ["44b52d02c7e14af7", "1.0000000000000001e+23"],
    ["444b1ae4d6e2ef4e", "999999999999999700000"],
    ["444b1ae4d6e2ef4f", "999999999999999900000"],
    ["444b1ae4d6e2ef50", "1e+21"],
    ["3eb0c6f7a0b5ed8c", "9.999999999999997e-7"],
    ["3eb0c6f7a0b5ed8d", "0.000001"],
    ["41b3de4355555553", "333333333.3333332"],
    ["41b3de4355555554", "333333333.33333325"],
    ["41b3de4355555555", "333333333.3333333"],
    ["41b3de4355555556", "333333333.3333334"],
    ["41b3de4355555557", "333333333.33333343"],
    ["becbf647612f3696", "-0.0000033333333333333333"],
    ["43143ff3c1cb0959", "1424953923781206.2"],
  ];
  for (const [bits, expected] of numberCases) {
    it(`formats the double 0x${bits} as ${expected} (Appendix B)`, function () {
      expect(canonicalize(fromBits(bits))).to.equal(expected);
      expect(canonicalize([fromBits(bits)])).to.equal(`[${expected}]`);
    });
  }

  it("refuses NaN and Infinity (Appendix B: 7fffffffffffffff, 7ff0000000000000)", function () {
    expect(() => canonicalize(fromBits("7fffffffffffffff"))).to.throw(/Non-finite/);
    expect(() => canonicalize(fromBits("7ff0000000000000"))).to.throw(/Non-finite/);
    expect(() => encodeField(["x"], NaN, "0x000102030405060708090a0b0c0d0e0f")).to.throw(/not JSON/);
  });

  it("does not normalize Unicode: NFC and NFD spellings stay distinct, byte for byte", function () {
    const nfc = "\u00e9"; // é
    const nfd = "e\u0301"; // e + combining acute
    const output = canonicalize({ [nfc]: nfc, [nfd]: nfd });
    expect(output).to.equal(`{"${nfd}":"${nfd}","${nfc}":"${nfc}"}`);
    expect(utf8Hex(output)).to.equal(utf8Hex(`{"e\u0301":"e\u0301","\u00e9":"\u00e9"}`));
    const salt = "0x000102030405060708090a0b0c0d0e0f";
    expect(encodeField(["k"], nfc, salt)).to.not.equal(encodeField(["k"], nfd, salt));
  });

  it("the field encoder's fast path equals canonicalize([path, value, salt]) for any input", function () {
    const token: fc.Arbitrary<PathToken> = fc.oneof(
      fc.string({ unit: "binary" }).filter((s) => !hasLoneSurrogate(s)),
      fc.nat({ max: 1000 }),
    );
    const leaf: fc.Arbitrary<JsonLeaf> = fc.oneof(
      fc.string({ unit: "binary" }).filter((s) => !hasLoneSurrogate(s)),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant({} as Record<string, never>),
      fc.constant([] as never[]),
    );
    const salt = fc
      .uint8Array({ minLength: 16, maxLength: 16 })
      .map((b) => `0x${Buffer.from(b).toString("hex")}` as const);
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 6 }), leaf, salt, (path, value, s) => {
        expect(encodeField(path, value, s)).to.equal(canonicalize([path, value, s]));
      }),
      { numRuns: 1000 },
    );
  });
});
