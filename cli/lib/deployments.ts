/**
 * deployments/<network>.json: where a network's registry lives. Written by `credanchor deploy`
 * (and by the Hardhat deploy task), read by every command that needs the registry of a network.
 */
import { writeFileAtomicSync } from "../../sdk/src/files/writeFileAtomic";
import { isAddress } from "viem";
import fs from "node:fs";
import path from "node:path";
import type { Address, Hex } from "../../sdk/src/types";
import { ConfigError } from "../errors";

export interface DeploymentRecord {
  network: string;
  chainId: number;
  address: Address;
  transactionHash?: Hex;
  blockNumber?: number;
  deployer?: Address;
  /** Constructor arguments. */
  args?: { admin: Address; name: string; url: string };
  /**
   * Set when the registry is a clone made by CredentialRegistryFactory (`deploy --factory`): the factory,
   * the implementation and the CREATE2 salt; the address is then the same on every chain.
   */
  factory?: { address: Address; implementation: Address; salt: Hex };
  /** The registry's `version()`, when known. */
  contractVersion?: string;
  deployedAt?: string;
}

/** deployments/<network>.json under `dir`. */
export function deploymentFile(dir: string, network: string): string {
  return path.join(dir, "deployments", `${network}.json`);
}

/** The deployment recorded for `network`, or undefined when there is none. */
export function readDeployment(dir: string, network: string): DeploymentRecord | undefined {
  const file = deploymentFile(dir, network);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    throw new ConfigError(`${file} is not valid JSON`, {
      fix: "restore it from version control, or delete it and run `credanchor deploy` again",
    });
  }
  const candidate = record as Partial<DeploymentRecord>;
  if (typeof candidate.address !== "string" || !isAddress(candidate.address, { strict: false })) {
    throw new ConfigError(`${file} has no registry address`, {
      location: { file, pointer: "/address" },
      fix: "restore it from version control, or delete it and run `credanchor deploy` again",
    });
  }
  return candidate as DeploymentRecord;
}

/** Writes the record atomically (temporary file, then rename). */
export function writeDeployment(dir: string, record: DeploymentRecord): string {
  const file = deploymentFile(dir, record.network);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomicSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}
