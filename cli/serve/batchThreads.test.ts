import { expect } from "chai";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { batchThreadOptions } from "./batchThreads";
import { BATCH_WORKER_MARK } from "./batchWorker";

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
