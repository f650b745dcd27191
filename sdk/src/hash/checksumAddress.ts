/**
 * EIP-55 checksum case of an EVM address, for the modules that the verification worker threads load
 * (the proof entry's reading and validation: sdk/src/credential/proofValue.ts, validateProofEntry.ts).
 *
 * Why not viem's `getAddress`, the SDK's checksum everywhere else: the only way to it is viem's
 * `viem/utils` entry, which loads about 240 modules (viem's, ox's, abitype's, @noble/curves') in each
 * thread that imports it, about 100 ms of CPU per verification thread's start, more than half of what a
 * thread costs before its first answer (docs/PERFORMANCE.md, "From files, December 8, third round").
 * The rule is viem's `checksumAddress` word for word (keccak256 of the lower-case hex digits; a digit
 * is upper-cased where the hash's nibble at its place is 8 or more), with the SDK's own keccak; the
 * tests compare it with viem's on random addresses in every letter case. Browser-safe.
 */
import type { Hex } from "../types";
import { keccak256 } from "./keccak";

/** 0x and 40 hex digits in any case: viem's `isAddress(value, { strict: false })`. */
const ADDRESS_SYNTAX = /^0x[0-9a-fA-F]{40}$/;

/**
 * True when `value` is 0x followed by exactly 40 hex digits, in any letter case (the checksum is not
 * looked at): viem's `isAddress(value, { strict: false })`.
 *
 * @example
 * isAddressSyntax("0x5fbdb2315678afecb367f032d93f642f64180aa3") // true
 */
export function isAddressSyntax(value: string): boolean {
  return ADDRESS_SYNTAX.test(value);
}

/** The 40 hex digits' character codes, lower-cased: the input keccak256 takes. */
const digits = new Uint8Array(40);

/**
 * The EIP-55 checksum case of `address` (0x and 40 hex digits, any case), as viem's `getAddress`
 * gives it. Throws a RangeError for anything else.
 *
 * @example
 * checksumAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3") // "0x5FbDB2315678afecb367f032d93F642f64180aa3"
 */
export function checksumAddress(address: string): Hex {
  if (!ADDRESS_SYNTAX.test(address)) throw new RangeError(`not an address: "${address}"`);
  const lower = address.slice(2).toLowerCase();
  for (let i = 0; i < 40; i++) digits[i] = lower.charCodeAt(i);
  const hash = keccak256(digits);
  let out = "0x";
  for (let i = 0; i < 40; i++) {
    const nibble = i % 2 === 0 ? hash[i >> 1] >> 4 : hash[i >> 1] & 0x0f;
    out += nibble >= 8 ? lower[i].toUpperCase() : lower[i];
  }
  return out as Hex;
}
