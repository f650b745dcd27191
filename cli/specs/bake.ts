/** `credanchor bake --help`: flags, usage and help text (no SDK: the table loads it for every run). */
import { type CommandSpec, JSON_FLAG } from "../lib/args";

export const bakeSpec: CommandSpec = {
  name: "bake",
  usage: "credanchor bake FILE [--image IMG.png|IMG.svg | --template T.json] --out OUT.png|OUT.svg",
  description:
    "Bakes a credential into a badge image (Open Badges 3.0 baking): a PNG gets an iTXt chunk `openbadgecredential` holding the credential's JSON, an SVG an <openbadges:credential> element holding it in CDATA; a credential baked earlier is replaced. The image is then the credential: `credanchor verify` and the verifier page accept it like the JSON, and `credanchor unbake` gives the JSON back byte for byte. Without --image, the template's badgeImage is used (--template), else credanchor draws a badge with the achievement, the issuer, the achievement type and the date (PNG or SVG by the extension of --out).",
  positionals: { min: 1, max: 1, name: "the credential FILE (JSON)" },
  flags: {
    image: { type: "string", valueName: "IMG", description: "the .png or .svg image to bake into" },
    template: {
      type: "string",
      valueName: "T.json",
      description: "take the image from this template's badgeImage (a path relative to the template)",
    },
    out: { type: "string", valueName: "OUT", description: "the baked image to write (.png or .svg, as the image)" },
    width: { type: "string", valueName: "PX", description: "width of a drawn badge rendered to PNG (default 600)" },
    force: { type: "boolean", description: "replace --out if it exists" },
    ...JSON_FLAG,
  },
  examples: [
    {
      comment: "into the issuer's badge",
      command: "credanchor bake alice.json --image badge.png --out alice-badge.png",
    },
    { comment: "into a drawn default badge, as SVG", command: "credanchor bake alice.json --out alice-badge.svg" },
    {
      comment: "into the badge image the template names (badgeImage)",
      command: "credanchor bake alice.json --template template.json --out alice-badge.png",
    },
  ],
};

export const unbakeSpec: CommandSpec = {
  name: "unbake",
  usage: "credanchor unbake IMG.png|IMG.svg [--out FILE]",
  description:
    "Gives back the credential baked into a PNG or SVG badge image, exactly as it was baked (the kind of image is told by its content). Without --out the JSON goes to stdout.",
  positionals: { min: 1, max: 1, name: "the baked IMAGE" },
  flags: {
    out: { type: "string", valueName: "FILE", description: "write the credential's JSON to this file" },
    force: { type: "boolean", description: "replace --out if it exists" },
  },
  examples: [{ comment: "the JSON of a baked badge", command: "credanchor unbake alice-badge.png --out alice.json" }],
};
