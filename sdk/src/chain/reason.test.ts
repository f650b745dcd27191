import { expect } from "chai";
import fc from "fast-check";
import { decodeReason, encodeReason, MAX_REASON_BYTES } from "./reason";
import { InvalidReasonError } from "../errors/registry";

describe("encodeReason / decodeReason", function () {
  it('left-aligns the UTF-8 bytes in a bytes32, like Solidity\'s bytes32("…")', function () {
    expect(encodeReason("fraud")).to.equal(`0x6672617564${"00".repeat(27)}`);
    expect(encodeReason("")).to.equal(`0x${"00".repeat(32)}`);
  });

  it("accepts up to 31 bytes and refuses 32 with InvalidReasonError", function () {
    expect(decodeReason(encodeReason("a".repeat(31)))).to.equal("a".repeat(31));
    expect(() => encodeReason("a".repeat(32))).to.throw(InvalidReasonError, /32 bytes of UTF-8; at most 31/);
    // Multi-byte characters count as bytes: 11 × "é" (2 bytes) = 22 bytes fits, 16 × = 32 does not.
    expect(decodeReason(encodeReason("é".repeat(11)))).to.equal("é".repeat(11));
    expect(() => encodeReason("é".repeat(16))).to.throw(InvalidReasonError);
  });

  it("passes an already encoded bytes32 through", function () {
    const raw = `0x${"ab".repeat(32)}`;
    expect(encodeReason(raw)).to.equal(raw);
    expect(encodeReason(raw.toUpperCase().replace("0X", "0x"))).to.equal(raw);
  });

  it("round-trips any text of at most 31 UTF-8 bytes without NUL", function () {
    fc.assert(
      fc.property(
        fc
          .string({ unit: "grapheme", maxLength: 31 })
          .filter((s) => !s.includes("\u0000") && new TextEncoder().encode(s).length <= MAX_REASON_BYTES),
        (text) => decodeReason(encodeReason(text)) === text,
      ),
    );
  });
});
