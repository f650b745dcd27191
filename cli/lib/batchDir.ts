/** Batch folders and credential files as chain commands see them: which root, which registry, which chain. */
import fs from "node:fs";
import path from "node:path";
import {
  type Address,
  type AnchorRecord,
  type BatchManifest,
  findProofEntry,
  type Hex,
  parseCaip2,
  readManifest,
} from "../../sdk/src/node";
import { readCredentialFile, resolvePath, withFile } from "./files";
import type { Io } from "./io";

export const ROOT_PATTERN = /^0x[0-9a-fA-F]{64}$/;

/** True when `input` names a folder. */
export function isDirectory(io: Io, input: string): boolean {
  try {
    return fs.statSync(resolvePath(io, input)).isDirectory();
  } catch {
    return false;
  }
}

/** A batch folder's manifest (the SDK checks it). */
export async function loadManifest(io: Io, dir: string): Promise<BatchManifest> {
  return (await readManifest(resolvePath(io, dir))).manifest;
}

export interface CredentialLocation {
  root: Hex;
  leafIndex: number;
  /** From the proof's anchor record; undefined when the batch was not anchored yet. */
  anchor?: AnchorRecord;
  chainId?: number;
  registry?: Address;
}

/** Where a credential file says it belongs: root, index, and (once anchored) chain and registry. */
export function locateCredential(io: Io, file: string): CredentialLocation {
  const credential = readCredentialFile(io, file);
  const proof = withFile(file, () => findProofEntry(credential));
  return {
    root: proof.root,
    leafIndex: proof.leafIndex,
    anchor: proof.anchor,
    chainId: proof.anchor ? parseCaip2(proof.anchor.chain) : undefined,
    registry: proof.anchor?.registry,
  };
}

/** The same for a batch folder (from its manifest). */
export async function locateBatch(io: Io, dir: string): Promise<CredentialLocation & { leafCount: number }> {
  const manifest = await loadManifest(io, dir);
  return {
    root: manifest.root,
    leafIndex: -1,
    leafCount: manifest.leafCount,
    anchor: manifest.anchor,
    chainId: manifest.anchor ? parseCaip2(manifest.anchor.chain) : undefined,
    registry: manifest.anchor?.registry,
  };
}

/** `dir` shown relative to the working directory. */
export function shown(io: Io, file: string): string {
  return path.relative(io.cwd, resolvePath(io, file)) || file;
}
