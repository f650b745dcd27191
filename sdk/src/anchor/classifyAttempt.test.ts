import { expect } from "chai";
import type { Address, Hex } from "../types";
import type { AnchorJournal, JournalAttempt } from "./journal";
import { classifyAttempt, openAttempts, type AttemptClock, type AttemptFacts } from "./classifyAttempt";

const HASH = `0x${"ab".repeat(32)}` as Hex;
const RAW = "0x02f8" as Hex;
const signed = { hash: HASH, nonce: 7, raw: RAW };
const nodeSigned = { nonce: 7 };
const clock = (over: Partial<AttemptClock> = {}): AttemptClock => ({
  now: 10_000,
  waitedMs: 0,
  timeoutMs: 1_000,
  droppedAfterMs: 500,
  rebroadcast: false,
  ...over,
});
/** Facts up to the point where the node knows neither a receipt nor the transaction. */
const unknownTx: AttemptFacts = { rootsOnChain: false, receipt: null, known: false };

describe("classifyAttempt", function () {
  it("reads the roots first, and is settled when they are all on chain", function () {
    expect(classifyAttempt(signed, {}, clock())).to.deep.equal({ type: "read", fact: "rootsOnChain" });
    expect(classifyAttempt(signed, { rootsOnChain: true }, clock({ waitedMs: 5_000 }))).to.deep.equal({
      type: "anchored",
    });
  });

  it("gives up right after reading the roots once the deadline has passed", function () {
    expect(classifyAttempt(signed, { rootsOnChain: false }, clock({ waitedMs: 1_001 }))).to.deep.equal({
      type: "timeout",
      transactionHash: HASH,
      waitedMs: 1_001,
      state: "(nonce 7) has not anchored its roots",
    });
    expect(classifyAttempt(signed, { rootsOnChain: false }, clock({ waitedMs: 1_000 }))).to.deep.equal({
      type: "read",
      fact: "receipt",
    });
  });

  it("with a hash: waits for a successful receipt's roots, and counts a reverted one as settled", function () {
    expect(classifyAttempt(signed, { rootsOnChain: false, receipt: { status: "success" } }, clock())).to.deep.equal({
      type: "wait",
      reason: "mined",
    });
    expect(classifyAttempt(signed, { rootsOnChain: false, receipt: { status: "reverted" } }, clock())).to.deep.equal({
      type: "reverted",
    });
  });

  it("with a hash and no receipt: asks whether the node knows the transaction, and waits while it is pending", function () {
    expect(classifyAttempt(signed, { rootsOnChain: false, receipt: null }, clock())).to.deep.equal({
      type: "read",
      fact: "known",
    });
    const pending = { rootsOnChain: false, receipt: null, known: true };
    expect(classifyAttempt(signed, pending, clock({ unknownSince: 9_000 }))).to.deep.equal({
      type: "wait",
      reason: "pending",
    });
  });

  it("times out on a pending transaction when the deadline passed while its facts were read", function () {
    const pending = { rootsOnChain: false, receipt: null, known: true };
    expect(classifyAttempt(signed, pending, clock({ waitedMs: 1_500 }))).to.deep.equal({
      type: "timeout",
      transactionHash: HASH,
      waitedMs: 1_500,
      state: "is still pending",
    });
  });

  it("counts the attempt replaced when its nonce is used at `latest` by a transaction that did not anchor the roots", function () {
    expect(classifyAttempt(signed, unknownTx, clock())).to.deep.equal({ type: "read", fact: "latestCount" });
    expect(classifyAttempt(signed, { ...unknownTx, latestCount: 8 }, clock())).to.deep.equal({ type: "replaced" });
    expect(classifyAttempt(nodeSigned, { rootsOnChain: false, latestCount: 8 }, clock())).to.deep.equal({
      type: "replaced",
    });
  });

  it("without a hash: never asks for a receipt, and waits while something is pending at its nonce", function () {
    expect(classifyAttempt(nodeSigned, { rootsOnChain: false }, clock())).to.deep.equal({
      type: "read",
      fact: "latestCount",
    });
    expect(classifyAttempt(nodeSigned, { rootsOnChain: false, latestCount: 7 }, clock())).to.deep.equal({
      type: "read",
      fact: "pendingCount",
    });
    const pendingNonce = { rootsOnChain: false, latestCount: 7, pendingCount: 8 };
    expect(classifyAttempt(nodeSigned, pendingNonce, clock())).to.deep.equal({ type: "wait", reason: "nonce-pending" });
    expect(classifyAttempt(nodeSigned, pendingNonce, clock({ waitedMs: 2_000 }))).to.deep.equal({
      type: "timeout",
      waitedMs: 2_000,
      state: "(nonce 7) is still pending",
    });
  });

  it("waits `droppedAfterMs` from the first time the transaction is unknown with its nonce free", function () {
    const free = { ...unknownTx, latestCount: 7 };
    expect(classifyAttempt(signed, free, clock())).to.deep.equal({
      type: "wait",
      reason: "unknown",
      unknownSince: 10_000,
    });
    expect(classifyAttempt(signed, free, clock({ now: 10_499, unknownSince: 10_000 }))).to.deep.equal({
      type: "wait",
      reason: "unknown",
      unknownSince: 10_000,
    });
    const nodeFree = { rootsOnChain: false, latestCount: 7, pendingCount: 7 };
    expect(classifyAttempt(nodeSigned, nodeFree, clock({ now: 10_100, unknownSince: 10_000 }))).to.deep.equal({
      type: "wait",
      reason: "unknown",
      unknownSince: 10_000,
    });
  });

  it("once dropped: broadcasts the signed bytes again once, then reuses the nonce", function () {
    const free = { ...unknownTx, latestCount: 7 };
    const late = { now: 10_500, unknownSince: 10_000 };
    expect(classifyAttempt(signed, free, clock(late))).to.deep.equal({ type: "rebroadcast" });
    expect(classifyAttempt(signed, free, clock({ ...late, rebroadcast: true }))).to.deep.equal({ type: "dropped" });
    const withoutRaw = { hash: HASH, nonce: 7 };
    expect(classifyAttempt(withoutRaw, free, clock(late))).to.deep.equal({ type: "dropped" });
  });
});

