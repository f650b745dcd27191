import type { Address } from "../../types";
import type { RegistryClient } from "../createRegistryClient";
import { writeRegistry, type WriteOptions } from "../writeRegistry";
import type { RegistryWriteResult } from "../transaction/waitForRegistryReceipt";
import { roleId, type RoleInput } from "../roles";

export interface GrantRoleParameters extends WriteOptions {
  /** `"ISSUER_ROLE"`, `"REVOKER_ROLE"`, `"admin"` or a bytes32. */
  role: RoleInput;
  account: Address;
}

/**
 * Grants `role` to `account`; the sender must be the role's admin (the default admin for ISSUER_ROLE and REVOKER_ROLE). The admin role itself moves only by `beginDefaultAdminTransfer`.
 *
 * @example
 * await grantRole(client, { registry, role: "ISSUER_ROLE", account: operator });
 */
export function grantRole(client: RegistryClient, parameters: GrantRoleParameters): Promise<RegistryWriteResult> {
  return writeRegistry(client, {
    ...parameters,
    functionName: "grantRole",
    args: [roleId(parameters.role), parameters.account],
  });
}
