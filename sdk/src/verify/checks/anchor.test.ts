import { expect } from "chai";
import type { Address, Caip2ChainId, CredAnchorProof, Hex } from "../../types";
import type { RegistryBatch } from "../../chain/actions/getBatch";
import type { RegistryRead } from "../registryReads";
import { anchorResult, type AnchorOutcome } from "./anchor";
import type { ChainData, Failure, RegistryData } from "./chainState";

const chain = "eip155:11155111" as Caip2ChainId;
const registry = "0x00000000000000000000000000000000000000aa" as Address;
const root = `0x${"cd".repeat(32)}` as Hex;
const day = 1_767_225_600; // 2026-01-01T00:00:00Z

function proof(blockNumber: number, leafIndex = 2): CredAnchorProof {
  return {
    created: "2026-01-01T00:00:00Z",
    digest: `0x${"00".repeat(32)}` as Hex,
    root,
    leafIndex,
    path: [],
    salts: {},
    redactedHashes: [],
    anchor: {
      chain,
      registry,
      transactionHash: `0x${"11".repeat(32)}` as Hex,
      blockNumber,
      anchoredAt: "2026-01-01T00:00:00Z",
    },
  };
}

function check(
  read: RegistryRead<RegistryBatch> | Failure,
  blockNumber: number,
  head = 100n,
  leafIndex = 2,
): AnchorOutcome {
  const chainData: Pick<ChainData, "chain" | "head" | "finality"> = {
    chain,
    head,
    finality: { kind: "confirmations", confirmations: 12 },
  };
  const registryData: Pick<RegistryData, "address" | "records"> = {
    address: registry,
    records: new Map([[root, read]]),
  };
  return anchorResult(proof(blockNumber, leafIndex), chainData, registryData);
}

const anchored: RegistryBatch = {
  root,
  anchored: true,
  anchoredAt: day,
  anchoredBlock: 50,
  revokedAt: 0,
  leafCount: 4,
};
const never: RegistryBatch = { root, anchored: false, anchoredAt: 0, anchoredBlock: 0, revokedAt: 0, leafCount: 0 };

function skipOf(outcome: AnchorOutcome): string {
  if (!("skip" in outcome)) throw new Error(`expected a skip, got ${outcome.result.code}`);
  return outcome.skip;
}

describe("anchor check (pure)", function () {
  it("passes with the chain's block and date, and returns the record", function () {
    const outcome = check({ found: true, value: anchored }, 50);
    expect(outcome.result).to.include({ check: "anchor", status: "passed", code: "ANCHOR_OK" });
    expect(outcome.result.details).to.deep.equal({
      chain,
      registry,
      root,
      anchoredAt: "2026-01-01T00:00:00Z",
      anchoredBlock: 50,
      leafCount: 4,
    });
    expect("record" in outcome && outcome.record).to.deep.equal(anchored);
  });

  it("passes and says the chain's record is authoritative when the proof records another block", function () {
    const outcome = check({ found: true, value: anchored }, 49);
    expect(outcome.result.code).to.equal("ANCHOR_OK");
    expect(outcome.result.message).to.contain("The proof records block 49; the chain's record is authoritative.");
    expect(outcome.result.details).to.include({ recordedBlockNumber: 49 });
  });

  it("is an RPC error, skipping the dependents, when the record could not be read", function () {
    const outcome = check({ error: new Error("reset") }, 50);
    expect(outcome.result).to.include({ status: "error", code: "RPC_ERROR" });
    expect(skipOf(outcome)).to.equal("The batch's record could not be read, so this was not checked.");
  });

  it("fails ANCHOR_BLOCK_BEYOND_HEAD when the recorded block is beyond the finality window", function () {
    const outcome = check({ found: true, value: never }, 113, 100n);
    expect(outcome.result).to.include({ status: "failed", code: "ANCHOR_BLOCK_BEYOND_HEAD" });
    expect(outcome.result.details).to.deep.equal({ chain, registry, root, head: 100, recordedBlock: 113, window: 12 });
    expect(skipOf(outcome)).to.equal("The batch is not anchored in that registry, so this was not checked.");
  });

  it("is ANCHOR_ENDPOINT_BEHIND (undecided) when the recorded block is ahead within the window", function () {
    const outcome = check({ found: true, value: never }, 112, 100n);
    expect(outcome.result).to.include({ status: "error", code: "ANCHOR_ENDPOINT_BEHIND" });
    expect(outcome.result.details).to.deep.equal({ chain, registry, root, head: 100, recordedBlock: 112 });
    expect(skipOf(outcome)).to.equal("The anchor could not be read at a recent enough block, so this was not checked.");
    expect(check({ found: false, reason: "no contract code" }, 101, 100n).result.code).to.equal(
      "ANCHOR_ENDPOINT_BEHIND",
    );
  });

  it("fails ANCHOR_REGISTRY_NOT_FOUND with the reason when no registry answers", function () {
    const outcome = check({ found: false, reason: "no contract code" }, 50);
    expect(outcome.result).to.deep.equal({
      check: "anchor",
      status: "failed",
      code: "ANCHOR_REGISTRY_NOT_FOUND",
      message: `There is no credanchor registry at ${registry} on ${chain} (no contract code).`,
      details: { chain, registry, reason: "no contract code" },
    });
    expect(skipOf(outcome)).to.equal("The registry the proof names does not exist, so this was not checked.");
  });

  it("fails ANCHOR_ROOT_NOT_FOUND when the root was never anchored", function () {
    const outcome = check({ found: true, value: never }, 50);
    expect(outcome.result).to.include({ status: "failed", code: "ANCHOR_ROOT_NOT_FOUND" });
    expect(outcome.result.message).to.equal(
      `Batch root ${root} was never anchored in registry ${registry} on ${chain}.`,
    );
    expect(outcome.result.details).to.deep.equal({ chain, registry, root, block: 100 });
  });

  it("fails ANCHOR_LEAF_INDEX_OUT_OF_RANGE when the proof's entry is beyond the batch", function () {
    const outcome = check({ found: true, value: anchored }, 50, 100n, 4);
    expect(outcome.result).to.include({ status: "failed", code: "ANCHOR_LEAF_INDEX_OUT_OF_RANGE" });
    expect(outcome.result.details).to.deep.equal({ chain, registry, root, leafIndex: 4, leafCount: 4 });
    expect(skipOf(outcome)).to.equal("The credential is not within its batch, so this was not checked.");
  });
});
