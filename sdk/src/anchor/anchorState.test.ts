import { expect } from "chai";
import path from "node:path";
import type { Address, AnchorRecord, Caip2ChainId, Hex } from "../types";
import { AnchorJournalError, AnchoredElsewhereError } from "../errors/anchor";
import type { AnchorJournal } from "./journal";
import { checkDirectory, newJournal, outcomeOf, type BatchState } from "./anchorState";

const CHAIN = "eip155:31337" as Caip2ChainId;
const OTHER_CHAIN = "eip155:11155111" as Caip2ChainId;
const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address;
const OTHER_REGISTRY = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" as Address;
const FROM = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" as Address;
const ROOT = `0x${"11".repeat(32)}` as Hex;
const TX = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;

const record = (over: Partial<AnchorRecord> = {}): AnchorRecord => ({
  chain: CHAIN,
  registry: REGISTRY,
  transactionHash: TX(1),
  blockNumber: 5,
  anchoredAt: "2026-01-01T00:00:00Z",
  ...over,
});
const journal = (over: Partial<AnchorJournal> = {}): AnchorJournal => ({
  ...newJournal({ root: ROOT, leafCount: 4 }, CHAIN, REGISTRY, FROM),
  ...over,
});
const state = (over: { anchor?: AnchorRecord; journal?: AnchorJournal; sent?: Hex[] } = {}): BatchState =>
  ({
    batchDir: "/batches/a",
    loaded: { batchDir: "/batches/a", file: "/batches/a/manifest.json", manifest: { root: ROOT, anchor: over.anchor } },
    root: ROOT,
    leafCount: 4,
    journal: over.journal,
    sentHashes: new Set((over.sent ?? []).map((h) => h.toLowerCase())),
  }) as unknown as BatchState;

describe("checkDirectory", function () {
  it("accepts a fresh directory and one recorded or journaled for this registry (any address case)", function () {
    expect(() => checkDirectory(state(), CHAIN, REGISTRY)).not.to.throw();
    const s = state({ anchor: record({ registry: REGISTRY.toLowerCase() as Address }), journal: journal() });
    checkDirectory(s, CHAIN, REGISTRY);
    expect(s.journal?.root).to.equal(ROOT);
  });

  it("refuses a directory recorded for another registry or chain with AnchoredElsewhereError", function () {
    for (const anchor of [record({ registry: OTHER_REGISTRY }), record({ chain: OTHER_CHAIN })]) {
      let error: unknown;
      try {
        checkDirectory(state({ anchor }), CHAIN, REGISTRY);
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(AnchoredElsewhereError);
      expect(error).to.include({
        recordedChain: anchor.chain,
        recordedRegistry: anchor.registry,
        code: "ANCHORED_ELSEWHERE",
      });
    }
  });

  it("refuses a journal copied from another batch, naming both roots", function () {
    const other = `0x${"22".repeat(32)}` as Hex;
    expect(() => checkDirectory(state({ journal: journal({ root: other }) }), CHAIN, REGISTRY))
      .to.throw(AnchorJournalError, `${path.join("/batches/a", "anchor.journal.json")} belongs to root ${other}`)
      .with.property("code", "ANCHOR_JOURNAL_INVALID");
  });

  it("refuses an unfinished anchoring for another registry, naming its transaction", function () {
    const attempts = [{ hash: TX(9) }] as AnchorJournal["attempts"];
    const open = journal({ registry: OTHER_REGISTRY, state: "sent", attempts });
    expect(() => checkDirectory(state({ journal: open }), CHAIN, REGISTRY))
      .to.throw(AnchorJournalError, `targets registry ${OTHER_REGISTRY} on ${CHAIN}, not ${REGISTRY} on ${CHAIN}`)
      .with.property("fix")
      .that.includes(TX(9));
  });

  it("forgets a finished journal for another chain or registry, and keeps one for this registry", function () {
    const elsewhere = state({ journal: journal({ chain: OTHER_CHAIN, state: "done" }) });
    checkDirectory(elsewhere, CHAIN, REGISTRY);
    expect(elsewhere.journal).to.equal(undefined);
    const here = state({ journal: journal({ state: "done" }) });
    checkDirectory(here, CHAIN, REGISTRY);
    expect(here.journal?.state).to.equal("done");
  });
});

describe("outcomeOf", function () {
  it("names who anchored: this run, the directory's record, a journaled attempt, or someone else", function () {
    const attempts = [{ hash: TX(3) }] as AnchorJournal["attempts"];
    const s = state({ anchor: record({ transactionHash: TX(2) }), journal: journal({ attempts }), sent: [TX(1)] });
    expect(outcomeOf(s, TX(1))).to.equal("sent");
    expect(outcomeOf(s, TX(2))).to.equal("already-recorded");
    expect(outcomeOf(s, TX(3))).to.equal("resumed");
    expect(outcomeOf(s, TX(4))).to.equal("found");
    expect(outcomeOf(s, TX(1).toUpperCase().replace("0X", "0x") as Hex)).to.equal("sent");
  });
});

describe("newJournal", function () {
  it("starts in `sending` with no attempts, in the journal format", function () {
    const j = newJournal({ root: ROOT, leafCount: 4 }, CHAIN, REGISTRY, FROM);
    expect(j).to.deep.include({
      format: "credanchor-anchor-journal/1",
      root: ROOT,
      leafCount: 4,
      chain: CHAIN,
      registry: REGISTRY,
      from: FROM,
      state: "sending",
      attempts: [],
    });
    expect(j.updatedAt).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });
});
