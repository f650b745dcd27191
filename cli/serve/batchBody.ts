/**
 * verify-batch's body as it is received, on the request's thread, when the worker threads check the
 * batch: its chunks are copied as they arrive into one buffer taken from a small pool, so the body is
 * never joined into fresh memory (Fastify's `parseAs: "buffer"` concatenates the chunks into a new
 * buffer of the body's size). The threads read the body from a copy in a SharedArrayBuffer of another
 * pool (verifier.ts): each credential's bytes where they lie, never copied into a part's buffer of its
 * own. (Not the received buffer itself: V8 reads a SharedArrayBuffer's bytes from JavaScript ~1.6
 * times as slowly, and the split reads every byte.) A pool's buffer is handed out again only when
 * every holder let go of it: the request (when it is answered) and each part on a thread (when the
 * thread answered it: a thread decodes its part's texts first, then never reads the bytes again).
 *
 * The limits are Fastify's, as its buffer parser applies them: a Content-Length over the route's body
 * limit is `413` before a byte is read, a body that grows past the limit is `413` when it does, a body
 * whose length is not its Content-Length is `400`, and a stream error is the request's error (400
 * unless it has a status of its own).
 */
import { errorCodes, type FastifyRequest } from "fastify";
import type { Readable } from "node:stream";

/** A pool's buffer lent out: its bytes, and how many holders still read them. */
export class BodyLease {
  private holders = 1;

  constructor(
    /** The bytes: a view, from offset 0, of the pool's ArrayBuffer or SharedArrayBuffer. */
    readonly bytes: Buffer,
    private readonly giveBack: (buffer: ArrayBufferLike) => void,
  ) {}

  /** One more holder (a part sent to a thread); each `hold` is matched by one `release`. */
  hold(): void {
    if (this.holders === 0) throw new Error("a body lease was held again after its last release");
    this.holders++;
  }

  /** One holder less; the last gives the buffer back to its pool. */
  release(): void {
    if (this.holders === 0) throw new Error("a body lease was released more often than held");
    if (--this.holders === 0) this.giveBack(this.bytes.buffer);
  }

  /** Whether every holder has let go (the buffer is back in its pool). */
  get released(): boolean {
    return this.holders === 0;
  }
}

/**
 * The buffers that verify-batch bodies are received into (or, `shared`, copied into for the threads:
 * SharedArrayBuffers), kept for the next body when their holders let go (at most `keep` of them: one
 * per batch in flight). Reused memory is written without the page faults of fresh memory (a 33 MB body
 * costs ~5 ms to copy into reused memory, ~27 ms into fresh: docs/PERFORMANCE.md, "verify-batch,
 * December 7 evening").
 *
 * @example
 * const pool = new BodyBuffers(2, true);
 * const lease = pool.take(1024); // lease.bytes: 1,024 bytes of a SharedArrayBuffer
 * lease.release(); // the buffer goes back to the pool
 */
export class BodyBuffers {
  private readonly free: ArrayBufferLike[] = [];

  constructor(
    private readonly keep: number,
    private readonly shared = false,
  ) {}

  /** A buffer of at least `size` bytes, lent out to one holder (the caller). */
  take(size: number): BodyLease {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const length = this.free[i].byteLength;
      if (length >= size && (best < 0 || length < this.free[best].byteLength)) best = i;
    }
    // Whole MiB, so that bodies of nearly the same size reuse one buffer.
    const length = roundUp(Math.max(size, 1));
    const buffer =
      best >= 0 ? this.free.splice(best, 1)[0] : this.shared ? new SharedArrayBuffer(length) : new ArrayBuffer(length);
    return new BodyLease(Buffer.from(buffer, 0, size), (back) => this.giveBack(back));
  }

  /** Buffers waiting in the pool (for the tests). */
  get freeCount(): number {
    return this.free.length;
  }

  private giveBack(buffer: ArrayBufferLike): void {
    this.free.push(buffer);
    if (this.free.length > this.keep) {
      // The smallest goes: the next large body would not fit it anyway.
      let smallest = 0;
      for (let i = 1; i < this.free.length; i++) {
        if (this.free[i].byteLength < this.free[smallest].byteLength) smallest = i;
      }
      this.free.splice(smallest, 1);
    }
  }
}

const MIB = 1024 * 1024;

function roundUp(size: number): number {
  return Math.ceil(size / MIB) * MIB;
}

/**
 * Receives `payload` (the request's body stream) into a buffer of `pool`, with Fastify's body limits
 * (see the top of this file). The lease's one holder is the caller.
 *
 * @example
 * app.addContentTypeParser("application/json", (request, payload, done) => {
 *   readBatchBody(request, payload, request.routeOptions.bodyLimit ?? limit, pool).then((lease) => done(null, lease), done);
 * });
 */
export function readBatchBody(
  request: Pick<FastifyRequest, "headers">,
  payload: Readable & { receivedEncodedLength?: number },
  limit: number,
  pool: BodyBuffers,
): Promise<BodyLease> {
  const contentLength = Number(request.headers["content-length"]);
  if (contentLength > limit) return Promise.reject(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
  return new Promise<BodyLease>((resolve, reject) => {
    // With a Content-Length the body goes straight into its buffer; without one (chunked), the
    // chunks wait until the end gives the size.
    let lease = Number.isNaN(contentLength) ? undefined : pool.take(contentLength);
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      payload.removeListener("data", onData);
      payload.removeListener("end", onEnd);
      payload.removeListener("error", onEnd);
    };
    const fail = (error: Error) => {
      lease?.release();
      lease = undefined;
      reject(error);
    };
    function onData(data: Buffer | string): void {
      const chunk = typeof data === "string" ? Buffer.from(data) : data;
      const at = received;
      received += chunk.length;
      if (received > limit || (payload.receivedEncodedLength ?? 0) > limit) {
        stop();
        fail(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
        return;
      }
      if (lease === undefined) chunks.push(chunk);
      // Past the Content-Length: the length check at the end refuses the body.
      else if (received <= lease.bytes.length) lease.bytes.set(chunk, at);
    }
    function onEnd(error?: Error & { statusCode?: number }): void {
      stop();
      if (error != null) {
        if (!(typeof error.statusCode === "number" && error.statusCode >= 400)) error.statusCode = 400;
        fail(error);
        return;
      }
      if (!Number.isNaN(contentLength) && (payload.receivedEncodedLength || received) !== contentLength) {
        fail(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
        return;
      }
      if (lease === undefined) {
        lease = pool.take(received);
        let at = 0;
        for (const chunk of chunks) {
          lease.bytes.set(chunk, at);
          at += chunk.length;
        }
      }
      resolve(lease);
    }
    payload.on("data", onData);
    payload.on("end", onEnd);
    payload.on("error", onEnd);
    payload.resume();
  });
}
