/**
 * verify-batch's answer bytes (BatchAnswer, from the templates of cli/serve/answerJson.ts) against the
 * plain path (`JSON.stringify` of the response object, what Fastify sends for it), on real verdicts
 * from a hardhat node: valid, tampered, revoked, suspended, unanchored, on an unconfigured chain, not a
 * credential, malformed entries, mixed in one batch and cut into parts; and the answers the worker
 * threads write themselves (batchWorker.ts) between the request thread's, against the same plain path.
 */
import { expect } from "chai";
import { encodeReason } from "../../../sdk/src/chain/reason";
import type { VerificationResult } from "../../../sdk/src/node";
import type { Address, AnchorRecord, Caip2ChainId } from "../../../sdk/src/types";
import { AnswerWriter } from "../../../cli/serve/answerJson";
import { serveConfig } from "../../../cli/serve/config";
import { BatchAnswer, type VerifyBatchResponse } from "../../../cli/serve/routes/verifyBatch";
import { splitBatchBody } from "../../../cli/serve/splitBatchBody";
import { ProblemDetails, toVcApiVerification, toVcApiVerificationOwned } from "../../../cli/serve/vcApi";
import {
  createVerifier,
  type AnsweredRun,
  type BatchPart,
  type StatusAge,
  type Verifier,
} from "../../../cli/serve/verifier";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import {
  anchorTestRoot,
  buildTestBatch,
  deployTestRegistry,
  testChain,
  withAnchor,
  writeRegistry,
  type TestCredential,
} from "../../helpers/verifyFixtures";

const CHAIN: Caip2ChainId = "eip155:31337";

/** The plain path: the response object as JSON, as Fastify serialises it. */
function plainAnswer(results: readonly VerificationResult[], statusAge?: StatusAge): Buffer {
  const answers = results.map(toVcApiVerification);
  const summary: VerifyBatchResponse["summary"] = {
    total: 0,
    verified: 0,
    valid: 0,
    invalid: 0,
    error: 0,
    notCredential: 0,
  };
  for (const answer of answers) {
    summary.total++;
    if (answer.verified) summary.verified++;
    const verdict = answer.credanchor.verdict;
    if (verdict === "not-a-credential") summary.notCredential++;
    else summary[verdict]++;
  }
  const response: VerifyBatchResponse = { summary, results: answers, ...(statusAge ? { statusAge } : {}) };
  return Buffer.from(JSON.stringify(response));
}

/** The bytes as text with every validity check's `now` blanked: two verifications of one list differ there only. */
function withoutNow(bytes: Buffer): string {
  return bytes.toString("utf8").replace(/"now":"[^"]*"/g, '"now":""');
}

/** BatchAnswer's bytes for the results given in parts of `part`. */
function fastAnswer(results: readonly VerificationResult[], part: number, statusAge?: StatusAge): Buffer {
  const answer = new BatchAnswer();
  for (let from = 0; from < results.length; from += part) answer.add(results.slice(from, from + part));
  return answer.finish(statusAge);
}

