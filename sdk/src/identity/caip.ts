/**
 * CAIP-2 chain ids and CAIP-10 account ids for EVM chains, as written in identity records:
 * `eip155:11155111` and `eip155:11155111:0x5FbDB2315678afecb367f032d93F642f64180aa3`.
 */
import { getAddress, isAddress } from "viem";
import type { Address, Caip2ChainId } from "../types";
import { isCaip2ChainId } from "../chain/caip2";

/**
 * Reads a CAIP-2 EVM chain id as people write it in identity records: lenient on case and surrounding
 * spaces (`EIP155:1`), then the one grammar of chain/caip2.ts (a decimal from 1 to 2^53 − 1 without
 * leading zeros). Returns the normalized id, or `undefined` when it is not one.
 *
 * @example
 * parseChainId(" EIP155:11155111 ") // "eip155:11155111"
 * parseChainId("eip155:0x1") // undefined
 */
export function parseChainId(text: string): Caip2ChainId | undefined {
  const normalized = text.trim().toLowerCase();
  return isCaip2ChainId(normalized) ? normalized : undefined;
}

/**
 * Reads a 20-byte EVM address in any letter case and returns it in EIP-55 checksum case, or
 * `undefined` when it is not 0x followed by exactly 40 hex digits.
 *
 * @example
 * parseRegistryAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3") // "0x5FbDB2315678afecb367f032d93F642f64180aa3"
 */
export function parseRegistryAddress(text: string): Address | undefined {
  const lower = text.trim().toLowerCase();
  return isAddress(lower, { strict: false }) ? getAddress(lower) : undefined;
}

/**
 * EIP-55 checksum case of a lower-case 0x-prefixed address.
 *
 * @example
 * toChecksumAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3")
 */
export function toChecksumAddress(lowerCaseAddress: string): Address {
  return getAddress(lowerCaseAddress);
}

/** An EVM account on a chain. */
export interface Caip10Account {
  chain: Caip2ChainId;
  address: Address;
}

/**
 * Reads a CAIP-10 account id (`eip155:<chain>:<address>`), also in its `did:pkh:` form. Lenient on
 * case and spaces, strict on the chain and the address. Returns `undefined` when it is not one.
 *
 * @example
 * parseCaip10Account("eip155:11155111:0x5fbdb2315678afecb367f032d93f642f64180aa3")
 * // { chain: "eip155:11155111", address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" }
 */
export function parseCaip10Account(text: string): Caip10Account | undefined {
  let rest = text.trim();
  if (rest.toLowerCase().startsWith("did:pkh:")) rest = rest.slice("did:pkh:".length);
  const lastColon = rest.lastIndexOf(":");
  if (lastColon < 0) return undefined;
  const chain = parseChainId(rest.slice(0, lastColon));
  const address = parseRegistryAddress(rest.slice(lastColon + 1));
  return chain && address ? { chain, address } : undefined;
}

/**
 * Writes a CAIP-10 account id with the address in checksum case.
 *
 * @example
 * formatCaip10Account({ chain: "eip155:1", address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" })
 * // "eip155:1:0x5FbDB2315678afecb367f032d93F642f64180aa3"
 */
export function formatCaip10Account(account: Caip10Account): string {
  return `${account.chain}:${account.address}`;
}
