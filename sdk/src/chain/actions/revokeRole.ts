import type { Address } from "../../types";
import type { RegistryClient } from "../createRegistryClient";
import { writeRegistry, type WriteOptions } from "../writeRegistry";
import type { RegistryWriteResult } from "../transaction/waitForRegistryReceipt";
import { roleId, type RoleInput } from "../roles";

export interface RevokeRoleParameters extends WriteOptions {
  /** `"ISSUER_ROLE"`, `"REVOKER_ROLE"`, `"admin"` or a bytes32. */
  role: RoleInput;
  account: Address;
}

/**
 * Takes `role` away from `account`; the sender must be the role's admin.
 *
 * @example
 * await revokeRole(client, { registry, role: "REVOKER_ROLE", account: formerOperator });
 */
export function revokeRole(client: RegistryClient, parameters: RevokeRoleParameters): Promise<RegistryWriteResult> {
  return writeRegistry(client, {
    ...parameters,
    functionName: "revokeRole",
    args: [roleId(parameters.role), parameters.account],
  });
}
