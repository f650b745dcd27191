/**
 * Reading and writing the files commands are given: credential files (with the file named in every
 * error), folders of them, and atomic writes.
 */
import {
  BaseError,
  type BatchManifest,
  credentialRelativePath,
  DELIVERY_JOURNAL_FILE,
  JOURNAL_FILE,
  type JsonValue,
  MANIFEST_FILE,
  MAX_JSON_TEXT_LENGTH,
  parseCredentialJson,
  PUBLISH_FILE,
  Utf8Validator,
  writeFileAtomicSync,
} from "../../sdk/src/node";
import fs from "node:fs";
import path from "node:path";
import { CONFIG_FILE } from "./config";
import { InputError } from "../errors";
import type { Io } from "./io";

/** `file` as the user gave it, resolved against the working directory. */
export function resolvePath(io: Io, file: string): string {
  return path.resolve(io.cwd, file);
}

/** Reads a text file; a missing or unreadable file is an InputError that names it. */
export function readTextFile(io: Io, file: string, what = "file"): string {
  try {
    return fs.readFileSync(resolvePath(io, file), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (code ?? "unreadable");
    throw new InputError(`cannot read ${what}: ${reason}`, {
      location: { file },
      fix: code === "ENOENT" ? "check the path (relative paths start from the current directory)" : `give a ${what}`,
      cause: error,
    });
  }
}

/**
 * Reads and parses a credential file: a syntax error names the file, line and column. A file larger
 * than a credential can be (10 MiB) is refused before it is read, and one that is not UTF-8 names the
 * first bad byte, instead of being read with U+FFFD replacements.
 *
 * @example
 * const credential = readCredentialFile(io, "batch-1/credentials/ada-lovelace-cc37a8.json");
 */
export function readCredentialFile(io: Io, file: string): JsonValue {
  let size = 0;
  try {
    size = fs.statSync(resolvePath(io, file)).size;
  } catch {
    // readTextFile reports a missing or unreadable file
  }
  if (size > MAX_JSON_TEXT_LENGTH) {
    throw new InputError(
      `too large to be a credential: ${size.toLocaleString("en-US")} bytes (at most 10 MiB are read)`,
      { location: { file }, fix: "give a credential file (a few kilobytes)" },
    );
  }
  const text = readTextFile(io, file, "credential file");
  if (text.includes("\ufffd")) {
    const utf8 = new Utf8Validator();
    if (!utf8.feed(fs.readFileSync(resolvePath(io, file))) || !utf8.end()) {
      throw new InputError("not UTF-8 text", {
        location: { file, line: utf8.line, column: utf8.column },
        fix: "give the credential file as the issuer wrote it (UTF-8 JSON)",
      });
    }
  }
  return withFile(file, () => parseCredentialJson(text, { file }));
}

/** Runs `fn`; an SDK error that names no file gets `file` added, so the user knows which input it was. */
export function withFile<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw addFile(error, file);
  }
}

/** The same error with `file` in its location (only for BaseErrors that name none). */
export function addFile(error: unknown, file: string): unknown {
  if (!(error instanceof BaseError) || error.location?.file !== undefined) return error;
  const copy = new BaseError(error.shortMessage, {
    code: error.code,
    details: error.details,
    fix: error.fix,
    docsPath: error.docsPath,
    location: { ...error.location, file },
    cause: error,
  });
  copy.name = error.name;
  return copy;
}

/**
 * Expands files and folders into credential files, in a stable order. A folder contributes every
 * `*.json` below it except credanchor's own files (batch manifests, anchoring journals, the config
 * file, deployments/), hidden files and node_modules, and with `images` every `*.png` and `*.svg`
 * (baked badges); a file given by name is always included, whatever it holds. Files come sorted by
 * path, except that the credentials of a batch directory come in batch order (its manifest's
 * `files`), in the places they would take by name.
 *
 * @example
 * expandCredentialPaths(io, ["batch-1"]) // ["batch-1/credentials/ada-lovelace-f9d105.json", ...]
 */
