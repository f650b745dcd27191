import type { RegistryClient } from "../createRegistryClient";
import { writeRegistry, type WriteOptions } from "../writeRegistry";
import type { RegistryWriteResult } from "../transaction/waitForRegistryReceipt";

/**
 * Completes an admin transfer; the sender must be the pending admin (see `getPendingDefaultAdmin`).
 *
 * @example
 * await acceptDefaultAdminTransfer(newAdminClient, { registry });
 */
export function acceptDefaultAdminTransfer(
  client: RegistryClient,
  parameters: WriteOptions,
): Promise<RegistryWriteResult> {
  return writeRegistry(client, { ...parameters, functionName: "acceptDefaultAdminTransfer", args: [] });
}
