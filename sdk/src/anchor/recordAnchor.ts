/**
 * Node-only: writes an anchor record into every credential's proof entry and into manifest.json.
 */
import fs from "node:fs/promises";
import path from "node:path";
import type { AnchorRecord, BatchManifest } from "../types";
import { AnchoredElsewhereError, BatchDirectoryError } from "../errors/anchor";
import {
  credentialPath,
  locateCredAnchorProof,
  fsyncDirectory,
  parseJson,
  serializeLike,
  type LoadedManifest,
} from "./batchFiles";
import { writeFileAtomic } from "../files/writeFileAtomic";
import type { OnCheckpoint } from "../batch/checkpoints";
import { attachProof } from "../credential/attachProof";
import { ProofValueError } from "../errors/credential";

export interface RecordAnchorOptions {
  /** Called as files are rewritten: `written` of `total` credential files done (unchanged ones count). */
  onFiles?: (done: number, total: number) => void | Promise<void>;
  /** Files processed at the same time; default 32. */
  concurrency?: number;
  /** fsync every credential file before its rename (slower; the rename is atomic either way). */
  durable?: boolean;
  /** Called at each named step (batch/checkpoints.ts), right after it; for tests and diagnostics. */
  onCheckpoint?: OnCheckpoint;
}

/**
 * Puts `record` into the proof entry of every credential of the batch, each file replaced atomically,
 * then into manifest.json (last, fsynced: a manifest with a record means every credential has it).
 * Files that already hold the same record are left alone, so a second run after a crash only writes
 * what is missing. Returns how many credential files were rewritten.
 *
 * @example
 * await recordAnchor(await readManifest(dir), record, { onFiles: (done, total) => bar.update(done / total) });
 */
export async function recordAnchor(
  loaded: LoadedManifest,
  record: AnchorRecord,
  options: RecordAnchorOptions = {},
): Promise<{ written: number }> {
  const { batchDir, manifest } = loaded;
  const total = manifest.leafCount;
  const step = Math.max(1, Math.floor(total / 100));
  let next = 0;
  let done = 0;
  let written = 0;
  let failed = false;
  const worker = async () => {
    try {
      for (let index = next++; index < total && !failed; index = next++) {
        if (await recordInCredential(batchDir, manifest, index, record, options.durable ?? false)) written++;
        done++;
        if (2 * done >= total) options.onCheckpoint?.("anchor:files-half-rewritten");
        if (done % step === 0 || done === total) await options.onFiles?.(done, total);
      }
    } catch (error) {
      failed = true; // the other workers stop after their current file
      throw error;
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 32, total));
  await Promise.all(Array.from({ length: workers }, worker));
  await fsyncDirectory(path.join(batchDir, manifest.credentialsDir));
  options.onCheckpoint?.("anchor:files-rewritten");

  const current = parseJson(await fs.readFile(loaded.file, "utf8"), loaded.file) as BatchManifest;
  checkExisting(current.anchor, record, loaded.file, "/anchor");
  if (!sameRecord(current.anchor, record)) {
    current.anchor = record;
    await writeFileAtomic(loaded.file, serializeLike(loaded.text, current), { fsync: true });
    await fsyncDirectory(batchDir);
  }
  options.onCheckpoint?.("anchor:manifest-written");
  return { written };
}

async function recordInCredential(
  batchDir: string,
  manifest: BatchManifest,
  index: number,
  record: AnchorRecord,
  durable: boolean,
): Promise<boolean> {
  const file = credentialPath(batchDir, manifest, index);
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    throw new BatchDirectoryError(`Credential ${index} of the batch is missing.`, {
      location: { file },
      fix: "Restore the batch directory from the builder's output; every credential file must be present to anchor it.",
      cause: error,
    });
  }
  const credential = parseJson(text, file) as { proof: unknown };
  let found: ReturnType<typeof locateCredAnchorProof>;
  try {
    found = locateCredAnchorProof(credential);
  } catch (error) {
    if (!(error instanceof ProofValueError)) throw error;
    throw new BatchDirectoryError(`The credential's proof entry cannot be read: ${error.shortMessage}`, {
      location: { file, pointer: error.location?.pointer },
      fix: "Restore the file from the batch builder's output.",
      cause: error,
    });
  }
  if (!found) {
    throw new BatchDirectoryError("The credential has no credanchor proof entry.", {
      location: { file, pointer: "/proof" },
      fix: "Restore the file from the batch builder's output.",
    });
  }
  const { proof, pointerOf } = found;
  if (typeof proof.root !== "string" || proof.root.toLowerCase() !== manifest.root) {
    throw new BatchDirectoryError(
      `The credential's proof names root ${String(proof.root)}, not the batch's ${manifest.root}.`,
      {
        location: { file, pointer: pointerOf("root") },
        fix: "This file belongs to another batch; put it back where it came from.",
      },
    );
  }
  if (proof.leafIndex !== index) {
    throw new BatchDirectoryError(
      `The credential's proof says leafIndex ${String(proof.leafIndex)}, but its file is number ${index}.`,
      {
        location: { file, pointer: pointerOf("leafIndex") },
        fix: "Restore the file from the batch builder's output; files are named by leaf index.",
      },
    );
  }
  checkExisting(proof.anchor, record, file, pointerOf("anchor"));
  if (sameRecord(proof.anchor, record) && !found.legacy) return false;
  // attachProof writes the entry in the current format (a legacy entry is converted) with the record
  // and the registry's verificationMethod, and keeps every other proof (an issuer signature) before it.
  const anchored = attachProof(credential, { ...proof, anchor: record });
  await writeFileAtomic(file, serializeLike(text, anchored), { fsync: durable });
  return true;
}

/** An existing record for another chain or registry is a conflict; for the same one, the chain's truth replaces it. */
function checkExisting(existing: AnchorRecord | undefined, record: AnchorRecord, file: string, pointer: string): void {
  if (!existing) return;
  if (existing.chain !== record.chain || existing.registry.toLowerCase() !== record.registry.toLowerCase()) {
    throw new AnchoredElsewhereError({ file, pointer, recorded: existing, requested: record });
  }
}

/** True when two anchor records say the same thing. */
export function sameRecord(a: AnchorRecord | undefined, b: AnchorRecord | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.chain === b.chain &&
    a.registry.toLowerCase() === b.registry.toLowerCase() &&
    a.transactionHash.toLowerCase() === b.transactionHash.toLowerCase() &&
    a.blockNumber === b.blockNumber &&
    a.anchoredAt === b.anchoredAt
  );
}
