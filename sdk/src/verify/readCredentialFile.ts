/**
 * Node-only: the file-reading step of verification (bytes -> JSON text) shared by
 * `verifyCredentialFiles` (and its worker threads) and the CLI's `verify`: a baked PNG or SVG badge,
 * told by its content, gives the credential baked into it (docs/SPEC.md 9.2).
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { imageKind, MAX_BADGE_IMAGE_BYTES, unbakeImage } from "../bake/unbakeImage";
import { MAX_JSON_TEXT_LENGTH } from "../credential/parseCredentialJson";
import { BakedImageError } from "../errors/bake";
import { type CheckProgressEvent, type CheckResult, type VerificationResult } from "./types";
import { recordFormatCheck } from "./runOfflineChecks";
import { checkResult, CheckRecorder, toVerificationResult, type Work } from "./verdict";

/** An image that gives no credential: its format check (`FORMAT_IMAGE_NOT_BAKED`), and whether it is a readable picture. */
export interface RefusedImage {
  refused: CheckResult;
  /** A readable PNG or SVG without a baked credential (a picture), not a damaged image. */
  picture: boolean;
}

/**
 * What a file's bytes give when they are a PNG or SVG image (told by the content, never the name):
 * the credential's JSON text baked into it, or why there is none. Undefined when the bytes are not
 * an image (the caller decodes them as JSON text).
 *
 * @example
 * const image = imageCredentialText(fs.readFileSync("alice-badge.png"), "alice-badge.png");
 * if (image && "text" in image) verifyCredentials([image.text]);
 */
export function imageCredentialText(bytes: Uint8Array, file: string): { text: string } | RefusedImage | undefined {
  if (imageKind(bytes) === undefined) return undefined;
  try {
    return { text: unbakeImage(bytes).credentialJson };
  } catch (error) {
    if (!(error instanceof BakedImageError)) throw error;
    const what =
      error.problem === "not-baked"
        ? "The image holds no baked credential"
        : `The image cannot be read as a baked badge: ${error.shortMessage}`;
    return {
      refused: checkResult(
        "format",
        "error",
        "FORMAT_IMAGE_NOT_BAKED",
        `${what} (${file}). Give the baked badge the issuer sent (\`credanchor bake\` writes one) or the credential's JSON file.`,
      ),
      picture: error.problem === "not-baked",
    };
  }
}

/**
 * The most bytes read of a file of `size` bytes: 10 MiB (a JSON credential), or 64 MiB
 * (`MAX_BADGE_IMAGE_BYTES`) when the file is larger than 10 MiB and its first 4 KiB show a PNG or SVG
 * image (the picture around a credential may be larger than its JSON; the baked text is still held to
 * 10 MiB by the format check). Only such a file is opened here, to read its first 4 KiB.
 *
 * @example
 * const { size } = fs.statSync(file);
 * if (size > credentialFileByteLimit(file, size)) refuse(file);
 */
export function credentialFileByteLimit(file: string, size: number): number {
  if (size <= MAX_JSON_TEXT_LENGTH) return MAX_JSON_TEXT_LENGTH;
  const head = new Uint8Array(4096);
  const fd = openSync(file, "r");
  try {
    const read = readSync(fd, head, 0, head.length, 0);
    return imageKind(head.subarray(0, read)) === undefined ? MAX_JSON_TEXT_LENGTH : MAX_BADGE_IMAGE_BYTES;
  } finally {
    closeSync(fd);
  }
}

/** "10 MiB" or "64 MiB": a limit of credentialFileByteLimit, for messages. */
export function describeByteLimit(limit: number): string {
  return limit === MAX_BADGE_IMAGE_BYTES ? "64 MiB for a badge image" : "10 MiB";
}

/** Why a file of `size` bytes is not read (over `limit`, a credentialFileByteLimit). */
export function tooLargeMessage(size: number, limit: number): string {
  return `${size.toLocaleString("en-US")} bytes, more than a credential file may hold (${describeByteLimit(limit)})`;
}

/** Internal: a file over its credentialFileByteLimit, with tooLargeMessage's text. */
export interface TooLargeFile {
  tooLarge: string;
}

/** Internal: the buffer one thread reads every file into (grown, never shrunk, for a larger file). */
export interface ReadBuffer {
  bytes: Buffer;
}

/** Internal: a ReadBuffer for readCredentialFileSync. */
export function createReadBuffer(): ReadBuffer {
  return { bytes: Buffer.allocUnsafe(64 * 1024) };
}

/**
 * Internal (the worker threads of `verifyCredentialFiles`): what one file gives, read synchronously
 * with one open, reads to the end and a close into `buffer` (an fstat only for a file that fills it)
 * instead of a stat by path and a new Buffer per file. The same as a stat, a size check, `readFileSync` and `imageCredentialText` would give: the
 * JSON text (a baked PNG or SVG gives the credential baked into it), the refused image, or the file's
 * size over its limit (never read only to be refused). Throws what they throw: a file that cannot be
 * opened takes the stat-then-read way, so that its error is the one that way gives.
 */
