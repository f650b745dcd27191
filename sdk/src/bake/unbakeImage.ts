/** Reading a baked credential out of an image whose kind is told by its content (docs/SPEC.md 9). */
import { BakedImageError } from "../errors/bake";
import { isPng } from "./pngChunks";
import { unbakePng } from "./unbakePng";
import { unbakeSvg } from "./unbakeSvg";

/** The largest badge image the CLI reads (64 MiB): the picture around a credential may be larger than its JSON. */
export const MAX_BADGE_IMAGE_BYTES = 64 * 1024 * 1024;

/** What unbakeImage found: the image's kind and the credential's JSON text. */
export interface UnbakedImage {
  kind: "png" | "svg";
  credentialJson: string;
}

/** The kind of image `bytes` hold, by content: the PNG signature, or UTF-8 text starting with markup. */
export function imageKind(bytes: Uint8Array): "png" | "svg" | undefined {
  if (isPng(bytes)) return "png";
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  while (
    start < bytes.length &&
    (bytes[start] === 0x20 || bytes[start] === 0x09 || bytes[start] === 0x0a || bytes[start] === 0x0d)
  )
    start++;
  if (bytes[start] !== 0x3c /* < */) return undefined;
  const head = new TextDecoder().decode(bytes.subarray(start, start + 4096));
  return /<svg[\s>/:]|<[A-Za-z_][\w.-]*:svg[\s>/]/.test(head) || /^<\?xml|^<!/.test(head) ? "svg" : undefined;
}

/**
 * The credential baked into a PNG or SVG image, the kind told by the content (not the file name).
 * Throws BakedImageError: `unknown-format` for bytes that are neither, `not-baked` for an image
 * without a credential, and the errors of unbakePng and unbakeSvg.
 *
 * @example
 * const { kind, credentialJson } = unbakeImage(fs.readFileSync("badge.png")); // kind "png"
 */
export function unbakeImage(bytes: Uint8Array): UnbakedImage {
  const kind = imageKind(bytes);
  if (kind === "png") return { kind, credentialJson: unbakePng(bytes) };
  if (kind === "svg") {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes); // drops a BOM
    } catch (error) {
      throw new BakedImageError("bad-svg", "the SVG is not UTF-8 text", {
        fix: "Save the SVG as UTF-8 and bake it again.",
        cause: error,
      });
    }
    return { kind, credentialJson: unbakeSvg(text) };
  }
  throw new BakedImageError("unknown-format", "neither a PNG nor an SVG image", {
    fix: "Give a baked PNG or SVG badge, or the credential's JSON file.",
  });
}
