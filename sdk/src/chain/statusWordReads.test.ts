import { expect } from "chai";
import type { Hex } from "../types";
import type { RegistryBatch } from "./actions/getBatch";
import {
  MAX_WORDS_PER_READ,
  STATUS_WORDS_READER,
  decodeStatusWordsAnswer,
  encodeStatusWordsRead,
  planStatusWordReads,
  statusFromWords,
  statusWordsReadRegistry,
} from "./statusWordReads";

const A = `0x${"aa".repeat(32)}` as Hex;
const B = `0x${"bb".repeat(32)}` as Hex;
const word = (value: number | bigint) => value.toString(16).padStart(64, "0");

describe("statusWordReads", function () {
  describe("planStatusWordReads", function () {
    it("reads 10,000 consecutive credentials of one batch as one read of 40 words", function () {
      const items = Array.from({ length: 10_000 }, (_, index) => ({ root: A, index }));
      const reads = planStatusWordReads(items);
      expect(reads).to.have.length(1);
      expect(reads[0].wordIndices).to.deep.equal(Array.from({ length: 40 }, (_, w) => w));
      expect(reads[0].roots.every((root) => root === A)).to.equal(true);
    });

    it("cuts 100,000 credentials (391 words) at 383 words per read", function () {
      const items = Array.from({ length: 100_000 }, (_, index) => ({ root: A, index }));
      expect(planStatusWordReads(items).map((read) => read.roots.length)).to.deep.equal([MAX_WORDS_PER_READ, 8]);
    });

    it("fills gaps of up to 64 words within a root, not beyond, and puts several roots in one read", function () {
      const items = [
        { root: B, index: 0 },
        { root: A, index: 256 * 70 },
        { root: A, index: 5 },
        { root: A, index: 256 * 3 + 1 },
        { root: A, index: 256 * 200 },
      ];
      const [read, ...rest] = planStatusWordReads(items);
      expect(rest).to.deep.equal([]);
      // Root A: words 0-3 (0 and 3 needed), 3-70 filled (gap 67 > 64: not filled), 200; then root B.
      expect(read.wordIndices).to.deep.equal([0, 1, 2, 3, 70, 200, 0]);
      expect(read.roots).to.deep.equal([A, A, A, A, A, A, B]);
    });
  });

  describe("encodeStatusWordsRead and decodeStatusWordsAnswer", function () {
    it("appends the registry, the count and the (root, word) pairs to the reader's code", function () {
      const registry = "0x00000000000000000000000000000000000000Cd" as Hex;
      const data = encodeStatusWordsRead(registry, { roots: [A, B], wordIndices: [7, 300] });
      expect(data).to.equal(
        `0x${STATUS_WORDS_READER}${word(0xcd)}${word(2)}${A.slice(2)}${word(7)}${B.slice(2)}${word(300)}`,
      );
    });

    it("reads the count and two words per pair, and refuses any other shape", function () {
      const answer = `0x${word(2)}${word(1)}${word(2)}${word(3n << 200n)}${word(4)}`;
      expect(decodeStatusWordsAnswer(answer, 2)).to.deep.equal([1n, 2n, 3n << 200n, 4n]);
      expect(decodeStatusWordsAnswer(answer, 3)).to.equal(undefined);
      expect(decodeStatusWordsAnswer(answer.slice(0, -2), 2)).to.equal(undefined);
      expect(decodeStatusWordsAnswer(`0x${word(3)}${answer.slice(66)}`, 2)).to.equal(undefined);
      expect(decodeStatusWordsAnswer(`${answer.slice(0, -1)}g`, 2)).to.equal(undefined);
      expect(decodeStatusWordsAnswer(undefined, 0)).to.equal(undefined);
    });
  });

  describe("statusFromWords", function () {
    const live: RegistryBatch = {
      root: A,
      anchored: true,
      anchoredAt: 1,
      anchoredBlock: 1,
      revokedAt: 0,
      leafCount: 300,
    };
    it("follows the contract's precedence: Unknown, OutOfRange, BatchRevoked, Revoked, Suspended, Valid", function () {
      const all = (1n << 256n) - 1n;
      expect(statusFromWords({ ...live, anchored: false, anchoredAt: 0, leafCount: 0 }, all, all, 0)).to.equal(
        "Unknown",
      );
      expect(statusFromWords(live, all, all, 300)).to.equal("OutOfRange");
      expect(statusFromWords({ ...live, revokedAt: 5 }, all, all, 299)).to.equal("BatchRevoked");
      expect(statusFromWords(live, all, all, 299)).to.equal("Revoked");
      expect(statusFromWords(live, 0n, all, 299)).to.equal("Suspended");
      expect(statusFromWords(live, 0n, 0n, 299)).to.equal("Valid");
      // Words with no bit set still come after the batch's own answers.
      expect(statusFromWords({ ...live, anchored: false, anchoredAt: 0, leafCount: 0 }, 0n, 0n, 0)).to.equal("Unknown");
      expect(statusFromWords(live, 0n, 0n, 300)).to.equal("OutOfRange");
      expect(statusFromWords({ ...live, revokedAt: 5 }, 0n, 0n, 299)).to.equal("BatchRevoked");
    });

    it("reads bit index mod 256 of the word", function () {
      const large = { ...live, leafCount: 600 };
      expect(statusFromWords(large, 1n << 44n, 0n, 256 + 44)).to.equal("Revoked");
      expect(statusFromWords(large, 1n << 44n, 0n, 256 + 45)).to.equal("Valid");
      expect(statusFromWords(live, 0n, 1n << 255n, 255)).to.equal("Suspended");
    });
  });

  describe("statusWordsReadRegistry", function () {
    it("gives the registry of a read, lower-case, and undefined for any other call data", function () {
      const registry = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
      const read = { roots: [A, B], wordIndices: [0, 7] };
      const data = encodeStatusWordsRead(registry, read);
      expect(statusWordsReadRegistry(data)).to.equal(registry.toLowerCase());
      expect(statusWordsReadRegistry(data.toUpperCase().replace("0X", "0x"))).to.equal(registry.toLowerCase());
      expect(statusWordsReadRegistry(encodeStatusWordsRead(registry, { roots: [], wordIndices: [] }))).to.equal(
        registry.toLowerCase(),
      );
      // Not a read: another code, a pair more or less than counted, a registry word above 20 bytes, not hex.
      expect(statusWordsReadRegistry(`0x00${data.slice(4)}`)).to.equal(undefined);
      expect(statusWordsReadRegistry(data.slice(0, -128))).to.equal(undefined);
      expect(statusWordsReadRegistry(`${data}${word(1)}${word(2)}`)).to.equal(undefined);
      const at = 2 + STATUS_WORDS_READER.length;
      expect(statusWordsReadRegistry(`${data.slice(0, at)}01${data.slice(at + 2)}`)).to.equal(undefined);
      expect(statusWordsReadRegistry(`${data.slice(0, -1)}g`)).to.equal(undefined);
      expect(statusWordsReadRegistry("0xf9652188")).to.equal(undefined);
    });
  });
});
