/**
 * verify-batch's answers of a result class (the SDK's ResultClass, cli/serve/answerJson.ts's class
 * templates) against the plain path, on real verdicts from a hardhat node: valid, revoked, suspended,
 * batch-revoked, expired, not-yet-valid, unanchored, wrong-issuer and tampered credentials mixed in one
 * batch, as texts (the template fast path's rows, which classes are made of) and as objects. The SDK's
 * side: a result of a class is its class's first result but at RESULT_ROW_POINTERS, and the results are
 * those of the path without the fast path and the batch memo. The serve side: the threads' answers
 * (`writePartAnswers`) and the request's (`BatchAnswer`) are the bytes of `JSON.stringify`.
 */
import { expect } from "chai";
import { chainOutcomeMemo } from "../../../sdk/src/verify/checks/batchOutcome";
import { credentialsFastPath } from "../../../sdk/src/verify/verifyCredentials";
import {
  RESULT_ROW_POINTERS,
  ResultClass,
  verifyCredentials,
  verifyCredentialsWithClasses,
  type VerificationResult,
  type VerifyOptions,
} from "../../../sdk/src/node";
import type { Address, Caip2ChainId } from "../../../sdk/src/types";
import { AnswerWriter } from "../../../cli/serve/answerJson";
import { SharedAnswerBuffers, writePartAnswers } from "../../../cli/serve/batchWorker";
import { serveConfig } from "../../../cli/serve/config";
import { BatchAnswer } from "../../../cli/serve/routes/verifyBatch";
import { splitBatchBody } from "../../../cli/serve/splitBatchBody";
import { ProblemDetails, toVcApiVerification } from "../../../cli/serve/vcApi";
import { createVerifier } from "../../../cli/serve/verifier";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import {
  anchorTestRoot,
  buildTestBatch,
  deployTestRegistry,
  testChain,
  writeRegistry,
  type TestBatch,
} from "../../helpers/verifyFixtures";

const CHAIN: Caip2ChainId = "eip155:31337";
const NOW = "2026-06-01T00:00:00Z";

/** `value` with the member at each of `pointers` (JSON pointers) removed: what a class's results share. */
function withoutRowValues(result: VerificationResult): unknown {
  const copy = structuredClone(result) as unknown as Record<string, unknown>;
  for (const pointer of RESULT_ROW_POINTERS) {
    const tokens = pointer.slice(1).split("/");
    let target: unknown = copy;
    for (const token of tokens.slice(0, -1)) target = (target as Record<string, unknown>)?.[token];
    if (typeof target === "object" && target !== null) delete (target as Record<string, unknown>)[tokens.at(-1)!];
  }
  return copy;
}

/** A JSON text with every validity check's `now` blanked: two verifications at two times differ there only. */
const withoutNow = (text: string) => text.replace(/"now":"[^"]*"/g, '"now":""');

/** The plain path's bytes for each answer: `JSON.stringify(toVcApiVerification(result))`. */
const plainAnswers = (results: readonly VerificationResult[]) =>
  results.map((result) => JSON.stringify(toVcApiVerification(result)));

