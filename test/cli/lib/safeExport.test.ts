/**
 * Anchoring through a real Safe multisig: a 2-of-3 Safe (v1.5.0 contracts) on a `hardhat node`
 * holds ISSUER_ROLE; `anchor --safe --export` writes a Transaction Builder batch; two owners sign and
 * execute it through @safe-global/protocol-kit; `anchor DIR` then records the anchor and the
 * credentials verify.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Safe from "@safe-global/protocol-kit";
import { keccak256, stringToHex, type Address, type Hex } from "viem";
import type { AnchorJson, AnchorPendingJson, AnchorProposeJson } from "../../../cli/commands/anchor";
import type { VerifyJson } from "../../../cli/commands/verify";
import type { ChangeStatusProposeJson } from "../../../cli/commands/revoke";
import type { RevokeBatchProposeJson } from "../../../cli/commands/revokeBatch";
import type { RolesProposeJson } from "../../../cli/commands/roles";
import { deployRegistry } from "../../../sdk/src/chain/actions/deployRegistry";
import { hasRole } from "../../../sdk/src/chain/actions/hasRole";
import { createRegistryClient } from "../../../sdk/src/chain/createRegistryClient";
import { testIo } from "../../../cli/lib/testIo";
import { main } from "../../../cli/main";
import { readJournal } from "../../../sdk/src/anchor/journal";
import type { SafeBatchFile } from "../../../sdk/src/safe/createSafeBatchFile";
import { HARDHAT_ACCOUNTS } from "../../helpers/hardhatNode";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import { contractNetworks, createSafe, deploySafeContracts, type SafeContracts } from "../../helpers/safe";
import { credentialFile } from "../../helpers/credentialFiles";
import { repoPath } from "../../helpers/repoRoot";
import { ON_THIS_THREAD } from "../../helpers/runCli";

const FIXTURES = repoPath("test", "fixtures");
const ADMIN_KEY = HARDHAT_ACCOUNTS[0].privateKey as Hex;

/**
 * The Transaction Builder's checksum, written here again from its description (docs/SPEC.md §12.2)
 * rather than imported, so that the SDK's copy is checked against a second one.
 */
function referenceChecksum(file: SafeBatchFile): Hex {
  const walk = (value: unknown): string => {
    if (Array.isArray(value)) return "[" + value.map(walk).join(",") + "]";
    if (value !== null && typeof value === "object") {
      const keys = Object.keys(value).sort();
      return (
        "{" + JSON.stringify(keys) + keys.map((k) => walk((value as Record<string, unknown>)[k]) + ",").join("") + "}"
      );
    }
    return JSON.stringify(value ?? null);
  };
  const meta: Record<string, unknown> = { ...file.meta, name: null };
  delete meta.checksum;
  return keccak256(stringToHex(walk({ ...file, meta })));
}

