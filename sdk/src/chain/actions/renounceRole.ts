import type { Address } from "../../types";
import type { RegistryClient } from "../createRegistryClient";
import { writeRegistry, type WriteOptions } from "../writeRegistry";
import type { RegistryWriteResult } from "../transaction/waitForRegistryReceipt";
import { roleId, type RoleInput } from "../roles";

export interface RenounceRoleParameters extends WriteOptions {
  /** `"ISSUER_ROLE"`, `"REVOKER_ROLE"`, `"admin"` or a bytes32. */
  role: RoleInput;
  account: Address;
}

/**
 * Gives up `role` for the sending account itself (`account` must be the sender's address).
 *
 * @example
 * await renounceRole(client, { registry, role: "ISSUER_ROLE", account: client.account!.address });
 */
export function renounceRole(client: RegistryClient, parameters: RenounceRoleParameters): Promise<RegistryWriteResult> {
  return writeRegistry(client, {
    ...parameters,
    functionName: "renounceRole",
    args: [roleId(parameters.role), parameters.account],
  });
}
