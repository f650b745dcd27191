/**
 * `run` wrapped so that it runs on the first call only; later calls do nothing (a release, a slot or
 * a recycle that more than one path may end).
 *
 * @example
 * const release = once(() => lease.release());
 * release();
 * release(); // nothing
 */
export function once(run: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      run();
    }
  };
}
