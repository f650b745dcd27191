import { keccak256, stringToHex } from "viem";
import type { Hex } from "../types";
import type { RegistryRoleName } from "../errors/registry";

/**
 * The registry's roles as bytes32, by the names the SDK uses: `admin` (OpenZeppelin's
 * `DEFAULT_ADMIN_ROLE`, 0x00…00), `ISSUER_ROLE` (anchors) and `REVOKER_ROLE` (revokes, suspends,
 * reinstates).
 *
 * @example
 * await grantRole(client, { registry, role: "ISSUER_ROLE", account: operator });
 * REGISTRY_ROLES.ISSUER_ROLE // keccak256("ISSUER_ROLE")
 */
export const REGISTRY_ROLES: Readonly<Record<RegistryRoleName, Hex>> = Object.freeze({
  admin: `0x${"00".repeat(32)}`,
  ISSUER_ROLE: keccak256(stringToHex("ISSUER_ROLE")),
  REVOKER_ROLE: keccak256(stringToHex("REVOKER_ROLE")),
});

/** A role given by name or as bytes32. */
export type RoleInput = RegistryRoleName | Hex;

/** The bytes32 of a role given by name (or passed through when already bytes32). */
export function roleId(role: RoleInput): Hex {
  if (role === "admin" || role === "ISSUER_ROLE" || role === "REVOKER_ROLE") return REGISTRY_ROLES[role];
  return role.toLowerCase() as Hex;
}

/** The SDK's name of a bytes32 role, or the bytes32 itself when the role is not one of the registry's. */
export function roleName(role: Hex): RegistryRoleName | Hex {
  const lower = role.toLowerCase();
  for (const [name, id] of Object.entries(REGISTRY_ROLES)) if (id === lower) return name as RegistryRoleName;
  return role;
}
