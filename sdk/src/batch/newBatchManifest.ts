/** The manifest a freshly issued batch starts with (SPEC.md "Manifest"), shared by issueBatch and issueStack. */
import { CREDENTIALS_DIR } from "./layout";
import { MANIFEST_FORMAT, type BatchManifest, type Hex } from "../types";

/** What {@link newBatchManifest} needs: the tree, the inputs' hash, the time, the issuer and the file names. */
export interface NewBatchManifestParameters {
  root: Hex;
  leafCount: number;
  inputHash: Hex;
  /** ISO 8601 UTC. */
  createdAt: string;
  /** The credentials' issuer object; only a string `name` and `url` are copied beside its `id`. */
  issuer: { id: string; name?: unknown; url?: unknown };
  files: string[];
}

/**
 * A new batch's manifest, before anchoring: the keys in the order manifest.json is written in, the
 * issuer reduced to `id` and its string `name` and `url`, the credentials in {@link CREDENTIALS_DIR}.
 *
 * @example
 * const manifest = newBatchManifest({ root, leafCount: 2, inputHash, createdAt: now, issuer, files });
 * // { format: "credanchor-batch/1", root, leafCount: 2, …, credentialsDir: "credentials", files }
 */
export function newBatchManifest(parameters: NewBatchManifestParameters): BatchManifest {
  const { issuer } = parameters;
  return {
    format: MANIFEST_FORMAT,
    root: parameters.root,
    leafCount: parameters.leafCount,
    inputHash: parameters.inputHash,
    createdAt: parameters.createdAt,
    issuer: {
      id: issuer.id,
      ...(typeof issuer.name === "string" ? { name: issuer.name } : {}),
      ...(typeof issuer.url === "string" ? { url: issuer.url } : {}),
    },
    credentialsDir: CREDENTIALS_DIR,
    files: parameters.files,
  };
}
