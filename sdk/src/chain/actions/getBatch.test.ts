import { expect } from "chai";
import { encodeFunctionResult } from "viem";
import type { Hex } from "../../types";
import { credentialRegistryAbi } from "../registryArtifact";
import { decodeBatchResult, toRegistryBatch } from "./getBatch";

const root = `0x${"ab".repeat(32)}` as Hex;

describe("decodeBatchResult", function () {
  it("decodes a batch(root) answer into the record getBatch returns", function () {
    const tuple = { anchoredAt: 1_767_225_600n, anchoredBlock: 50n, revokedAt: 1_767_229_200n, leafCount: 4n };
    const data = encodeFunctionResult({ abi: credentialRegistryAbi, functionName: "batch", result: tuple });
    expect(decodeBatchResult(root, data)).to.deep.equal(toRegistryBatch(root, tuple));
    expect(decodeBatchResult(root, data)).to.deep.equal({
      root,
      anchored: true,
      anchoredAt: 1_767_225_600,
      anchoredBlock: 50,
      revokedAt: 1_767_229_200,
      leafCount: 4,
    });
  });

  it("throws on an answer that is not a batch record", function () {
    expect(() => decodeBatchResult(root, "0x1234")).to.throw(/Data size of 2 bytes is too small/);
  });
});
