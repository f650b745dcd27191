/**
 * Node-only: the two jobs of `issueBatch` that run on every core, each on a chunk of consecutive rows.
 * The worker thread (issueWorker.ts) and the in-process mode (`workers: 0`) both call these.
 *
 * 1. `hashChunk`: rows → credentials → digests and leaves. The credentials do not stay in memory:
 *    each chunk goes to a spool file (each credential's file text, cut where the proofValue goes,
 *    and the proofValue's CBOR bytes without the root, index and path), and only the 32-byte leaves
 *    and each credential's file name (before collisions are resolved) go back to the main thread.
 * 2. `writeChunk`: once the tree is built, reads the chunk's spool, completes each proofValue with
 *    the root, index and path (byte and string splices; the result equals
 *    `JSON.stringify(attachProof(credential, entry), null, 2)`) and writes one file per credential,
 *    under the name the main thread gives it (the manifest's `files`).
 */
import { randomFillSync } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createCredential } from "../credential/createCredential";
import type { CredentialTemplate } from "../credential/validateTemplate";
import { prepareDigest } from "../canonical/prepareDigest";
import { BaseError } from "../errors/base";
import { BatchRowError } from "../errors/batch";
import { RecipientError } from "../errors/credential";
import { hashLeaves } from "../merkle/hashLeaves";
import type { MerkleTree } from "../merkle/MerkleTree";
import { CRYPTOSUITE, DATA_INTEGRITY_PROOF_TYPE, PROOF_VALUE_VERSION, type CredAnchorProof, type Hex } from "../types";
import { encodeCbor, encodeCborHead, type CborValue } from "../canonical/cbor";
import { parseHex32, writeHex } from "../canonical/hex";
import { MULTIBASE_BASE64URL } from "../credential/proofValue";
import { createCanonizer, type Canonizer } from "../sign/canonize";
import type { EddsaRdfc2022Proof } from "../sign/eddsaRdfc2022";
import { signCredential } from "../sign/signCredential";
import { signingKeyFromMultibase, type SigningKey } from "../sign/signingKey";
import type { RecipientItem } from "./readRecipients";
import { credentialBaseFileNameOf } from "./layout";

/** Separates records in a spool file. JSON.stringify escapes every control character, so it never occurs inside. */
const RS = "\u001e";

/** Random bytes for the credentials' ids and identity salts, drawn from the CSPRNG 16 KiB at a time. */
const randomPool = new Uint8Array(16384);
let randomOffset = randomPool.length;

/** `length` fresh CSPRNG bytes from the pool (one CSPRNG call per ~500 credentials instead of two per credential). */
function pooledRandomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let filled = 0; filled < length;) {
    if (randomOffset === randomPool.length) {
      randomFillSync(randomPool);
      randomOffset = 0;
    }
    const take = Math.min(length - filled, randomPool.length - randomOffset);
    out.set(randomPool.subarray(randomOffset, randomOffset + take), filled);
    randomPool.fill(0, randomOffset, randomOffset + take); // bytes handed out do not stay in the pool
    randomOffset += take;
    filled += take;
  }
  return out;
}

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
  /**
   * Sign every credential (eddsa-rdfc-2022) with this key; the secret crosses to the worker threads
   * in memory only (workerData), never through a file.
   */
  signing?: { secretKeyMultibase: string; verificationMethod: string };
}

/** Per thread: the signing key and the canonizer (its shape cache serves every chunk of the batch). */
let signingState: { secret: string; key: SigningKey; canonizer: Canonizer } | undefined;

function signingFor(context: BatchJobContext): { key: SigningKey; canonizer: Canonizer } | undefined {
  if (!context.signing) return undefined;
  if (signingState?.secret !== context.signing.secretKeyMultibase) {
    signingState = {
      secret: context.signing.secretKeyMultibase,
      key: signingKeyFromMultibase(context.signing.secretKeyMultibase),
      canonizer: createCanonizer(),
    };
  }
  return signingState;
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
  /** The chunk's credential file names, in order (unique in the batch: `uniqueFileNames`). */
  fileNames: string[];
}

