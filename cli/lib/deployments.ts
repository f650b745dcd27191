/**
 * deployments/<network>.json: where a network's registry lives. Written by `credanchor deploy`
 * (and by the Hardhat deploy task) through the SDK's one writer (sdk/src/chain/deploymentRecord.ts),
 * read by every command that needs the registry of a network.
 */
import { isAddress } from "viem";
import fs from "node:fs";
import path from "node:path";
import {
  type DeploymentRecord,
  deploymentRecordFile,
  type DeploymentRecordInput,
  writeDeploymentRecord,
} from "../../sdk/src/node";
import { ConfigError } from "../errors";

/** deployments/<network>.json under `dir`. */
export function deploymentFile(dir: string, network: string): string {
  return deploymentRecordFile(path.join(dir, "deployments"), network);
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

/** Writes deployments/<network>.json under `dir` with the SDK's one writer (docs/SPEC.md 6.9). */
export function writeDeployment(dir: string, input: DeploymentRecordInput): string {
  return writeDeploymentRecord(path.join(dir, "deployments"), input).file;
}
