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

/**
 * CPU time (user + system) of this process's main thread so far, in ms, or undefined where the
 * kernel does not say (not Linux). From /proc/self/task/<pid>/stat (the main thread's id is the
 * process id), in clock ticks of 10 ms: enough for runs of seconds. process.cpuUsage() counts every
 * thread (worker threads, V8's garbage collection and compiler threads), so the difference is what ran
 * beside the calling thread.
 */
export function mainThreadCpuMs(): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces), from field 3: utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) of one thread of this process so far, in ms (clock ticks of 10 ms), or undefined. */
function threadCpuMs(tid: string): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined; // the thread has ended
  }
}

/**
 * CPU time by kind of thread between `threadCpuSampler()` and `stop()`, in ms, or undefined where the
 * kernel does not say (not Linux): the calling thread; the threads started in between (the worker
 * threads); and the threads that were already there besides the calling one (V8's platform workers:
 * TurboFan's concurrent compiles, concurrent marking, parallel scavenges; and libuv's). A thread that
 * ends is read at its last sample (every 50 ms), so each worker thread may lose up to 50 ms; the sampling
 * itself costs about 0.1 ms of the calling thread per sample.
 */
export function threadCpuSampler(): () =>
  { callingThreadCpuMs: number; workerThreadsCpuMs: number; otherThreadsCpuMs: number } | undefined {
  let tids: string[];
  try {
    tids = fs.readdirSync("/proc/self/task");
  } catch {
    return () => undefined;
  }
  const main = String(process.pid);
  const atStart = new Map<string, number>();
  for (const tid of tids) atStart.set(tid, threadCpuMs(tid) ?? 0);
  const last = new Map<string, number>();
  const sample = () => {
    for (const tid of fs.readdirSync("/proc/self/task")) {
      const ms = threadCpuMs(tid);
      if (ms !== undefined) last.set(tid, ms);
    }
  };
  const timer = setInterval(sample, 50);
  timer.unref();
  return () => {
    clearInterval(timer);
    sample();
    const sums = { callingThreadCpuMs: 0, workerThreadsCpuMs: 0, otherThreadsCpuMs: 0 };
    for (const [tid, ms] of last) {
      const spent = ms - (atStart.get(tid) ?? 0);
      if (tid === main) sums.callingThreadCpuMs += spent;
      else if (atStart.has(tid)) sums.otherThreadsCpuMs += spent;
      else sums.workerThreadsCpuMs += spent;
    }
    return sums;
  };
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
