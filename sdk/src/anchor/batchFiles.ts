/**
 * Node-only: reading a batch directory and replacing its JSON files atomically.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { LEGACY_PROOF_TYPE, MANIFEST_FORMAT, type BatchManifest, type CredAnchorProof } from "../types";
import { CREDENTIAL_FILE_NAME_PATTERN, MANIFEST_FILE, credentialRelativePath } from "../batch/layout";
import { BatchDirectoryError } from "../errors/anchor";
import { BATCH_BADGE_IMAGE_FILES } from "../batch/batchBadgeImage";
import type { BaseError } from "../errors/base";
import { parseCredentialJson } from "../credential/parseCredentialJson";
import { isCredAnchorProofEntry, validateAnchorRecord } from "../credential/validateProofEntry";
import { readProofEntry } from "../credential/proofEntry";
import { ProofValueError } from "../errors/credential";

/** Longest manifest.json read, in UTF-16 code units: 512 MiB, about 15 million file names. */
const MAX_MANIFEST_TEXT_LENGTH = 512 * 1024 * 1024;

const BATCH_BADGE_IMAGE_NAMES: ReadonlySet<unknown> = new Set(Object.values(BATCH_BADGE_IMAGE_FILES));

/** A batch directory's manifest as read from disk. */
export interface LoadedManifest {
  batchDir: string;
  file: string;
  manifest: BatchManifest;
  /** The file's text, to keep its formatting when it is rewritten. */
  text: string;
}

/**
 * Reads and checks `manifest.json` of a batch directory (format, root, leaf count, credentials folder).
 *
 * @example
 * const { manifest } = await readManifest("out/batch-2026-01");
 */
export async function readManifest(batchDir: string): Promise<LoadedManifest> {
  const file = path.join(batchDir, MANIFEST_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    throw new BatchDirectoryError(`${batchDir} is not a batch directory: it has no ${MANIFEST_FILE}.`, {
      location: { file },
      fix: "Pass the folder that `credanchor issue` wrote (it holds manifest.json and credentials/).",
      cause: error,
    });
  }
  // The strict parser: a duplicate member ("root" twice) or a number that does not read exactly is refused.
  let manifest: BatchManifest;
  try {
    // A manifest lists one file name per credential (about 35 bytes each): no 10 MiB cap as for a credential.
    manifest = parseCredentialJson(text, { file, maxLength: MAX_MANIFEST_TEXT_LENGTH }) as unknown as BatchManifest;
  } catch (error) {
    throw new BatchDirectoryError(`${path.basename(file)} is not valid JSON: ${(error as BaseError).shortMessage}`, {
      location: (error as BaseError).location ?? { file },
      fix: "Restore the file from the batch builder's output.",
      cause: error,
    });
  }
  const fail = (pointer: string, message: string) =>
    new BatchDirectoryError(message, {
      location: { file, pointer },
      fix: "Rebuild the batch with `credanchor issue`; do not edit manifest.json by hand.",
    });
  if (manifest === null || typeof manifest !== "object" || Array.isArray(manifest))
    throw fail("", "manifest.json is not a JSON object.");
  if (manifest.format !== MANIFEST_FORMAT)
    throw fail("/format", `Unknown manifest format ${JSON.stringify(manifest.format)}; expected "${MANIFEST_FORMAT}".`);
  if (typeof manifest.root !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(manifest.root))
    throw fail("/root", "The manifest's root is not a 32-byte hex string.");
  if (/^0x0{64}$/.test(manifest.root)) throw fail("/root", "The manifest's root is zero.");
  if (!Number.isSafeInteger(manifest.leafCount) || manifest.leafCount < 1)
    throw fail("/leafCount", "The manifest's leafCount is not a positive integer.");
  if (
    typeof manifest.credentialsDir !== "string" ||
    !isInside(batchDir, path.join(batchDir, manifest.credentialsDir))
  ) {
    throw fail("/credentialsDir", "The manifest's credentialsDir is not a folder inside the batch directory.");
  }
  if (manifest.files !== undefined) {
    const files: unknown = manifest.files;
    if (!Array.isArray(files) || files.length !== manifest.leafCount)
      throw fail(
        "/files",
        `The manifest's files is not a list of ${manifest.leafCount} file names (one per credential).`,
      );
    const seen = new Set<string>();
    for (let i = 0; i < files.length; i++) {
      const name: unknown = files[i];
      if (typeof name !== "string" || !CREDENTIAL_FILE_NAME_PATTERN.test(name))
        throw fail(`/files/${i}`, `The manifest's file name ${JSON.stringify(name)} is not a credential file name.`);
      if (seen.has(name)) throw fail(`/files/${i}`, `The manifest lists the file ${name} twice.`);
      seen.add(name);
    }
  }
  if (manifest.badgeImage !== undefined && !BATCH_BADGE_IMAGE_NAMES.has(manifest.badgeImage))
    throw fail(
      "/badgeImage",
      `The manifest's badgeImage ${JSON.stringify(manifest.badgeImage)} is not badge.png or badge.svg.`,
    );
  if (manifest.anchor !== undefined) {
    const issues = validateAnchorRecord(manifest.anchor, "/anchor");
    if (issues.length > 0)
      throw fail(issues[0].pointer, `The manifest's anchor record is malformed: ${issues[0].message}.`);
  }
  manifest.root = manifest.root.toLowerCase() as BatchManifest["root"];
  return { batchDir, file, manifest, text };
}

