/**
 * Deploys a CredentialRegistry to the network of a Hardhat runtime and records it in
 * `deployments/<network>.json`. Used by the `deploy-registry` task (scripts/tasks.ts); tests call
 * {@link deployRegistry} directly with a temporary deployments directory.
 *
 * This module must not import the Hardhat runtime (`hardhat`): hardhat.config.ts loads it through
 * scripts/tasks.ts, before the runtime exists.
 */
import fs from "node:fs";
import path from "node:path";
import { getAddress, isAddress, ZeroAddress } from "ethers";
import type { HardhatRuntimeEnvironment, HttpNetworkConfig } from "hardhat/types";
import { BaseError } from "../sdk/src/errors/base";
import {
  deploymentRecordFile,
  writeDeploymentRecord,
  type DeploymentRecord,
  type RegistryCompiler,
} from "../sdk/src/chain/deploymentRecord";
import type { Address, Hex } from "../sdk/src/types";

export interface DeployRegistryOptions {
  /** The default admin; default: the deployer. */
  admin?: string;
  /** The issuer's display name; default empty (set it later with `setProfile`). */
  name?: string;
  /** The issuer's profile URL or DID; default empty. */
  url?: string;
  /** Deploy even when the recorded deployment still has code on chain. */
  redeploy?: boolean;
  /** Where the `<network>.json` files live; default `deployments/` at the project root. */
  deploymentsDir?: string;
  /** The chain id the endpoint must report; default: the network's `chainId` in hardhat.config.ts. */
  expectedChainId?: number;
  /** Blocks to wait for after the deployment; default 1 on hardhat and localhost, 2 elsewhere. */
  confirmations?: number;
  /** Progress lines; default: none. */
  log?: (line: string) => void;
}

export interface DeployRegistryResult {
  /** `deployed`: a new registry was deployed; `already-deployed`: the recorded one is live, nothing was sent. */
  status: "deployed" | "already-deployed";
  record: DeploymentRecord;
  /** The deployment file written (or found). */
  file: string;
}

export type DeployRegistryErrorCode =
  | "DEPLOY_NO_CHAIN_ID"
  | "DEPLOY_NO_KEY"
  | "DEPLOY_UNREACHABLE"
  | "DEPLOY_CHAIN_MISMATCH"
  | "DEPLOY_BAD_ADMIN"
  | "DEPLOY_BAD_RECORD";

/** An expected failure of the deploy task: the task prints its message on one line, without a stack. */
export class DeployRegistryError extends BaseError {
  override name = "DeployRegistryError";
  declare readonly code: DeployRegistryErrorCode;

  constructor(code: DeployRegistryErrorCode, shortMessage: string, fix: string, cause?: unknown) {
    super(shortMessage, { code, fix, cause });
  }

  /** `<message> Fix: <what to do>` on one line. */
  oneLine(): string {
    return `${this.shortMessage} Fix: ${this.fix}`;
  }
}

export const DEFAULT_DEPLOYMENTS_DIR = path.resolve(__dirname, "..", "deployments");
const LOCAL_NETWORKS = new Set(["hardhat", "localhost"]);
const CONTRACT = "CredentialRegistry";

/** The configuration variable / environment variable holding a network's RPC URL: `baseSepolia` → `BASE_SEPOLIA_RPC_URL`. */
export function rpcUrlVariable(network: string): string {
  return `${network.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}_RPC_URL`;
}

/** The path of the deployment record of `network`. */
export function deploymentFile(deploymentsDir: string, network: string): string {
  return deploymentRecordFile(deploymentsDir, network);
}

/** The recorded deployment of `network`, or undefined when there is none. */
export function readDeployment(deploymentsDir: string, network: string): DeploymentRecord | undefined {
  const file = deploymentFile(deploymentsDir, network);
  if (!fs.existsSync(file)) return undefined;
  let record: Partial<DeploymentRecord>;
  try {
    record = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<DeploymentRecord>;
  } catch (error) {
    throw new DeployRegistryError(
      "DEPLOY_BAD_RECORD",
      `${file} is not valid JSON.`,
      "restore it from version control, or run again with --redeploy to replace it.",
      error,
    );
  }
  if (typeof record.address !== "string" || !isAddress(record.address) || typeof record.chainId !== "number") {
    throw new DeployRegistryError(
      "DEPLOY_BAD_RECORD",
      `${file} has no valid address and chainId.`,
      "restore it from version control, or run again with --redeploy to replace it.",
    );
  }
  return record as DeploymentRecord;
}

