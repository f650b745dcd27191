/**
 * verifyCredentialFiles against the plain path: the same verdicts, checks and messages as
 * `verifyCredentials` on the texts read with `readFileSync`, on the calling thread and on worker
 * threads, across slices, for a mixed run: several batches side by side and interleaved (consecutive
 * credentials of one batch share their Merkle path's upper nodes), valid, revoked, suspended,
 * unanchored, tampered, a wrong Merkle path (its first node, its last node, cut short, another
 * index), not JSON, not a credential, and a duplicate member name that JSON.parse would hide. The
 * file path's shortcuts (reused read buffer, Merkle nodes remembered between consecutive credentials,
 * the strict parser's shortcut) must never change a result.
 */
import { expect } from "chai";
import { network } from "hardhat";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Eip1193Provider } from "../../../sdk/src/chain/transport";
import { createVerifyThreads, verifyCredentialFiles } from "../../../sdk/src/verify/files";
import type { VerificationResult } from "../../../sdk/src/verify/types";
import { expectNoSharedObjects } from "../../helpers/expectNoSharedObjects";
import type { Hex } from "../../../sdk/src/types";
import { credentialsFastPath, verifyCredentials } from "../../../sdk/src/verify/verifyCredentials";
import { chainOutcomeMemo } from "../../../sdk/src/verify/checks/batchOutcome";
import { editEntry } from "../../fixtures/samples";
import {
  anchorTestRoot,
  buildTestBatch,
  deployTestRegistry,
  testChain,
  withAnchor,
  writeRegistry,
  type TestCredential,
} from "../../helpers/verifyFixtures";

