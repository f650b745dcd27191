import { keccak256, stringToHex } from "viem";
import type { Hex } from "../types";

/**
 * The checksum the Safe{Wallet} Transaction Builder writes into `meta.checksum` of a batch file and
 * checks when the file is imported (docs/SPEC.md §12.2):
 *
 * 1. take the file without `meta.checksum` and with `meta.name` set to `null` (renaming a batch
 *    keeps its checksum);
 * 2. serialize it: an array as `[` + its items serialized and joined by `,` + `]`; an object as `{`
 *    + the JSON array of its keys sorted by UTF-16 code units + each value serialized, in key order,
 *    each followed by `,` + `}`; anything else as its JSON (`undefined` as `null`);
 * 3. keccak-256 of the UTF-8 bytes of that string, as 0x-prefixed lowercase hex.
 *
 * @example
 * const checksum = safeBatchChecksum(file); // "0x37b6…3ad9"
 * const intact = checksum === file.meta.checksum;
 */
export function safeBatchChecksum<T extends { meta: object }>(file: T): Hex {
  const { checksum: _ignored, ...meta } = file.meta as Record<string, unknown>;
  return keccak256(stringToHex(serialize({ ...file, meta: { ...meta, name: null } })));
}

function serialize(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(serialize).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value).sort();
    let text = `{${JSON.stringify(keys)}`;
    for (const key of keys) text += `${serialize((value as Record<string, unknown>)[key])},`;
    return `${text}}`;
  }
  return JSON.stringify(value === undefined ? null : value);
}
