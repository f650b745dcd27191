import { toBareHex } from "../canonical/hex";
import { keccak256 } from "../hash/keccak";
import type { BatchManifest } from "../types";

/** The folder, inside a batch directory, that holds the credential files. */
export const CREDENTIALS_DIR = "credentials";
/** The manifest's file name inside a batch directory. */
export const MANIFEST_FILE = "manifest.json";

/** Longest slug of a recipient's name in a credential file name (SPEC.md 5.2). */
export const FILE_SLUG_MAX_LENGTH = 40;

/** What a credential file name may be (SPEC.md 5.2): one path segment, ASCII, ending in `.json`. */
export const CREDENTIAL_FILE_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,80}\.json$/;

/**
 * The file name batches written before manifest `files` existed use for credential `index` (and what
 * readers fall back to for them): the index, zero-padded to at least six digits (and to the width of
 * the largest index), so that files sort in batch order.
 *
 * @example
 * credentialFileName(7, 100) // "000007.json"
 */
export function credentialFileName(index: number, leafCount: number): string {
  const width = Math.max(6, String(Math.max(0, leafCount - 1)).length);
  return `${String(index).padStart(width, "0")}.json`;
}

/** Letters that Unicode decomposition does not fold to ASCII. */
const FOLDS: Readonly<Record<string, string>> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  đ: "d",
  ð: "d",
  ħ: "h",
  ı: "i",
  ł: "l",
  þ: "th",
};

/**
 * A recipient's name as a file-name slug: lower-case ASCII letters and digits joined by single
 * hyphens, accents folded (`Zoë Ångström` → `zoe-angstrom`), at most 40 characters (cut at a hyphen
 * when there is one in the last half). Empty when nothing of the name is ASCII-foldable.
 *
 * @example
 * nameSlug("Ada Lovelace") // "ada-lovelace"
 */
export function nameSlug(name: string): string {
  const folded = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/\p{M}+/gu, "")
    .replace(/[^\x00-\x7f]/g, (c) => FOLDS[c] ?? " ");
  let slug = folded.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  if (slug.length > FILE_SLUG_MAX_LENGTH) {
    slug = slug.slice(0, FILE_SLUG_MAX_LENGTH);
    const cut = slug.lastIndexOf("-");
    slug = (cut >= FILE_SLUG_MAX_LENGTH / 2 ? slug.slice(0, cut) : slug).replace(/-+$/, "");
  }
  return slug;
}

/**
 * The six hex characters of a credential file name: the first three bytes of keccak256 of the
 * credential's `id` (UTF-8), so that a name is stable for a credential and differs between learners of
 * the same name.
 *
 * @example
 * credentialShortId("urn:uuid:…") // "f9d105"
 */
export function credentialShortId(credentialId: string): string {
  return toBareHex(keccak256(new TextEncoder().encode(credentialId)).subarray(0, 3));
}

/**
 * The file name of a credential, without collision handling: `<slug of the name>-<short id>.json`,
 * or `credential-<short id>.json` when the name has no slug (SPEC.md 5.2).
 *
 * @example
 * credentialBaseFileName("Ada Lovelace", "urn:uuid:…") // "ada-lovelace-f9d105.json"
 */
export function credentialBaseFileName(name: string | undefined, credentialId: string): string {
  const slug = name === undefined ? "" : nameSlug(name);
  return `${slug || "credential"}-${credentialShortId(credentialId)}.json`;
}

/**
 * `credentialBaseFileName` of a credential as `createCredential` makes it: its
 * `credentialSubject.name` (when it is a string) and its `id`.
 *
 * @example
 * credentialBaseFileNameOf({ id: "urn:uuid:…", credentialSubject: { name: "Ada Lovelace" } }) // "ada-lovelace-f9d105.json"
 */
export function credentialBaseFileNameOf(credential: { id: string; credentialSubject?: unknown }): string {
  const subject = credential.credentialSubject as { name?: unknown } | undefined;
  return credentialBaseFileName(typeof subject?.name === "string" ? subject.name : undefined, credential.id);
}

/**
 * Makes a batch's file names unique, deterministically: in batch order, a name already taken gets
 * `-2`, `-3`, … before `.json` (the first free one). Returns a new array.
 *
 * @example
 * uniqueFileNames(["ada-f9d105.json", "ada-f9d105.json"]) // ["ada-f9d105.json", "ada-f9d105-2.json"]
 */
export function uniqueFileNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = `${name.slice(0, -".json".length)}-${n}.json`;
    taken.add(unique);
    return unique;
  });
}

/**
 * The path of credential `index` relative to the batch directory: the manifest's `files[index]`, or,
 * for a batch written before manifests listed their files, the zero-padded index (`000007.json`).
 * Every reader of a batch directory finds a credential through this function.
 *
 * @example
 * credentialRelativePath(manifest, 0) // "credentials/ada-lovelace-f9d105.json"
 */
export function credentialRelativePath(
  manifest: Pick<BatchManifest, "credentialsDir" | "leafCount" | "files">,
  index: number,
): string {
  return `${manifest.credentialsDir}/${manifest.files?.[index] ?? credentialFileName(index, manifest.leafCount)}`;
}

/**
 * Every credential file of a batch, relative to the batch directory, in batch order (through
 * `credentialRelativePath`).
 *
 * @example
 * listBatchFiles(manifest) // ["credentials/ada-lovelace-f9d105.json", ...]
 */
export function listBatchFiles(manifest: Pick<BatchManifest, "credentialsDir" | "leafCount" | "files">): string[] {
  return Array.from({ length: manifest.leafCount }, (_, index) => credentialRelativePath(manifest, index));
}
