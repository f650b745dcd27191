import type { Hex } from "../../types";
import type { WriteOptions } from "../writeRegistry";

/** The arguments of `revoke`, `suspend` and `reinstate`. */
export interface BitmapWriteParameters extends WriteOptions {
  root: Hex;
  /** For each mask, the word it applies to (`index >> 8`). */
  wordIndices: readonly (number | bigint)[];
  /** The bits to change in each word (`1n << BigInt(index & 255)` per credential); none zero. */
  masks: readonly bigint[];
  /** A short text (≤ 31 UTF-8 bytes, see `encodeReason`) or an encoded bytes32. */
  reason: string;
}