describe("openAttempts", function () {
  const from = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" as Address;
  const attempt = (nonce: number, hash?: Hex): JournalAttempt => ({
    functionName: "anchorMany",
    roots: [],
    nonce,
    hash,
    gas: "1",
    maxFeePerGas: "1",
    maxPriorityFeePerGas: "1",
    createdAt: "2026-01-01T00:00:00Z",
  });
  const journal = (state: AnchorJournal["state"], attempts: JournalAttempt[], sender: Address = from) =>
    ({ state, attempts, from: sender }) as unknown as AnchorJournal;

  it("groups batches by the sender, nonce and hash of their last attempt, skipping done and attempt-less journals", function () {
    const a = { name: "a", journal: journal("sent", [attempt(1, HASH), attempt(2, HASH)]) };
    const b = { name: "b", journal: journal("sent", [attempt(2, HASH)], from.toLowerCase() as Address) };
    const c = { name: "c", journal: journal("sending", [attempt(2)]) };
    const done = { name: "done", journal: journal("done", [attempt(3, HASH)]) };
    const empty = { name: "empty", journal: journal("sending", []) };
    const none: { name: string; journal?: AnchorJournal } = { name: "none" };
    const groups = openAttempts([a, b, c, done, empty, none]);
    expect(
      groups.map((g) => ({ nonce: g.attempt.nonce, hash: g.attempt.hash, names: g.states.map((s) => s.name) })),
    ).to.deep.equal([
      { nonce: 2, hash: HASH, names: ["a", "b"] },
      { nonce: 2, hash: undefined, names: ["c"] },
    ]);
    expect(groups[0].from).to.equal(from);
  });
});
