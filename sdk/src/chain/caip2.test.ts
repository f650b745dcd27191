import { expect } from "chai";
import { formatCaip2ChainId, isCaip2ChainId, MAX_CHAIN_ID, parseCaip2, parseCaip2ChainId } from "./caip2";
import { VerifyOptionsError } from "../errors/verify";

/** The one CAIP-2 grammar (docs/SPEC.md 4.4): every text, and the chain id it reads as (undefined: refused). */
const GRAMMAR: Array<[string, number | undefined]> = [
  ["eip155:1", 1],
  ["eip155:31337", 31337],
  ["eip155:11155111", 11155111],
  ["eip155:9007199254740991", MAX_CHAIN_ID],
  ["eip155:9007199254740992", undefined], // 2^53: above what a JavaScript number holds exactly
  ["eip155:99999999999999999999", undefined], // 20 digits (accepted by two of the old regexes)
  ["eip155:0", undefined], // no EVM chain has id 0 (the identity parser used to accept it)
  ["eip155:00", undefined],
  ["eip155:011155111", undefined], // leading zero
  ["eip155:0x1", undefined],
  ["eip155:-1", undefined],
  ["eip155:+1", undefined],
  ["eip155:1.0", undefined],
  ["eip155:1e3", undefined],
  ["eip155:", undefined],
  ["eip155", undefined],
  ["1", undefined],
  ["EIP155:1", undefined], // callers that read people's text lower-case it first
  [" eip155:1", undefined],
  ["eip155:1 ", undefined],
  ["eip155:1\n", undefined],
  ["eip155:１", undefined], // a full-width digit
  ["cosmos:cosmoshub-4", undefined],
  ["eip155:1:0x5FbDB2315678afecb367f032d93F642f64180aa3", undefined], // CAIP-10, not CAIP-2
];

describe("CAIP-2 chain ids (chain/caip2)", function () {
  for (const [text, chainId] of GRAMMAR) {
    it(`${JSON.stringify(text)} ${chainId === undefined ? "is refused" : `reads as ${chainId}`}`, function () {
      expect(parseCaip2ChainId(text)).to.equal(chainId);
      expect(isCaip2ChainId(text)).to.equal(chainId !== undefined);
      if (chainId === undefined) {
        expect(() => parseCaip2(text))
          .to.throw(VerifyOptionsError, `"${text}" is not a CAIP-2 EVM chain id`)
          .with.property("fix", 'Write the chain as "eip155:<chain id>", e.g. "eip155:11155111".');
      } else {
        expect(parseCaip2(text)).to.equal(chainId);
        expect(formatCaip2ChainId(chainId)).to.equal(text);
      }
    });
  }

  it("isCaip2ChainId is false for what is not a string", function () {
    for (const value of [undefined, null, 1, 1n, ["eip155:1"], { chain: "eip155:1" }]) {
      expect(isCaip2ChainId(value)).to.equal(false);
    }
  });

  it("formatCaip2ChainId takes a bigint and refuses ids outside 1 … 2^53 − 1", function () {
    expect(formatCaip2ChainId(84532n)).to.equal("eip155:84532");
    for (const bad of [0, -1, 1.5, Number.NaN, MAX_CHAIN_ID + 1, 2n ** 64n]) {
      expect(() => formatCaip2ChainId(bad)).to.throw(RangeError, `chain id ${String(bad)} is not an integer from 1`);
    }
  });
});
