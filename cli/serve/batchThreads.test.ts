import { expect } from "chai";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { BodyBuffers } from "./batchBody";
import { batchThreadOptions, createBatchThreads } from "./batchThreads";
import { RpcResponseError } from "../../sdk/src/node";
import { BATCH_WORKER_MARK, rpcErrorPartsOf, rpcResponseErrorOf } from "./batchWorker";

/** The young generation a thread started with `options` has, as V8 reports it inside the thread. */
async function youngGenerationOf(options: WorkerOptions): Promise<number | undefined> {
  const worker = new Worker(
    `const { parentPort, resourceLimits } = require("node:worker_threads");
     parentPort.postMessage(resourceLimits.maxYoungGenerationSizeMb);`,
    { ...options, eval: true },
  );
  try {
    return await new Promise<number | undefined>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
  } finally {
    await worker.terminate();
  }
}

describe("batchThreadOptions", function () {
  it("gives a batch thread the young generation asked for, and its mark", async function () {
    const options = batchThreadOptions(96);
    expect(options.workerData).to.equal(BATCH_WORKER_MARK);
    expect(await youngGenerationOf(options)).to.equal(96);
  });

  it("leaves V8's default young generation with 0", async function () {
    const options = batchThreadOptions(0);
    expect(options.workerData).to.equal(BATCH_WORKER_MARK);
    expect(await youngGenerationOf(options)).to.equal(await youngGenerationOf({}));
  });
});

describe("createBatchThreads", function () {
  this.timeout(60_000); // the threads load the SDK under ts-node

  it("gives each thread two parts at a time (the one it verifies and the next): the others wait, in order, for the first thread that answers", async function () {
    const threads = createBatchThreads(2, 0);
    const pool = new BodyBuffers(1, true);
    const lease = pool.take(16);
    try {
      // Parts without credentials: each thread answers with an empty run.
      const outcomes = Array.from({ length: 6 }, () =>
        threads.verifyPart(
          {
            body: lease.bytes.buffer as SharedArrayBuffer,
            starts: new Uint32Array(0),
            ends: new Uint32Array(0),
            runs: [0],
            indices: [],
            nowMs: Date.now(),
            identity: undefined,
            minConfirmations: undefined,
            statusReasons: true,
          },
          { rpc: new Map() },
          lease,
        ),
      );
      expect(threads.queued).to.equal(2); // two threads, two parts each; all six at once before
      const answered = await Promise.all(outcomes);
      expect(threads.queued).to.equal(0);
      for (const outcome of answered) {
        expect(outcome).to.have.property("counts").that.deep.includes({ verified: 0, valid: 0 });
        if ("runs" in outcome) {
          expect(outcome.runs.map((run) => run.length)).to.deep.equal([0]);
          outcome.recycle();
        }
      }
      lease.release();
      expect(lease.released).to.equal(true); // every part let go of the body
    } finally {
      await threads.close();
    }
  });
});

describe("rpcErrorPartsOf / rpcResponseErrorOf (a node's JSON-RPC error, across threads)", function () {
  it("makes the same RpcResponseError again from what crosses: code, message, data, endpoint, method", function () {
    const error = new RpcResponseError({
      endpoint: "http://127.0.0.1:8545",
      method: "eth_call",
      rpcCode: 3,
      rpcMessage: "execution reverted: (JSON-RPC error 7) failed: on",
      data: "0x1425ea42",
    });
    const parts = rpcErrorPartsOf(error);
    expect(parts).to.deep.equal({
      endpoint: "http://127.0.0.1:8545",
      method: "eth_call",
      rpcCode: 3,
      rpcMessage: "execution reverted: (JSON-RPC error 7) failed: on",
      data: "0x1425ea42",
    });
    const again = rpcResponseErrorOf(structuredClone(parts!));
    expect(again).to.be.instanceOf(RpcResponseError);
    expect([again.message, again.rpcCode, again.rpcMessage, again.data, again.endpoint, again.method]).to.deep.equal([
      error.message,
      3,
      "execution reverted: (JSON-RPC error 7) failed: on",
      "0x1425ea42",
      "http://127.0.0.1:8545",
      "eth_call",
    ]);
  });

  it("leaves out data the node did not send, and any other error (which taints the part instead)", function () {
    const parts = rpcErrorPartsOf(
      new RpcResponseError({ endpoint: "e", method: "eth_call", rpcCode: -32601, rpcMessage: "no to" }),
    );
    expect(parts).to.deep.equal({ endpoint: "e", method: "eth_call", rpcCode: -32601, rpcMessage: "no to" });
    expect(rpcErrorPartsOf(new Error("eth_call on e failed: no to (JSON-RPC error -32601)"))).to.equal(undefined);
    expect(rpcErrorPartsOf({ rpcCode: 3 })).to.equal(undefined);
  });
});
