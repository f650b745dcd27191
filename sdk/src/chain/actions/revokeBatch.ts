import type { Hex } from "../../types";
import type { RegistryClient } from "../createRegistryClient";
import { writeRegistry, type WriteOptions } from "../writeRegistry";
import type { RegistryWriteResult } from "../transaction/waitForRegistryReceipt";
import { encodeReason } from "../reason";

export interface RevokeBatchParameters extends WriteOptions {
  root: Hex;
  /** A short text (≤ 31 UTF-8 bytes, see `encodeReason`) or an encoded bytes32. */
  reason: string;
}

/**
 * Revokes a whole batch, permanently (`revokeBatch(root, reason)`); the sender needs `REVOKER_ROLE`.
 * For several batches or batch directories, skipping those already revoked, use `revokeBatches`.
 *
 * @example
 * await revokeBatch(client, { registry, root, reason: "issued-in-error" });
 */
export function revokeBatch(client: RegistryClient, parameters: RevokeBatchParameters): Promise<RegistryWriteResult> {
  return writeRegistry(client, {
    ...parameters,
    functionName: "revokeBatch",
    args: [parameters.root, encodeReason(parameters.reason)],
  });
}