describe("verify-batch's answers of result classes, against the plain path (real verdicts from a hardhat node)", function () {
  this.timeout(120_000);
  let node: SharedHardhatNode;
  let options: VerifyOptions;
  /** The batch's entries (texts but for a few objects), and the kind of each. */
  const list: unknown[] = [];
  const kinds: string[] = [];

  before(async function () {
    node = await sharedHardhatNode();
    const chain = testChain(node.url);
    const registry: Address = await deployTestRegistry(chain);
    const anchored = (count: number, batchOptions: Parameters<typeof buildTestBatch>[1] = {}) =>
      buildTestBatch(count, { ...batchOptions, anchor: (root) => anchorTestRoot(chain, registry, root, count) });
    const valid = await anchored(12);
    const batchRevoked = await anchored(4);
    const expired = await anchored(4, { validUntil: "2026-01-01T00:00:00Z" });
    const notYetValid = await anchored(4, { validFrom: "2027-01-01T00:00:00Z" });
    const wrongIssuer = await anchored(4, { issuerUrl: "https://other.example" });
    const unanchored = await buildTestBatch(4);
    await writeRegistry(chain, registry, "revoke", valid.root, [2, 9]);
    await writeRegistry(chain, registry, "suspend", valid.root, [3]);
    await writeRegistry(chain, registry, "revokeBatch", batchRevoked.root);
    const add = (kind: string, entry: unknown) => {
      list.push(entry);
      kinds.push(kind);
    };
    const run = (kind: string, batch: TestBatch) => batch.credentials.forEach((c) => add(kind, JSON.stringify(c)));
    // Runs of each batch (the fast path takes a text like the last one's), the odd ones inside the valid runs.
    const tampered = structuredClone(valid.credentials[6]);
    (tampered.credentialSubject as { name: string }).name = "Mallory";
    valid.credentials.forEach((credential, i) => {
      const kind = i === 2 || i === 9 ? "revoked" : i === 3 ? "suspended" : "valid";
      add(kind, JSON.stringify(credential));
      if (i === 6) add("tampered", JSON.stringify(tampered));
      if (i === 7) add("valid object", valid.credentials[7]);
    });
    run("batch-revoked", batchRevoked);
    run("expired", expired);
    run("not-yet-valid", notYetValid);
    run("wrong issuer", wrongIssuer);
    run("unanchored", unanchored);
    // The valid batch again, after the others: its class again, or a new one.
    valid.credentials.slice(4, 9).forEach((credential) => add("valid again", JSON.stringify(credential)));
    options = { rpc: { [CHAIN]: node.url }, now: NOW };
  });

  after(async function () {
    await node?.release();
  });

  it("gives each kind its verdict, and classes to fast-path rows only, each result its class's first but for its row's values", async function () {
    const { results, classes } = await verifyCredentialsWithClasses(list, options);
    const codes = (kind: string) => results[kinds.indexOf(kind)].checks.map((check) => check.code);
    expect(results[kinds.indexOf("valid")].status).to.equal("valid");
    expect(codes("revoked")).to.include("REVOCATION_CREDENTIAL_REVOKED");
    expect(codes("suspended")).to.include("SUSPENSION_SUSPENDED");
    expect(codes("tampered")).to.include("INTEGRITY_DIGEST_MISMATCH");
    expect(codes("batch-revoked")).to.include("REVOCATION_BATCH_REVOKED");
    expect(codes("expired")).to.include("VALIDITY_EXPIRED");
    expect(codes("not-yet-valid")).to.include("VALIDITY_NOT_YET_VALID");
    expect(codes("wrong issuer")).to.include("ISSUER_PROFILE_MISMATCH");
    expect(codes("unanchored")).to.include("ANCHOR_RECORD_MISSING");

    // Classes: the valid rows' (but each run's first, the fast path's row template), and none for a
    // credential whose results are its own (revoked, suspended, tampered, an object, unanchored).
    const classOf = (kind: string) => classes.filter((_, i) => kinds[i] === kind);
    expect(classOf("valid").filter((c) => c !== undefined).length).to.be.at.least(6);
    for (const kind of ["revoked", "suspended", "tampered", "valid object", "unanchored", "batch-revoked"]) {
      expect(classOf(kind), kind).to.satisfy((list: unknown[]) => list.every((c) => c === undefined));
    }
    const validClasses = new Set(classOf("valid").filter((c) => c !== undefined));
    for (const kind of ["expired", "not-yet-valid", "wrong issuer"]) {
      expect(
        classOf(kind).some((c) => c !== undefined),
        `${kind}: rows of a class of their own`,
      ).to.equal(true);
      for (const c of classOf(kind)) expect(validClasses.has(c!), kind).to.equal(false);
    }
    // Every result of a class is its class's first result but at RESULT_ROW_POINTERS.
    const first = new Map<ResultClass, VerificationResult>();
    results.forEach((result, i) => {
      const resultClass = classes[i];
      if (resultClass === undefined) return;
      if (!first.has(resultClass)) first.set(resultClass, result);
      expect(withoutRowValues(result), `${kinds[i]} #${i}`).to.deep.equal(withoutRowValues(first.get(resultClass)!));
    });
    expect([...first.keys()].reduce((sum, c) => sum + c.size, 0)).to.equal(classes.filter(Boolean).length);
  });

  it("gives the results of the path without the fast path and the batch memo", async function () {
    const { results } = await verifyCredentialsWithClasses(list, options);
    credentialsFastPath.enabled = false;
    chainOutcomeMemo.enabled = false;
    try {
      expect(results).to.deep.equal(await verifyCredentials(list, options));
    } finally {
      credentialsFastPath.enabled = true;
      chainOutcomeMemo.enabled = true;
    }
  });

  it("writes the threads' answers (writePartAnswers) with the plain path's bytes, most from class templates", async function () {
    const { results, classes } = await verifyCredentialsWithClasses(list, options);
    const plain = plainAnswers(results);
    const writer = new AnswerWriter();
    const tools = { writer, problems: new ProblemDetails(), allocator: new SharedAnswerBuffers() };
    // Runs of several sizes: a class's template made in one run serves the next.
    const runs = [0, 5, 6, 19, 30];
    const indices = results.map((_, i) => i);
    const answered = writePartAnswers(results, classes, { indices, runs }, tools)!;
    expect(answered.runs.map((run) => Buffer.from(run).toString())).to.deep.equal(
      runs.map((from, r) => plain.slice(from, runs[r + 1] ?? plain.length).join(",")),
    );
    // Every answer of a class from its class's template (the first's made from it), none by a check of its values.
    expect(writer.counts.class).to.equal(classes.filter(Boolean).length);
    // And again with the same writer, as a thread's next part: new classes, the same bytes.
    const next = await verifyCredentialsWithClasses(list, options);
    const again = writePartAnswers(next.results, next.classes, { indices, runs: [0] }, tools)!;
    expect(Buffer.from(again.runs[0]).toString()).to.equal(plainAnswers(next.results).join(","));
    expect(again.counts).to.deep.equal(answered.counts);
  });

  it("writes the request's answers (BatchAnswer) with the plain path's bytes", async function () {
    const { results } = await verifyCredentialsWithClasses(list, options);
    const answer = new BatchAnswer();
    answer.add(results);
    const bytes = JSON.parse(answer.finish().toString()) as { results: unknown[] };
    expect(bytes.results.map((a) => JSON.stringify(a))).to.deep.equal(plainAnswers(results));
  });

  it("writes the plain path's bytes when worker threads verify the texts and write the answers", async function () {
    const threaded = createVerifier(
      serveConfig({
        port: 0,
        chains: [{ name: "localhost", chain: CHAIN, chainId: 31337, endpoints: [node.url] }],
        batchWorkers: 2,
        batchPart: 16,
      }),
    );
    try {
      const entries = list.map((entry) => (typeof entry === "string" ? (JSON.parse(entry) as unknown) : entry));
      const split = splitBatchBody(Buffer.from(JSON.stringify({ verifiableCredentials: entries })));
      const answer = new BatchAnswer();
      await threaded.verifyBody!(split!, {}, (part) => answer.addPart(part));
      expect(threaded.batchCredentials.worker).to.equal(entries.length);
      const got = (JSON.parse(answer.finish().toString()) as { results: unknown[] }).results;
      // The threads' time is the request's: each validity check's `now` blanked on both sides.
      const { results } = await verifyCredentialsWithClasses(entries, { rpc: options.rpc });
      expect(got.map((a) => withoutNow(JSON.stringify(a)))).to.deep.equal(plainAnswers(results).map(withoutNow));
    } finally {
      await threaded.close();
    }
  });
});
