import { expect } from "chai";
import fc from "fast-check";
import { getAddress, isAddress } from "viem";
import { isAddress as isProofAddress } from "../credential/validateProofEntry";
import { checksumAddress, isAddressSyntax } from "./checksumAddress";

/** 20 random bytes as 0x and 40 hex digits, each letter's case drawn at random (all lower, all upper or mixed). */
const anyCaseAddress = fc
  .tuple(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }))
  .map(([bytes, upper]) => {
    const lower = Buffer.from(bytes).toString("hex");
    return `0x${[...lower].map((digit, i) => (upper[i] ? digit.toUpperCase() : digit)).join("")}`;
  });

/** An address in its checksum case with one letter's case flipped (not a checksum any more), or undefined without letters. */
function withOneLetterFlipped(checksummed: string, pick: number): string | undefined {
  const letters = [...checksummed.slice(2)].flatMap((c, i) => (/[a-fA-F]/.test(c) ? [i + 2] : []));
  if (letters.length === 0) return undefined;
  const at = letters[pick % letters.length];
  const c = checksummed[at];
  const flipped = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
  return checksummed.slice(0, at) + flipped + checksummed.slice(at + 1);
}

describe("checksumAddress (EIP-55 with the SDK's keccak)", function () {
  it("gives EIP-55's own examples", function () {
    // The four mixed-case examples of EIP-55, given in lower case and in upper case.
    for (const example of [
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
      "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
      "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
      "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ]) {
      expect(checksumAddress(example.toLowerCase())).to.equal(example);
      expect(checksumAddress(`0x${example.slice(2).toUpperCase()}`)).to.equal(example);
    }
  });

  it("equals viem's getAddress on random addresses in any letter case", function () {
    fc.assert(
      fc.property(anyCaseAddress, (address) => {
        expect(checksumAddress(address)).to.equal(getAddress(address));
      }),
      { numRuns: 2000 },
    );
  });

  it("throws a RangeError for what is not 0x and 40 hex digits, where viem's getAddress throws too", function () {
    for (const value of [
      "",
      "0x",
      "5fbdb2315678afecb367f032d93f642f64180aa3",
      "0X5fbdb2315678afecb367f032d93f642f64180aa3",
      "0x5fbdb2315678afecb367f032d93f642f64180aa",
      "0x5fbdb2315678afecb367f032d93f642f64180aa3a",
      "0x5fbdb2315678afecb367f032d93f642f64180ag3",
      " 0x5fbdb2315678afecb367f032d93f642f64180aa3",
    ]) {
      expect(() => checksumAddress(value), value).to.throw(RangeError, `not an address: "${value}"`);
      expect(() => getAddress(value), value).to.throw();
      expect(isAddressSyntax(value), value).to.equal(false);
    }
  });

  it("isAddressSyntax equals viem's isAddress(value, { strict: false }) on addresses and near misses", function () {
    const nearMiss = fc
      .tuple(anyCaseAddress, fc.nat(41), fc.constantFrom("", "g", "0", " ", "x", "G0"))
      .map(([address, at, insert]) => address.slice(0, at) + insert + address.slice(at + (insert.length > 0 ? 1 : 0)));
    fc.assert(
      fc.property(fc.oneof(anyCaseAddress, nearMiss, fc.string()), (value) => {
        expect(isAddressSyntax(value)).to.equal(isAddress(value, { strict: false }));
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps the proof entry's address check: lower, upper or the checksum case, never a wrong mixed case", function () {
    // validateProofEntry's isAddress before this module: the syntax, then all one case or viem's checksum.
    const before = (value: string) => {
      if (!isAddress(value, { strict: false })) return false;
      const body = value.slice(2);
      return body === body.toLowerCase() || body === body.toUpperCase() || getAddress(value) === value;
    };
    fc.assert(
      fc.property(anyCaseAddress, fc.nat(), (address, pick) => {
        const checksummed = getAddress(address);
        const flipped = withOneLetterFlipped(checksummed, pick);
        for (const value of [address, checksummed, flipped ?? checksummed, address.slice(0, 41)]) {
          expect(isProofAddress(value), value).to.equal(before(value));
        }
        const body = flipped?.slice(2);
        if (body !== undefined && body !== body.toLowerCase() && body !== body.toUpperCase()) {
          expect(isProofAddress(flipped), flipped).to.equal(false);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
