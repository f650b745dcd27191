import type { Address } from "../../types";
import type { RegistryClient } from "../createRegistryClient";
import { writeRegistry, type WriteOptions } from "../writeRegistry";
import type { RegistryWriteResult } from "../transaction/waitForRegistryReceipt";

export interface BeginDefaultAdminTransferParameters extends WriteOptions {
  newAdmin: Address;
}

/**
 * Starts the two-step transfer of the admin role to `newAdmin` (sender: the current admin). The new
 * admin completes it with `acceptDefaultAdminTransfer` once the schedule has passed (the registry is
 * deployed with a zero delay, so from the next block on).
 *
 * @example
 * await beginDefaultAdminTransfer(client, { registry, newAdmin: multisig });
 * await acceptDefaultAdminTransfer(multisigClient, { registry });
 */
export function beginDefaultAdminTransfer(
  client: RegistryClient,
  parameters: BeginDefaultAdminTransferParameters,
): Promise<RegistryWriteResult> {
  return writeRegistry(client, {
    ...parameters,
    functionName: "beginDefaultAdminTransfer",
    args: [parameters.newAdmin],
  });
}
