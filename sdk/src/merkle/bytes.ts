/** Byte helpers of the Merkle code (hex conversion lives in the one codec, canonical/hex.ts). */

/** Byte-wise comparison of two 32-byte values at the given offsets (<0, 0, >0). */
export function compare32(a: Uint8Array, aOffset: number, b: Uint8Array, bOffset: number): number {
  for (let i = 0; i < 32; i++) {
    const d = a[aOffset + i] - b[bOffset + i];
    if (d !== 0) return d;
  }
  return 0;
}
