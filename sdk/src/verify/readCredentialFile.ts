/**
 * Node-only: the file-reading step of verification (bytes -> JSON text) shared by
 * `verifyCredentialFiles` (and its worker threads) and the CLI's `verify`: a baked PNG or SVG badge,
 * told by its content, gives the credential baked into it (docs/SPEC.md 9.2).
 */
import { closeSync, openSync, readSync } from "node:fs";
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