/** The absolute path of credential `index` of a batch (its manifest's `files`, or the index for older batches). */
export function credentialPath(batchDir: string, manifest: BatchManifest, index: number): string {
  return path.join(batchDir, credentialRelativePath(manifest, index));
}

/** The credanchor proof entry of a credential file, decoded, and where it sits. */
export interface LocatedCredAnchorProof {
  /** The anchor data (decoded from proofValue, or the members of a legacy entry). */
  proof: CredAnchorProof;
  /** `/proof/<i>` or `/proof`. */
  pointer: string;
  /** True for a legacy `CredAnchorMerkleProof2026` entry (rewritten in the current format when anchored). */
  legacy: boolean;
  /** The JSON pointer of anchor datum `name`: inside a legacy entry, else the entry's proofValue. */
  pointerOf: (name: keyof CredAnchorProof) => string;
}

/**
 * The credanchor proof entry inside a parsed credential (its `proof` may be one object or an array;
 * the entry is found by its cryptosuite, or the legacy type), decoded, with its JSON pointer, or
 * `undefined` when there is none. Throws ProofValueError (location: the proofValue's pointer) when the
 * proofValue cannot be decoded.
 */
export function locateCredAnchorProof(credential: unknown): LocatedCredAnchorProof | undefined {
  if (credential === null || typeof credential !== "object") return undefined;
  const proof = (credential as { proof?: unknown }).proof;
  const entries = Array.isArray(proof) ? proof : proof === undefined ? [] : [proof];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as { type?: unknown } | null;
    if (!isCredAnchorProofEntry(entry)) continue;
    const pointer = Array.isArray(proof) ? `/proof/${i}` : "/proof";
    const legacy = entry!.type === LEGACY_PROOF_TYPE;
    let decoded: CredAnchorProof;
    try {
      decoded = readProofEntry(entry);
    } catch (error) {
      if (!(error instanceof ProofValueError)) throw error;
      throw new ProofValueError(error.code, error.shortMessage, { location: { pointer: `${pointer}/proofValue` } });
    }
    return {
      proof: decoded,
      pointer,
      legacy,
      pointerOf: (name) => (legacy ? `${pointer}/${name}` : `${pointer}/proofValue`),
    };
  }
  return undefined;
}

/** Parses JSON, or throws `BatchDirectoryError` naming the file, line and column. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const match = /position (\d+)/.exec(String((error as Error).message));
    const location: { file: string; line?: number; column?: number } = { file };
    if (match) {
      const before = text.slice(0, Number(match[1]));
      location.line = before.split("\n").length;
      location.column = Number(match[1]) - before.lastIndexOf("\n");
    }
    throw new BatchDirectoryError(`${path.basename(file)} is not valid JSON.`, {
      location,
      fix: "Restore the file from the batch builder's output.",
      cause: error,
    });
  }
}

/**
 * Serialises `value` the way `original` was formatted (indentation and final newline), so that a
 * rewrite changes only what it must.
 */
export function serializeLike(original: string, value: unknown): string {
  const indentMatch = /^[[{]\r?\n([ \t]+)\S/.exec(original);
  const indent = indentMatch ? indentMatch[1] : undefined;
  const body = JSON.stringify(value, null, indent);
  return original.endsWith("\n") ? `${body}\n` : body;
}

/** fsyncs a directory, so that renames inside it survive a power failure (no-op where unsupported). */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, "r");
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot open or sync a directory; the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}

function isInside(parent: string, child: string): boolean {
  const relative = path.relative(path.resolve(parent), path.resolve(child));
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}
