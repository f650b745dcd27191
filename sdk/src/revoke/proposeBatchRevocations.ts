import { getAddress } from "viem";
import type { Address, Hex } from "../types";
import { UnknownRootError } from "../errors/registry";
import type { RegistryClient } from "../chain/createRegistryClient";
import { getBatch } from "../chain/actions/getBatch";
import { readManifest } from "../anchor/batchFiles";
import type { SafeBatchFile } from "../safe/createSafeBatchFile";
import { proposeRegistryCalls } from "../safe/proposeRegistryCalls";
import { encodeReason } from "../chain/reason";

export interface BatchRevocationProposal {
  batches: Array<{ root: Hex; status: "proposed" | "already-revoked"; revokedAt?: number }>;
  /** One `revokeBatch` call per batch not yet revoked; undefined when every batch already is. */
  batchFile?: SafeBatchFile;
}

/**
 * The Safe-multisig form of `revokeBatches`: batches given as roots or batch directories, checked the
 * same way (every root anchored; those already revoked left out), written as a Transaction Builder
 * batch for `safe` (which needs REVOKER_ROLE). Node-only (reads manifests).
 *
 * @example
 * const { batchFile } = await proposeBatchRevocations(["out/cohort-2025"], "withdrawn", { client, registry, safe });
 */
export async function proposeBatchRevocations(
  batches: readonly (Hex | string)[],
  reason: string,
  options: { client: RegistryClient; registry: Address; safe: Address; owner?: Address },
): Promise<BatchRevocationProposal> {
  const registry = getAddress(options.registry);
  const encodedReason = encodeReason(reason);
  const roots = await Promise.all(
    batches.map(async (item) =>
      /^0x[0-9a-fA-F]{64}$/.test(item) ? (item.toLowerCase() as Hex) : (await readManifest(item)).manifest.root,
    ),
  );
  const unique = [...new Set(roots)];
  const records = await Promise.all(unique.map((root) => getBatch(options.client, { registry, root })));
  for (const record of records) {
    if (!record.anchored) throw new UnknownRootError({ root: record.root, functionName: "revokeBatch" });
  }
  const result: BatchRevocationProposal = {
    batches: records.map((record) =>
      record.revokedAt !== 0
        ? { root: record.root, status: "already-revoked", revokedAt: record.revokedAt }
        : { root: record.root, status: "proposed" },
    ),
  };
  const open = result.batches.filter((b) => b.status === "proposed");
  if (open.length === 0) return result;
  result.batchFile = await proposeRegistryCalls(options.client, {
    registry,
    safe: options.safe,
    owner: options.owner,
    calls: open.map((b) => ({ functionName: "revokeBatch", args: [b.root, encodedReason] })),
    name: `credanchor: revoke ${open.length === 1 ? "1 batch" : `${open.length} batches`}`,
    description: `Revokes batch(es) ${open.map((b) => b.root).join(", ")} of registry ${registry} for good, reason "${reason}". Exported by credanchor.`,
  });
  return result;
}
