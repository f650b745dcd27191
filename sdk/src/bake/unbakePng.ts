/** Reading a baked credential back out of a PNG (docs/SPEC.md 9.1). */
import { BakedImageError } from "../errors/bake";
import { isCredentialChunk, PNG_CREDENTIAL_KEYWORD } from "./bakePng";
import { readPngChunks } from "./pngChunks";

/**
 * The credential JSON baked into a PNG, exactly as it was baked: the text of its `iTXt` chunk with
 * keyword `openbadgecredential`. Throws BakedImageError: `not-baked` when the PNG has no such chunk,
 * `bad-chunk` for a compressed or malformed one or two of them, and the PNG errors of bakePng.
 *
 * @example
 * const json = unbakePng(fs.readFileSync("alice-badge.png"));
 */
export function unbakePng(png: Uint8Array): string {
  const found = readPngChunks(png).filter(isCredentialChunk);
  if (found.length === 0) {
    throw new BakedImageError(
      "not-baked",
      `the PNG holds no baked credential (no iTXt chunk "${PNG_CREDENTIAL_KEYWORD}")`,
      {
        fix: "Give the baked image (credanchor bake writes one) or the credential's JSON file.",
      },
    );
  }
  if (found.length > 1) {
    throw new BakedImageError(
      "bad-chunk",
      `the PNG holds ${found.length} baked credentials; Open Badges 3.0 allows one`,
      {
        offset: found[1].offset,
        fix: "Bake the image again (credanchor bake replaces every earlier credential).",
      },
    );
  }
  const { data, offset } = found[0];
  let at = PNG_CREDENTIAL_KEYWORD.length + 1;
  const compressed = data[at];
  if (compressed !== 0) {
    throw new BakedImageError(
      "bad-chunk",
      compressed === 1
        ? "the baked credential is compressed; Open Badges 3.0 baking does not allow compression"
        : `the baked credential's compression flag is ${compressed} (0 expected)`,
      { offset, fix: "Bake the image again with credanchor bake." },
    );
  }
  at += 2; // compression flag and method
  for (let fields = 0; fields < 2; fields++) {
    const nul = data.indexOf(0, at);
    if (nul < 0) {
      throw new BakedImageError(
        "bad-chunk",
        "the baked credential's iTXt chunk has no language tag or translated keyword",
        {
          offset,
        },
      );
    }
    at = nul + 1;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(data.subarray(at));
  } catch (error) {
    throw new BakedImageError("bad-chunk", "the baked credential's text is not UTF-8", { offset, cause: error });
  }
}
