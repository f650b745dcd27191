/**
 * Deterministic pseudo-random numbers from a 32-bit seed (mulberry32), for tests whose inputs must
 * replay exactly from the seed a failure prints.
 */

/**
 * A generator of 32-bit unsigned integers from `seed`.
 *
 * @example
 * const next = seededUint32(7);
 * next() === seededUint32(7)(); // true: the same seed gives the same numbers
 */
export function seededUint32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A generator of numbers in [0, 1) from `seed`: seededUint32's numbers over 2^32. */
export function seededRandom(seed: number): () => number {
  const next = seededUint32(seed);
  return () => next() / 4294967296;
}
