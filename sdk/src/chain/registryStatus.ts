/**
 * The registry's `Status` enum, by name, in the contract's order (the index is the on-chain value).
 * Precedence on chain: Unknown (root not anchored), OutOfRange, BatchRevoked, Revoked, Suspended, Valid.
 */
export const REGISTRY_STATUSES = ["Unknown", "Valid", "Revoked", "Suspended", "BatchRevoked", "OutOfRange"] as const;

/** What the registry says of one credential. */
export type RegistryCredentialStatus = (typeof REGISTRY_STATUSES)[number];

/** The name of an on-chain status value. */
export function registryStatusName(value: number): RegistryCredentialStatus {
  const name = REGISTRY_STATUSES[value];
  if (name === undefined) throw new RangeError(`Unknown registry status value ${value}`);
  return name;
}
