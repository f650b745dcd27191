import { getAddress } from "viem";
import type { Address, Hex } from "../types";
import { UnknownRootError } from "../errors/registry";
import type { RegistryClient } from "../chain/createRegistryClient";
import { getBatch } from "../chain/actions/getBatch";
import { revokeBatch } from "../chain/actions/revokeBatch";
import { readManifest } from "../anchor/batchFiles";
import { encodeReason } from "../chain/reason";

export interface RevokeBatchesOptions {
  client: RegistryClient;
  registry: Address;
  confirmations?: number;
  onProgress?: (event: { root: Hex; outcome: "revoked" | "already-revoked"; transactionHash?: Hex }) => void;
}

export interface RevokeBatchesResult {
  root: Hex;
  /** `already-revoked` when the batch was revoked before (nothing sent). */
  outcome: "revoked" | "already-revoked";
  transactionHash?: Hex;
  /** Unix seconds at which the batch was revoked. */
  revokedAt: number;
}

/**
 * Revokes whole batches, permanently: each given as a root or a batch directory (its manifest's root).
 * Every root must be anchored (else `UnknownRootError`, checked for all before anything is sent);
 * batches already revoked are skipped, so a retry is safe. One `revokeBatch` transaction per batch.
 * Node-only (reads manifests).
 *
 * @example
 * await revokeBatches(["out/cohort-2025"], "withdrawn", { client, registry });
 */
export async function revokeBatches(
  batches: readonly (Hex | string)[],
  reason: string,
  options: RevokeBatchesOptions,
): Promise<RevokeBatchesResult[]> {
  const { client } = options;
  const registry = getAddress(options.registry);
  encodeReason(reason); // fail on a bad reason before anything else
  const roots = await Promise.all(
    batches.map(async (item) =>
      /^0x[0-9a-fA-F]{64}$/.test(item) ? (item.toLowerCase() as Hex) : (await readManifest(item)).manifest.root,
    ),
  );
  const records = await Promise.all(roots.map((root) => getBatch(client, { registry, root })));
  records.forEach((record) => {
    if (!record.anchored) throw new UnknownRootError({ root: record.root, functionName: "revokeBatch" });
  });
  const results: RevokeBatchesResult[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    if (seen.has(record.root)) continue;
    seen.add(record.root);
    if (record.revokedAt !== 0) {
      results.push({ root: record.root, outcome: "already-revoked", revokedAt: record.revokedAt });
      options.onProgress?.({ root: record.root, outcome: "already-revoked" });
      continue;
    }
    const mined = await revokeBatch(client, {
      registry,
      root: record.root,
      reason,
      confirmations: options.confirmations,
    });
    const after = await getBatch(client, { registry, root: record.root });
    results.push({
      root: record.root,
      outcome: "revoked",
      transactionHash: mined.transactionHash,
      revokedAt: after.revokedAt,
    });
    options.onProgress?.({ root: record.root, outcome: "revoked", transactionHash: mined.transactionHash });
  }
  return results;
}
