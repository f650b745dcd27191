import { expect } from "chai";
import type { Address } from "../types";
import type { NonceReuse } from "./anchorState";
import { bumpFee, planChunks } from "./planChunks";

const ME = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" as Address;
const OTHER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;
const reuse = (nonce: number, from: Address = ME): NonceReuse => ({
  from,
  nonce,
  maxFeePerGas: 800n,
  maxPriorityFeePerGas: 80n,
});
const batch = (name: string, r?: NonceReuse) => ({ name, reuse: r });
const names = (chunks: { states: { name: string }[] }[]) => chunks.map((c) => c.states.map((s) => s.name));

describe("planChunks", function () {
  it("splits into chunks of maxRootsPerTransaction (default 200, at least 1), in order", function () {
    const many = Array.from({ length: 401 }, (_, i) => batch(`b${i}`));
    expect(planChunks(many, {}).map((c) => c.states.length)).to.deep.equal([200, 200, 1]);
    expect(names(planChunks(many.slice(0, 5), { maxRootsPerTransaction: 2 }))).to.deep.equal([
      ["b0", "b1"],
      ["b2", "b3"],
      ["b4"],
    ]);
    expect(planChunks(many.slice(0, 3), { maxRootsPerTransaction: 0 })).to.have.length(3);
    expect(planChunks([], {})).to.deep.equal([]);
  });

  it("replaces a dropped attempt with its nonce and fees 12.5% + 1 wei higher, for the account it belongs to", function () {
    const [chunk] = planChunks([batch("a", reuse(7)), batch("b", reuse(7))], { account: ME.toLowerCase() as Address });
    expect(chunk.replace).to.deep.equal({ nonce: 7, minFees: { maxFeePerGas: 901n, maxPriorityFeePerGas: 91n } });
  });

  it("sends with a fresh nonce when the account differs, no account is set, or not every batch shared the nonce", function () {
    expect(planChunks([batch("a", reuse(7, OTHER))], { account: ME })[0].replace).to.equal(undefined);
    expect(planChunks([batch("a", reuse(7))], {})[0].replace).to.equal(undefined);
    expect(planChunks([batch("a", reuse(7)), batch("b")], { account: ME })[0].replace).to.equal(undefined);
    expect(planChunks([batch("a", reuse(7)), batch("b", reuse(8))], { account: ME })[0].replace).to.equal(undefined);
    expect(planChunks([batch("a"), batch("b", reuse(7))], { account: ME })[0].replace).to.equal(undefined);
  });

  it("reuses a nonce for one chunk only", function () {
    const chunks = planChunks([batch("a", reuse(7)), batch("b", reuse(7)), batch("c", reuse(9))], {
      account: ME,
      maxRootsPerTransaction: 1,
    });
    expect(chunks.map((c) => c.replace?.nonce)).to.deep.equal([7, undefined, 9]);
  });
});

describe("bumpFee", function () {
  it("adds an eighth and one wei, above geth's 10% replacement rule", function () {
    expect(bumpFee(0n)).to.equal(1n);
    expect(bumpFee(8n)).to.equal(10n);
    expect(bumpFee(1_000_000_000n)).to.equal(1_125_000_001n);
    expect(bumpFee(1_000_000_000n) * 10n >= 1_000_000_000n * 11n).to.equal(true);
  });
});
