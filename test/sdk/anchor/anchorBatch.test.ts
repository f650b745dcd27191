/**
 * anchorBatch / anchorBatches against a real `hardhat node` on a loopback port: a normal run, a root
 * already on chain, crashes between send and confirmation (an exception after the journal is written,
 * and a child process killed with SIGKILL), dropped and replaced transactions, confirmations, and
 * several batches in one anchorMany transaction. A few error cases run on the in-process network.
 */
import { expect } from "chai";
import hre from "hardhat";
import fs from "node:fs/promises";
import path from "node:path";
import { spawn } from "node:child_process";
import { getAddress, type Hex } from "viem";
import { HARDHAT_ACCOUNTS } from "../../helpers/hardhatNode";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import { createRegistryClient, type RegistryClient } from "../../../sdk/src/chain/createRegistryClient";
import { deployRegistry } from "../../../sdk/src/chain/actions/deployRegistry";
import { anchor } from "../../../sdk/src/chain/actions/anchor";
import { credentialRegistryAbi } from "../../../sdk/src/chain/registryArtifact";
import { anchorBatch } from "../../../sdk/src/anchor/anchorBatch";
import { anchorBatches, type AnchorProgress } from "../../../sdk/src/anchor/anchorBatches";
import { readJournal, JOURNAL_FILE } from "../../../sdk/src/anchor/journal";
import type { AnchorRecord, BatchManifest, CredAnchorProof } from "../../../sdk/src/types";
import { ethers } from "ethers";
import { ChainMismatchError, NotAuthorizedError, RootAlreadyAnchoredError } from "../../../sdk/src/errors/registry";
import {
  AnchorTimeoutError,
  AnchoredElsewhereError,
  LeafCountMismatchError,
  StaleAnchorRecordError,
} from "../../../sdk/src/errors/anchor";
import { issueBatch } from "../../../sdk/src/batch/issueBatch";
import { findProofEntry } from "../../../sdk/src/credential/findProofEntry";
import { validateAnchorRecord } from "../../../sdk/src/credential/validateProofEntry";
import { verifyCredential } from "../../../sdk/src/verify/verifyCredential";
import { randomRoot, readJson, tempDir, writeFixtureBatch } from "../../helpers/fixtureBatch";
import { localRegistryClient } from "../../helpers/localClient";
import { credentialFile, credentialFiles } from "../../helpers/credentialFiles";
import { credentialFileName } from "../../../sdk/src/batch/layout";
import { main } from "../../../cli/main";
import { testIo } from "../../../cli/lib/testIo";
import type { VerifyJson } from "../../../cli/commands/verify";
import { until } from "../../helpers/until";
import { REPO_ROOT, repoPath } from "../../helpers/repoRoot";

type Credential = { proof: (CredAnchorProof & { anchor?: AnchorRecord })[] };

const [issuer] = HARDHAT_ACCOUNTS;

/** Every file of the batch carries exactly `record`, and nothing else changed. */
async function expectRecorded(dir: string, record: AnchorRecord, leafCount: number): Promise<void> {
  const manifest = await readJson<BatchManifest>(path.join(dir, "manifest.json"));
  expect(manifest.anchor).to.deep.equal(record);
  const files = credentialFiles(dir);
  expect(files).to.have.length(leafCount);
  for (const file of files) {
    const text = await fs.readFile(file, "utf8");
    const credential = JSON.parse(text) as Credential;
    expect(findProofEntry(credential).anchor).to.deep.equal(record);
    expect(credential.proof[0]).to.have.property("verificationMethod", `did:pkh:${record.chain}:${record.registry}`);
    expect(text).to.equal(`${JSON.stringify(credential, null, 2)}\n`); // formatting kept
  }
  expect((await fs.readdir(path.join(dir, "credentials"))).filter((n) => n.endsWith(".tmp"))).to.deep.equal([]);
}

async function expectUnrecorded(dir: string): Promise<void> {
  const manifest = await readJson<BatchManifest>(path.join(dir, "manifest.json"));
  expect(manifest.anchor).to.equal(undefined);
  for (const file of credentialFiles(dir)) {
    expect(findProofEntry(await readJson<Credential>(file)).anchor).to.equal(undefined);
  }
}

