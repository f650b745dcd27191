/** Baking a credential into a PNG: an `iTXt` chunk with keyword `openbadgecredential` (docs/SPEC.md 9.1). */
import { BakedImageError } from "../errors/bake";
import { readPngChunks, writePngChunks, type PngChunk } from "./pngChunks";

/** The iTXt keyword of a baked Open Badges 3.0 credential. */
export const PNG_CREDENTIAL_KEYWORD = "openbadgecredential";

/**
 * The iTXt chunk data for `text`: keyword, NUL, compression flag 0, compression method 0, an empty
 * language tag and an empty translated keyword (each NUL-terminated), then the text as UTF-8.
 */
export function credentialChunkData(text: string): Uint8Array {
  const keyword = new TextEncoder().encode(PNG_CREDENTIAL_KEYWORD);
  const body = new TextEncoder().encode(text);
  const data = new Uint8Array(keyword.length + 5 + body.length);
  data.set(keyword, 0);
  // keyword NUL, compression flag 0, compression method 0, language tag NUL, translated keyword NUL
  data.set([0, 0, 0, 0, 0], keyword.length);
  data.set(body, keyword.length + 5);
  return data;
}

/** True when `chunk` is an iTXt chunk whose keyword is `openbadgecredential`. */
export function isCredentialChunk(chunk: Pick<PngChunk, "type" | "data">): boolean {
  if (chunk.type !== "iTXt") return false;
  const keyword = PNG_CREDENTIAL_KEYWORD;
  if (chunk.data.length <= keyword.length || chunk.data[keyword.length] !== 0) return false;
  for (let i = 0; i < keyword.length; i++) if (chunk.data[i] !== keyword.charCodeAt(i)) return false;
  return true;
}

/**
 * Bakes `credentialJson` into a PNG (Open Badges 3.0 baking): an `iTXt` chunk with keyword
 * `openbadgecredential`, not compressed, holding the JSON text as UTF-8. A credential baked earlier is
 * replaced in place; otherwise the chunk goes just before IEND. Every other chunk is kept byte for
 * byte. Throws BakedImageError (with the byte offset) for a file that is not a valid PNG.
 *
 * @example
 * const baked = bakePng(fs.readFileSync("badge.png"), fs.readFileSync("alice.json", "utf8"));
 * unbakePng(baked) === fs.readFileSync("alice.json", "utf8") // true
 */
export function bakePng(png: Uint8Array, credentialJson: string): Uint8Array {
  if (typeof credentialJson !== "string" || credentialJson.length === 0) {
    throw new BakedImageError("bad-chunk", "there is no credential text to bake (an empty string)");
  }
  const chunks = readPngChunks(png);
  const baked = { type: "iTXt", data: credentialChunkData(credentialJson) };
  const out: Array<Pick<PngChunk, "type" | "data">> = [];
  let placed = false;
  for (const chunk of chunks) {
    if (isCredentialChunk(chunk)) {
      if (!placed) out.push(baked);
      placed = true;
      continue;
    }
    if (chunk.type === "IEND" && !placed) {
      out.push(baked);
      placed = true;
    }
    out.push(chunk);
  }
  return writePngChunks(out);
}
