/**
 * `credanchor deploy --factory` against a real `hardhat node`, the command line run through `main(argv, io)`
 * in this process (`runCliInProcess`: what the command does, not the process boundary, which
 * test/cli/errors.test.ts and journey.test.ts cover; a spawned CLI costs ~0.6 CPU-s), `issue` through the
 * BUILT executable (its worker threads start from dist/, cheaper than under ts-node): the address
 * is printed before anything is sent, the node gets the deterministic deployment proxy and the factory, the
 * registry is created at its predicted address for at most 200,000 gas and recorded; a registry that already
 * exists at the predicted address is reported and recorded, with what differs; then issue, anchor and verify
 * work against the clone.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DeployJson } from "../../../cli/commands/deploy";
import type { VerifyJson } from "../../../cli/commands/verify";
import { REGISTRY_COMPILER, type DeploymentRecord } from "../../../sdk/src/chain/deploymentRecord";
import { deployRegistryViaFactory } from "../../../sdk/src/chain/actions/deployRegistryViaFactory";
import { getRegistryFactoryAddress } from "../../../sdk/src/chain/getRegistryFactoryAddress";
import { predictRegistryAddress } from "../../../sdk/src/chain/predictRegistryAddress";
import { HARDHAT_ACCOUNTS } from "../../helpers/hardhatNode";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import { localRegistryClient } from "../../helpers/localClient";
import { ensureBuilt, FIXTURES, json, runCli, runCliInProcess } from "../../helpers/runCli";

const [ISSUER, OTHER] = HARDHAT_ACCOUNTS;
const NAME = "Northbridge School of Nursing";
const URL = "https://nursing.example.edu";

describe("cli deploy --factory", function () {
  let node: SharedHardhatNode;
  let dir: string;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCliInProcess(args, { cwd: dir, env });
  const bin = (...args: string[]) => runCli(args, { cwd: dir, env });
  const record = () =>
    JSON.parse(fs.readFileSync(path.join(dir, "deployments", "localhost.json"), "utf8")) as DeploymentRecord;

  before(async function () {
    ensureBuilt();
    node = await sharedHardhatNode();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-factory-"));
    env = { LOCALHOST_RPC_URL: node.url, CREDANCHOR_PRIVATE_KEY: ISSUER.privateKey };
    const init = await cli("init", "--name", NAME, "--url", URL);
    expect(init.code, init.stderr).to.equal(0);
  });
  after(async function () {
    await node?.release();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("prints the predicted address first, then creates the registry there for at most 200,000 gas", async function () {
    const predicted = predictRegistryAddress({ admin: ISSUER.address, name: NAME });
    expect(await node.rpc<string>("eth_getCode", [getRegistryFactoryAddress().factory, "latest"])).to.equal("0x");
    const run = await cli("deploy", "--factory");
    expect(run.code, run.stderr).to.equal(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).to.equal(
      `→ registry of ${ISSUER.address} named "${NAME}": ${predicted.address} (the same on every chain)`,
    );
    expect(run.stdout)
      .to.include(`deployed the registry factory at ${getRegistryFactoryAddress().factory}`)
      .and.to.include(`created a CredentialRegistry at ${predicted.address} on localhost (chain 31337)`)
      .and.to.include(`admin     ${ISSUER.address} (also issuer and revoker)`);
    const gas = BigInt(/\(gas ([\d,]+)\)\n {2}recorded/.exec(run.stdout)![1].replaceAll(",", ""));
    expect(gas <= 200_000n, `gas ${gas}`).to.equal(true);

    // The documented record (docs/SPEC.md 6.9), deployedAt from the creating block, not the clock.
    const written = record();
    expect(written.transactionHash).to.match(/^0x[0-9a-f]{64}$/);
    const block = await node.rpc<{ timestamp: string; hash: string }>("eth_getBlockByNumber", [
      `0x${written.blockNumber!.toString(16)}`,
      false,
    ]);
    expect(written).to.deep.equal({
      network: "localhost",
      chainId: 31337,
      contract: "CredentialRegistry",
      address: predicted.address,
      transactionHash: written.transactionHash,
      blockNumber: written.blockNumber,
      deployer: ISSUER.address,
      admin: ISSUER.address,
      args: { admin: ISSUER.address, name: NAME, url: URL },
      compiler: REGISTRY_COMPILER,
      factory: { address: predicted.factory, implementation: predicted.implementation, salt: predicted.salt },
      contractVersion: "1.0.0",
      deployedAt: new Date(Number(BigInt(block.timestamp)) * 1000).toISOString().replace(".000Z", "Z"),
    });
    expect(Object.keys(written)).to.deep.equal([
      "network",
      "chainId",
      "contract",
      "address",
      "transactionHash",
      "blockNumber",
      "deployer",
      "admin",
      "args",
      "compiler",
      "factory",
      "contractVersion",
      "deployedAt",
    ]);
  });

  it("a second run sends nothing; with --force it finds the registry already at its address and says so", async function () {
    const predicted = predictRegistryAddress({ admin: ISSUER.address, name: NAME });
    const blockBefore = await node.rpc<string>("eth_blockNumber");
    const again = await cli("deploy", "--factory");
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.include(`localhost already has a registry: ${predicted.address}`);

    const forced = await cli("deploy", "--factory", "--force", "--json");
    expect(forced.code, forced.stderr).to.equal(0);
    expect(json<DeployJson>(forced)).to.deep.equal({
      network: "localhost",
      chainId: 31337,
      address: predicted.address,
      deployed: false,
      existed: true,
      factory: predicted.factory,
      admin: ISSUER.address,
      name: NAME,
      url: URL,
      deploymentFile: path.join("deployments", "localhost.json"),
    });
    expect(await node.rpc<string>("eth_blockNumber")).to.equal(blockBefore);
  });

  it("a registry someone else created first for this admin and name is reported with what differs", async function () {
    const name = "Northbridge Continuing Education";
    // Anyone may create an admin's registry; here another key does, with another URL.
    const other = localRegistryClient(node.url, OTHER.privateKey);
    const created = await deployRegistryViaFactory(other, { admin: ISSUER.address, name, url: "https://evil.example" });
    const run = await cli("deploy", "--factory", "--force", "--name", name);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout)
      .to.include(`the registry already exists at ${created.address} on localhost; nothing sent`)
      .and.to.include(`! its profile is "${name}" — https://evil.example, not "${name}" — ${URL}`)
      .and.to.include("fix: as its admin, correct the profile");
    expect(record().address).to.equal(created.address);
    expect(record().transactionHash).to.equal(undefined);
    // No creating transaction seen, so no block and no deployedAt (never the local clock).
    expect(record()).to.include({ contract: "CredentialRegistry", admin: ISSUER.address });
    expect(record().deployedAt).to.equal(undefined);
  });

  it("issue, anchor and verify work against the clone", async function () {
    const deployed = await cli("deploy", "--factory", "--force", "--json");
    expect(deployed.code, deployed.stderr).to.equal(0);
    const issue = await bin(
      "issue",
      "--template",
      path.join(FIXTURES, "templates", "telemedicine-nursing.json"),
      "--recipients",
      path.join(FIXTURES, "recipients", "nurses.csv"),
      "--out",
      "batch-1",
      "--json",
    );
    expect(issue.code, issue.stderr).to.equal(0);
    const anchor = await cli("anchor", "batch-1", "--json");
    expect(anchor.code, anchor.stderr).to.equal(0);
    const verify = await cli("verify", "batch-1", "--json");
    expect(verify.code, verify.stdout).to.equal(0);
    expect(json<VerifyJson>(verify).summary).to.include({ total: 15, valid: 15, invalid: 0, error: 0 });
  });
});
