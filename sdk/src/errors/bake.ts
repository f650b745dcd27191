/** Errors of baking credentials into badge images and reading them back (docs/SPEC.md section 9). */
import { BaseError } from "./base";

/** Why an image could not be baked or unbaked. */
export type BakedImageProblem =
  "not-png" | "truncated" | "bad-crc" | "bad-chunk" | "not-svg" | "bad-svg" | "not-baked" | "unknown-format";

/**
 * An image is not what baking needs: a PNG with a bad signature, a truncated chunk or a wrong CRC
 * (with the byte offset of the problem), an SVG without a root `<svg>` element, or an image that
 * holds no baked credential (`problem: "not-baked"`).
 *
 * @example
 * try {
 *   unbakePng(bytes);
 * } catch (error) {
 *   if (error instanceof BakedImageError && error.problem === "not-baked") console.log("no credential in it");
 * }
 */
export class BakedImageError extends BaseError {
  override name = "BakedImageError";
  readonly problem: BakedImageProblem;
  /** The byte offset (PNG) or character offset (SVG) of the problem, when there is one. */
  readonly offset?: number;

  constructor(
    problem: BakedImageProblem,
    message: string,
    args: { offset?: number; fix?: string; cause?: unknown } = {},
  ) {
    super(args.offset === undefined ? message : `${message} (at byte offset ${args.offset})`, {
      code: `BAKED_IMAGE_${problem.toUpperCase().replace(/-/g, "_")}`,
      fix: args.fix,
      cause: args.cause,
      docsPath: "SPEC.md#9-baked-images",
    });
    this.problem = problem;
    this.offset = args.offset;
  }
}
