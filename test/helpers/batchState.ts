/**
 * What the reliability tests read back from a batch directory and from the chain: every credential
 * file parsed (a half-written file fails here), the anchor records, stray temporary files, the
 * root recomputed independently of the SDK, and the BatchAnchored logs of a root.
 */
import { entryOf } from "../fixtures/samples";
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { MerkleTree as MerkleTreeJs } from "merkletreejs";
import { keccak_256 } from "@noble/hashes/sha3";
import { encodeAbiParameters, encodeEventTopics, keccak256, type Hex } from "viem";
import { credentialRegistryAbi } from "../../sdk/src/chain/registryArtifact";
import type { AnchorRecord, BatchManifest } from "../../sdk/src/types";
import type { HardhatNode } from "./hardhatNode";
import { credentialFiles } from "./credentialFiles";

export type CredentialFile = { proof: unknown[] };

/** The batch as it is on disk. Throws (with the file name) if any JSON file does not parse. */
export interface BatchOnDisk {
  manifest: BatchManifest;
  /** Parsed credential files, by leaf index (file order). */
  credentials: CredentialFile[];
  files: string[];
}

export function readBatch(dir: string): BatchOnDisk {
  const manifest = parseFile<BatchManifest>(path.join(dir, "manifest.json"));
  const files = credentialFiles(dir);
  return { manifest, credentials: files.map((file) => parseFile<CredentialFile>(file)), files };
}

/** Parses a JSON file; a truncated or half-written file fails with its name. */
export function parseFile<T>(file: string): T {
  const text = fs.readFileSync(file, "utf8");
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`${file} is not whole JSON (${(error as Error).message}); ${text.length} bytes`, { cause: error });
  }
}

/** Every file and folder under `dir` (relative paths), recursively. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string, prefix: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      out.push(relative);
      if (entry.isDirectory()) walk(path.join(current, entry.name), relative);
    }
  };
  walk(dir, "");
  return out;
}

/** Temporary and partial files and folders: `*.tmp`, `*.partial*`, a spool. */
export function strayFiles(dir: string): string[] {
  return listTree(dir).filter((name) => /\.tmp$|\.partial|(^|\/)spool(\/|$)/.test(name));
}

/**
 * The batch root recomputed from the credentials' (leafIndex, digest) with merkletreejs and
 * @noble/hashes: leaf = keccak(keccak(abi.encode(uint256 index, bytes32 digest))), sorted pairs.
 */
export function recomputeRoot(credentials: CredentialFile[]): Hex {
  const keccak = (data: Buffer) => Buffer.from(keccak_256(data));
  const leaves = credentials.map((credential, index) => {
    const encoded = encodeAbiParameters(
      [{ type: "uint256" }, { type: "bytes32" }],
      [BigInt(index), entryOf(credential).digest],
    );
    return Buffer.from(keccak256(keccak256(encoded)).slice(2), "hex");
  });
  return new MerkleTreeJs(leaves, keccak, { sortPairs: true }).getHexRoot() as Hex;
}

/** The BatchAnchored logs of `root` in `registry`, straight from eth_getLogs over the whole chain. */
export async function batchAnchoredLogs(
  node: Pick<HardhatNode, "rpc">,
  registry: Hex,
  root: Hex,
): Promise<Array<{ transactionHash: Hex; blockNumber: Hex; blockHash: Hex }>> {
  const topics = encodeEventTopics({ abi: credentialRegistryAbi, eventName: "BatchAnchored", args: { root } });
  return node.rpc("eth_getLogs", [{ address: registry, fromBlock: "0x0", toBlock: "latest", topics }]);
}

/** Every credential holds `record` (or, with `undefined`, none), and belongs to the manifest's root. */
export function expectEveryCredential(batch: BatchOnDisk, record: AnchorRecord | undefined): void {
  batch.credentials.forEach((credential, index) => {
    const proof = entryOf(credential);
    expect(proof.leafIndex, batch.files[index]).to.equal(index);
    expect(proof.root, batch.files[index]).to.equal(batch.manifest.root);
    expect(proof.anchor, batch.files[index]).to.deep.equal(record);
  });
}
