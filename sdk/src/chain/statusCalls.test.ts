import { expect } from "chai";
import { encodeFunctionData } from "viem";
import { credentialRegistryAbi } from "./registryArtifact";
import type { Hex } from "../types";
import { decodeStatuses, encodeStatusesCall, planStatusCalls, STATUS_CALL_GAS_BUDGET } from "./statusCalls";

const rootA = `0x${"aa".repeat(32)}` as Hex;
const rootB = `0x${"0b".repeat(32)}` as Hex;

describe("statusCalls", function () {
  describe("encodeStatusesCall", function () {
    it("encodes credentialStatuses exactly as viem's ABI encoder does", function () {
      const items = [
        { root: rootA, index: 0 },
        { root: rootB, index: 255 },
        { root: rootA, index: 1_000_000 },
      ];
      expect(encodeStatusesCall(items)).to.equal(
        encodeFunctionData({
          abi: credentialRegistryAbi,
          functionName: "credentialStatuses",
          args: [items.map((i) => i.root), items.map((i) => BigInt(i.index))],
        }),
      );
      expect(encodeStatusesCall([])).to.equal(
        encodeFunctionData({ abi: credentialRegistryAbi, functionName: "credentialStatuses", args: [[], []] }),
      );
    });
  });

  describe("decodeStatuses", function () {
    const word = (value: number) => value.toString(16).padStart(64, "0");
    const answer = (...words: number[]) => `0x${words.map(word).join("")}` as Hex;

    it("reads a uint8[] of known statuses, and nothing else", function () {
      expect(decodeStatuses(answer(0x20, 3, 1, 2, 5), 3)).to.deep.equal(["Valid", "Revoked", "OutOfRange"]);
      expect(decodeStatuses(answer(0x20, 0), 0)).to.deep.equal([]);
      // a count that differs from the question, a wrong offset, an unknown status, a value wider than a byte
      expect(decodeStatuses(answer(0x20, 2, 1, 1), 3)).to.equal(undefined);
      expect(decodeStatuses(answer(0x40, 1, 1), 1)).to.equal(undefined);
      expect(decodeStatuses(answer(0x20, 1, 6), 1)).to.equal(undefined);
      expect(decodeStatuses(answer(0x20, 1, 0x101), 1)).to.equal(undefined);
    });
  });

  describe("planStatusCalls", function () {
    it("cuts 10,000 credentials of one batch into 5 calls of 2,000, covering each item once", function () {
      const items = Array.from({ length: 10_000 }, (_, index) => ({ root: rootA, index }));
      const chunks = planStatusCalls(items, 2_000);
      expect(chunks.map((c) => c.length)).to.deep.equal([2_000, 2_000, 2_000, 2_000, 2_000]);
      expect(
        chunks
          .flat()
          .slice()
          .sort((a, b) => a - b),
      ).to.deep.equal(items.map((_, i) => i));
    });

    it("sorts by root then index, so a call touches few storage slots", function () {
      const items = [
        { root: rootA, index: 5 },
        { root: rootB, index: 1 },
        { root: rootA, index: 2 },
      ];
      expect(planStatusCalls(items, 10)).to.deep.equal([[1, 2, 0]]);
    });

    it("closes a call at the gas budget when every item is a different, cold batch", function () {
      const items = Array.from({ length: 4_000 }, (_, i) => ({
        root: `0x${(i + 1).toString(16).padStart(64, "0")}` as Hex,
        index: 0,
      }));
      const chunks = planStatusCalls(items, 2_000);
      // 2,300 + 2,100 + 4,200 = 8,600 gas per item: 1,395 items fit under 12M
      expect(Math.floor(STATUS_CALL_GAS_BUDGET / 8_600)).to.equal(1_395);
      expect(chunks.map((c) => c.length)).to.deep.equal([1_395, 1_395, 1_210]);
    });
  });
});
