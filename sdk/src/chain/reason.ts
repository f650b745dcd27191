import { bytesToHex, hexToBytes } from "viem";
import type { Hex } from "../types";
import { InvalidReasonError } from "../errors/registry";

/** The most UTF-8 bytes a reason may have: 31, so the bytes32 always ends in a zero byte. */
export const MAX_REASON_BYTES = 31;

/**
 * Encodes a revocation reason for the registry's `bytes32 reason`: the UTF-8 bytes of the text,
 * left-aligned and padded with zero bytes on the right (like Solidity's `bytes32("superseded")`).
 * At most 31 bytes, so the last byte is always zero and `decodeReason` is exact; a longer text throws
 * `InvalidReasonError`. A 0x-prefixed 64-digit hex string is taken as an already encoded bytes32.
 *
 * @example
 * encodeReason("superseded") // "0x7375706572736564656400000000…00"
 * encodeReason("") // 32 zero bytes: no reason given
 */
export function encodeReason(reason: string): Hex {
  if (/^0x[0-9a-fA-F]{64}$/.test(reason)) return reason.toLowerCase() as Hex;
  const bytes = new TextEncoder().encode(reason);
  if (bytes.length > MAX_REASON_BYTES) throw new InvalidReasonError(reason, bytes.length);
  const word = new Uint8Array(32);
  word.set(bytes);
  return bytesToHex(word);
}

/**
 * Decodes a bytes32 reason written by `encodeReason` (or any left-aligned UTF-8 text) back to text.
 *
 * @example
 * decodeReason(encodeReason("fraud")) // "fraud"
 */
export function decodeReason(reason: Hex): string {
  const bytes = hexToBytes(reason);
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, end));
}
