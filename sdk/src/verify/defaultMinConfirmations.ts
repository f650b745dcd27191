import { defaultConfirmations } from "../chain/defaultConfirmations";

/**
 * How many confirmations the `finality` check requires by default, per chain id: the same table
 * `anchorBatch` waits for before it writes an anchor record (see `defaultConfirmations`), so a
 * credential handed out after anchoring verifies as final at once.
 *
 * @example
 * defaultMinConfirmations(31337) // 1
 * defaultMinConfirmations(11155111) // 12
 */
export function defaultMinConfirmations(chainId: number): number {
  return defaultConfirmations(chainId);
}
