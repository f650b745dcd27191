/**
 * Node-only: the badge image a template names (`badgeImage`, SPEC.md 1.3), copied into the batch
 * directory by `issueBatch` as `badge.png` or `badge.svg` (manifest `badgeImage`, SPEC.md 5.1), so that
 * `publish` and `deliver` bake each credential into it without being told again.
 */
import fs from "node:fs";
import path from "node:path";
import { imageKind, MAX_BADGE_IMAGE_BYTES, unbakeImage } from "../bake/unbakeImage";
import { BatchDirectoryError } from "../errors/anchor";
import { BatchInputError } from "../errors/batch";
import type { BatchManifest } from "../types";

/** The badge image's file name inside a batch directory, by kind. */
export const BATCH_BADGE_IMAGE_FILES = { png: "badge.png", svg: "badge.svg" } as const;

/** A badge image read for a batch: its bytes and its name in the batch directory. */
export interface BatchBadgeImage {
  bytes: Uint8Array;
  name: (typeof BATCH_BADGE_IMAGE_FILES)[keyof typeof BATCH_BADGE_IMAGE_FILES];
}

/**
 * The image the template's `badgeImage` names (a path relative to the template file), read and
 * checked before anything is written: it must exist, be at most 64 MiB, be a PNG or SVG by its content,
 * and hold no baked credential (the batch's picture is never itself a credential). Undefined when the
 * template names none. Throws BatchInputError at the template's `/badgeImage`.
 *
 * @example
 * const badge = readTemplateBadgeImage("templates/nursing.json", template); // { name: "badge.png", bytes }
 */
export function readTemplateBadgeImage(
  templateFile: string,
  template: { badgeImage?: unknown },
): BatchBadgeImage | undefined {
  if (typeof template.badgeImage !== "string") return undefined;
  const file = path.join(path.dirname(templateFile), template.badgeImage.trim());
  const fail = (problem: string, fix: string, cause?: unknown) =>
    new BatchInputError(`the template's badge image ${file} ${problem}`, {
      location: { file: templateFile, pointer: "/badgeImage" },
      fix,
      cause,
    });
  let bytes: Uint8Array;
  try {
    const { size } = fs.statSync(file);
    if (size > MAX_BADGE_IMAGE_BYTES) {
      throw fail(
        `is ${size.toLocaleString("en-US")} bytes, more than a badge image may be (64 MiB)`,
        "Use a smaller image.",
      );
    }
    bytes = fs.readFileSync(file);
  } catch (error) {
    if (error instanceof BatchInputError) throw error;
    throw fail(
      `cannot be read: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`,
      "Fix badgeImage in the template (a path relative to the template file) or put the image there. Nothing was written.",
      error,
    );
  }
  const kind = imageKind(bytes);
  if (kind === undefined) {
    throw fail("is neither a PNG nor an SVG image", "Give a .png or .svg badge image. Nothing was written.");
  }
  let baked = false;
  try {
    unbakeImage(bytes);
    baked = true;
  } catch {
    // no credential in it (or not readable as a baked badge): a picture, as it should be
  }
  if (baked) {
    throw fail(
      "already holds a baked credential",
      "Give the plain badge picture, not a learner's baked badge (`credanchor unbake` shows what is inside).",
    );
  }
  return { bytes, name: BATCH_BADGE_IMAGE_FILES[kind] };
}

/**
 * The bytes of the badge image a batch directory holds (manifest `badgeImage`), or undefined when the
 * batch has none. Throws BatchDirectoryError when the manifest names one that cannot be read.
 *
 * @example
 * const badge = readBatchBadgeImage("batch-1", manifest); // the PNG or SVG bytes, or undefined
 */
export function readBatchBadgeImage(
  batchDir: string,
  manifest: Pick<BatchManifest, "badgeImage">,
): Uint8Array | undefined {
  if (manifest.badgeImage === undefined) return undefined;
  const file = path.join(batchDir, manifest.badgeImage);
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new BatchDirectoryError(`cannot read the batch's badge image ${file}: ${(error as Error).message}`, {
      location: { file: path.join(batchDir, "manifest.json"), pointer: "/badgeImage" },
      fix: "Restore the image from the template's badgeImage, or issue the batch again.",
      cause: error,
    });
  }
}
