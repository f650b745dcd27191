/**
 * The anchor check's pure part: from the batch record read at the chain's pinned block and the
 * chain head, whether the credential's batch is anchored where its proof says, or why not.
 */
import type { CredAnchorProof, Hex } from "../../types";
import type { RegistryBatch } from "../../chain/actions/getBatch";
import { short } from "../runOfflineChecks";
import type { CheckResult } from "../types";
import { checkResult } from "../verdict";
import type { ChainData, RegistryData } from "./chainState";
import { rpcErrorResult } from "./rpcError";
import { isoSeconds } from "./status";

/** The anchor result, with the batch record when it passed, or the message to skip the dependent checks with. */
export type AnchorOutcome = { result: CheckResult; record: RegistryBatch } | { result: CheckResult; skip: string };

/**
 * The anchor check: the result, and either the batch record (passed) or why the checks that depend
 * on it are skipped.
 */
export function anchorResult(
  proof: CredAnchorProof,
  chainData: Pick<ChainData, "chain" | "head" | "finality">,
  registryData: Pick<RegistryData, "address" | "records">,
): AnchorOutcome {
  const { chain } = chainData;
  const registry = registryData.address;
  const read = registryData.records.get(proof.root.toLowerCase() as Hex)!;
  if ("error" in read) {
    return {
      result: rpcErrorResult("anchor", chain, read.error),
      skip: "The batch's record could not be read, so this was not checked.",
    };
  }
  const recordedBlock = proof.anchor!.blockNumber;
  if ((!read.found || !read.value.anchored) && chainData.head < BigInt(recordedBlock)) {
    const window = BigInt(
      chainData.finality.kind === "confirmations"
        ? chainData.finality.confirmations
        : chainData.finality.fallbackConfirmations,
    );
    if (BigInt(recordedBlock) - chainData.head > window) {
      // The record's block number is outside the digest: a block this far beyond the head is not a
      // lagging node but a false record (2^53-1 would otherwise turn "never anchored" into a permanent "error").
      return {
        result: checkResult(
          "anchor",
          "failed",
          "ANCHOR_BLOCK_BEYOND_HEAD",
          `The anchor record names block ${recordedBlock}, more than the ${window}-block finality window beyond the latest block of ${chain} (${chainData.head}), and batch ${short(proof.root)} is not anchored in registry ${registry}: the record is false.`,
          { chain, registry, root: proof.root, head: Number(chainData.head), recordedBlock, window: Number(window) },
        ),
        skip: "The batch is not anchored in that registry, so this was not checked.",
      };
    }
    // The endpoint has not seen the block the record names: a lagging node, not proof of a forgery.
    return {
      result: checkResult(
        "anchor",
        "error",
        "ANCHOR_ENDPOINT_BEHIND",
        `The RPC endpoint's latest block (${chainData.head}) is older than block ${recordedBlock}, where the anchor record says batch ${short(proof.root)} was anchored on ${chain}; the endpoint may be lagging. Try again later or add another endpoint.`,
        { chain, registry, root: proof.root, head: Number(chainData.head), recordedBlock },
      ),
      skip: "The anchor could not be read at a recent enough block, so this was not checked.",
    };
  }
  if (!read.found) {
    return {
      result: checkResult(
        "anchor",
        "failed",
        "ANCHOR_REGISTRY_NOT_FOUND",
        `There is no credanchor registry at ${registry} on ${chain} (${read.reason}).`,
        { chain, registry, reason: read.reason },
      ),
      skip: "The registry the proof names does not exist, so this was not checked.",
    };
  }
  const record = read.value;
  if (!record.anchored) {
    return {
      result: checkResult(
        "anchor",
        "failed",
        "ANCHOR_ROOT_NOT_FOUND",
        `Batch root ${proof.root} was never anchored in registry ${registry} on ${chain}.`,
        { chain, registry, root: proof.root, block: Number(chainData.head) },
      ),
      skip: "The batch is not anchored in that registry, so this was not checked.",
    };
  }
  if (proof.leafIndex >= record.leafCount) {
    return {
      result: checkResult(
        "anchor",
        "failed",
        "ANCHOR_LEAF_INDEX_OUT_OF_RANGE",
        `The proof claims entry #${proof.leafIndex}, but batch ${short(proof.root)} holds only ${record.leafCount} credentials.`,
        { chain, registry, root: proof.root, leafIndex: proof.leafIndex, leafCount: record.leafCount },
      ),
      skip: "The credential is not within its batch, so this was not checked.",
    };
  }
  const anchoredAt = isoSeconds(record.anchoredAt);
  const moved = recordedBlock !== record.anchoredBlock;
  return {
    result: checkResult(
      "anchor",
      "passed",
      "ANCHOR_OK",
      `Batch ${short(proof.root)} is anchored in registry ${registry} on ${chain}, block ${record.anchoredBlock} (${anchoredAt}).` +
        (moved ? ` The proof records block ${recordedBlock}; the chain's record is authoritative.` : ""),
      {
        chain,
        registry,
        root: proof.root,
        anchoredAt,
        anchoredBlock: record.anchoredBlock,
        leafCount: record.leafCount,
        ...(moved ? { recordedBlockNumber: recordedBlock } : {}),
      },
    ),
    record,
  };
}