export function readCredentialFileSync(file: string, buffer: ReadBuffer): string | RefusedImage | TooLargeFile {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    const { size } = statSync(file);
    const limit = credentialFileByteLimit(file, size);
    return size > limit ? { tooLarge: tooLargeMessage(size, limit) } : decodeCredentialBytes(readFileSync(file), file);
  }
  try {
    // A file that ends within the buffer is read to its end without an fstat (whose Stats object, with
    // its four Dates, cost more than the read): it is far below any limit. Only a file that fills the
    // buffer is measured, and read on from where this stopped.
    const bytes = buffer.bytes;
    let length = 0;
    for (;;) {
      const n = readSync(fd, bytes, length, bytes.length - length, null);
      if (n === 0) {
        // A file that starts with "{" is no PNG or SVG image (imageKind): decoded straight from the buffer,
        // without a Buffer view of its bytes (about 1 µs of a worker's loop per file: docs/PERFORMANCE.md
        // "From files, December 8").
        if (length > 0 && bytes[0] === 0x7b) return bytes.toString("utf8", 0, length);
        return decodeCredentialBytes(bytes.subarray(0, length), file);
      }
      length += n;
      if (length === bytes.length) break;
    }
    const stats = fstatSync(fd);
    const limit = credentialFileByteLimit(file, stats.size);
    if (stats.size > limit) return { tooLarge: tooLargeMessage(stats.size, limit) };
    return decodeCredentialBytes(readInto(fd, stats.isFile() ? stats.size : 0, buffer, length), file);
  } finally {
    closeSync(fd);
  }
}

/** The largest buffer a thread keeps for its next files (a larger file gets a buffer of its own). */
const KEPT_BUFFER_BYTES = 1024 * 1024;

/**
 * The bytes of an open file, read into `buffer` (or a buffer of their own when larger than
 * KEPT_BUFFER_BYTES) as readFileSync reads them: `size` bytes at most (fewer if the file shrank), or to
 * the end when the size is unknown (0: an empty file, a pipe, a device). The first `length` bytes are
 * already in `buffer`, read from the start of the file.
 */
function readInto(fd: number, size: number, buffer: ReadBuffer, length: number): Buffer {
  let bytes = buffer.bytes;
  const grow = (to: number, keep: number) => {
    const larger = Buffer.allocUnsafe(to);
    bytes.copy(larger, 0, 0, keep);
    bytes = larger;
    if (to <= KEPT_BUFFER_BYTES) buffer.bytes = larger;
  };
  if (bytes.length < size) grow(size, length);
  for (;;) {
    if (size === 0 && length === bytes.length) grow(bytes.length * 2, length);
    const wanted = (size === 0 ? bytes.length : size) - length;
    if (wanted <= 0) break; // read to its size (or past it, when the file shrank since it filled the buffer)
    const n = readSync(fd, bytes, length, wanted, null);
    if (n === 0) break;
    length += n;
  }
  return bytes.subarray(0, length);
}

/** A file's bytes as its credential input: the JSON text, or what a baked PNG or SVG gives. */
function decodeCredentialBytes(bytes: Buffer, file: string): string | RefusedImage {
  const image = imageCredentialText(bytes, file);
  return image === undefined ? bytes.toString("utf8") : "text" in image ? image.text : image;
}

/**
 * The credential texts among files read (`readCredentialFileSync` or the calling thread's reader) and
 * where each stands, so that the texts are verified together and an image that gave no credential keeps
 * its place (and its format error) in the results.
 *
 * @example
 * const { at, texts } = textsAmong(["{...}", refused, "{...}"]); // at = [0, 2]
 */
export function textsAmong(inputs: readonly (string | RefusedImage)[]): { at: number[]; texts: string[] } {
  const at: number[] = [];
  const texts: string[] = [];
  inputs.forEach((input, i) => {
    if (typeof input === "string") {
      at.push(i);
      texts.push(input);
    }
  });
  return { at, texts };
}

/**
 * Internal: the work record of a file that gave no credential (its format check, every other check
 * skipped), as verifyCredentials would record it, so that it joins a run's results in file order.
 */
export function refusedWork(
  index: number,
  file: string | undefined,
  refused: CheckResult,
  onCheck?: (event: CheckProgressEvent) => void,
): Work {
  const work: Work = { index, checks: {}, started: 0 };
  if (file !== undefined) work.file = file;
  recordFormatCheck(work, refused, new CheckRecorder(onCheck));
  return work;
}

/** Internal: the public result of a file that gave no credential (see refusedWork). */
export function refusedResult(
  index: number,
  file: string | undefined,
  refused: CheckResult,
  onCheck?: (event: CheckProgressEvent) => void,
): VerificationResult {
  return toVerificationResult(refusedWork(index, file, refused, onCheck));
}