function keyFix(network: string): string {
  return (
    `set the deployer's key with \`npx hardhat vars set CREDANCHOR_PRIVATE_KEY\` (stored in Hardhat's ` +
    `configuration variables) or export CREDANCHOR_PRIVATE_KEY=0x... for this shell, and fund its address on ${network}.`
  );
}

function endpointFix(network: string): string {
  if (network === "localhost") return "start a node with `npx hardhat node` (or set LOCALHOST_RPC_URL).";
  const variable = rpcUrlVariable(network);
  return `set the RPC URL with \`npx hardhat vars set ${variable}\` or export ${variable}=https://... for this shell.`;
}

/** Reads `eth_chainId` and refuses anything but `expected`. */
async function checkChainId(hre: HardhatRuntimeEnvironment, expected: number): Promise<number> {
  const network = hre.network.name;
  let actual: number;
  try {
    actual = Number(BigInt((await hre.network.provider.request({ method: "eth_chainId" })) as string));
  } catch (error) {
    // Hardhat's HTTP provider checks the chain id of a network that pins one itself (HH101) and throws.
    const mismatch = error instanceof Error ? /connected to a chain with id (\d+)/.exec(error.message) : null;
    if (mismatch) return refuseChain(network, expected, Number(mismatch[1]));
    // The URL may carry an API key: never print it.
    const reason = (error instanceof Error ? error.message.split("\n")[0] : String(error)).replace(
      /[a-z][a-z0-9+.-]*:\/\/\S+/gi,
      "<rpc url>",
    );
    throw new DeployRegistryError(
      "DEPLOY_UNREACHABLE",
      `Cannot read the chain id of network ${network} (${reason}).`,
      endpointFix(network),
      error,
    );
  }
  if (actual !== expected) refuseChain(network, expected, actual);
  return actual;
}

function refuseChain(network: string, expected: number, actual: number): never {
  throw new DeployRegistryError(
    "DEPLOY_CHAIN_MISMATCH",
    `Refusing to deploy: network ${network} is pinned to chain id ${expected}, but its endpoint reports chain id ${actual}.`,
    LOCAL_NETWORKS.has(network)
      ? `point ${network} at a node of chain ${expected}.`
      : `point ${rpcUrlVariable(network)} at an endpoint of chain ${expected}.`,
  );
}

async function compilerOf(hre: HardhatRuntimeEnvironment): Promise<RegistryCompiler> {
  const buildInfo = await hre.artifacts.getBuildInfo(`contracts/${CONTRACT}.sol:${CONTRACT}`);
  const settings = (buildInfo?.input.settings ?? {}) as {
    evmVersion?: string;
    optimizer?: { enabled?: boolean; runs?: number };
  };
  return {
    solc: buildInfo?.solcLongVersion ?? hre.config.solidity.compilers[0]?.version ?? "unknown",
    evmVersion: settings.evmVersion ?? "default",
    optimizer: { enabled: settings.optimizer?.enabled ?? false, runs: settings.optimizer?.runs ?? 0 },
  };
}

/**
 * Deploys a CredentialRegistry on `hre.network` and writes `<deploymentsDir>/<network>.json`, unless the
 * recorded deployment of that network still has code at its address (then nothing is sent, unless
 * `redeploy`). Refuses when the endpoint's chain id is not the network's pinned chain id, and when a public
 * network has no deployer key. Throws {@link DeployRegistryError} for every expected failure.
 *
 * @example
 * // in a Hardhat script or task
 * const { status, record } = await deployRegistry(hre, { name: "Example University", url: "https://example.edu" });
 * console.log(status, record.address); // "deployed" 0x5FbDB2315678afecb367f032d93F642f64180aa3
 */
