/**
 * Node-only: verifies credential files. Exported from `sdk/src/node.ts`, never from the browser entry.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { MANIFEST_FILE } from "../batch/layout";
import { parseCaip2 } from "../chain/transport/createReadTransport";
import { MAX_JSON_TEXT_LENGTH } from "../credential/parseCredentialJson";
import { CredentialFileError } from "../errors/verify";
import type { Caip2ChainId } from "../types";
import { toTransport } from "./resolveTransport";
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

/** Files read and verified at a time, so that 100,000 files never sit in memory at once. */
const FILES_PER_SLICE = 10_000;

/** Options of `verifyCredentialFiles` and `verifyCredentialFileSlices`. */
export type VerifyFilesOptions = Omit<VerifyOptions, "files"> & {
  /** Files read and verified at a time. Default 10,000. */
  filesPerSlice?: number;
};

/**
 * Reads credential files (or batch directories, see `listCredentialFiles`) and verifies them with
 * `verifyCredentials`; each result carries its `file`. Throws `CredentialFileError` when a given
 * path does not exist (before verifying anything) or a file cannot be read. Files are read and
 * verified 10,000 at a time (`filesPerSlice`) through the same RPC transports (each endpoint's chain id is checked
 * once per call), so 10,000 credentials of one batch still cost 9 requests. Every result is kept
 * (a few KB each); for very many files, `verifyCredentialFileSlices` hands them over a slice at a time.
 *
 * @example
 * const results = await verifyCredentialFiles(["alice.json", "batches/2026-spring"], {
 *   rpc: { "eip155:31337": "http://127.0.0.1:8545" },
 * });
 * for (const r of results) console.log(r.file, r.status);
 */
export async function verifyCredentialFiles(
  paths: readonly string[],
  options: VerifyFilesOptions = {},
): Promise<VerificationResult[]> {
  const results: VerificationResult[] = [];
  for await (const part of verifyCredentialFileSlices(paths, options)) {
    for (const result of part) results.push(result);
  }
  return results;
}

/**
 * The same as `verifyCredentialFiles`, but yields the results one slice (`filesPerSlice` files) at a
 * time, in file order, and keeps nothing: memory stays bounded however many files there are
 * (100,000 files of one batch verify in about the memory of one slice).
 *
 * @example
 * let valid = 0;
 * for await (const results of verifyCredentialFileSlices(["batches/2026-spring"], { rpc })) {
 *   for (const r of results) if (r.status === "valid") valid++;
 * }
 */
export async function* verifyCredentialFileSlices(
  paths: readonly string[],
  options: VerifyFilesOptions = {},
): AsyncGenerator<VerificationResult[], void, undefined> {
  const files = await listCredentialFiles(paths);
  const perSlice = options.filesPerSlice ?? FILES_PER_SLICE;
  const rpc = options.rpc && shareTransports(options.rpc);
  const { onCheck, onProgress, filesPerSlice: _unused, ...rest } = options;
  for (let from = 0; from < files.length; from += perSlice) {
    const slice = files.slice(from, from + perSlice);
    const texts = await readTexts(slice);
    const part = await verifyCredentials(texts, {
      ...rest,
      rpc,
      files: slice,
      onCheck: onCheck && ((event) => onCheck({ ...event, index: event.index + from })),
      onProgress: onProgress && ((done) => onProgress(from + done, files.length)),
    });
    for (const result of part) result.index += from;
    yield part;
  }
}

/** The same `rpc` option with every chain's entry turned into one transport, reused by every slice. */
function shareTransports(rpc: NonNullable<VerifyOptions["rpc"]>): NonNullable<VerifyOptions["rpc"]> {
  const shared: NonNullable<VerifyOptions["rpc"]> = {};
  for (const [chain, input] of Object.entries(rpc)) {
    if (input === undefined) continue;
    parseCaip2(chain);
    shared[chain as Caip2ChainId] = toTransport(chain as Caip2ChainId, input);
  }
  return shared;
}

async function readTexts(files: readonly string[]): Promise<string[]> {
  const texts: string[] = new Array(files.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(32, files.length) }, async () => {
      while (next < files.length) {
        const index = next++;
        const fail = (error: NodeJS.ErrnoException) => {
          throw new CredentialFileError(files[index], error.message, error);
        };
        // A credential is a few kilobytes: never read a huge file (32 are read at a time) only to refuse it.
        const { size } = await stat(files[index]).catch(fail);
        if (size > MAX_JSON_TEXT_LENGTH) {
          throw new CredentialFileError(
            files[index],
            `${size.toLocaleString("en-US")} bytes, more than a credential file may hold (10 MiB)`,
          );
        }
        texts[index] = await readFile(files[index], "utf8").catch(fail);
      }
    }),
  );
  return texts;
}