describe("anchorBatch against a real hardhat node", function () {
  let node: SharedHardhatNode;
  let client: RegistryClient;
  let registry: `0x${string}`;
  let work: string;

  async function anchorEvents(root: Hex) {
    return client.publicClient.getContractEvents({
      address: registry,
      abi: credentialRegistryAbi,
      eventName: "BatchAnchored",
      args: { root },
      fromBlock: 0n,
      toBlock: "latest",
    });
  }

  async function nonce(address: string = issuer.address, blockTag: "latest" | "pending" = "latest"): Promise<number> {
    return client.publicClient.getTransactionCount({ address: address as `0x${string}`, blockTag });
  }

  before(async function () {
    node = await sharedHardhatNode();
    client = localRegistryClient(node.url, issuer.privateKey);
    ({ address: registry } = await deployRegistry(client, {
      admin: issuer.address,
      name: "Example",
      url: "https://example.edu",
    }));
    work = await tempDir();
  });

  after(async function () {
    await node?.release();
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  afterEach(async function () {
    await node.rpc("evm_setAutomine", [true]);
  });

  it("anchors a batch: one transaction, the record in the manifest and every proof, the journal done; a second run sends nothing", async function () {
    const { dir, root } = await writeFixtureBatch(work, "normal", { leafCount: 5 });
    const before = await fs.readFile(credentialFile(dir, 3), "utf8");
    const files: number[] = [];
    const result = await anchorBatch(dir, {
      client,
      registry,
      onProgress: (e) => {
        if (e.type === "files") files.push(e.done);
      },
    });
    expect(result.outcome).to.equal("sent");
    expect(result.filesWritten).to.equal(5);
    expect(files.at(-1)).to.equal(5);

    const events = await anchorEvents(root);
    expect(events).to.have.length(1);
    expect(events[0].args.leafCount).to.equal(5n);
    const block = await client.publicClient.getBlock({ blockNumber: events[0].blockNumber });
    const expected: AnchorRecord = {
      chain: "eip155:31337",
      registry: getAddress(registry),
      transactionHash: events[0].transactionHash,
      blockNumber: Number(events[0].blockNumber),
      anchoredAt: new Date(Number(block.timestamp) * 1000).toISOString().replace(".000Z", "Z"),
    };
    expect(result.anchor).to.deep.equal(expected);
    await expectRecorded(dir, expected, 5);
    // Only the anchor record was added to the credential.
    const after = await readJson<Credential>(credentialFile(dir, 3));
    const { anchor: _anchor, ...afterData } = findProofEntry(after);
    expect(afterData).to.deep.equal(findProofEntry(JSON.parse(before)));
    expect({ ...after, proof: [] }).to.deep.equal({ ...JSON.parse(before), proof: [] });

    const tx = await client.publicClient.getTransaction({ hash: events[0].transactionHash });
    expect(tx.type).to.equal("eip1559");
    const journal = await readJournal(dir);
    expect(journal?.state).to.equal("done");
    expect(journal?.attempts.map((a) => [a.hash, a.nonce])).to.deep.equal([[tx.hash, tx.nonce]]);
    expect(journal?.anchor).to.deep.equal(expected);

    const nonceBefore = await nonce();
    const again = await anchorBatch(dir, { client, registry });
    expect(again.outcome).to.equal("already-recorded");
    expect(again.filesWritten).to.equal(0);
    expect(again.anchor).to.deep.equal(expected);
    expect(await nonce()).to.equal(nonceBefore);
  });

  it("anchors a batch built by issueBatch: the proofs stay valid for the credential module and verify as valid", async function () {
    const fixtures = repoPath("test", "fixtures", "batch");
    const outDir = path.join(work, "issued");
    const { manifest } = await issueBatch({
      template: path.join(fixtures, "template.json"),
      recipients: path.join(fixtures, "recipients.csv"),
      outDir,
      workers: 0,
    });
    // The registry's profile matches the template's issuer, so the verifier's issuer check can pass.
    const { address: own } = await deployRegistry(client, {
      admin: issuer.address,
      name: "Example University",
      url: "https://www.example.edu",
    });
    const result = await anchorBatch(outDir, { client, registry: own });
    expect(result.filesWritten).to.equal(manifest.leafCount);
    await expectRecorded(outDir, result.anchor, manifest.leafCount);
    expect(validateAnchorRecord(result.anchor, "/anchor")).to.deep.equal([]);
    const file = credentialFile(outDir, 0);
    const text = await fs.readFile(file, "utf8");
    expect(findProofEntry(JSON.parse(text)).anchor).to.deep.equal(result.anchor);
    const verdict = await verifyCredential(text, { rpc: { "eip155:31337": node.url }, minConfirmations: 1 });
    expect(verdict.status, JSON.stringify(verdict.checks, null, 1)).to.equal("valid");
  });

  it("anchors and verifies, as a folder, a batch written before manifests listed their files (NNNNNN.json, no files)", async function () {
    const fixtures = repoPath("test", "fixtures", "batch");
    const outDir = path.join(work, "old-style");
    const { manifest } = await issueBatch({
      template: path.join(fixtures, "template.json"),
      recipients: path.join(fixtures, "recipients.csv"),
      outDir,
      workers: 0,
    });
    // rewritten as credanchor wrote batches before: files named by index, no `files` in the manifest
    const oldNames = manifest.files!.map((_, index) => credentialFileName(index, manifest.leafCount));
    for (const [index, name] of manifest.files!.entries()) {
      await fs.rename(path.join(outDir, "credentials", name), path.join(outDir, "credentials", oldNames[index]));
    }
    const { files: _dropped, ...old } = manifest;
    await fs.writeFile(path.join(outDir, "manifest.json"), `${JSON.stringify(old, null, 2)}\n`);
    const { address: own } = await deployRegistry(client, {
      admin: issuer.address,
      name: "Example University",
      url: "https://www.example.edu",
    });
    const result = await anchorBatch(outDir, { client, registry: own });
    expect(result.filesWritten).to.equal(manifest.leafCount);
    await expectRecorded(outDir, result.anchor, manifest.leafCount);
    expect((await readJson<BatchManifest>(path.join(outDir, "manifest.json"))).files).to.equal(undefined);
    const io = testIo({ cwd: work });
    expect(await main(["verify", "--rpc", node.url, "--json", "old-style"], io), io.stdout.text()).to.equal(0);
    const report = JSON.parse(io.stdout.text()) as VerifyJson;
    expect(report.results.map((r) => [r.file, r.verdict])).to.deep.equal(
      oldNames.map((name) => [path.join("old-style", "credentials", name), "valid"]),
    );
  });

  it("records a root that is already on chain instead of sending it again", async function () {
    const { dir, root } = await writeFixtureBatch(work, "already", { leafCount: 2 });
    const direct = await anchor(client, { registry, root, leafCount: 2 });
    const nonceBefore = await nonce();
    const result = await anchorBatch(dir, { client, registry });
    expect(result.outcome).to.equal("found");
    expect(result.anchor.transactionHash).to.equal(direct.transactionHash);
    expect(result.anchor.blockNumber).to.equal(Number(direct.blockNumber));
    expect(await nonce()).to.equal(nonceBefore);
    expect(await anchorEvents(root)).to.have.length(1);
    await expectRecorded(dir, result.anchor, 2);
  });

  it("resumes after a crash between send and confirmation: exactly one BatchAnchored, every file recorded", async function () {
    const { dir, root } = await writeFixtureBatch(work, "crash", { leafCount: 4 });
    await node.rpc("evm_setAutomine", [false]);
    const nonceBefore = await nonce();
    let sent: Hex | undefined;
    const crashed = await anchorBatch(dir, {
      client,
      registry,
      onProgress: (e) => {
        if (e.type === "sent") {
          sent = e.transactionHash;
          throw new Error("simulated crash after the transaction was sent");
        }
      },
    }).catch((error: Error) => error);
    expect((crashed as Error).message).to.equal("simulated crash after the transaction was sent");

    // The journal holds the pending transaction; nothing is recorded yet.
    const journal = await readJournal(dir);
    expect(journal?.state).to.equal("sent");
    expect(journal?.attempts).to.have.length(1);
    expect(journal?.attempts[0].hash).to.equal(sent);
    expect(journal?.attempts[0].nonce).to.equal(nonceBefore);
    const pending = await client.publicClient.getTransaction({ hash: sent! });
    expect(pending.blockNumber).to.equal(null);
    await expectUnrecorded(dir);

    // Run again while the transaction is still pending; mine once it waits for it.
    const events: AnchorProgress[] = [];
    const resumed = anchorBatch(dir, { client, registry, onProgress: (e) => void events.push(e) });
    await until(
      () => events.some((e) => e.type === "waiting"),
      "the resumed run to wait for the journaled transaction",
    );
    expect(events.some((e) => e.type === "sent")).to.equal(false);
    await node.rpc("evm_mine");
    const result = await resumed;

    expect(result.outcome).to.equal("resumed");
    expect(result.anchor.transactionHash).to.equal(sent);
    expect(await anchorEvents(root)).to.have.length(1);
    expect(await nonce()).to.equal(nonceBefore + 1);
    await expectRecorded(dir, result.anchor, 4);
    expect((await readJournal(dir))?.state).to.equal("done");
  });

  it("resumes after the process is killed (SIGKILL) and its transaction dropped: the same signed transaction is broadcast again", async function () {
    const { dir, root } = await writeFixtureBatch(work, "killed", { leafCount: 3 });
    await node.rpc("evm_setAutomine", [false]);
    const nonceBefore = await nonce();
    const child = spawn(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", path.join(__dirname, "anchorChild.ts"), node.url, registry, dir],
      { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once("exit", (_code, signal) => resolve(signal)),
    );
    await until(() => /SENT 0x[0-9a-f]{64}/.test(output) || child.exitCode !== null, "the child to send", 60_000);
    const hash = /SENT (0x[0-9a-f]{64})/.exec(output)?.[1] as Hex | undefined;
    expect(hash, output).to.match(/^0x/);
    process.kill(child.pid!, "SIGKILL");
    expect(await exited).to.equal("SIGKILL");
    expect(output).not.to.include("DONE");

    // The node forgets the transaction (as a restarted node or a full mempool would).
    expect(await node.rpc<boolean>("hardhat_dropTransaction", [hash])).to.equal(true);
    expect((await readJournal(dir))?.attempts[0].hash).to.equal(hash);

    const events: AnchorProgress[] = [];
    const resumed = anchorBatch(dir, { client, registry, onProgress: (e) => void events.push(e) });
    await until(() => events.some((e) => e.type === "waiting"), "the journaled transaction to be broadcast again");
    await node.rpc("evm_mine");
    const result = await resumed;
    expect(result.outcome).to.equal("resumed");
    expect(result.anchor.transactionHash).to.equal(hash); // byte-identical rebroadcast
    expect(events.some((e) => e.type === "sent")).to.equal(false);
    expect(await anchorEvents(root)).to.have.length(1);
    expect(await nonce()).to.equal(nonceBefore + 1);
    await expectRecorded(dir, result.anchor, 3);
  });

  it("a replaced transaction (same nonce, something else mined) is detected and the root sent anew", async function () {
    const { dir, root } = await writeFixtureBatch(work, "replaced", { leafCount: 2 });
    await node.rpc("evm_setAutomine", [false]);
    const nonceBefore = await nonce();
    let sent: Hex | undefined;
    await anchorBatch(dir, {
      client,
      registry,
      onProgress: (e) => {
        if (e.type === "sent") {
          sent = e.transactionHash;
          throw new Error("crash");
        }
      },
    }).catch(() => undefined);
    // A wallet "cancels" it: a self-transfer with the same nonce and higher fees takes its place.
    await node.rpc("hardhat_dropTransaction", [sent]);
    const cancel = await client.walletClient!.sendTransaction({
      to: issuer.address,
      value: 0n,
      nonce: nonceBefore,
      maxFeePerGas: 10_000_000_000n,
      maxPriorityFeePerGas: 2_000_000_000n,
    });
    await node.rpc("evm_mine");
    expect((await client.publicClient.getTransactionReceipt({ hash: cancel })).status).to.equal("success");

    await node.rpc("evm_setAutomine", [true]);
    const result = await anchorBatch(dir, { client, registry });
    expect(result.outcome).to.equal("sent");
    expect(result.anchor.transactionHash).not.to.equal(sent);
    const events = await anchorEvents(root);
    expect(events).to.have.length(1);
    expect(events[0].transactionHash).to.equal(result.anchor.transactionHash);
    const journal = await readJournal(dir);
    expect(journal?.attempts.map((a) => a.nonce)).to.deep.equal([nonceBefore, nonceBefore + 1]);
    await expectRecorded(dir, result.anchor, 2);
  });

  it("a node-signed transaction that was dropped is sent again with the same nonce", async function () {
    const nodeClient = createRegistryClient({
      chainId: 31337,
      rpcUrl: node.url,
      account: { address: issuer.address },
      pollingInterval: 50,
    });
    const { dir, root } = await writeFixtureBatch(work, "dropped-json-rpc", { leafCount: 2 });
    await node.rpc("evm_setAutomine", [false]);
    const nonceBefore = await nonce();
    let sent: Hex | undefined;
    await anchorBatch(dir, {
      client: nodeClient,
      registry,
      onProgress: (e) => {
        if (e.type === "sent") {
          sent = e.transactionHash;
          throw new Error("crash");
        }
      },
    }).catch(() => undefined);
    expect((await readJournal(dir))?.attempts[0].raw).to.equal(undefined);
    await node.rpc("hardhat_dropTransaction", [sent]);

    const events: AnchorProgress[] = [];
    const resumed = anchorBatch(dir, { client: nodeClient, registry, onProgress: (e) => void events.push(e) });
    await until(() => events.some((e) => e.type === "sent"), "the replacement to be sent");
    await node.rpc("evm_mine");
    const result = await resumed;
    const replacement = events.find((e) => e.type === "sent") as Extract<AnchorProgress, { type: "sent" }>;
    expect(replacement.nonce).to.equal(nonceBefore);
    expect(replacement.replacesNonce).to.equal(true);
    expect(result.anchor.transactionHash).to.equal(replacement.transactionHash);
    expect(await anchorEvents(root)).to.have.length(1);
    expect(await nonce()).to.equal(nonceBefore + 1);
    await expectRecorded(dir, result.anchor, 2);
  });

  it("waits for the requested confirmations before writing anything", async function () {
    const { dir } = await writeFixtureBatch(work, "confirmations", { leafCount: 2 });
    const events: AnchorProgress[] = [];
    const running = anchorBatch(dir, { client, registry, confirmations: 3, onProgress: (e) => void events.push(e) });
    await until(() => events.some((e) => e.type === "confirmations"), "the first confirmation report");
    const first = events.find((e) => e.type === "confirmations") as Extract<AnchorProgress, { type: "confirmations" }>;
    expect([first.confirmations, first.required]).to.deep.equal([1, 3]);
    await expectUnrecorded(dir);
    await node.rpc("evm_mine");
    await node.rpc("evm_mine");
    const result = await running;
    const head = Number(await client.publicClient.getBlockNumber());
    expect(head - result.anchor.blockNumber + 1).to.equal(3);
    await expectRecorded(dir, result.anchor, 2);
  });

  it("resumes after a crash while the files are being rewritten, without a new transaction", async function () {
    const { dir, root } = await writeFixtureBatch(work, "crash-files", { leafCount: 4 });
    const nonceBefore = await nonce();
    const crashed = await anchorBatch(dir, {
      client,
      registry,
      concurrency: 1,
      onProgress: (e) => {
        if (e.type === "files" && e.done === 2) throw new Error("crash while writing files");
      },
    }).catch((error: Error) => error);
    expect((crashed as Error).message).to.equal("crash while writing files");
    const journal = await readJournal(dir);
    expect(journal?.state).to.equal("recording");
    const manifest = await readJson<BatchManifest>(path.join(dir, "manifest.json"));
    expect(manifest.anchor).to.equal(undefined); // the manifest is written last

    const result = await anchorBatch(dir, { client, registry });
    expect(result.outcome).to.equal("resumed");
    expect(result.anchor).to.deep.equal(journal?.anchor);
    expect(result.filesWritten).to.be.lessThan(4); // the files written before the crash are left alone
    expect(await nonce()).to.equal(nonceBefore + 1);
    expect(await anchorEvents(root)).to.have.length(1);
    await expectRecorded(dir, result.anchor, 4);
  });

  it("gives up with AnchorTimeoutError while the transaction stays pending, keeping the journal for the next run", async function () {
    const { dir, root } = await writeFixtureBatch(work, "timeout", { leafCount: 1 });
    await node.rpc("evm_setAutomine", [false]);
    const error = (await anchorBatch(dir, { client, registry, timeoutMs: 300 }).catch(
      (e: unknown) => e,
    )) as AnchorTimeoutError;
    expect(error).to.be.instanceOf(AnchorTimeoutError);
    const journal = await readJournal(dir);
    expect(error.transactionHash).to.equal(journal?.attempts[0].hash);
    expect(journal?.state).to.equal("sent");
    await node.rpc("evm_mine");
    const result = await anchorBatch(dir, { client, registry });
    expect(result.outcome).to.equal("resumed");
    expect(result.anchor.transactionHash).to.equal(error.transactionHash);
    expect(await anchorEvents(root)).to.have.length(1);
  });

  it("works for an ethers v6 user: JsonRpcProvider with a node-managed signer, errors decoded through ethers", async function () {
    const provider = new ethers.JsonRpcProvider(node.url, 31337, { staticNetwork: true });
    try {
      const signer = await provider.getSigner(issuer.address);
      const viaEthers = createRegistryClient({ chainId: 31337, ethers: signer, pollingInterval: 50 });
      const { dir, root } = await writeFixtureBatch(work, "ethers", { leafCount: 2 });
      const result = await anchorBatch(dir, { client: viaEthers, registry });
      expect(result.outcome).to.equal("sent");
      await expectRecorded(dir, result.anchor, 2);
      const stranger = createRegistryClient({
        chainId: 31337,
        ethers: new ethers.Wallet(HARDHAT_ACCOUNTS[2].privateKey, provider),
        pollingInterval: 50,
      });
      const denied = (await anchor(stranger, { registry, root: randomRoot(), leafCount: 1 }).catch(
        (e: unknown) => e,
      )) as NotAuthorizedError;
      expect(denied).to.be.instanceOf(NotAuthorizedError);
      expect([denied.account, denied.roleName]).to.deep.equal([HARDHAT_ACCOUNTS[2].address, "ISSUER_ROLE"]);
      const again = (await anchor(viaEthers, { registry, root, leafCount: 2 }).catch(
        (e: unknown) => e,
      )) as RootAlreadyAnchoredError;
      expect(again).to.be.instanceOf(RootAlreadyAnchoredError);
      expect(again.root).to.equal(root);
    } finally {
      provider.destroy();
    }
  });

  it("anchorBatches shares anchorMany transactions between batches (maxRootsPerTransaction per transaction)", async function () {
    const batches = await Promise.all(
      ["many-a", "many-b", "many-c"].map((name, i) => writeFixtureBatch(work, name, { leafCount: i + 1 })),
    );
    const nonceBefore = await nonce();
    const results = await anchorBatches(
      batches.map((b) => b.dir),
      { client, registry, maxRootsPerTransaction: 2 },
    );
    expect(results.map((r) => r.outcome)).to.deep.equal(["sent", "sent", "sent"]);
    expect(await nonce()).to.equal(nonceBefore + 2);
    expect(results[0].anchor.transactionHash).to.equal(results[1].anchor.transactionHash);
    expect(results[2].anchor.transactionHash).not.to.equal(results[0].anchor.transactionHash);
    const shared = await client.publicClient.getTransaction({ hash: results[0].anchor.transactionHash });
    expect(shared.input.startsWith("0x")).to.equal(true);
    for (const [i, batch] of batches.entries()) {
      const events = await anchorEvents(batch.root);
      expect(events).to.have.length(1);
      expect(events[0].args.leafCount).to.equal(BigInt(i + 1));
      await expectRecorded(batch.dir, results[i].anchor, i + 1);
      expect((await readJournal(batch.dir))?.attempts[0].roots).to.deep.equal(
        i < 2 ? [batches[0].root, batches[1].root] : [batches[2].root],
      );
    }
  });
});

describe("anchorBatch refusals (in-process Hardhat network)", function () {
  let client: RegistryClient;
  let registry: `0x${string}`;
  let work: string;

  before(async function () {
    client = createRegistryClient({
      chainId: 31337,
      provider: hre.network.provider,
      account: { address: issuer.address },
    });
    ({ address: registry } = await deployRegistry(client, { admin: issuer.address, name: "E", url: "https://e" }));
    work = await tempDir();
  });

  after(async function () {
    await fs.rm(work, { recursive: true, force: true });
  });

  it("refuses an endpoint of another chain before reading or writing anything", async function () {
    const { dir } = await writeFixtureBatch(work, "wrong-chain", { leafCount: 1 });
    const wrong = createRegistryClient({
      chainId: 84532,
      provider: hre.network.provider,
      account: { address: issuer.address },
    });
    const error = await anchorBatch(dir, { client: wrong, registry }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ChainMismatchError);
    expect((error as ChainMismatchError).actualChainId).to.equal(31337);
    await expect(fs.access(path.join(dir, JOURNAL_FILE))).to.be.rejected;
  });

  it("refuses a root on chain with another leaf count", async function () {
    const { dir, root } = await writeFixtureBatch(work, "leaf-count", { leafCount: 2 });
    await anchor(client, { registry, root, leafCount: 7 });
    const error = (await anchorBatch(dir, { client, registry }).catch((e: unknown) => e)) as LeafCountMismatchError;
    expect(error).to.be.instanceOf(LeafCountMismatchError);
    expect([error.root, error.manifestLeafCount, error.onChainLeafCount]).to.deep.equal([root, 2, 7]);
    await expectUnrecorded(dir);
  });

  it("refuses a batch already recorded for another registry", async function () {
    const { dir } = await writeFixtureBatch(work, "elsewhere", { leafCount: 1 });
    const first = await anchorBatch(dir, { client, registry });
    const { address: other } = await deployRegistry(client, { admin: issuer.address, name: "Other", url: "https://o" });
    const error = (await anchorBatch(dir, { client, registry: other }).catch(
      (e: unknown) => e,
    )) as AnchoredElsewhereError;
    expect(error).to.be.instanceOf(AnchoredElsewhereError);
    expect(error.recordedRegistry).to.equal(first.anchor.registry);
    expect(error.location?.pointer).to.equal("/anchor");
  });

  it("a record the registry does not hold (a reset chain) is refused unless allowReanchor is set", async function () {
    const { dir, root } = await writeFixtureBatch(work, "stale", { leafCount: 1 });
    const manifestFile = path.join(dir, "manifest.json");
    const manifest = await readJson<BatchManifest>(manifestFile);
    manifest.anchor = {
      chain: "eip155:31337",
      registry: getAddress(registry),
      transactionHash: `0x${"11".repeat(32)}`,
      blockNumber: 1,
      anchoredAt: "2026-01-01T00:00:00Z",
    };
    await fs.writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    const error = (await anchorBatch(dir, { client, registry }).catch((e: unknown) => e)) as StaleAnchorRecordError;
    expect(error).to.be.instanceOf(StaleAnchorRecordError);
    expect(error.root).to.equal(root);
    const result = await anchorBatch(dir, { client, registry, allowReanchor: true });
    expect(result.outcome).to.equal("sent");
    expect((await readJson<BatchManifest>(manifestFile)).anchor).to.deep.equal(result.anchor);
  });

  it("refuses the same root twice in one call", async function () {
    const root = randomRoot();
    const a = await writeFixtureBatch(work, "twin-a", { leafCount: 1, root });
    const b = await writeFixtureBatch(work, "twin-b", { leafCount: 1, root });
    const error = (await anchorBatches([a.dir, b.dir], { client, registry }).catch((e: unknown) => e)) as Error;
    expect(error.message).to.include("hold the same root");
  });
});
