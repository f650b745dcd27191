/**
 * Anchoring through the fault-injection proxy in front of a real `hardhat node`: HTTP errors before a
 * transaction reaches the node, connections reset after the node received it, slow receipts, a lying
 * chain id. Whatever happens, the end state is the same: exactly one BatchAnchored log for the root
 * (one anchoring transaction), the record in the manifest and in every credential, the journal done,
 * and every credential verifies as valid.
 */
import { findProofEntry } from "../../../sdk/src/credential/findProofEntry";
import { expect } from "chai";
import fs from "node:fs/promises";
import path from "node:path";
import { keccak256, type Hex } from "viem";
import { anchorBatch } from "../../../sdk/src/anchor/anchorBatch";
import { anchorBatches } from "../../../sdk/src/anchor/anchorBatches";
import { readJournal } from "../../../sdk/src/anchor/journal";
import { issueBatch } from "../../../sdk/src/batch/issueBatch";
import { deployRegistry } from "../../../sdk/src/chain/actions/deployRegistry";
import type { RegistryClient } from "../../../sdk/src/chain/createRegistryClient";
import { credentialRegistryAbi } from "../../../sdk/src/chain/registryArtifact";
import { BaseError } from "../../../sdk/src/errors/base";
import { ChainMismatchError } from "../../../sdk/src/errors/registry";
import { AnchorEventNotFoundError } from "../../../sdk/src/errors/anchor";
import type { Address, AnchorRecord, BatchManifest } from "../../../sdk/src/types";
import { verifyCredentialFiles } from "../../../sdk/src/verify/files";
import { HARDHAT_ACCOUNTS } from "../../helpers/hardhatNode";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import { lieChainId, startRpcFaultProxy, type FaultRule, type RpcFaultProxy } from "../../helpers/rpcFaultProxy";
import { readJson, tempDir } from "../../helpers/fixtureBatch";
import { localRegistryClient } from "../../helpers/localClient";
import { repoPath } from "../../helpers/repoRoot";
import { until } from "../../helpers/until";

const [issuer] = HARDHAT_ACCOUNTS;
const FIXTURES = repoPath("test", "fixtures", "batch");
const SEND = "eth_sendRawTransaction";

