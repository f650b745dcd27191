/**
 * scripts/deployRegistry.ts (the `deploy-registry` task) against the in-process network, writing to a
 * temporary deployments directory.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre, { ethers } from "hardhat";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { CredentialRegistry } from "../../typechain-types";
import {
  DeployRegistryError,
  type DeployRegistryErrorCode,
  deployRegistry,
  deploymentFile,
  readDeployment,
  rpcUrlVariable,
} from "../../scripts/deployRegistry";
import type { DeploymentRecord } from "../../sdk/src/chain/deploymentRecord";
import { ISSUER_ROLE, REVOKER_ROLE, UNDER_COVERAGE } from "./helpers";

async function expectDeployError(
  promise: Promise<unknown>,
  code: DeployRegistryErrorCode,
): Promise<DeployRegistryError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(DeployRegistryError);
    expect((error as DeployRegistryError).code).to.equal(code);
    return error as DeployRegistryError;
  }
  expect.fail(`expected a DeployRegistryError ${code}`);
}

/** A stand-in runtime for a public network, for the checks that must fail before anything is sent. */
function fakeRuntime(
  network: string,
  accounts: string[],
  chainIdAnswer: () => Promise<string>,
): HardhatRuntimeEnvironment {
  return {
    network: {
      name: network,
      config: { chainId: 11155111, url: "https://rpc.example/secret-api-key", accounts },
      provider: { request: chainIdAnswer },
    },
  } as unknown as HardhatRuntimeEnvironment;
}

