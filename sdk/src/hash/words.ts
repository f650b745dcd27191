/**
 * Internal: 32-byte values read, compared and copied as eight 32-bit words through DataViews, for the hot
 * loops around keccak (the digest's input, the Merkle fold): about a third of the CPU of the same work
 * byte by byte in V8 (docs/PERFORMANCE.md "From files, December 8"). Browser-safe.
 */

/** An array no caller holds: the cache's entries start with it, so that no lookup matches them. */
const NONE = new Uint8Array(0);

/**
 * The DataViews made last, by the array they view (a few arrays are reused: the keccak memory, scratch).
 * Entries are written in place and start with a real array and view, so that every entry keeps one
 * shape and its fields one kind of value (an entry that began with `undefined` there cost optimised
 * callers such as `verifyInclusionBytes` a deoptimisation when it was first filled).
 */
const cache: { bytes: Uint8Array; view: DataView }[] = Array.from({ length: 6 }, () => ({
  bytes: NONE,
  view: new DataView(NONE.buffer),
}));
let next = 0;

/**
 * A DataView over exactly `bytes` (index i of the view is bytes[i]), made once while `bytes` and its
 * buffer stay (a WebAssembly memory that grows gets a new buffer, and its new array a new view).
 *
 * @example
 * same32(viewOf(a), 0, viewOf(b), 32) // a[0, 32) equals b[32, 64)
 */
export function viewOf(bytes: Uint8Array): DataView {
  for (let i = 0; i < cache.length; i++) {
    const entry = cache[i];
    if (entry.bytes === bytes && entry.view.buffer === bytes.buffer) return entry.view;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entry = cache[next];
  entry.bytes = bytes;
  entry.view = view;
  next = (next + 1) % cache.length;
  return view;
}

/** Whether the 32 bytes at `aAt` of `a` are those at `bAt` of `b`. */
export function same32(a: DataView, aAt: number, b: DataView, bAt: number): boolean {
  for (let i = 0; i < 32; i += 4) if (a.getInt32(aAt + i, true) !== b.getInt32(bAt + i, true)) return false;
  return true;
}

/** Copies the 32 bytes at `fromAt` of `from` to `toAt` of `to` (the two ranges must not overlap). */
export function copy32(from: DataView, fromAt: number, to: DataView, toAt: number): void {
  for (let i = 0; i < 32; i += 4) to.setInt32(toAt + i, from.getInt32(fromAt + i, true), true);
}
