/**
 * Where a batch directory's credentials are, for tests: through the manifest and the SDK's
 * `credentialRelativePath` (the manifest's `files` list, or the `NNNNNN.json` names of older batches),
 * never by guessing a file name or sorting the folder.
 */
import fs from "node:fs";
import path from "node:path";
import { MANIFEST_FILE, credentialRelativePath, listBatchFiles } from "../../sdk/src/batch/layout";
import type { BatchManifest } from "../../sdk/src/types";

function manifestOf(batchDir: string): BatchManifest {
  return JSON.parse(fs.readFileSync(path.join(batchDir, MANIFEST_FILE), "utf8")) as BatchManifest;
}

/**
 * The path of credential `index` of the batch in `batchDir` (joined to `batchDir`, so relative when
 * `batchDir` is).
 *
 * @example
 * credentialFile("batch-1", 3) // "batch-1/credentials/ada-lovelace-f9d105.json"
 */
export function credentialFile(batchDir: string, index: number): string {
  const manifest = manifestOf(batchDir);
  if (!Number.isInteger(index) || index < 0 || index >= manifest.leafCount) {
    throw new Error(`${batchDir} has ${manifest.leafCount} credentials; there is no credential ${index}`);
  }
  return path.join(batchDir, credentialRelativePath(manifest, index));
}

/**
 * Every credential file of the batch in `batchDir`, in batch (leaf index) order.
 *
 * @example
 * credentialFiles("batch-1") // ["batch-1/credentials/ada-lovelace-f9d105.json", ...]
 */
export function credentialFiles(batchDir: string): string[] {
  return listBatchFiles(manifestOf(batchDir)).map((file) => path.join(batchDir, file));
}
