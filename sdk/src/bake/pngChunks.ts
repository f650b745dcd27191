/** Reading and writing PNG chunks (PNG specification, sections 5.2 to 5.4), for baking. */
import { BakedImageError } from "../errors/bake";
import { crc32 } from "./crc32";

/** The 8-byte signature every PNG file starts with. */
export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** One chunk of a PNG file: its type, its data (a view into the file), and where it starts. */
export interface PngChunk {
  type: string;
  data: Uint8Array;
  /** Byte offset of the chunk's length field in the file. */
  offset: number;
}

/** True when `bytes` start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  if (bytes.length < PNG_SIGNATURE.length) return false;
  return PNG_SIGNATURE.every((byte, i) => bytes[i] === byte);
}

const FIX = "Give a PNG file as an image program saves it (the file may be damaged or cut short).";

/**
 * The chunks of a PNG file, from IHDR to IEND, every CRC checked. Throws BakedImageError with the
 * byte offset of the problem: a bad signature, a chunk cut short, a wrong CRC, a file that does not
 * start with IHDR or never reaches IEND. Bytes after IEND are ignored (and left out when written back).
 */
export function readPngChunks(png: Uint8Array): PngChunk[] {
  if (!isPng(png)) {
    throw new BakedImageError("not-png", "not a PNG file: the first 8 bytes are not the PNG signature", {
      offset: 0,
      fix: FIX,
    });
  }
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: PngChunk[] = [];
  let offset = PNG_SIGNATURE.length;
  for (;;) {
    if (offset + 8 > png.length) {
      throw new BakedImageError("truncated", "the PNG file ends inside a chunk header, before its IEND chunk", {
        offset,
        fix: FIX,
      });
    }
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    if (length > 0x7fffffff || !/^[A-Za-z]{4}$/.test(type)) {
      throw new BakedImageError(
        "bad-chunk",
        `the PNG chunk header is not valid (type ${JSON.stringify(type)}, length ${length})`,
        {
          offset,
          fix: FIX,
        },
      );
    }
    const end = offset + 12 + length;
    if (end > png.length) {
      throw new BakedImageError(
        "truncated",
        `the PNG file ends inside its ${type} chunk (${length} data bytes announced, ${Math.max(0, png.length - offset - 12)} present)`,
        { offset, fix: FIX },
      );
    }
    const stored = view.getUint32(offset + 8 + length);
    const computed = crc32(png, offset + 4, offset + 8 + length);
    if (stored !== computed) {
      throw new BakedImageError(
        "bad-crc",
        `the CRC of the PNG's ${type} chunk is wrong (stored 0x${hex32(stored)}, computed 0x${hex32(computed)})`,
        { offset: offset + 8 + length, fix: FIX },
      );
    }
    if (chunks.length === 0 && type !== "IHDR") {
      throw new BakedImageError("bad-chunk", `the PNG's first chunk is ${type}, not IHDR`, { offset, fix: FIX });
    }
    chunks.push({ type, data: png.subarray(offset + 8, offset + 8 + length), offset });
    offset = end;
    if (type === "IEND") return chunks;
  }
}

/** A PNG file made of `chunks` (each CRC computed). */
export function writePngChunks(chunks: ReadonlyArray<Pick<PngChunk, "type" | "data">>): Uint8Array {
  const size = PNG_SIGNATURE.length + chunks.reduce((sum, chunk) => sum + 12 + chunk.data.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(PNG_SIGNATURE, 0);
  let offset = PNG_SIGNATURE.length;
  for (const chunk of chunks) {
    view.setUint32(offset, chunk.data.length);
    for (let i = 0; i < 4; i++) out[offset + 4 + i] = chunk.type.charCodeAt(i);
    out.set(chunk.data, offset + 8);
    view.setUint32(offset + 8 + chunk.data.length, crc32(out, offset + 4, offset + 8 + chunk.data.length));
    offset += 12 + chunk.data.length;
  }
  return out;
}

function hex32(value: number): string {
  return value.toString(16).padStart(8, "0");
}
