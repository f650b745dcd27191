/**
 * Node-only: the worker thread of `issueBatch` (started by issueBatch.ts, from sources under ts-node
 * or from dist/). Runs `hashChunk` and `writeChunk` on the chunks the main thread posts.
 *
 * Messages in:  { type: "hash", job } | { type: "tree", levels } | { type: "write", job }
 * Messages out: { type: "hashed", chunk, leaves, fileNames } | { type: "written", chunk, count } |
 *               { type: "error", chunk, error: SerializedError }
 */
import { parentPort, workerData } from "node:worker_threads";
import { MerkleTree } from "../merkle/MerkleTree";
import { hashChunk, writeChunk, type BatchJobContext, type HashJob, type WriteJob } from "./batchJobs";
import { serializeError } from "./serializeError";

type Message =
  { type: "hash"; job: HashJob } | { type: "tree"; levels: Uint8Array[] } | { type: "write"; job: WriteJob };

if (parentPort) {
  const port = parentPort;
  const context = workerData as BatchJobContext;
  let tree: MerkleTree | undefined;
  port.on("message", async (message: Message) => {
    const chunk = message.type === "tree" ? -1 : message.job.chunk;
    try {
      if (message.type === "hash") {
        const { leaves, fileNames } = await hashChunk(context, message.job);
        port.postMessage({ type: "hashed", chunk, leaves, fileNames }, [leaves.buffer as ArrayBuffer]);
      } else if (message.type === "tree") {
        tree = new MerkleTree(message.levels);
      } else {
        if (!tree) throw new Error("write job before the tree");
        writeChunk(context, tree, message.job);
        port.postMessage({ type: "written", chunk, count: message.job.count });
      }
    } catch (error) {
      port.postMessage({ type: "error", chunk, error: serializeError(error) });
    }
  });
}
