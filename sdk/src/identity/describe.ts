import type { Address, Caip2ChainId } from "../types";
import type { IdentityBinding, IdentityCode, MalformedIdentityRecord } from "./types";

/** The registry and chain a check looks for (normalised: checksum address, lower-case chain). */
export interface ExpectedBinding {
  chain: Caip2ChainId;
  registry: Address;
}

/** True when a binding names this registry on this chain. */
export function sameAccount(binding: ExpectedBinding, expected: ExpectedBinding): boolean {
  return binding.chain === expected.chain && binding.registry.toLowerCase() === expected.registry.toLowerCase();
}

/** "the TXT record at _credanchor.example.edu names registry 0x… on eip155:1". */
export function describeBinding(binding: IdentityBinding): string {
  const where =
    binding.method === "dns" ? `the TXT record at ${binding.source}` : `the DID document at ${binding.source}`;
  return `${where} names registry ${binding.registry} on ${binding.chain}`;
}

/** The most telling failure code for records that do not name the expected registry. */
export function classifyMismatch(
  bindings: IdentityBinding[],
  malformed: MalformedIdentityRecord[],
  expected: ExpectedBinding,
): IdentityCode {
  if (bindings.some((binding) => binding.registry.toLowerCase() === expected.registry.toLowerCase())) {
    return "IDENTITY_CHAIN_MISMATCH";
  }
  if (bindings.length > 0) return "IDENTITY_REGISTRY_MISMATCH";
  if (malformed.length > 0) return "IDENTITY_RECORD_MALFORMED";
  return "IDENTITY_NOT_PUBLISHED";
}
