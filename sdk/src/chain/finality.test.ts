import { expect } from "chai";
import { defaultConfirmations } from "./defaultConfirmations";
import { decideFinality, finalityRule } from "./finality";

describe("finalityRule", function () {
  it("uses the chain's finalized tag on Ethereum, the OP Stack, Arbitrum and Polygon, with today's count as fallback", function () {
    for (const chainId of [1, 11155111, 17000, 560048, 10, 8453, 11155420, 84532, 42161, 421614, 137, 80002]) {
      expect(finalityRule(chainId), String(chainId)).to.deep.equal({
        kind: "tag",
        tag: "finalized",
        fallbackConfirmations: defaultConfirmations(chainId),
      });
    }
    expect(finalityRule(8453)).to.deep.equal({ kind: "tag", tag: "finalized", fallbackConfirmations: 10 });
  });

  it("counts confirmations on the local chain and on chains it does not know", function () {
    expect(finalityRule(31337)).to.deep.equal({ kind: "confirmations", confirmations: 1 });
    expect(finalityRule(999_999)).to.deep.equal({ kind: "confirmations", confirmations: 12 });
  });
});

describe("decideFinality", function () {
  const tagRule = finalityRule(1);

  it("is final when the anchoring block is at or below the finalized block, whatever the confirmations", function () {
    expect(decideFinality({ rule: tagRule, head: 100n, anchoredBlock: 90n, taggedBlock: 90n })).to.deep.equal({
      final: true,
      rule: "finalized",
      confirmations: 11,
      taggedBlock: 90n,
    });
  });

  it("is not final above the finalized block, even with many confirmations", function () {
    expect(decideFinality({ rule: tagRule, head: 200n, anchoredBlock: 91n, taggedBlock: 90n })).to.deep.equal({
      final: false,
      rule: "finalized",
      confirmations: 110,
      taggedBlock: 90n,
    });
  });

  it("falls back to the chain's count when the endpoint does not serve the tag, and says so", function () {
    expect(decideFinality({ rule: tagRule, head: 100n, anchoredBlock: 90n })).to.deep.equal({
      final: false,
      rule: "confirmations",
      confirmations: 11,
      required: 12,
      tagUnavailable: "finalized",
    });
    expect(decideFinality({ rule: tagRule, head: 101n, anchoredBlock: 90n }).final).to.equal(true);
  });

  it("counts confirmations under a confirmations rule (a tagged block is ignored)", function () {
    const rule = { kind: "confirmations", confirmations: 3 } as const;
    expect(decideFinality({ rule, head: 11n, anchoredBlock: 10n, taggedBlock: 50n })).to.deep.equal({
      final: false,
      rule: "confirmations",
      confirmations: 2,
      required: 3,
    });
    expect(decideFinality({ rule, head: 12n, anchoredBlock: 10n }).final).to.equal(true);
  });

  it("gives 0 confirmations when the head is below the anchoring block (a lagging endpoint)", function () {
    const rule = finalityRule(31337);
    expect(decideFinality({ rule, head: 9n, anchoredBlock: 10n })).to.deep.include({ final: false, confirmations: 0 });
  });
});
