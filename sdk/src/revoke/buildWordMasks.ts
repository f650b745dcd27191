import type { Hex } from "../types";
import { InvalidTargetError } from "../errors/registry";

/** One credential of one batch. */
export interface CredentialRef {
  root: Hex;
  /** The credential's leaf index in its batch. */
  index: number;
}

/** The bitmap words a set of credentials of one batch touches. */
export interface BatchWordMasks {
  root: Hex;
  /** Ascending by word index; every mask non-zero. */
  words: { wordIndex: number; mask: bigint }[];
  /** The distinct indices, ascending. */
  indices: number[];
}

/**
 * Groups credentials by batch and builds the registry's word masks: credential `i` is bit `i & 255`
 * of word `i >> 8`. Duplicates collapse; batches keep the order of their first appearance.
 *
 * @example
 * buildWordMasks([{ root, index: 3 }, { root, index: 300 }, { root, index: 3 }])
 * // [{ root, words: [{ wordIndex: 0, mask: 1n << 3n }, { wordIndex: 1, mask: 1n << 44n }], indices: [3, 300] }]
 */
export function buildWordMasks(targets: readonly CredentialRef[]): BatchWordMasks[] {
  const batches = new Map<string, Map<number, bigint>>();
  for (const target of targets) {
    if (typeof target.root !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(target.root)) {
      throw new InvalidTargetError(`${JSON.stringify(target.root)} is not a batch root (32 bytes as 0x-hex).`, {
        fix: "Pass { root, index } with the root from the credential's proof or the batch's manifest.json.",
      });
    }
    if (!Number.isSafeInteger(target.index) || target.index < 0) {
      throw new InvalidTargetError(
        `${JSON.stringify(target.index)} is not a credential index (a non-negative integer).`,
        {
          fix: "Pass the credential's proof leafIndex.",
        },
      );
    }
    const root = target.root.toLowerCase();
    const words = batches.get(root) ?? new Map<number, bigint>();
    batches.set(root, words);
    const wordIndex = Math.floor(target.index / 256);
    words.set(wordIndex, (words.get(wordIndex) ?? 0n) | (1n << BigInt(target.index % 256)));
  }
  return [...batches].map(([root, words]) => {
    const sorted = [...words].sort((a, b) => a[0] - b[0]).map(([wordIndex, mask]) => ({ wordIndex, mask }));
    return { root: root as Hex, words: sorted, indices: indicesOf(sorted) };
  });
}

/** The credential indices named by word masks, ascending. */
export function indicesOf(words: readonly { wordIndex: number; mask: bigint }[]): number[] {
  const indices: number[] = [];
  for (const { wordIndex, mask } of words) {
    for (let bit = 0; bit < 256; bit++) if ((mask >> BigInt(bit)) & 1n) indices.push(wordIndex * 256 + bit);
  }
  return indices;
}

/** The number of set bits. */
export function popcount(value: bigint): number {
  let count = 0;
  for (let v = value; v > 0n; v &= v - 1n) count++;
  return count;
}
