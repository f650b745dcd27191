import type { Hex } from "../../types";
import type { RegistryClient } from "../createRegistryClient";
import { writeRegistry, type WriteOptions } from "../writeRegistry";
import type { RegistryWriteResult } from "../transaction/waitForRegistryReceipt";

export interface AnchorManyParameters extends WriteOptions {
  /** The roots, with the leaf count of each. About 600 fit under the transaction gas cap. */
  batches: readonly { root: Hex; leafCount: number | bigint }[];
}

/**
 * Anchors several batch roots in one transaction (`anchorMany`); the sender needs `ISSUER_ROLE`.
 * Reverts as a whole if any root is zero, repeated or already anchored.
 *
 * @example
 * await anchorMany(client, { registry, batches: [{ root: a, leafCount: 10 }, { root: b, leafCount: 20 }] });
 */
export function anchorMany(client: RegistryClient, parameters: AnchorManyParameters): Promise<RegistryWriteResult> {
  return writeRegistry(client, {
    ...parameters,
    functionName: "anchorMany",
    args: [parameters.batches.map((b) => b.root), parameters.batches.map((b) => BigInt(b.leafCount))],
  });
}
