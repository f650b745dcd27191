/** Node-only: the manifest's input hash, recomputed from the two input files. */
import fs from "node:fs";
import { createKeccak } from "hash-wasm";
import type { Hex } from "../types";

/**
 * The `inputHash` of a batch manifest (docs/SPEC.md §5): keccak256 over the bytes of the template file
 * followed directly by the bytes of the recipients file, exactly as stored (no separator, no
 * normalisation of line endings or encoding). Streams the recipients file.
 *
 * @example
 * (await hashBatchInputs("template.json", "learners.csv")) === manifest.inputHash
 */
export async function hashBatchInputs(templateFile: string, recipientsFile: string): Promise<Hex> {
  const hasher = await createKeccak(256);
  hasher.update(fs.readFileSync(templateFile));
  for await (const chunk of fs.createReadStream(recipientsFile, { highWaterMark: 1 << 20 })) {
    hasher.update(chunk as Buffer);
  }
  return `0x${hasher.digest("hex")}`;
}
