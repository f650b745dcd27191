/**
 * Node-only: the two jobs of `issueBatch` that run on every core, each on a chunk of consecutive rows.
 * The worker thread (issueWorker.ts) and the in-process mode (`workers: 0`) both call these.
 *
 * 1. `hashChunk`: rows → credentials → digests and leaves. The credentials do not stay in memory:
 *    each chunk goes to a spool file (pretty JSON of the unsigned credential, then its digest and
 *    salts), and only the 32-byte leaves go back to the main thread.
 * 2. `writeChunk`: once the tree is built, reads the chunk's spool, adds the proof entry (a string
 *    splice equal to `JSON.stringify(attachProof(credential, entry), null, 2)`) and writes one file per
 *    credential.
 */
import fs from "node:fs";
import path from "node:path";
import { createCredential } from "../credential/createCredential";
import type { CredentialTemplate } from "../credential/validateTemplate";
import { prepareDigest } from "../canonical/prepareDigest";
import { BaseError } from "../errors/base";
import { BatchRowError } from "../errors/batch";
import { RecipientError } from "../errors/credential";
import { hashLeaves } from "../merkle/hashLeaves";
import { parseHex32 } from "../merkle/bytes";
import type { MerkleTree } from "../merkle/MerkleTree";
import { PROOF_TYPE, type CredAnchorProof, type Hex } from "../types";
import type { RecipientItem } from "./readRecipients";
import { credentialFileName } from "./layout";

/** Separates records in a spool file. JSON.stringify escapes every control character, so it never occurs inside. */
const RS = "\u001e";

/** What every job of one batch shares. */
export interface BatchJobContext {
  template: CredentialTemplate;
  /** The issue time, ISO 8601 UTC: validFrom default, proof `created`, manifest `createdAt`. */
  now: string;
  /** The recipients file as the user named it (error messages). */
  file: string;
  includeEmail: boolean;
  /** Holds `<chunk>.spool` files between the two phases. */
  spoolDir: string;
  /** Holds the credential files. */
  credentialsDir: string;
}

export interface HashJob {
  chunk: number;
  firstIndex: number;
  items: RecipientItem[];
}

export interface WriteJob {
  chunk: number;
  firstIndex: number;
  count: number;
}

export function spoolFile(context: BatchJobContext, chunk: number): string {
  return path.join(context.spoolDir, `${chunk}.spool`);
}

/** A row's error as a BatchRowError naming the file and line. */
function rowError(context: BatchJobContext, line: number, error: unknown): BatchRowError {
  if (error instanceof BatchRowError) return error;
  if (error instanceof BaseError) {
    // RecipientError says "row N, field "x": ..."; the location already names the row
    const reason =
      error instanceof RecipientError ? error.shortMessage.replace(/^row \d+(, |: )/, "") : error.shortMessage;
    return new BatchRowError(reason, {
      file: context.file,
      line,
      pointer: error instanceof RecipientError ? undefined : error.location?.pointer,
      fix: error.fix,
      cause: error,
    });
  }
  return new BatchRowError(`cannot make a credential of this row: ${(error as Error)?.message ?? String(error)}`, {
    file: context.file,
    line,
    cause: error,
  });
}

/**
 * Phase 1 for one chunk: creates and digests each row's credential, spools them, and returns the
 * chunk's leaves (32 bytes each, leaf index `firstIndex + k`). Throws a BatchRowError for the first bad row.
 */
export function hashChunk(context: BatchJobContext, job: HashJob): Uint8Array {
  const count = job.items.length;
  const digests = new Uint8Array(32 * count);
  const parts: string[] = new Array(2 * count);
  for (let k = 0; k < count; k++) {
    const { row, line } = job.items[k];
    try {
      const credential = createCredential(context.template, row as never, {
        now: context.now,
        row: line,
        file: context.file,
        includeEmail: context.includeEmail,
      });
      const { digest, salts } = prepareDigest(credential);
      parseHex32(digest, digests, 32 * k);
      parts[2 * k] = JSON.stringify(credential, null, 2);
      parts[2 * k + 1] = JSON.stringify({ d: digest, s: salts });
    } catch (error) {
      throw rowError(context, line, error);
    }
  }
  fs.writeFileSync(spoolFile(context, job.chunk), parts.join(RS));
  return hashLeaves(digests, job.firstIndex);
}

/**
 * The text of a credential file: the unsigned credential's pretty JSON (2 spaces) with `proof`
 * appended as its last member, holding the credanchor entry. Equal to
 * `JSON.stringify(attachProof(credential, entry), null, 2) + "\n"` for a credential without proof.
 */
export function credentialFileText(unsignedJson: string, entry: CredAnchorProof): string {
  const proofJson = JSON.stringify(entry, null, 2).replace(/\n/g, "\n    ");
  // unsignedJson ends with "\n}"
  return `${unsignedJson.slice(0, -2)},\n  "proof": [\n    ${proofJson}\n  ]\n}\n`;
}

/** Phase 2 for one chunk: adds the proof entries to the spooled credentials and writes their files. */
export function writeChunk(context: BatchJobContext, tree: MerkleTree, job: WriteJob): void {
  const spool = spoolFile(context, job.chunk);
  const parts = fs.readFileSync(spool, "utf8").split(RS);
  if (parts.length !== 2 * job.count) {
    throw new Error(`spool ${spool} holds ${parts.length / 2} credentials, expected ${job.count}`);
  }
  const root = tree.root;
  let k = 0;
  for (const { index, path: proofPath } of tree.proofs(job.firstIndex, job.firstIndex + job.count)) {
    const meta = JSON.parse(parts[2 * k + 1]) as { d: Hex; s: Record<string, Hex> };
    const entry: CredAnchorProof = {
      type: PROOF_TYPE,
      created: context.now,
      proofPurpose: "assertionMethod",
      digest: meta.d,
      root,
      leafIndex: index,
      path: proofPath,
      salts: meta.s,
      redactedHashes: [],
    };
    const file = path.join(context.credentialsDir, credentialFileName(index, tree.leafCount));
    fs.writeFileSync(file, credentialFileText(parts[2 * k], entry));
    k++;
  }
  fs.unlinkSync(spool);
}
