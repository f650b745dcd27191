/** Node-only: the manifest's input hash, recomputed from the two input files (and the column map). */
import fs from "node:fs";
import { createKeccak } from "hash-wasm";
import type { Hex } from "../types";

/**
 * The bytes a column map adds to the input hash (docs/SPEC.md §5.3): none without a map, else the
 * UTF-8 of `JSON.stringify` of its entries sorted by column name, as `[[column, field], ...]`.
 *
 * @example
 * columnMapHashBytes({ "Student Mail": "email" }) // UTF-8 of '[["Student Mail","email"]]'
 */
export function columnMapHashBytes(columnMap: Readonly<Record<string, string>> | undefined): Uint8Array {
  const entries = Object.entries(columnMap ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? new Uint8Array(0) : new TextEncoder().encode(JSON.stringify(entries));
}

/**
 * The `inputHash` of a batch manifest (docs/SPEC.md §5): keccak256 over the bytes of the template file
 * followed directly by the bytes of the recipients file, exactly as stored (no separator, no
 * normalisation of line endings or encoding), then the column map's bytes when the batch was issued
 * with one (`columnMapHashBytes`), so that the same files read with another map give another hash.
 * Streams the recipients file.
 *
 * @example
 * (await hashBatchInputs("template.json", "learners.csv")) === manifest.inputHash
 */
export async function hashBatchInputs(
  templateFile: string,
  recipientsFile: string,
  columnMap?: Readonly<Record<string, string>>,
): Promise<Hex> {
  const hasher = await createKeccak(256);
  hasher.update(fs.readFileSync(templateFile));
  for await (const chunk of fs.createReadStream(recipientsFile, { highWaterMark: 1 << 20 })) {
    hasher.update(chunk as Buffer);
  }
  hasher.update(columnMapHashBytes(columnMap));
  return `0x${hasher.digest("hex")}`;
}
