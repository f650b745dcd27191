/** Settles like `promise`, or rejects with `onTimeout()` after `ms`; always clears its timer. */
export function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The default time allowed for one DNS query or one HTTPS request. */
export const DEFAULT_IDENTITY_TIMEOUT_MS = 5000;
