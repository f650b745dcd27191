/**
 * Pure: how the roots still missing from the chain are split into anchoring transactions, and which
 * transaction may reuse the nonce of a dropped attempt (with fees high enough to replace it).
 */
import type { Address } from "../types";
import type { NonceReuse } from "./anchorState";

/** Most roots in one `anchorMany` transaction by default (~5.4M gas, well under the 16,777,216 cap). */
export const DEFAULT_MAX_ROOTS_PER_TRANSACTION = 200;

/** One transaction to send: its batches and, when it replaces a dropped attempt, the nonce and minimum fees. */
export interface PlannedChunk<S> {
  states: S[];
  replace?: {
    nonce: number;
    minFees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };
  };
}

/**
 * Splits `toSend` into chunks of at most `maxRootsPerTransaction` (default 200, at least 1). A chunk
 * reuses a dropped attempt's nonce only when the sending account is the one that nonce belongs to,
 * every batch in the chunk shared that attempt, and no earlier chunk of this round reused it.
 *
 * @example
 * for (const chunk of planChunks(missing, { maxRootsPerTransaction: 200, account: client.account?.address })) {
 *   await sendChunk(chunk.states, chunk.replace, ctx);
 * }
 */
export function planChunks<S extends { reuse?: NonceReuse }>(
  toSend: readonly S[],
  { maxRootsPerTransaction, account }: { maxRootsPerTransaction?: number; account?: Address },
): PlannedChunk<S>[] {
  const size = Math.max(1, maxRootsPerTransaction ?? DEFAULT_MAX_ROOTS_PER_TRANSACTION);
  const chunks: PlannedChunk<S>[] = [];
  let reusedNonce: number | undefined;
  for (let start = 0; start < toSend.length; start += size) {
    const states = toSend.slice(start, start + size);
    const reuse = states[0].reuse;
    const canReuse =
      reuse !== undefined &&
      reuse.from.toLowerCase() === account?.toLowerCase() &&
      reusedNonce !== reuse.nonce &&
      states.every((s) => s.reuse?.nonce === reuse.nonce);
    if (canReuse) {
      reusedNonce = reuse.nonce;
      chunks.push({
        states,
        replace: {
          nonce: reuse.nonce,
          minFees: {
            maxFeePerGas: bumpFee(reuse.maxFeePerGas),
            maxPriorityFeePerGas: bumpFee(reuse.maxPriorityFeePerGas),
          },
        },
      });
    } else {
      chunks.push({ states });
    }
  }
  return chunks;
}

/** +12.5% and 1 wei: enough for any client's replacement rule (geth asks for +10%). */
export function bumpFee(value: bigint): bigint {
  return value + value / 8n + 1n;
}