export function expandCredentialPaths(io: Io, inputs: readonly string[], options: { images?: boolean } = {}): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    const full = resolvePath(io, input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      throw new InputError("no such file or directory", {
        location: { file: input },
        fix: "check the path (relative paths start from the current directory)",
      });
    }
    if (!stat.isDirectory()) {
      out.push(input);
      continue;
    }
    const found: string[] = [];
    const batches: string[] = [];
    walk(
      full,
      (file) => found.push(file),
      options.images === true,
      (dir) => batches.push(dir),
    );
    found.sort();
    for (const batch of batches) putInBatchOrder(found, batch);
    if (found.length === 0) {
      throw new InputError(
        `no credential files (*.json${options.images ? ", baked *.png or *.svg" : ""}) in this folder`,
        {
          location: { file: input },
          fix: "give credential files, or a batch folder written by `credanchor issue`",
        },
      );
    }
    for (const file of found) out.push(path.join(input, path.relative(full, file)));
  }
  return out;
}

/** Files in a folder that are credanchor's own, never credentials. */
const NOT_CREDENTIALS = new Set([
  MANIFEST_FILE,
  JOURNAL_FILE,
  PUBLISH_FILE,
  DELIVERY_JOURNAL_FILE,
  CONFIG_FILE,
  "package.json",
  "package-lock.json",
]);
const SKIPPED_FOLDERS = new Set(["deployments", "node_modules"]);

/**
 * Files of a folder that may be credentials: `*.json`, and with `images` baked badges (`*.png`, `*.svg`).
 * `batch` is told each folder that holds a batch manifest.
 */
function walk(dir: string, visit: (file: string) => void, images: boolean, batch: (dir: string) => void): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === MANIFEST_FILE && entry.isFile()) batch(dir);
    if (entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) walk(full, visit, images, batch);
    } else if (!entry.isFile()) continue;
    else if (entry.name.endsWith(".json") && !NOT_CREDENTIALS.has(entry.name)) visit(full);
    else if (images && /\.(png|svg)$/i.test(entry.name)) visit(full);
  }
}

/**
 * Reorders, in place, the credential files of the batch directory `batchDir` among `files` (sorted
 * paths) into batch order (`listBatchFiles`), keeping the places they hold. A manifest that cannot be
 * read leaves the order as it is: verifying the files reports what is wrong with them.
 */
function putInBatchOrder(files: string[], batchDir: string): void {
  const rank = new Map<string, number>();
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(batchDir, MANIFEST_FILE), "utf8")) as BatchManifest;
    if (!Number.isSafeInteger(manifest.leafCount) || typeof manifest.credentialsDir !== "string") return;
    if (manifest.files !== undefined && !Array.isArray(manifest.files)) return;
    // no more names than files found: a manifest that claims a billion credentials costs nothing
    for (let index = 0; index < Math.min(manifest.leafCount, files.length); index++) {
      rank.set(path.join(batchDir, credentialRelativePath(manifest, index)), index);
    }
  } catch {
    return;
  }
  const places = files.flatMap((file, place) => (rank.has(file) ? [place] : []));
  const inOrder = places.map((place) => files[place]).sort((a, b) => rank.get(a)! - rank.get(b)!);
  places.forEach((place, k) => (files[place] = inOrder[k]));
}

/**
 * Writes `text` to `file` atomically (a temporary file in the same folder, then a rename). Refuses to
 * replace an existing file unless `overwrite`.
 */
export function writeFileAtomic(
  io: Io,
  file: string,
  text: string | Uint8Array,
  options: { overwrite?: boolean } = {},
): string {
  const full = resolvePath(io, file);
  if (!options.overwrite && fs.existsSync(full)) {
    throw new InputError(`${file} already exists`, { fix: "choose another --out, or pass --force to replace it" });
  }
  fs.mkdirSync(path.dirname(full), { recursive: true });
  writeFileAtomicSync(full, text);
  return full;
}
