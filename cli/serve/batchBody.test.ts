import { expect } from "chai";
import { PassThrough } from "node:stream";
import { BodyBuffers, readBatchBody } from "./batchBody";
import { serveConfig } from "./config";
import { buildVerificationServer } from "./createServer";

/** A body stream that gives `chunks` one after another, then ends (or fails with `error`). */
function streamOf(chunks: string[], error?: Error): PassThrough {
  const stream = new PassThrough();
  setImmediate(() => {
    for (const chunk of chunks) stream.write(chunk);
    if (error) stream.destroy(error);
    else stream.end();
  });
  return stream;
}

describe("verify-batch's body buffers (cli/serve/batchBody)", function () {
  describe("BodyBuffers", function () {
    it("gives a released buffer out again, the smallest that fits, and keeps at most `keep`", function () {
      const pool = new BodyBuffers(2, true);
      const a = pool.take(3 * 1024 * 1024);
      const b = pool.take(10);
      expect(a.bytes.length).to.equal(3 * 1024 * 1024);
      expect(a.bytes.buffer).to.be.instanceOf(SharedArrayBuffer);
      expect(a.bytes.byteOffset).to.equal(0);
      a.release();
      b.release();
      expect(pool.freeCount).to.equal(2);
      // The 1 MiB buffer fits 100 bytes; the 3 MiB one stays for a larger body.
      const c = pool.take(100);
      expect(c.bytes.buffer).to.equal(b.bytes.buffer);
      const d = pool.take(2 * 1024 * 1024);
      expect(d.bytes.buffer).to.equal(a.bytes.buffer);
      const e = pool.take(10);
      expect(e.bytes.buffer).to.not.equal(a.bytes.buffer).and.not.equal(b.bytes.buffer);
      c.release();
      d.release();
      e.release();
      expect(pool.freeCount).to.equal(2);
    });

    it("does not give a buffer out again while a part still holds it", function () {
      const pool = new BodyBuffers(2);
      const lease = pool.take(1000);
      lease.hold(); // a part sent to a thread
      lease.hold(); // another
      lease.release(); // the request is answered (it timed out, say): the parts still read the body
      expect(pool.take(1000).bytes.buffer).to.not.equal(lease.bytes.buffer);
      lease.release();
      expect(lease.released).to.equal(false);
      expect(pool.take(1000).bytes.buffer).to.not.equal(lease.bytes.buffer);
      lease.release(); // the last part answered
      expect(lease.released).to.equal(true);
      expect(pool.take(1000).bytes.buffer).to.equal(lease.bytes.buffer);
    });

    it("refuses a release without a holder and a hold after the last release", function () {
      const lease = new BodyBuffers(1).take(10);
      lease.release();
      expect(() => lease.release()).to.throw("a body lease was released more often than held");
      expect(() => lease.hold()).to.throw("a body lease was held again after its last release");
    });
  });

  describe("readBatchBody", function () {
    const body = '{"verifiableCredentials":[{"id":"é"}]}';
    const length = String(Buffer.byteLength(body));

    it("puts the chunks one after another into a buffer of the pool, with or without a Content-Length", async function () {
      for (const headers of [{ "content-length": length }, {}]) {
        const pool = new BodyBuffers(1);
        const chunks = [body.slice(0, 5), body.slice(5, 31), body.slice(31)];
        const lease = await readBatchBody({ headers }, streamOf(chunks), 1000, pool);
        expect(lease.bytes.toString("utf8"), JSON.stringify(headers)).to.equal(body);
        // Not shared: the split reads every byte, and V8 reads shared memory more slowly.
        expect(lease.bytes.buffer).to.be.instanceOf(ArrayBuffer);
        lease.release();
        expect(pool.freeCount).to.equal(1);
      }
    });

    it("answers Fastify's errors for its limits, and gives the buffer back", async function () {
      const pool = new BodyBuffers(1);
      const refusal = async (headers: Record<string, string>, stream: PassThrough, limit: number) => {
        const error = await readBatchBody({ headers }, stream, limit, pool).then(
          () => undefined,
          (e: Error & { code?: string; statusCode?: number }) => e,
        );
        return { code: error?.code, status: error?.statusCode, message: error?.message };
      };
      // Over the limit by its Content-Length: refused before a byte is read.
      const unread = new PassThrough();
      expect(await refusal({ "content-length": "41" }, unread, 40)).to.deep.include({
        code: "FST_ERR_CTP_BODY_TOO_LARGE",
        status: 413,
      });
      expect(unread.readableFlowing).to.equal(null);
      // Chunked (no Content-Length), past the limit as it streams.
      expect(await refusal({}, streamOf(["x".repeat(30), "x".repeat(11)]), 40)).to.deep.include({
        code: "FST_ERR_CTP_BODY_TOO_LARGE",
        status: 413,
      });
      // Shorter or longer than its Content-Length.
      for (const declared of ["100", "10"]) {
        expect(await refusal({ "content-length": declared }, streamOf([body]), 1000)).to.deep.include({
          code: "FST_ERR_CTP_INVALID_CONTENT_LENGTH",
          status: 400,
        });
      }
      // The stream fails (the client went away): its own error, a 400.
      expect(await refusal({ "content-length": length }, streamOf(["{"], new Error("aborted")), 1000)).to.deep.equal({
        code: undefined,
        status: 400,
        message: "aborted",
      });
      expect(pool.freeCount).to.equal(1);
    });
  });

  describe("the service's verify-batch route with worker threads", function () {
    const { app, close } = buildVerificationServer(
      serveConfig({ chains: [], batchWorkers: 1, limits: { batchBodyLimit: 1000, rateLimit: 0 } }),
    );
    after(() => close());

    it("answers 413 BODY_TOO_LARGE from the Content-Length, and as a chunked body grows past the limit", async function () {
      for (const headers of [{ "content-length": "1001" }, {}]) {
        const payload = new PassThrough();
        payload.end("x".repeat(1001));
        const answer = await app.inject({
          method: "POST",
          url: "/credentials/verify-batch",
          headers: { "content-type": "application/json", ...headers },
          payload,
        });
        expect(answer.statusCode, JSON.stringify(headers)).to.equal(413);
        expect(answer.json()).to.deep.include({ code: "BODY_TOO_LARGE", status: 413 });
      }
    });

    it("answers a body that is not JSON with the strict parser's error, its line and column", async function () {
      const answer = await app.inject({
        method: "POST",
        url: "/credentials/verify-batch",
        headers: { "content-type": "application/json" },
        payload: '{"verifiableCredentials":\n [{"id":1,"id":2}]}',
      });
      expect(answer.statusCode).to.equal(400);
      expect(answer.json()).to.deep.include({ code: "JSON_RULE", line: 2, status: 400 });
    });
  });
});