describe("verifyCredentialFiles gives the plain path's results (differential)", function () {
  this.timeout(180_000);
  let work: string;
  let files: string[];
  let expected: VerificationResult[];
  let rpc: { "eip155:31337": Eip1193Provider };
  const now = "2026-06-01T00:00:00Z";

  before(async function () {
    const provider = network.provider as unknown as Eip1193Provider;
    rpc = { "eip155:31337": provider };
    const chain = testChain(provider);
    const registry = await deployTestRegistry(chain);
    const a = await buildTestBatch(21);
    const b = await buildTestBatch(6, { created: "2025-02-01T00:00:00Z" });
    const unanchored = await buildTestBatch(3, { created: "2025-03-01T00:00:00Z" });
    const short = await buildTestBatch(4, { created: "2025-04-01T00:00:00Z" });
    const anchorA = await anchorTestRoot(chain, registry, a.root, 21);
    const anchorB = await anchorTestRoot(chain, registry, b.root, 6);
    // Anchored with a leafCount of 2 for a tree of 4: entries 2 and 3 are out of range.
    const anchorShort = await anchorTestRoot(chain, registry, short.root, 2);
    await writeRegistry(chain, registry, "revoke", a.root, [2, 13]);
    await writeRegistry(chain, registry, "suspend", a.root, [5]);
    const inA = a.credentials.map((c) => withAnchor(c, anchorA));
    const inB = b.credentials.map((c) => withAnchor(c, anchorB));
    const notAnchored = unanchored.credentials.map((c) => withAnchor(c, anchorB));
    const edited = (credential: TestCredential, edit: Parameters<typeof editEntry>[1]) => {
      const copy = structuredClone(credential);
      editEntry(copy, edit);
      return copy;
    };
    const flip = (hex: Hex): Hex => `${hex.slice(0, -1)}${hex.endsWith("0") ? "1" : "0"}` as Hex;
    const tampered = structuredClone(inA[8]);
    (tampered.credentialSubject as Record<string, unknown>).name = "Mallory";

    work = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-files-differential-"));
    files = [];
    const write = (text: string) => {
      const file = path.join(work, `${String(files.length).padStart(3, "0")}.json`);
      fs.writeFileSync(file, text);
      files.push(file);
    };
    const credential = (c: TestCredential) => write(JSON.stringify(c, null, files.length % 2 ? 2 : undefined));
    // Batch A in order, with wrong paths among its neighbours.
    for (let i = 0; i < 8; i++) credential(inA[i]);
    credential(edited(inA[8], (p) => (p.path = [flip(p.path[0]), ...p.path.slice(1)]))); // first node wrong
    credential(inA[9]);
    credential(edited(inA[10], (p) => (p.path = [...p.path.slice(0, -1), flip(p.path[p.path.length - 1])]))); // last node wrong
    credential(inA[11]);
    credential(edited(inA[12], (p) => (p.path = p.path.slice(0, -1)))); // cut short
    credential(inA[13]);
    credential(edited(inA[14], (p) => (p.leafIndex = 15))); // another index, the same path
    credential(inA[15]);
    credential(tampered);
    // Interleaved: A, B, A, B..., then the unanchored batch, the same file twice, and what is no credential.
    for (let i = 0; i < 5; i++) {
      credential(inA[16 + i]);
      credential(inB[i]);
    }
    credential(inB[5]);
    credential(edited(inB[4], (p) => (p.path = [...p.path.slice(0, -1), flip(p.path[p.path.length - 1])])));
    for (const c of notAnchored) credential(c);
    credential(inA[0]);
    credential(inA[0]);
    write("{ not json");
    write(JSON.stringify({ hello: "world" }));
    credential(inA[1]);
    // A duplicate member name ahead of the issued one: JSON.parse keeps the issued value, so a strict
    // parser's shortcut that let the duplicate through would call this file valid.
    const issued = JSON.stringify(inA[3]);
    if (!issued.includes('"credentialSubject":{') || !(inA[3].credentialSubject as { name?: unknown }).name) {
      throw new Error("the fixture's credentialSubject has no name to repeat");
    }
    write(issued.replace('"credentialSubject":{', () => '"credentialSubject":{"name":"Mallory",'));
    // Out of range, in range, in range, out of range: the batch's shared anchor result holds only in range.
    // After entry 1 of A (just above), entry 1 of this batch follows one of its own that is out of range:
    // the statuses to ask for are kept per root, so it is asked for (and found) all the same.
    const inShort = short.credentials.map((c) => withAnchor(c, anchorShort));
    for (const i of [2, 1, 0, 3]) credential(inShort[i]);

    const texts = files.map((file) => fs.readFileSync(file, "utf8"));
    // The reference computes every credential's chain results on their own (no shared batch outcome)
    // and every credential's offline checks from its parsed document (no template fast path).
    chainOutcomeMemo.enabled = false;
    credentialsFastPath.enabled = false;
    try {
      expected = await verifyCredentials(texts, { rpc, now, files });
    } finally {
      chainOutcomeMemo.enabled = true;
      credentialsFastPath.enabled = true;
    }
  });

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it("the mixed run gives the verdicts it should (the plain path, as the reference)", function () {
    const codes = expected.map((r) => [
      r.status,
      r.checks.find((c) => c.status !== "passed" && c.status !== "skipped")?.code,
    ]);
    expect(codes.slice(0, 17)).to.deep.equal([
      ["valid", undefined],
      ["valid", undefined],
      ["invalid", "REVOCATION_CREDENTIAL_REVOKED"],
      ["valid", undefined],
      ["valid", undefined],
      ["invalid", "SUSPENSION_SUSPENDED"],
      ["valid", undefined],
      ["valid", undefined],
      ["invalid", "INCLUSION_PROOF_MISMATCH"],
      ["valid", undefined],
      ["invalid", "INCLUSION_PROOF_MISMATCH"],
      ["valid", undefined],
      ["invalid", "INCLUSION_PROOF_MISMATCH"],
      ["invalid", "REVOCATION_CREDENTIAL_REVOKED"],
      ["invalid", "INCLUSION_PROOF_MISMATCH"],
      ["valid", undefined],
      ["invalid", "INTEGRITY_DIGEST_MISMATCH"],
    ]);
    expect(expected.slice(17, 28).every((r) => r.status === "valid")).to.equal(true);
    expect(codes.slice(28)).to.deep.equal([
      ["invalid", "INCLUSION_PROOF_MISMATCH"],
      ["invalid", "ANCHOR_ROOT_NOT_FOUND"],
      ["invalid", "ANCHOR_ROOT_NOT_FOUND"],
      ["invalid", "ANCHOR_ROOT_NOT_FOUND"],
      ["valid", undefined],
      ["valid", undefined],
      ["error", "FORMAT_INVALID_JSON"],
      ["error", "FORMAT_PROOF_MISSING"],
      ["valid", undefined],
      ["invalid", "FORMAT_INVALID_CREDENTIAL"],
      ["invalid", "ANCHOR_LEAF_INDEX_OUT_OF_RANGE"],
      ["valid", undefined],
      ["valid", undefined],
      ["invalid", "ANCHOR_LEAF_INDEX_OUT_OF_RANGE"],
    ]);
  });

  for (const [workers, filesPerSlice] of [
    [0, 7],
    [0, undefined],
    [2, 7],
    [2, undefined],
  ] as const) {
    it(`gives the same results from files (workers: ${workers}, filesPerSlice: ${filesPerSlice ?? "default"})`, async function () {
      const actual = await verifyCredentialFiles(files, { rpc, now, workers, filesPerSlice });
      expect(actual).to.deep.equal(expected);
      expectNoSharedObjects(actual);
    });
  }

  it("gives the same results through createVerifyThreads", async function () {
    const texts = files.map((file) => fs.readFileSync(file, "utf8"));
    const threads = createVerifyThreads(2);
    try {
      expect(await threads.verifyTexts(texts, { rpc, now, files })).to.deep.equal(expected);
    } finally {
      await threads.close();
    }
  });
});