describe("cli: anchoring through a Safe multisig (real Safe on a hardhat node)", function () {
  this.timeout(180_000);
  let node: SharedHardhatNode;
  let dir: string;
  let env: Record<string, string>;
  let contracts: SafeContracts;
  let safe: Address;
  const cli = async (...argv: string[]) => {
    const io = testIo({ cwd: dir, env });
    const code = await main(argv, io);
    return { code, stdout: io.stdout.text(), stderr: io.stderr.text() };
  };

  /** Two of the three owners sign the exported file's calls; owner 2 executes. Returns the transaction hash. */
  const executeBatch = async (file: string): Promise<Hex> => {
    const batch = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as SafeBatchFile;
    const owner1 = await Safe.init({
      provider: node.url,
      signer: HARDHAT_ACCOUNTS[1].privateKey,
      safeAddress: safe,
      contractNetworks: contractNetworks(contracts),
    });
    let safeTx = await owner1.createTransaction({
      transactions: batch.transactions.map((t) => ({ to: t.to, value: t.value, data: t.data })),
    });
    safeTx = await owner1.signTransaction(safeTx);
    const owner2 = await owner1.connect({ signer: HARDHAT_ACCOUNTS[2].privateKey });
    safeTx = await owner2.signTransaction(safeTx);
    const { hash } = await owner2.executeTransaction(safeTx);
    const receipt = await node.rpc<{ status: string }>("eth_getTransactionReceipt", [hash]);
    expect(receipt.status, `Safe transaction ${hash}`).to.equal("0x1");
    return hash as Hex;
  };

  before(async function () {
    node = await sharedHardhatNode();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-safe-"));
    env = { LOCALHOST_RPC_URL: node.url, CREDANCHOR_PRIVATE_KEY: ADMIN_KEY };
    contracts = await deploySafeContracts(node.url, ADMIN_KEY);
    safe = await createSafe(node.url, ADMIN_KEY, contracts, {
      owners: HARDHAT_ACCOUNTS.map((a) => a.address as Address),
      threshold: 2,
    });
    for (const argv of [
      ["init", "--name", "Northbridge School of Nursing", "--url", "https://nursing.example.edu"],
      ["deploy"],
      [
        "issue",
        "--template",
        path.join(FIXTURES, "templates", "telemedicine-nursing.json"),
        "--recipients",
        path.join(FIXTURES, "recipients", "nurses.csv"),
        "--out",
        "batch-1",
        ...ON_THIS_THREAD,
      ],
    ]) {
      const run = await cli(...argv);
      expect(run.code, `${argv[0]}: ${run.stderr}`).to.equal(0);
    }
  });
  after(async function () {
    await node?.release();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses to export for a Safe that does not hold ISSUER_ROLE, and writes nothing", async function () {
    const run = await cli("anchor", "batch-1", "--safe", safe, "--export", "early.safe.json");
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include(safe).and.to.include("ISSUER_ROLE");
    expect(fs.existsSync(path.join(dir, "early.safe.json"))).to.equal(false);
    expect(await readJournal(path.join(dir, "batch-1"))).to.equal(undefined);
  });

  it("roles grant issuer to the Safe's address", async function () {
    const run = await cli("roles", "grant", "issuer", safe, "--json");
    expect(run.code, run.stderr).to.equal(0);
    expect(JSON.parse(run.stdout)).to.include({ action: "grant", role: "ISSUER_ROLE", account: safe, changed: true });
  });

  let batchFile: SafeBatchFile;
  let root: Hex;
  it("anchor --safe --export writes a Transaction Builder batch with the right checksum and journals `proposed`", async function () {
    const blockBefore = await node.rpc<string>("eth_blockNumber");
    const run = await cli("anchor", "batch-1", "--safe", safe, "--export", "batch-1.safe.json", "--json");
    expect(run.code, run.stderr).to.equal(0);
    const report = JSON.parse(run.stdout) as AnchorProposeJson;
    expect(await node.rpc<string>("eth_blockNumber")).to.equal(blockBefore); // nothing sent
    expect(report.batches).to.have.length(1);
    expect(report.batches[0]).to.include({ batchDir: "batch-1", leafCount: 15, status: "proposed" });
    root = report.batches[0].root;
    batchFile = JSON.parse(fs.readFileSync(path.join(dir, "batch-1.safe.json"), "utf8")) as SafeBatchFile;
    expect(batchFile.version).to.equal("1.0");
    expect(batchFile.chainId).to.equal("31337");
    expect(batchFile.meta.createdFromSafeAddress).to.equal(safe);
    expect(batchFile.meta.checksum).to.equal(referenceChecksum(batchFile));
    expect(report.exported).to.deep.include({
      safe,
      file: "batch-1.safe.json",
      chainId: 31337,
      checksum: batchFile.meta.checksum,
    });
    expect(batchFile.transactions).to.have.length(1);
    const [tx] = batchFile.transactions;
    expect(tx.to).to.equal(report.registry);
    expect(tx.value).to.equal("0");
    expect(tx.contractMethod?.name).to.equal("anchor");
    expect(tx.contractInputsValues).to.deep.equal({ root, leafCount: "15", uri: "" });

    const journal = await readJournal(path.join(dir, "batch-1"));
    expect(journal?.state).to.equal("proposed");
    expect(journal?.proposal).to.include({ safe, checksum: batchFile.meta.checksum, functionName: "anchor" });
    expect(journal?.proposal?.file).to.equal(path.join(dir, "batch-1.safe.json"));
  });

  it("anchor DIR before the Safe executed: 'proposed to Safe X, not executed yet', exit 3, nothing sent", async function () {
    const blockBefore = await node.rpc<string>("eth_blockNumber");
    const human = await cli("anchor", "batch-1");
    expect(human.code).to.equal(3);
    expect(human.stdout).to.include(`proposed to Safe ${safe}, not executed yet`);
    const run = await cli("anchor", "batch-1", "--json");
    expect(run.code).to.equal(3);
    expect(JSON.parse(run.stdout)).to.deep.equal({
      pending: true,
      safe,
      file: path.join(dir, "batch-1.safe.json"),
      roots: [root],
      batchDirs: ["batch-1"],
    } satisfies AnchorPendingJson);
    expect(await node.rpc<string>("eth_blockNumber")).to.equal(blockBefore);
  });

  let executedHash: Hex;
  it("two owners sign the exported batch with protocol-kit and execute it; anchor DIR records it; verify says valid", async function () {
    const networks = contractNetworks(contracts);
    const owner1 = await Safe.init({
      provider: node.url,
      signer: HARDHAT_ACCOUNTS[1].privateKey,
      safeAddress: safe,
      contractNetworks: networks,
    });
    expect(await owner1.getThreshold()).to.equal(2);
    let safeTx = await owner1.createTransaction({
      transactions: batchFile.transactions.map((t) => ({ to: t.to, value: t.value, data: t.data })),
    });
    safeTx = await owner1.signTransaction(safeTx);
    const owner2 = await owner1.connect({ signer: HARDHAT_ACCOUNTS[2].privateKey });
    safeTx = await owner2.signTransaction(safeTx);
    const executed = await owner2.executeTransaction(safeTx);
    executedHash = executed.hash as Hex;
    const receipt = await node.rpc<{ status: string }>("eth_getTransactionReceipt", [executedHash]);
    expect(receipt.status).to.equal("0x1");

    const run = await cli("anchor", "batch-1", "--json");
    expect(run.code, run.stderr).to.equal(0);
    const anchored = JSON.parse(run.stdout) as AnchorJson;
    expect(anchored.batches[0]).to.deep.include({ batchDir: "batch-1", root, outcome: "found", filesWritten: 15 });
    expect(anchored.batches[0].anchor.transactionHash).to.equal(executedHash);
    expect(anchored.batches[0].proposal).to.deep.equal({
      safe,
      file: path.join(dir, "batch-1.safe.json"),
      executedBySafe: true,
    });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "batch-1", "manifest.json"), "utf8")) as {
      anchor: { transactionHash: string };
    };
    expect(manifest.anchor.transactionHash).to.equal(executedHash);
    expect((await readJournal(path.join(dir, "batch-1")))?.state).to.equal("done");

    const verify = await cli("verify", "batch-1", "--json");
    expect(verify.code, verify.stderr).to.equal(0);
    expect((JSON.parse(verify.stdout) as VerifyJson).summary).to.include({
      total: 15,
      valid: 15,
      invalid: 0,
      error: 0,
    });
  });

  const credential = (index: number) => path.relative(dir, credentialFile(path.join(dir, "batch-1"), index));

  it("revoke --safe: refused while the Safe lacks REVOKER_ROLE; once granted, the exported batch revokes exactly that credential", async function () {
    const refused = await cli(
      "revoke",
      credential(3),
      "--reason",
      "issued-in-error",
      "--safe",
      safe,
      "--export",
      "revoke.safe.json",
    );
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.include("REVOKER_ROLE");
    expect(fs.existsSync(path.join(dir, "revoke.safe.json"))).to.equal(false);

    expect((await cli("roles", "grant", "revoker", safe)).code).to.equal(0);
    const run = await cli(
      "revoke",
      credential(3),
      "--reason",
      "issued-in-error",
      "--safe",
      safe,
      "--export",
      "revoke.safe.json",
      "--json",
    );
    expect(run.code, run.stderr).to.equal(0);
    const proposal = JSON.parse(run.stdout) as ChangeStatusProposeJson;
    expect(proposal).to.include({ operation: "revoke", chainId: 31337, requested: 1, alreadyDone: 0, toChange: 1 });
    expect(proposal.exported?.transactions.map((t) => t.functionName)).to.deep.equal(["revoke"]);
    const file = JSON.parse(fs.readFileSync(path.join(dir, "revoke.safe.json"), "utf8")) as SafeBatchFile;
    expect(file.meta.checksum).to.equal(referenceChecksum(file));
    expect(file.transactions[0].contractInputsValues).to.include({ root, wordIndices: '["0"]', masks: '["8"]' });

    await executeBatch("revoke.safe.json");
    const report = JSON.parse((await cli("verify", "batch-1", "--json")).stdout) as VerifyJson;
    expect(report.summary).to.include({ total: 15, valid: 14, invalid: 1 });

    const again = await cli(
      "revoke",
      credential(3),
      "--reason",
      "issued-in-error",
      "--safe",
      safe,
      "--export",
      "again.safe.json",
      "--json",
    );
    expect(again.code, again.stderr).to.equal(0);
    expect(JSON.parse(again.stdout)).to.include({ requested: 1, alreadyDone: 1, toChange: 0, exported: null });
    expect(fs.existsSync(path.join(dir, "again.safe.json"))).to.equal(false);
  });

  it("revoke-batch --safe: the exported batch revokes the whole batch", async function () {
    const run = await cli(
      "revoke-batch",
      "batch-1",
      "--reason",
      "wrong-cohort",
      "--safe",
      safe,
      "--export",
      "revoke-batch.safe.json",
      "--json",
    );
    expect(run.code, run.stderr).to.equal(0);
    const proposal = JSON.parse(run.stdout) as RevokeBatchProposeJson;
    expect(proposal.batches).to.deep.equal([{ root, status: "proposed", revokedAt: null }]);
    expect(proposal.exported?.transactions.map((t) => t.functionName)).to.deep.equal(["revokeBatch"]);
    await executeBatch("revoke-batch.safe.json");
    const report = JSON.parse((await cli("verify", "batch-1", "--json")).stdout) as VerifyJson;
    expect(report.summary).to.include({ total: 15, valid: 0, invalid: 15 });
  });

  it("roles grant --safe: refused when the Safe is not the admin; exported and executed when it is", async function () {
    const operator = "0x90F79bf6EB2c4f870365E785982E1f101E93b906" as Address;
    const refused = await cli("roles", "grant", "issuer", operator, "--safe", safe, "--export", "grant.safe.json");
    expect(refused.code).to.equal(1);
    expect(fs.existsSync(path.join(dir, "grant.safe.json"))).to.equal(false);

    // A second registry whose admin is the Safe.
    const admin = createRegistryClient({
      chainId: 31337,
      rpcUrl: node.url,
      account: { privateKey: ADMIN_KEY },
      confirmations: 1,
    });
    const { address: registry } = await deployRegistry(admin, {
      admin: safe,
      name: "Safe-run issuer",
      url: "https://safe.example",
    });
    const run = await cli(
      "roles",
      "grant",
      "issuer",
      operator,
      "--registry",
      registry,
      "--safe",
      safe,
      "--export",
      "grant.safe.json",
      "--json",
    );
    expect(run.code, run.stderr).to.equal(0);
    const proposal = JSON.parse(run.stdout) as RolesProposeJson;
    expect(proposal).to.include({ action: "grant", role: "ISSUER_ROLE", account: operator, safe, changed: true });
    expect(proposal.exported?.transactions.map((t) => t.functionName)).to.deep.equal(["grantRole"]);
    expect(await hasRole(admin, { registry, role: "ISSUER_ROLE", account: operator })).to.equal(false);
    await executeBatch("grant.safe.json");
    expect(await hasRole(admin, { registry, role: "ISSUER_ROLE", account: operator })).to.equal(true);
  });
});
