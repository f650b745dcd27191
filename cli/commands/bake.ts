/** `credanchor bake` and `credanchor unbake`: a credential baked into a PNG or SVG badge image, and back (docs/SPEC.md 9). */
import fs from "node:fs";
import path from "node:path";
import {
  assertTemplate,
  badgeInfoOf,
  bakePng,
  bakeSvg,
  drawBadgeSvg,
  imageKind,
  MAX_BADGE_IMAGE_BYTES,
  parseCredentialJson,
  renderSvgToPng,
  unbakeImage,
} from "../../sdk/src/node";
import { InputError, UsageError } from "../errors";
import { booleanFlag, integerFlag, stringFlag } from "../lib/args";
import { defineCommand } from "../lib/command";
import { readCredentialFile, readTextFile, resolvePath, withFile, writeFileAtomic } from "../lib/files";
import type { Io } from "../lib/io";
import { writeReport } from "../lib/output";
import { bakeSpec as spec, unbakeSpec as unbakeSpec } from "../specs/bake";

export interface BakeOptions {
  /** The credential JSON file. */
  file: string;
  /** The image to bake into (.png or .svg); default: the template's badgeImage, else a drawn badge. */
  image?: string;
  /** A template whose `badgeImage` names the image (when --image is not given). */
  template?: string;
  /** The baked image to write (.png or .svg). */
  out: string;
  /** Width in pixels of a drawn badge rendered as PNG (default 600). */
  width?: number;
  force?: boolean;
  json?: boolean;
}

/** `--json` shape of `bake` (docs/CLI.md). */
export interface BakeJson {
  file: string;
  out: string;
  kind: "png" | "svg";
  /** The image baked into: a file, or "drawn" (credanchor's default badge). */
  image: string;
  bytes: number;
}

/**
 * Writes the baked image.
 *
 * @example
 * await bake({ file: "alice.json", image: "badge.png", out: "alice-badge.png" }, io);
 */
export async function bake(options: BakeOptions, io: Io): Promise<number> {
  const outKind = kindOfName(options.out);
  if (!outKind) {
    throw new UsageError(`--out must end in .png or .svg: ${options.out}`, {
      fix: "name the baked image, e.g. --out alice-badge.png",
    });
  }
  if (options.image !== undefined && options.template !== undefined) {
    throw new UsageError("--image and --template both name an image", { fix: "give one of them" });
  }
  // The exact text of the file is baked (unbake gives it back); it must parse as JSON first.
  readCredentialFile(io, options.file);
  const credentialJson = readTextFile(io, options.file, "credential file");
  const imageFile = options.image ?? (options.template !== undefined ? templateImage(io, options.template) : undefined);

  let baked: Uint8Array | string;
  if (imageFile === undefined) {
    const svg = drawBadgeSvg(badgeInfoOf(JSON.parse(credentialJson) as unknown));
    baked =
      outKind === "svg"
        ? bakeSvg(svg, credentialJson)
        : bakePng(renderSvgToPng(svg, options.width ?? 600), credentialJson);
  } else {
    const bytes = readImage(io, imageFile);
    const kind = imageKind(bytes);
    if (!kind) {
      throw new InputError("neither a PNG nor an SVG image", {
        location: { file: imageFile },
        fix: "give a .png or .svg badge image",
      });
    }
    if (kind !== outKind) {
      throw new UsageError(`the image is ${kind.toUpperCase()} but --out ends in .${outKind}`, {
        fix: `name the baked image .${kind} (baking keeps the image's format)`,
      });
    }
    baked = withFile(imageFile, () =>
      kind === "png" ? bakePng(bytes, credentialJson) : bakeSvg(new TextDecoder().decode(bytes), credentialJson),
    );
  }
  const written = writeFileAtomic(io, options.out, baked, { overwrite: options.force });
  const size = fs.statSync(written).size;
  return writeReport(
    io,
    options.json,
    {
      file: options.file,
      out: options.out,
      kind: outKind,
      image: imageFile ?? "drawn",
      bytes: size,
    } satisfies BakeJson,
    (style) => {
      return [
        `${style.green("✔")} baked ${options.file} into ${options.out} (${outKind.toUpperCase()}, ${size.toLocaleString("en-US")} bytes, ${imageFile === undefined ? "a drawn badge" : `image ${imageFile}`})`,
        `  The image is the credential: \`credanchor verify ${options.out}\`; \`credanchor unbake ${options.out}\` gives the JSON back.`,
      ];
    },
  );
}

export interface UnbakeOptions {
  image: string;
  /** Write the JSON here instead of to stdout. */
  out?: string;
  force?: boolean;
}

/**
 * Writes the baked credential's JSON to `out` or stdout.
 *
 * @example
 * await unbake({ image: "alice-badge.png", out: "alice.json" }, io);
 */
export async function unbake(options: UnbakeOptions, io: Io): Promise<number> {
  const bytes = readImage(io, options.image);
  const { credentialJson } = withFile(options.image, () => unbakeImage(bytes));
  if (options.out === undefined) {
    io.stdout.write(credentialJson);
    return 0;
  }
  writeFileAtomic(io, options.out, credentialJson, { overwrite: options.force });
  io.stderr.write(`✔ wrote the credential baked into ${options.image} to ${options.out}\n`);
  return 0;
}

function kindOfName(file: string): "png" | "svg" | undefined {
  const extension = path.extname(file).toLowerCase();
  return extension === ".png" ? "png" : extension === ".svg" ? "svg" : undefined;
}

/** The bytes of a badge image file (at most 64 MiB); a missing or unreadable file is an input error. */
export function readImage(io: Io, file: string): Uint8Array {
  try {
    const full = resolvePath(io, file);
    const size = fs.statSync(full).size;
    if (size > MAX_BADGE_IMAGE_BYTES) {
      throw new InputError(`too large for a badge image: ${size.toLocaleString("en-US")} bytes (at most 64 MiB)`, {
        location: { file },
        fix: "give a smaller image",
      });
    }
    return new Uint8Array(fs.readFileSync(full));
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read the image: ${code === "ENOENT" ? "no such file" : (code ?? "unreadable")}`, {
      location: { file },
      fix: "check the path (relative paths start from the current directory)",
      cause: error,
    });
  }
}

/** The template's badgeImage, resolved against the template's folder; a template without one is a usage error. */
export function templateImage(io: Io, templateFile: string): string | undefined {
  const text = readTextFile(io, templateFile, "template");
  const template = withFile(templateFile, () => parseCredentialJson(text, { file: templateFile }));
  withFile(templateFile, () => assertTemplate(template, { file: templateFile }));
  const image = (template as { badgeImage?: string }).badgeImage;
  if (image === undefined) return undefined;
  return path.join(path.dirname(templateFile), image.trim());
}

export const bakeCommand = defineCommand<BakeOptions>({
  spec,
  options: (args) => {
    const out = stringFlag(args, "out");
    if (out === undefined || out === "") {
      throw new UsageError("missing --out OUT.png|OUT.svg", { fix: "name the baked image to write" });
    }
    return {
      file: args.positionals[0],
      image: stringFlag(args, "image"),
      template: stringFlag(args, "template"),
      out,
      width: integerFlag(args, "width"),
      force: booleanFlag(args, "force"),
      json: booleanFlag(args, "json"),
    };
  },
  run: bake,
});

export const unbakeCommand = defineCommand<UnbakeOptions>({
  spec: unbakeSpec,
  options: (args) => ({
    image: args.positionals[0],
    out: stringFlag(args, "out"),
    force: booleanFlag(args, "force"),
  }),
  run: unbake,
});
