/**
 * Crash safety (issue 7, item 2): an issuer's script (crashRunner.ts: issueBatch, then anchorBatch)
 * runs as a child process against a real `hardhat node` and is killed with SIGKILL at each named
 * checkpoint of sdk/src/batch/checkpoints.ts in turn (through the test-only hook of crashHook.ts); then it runs again, unchanged. Each time:
 *
 * - the killed run really died at that point (exit signal SIGKILL, the point's marker file), and what
 *   it left is what that point implies (no batch directory before the rename; the journal's state;
 *   which files hold the anchor record) with every JSON file whole;
 * - the second run ends with a complete, consistent batch: manifest root == the root recomputed
 *   independently from the credential files, every credential holds the one anchor record and
 *   verifies `valid` (digest, proof, anchor, issuer...), no `.partial`, `.tmp` or spool left;
 * - exactly one BatchAnchored log for the root is on chain (eth_getLogs), and the sending account
 *   sent exactly one transaction for the crashed run and the re-run together.
 */
import { entryOf } from "../../fixtures/samples";
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { HARDHAT_ACCOUNTS } from "../../helpers/hardhatNode";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import type { RegistryClient } from "../../../sdk/src/chain/createRegistryClient";
import { deployRegistry } from "../../../sdk/src/chain/actions/deployRegistry";
import { readJournal, type JournalState } from "../../../sdk/src/anchor/journal";
import { verifyCredentialFiles } from "../../../sdk/src/verify/files";
import { CRASH_AT_ENV, CRASH_LOG_ENV, CRASH_MARKER_ENV, CRASH_POINTS, type CrashPointName } from "./crashHook";
import type { Address } from "../../../sdk/src/types";
import type { RunnerConfig } from "./crashRunner";
import { childEnv, prepareScripts, runNode, type ChildResult, type ScriptArgv } from "../../helpers/nodeScripts";
import {
  batchAnchoredLogs,
  expectEveryCredential,
  readBatch,
  recomputeRoot,
  strayFiles,
  type BatchOnDisk,
} from "../../helpers/batchState";
import { localRegistryClient } from "../../helpers/localClient";
import { repoPath } from "../../helpers/repoRoot";

const LEARNERS = 24;
const FIXTURES = repoPath("test", "fixtures", "batch");

/** What a run killed at each anchor point leaves: the journal's state, and whether the root is on chain. */
const ANCHOR_STATE: Record<string, { journal: JournalState; onChain: boolean; recorded: "none" | "some" | "all" }> = {
  "anchor:journal-sending": { journal: "sending", onChain: false, recorded: "none" },
  "anchor:after-broadcast": { journal: "sending", onChain: true, recorded: "none" },
  "anchor:journal-sent": { journal: "sent", onChain: true, recorded: "none" },
  "anchor:after-confirmations": { journal: "sent", onChain: true, recorded: "none" },
  "anchor:journal-recording": { journal: "recording", onChain: true, recorded: "none" },
  "anchor:files-half-rewritten": { journal: "recording", onChain: true, recorded: "some" },
  "anchor:files-rewritten": { journal: "recording", onChain: true, recorded: "all" },
  "anchor:manifest-written": { journal: "recording", onChain: true, recorded: "all" },
  "anchor:journal-done": { journal: "done", onChain: true, recorded: "all" },
};

/** How the re-run reports the batch: issued again or found, and the anchoring outcome. */
function expectedRerun(point: CrashPointName): string {
  if (point.startsWith("issue:")) return point === "issue:after-rename" ? "existing sent" : "issued sent";
  if (point === "anchor:manifest-written" || point === "anchor:journal-done") return "existing already-recorded";
  return "existing resumed";
}

