import fs from "node:fs";

/**
 * Peak resident memory of this process in KiB. On Linux, VmHWM from /proc/self/status: it belongs to
 * the process's own address space. getrusage's maxRSS is NOT used there, because Linux carries the
 * high-water mark of the forked copy of the parent across exec, so every child of a large parent
 * would report at least the parent's size.
 */
function peakRssKiB(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync("/proc/self/status", "utf8"));
    if (match) return Number(match[1]);
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS;
}

/** Called by workloads (child processes): prints the result line with memory figures. */
export function report(result: Record<string, number | string>, baseRss: number): void {
  const maxRssMiB = peakRssKiB() / 1024;
  console.log(
    JSON.stringify({ ...result, baseRssMiB: Math.round(baseRss / 2 ** 20), maxRssMiB: Math.round(maxRssMiB) }),
  );
}

/** n deterministic 32-byte digests (a cheap xorshift stream; the content does not matter for speed). */
export function benchDigests(n: number): Uint8Array {
  const out = new Uint8Array(32 * n);
  const words = new Uint32Array(out.buffer);
  let x = 0x9e3779b9;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return out;
}
