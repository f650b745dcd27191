/**
 * The fast path for hardhat-chai-matchers (`chaiMatchersFastPath.ts`): the same outcomes for the matchers,
 * big numbers still told apart, `require` from the matchers' files still Node's answer.
 */
import { expect } from "chai";
import { createRequire } from "node:module";
import { installChaiMatchersFastPath } from "./chaiMatchersFastPath";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const bigInt = require("hardhat/common/bigInt") as { isBigNumber: (source: unknown) => boolean };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const BN = require("bn.js") as new (value: number) => object;

describe("chaiMatchersFastPath", function () {
  before(function () {
    installChaiMatchersFastPath(); // a no-op when mocha's workers loaded it already
  });

  it("isBigNumber: a bigint and a bn.js number are big numbers; strings, numbers, null and plain objects are not", function () {
    expect(bigInt.isBigNumber(5n)).to.equal(true);
    expect(bigInt.isBigNumber(new BN(5))).to.equal(true);
    for (const value of ["5", 5, 1.5, true, undefined, null, Symbol("s"), {}, [], { words: [] }]) {
      expect(bigInt.isBigNumber(value), typeof value).to.equal(false);
    }
  });

  it("the matchers keep their meaning: bigints against numbers, numeric strings in deep equality, addresses", function () {
    expect(5n).to.equal(5);
    expect(10n).to.be.above(9);
    expect([1, 2, 3]).to.have.length(3n);
    expect({ a: "1" }).to.deep.equal({ a: 1n });
    expect("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266").to.equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    expect(() => expect(5n).to.equal(6)).to.throw("expected 5 to equal 6");
    expect(() => expect("a").to.equal("b")).to.throw("expected 'a' to equal 'b'");
    // Addresses: compared as ethers reads them (a checksummed address against itself; a bad checksum is no
    // address, so plain string equality; ICAP), and anything else as chai compares it.
    const address = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    expect(address).to.equal(address);
    expect(() => expect(address).to.equal(address.toLowerCase())).to.throw(/to equal/);
    expect("XE7338O073KYGTWWZN0F2WZ0R8PX5ZPPZS").to.equal("XE7338O073KYGTWWZN0F2WZ0R8PX5ZPPZS");
    expect(() => expect(7).to.equal("7")).to.throw("expected 7 to equal '7'");
    const ethersFor = Object.keys(require.cache).filter((id) => id.endsWith("#credanchor-quick-isAddress"));
    expect(ethersFor, "ethers with the quick isAddress, as addressable.js required it").to.have.length(1);
    expect(() => expect({ a: "1" }).to.deep.equal({ a: 2 })).to.throw(/to deeply equal/);
  });

  it("deep.equal keeps the matchers' meaning: big numbers and numeric strings normalized, everything else compared as chai does", function () {
    expect({ a: "1", b: [2, { c: 3n }] }).to.deep.equal({ a: 1n, b: [2n, { c: "3" }] });
    expect([new BN(5), null, undefined, true, 1.5, "x"]).to.deep.equal([5n, null, undefined, true, 1.5, "x"]);
    expect({ a: 1.5 }).to.not.deep.equal({ a: "1.5" });
    expect({ a: true }).to.not.deep.equal({ a: 1 });
    expect({ a: null }).to.not.deep.equal({ a: 0 });
    expect(() => expect({ a: { b: 1 } }).to.deep.equal({ a: { b: 2 } })).to.throw(/to deeply equal/);
    const quick = Object.keys(require.cache).filter((id) => id.endsWith("#credanchor-quick-comparator"));
    expect(quick, "deep-eql with the quick comparator, as bigNumber.js required it").to.have.length(1);
  });

  it("a require from the matchers' files gives Node's answer each time, a module found or not", function () {
    const fromMatchers = createRequire(require.resolve("@nomicfoundation/hardhat-chai-matchers/internal/typed"));
    for (let i = 0; i < 2; i++) {
      expect(fromMatchers.resolve("ethers")).to.equal(require.resolve("ethers"));
      expect(() => fromMatchers.resolve("bignumber.js")).to.throw(/Cannot find module 'bignumber.js'/);
    }
  });
});