describe("crash safety: issue + anchor killed (SIGKILL) at every crash point, then run again", function () {
  this.timeout(120_000);
  let node: SharedHardhatNode;
  let client: RegistryClient;
  let registry: Address;
  let work: string;
  let recipients: string;
  let runner: ScriptArgv;
  const sender = HARDHAT_ACCOUNTS[0];

  before(async function () {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-crash-"));
    const [started, scripts] = await Promise.all([
      sharedHardhatNode(),
      prepareScripts({ crashRunner: "test/sdk/batch/crashRunner.ts" }, path.join(work, "bin")),
    ]);
    node = started;
    runner = scripts.crashRunner;
    client = localRegistryClient(node.url, sender.privateKey);
    // The profile matches the template's issuer, so the verifier's issuer check passes.
    ({ address: registry } = await deployRegistry(client, {
      admin: sender.address,
      name: "Example University",
      url: "https://www.example.edu",
    }));
    recipients = path.join(work, "learners.csv");
    const rows = Array.from(
      { length: LEARNERS },
      (_, i) => `Learner ${String(i).padStart(2, "0")},learner${i}@example.org,,${50 + i}`,
    );
    fs.writeFileSync(recipients, ["name,email,id,score", ...rows].join("\n") + "\n");
  });

  after(async function () {
    await node?.release();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  function config(outDir: string): RunnerConfig {
    return {
      rpcUrl: node.url,
      registry,
      account: 0,
      template: path.join(FIXTURES, "template.json"),
      recipients,
      outDir,
      workers: 1,
      chunkSize: 5,
      now: "2025-09-01T09:00:00Z",
    };
  }

  function run(outDir: string, env: Record<string, string> = {}): Promise<ChildResult> {
    return runNode([...runner, JSON.stringify(config(outDir))], { env: childEnv(env), timeoutMs: 60_000 });
  }

  function nonce(): Promise<number> {
    return client.publicClient.getTransactionCount({ address: sender.address, blockTag: "latest" });
  }

  /** The batch is whole, recorded, verifies, and its root is anchored exactly once. */
  async function expectComplete(outDir: string): Promise<BatchOnDisk> {
    expect(strayFiles(outDir)).to.deep.equal([]);
    expect(fs.readdirSync(path.dirname(outDir)).filter((name) => name.includes(".partial"))).to.deep.equal([]);
    const batch = readBatch(outDir);
    expect(batch.manifest.leafCount).to.equal(LEARNERS);
    expect(batch.credentials).to.have.length(LEARNERS);
    expect(recomputeRoot(batch.credentials)).to.equal(batch.manifest.root);
    const record = batch.manifest.anchor;
    expect(record, "the manifest holds the anchor record").to.not.equal(undefined);
    expectEveryCredential(batch, record);
    const journal = await readJournal(outDir);
    expect(journal?.state).to.equal("done");
    expect(journal?.anchor).to.deep.equal(record);

    const logs = await batchAnchoredLogs(node, registry, batch.manifest.root);
    expect(logs, "BatchAnchored logs of the root").to.have.length(1);
    expect(logs[0].transactionHash).to.equal(record!.transactionHash);
    expect(Number(logs[0].blockNumber)).to.equal(record!.blockNumber);

    const results = await verifyCredentialFiles([outDir], {
      rpc: { "eip155:31337": node.url },
      minConfirmations: 1,
    });
    expect(results).to.have.length(LEARNERS);
    for (const result of results) {
      expect(result.status, `${result.file}: ${result.summary}`).to.equal("valid");
    }
    return batch;
  }

  it("a clean run passes every crash point once or more, and ends complete (the list of points is complete)", async function () {
    const outDir = path.join(work, "clean");
    const log = path.join(work, "clean.log");
    const before = await nonce();
    const result = await run(outDir, { [CRASH_LOG_ENV]: log });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.equal("DONE issued sent\n");
    const hit = new Set(fs.readFileSync(log, "utf8").trim().split("\n"));
    expect(
      [...CRASH_POINTS].filter((point) => !hit.has(point)),
      "crash points never reached",
    ).to.deep.equal([]);
    expect([...hit].filter((point) => !(CRASH_POINTS as readonly string[]).includes(point))).to.deep.equal([]);
    await expectComplete(outDir);
    expect(await nonce()).to.equal(before + 1);
  });

  for (const point of CRASH_POINTS) {
    it(`killed at ${point}: the killed run left a consistent state; the re-run completes with exactly one anchor`, async function () {
      const outDir = path.join(work, point.replace(/:/g, "-"));
      const marker = `${outDir}.marker`;
      const before = await nonce();

      const killed = await run(outDir, { [CRASH_AT_ENV]: point, [CRASH_MARKER_ENV]: marker });
      expect(killed.signal, `${killed.stdout}${killed.stderr}`).to.equal("SIGKILL");
      expect(fs.readFileSync(marker, "utf8")).to.equal(point);
      expect(killed.stdout).to.not.include("DONE");
      await expectKilledState(point, outDir);

      const rerun = await run(outDir);
      expect(rerun.code, rerun.stderr).to.equal(0);
      expect(rerun.stdout).to.equal(`DONE ${expectedRerun(point)}\n`);
      await expectComplete(outDir);
      expect(await nonce(), "transactions sent by the crashed run and the re-run").to.equal(before + 1);
    });
  }

  /** What a run killed at `point` must have left behind. */
  async function expectKilledState(point: CrashPointName, outDir: string): Promise<void> {
    const parent = path.dirname(outDir);
    const partials = fs.readdirSync(parent).filter((name) => name.startsWith(`.${path.basename(outDir)}.partial-`));
    if (point.startsWith("issue:") && point !== "issue:after-rename") {
      // Not published: the batch directory does not exist; the work is in the dead run's partial folder.
      expect(fs.existsSync(outDir), "the batch directory appears only whole").to.equal(false);
      expect(partials).to.have.length(1);
      if (point === "issue:manifest-written" || point === "issue:before-rename") {
        const built = readBatch(path.join(parent, partials[0]));
        expect(built.credentials).to.have.length(LEARNERS);
        expect(recomputeRoot(built.credentials)).to.equal(built.manifest.root);
      }
      return;
    }
    expect(partials).to.deep.equal([]);
    const batch = readBatch(outDir); // every file whole JSON
    expect(batch.credentials).to.have.length(LEARNERS);
    expect(recomputeRoot(batch.credentials)).to.equal(batch.manifest.root);
    const journal = await readJournal(outDir);
    const logs = await batchAnchoredLogs(node, registry, batch.manifest.root);
    if (point === "issue:after-rename") {
      expect(batch.manifest.anchor).to.equal(undefined);
      expectEveryCredential(batch, undefined);
      expect(journal).to.equal(undefined);
      expect(logs).to.have.length(0);
      return;
    }
    const expected = ANCHOR_STATE[point];
    expect(journal?.state, "journal state").to.equal(expected.journal);
    expect(journal?.attempts).to.have.length(1);
    expect(journal?.attempts[0].hash).to.match(/^0x[0-9a-f]{64}$/);
    expect(journal?.attempts[0].raw, "the signed transaction is journaled before it is broadcast").to.match(/^0x02/);
    expect(logs, "BatchAnchored logs").to.have.length(expected.onChain ? 1 : 0);
    if (expected.onChain) expect(logs[0].transactionHash).to.equal(journal?.attempts[0].hash);

    const withRecord = batch.credentials.filter((c) => entryOf(c).anchor !== undefined);
    const record = journal?.anchor;
    for (const credential of withRecord) expect(entryOf(credential).anchor).to.deep.equal(record);
    if (expected.recorded === "none") expect(withRecord).to.have.length(0);
    if (expected.recorded === "all") expect(withRecord).to.have.length(LEARNERS);
    if (expected.recorded === "some") {
      expect(withRecord.length).to.be.at.least(LEARNERS / 2);
      expect(withRecord.length).to.be.below(LEARNERS);
    }
    // The manifest is written last: a manifest with a record means every credential has it.
    const manifestRecorded = point === "anchor:manifest-written" || point === "anchor:journal-done";
    expect(batch.manifest.anchor).to.deep.equal(manifestRecorded ? record : undefined);
  }
});
