/**
 * Node-only: delivery.csv in a batch directory (SPEC.md section 10.2). `issue` writes it from the
 * recipients file; `publish` fills in the links; `deliver` reads it.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { credentialPath, readManifest } from "../anchor/batchFiles";
import { writeFileAtomic } from "../files/writeFileAtomic";
import { credentialRelativePath } from "../batch/layout";
import { readRecipients, type ReadRecipientsOptions } from "../batch/readRecipients";
import { parseCredentialJson } from "../credential/parseCredentialJson";
import { ShareError } from "../errors/share";
import { credentialFacts } from "./credentialFacts";
import { DELIVERY_FILE, formatDeliveryCsv, parseDeliveryCsv, type DeliveryRow } from "./deliveryCsv";
import { readTextIfExists } from "../files/readTextIfExists";

/**
 * The batch's delivery.csv rows, or undefined when it has none.
 *
 * @example
 * const rows = await readDeliveryFile("batch-1");
 */
export async function readDeliveryFile(batchDir: string): Promise<DeliveryRow[] | undefined> {
  const file = path.join(batchDir, DELIVERY_FILE);
  const text = await readTextIfExists(file);
  if (text === undefined) return undefined;
  return parseDeliveryCsv(text, file);
}

/** Replaces the batch's delivery.csv atomically. */
export async function writeDeliveryFile(batchDir: string, rows: readonly DeliveryRow[]): Promise<void> {
  await writeFileAtomic(path.join(batchDir, DELIVERY_FILE), formatDeliveryCsv(rows), { fsync: true });
}

/** A row's e-mail address: the `email` column, else a column named like one (`E-mail`, `Email address`). */
export function recipientEmail(row: Record<string, unknown>): string | undefined {
  const value =
    row.email ??
    Object.entries(row).find(([key]) => /^e-?mail(address)?$/.test(key.toLowerCase().replace(/[\s_-]+/g, "")))?.[1];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * Writes delivery.csv for a freshly issued batch: one row per credential, in batch order, with the
 * recipients file's line number, the name, the e-mail address (when the file had one), the credential
 * id and file. The links stay empty until `publish`.
 *
 * `options` are the ones the batch was issued with (the recipients file's format and column map), so
 * that the rows are read exactly as `issue` read them.
 *
 * @example
 * await writeIssueDelivery("batch-1", "learners.csv");
 */
export async function writeIssueDelivery(
  batchDir: string,
  recipientsFile: string,
  options: ReadRecipientsOptions & { map?: Readonly<Record<string, string>> } = {},
): Promise<DeliveryRow[]> {
  const { manifest } = await readManifest(batchDir);
  const rows: DeliveryRow[] = [];
  let index = 0;
  for await (const items of readRecipients(recipientsFile, options)) {
    for (const { row, line } of items) {
      if (index >= manifest.leafCount) break;
      const source = credentialPath(batchDir, manifest, index);
      const credential = parseCredentialJson(await fs.readFile(source, "utf8"), { file: source });
      const facts = credentialFacts(credential);
      const name = typeof row.name === "string" ? row.name.trim() : (facts.holderName ?? "");
      if (facts.holderName !== undefined && name !== facts.holderName) {
        throw new ShareError(`row ${line} (${name}) does not match credential ${index} (${facts.holderName})`, {
          location: { file: recipientsFile, line },
          fix: "Give the recipients file the batch was issued from.",
        });
      }
      rows.push({
        row: String(line),
        name,
        email: recipientEmail(row) ?? "",
        credentialId: facts.id ?? "",
        file: credentialRelativePath(manifest, index),
        shareUrl: "",
        linkedInUrl: "",
        qrFile: "",
      });
      index++;
    }
  }
  if (rows.length !== manifest.leafCount) {
    throw new ShareError(`the recipients file has ${rows.length} rows, the batch ${manifest.leafCount} credentials`, {
      location: { file: recipientsFile },
      fix: "Give the recipients file the batch was issued from.",
    });
  }
  await writeDeliveryFile(batchDir, rows);
  return rows;
}