describe("faults: anchoring through a misbehaving RPC endpoint", function () {
  this.timeout(120_000);
  let node: SharedHardhatNode;
  let direct: RegistryClient;
  let registry: Address;
  let work: string;
  let batches = 0;
  const proxies: RpcFaultProxy[] = [];

  /** A proxy onto the node with `rules`, and a registry client (the issuer's key) that talks through it. */
  async function faulty(...rules: FaultRule[]): Promise<{ proxy: RpcFaultProxy; client: RegistryClient }> {
    const proxy = await startRpcFaultProxy(node.url);
    for (const rule of rules) proxy.inject(rule);
    proxies.push(proxy);
    const client = localRegistryClient(proxy.url, issuer.privateKey);
    return { proxy, client };
  }

  /** A fresh batch of the ten fixture recipients, issued with issueBatch (not anchored). */
  async function issue(): Promise<{ dir: string; root: Hex; leafCount: number }> {
    const dir = path.join(work, `batch-${++batches}`);
    const { manifest } = await issueBatch({
      template: path.join(FIXTURES, "template.json"),
      recipients: path.join(FIXTURES, "recipients.csv"),
      outDir: dir,
      workers: 0,
    });
    return { dir, root: manifest.root, leafCount: manifest.leafCount };
  }

  async function anchorLogs(root: Hex) {
    return direct.publicClient.getContractEvents({
      address: registry,
      abi: credentialRegistryAbi,
      eventName: "BatchAnchored",
      args: { root },
      fromBlock: 0n,
      toBlock: "latest",
    });
  }

  /** One anchoring transaction for `root`, recorded everywhere in `dir`, the journal done, every credential valid. */
  async function expectComplete(dir: string, root: Hex, leafCount: number): Promise<AnchorRecord> {
    const logs = await anchorLogs(root);
    expect(logs, "BatchAnchored logs for the root").to.have.length(1);
    const manifest = await readJson<BatchManifest>(path.join(dir, "manifest.json"));
    const record = manifest.anchor!;
    expect(record).to.include({ chain: "eip155:31337", registry, transactionHash: logs[0].transactionHash });
    expect(record.blockNumber).to.equal(Number(logs[0].blockNumber));
    const names = (await fs.readdir(path.join(dir, "credentials"))).sort();
    expect(names).to.have.length(leafCount);
    for (const name of names) {
      const credential = await readJson<{ proof: unknown[] }>(path.join(dir, "credentials", name));
      expect(findProofEntry(credential).anchor, name).to.deep.equal(record);
    }
    expect((await readJournal(dir))?.state).to.equal("done");
    const verdicts = await verifyCredentialFiles([dir], { rpc: { "eip155:31337": node.url } });
    expect(verdicts.map((v) => v.status)).to.deep.equal(names.map(() => "valid"));
    return record;
  }

  /** The signed transactions the proxy saw, in order. */
  function sent(proxy: RpcFaultProxy): Hex[] {
    return proxy.log.filter((entry) => entry.method === SEND).map((entry) => entry.params[0] as Hex);
  }

  before(async function () {
    node = await sharedHardhatNode();
    direct = localRegistryClient(node.url, issuer.privateKey);
    ({ address: registry } = await deployRegistry(direct, {
      admin: issuer.address,
      name: "Example University",
      url: "https://www.example.edu",
    }));
    work = await tempDir("credanchor-faults-");
  });

  afterEach(async function () {
    await Promise.all(proxies.splice(0).map((p) => p.close()));
  });

  after(async function () {
    await node?.release();
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  it("one HTTP 503 on eth_sendRawTransaction (the node never saw it): sent again, the same signed bytes; one anchor", async function () {
    const { dir, root, leafCount } = await issue();
    const { proxy, client } = await faulty({ method: SEND, times: 1, fault: { kind: "http", status: 503 } });
    const result = await anchorBatch(dir, { client, registry });
    expect(result.outcome).to.equal("sent");
    const raws = sent(proxy);
    expect(raws).to.have.length(2);
    expect(raws[1]).to.equal(raws[0]);
    expect(keccak256(raws[0])).to.equal(result.anchor.transactionHash);
    expect(await expectComplete(dir, root, leafCount)).to.deep.equal(result.anchor);
  });

  it("eth_sendRawTransaction refused until the retries run out: a clear error, nothing on chain; a re-run sends the journaled bytes and finishes", async function () {
    const { dir, root, leafCount } = await issue();
    const { proxy, client } = await faulty({ method: SEND, fault: { kind: "http", status: 503 } });
    const error = await anchorBatch(dir, { client, registry }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(BaseError);
    expect((error as BaseError).shortMessage).to.match(/503|Service Unavailable|RPC endpoint failed/i);
    expect((error as BaseError).fix).to.match(/safe to retry|run .*again/i);
    expect(await anchorLogs(root)).to.have.length(0);
    const journal = await readJournal(dir);
    expect(journal?.state).to.equal("sending");
    const attempt = journal!.attempts.at(-1)!;
    expect(attempt.raw).to.be.a("string");
    expect(attempt.hash).to.equal(keccak256(attempt.raw!));
    expect(new Set(sent(proxy))).to.deep.equal(new Set([attempt.raw]));

    proxy.clearFaults();
    proxy.resetCounts();
    const again = await anchorBatch(dir, { client, registry });
    expect(again.outcome).to.equal("resumed");
    expect(again.anchor.transactionHash).to.equal(attempt.hash);
    expect(sent(proxy)).to.deep.equal([attempt.raw]); // the very same transaction, once
    await expectComplete(dir, root, leafCount);
  });

  it("a reset after the node received eth_sendRawTransaction (once): the run still finishes with one anchor", async function () {
    const { dir, root, leafCount } = await issue();
    const { proxy, client } = await faulty({ method: SEND, times: 1, fault: { kind: "reset", afterForward: true } });
    const result = await anchorBatch(dir, { client, registry });
    // The broadcast failed, so the SDK asked the node whether it has the transaction: it has.
    expect(result.outcome).to.equal("sent");
    expect(sent(proxy)).to.have.length(1);
    expect(proxy.counts.eth_getTransactionByHash).to.be.at.least(1);
    expect(await expectComplete(dir, root, leafCount)).to.deep.equal(result.anchor);
  });

  it("every eth_sendRawTransaction reset after the node received it, and the node cannot be asked about it: the run fails; the journal lets a re-run finish without sending", async function () {
    const { dir, root, leafCount } = await issue();
    const { proxy, client } = await faulty(
      { method: SEND, fault: { kind: "reset", afterForward: true } },
      { method: "eth_getTransactionByHash", fault: { kind: "http", status: 503 } },
    );
    const error = await anchorBatch(dir, { client, registry }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(BaseError);
    const journal = await readJournal(dir);
    const hash = journal!.attempts.at(-1)!.hash!;
    // The node has it (mined: automine), the files do not.
    expect(await anchorLogs(root)).to.have.length(1);
    expect((await readJson<BatchManifest>(path.join(dir, "manifest.json"))).anchor).to.equal(undefined);

    expect(new Set(sent(proxy))).to.deep.equal(new Set([journal!.attempts.at(-1)!.raw]));

    proxy.clearFaults();
    proxy.resetCounts();
    const again = await anchorBatch(dir, { client, registry });
    expect(again.outcome).to.equal("resumed");
    expect(again.anchor.transactionHash).to.equal(hash);
    expect(proxy.counts[SEND] ?? 0).to.equal(0);
    await expectComplete(dir, root, leafCount);
  });

  it("slow receipts (eth_getTransactionReceipt 700 ms late, while blocks come every 400 ms) only slow the run down", async function () {
    const { dir, root, leafCount } = await issue();
    const { proxy, client } = await faulty({
      method: "eth_getTransactionReceipt",
      times: 4,
      fault: { kind: "delay", ms: 700 },
    });
    // Nothing is mined until a receipt was asked for (and delayed): the SDK reads receipts only while
    // its transaction is not yet on chain, so with blocks from the start a slow machine could see the
    // transaction mined before the first read, and no receipt would ever be asked for.
    await node.rpc("evm_setAutomine", [false]);
    try {
      const anchoring = anchorBatch(dir, { client, registry });
      anchoring.catch(() => undefined); // awaited below; never an unhandled rejection while waiting
      await until(() => proxy.log.some((e) => e.fault === "delay"), "a receipt request delayed by the proxy");
      await node.rpc("evm_setIntervalMining", [400]);
      const result = await anchoring;
      expect(result.outcome).to.equal("sent");
    } finally {
      await node.rpc("evm_setIntervalMining", [0]);
      await node.rpc("evm_setAutomine", [true]);
    }
    expect(proxy.log.filter((e) => e.fault === "delay").length).to.be.at.least(1);
    expect(sent(proxy)).to.have.length(1);
    await expectComplete(dir, root, leafCount);
  });

  it("reads failing once each (503 on eth_chainId, reset on eth_estimateGas, malformed eth_getTransactionCount, 502 on eth_getLogs) are retried", async function () {
    const { dir, root, leafCount } = await issue();
    const { proxy, client } = await faulty(
      { method: "eth_chainId", times: 1, fault: { kind: "http", status: 503 } },
      { method: "eth_estimateGas", times: 1, fault: { kind: "reset" } },
      { method: "eth_getTransactionCount", times: 1, fault: { kind: "malformed" } },
      { method: "eth_getLogs", times: 1, fault: { kind: "http", status: 502 } },
    );
    const result = await anchorBatch(dir, { client, registry });
    expect(result.outcome).to.equal("sent");
    expect(proxy.log.filter((e) => e.fault).map((e) => e.fault)).to.have.members([
      "http",
      "reset",
      "malformed",
      "http",
    ]);
    expect(sent(proxy)).to.have.length(1);
    await expectComplete(dir, root, leafCount);
  });

  it("anchorBatches (one anchorMany for three batches) with a reset after the node received it: one transaction, one BatchAnchored per root", async function () {
    const three = [await issue(), await issue(), await issue()];
    const { proxy, client } = await faulty({ method: SEND, times: 1, fault: { kind: "reset", afterForward: true } });
    const results = await anchorBatches(
      three.map((b) => b.dir),
      { client, registry },
    );
    expect(new Set(results.map((r) => r.anchor.transactionHash)).size).to.equal(1);
    expect(new Set(sent(proxy)).size).to.equal(1);
    for (const { dir, root, leafCount } of three) await expectComplete(dir, root, leafCount);
  });

  it("an endpoint that lies about the chain id: refused before anything is signed or sent", async function () {
    const { dir, root } = await issue();
    const { proxy, client } = await faulty({ method: "eth_chainId", fault: lieChainId(1) });
    const error = await anchorBatch(dir, { client, registry }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ChainMismatchError);
    expect(error).to.include({ expectedChainId: 31337, actualChainId: 1 });
    expect(proxy.counts[SEND] ?? 0).to.equal(0);
    expect(await readJournal(dir)).to.equal(undefined);
    expect(await anchorLogs(root)).to.have.length(0);
  });
  it("batch(root) says anchored but eth_getLogs returns nothing: the wait sleeps, keeps its deadline and ends in AnchorEventNotFoundError (issue 12, item 8)", async function () {
    const { dir, root } = await issue();
    // When each empty eth_getLogs answer left the proxy. The figures below hold however slow the
    // machine is: wall-clock bounds did not (every request 700 ms late: "expected 13011 to be within
    // 3000..8000"; fewer than 5 reads in the 3 s).
    const answered: number[] = [];
    const { proxy, client } = await faulty({
      method: "eth_getLogs",
      fault: {
        kind: "lie",
        result: () => {
          answered.push(Date.now());
          return [];
        },
      },
    });
    const started = Date.now();
    const guard = new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 60_000).unref());
    const outcome = await Promise.race([
      anchorBatch(dir, { client, registry, confirmations: 1, timeoutMs: 3_000 }).then(
        () => "resolved",
        (error: unknown) => error,
      ),
      guard,
    ]);
    const elapsed = Date.now() - started;
    expect(outcome).to.be.instanceOf(AnchorEventNotFoundError);
    const error = outcome as AnchorEventNotFoundError;
    expect(error.root).to.equal(root);
    expect(error.code).to.equal("ANCHOR_EVENT_NOT_FOUND");
    const message = new RegExp(
      `^Root ${root} is anchored in block ${error.blockNumber}, but the RPC endpoint returns no BatchAnchored event for it \\(waited (\\d+) s\\)\\.$`,
    ).exec(error.shortMessage);
    expect(message, error.shortMessage).to.not.equal(null);
    // It kept its deadline: not given up before 3 s ...
    expect(Number(message![1])).to.be.at.least(3);
    expect(elapsed).to.be.at.least(3_000);
    // ... asked again meanwhile ...
    expect(answered.length).to.be.at.least(2);
    // ... and not long after it: the wait starts before its first read, so it is over 3 s after that
    // read, and the first empty answer after that ends it (at most one more, for slack).
    expect(answered.filter((at) => at > answered[0] + 3_000).length).to.be.at.most(2);
    // It slept between attempts (50 ms polling): tens of reads, not thousands.
    for (let i = 1; i < answered.length; i++) {
      expect(answered[i] - answered[i - 1], `the gap before read ${i}`).to.be.at.least(45);
    }
    expect(proxy.counts.eth_getLogs).to.equal(answered.length);
    expect(proxy.counts.eth_call ?? 0).to.be.below(400);
    // The root is on chain once; nothing was recorded, the journal stays for a later run.
    expect(await anchorLogs(root)).to.have.length(1);
    const manifest = await readJson<BatchManifest>(path.join(dir, "manifest.json"));
    expect(manifest.anchor).to.equal(undefined);
    expect((await readJournal(dir))?.state).to.equal("sent");
  });
});