describe("verify-batch's answer bytes, against the plain path (real verdicts from a hardhat node)", function () {
  this.timeout(120_000);
  let node: SharedHardhatNode;
  let verifier: Verifier;
  let list: unknown[];
  /** The kind of each entry of `list`. */
  let kinds: string[];

  before(async function () {
    node = await sharedHardhatNode();
    const chain = testChain(node.url);
    const registry: Address = await deployTestRegistry(chain);
    const batch = await buildTestBatch(6);
    const anchor: AnchorRecord = await anchorTestRoot(chain, registry, batch.root, 6);
    const credentials = batch.credentials.map((c) => withAnchor(c, anchor));
    await writeRegistry(chain, registry, "revoke", batch.root, [2], encodeReason("issued-in-error"));
    await writeRegistry(chain, registry, "suspend", batch.root, [3], encodeReason("under-review"));
    type Named = TestCredential & { credentialSubject: { name: string } };
    const tampered = structuredClone(credentials[1]) as Named;
    tampered.credentialSubject.name = 'Mallory "M." …';
    // A holder's name that JSON.stringify escapes (a control character, a lone surrogate): a format error.
    const odd = structuredClone(credentials[1]) as Named;
    odd.credentialSubject.name = "Mallory \u0007 \ud800";
    const other = await buildTestBatch(2);
    const otherChain = { ...anchor, chain: "eip155:11155111" as Caip2ChainId };
    const entries: [string, unknown][] = [
      ["valid", credentials[0]],
      ["tampered", tampered],
      ["odd characters", odd],
      ["revoked", credentials[2]],
      ["suspended", credentials[3]],
      ["valid", credentials[4]],
      ["unanchored", other.credentials[0]],
      ["borrowed anchor", withAnchor(other.credentials[1], anchor)],
      ["unconfigured chain", withAnchor(credentials[5], otherChain)],
      ["not a credential", { hello: "world" }],
      ["malformed: a string", "eyJhbGciOiJFUzI1NiJ9.e30.c2ln"],
      ["malformed: a number", 42],
      ["malformed: null", null],
      ["malformed: a list", [credentials[0]]],
      ["malformed: a bad proof", { ...credentials[5], proof: "x" }],
      ["valid", credentials[5]],
    ];
    // Mixed: each kind three times, interleaved, so that the parts below meet each shape more than once.
    list = [];
    kinds = [];
    for (let round = 0; round < 3; round++) {
      for (const [kind, entry] of entries) {
        list.push(entry);
        kinds.push(kind);
      }
    }
    verifier = createVerifier(
      serveConfig({
        port: 0,
        chains: [{ name: "localhost", chain: CHAIN, chainId: 31337, endpoints: [node.url] }],
        batchWorkers: 0,
      }),
    );
  });

  after(async function () {
    await verifier?.close();
    await node?.release();
  });

  it("gives the plain path's bytes for every kind of verdict, mixed in one batch, in parts of any size", async function () {
    const { results, statusAge } = await verifier.verify(list, {});
    // Every kind this test means to cover is there.
    const verdictOf = (kind: string) => toVcApiVerification(results[kinds.indexOf(kind)]);
    expect(verdictOf("valid").verified).to.equal(true);
    expect(verdictOf("tampered").errors[0].code).to.equal("INTEGRITY_DIGEST_MISMATCH");
    expect(verdictOf("revoked").errors.map((e) => e.code)).to.include("REVOCATION_CREDENTIAL_REVOKED");
    expect(verdictOf("odd characters").errors[0].code).to.equal("FORMAT_INVALID_CREDENTIAL");
    expect(verdictOf("suspended").errors.map((e) => e.code)).to.include("SUSPENSION_SUSPENDED");
    expect(verdictOf("unanchored").errors[0].code).to.equal("ANCHOR_RECORD_MISSING");
    expect(verdictOf("borrowed anchor").errors[0].code).to.equal("ANCHOR_ROOT_NOT_FOUND");
    expect(verdictOf("unconfigured chain").credanchor.verdict).to.equal("error");
    expect(verdictOf("not a credential").credanchor.verdict).to.equal("not-a-credential");
    expect(verdictOf("malformed: a bad proof").verified).to.equal(false);

    const plain = plainAnswer(results, statusAge);
    for (const part of [1, 4, 7, list.length]) {
      expect(fastAnswer(results, part, statusAge).equals(plain), `parts of ${part}`).to.equal(true);
    }
    expect(fastAnswer(results, 5).equals(plainAnswer(results)), "without statusAge").to.equal(true);
    // The valid answers came from a template, not from JSON.stringify.
    const writer = new AnswerWriter();
    writer.write(results.map(toVcApiVerification));
    expect(writer.counts.template).to.be.at.least(kinds.filter((k) => k === "valid").length);
  });

  it("gives the same answers from a thread's own results (the result itself as `credanchor`, its verdict added last, problem details shared)", async function () {
    const { results } = await verifier.verify(list, {});
    const plain = results.map((result) => JSON.stringify(toVcApiVerification(result)));
    const owned = results.map((result) => structuredClone(result)); // the same members in the same order, held by no one else
    const problems = new ProblemDetails(); // one per thread: its answers share their problem details
    const answers = owned.map((result) => toVcApiVerificationOwned(result, problems));
    answers.forEach((answer, i) => {
      expect(answer.credanchor, kinds[i]).to.equal(owned[i]);
      expect(JSON.stringify(answer), kinds[i]).to.equal(plain[i]);
    });
    // Through the templates, as the threads write them.
    expect(new AnswerWriter().write(answers).toString()).to.equal(plain.join(","));
  });
  /** verify-batch's thread path: the body of `entries` split and verified by `threaded`, the answer's bytes. */
  const threadedAnswer = async (threaded: Verifier, entries: readonly unknown[]) => {
    const answer = new BatchAnswer();
    const split = splitBatchBody(Buffer.from(JSON.stringify({ verifiableCredentials: entries })));
    expect(split, "a body the split takes").to.not.equal(undefined);
    const outcome = await threaded.verifyBody!(split!, {}, (part) => answer.addPart(part));
    expect(outcome, "texts the strict parser accepts").to.not.equal(undefined);
    return answer.finish();
  };
  /**
   * The entries of `entries` the route hands to the threads' path: objects (splitBatchBody leaves anything
   * else to the whole-body parse), none the strict parser refuses (a lone surrogate: the whole body's
   * parse answers with its JSON error); in their place, an object whose text holds a \u escape, which
   * the request's thread verifies.
   */
  const objectsOf = (entries: readonly unknown[]) =>
    entries
      .map((entry, i) => (kinds[i] === "odd characters" ? { note: "a bell: \u0007" } : entry))
      .filter((entry) => typeof entry === "object" && entry !== null && !Array.isArray(entry));

  it("gives the plain path's bytes when worker threads verify the texts and write the answers, between the request thread's", async function () {
    const objects = objectsOf(list);
    const threaded = createVerifier(
      serveConfig({
        port: 0,
        chains: [{ name: "localhost", chain: CHAIN, chainId: 31337, endpoints: [node.url] }],
        batchWorkers: 2,
        batchPart: 5,
      }),
    );
    try {
      const fast = await threadedAnswer(threaded, objects);
      const { results } = await verifier.verify(objects, {});
      expect(withoutNow(fast)).to.equal(withoutNow(plainAnswer(results)));
      // Both sides wrote answers: the threads most, this thread the one whose text holds a \u escape.
      expect(threaded.batchCredentials.worker).to.equal(objects.length - 3);
      expect(threaded.batchCredentials.request).to.equal(3);
    } finally {
      await threaded.close();
    }
  });

  it("verifies a part again on the request's thread when a thread's chain read failed, with the plain path's bytes", async function () {
    const objects = objectsOf(list);
    // A chain that cannot be reached: every read fails, on its way to the threads too.
    const unreachable = (batchWorkers: number) =>
      createVerifier(
        serveConfig({
          port: 0,
          chains: [
            {
              name: "localhost",
              chain: CHAIN,
              chainId: 31337,
              endpoints: ["http://127.0.0.1:9"],
              retries: 0,
              timeoutMs: 2_000,
            },
          ],
          batchWorkers,
          batchPart: 5,
        }),
      );
    const threaded = unreachable(2);
    const plain = unreachable(0);
    try {
      const fast = await threadedAnswer(threaded, objects);
      const { results } = await plain.verify(objects, {});
      expect(results.some((result) => result.status === "error")).to.equal(true);
      expect(withoutNow(fast)).to.equal(withoutNow(plainAnswer(results)));
      // Every part had a failed read: the request's thread verified every credential.
      expect(threaded.batchCredentials).to.deep.equal({ worker: 0, request: objects.length });
    } finally {
      await Promise.all([threaded.close(), plain.close()]);
    }
  });

  it("writes a thread's next answers into the memory the request's thread gave back, never into memory it still holds", async function () {
    const threaded = createVerifier(
      serveConfig({
        port: 0,
        chains: [{ name: "localhost", chain: CHAIN, chainId: 31337, endpoints: [node.url] }],
        batchWorkers: 1,
      }),
    );
    try {
      const split = splitBatchBody(
        Buffer.from(JSON.stringify({ verifiableCredentials: [{ hello: "world" }, { hello: "again" }] })),
      )!;
      /** The batch's one part, as the thread answered it. */
      const answered = async () => {
        const parts: BatchPart[] = [];
        await threaded.verifyBody!(split, {}, (part) => parts.push(part));
        expect(parts.map((part) => part.pieces.length)).to.deep.equal([1]);
        return { part: parts[0], run: parts[0].pieces[0] as AnsweredRun };
      };
      /** The whole memory under a run's bytes (shared with the thread). */
      const memoryOf = (run: AnsweredRun) => new Uint8Array(run.bytes.buffer);
      const first = await answered();
      const text = first.run.bytes.toString();
      expect(first.run.bytes.buffer).to.be.instanceOf(SharedArrayBuffer);
      const mark = memoryOf(first.run).length - 1; // past the answers: the thread never writes there for two answers
      memoryOf(first.run)[mark] = 0xab;
      // Still held: the next part's answers go into other memory.
      const second = await answered();
      expect(memoryOf(second.run)[mark]).to.not.equal(0xab);
      expect(first.run.bytes.toString()).to.equal(text);
      // Given back: written again.
      first.part.recycle!();
      const third = await answered();
      expect(memoryOf(third.run)[mark]).to.equal(0xab);
      expect(third.run.bytes.toString()).to.equal(text);
      second.part.recycle!();
      third.part.recycle!();
    } finally {
      await threaded.close();
    }
  });

  it("gives back a part's thread memory once its answer is done with, and a part that comes after at once", function () {
    const given: string[] = [];
    const part = (name: string): BatchPart => ({ pieces: [], recycle: () => given.push(name) });
    const answer = new BatchAnswer();
    answer.addPart(part("a"));
    answer.addPart(part("b"));
    expect(given).to.deep.equal([]);
    answer.recycle();
    expect(given).to.deep.equal(["a", "b"]);
    // A part that arrives after the answer was given up (the request timed out): never sent.
    answer.addPart(part("c"));
    expect(given).to.deep.equal(["a", "b", "c"]);
    answer.recycle();
    expect(given).to.deep.equal(["a", "b", "c"]);
  });
});
