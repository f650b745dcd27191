import { expect } from "chai";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { editEntry, sampleCredential, withProof } from "../../../test/fixtures/samples";
import { leafHash } from "../merkle/leafHash";
import type { Hex } from "../types";

/** What the worker thread reports. */
interface Answer {
  /** viem, ox, abitype or @noble/curves in the thread's module cache after loading the verify worker's modules. */
  loadedAtStart: string[];
  /** The same after verifying the texts. */
  loadedAfter: string[];
  /**
   * Each text's format, integrity and inclusion results as `status code`; "passed (left out)" for the two that
   * a thread leaves out of a work when both passed (`work.passed`, shareWorks.ts).
   */
  checks: string[][];
}

/**
 * Loads the verification worker's module graph (sdk/src/verify/verifyWorker.ts, which does not start:
 * its workerData is not its mark) in a new worker thread, then checks `texts` there as a verification
 * thread does (`verifyTextsShared`), and reports the chain library's packages found in the thread's
 * module cache.
 */
async function inWorker(texts: string[]): Promise<Answer> {
  const src = path.join(__dirname, "..");
  const register = process.env.CREDANCHOR_WORKER_TS_REGISTER || require.resolve("ts-node/register/transpile-only");
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    require(${JSON.stringify(register)});
    const CHAIN_LIBRARIES = /node_modules[\\\\/](viem|ox|abitype|@noble[\\\\/]curves)[\\\\/]/;
    const loaded = () => [...new Set(Object.keys(require.cache).filter((f) => CHAIN_LIBRARIES.test(f)).map((f) => CHAIN_LIBRARIES.exec(f)[1]))].sort();
    const { verifyTextsShared } = require(${JSON.stringify(path.join(src, "verify/verifyWorker.ts"))});
    const loadedAtStart = loaded();
    const { initKeccak } = require(${JSON.stringify(path.join(src, "hash/keccak.ts"))});
    const { createCanonizer } = require(${JSON.stringify(path.join(src, "sign/canonize.ts"))});
    const { createDidWebKeyResolver } = require(${JSON.stringify(path.join(src, "sign/resolveAssertionKey.ts"))});
    (async () => {
      await initKeccak();
      const signature = { resolveKey: createDidWebKeyResolver(), canonizer: createCanonizer() };
      const shared = await verifyTextsShared(workerData.texts, { nowMs: Date.parse("2026-06-01T00:00:00Z") }, signature);
      const checks = shared.works.map((work) =>
        ["format", "integrity", "inclusion"].map((name) =>
          work.checks[name] ? work.checks[name].status + " " + work.checks[name].code : work.passed ? "passed (left out)" : "absent",
        ),
      );
      parentPort.postMessage({ loadedAtStart, loadedAfter: loaded(), checks });
    })().catch((error) => parentPort.postMessage({ error: String((error && error.stack) || error) }));
  `;
  const worker = new Worker(code, { eval: true, workerData: { texts } });
  try {
    const answer = await new Promise<Answer | { error: string }>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.once("exit", (exitCode) => reject(new Error(`the worker exited (${exitCode}) without an answer`)));
    });
    if ("error" in answer) throw new Error(answer.error);
    return answer;
  } finally {
    await worker.terminate();
  }
}

/** A credential alone in its batch (root = its leaf), anchored in `registry`. */
function anchoredIn(registry: string) {
  const credential = withProof(sampleCredential());
  editEntry(credential, (data) => {
    data.path = [];
    data.root = leafHash(0, data.digest);
    data.anchor = {
      chain: "eip155:31337",
      registry: registry as Hex,
      transactionHash: `0x${"12".repeat(32)}`,
      blockNumber: 7,
      anchoredAt: "2026-03-01T10:00:00Z",
    };
  });
  return credential;
}

describe("verify: what a verification worker thread loads", function () {
  this.timeout(120_000);

  it("no chain library (viem, ox, abitype, @noble/curves), and the registry's checksum case still checked", async function () {
    const registry = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    const valid = anchoredIn(registry);
    // The proof's verificationMethod names the registry in EIP-55 case; the same with one letter's case changed
    // is not the registry's did:pkh any more.
    const entry = (valid.proof as { verificationMethod?: string }[]).find((item) => item.verificationMethod)!;
    expect(entry.verificationMethod).to.equal("did:pkh:eip155:31337:0x5FbDB2315678afecb367f032d93F642f64180aa3");
    const wrongCase = {
      ...valid,
      proof: [{ ...entry, verificationMethod: entry.verificationMethod!.replace("0x5FbDB", "0x5fbDB") }],
    };

    const answer = await inWorker([JSON.stringify(valid), JSON.stringify(wrongCase)]);

    expect(answer.loadedAtStart).to.deep.equal([]);
    expect(answer.loadedAfter).to.deep.equal([]);
    expect(answer.checks[0]).to.deep.equal(["passed FORMAT_OK", "passed (left out)", "passed (left out)"]);
    expect(answer.checks[1]).to.deep.equal([
      "failed FORMAT_PROOF_INVALID",
      "skipped SKIPPED_DEPENDENCY",
      "skipped SKIPPED_DEPENDENCY",
    ]);
  });
});