describe("deploy-registry", function () {
  let dir: string;
  const lines: string[] = [];
  const log = (line: string): void => void lines.push(line);

  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-deployments-"));
    lines.length = 0;
  });
  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("deploys, and writes deployments/<network>.json with everything needed to find and check the registry", async function () {
    const [deployer] = await ethers.getSigners();
    const { status, record, file } = await deployRegistry(hre, {
      deploymentsDir: dir,
      name: "Example University",
      url: "https://credentials.example.edu",
      log,
    });
    expect(status).to.equal("deployed");
    expect(file).to.equal(path.join(dir, "hardhat.json"));
    const written = JSON.parse(fs.readFileSync(file, "utf8")) as DeploymentRecord;
    expect(written).to.deep.equal(record);

    const receipt = await ethers.provider.getTransactionReceipt(record.transactionHash!);
    const block = await ethers.provider.getBlock(receipt!.blockNumber);
    expect(record).to.deep.equal({
      network: "hardhat",
      chainId: 31337,
      contract: "CredentialRegistry",
      address: receipt!.contractAddress,
      transactionHash: receipt!.hash,
      blockNumber: receipt!.blockNumber,
      deployer: deployer.address,
      admin: deployer.address,
      args: { admin: deployer.address, name: "Example University", url: "https://credentials.example.edu" },
      // solidity-coverage compiles an instrumented build with the optimizer off.
      compiler: {
        solc: "0.8.30+commit.73712a01",
        evmVersion: "cancun",
        optimizer: { enabled: !UNDER_COVERAGE, runs: 10_000 },
      },
      contractVersion: "1.0.0",
      // the deployment block's timestamp (not the clock), in whole seconds like every credanchor time
      deployedAt: new Date(block!.timestamp * 1000).toISOString().replace(".000Z", "Z"),
    });
    const registry = (await ethers.getContractAt(
      "CredentialRegistry",
      record.address,
    )) as unknown as CredentialRegistry;
    expect(await registry.defaultAdmin()).to.equal(deployer.address);
    expect(await registry.profile()).to.deep.equal(["Example University", "https://credentials.example.edu"]);
    expect(lines.join("\n")).to.contain(`at ${record.address}`);
  });

  it("does not deploy again while the recorded deployment has code", async function () {
    const [deployer] = await ethers.getSigners();
    const first = await deployRegistry(hre, { deploymentsDir: dir, log });
    const nonce = await ethers.provider.getTransactionCount(deployer.address);
    const blockNumber = await ethers.provider.getBlockNumber();
    const before = fs.readFileSync(first.file, "utf8");

    const second = await deployRegistry(hre, { deploymentsDir: dir, name: "ignored", log });
    expect(second.status).to.equal("already-deployed");
    expect(second.record).to.deep.equal(first.record);
    expect(await ethers.provider.getTransactionCount(deployer.address)).to.equal(nonce);
    expect(await ethers.provider.getBlockNumber()).to.equal(blockNumber);
    expect(fs.readFileSync(first.file, "utf8")).to.equal(before);
    expect(lines.at(-1)).to.contain(`already deployed on hardhat at ${first.record.address}`);
  });

  it("deploys a new registry with redeploy, and records it", async function () {
    const first = await deployRegistry(hre, { deploymentsDir: dir });
    const second = await deployRegistry(hre, { deploymentsDir: dir, redeploy: true, name: "Second" });
    expect(second.status).to.equal("deployed");
    expect(second.record.address).not.to.equal(first.record.address);
    expect(readDeployment(dir, "hardhat")).to.deep.equal(second.record);
    expect(await ethers.provider.getCode(second.record.address)).not.to.equal("0x");
  });

  it("deploys again when the recorded address has no code (a restarted node)", async function () {
    const stale = { network: "hardhat", chainId: 31337, address: ethers.Wallet.createRandom().address };
    fs.writeFileSync(deploymentFile(dir, "hardhat"), JSON.stringify(stale));
    const { status, record } = await deployRegistry(hre, { deploymentsDir: dir, log });
    expect(status).to.equal("deployed");
    expect(record.address).not.to.equal(stale.address);
    expect(lines[0]).to.contain(`${stale.address} has no code`);
  });

  it("makes the given admin the registry's admin, with the operator roles", async function () {
    const [, , , , , admin] = await ethers.getSigners();
    const { record } = await deployRegistry(hre, { deploymentsDir: dir, admin: admin.address.toLowerCase() });
    expect(record.admin).to.equal(admin.address);
    expect(record.args.admin).to.equal(admin.address);
    const registry = (await ethers.getContractAt(
      "CredentialRegistry",
      record.address,
    )) as unknown as CredentialRegistry;
    expect(await registry.defaultAdmin()).to.equal(admin.address);
    expect(await registry.hasRole(ISSUER_ROLE, admin.address)).to.equal(true);
    expect(await registry.hasRole(REVOKER_ROLE, admin.address)).to.equal(true);
    expect(await registry.hasRole(ISSUER_ROLE, record.deployer!)).to.equal(false);
  });

  it("refuses an admin that is not a non-zero address", async function () {
    for (const admin of ["0x1234", "alice.eth", ethers.ZeroAddress]) {
      const error = await expectDeployError(deployRegistry(hre, { deploymentsDir: dir, admin }), "DEPLOY_BAD_ADMIN");
      expect(error.shortMessage).to.contain(admin);
    }
    expect(fs.readdirSync(dir)).to.deep.equal([]);
  });

  it("refuses when the endpoint's chain id is not the network's, and sends nothing", async function () {
    const [deployer] = await ethers.getSigners();
    const nonce = await ethers.provider.getTransactionCount(deployer.address);
    const error = await expectDeployError(
      deployRegistry(hre, { deploymentsDir: dir, expectedChainId: 11155111 }),
      "DEPLOY_CHAIN_MISMATCH",
    );
    expect(error.oneLine()).to.equal(
      "Refusing to deploy: network hardhat is pinned to chain id 11155111, but its endpoint reports chain id 31337. " +
        "Fix: point hardhat at a node of chain 11155111.",
    );
    expect(await ethers.provider.getTransactionCount(deployer.address)).to.equal(nonce);
    expect(fs.readdirSync(dir)).to.deep.equal([]);
  });

  it("on a public network, names the variable of a mismatched endpoint", async function () {
    const runtime = fakeRuntime("sepolia", ["0x" + "11".repeat(32)], async () => "0x7a69");
    const error = await expectDeployError(deployRegistry(runtime, { deploymentsDir: dir }), "DEPLOY_CHAIN_MISMATCH");
    expect(error.oneLine()).to.contain("pinned to chain id 11155111, but its endpoint reports chain id 31337");
    expect(error.oneLine()).to.contain("SEPOLIA_RPC_URL");
  });

  it("turns Hardhat's own chain id check (HH101) into the same refusal", async function () {
    const runtime = fakeRuntime("sepolia", ["0x" + "11".repeat(32)], async () => {
      throw new Error("HH101: Hardhat was set to use chain id 11155111, but connected to a chain with id 31337.");
    });
    const error = await expectDeployError(deployRegistry(runtime, { deploymentsDir: dir }), "DEPLOY_CHAIN_MISMATCH");
    expect(error.shortMessage).to.equal(
      "Refusing to deploy: network sepolia is pinned to chain id 11155111, but its endpoint reports chain id 31337.",
    );
    expect(error.fix).to.equal("point SEPOLIA_RPC_URL at an endpoint of chain 11155111.");
  });

  it("says how to set a key when a public network has none, before contacting it", async function () {
    let contacted = false;
    const runtime = fakeRuntime("baseSepolia", [], async () => {
      contacted = true;
      return "0x14a34";
    });
    const error = await expectDeployError(deployRegistry(runtime, { deploymentsDir: dir }), "DEPLOY_NO_KEY");
    expect(contacted).to.equal(false);
    expect(error.oneLine()).to.contain("No deployer key for network baseSepolia");
    expect(error.oneLine()).to.contain("npx hardhat vars set CREDANCHOR_PRIVATE_KEY");
  });

  it("says which variable to set when the endpoint cannot be reached, without printing its URL", async function () {
    const runtime = fakeRuntime("sepolia", ["0x" + "11".repeat(32)], async () => {
      throw new Error("connect ECONNREFUSED https://rpc.example/secret-api-key");
    });
    const error = await expectDeployError(deployRegistry(runtime, { deploymentsDir: dir }), "DEPLOY_UNREACHABLE");
    expect(error.shortMessage).to.contain("Cannot read the chain id of network sepolia");
    expect(error.fix).to.contain("npx hardhat vars set SEPOLIA_RPC_URL");
    expect(error.oneLine()).not.to.contain("secret-api-key");
  });

  it("rejects a deployment file that is not valid JSON, unless redeploying", async function () {
    fs.writeFileSync(deploymentFile(dir, "hardhat"), "{ not json");
    await expectDeployError(deployRegistry(hre, { deploymentsDir: dir }), "DEPLOY_BAD_RECORD");
    const { status } = await deployRegistry(hre, { deploymentsDir: dir, redeploy: true });
    expect(status).to.equal("deployed");
    expect(readDeployment(dir, "hardhat")?.contract).to.equal("CredentialRegistry");
  });

  it("derives each network's RPC URL variable as hardhat.config.ts names it", function () {
    expect(
      ["sepolia", "baseSepolia", "opSepolia", "arbitrumSepolia", "polygonAmoy", "localhost"].map(rpcUrlVariable),
    ).to.deep.equal([
      "SEPOLIA_RPC_URL",
      "BASE_SEPOLIA_RPC_URL",
      "OP_SEPOLIA_RPC_URL",
      "ARBITRUM_SEPOLIA_RPC_URL",
      "POLYGON_AMOY_RPC_URL",
      "LOCALHOST_RPC_URL",
    ]);
  });
});
