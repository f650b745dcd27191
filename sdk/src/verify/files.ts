/**
 * Node-only: verifies credential files. Exported from `sdk/src/node.ts`, never from the browser entry.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { MANIFEST_FILE } from "../batch/layout";
import { CredentialFileError } from "../errors/verify";
import type { VerificationResult, VerifyOptions } from "./types";
import { verifyCredentials } from "./verifyCredentials";

/**
 * Expands `paths` into credential files: a file is itself; a batch directory (one with a
 * manifest.json) gives the JSON files of its credentials folder; any other folder gives its `*.json`
 * files. Each folder's files are sorted by name.
 *
 * @example
 * await listCredentialFiles(["batches/2026-spring"]) // ["batches/2026-spring/credentials/000000.json", ...]
 */
export async function listCredentialFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    const info = await stat(given).catch((error: NodeJS.ErrnoException) => {
      throw new CredentialFileError(
        given,
        error.code === "ENOENT" ? "no such file or directory" : error.message,
        error,
      );
    });
    if (!info.isDirectory()) {
      files.push(given);
      continue;
    }
    let folder = given;
    const manifestText = await readFile(path.join(given, MANIFEST_FILE), "utf8").catch(() => undefined);
    if (manifestText !== undefined) {
      let credentialsDir: unknown;
      try {
        credentialsDir = (JSON.parse(manifestText) as { credentialsDir?: unknown }).credentialsDir;
      } catch (error) {
        throw new CredentialFileError(path.join(given, MANIFEST_FILE), "the manifest is not JSON", error);
      }
      if (typeof credentialsDir !== "string" || credentialsDir.includes("..") || path.isAbsolute(credentialsDir)) {
        throw new CredentialFileError(path.join(given, MANIFEST_FILE), "the manifest names no usable credentialsDir");
      }
      folder = path.join(given, credentialsDir);
    }
    const names = (await readdir(folder)).filter((name) => name.endsWith(".json") && name !== MANIFEST_FILE).sort();
    for (const name of names) files.push(path.join(folder, name));
  }
  return files;
}

/**
 * Reads credential files (or batch directories, see `listCredentialFiles`) and verifies them with
 * `verifyCredentials`; each result carries its `file`. Throws `CredentialFileError` when a path
 * cannot be read, before verifying anything.
 *
 * @example
 * const results = await verifyCredentialFiles(["alice.json", "batches/2026-spring"], {
 *   rpc: { "eip155:31337": "http://127.0.0.1:8545" },
 * });
 * for (const r of results) console.log(r.file, r.status);
 */
export async function verifyCredentialFiles(
  paths: readonly string[],
  options: Omit<VerifyOptions, "files"> = {},
): Promise<VerificationResult[]> {
  const files = await listCredentialFiles(paths);
  const texts: string[] = new Array(files.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(32, files.length) }, async () => {
      while (next < files.length) {
        const index = next++;
        texts[index] = await readFile(files[index], "utf8").catch((error: NodeJS.ErrnoException) => {
          throw new CredentialFileError(files[index], error.message, error);
        });
      }
    }),
  );
  return verifyCredentials(texts, { ...options, files });
}
