import type { BatchManifest } from "../types";

/** The folder, inside a batch directory, that holds the credential files. */
export const CREDENTIALS_DIR = "credentials";
/** The manifest's file name inside a batch directory. */
export const MANIFEST_FILE = "manifest.json";

/**
 * The file name of credential `index` in a batch of `leafCount`: the index, zero-padded to at least
 * six digits (and to the width of the largest index), so that files sort in batch order.
 *
 * @example
 * credentialFileName(7, 100) // "000007.json"
 */
export function credentialFileName(index: number, leafCount: number): string {
  const width = Math.max(6, String(Math.max(0, leafCount - 1)).length);
  return `${String(index).padStart(width, "0")}.json`;
}

/** The path of credential `index` relative to the batch directory. */
export function credentialRelativePath(
  manifest: Pick<BatchManifest, "credentialsDir" | "leafCount">,
  index: number,
): string {
  return `${manifest.credentialsDir}/${credentialFileName(index, manifest.leafCount)}`;
}