/** What `hashChunk` gives back for a chunk. */
export interface HashedChunk {
  /** 32 bytes per credential: leaf `firstIndex + k` at offset `32 * k`. */
  leaves: Uint8Array;
  /** Each credential's `credentialBaseFileName`, in order (duplicates not yet resolved). */
  fileNames: string[];
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
 * chunk's leaves (32 bytes each, leaf index `firstIndex + k`) and file names. Throws a BatchRowError
 * for the first bad row.
 */
export async function hashChunk(context: BatchJobContext, job: HashJob): Promise<HashedChunk> {
  const signing = signingFor(context);
  const count = job.items.length;
  const digests = new Uint8Array(32 * count);
  const parts: string[] = new Array(3 * count);
  const fileNames: string[] = new Array(count);
  for (let k = 0; k < count; k++) {
    const { row, line } = job.items[k];
    try {
      const credential = createCredential(context.template, row as never, {
        now: context.now,
        row: line,
        file: context.file,
        includeEmail: context.includeEmail,
        randomBytes: pooledRandomBytes,
      });
      const { digest, salts } = prepareDigest(credential);
      parseHex32(digest, digests, 32 * k);
      let signature: EddsaRdfc2022Proof | undefined;
      if (signing) {
        const signed = await signCredential({
          credential,
          signer: signing.key,
          verificationMethod: context.signing!.verificationMethod,
          created: context.now,
          canonizer: signing.canonizer,
        });
        signature = signed.proof[0] as EddsaRdfc2022Proof;
      }
      const [head, tail, cbor] = credentialTextParts(
        JSON.stringify(credential, null, 2),
        context.now,
        digest,
        salts,
        signature,
      );
      parts[3 * k] = head;
      parts[3 * k + 1] = tail;
      parts[3 * k + 2] = cbor;
      fileNames[k] = credentialBaseFileNameOf(credential);
    } catch (error) {
      throw rowError(context, line, error);
    }
  }
  fs.writeFileSync(spoolFile(context, job.chunk), parts.join(RS));
  return { leaves: hashLeaves(digests, job.firstIndex), fileNames };
}

/** Bytes of the proofValue array before the root: array(8), version, digest's byte-string head. */
const CBOR_PREFIX = [0x88, PROOF_VALUE_VERSION, 0x58, 0x20];
/** Bytes after the salts map: redactedHashes = [] and anchor = null. */
const CBOR_SUFFIX = [0x80, 0xf6];

/**
 * The text of a credential file, cut where the proofValue goes: `head + middle + tail`, with
 * `middle = credentialTextMiddle(root, leafIndex, path, cbor)`. Phase 1 computes head, tail and
 * `cbor` (0x-hex of the proofValue's CBOR bytes before the root, then those after the path), so
 * phase 2 neither parses nor re-serialises the credential.
 */
export function credentialTextParts(
  unsignedJson: string,
  created: string,
  digest: Hex,
  salts: Record<string, Hex>,
  signature?: EddsaRdfc2022Proof,
): [head: string, tail: string, cbor: Hex] {
  // unsignedJson is JSON.stringify(credential, null, 2): it ends with "\n}"
  // The issuer's signature, when there is one, is the first proof (SPEC.md section 8).
  const signatureJson = signature ? `    ${JSON.stringify(signature, null, 2).replace(/\n/g, "\n    ")},\n` : "";
  const head =
    `${unsignedJson.slice(0, -2)},\n  "proof": [\n${signatureJson}    {\n      "type": ${JSON.stringify(DATA_INTEGRITY_PROOF_TYPE)},\n` +
    `      "cryptosuite": ${JSON.stringify(CRYPTOSUITE)},\n` +
    `      "created": ${JSON.stringify(created)},\n      "proofPurpose": "assertionMethod",\n` +
    `      "proofValue": "`;
  const tail = `"\n    }\n  ]\n}\n`;
  const saltMap = new Map<string, CborValue>();
  for (const [pointer, salt] of Object.entries(salts)) {
    const bytes = new Uint8Array(16);
    writeHex(salt, bytes, 0);
    saltMap.set(pointer, bytes);
  }
  const saltBytes = encodeCbor(saltMap);
  const cbor = Buffer.allocUnsafe(CBOR_PREFIX.length + 32 + saltBytes.length + CBOR_SUFFIX.length);
  cbor.set(CBOR_PREFIX, 0);
  cbor.write(digest.slice(2), CBOR_PREFIX.length, "hex");
  cbor.set(saltBytes, CBOR_PREFIX.length + 32);
  cbor.set(CBOR_SUFFIX, CBOR_PREFIX.length + 32 + saltBytes.length);
  return [head, tail, `0x${cbor.toString("hex")}`];
}

/** The part of a credential file between `credentialTextParts`' head and tail: the proofValue text. */
export function credentialTextMiddle(root: Hex, leafIndex: number, path: readonly Hex[], cbor: Hex): string {
  const split = CBOR_PREFIX.length + 32; // root, index and path go after the digest
  const all = Buffer.from(cbor.slice(2), "hex");
  const indexBytes = encodeCborHead(0, leafIndex);
  const pathHead = encodeCborHead(4, path.length);
  const out = Buffer.allocUnsafe(all.length + 34 + indexBytes.length + pathHead.length + 34 * path.length);
  let o = all.copy(out, 0, 0, split);
  out[o++] = 0x58; // byte string of 32 bytes
  out[o++] = 0x20;
  o += out.write(root.slice(2), o, "hex");
  out.set(indexBytes, o);
  o += indexBytes.length;
  out.set(pathHead, o);
  o += pathHead.length;
  for (const hash of path) {
    out[o++] = 0x58;
    out[o++] = 0x20;
    o += out.write(hash.slice(2), o, "hex");
  }
  all.copy(out, o, split);
  return MULTIBASE_BASE64URL + out.toString("base64url");
}

/**
 * The text of a credential file: the unsigned credential's pretty JSON (2 spaces) with `proof`
 * appended as its last member, holding the credanchor entry (without anchor). Equal to
 * `JSON.stringify(attachProof(credential, entry), null, 2) + "\n"` for a credential without proof.
 *
 * @example
 * fs.writeFileSync(file, credentialFileText(JSON.stringify(unsigned, null, 2), entry));
 */
export function credentialFileText(unsignedJson: string, entry: CredAnchorProof): string {
  const [head, tail, cbor] = credentialTextParts(unsignedJson, entry.created, entry.digest, entry.salts);
  return head + credentialTextMiddle(entry.root, entry.leafIndex, entry.path, cbor) + tail;
}

/** Phase 2 for one chunk: adds the proof entries to the spooled credentials and writes their files. */
export function writeChunk(context: BatchJobContext, tree: MerkleTree, job: WriteJob): void {
  const spool = spoolFile(context, job.chunk);
  const parts = fs.readFileSync(spool, "utf8").split(RS);
  if (parts.length !== 3 * job.count) {
    throw new Error(`spool ${spool} holds ${parts.length / 3} credentials, expected ${job.count}`);
  }
  const root = tree.root;
  let k = 0;
  for (const { index, path: proofPath } of tree.proofs(job.firstIndex, job.firstIndex + job.count)) {
    const text =
      parts[3 * k] + credentialTextMiddle(root, index, proofPath, parts[3 * k + 2] as Hex) + parts[3 * k + 1];
    fs.writeFileSync(path.join(context.credentialsDir, job.fileNames[k]), text);
    k++;
  }
  fs.unlinkSync(spool);
}
