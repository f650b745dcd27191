import type { RegistryClient } from "../createRegistryClient";
import { writeRegistry, type WriteOptions } from "../writeRegistry";
import type { RegistryWriteResult } from "../transaction/waitForRegistryReceipt";

/**
 * Cancels a pending admin transfer; the sender must be the current admin.
 *
 * @example
 * await cancelDefaultAdminTransfer(client, { registry });
 */
export function cancelDefaultAdminTransfer(
  client: RegistryClient,
  parameters: WriteOptions,
): Promise<RegistryWriteResult> {
  return writeRegistry(client, { ...parameters, functionName: "cancelDefaultAdminTransfer", args: [] });
}
