/**
 * The one grammar of a CAIP-2 EVM chain id (docs/SPEC.md 4.4): `eip155:` followed by the chain id in
 * decimal, from 1 to 2^53 − 1, without leading zeros, sign or spaces; the namespace in lower case.
 * `eip155:0` is refused (no EVM chain has id 0); ids above 2^53 − 1 are refused because viem, the
 * anchor proof's CBOR form and every chain id the SDK compares are JavaScript numbers.
 * Callers that read people's input (identity records) trim and lower-case the text first.
 */
import type { Caip2ChainId } from "../types";
import { VerifyOptionsError } from "../errors/verify";

/** The largest chain id the SDK accepts: 2^53 − 1. */
export const MAX_CHAIN_ID = Number.MAX_SAFE_INTEGER;

const CAIP2_EIP155 = /^eip155:([1-9][0-9]{0,15})$/;

/**
 * The numeric chain id of a CAIP-2 `eip155:<id>` string, or `undefined` when the text does not follow
 * the grammar above.
 *
 * @example
 * parseCaip2ChainId("eip155:11155111") // 11155111
 * parseCaip2ChainId("eip155:0") // undefined
 */
export function parseCaip2ChainId(text: string): number | undefined {
  const match = CAIP2_EIP155.exec(text);
  if (!match) return undefined;
  const chainId = Number(match[1]);
  return chainId <= MAX_CHAIN_ID ? chainId : undefined;
}

/**
 * True when `value` is a string in the CAIP-2 grammar above.
 *
 * @example
 * isCaip2ChainId("eip155:31337") // true
 * isCaip2ChainId("eip155:031337") // false
 */
export function isCaip2ChainId(value: unknown): value is Caip2ChainId {
  return typeof value === "string" && parseCaip2ChainId(value) !== undefined;
}

/**
 * The CAIP-2 id of an EVM chain id; throws a RangeError for a chain id outside 1 … 2^53 − 1.
 *
 * @example
 * formatCaip2ChainId(31337) // "eip155:31337"
 */
export function formatCaip2ChainId(chainId: number | bigint): Caip2ChainId {
  const id = Number(chainId);
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new RangeError(`chain id ${String(chainId)} is not an integer from 1 to 2^53 − 1`);
  }
  return `eip155:${id}`;
}

/**
 * The numeric chain id of a CAIP-2 `eip155:<id>` string; throws a VerifyOptionsError (with the fix)
 * when it does not follow the grammar.
 *
 * @example
 * parseCaip2("eip155:31337") // 31337
 */
export function parseCaip2(chain: string): number {
  const chainId = parseCaip2ChainId(chain);
  if (chainId === undefined) {
    throw new VerifyOptionsError(`"${chain}" is not a CAIP-2 EVM chain id`, {
      fix: 'Write the chain as "eip155:<chain id>", e.g. "eip155:11155111".',
    });
  }
  return chainId;
}
