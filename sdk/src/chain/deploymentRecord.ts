/**
 * deployments/<network>.json, the deployment record (docs/SPEC.md section 12): the one writer, used by
 * `credanchor deploy` and by the Hardhat `deploy-registry` task. Node-only (node:fs).
 */
import fs from "node:fs";
import path from "node:path";
import { isoFromUnixSeconds } from "../credential/dateTime";
import { writeFileAtomicSync } from "../files/writeFileAtomic";
import type { Address, Hex } from "../types";

/** The compiler that produced a registry's bytecode. */
export interface RegistryCompiler {
  /** The full solc version, e.g. `0.8.30+commit.73712a01`. */
  solc: string;
  evmVersion: string;
  optimizer: { enabled: boolean; runs: number };
}

/**
 * The compiler of the CredentialRegistry bytecode the SDK ships (sdk/src/chain/registryArtifact.ts);
 * test/contracts/registryArtifact.test.ts checks it against the build that produced that bytecode.
 */
export const REGISTRY_COMPILER: RegistryCompiler = {
  solc: "0.8.30+commit.73712a01",
  evmVersion: "cancun",
  optimizer: { enabled: true, runs: 10_000 },
};

/** The contents of deployments/<network>.json, members in this order. */
export interface DeploymentRecord {
  /** The network name (the file name). */
  network: string;
  chainId: number;
  contract: "CredentialRegistry";
  address: Address;
  /** The transaction that created the registry (absent when a factory clone was found already made). */
  transactionHash?: Hex;
  blockNumber?: number;
  deployer?: Address;
  /** The registry's default admin (the constructor also grants it ISSUER_ROLE and REVOKER_ROLE). */
  admin: Address;
  /** Constructor (or factory) arguments, in order. */
  args: { admin: Address; name: string; url: string };
  compiler: RegistryCompiler;
  /** Set for a clone made by CredentialRegistryFactory: the same address on every chain. */
  factory?: { address: Address; implementation: Address; salt: Hex };
  /** The registry's `version()`, when it answered. */
  contractVersion?: string;
  /** The timestamp of block `blockNumber`, ISO 8601 UTC in whole seconds; absent without a block. */
  deployedAt?: string;
}

/** What the writer needs: the record without `contract`, `admin` (it is `args.admin`) and `deployedAt`. */
export interface DeploymentRecordInput extends Omit<DeploymentRecord, "contract" | "admin" | "deployedAt"> {
  /** The timestamp (Unix seconds) of block `blockNumber`: the record's `deployedAt`. */
  blockTimestamp?: number | bigint;
}

/**
 * The deployment record of a registry, in the documented member order.
 *
 * @example
 * deploymentRecord({ network: "localhost", chainId: 31337, address, transactionHash, blockNumber: 1,
 *   deployer, args: { admin, name: "Example University", url: "https://example.edu" },
 *   compiler: REGISTRY_COMPILER, contractVersion: "1.0.0", blockTimestamp: 1767225600n })
 * // { network: "localhost", …, admin, …, deployedAt: "2026-01-01T00:00:00Z" }
 */
export function deploymentRecord(input: DeploymentRecordInput): DeploymentRecord {
  return {
    network: input.network,
    chainId: input.chainId,
    contract: "CredentialRegistry",
    address: input.address,
    ...(input.transactionHash !== undefined ? { transactionHash: input.transactionHash } : {}),
    ...(input.blockNumber !== undefined ? { blockNumber: input.blockNumber } : {}),
    ...(input.deployer !== undefined ? { deployer: input.deployer } : {}),
    admin: input.args.admin,
    args: { admin: input.args.admin, name: input.args.name, url: input.args.url },
    compiler: input.compiler,
    ...(input.factory ? { factory: input.factory } : {}),
    ...(input.contractVersion !== undefined ? { contractVersion: input.contractVersion } : {}),
    ...(input.blockTimestamp !== undefined ? { deployedAt: isoFromUnixSeconds(input.blockTimestamp) } : {}),
  };
}

/** The path of the deployment record of `network`: `<deploymentsDir>/<network>.json`. */
export function deploymentRecordFile(deploymentsDir: string, network: string): string {
  return path.join(deploymentsDir, `${network}.json`);
}

/**
 * Writes `<deploymentsDir>/<network>.json` atomically (temporary file, then rename) and returns the
 * file and the record written.
 *
 * @example
 * const { file } = writeDeploymentRecord("deployments", input) // "deployments/localhost.json"
 */
export function writeDeploymentRecord(
  deploymentsDir: string,
  input: DeploymentRecordInput,
): { file: string; record: DeploymentRecord } {
  const record = deploymentRecord(input);
  const file = deploymentRecordFile(deploymentsDir, record.network);
  fs.mkdirSync(deploymentsDir, { recursive: true });
  writeFileAtomicSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return { file, record };
}
