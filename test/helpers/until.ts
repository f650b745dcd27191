/**
 * Polling for tests: waits until a condition holds (a child printed a line, an event arrived, a request
 * is in flight), or fails with what it waited for.
 *
 * @example
 * await until(() => events.some((e) => e.type === "sent"), "the anchor transaction to be sent");
 * await until(() => seen >= 2, () => `two answers (so far ${seen})`); // worded when it times out
 */
export async function until(
  condition: () => boolean,
  what: string | (() => string),
  timeoutMs = 20_000,
): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === "function" ? what() : what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