export async function deployRegistry(
  hre: HardhatRuntimeEnvironment,
  options: DeployRegistryOptions = {},
): Promise<DeployRegistryResult> {
  const network = hre.network.name;
  const log = options.log ?? (() => undefined);
  const deploymentsDir = options.deploymentsDir ?? DEFAULT_DEPLOYMENTS_DIR;
  const expectedChainId = options.expectedChainId ?? hre.network.config.chainId;
  if (expectedChainId === undefined) {
    throw new DeployRegistryError(
      "DEPLOY_NO_CHAIN_ID",
      `Network ${network} has no chain id in hardhat.config.ts.`,
      `pin it: networks.${network}.chainId = <the chain id>.`,
    );
  }
  const accounts = (hre.network.config as Partial<HttpNetworkConfig>).accounts;
  if (!LOCAL_NETWORKS.has(network) && Array.isArray(accounts) && accounts.length === 0) {
    throw new DeployRegistryError("DEPLOY_NO_KEY", `No deployer key for network ${network}.`, keyFix(network));
  }
  const chainId = await checkChainId(hre, expectedChainId);

  if (!options.redeploy) {
    const recorded = readDeployment(deploymentsDir, network);
    if (recorded) {
      const code = recorded.chainId === chainId ? await hre.ethers.provider.getCode(recorded.address) : "0x";
      if (code !== "0x") {
        log(
          `${CONTRACT} is already deployed on ${network} at ${recorded.address} (block ${recorded.blockNumber}); ` +
            `nothing to do. Pass --redeploy to deploy a new one.`,
        );
        return { status: "already-deployed", record: recorded, file: deploymentFile(deploymentsDir, network) };
      }
      log(
        `The recorded ${CONTRACT} at ${recorded.address} has no code on chain ${chainId} (a restarted node?); deploying a new one.`,
      );
    }
  }

  const signers = await hre.ethers.getSigners();
  const deployer = signers[0];
  if (!deployer)
    throw new DeployRegistryError("DEPLOY_NO_KEY", `No deployer key for network ${network}.`, keyFix(network));
  const adminInput = options.admin ?? deployer.address;
  if (!isAddress(adminInput) || getAddress(adminInput) === ZeroAddress) {
    throw new DeployRegistryError(
      "DEPLOY_BAD_ADMIN",
      `--admin ${JSON.stringify(adminInput)} is not a non-zero Ethereum address.`,
      "pass the admin's 0x-prefixed 20-byte address (a multisig in production), or leave --admin out to make the deployer the admin.",
    );
  }
  const admin = getAddress(adminInput);
  const name = options.name ?? "";
  const url = options.url ?? "";

  log(`Deploying ${CONTRACT} to ${network} (chain ${chainId}) from ${deployer.address}, admin ${admin}...`);
  const factory = await hre.ethers.getContractFactory(CONTRACT, deployer);
  const contract = await factory.deploy(admin, name, url);
  const transaction = contract.deploymentTransaction();
  if (!transaction) throw new Error("the deployment returned no transaction");
  const confirmations = options.confirmations ?? (LOCAL_NETWORKS.has(network) ? 1 : 2);
  const receipt = await transaction.wait(confirmations);
  if (!receipt || !receipt.contractAddress)
    throw new Error(`deployment transaction ${transaction.hash} has no receipt`);
  const block = await hre.ethers.provider.getBlock(receipt.blockNumber);
  const version = (await contract.getFunction("version")()) as string;

  const { file, record } = writeDeploymentRecord(deploymentsDir, {
    network,
    chainId,
    address: getAddress(receipt.contractAddress) as Address,
    transactionHash: receipt.hash as Hex,
    blockNumber: receipt.blockNumber,
    deployer: deployer.address as Address,
    args: { admin: admin as Address, name, url },
    compiler: await compilerOf(hre),
    contractVersion: version,
    ...(block ? { blockTimestamp: block.timestamp } : {}),
  });
  log(
    `Deployed ${CONTRACT} ${version} at ${record.address} (tx ${record.transactionHash}, block ${record.blockNumber}); ` +
      `wrote ${path.relative(process.cwd(), file) || file}.`,
  );
  return { status: "deployed", record, file };
}
