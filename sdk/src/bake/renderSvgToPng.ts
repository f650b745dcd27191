/** Node-only: rendering an SVG (the default badge) to PNG with resvg. */
import { Resvg } from "@resvg/resvg-js";
import { BakedImageError } from "../errors/bake";

/**
 * The SVG rendered as a PNG, `width` pixels wide (default 600; the height keeps the aspect ratio).
 * Text uses the system's fonts (resvg reads the usual font folders; the default badge asks for
 * DejaVu Sans, Liberation Sans, Arial or Helvetica, docs/SPEC.md 9.3). Without any font installed
 * the shapes are drawn and the text is left out. Throws BakedImageError for an SVG resvg cannot read.
 *
 * @example
 * fs.writeFileSync("badge.png", renderSvgToPng(drawBadgeSvg({ achievementName: "Nursing", issuerName: "Example University" })));
 */
export function renderSvgToPng(svg: string, width = 600): Uint8Array {
  if (!Number.isInteger(width) || width < 16 || width > 4096) {
    throw new BakedImageError("bad-svg", `the PNG width must be a whole number from 16 to 4096 pixels, not ${width}`);
  }
  try {
    const rendered = new Resvg(svg, {
      fitTo: { mode: "width", value: width },
      font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
    }).render();
    const png = rendered.asPng();
    return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
  } catch (error) {
    throw new BakedImageError("bad-svg", `the SVG could not be rendered: ${(error as Error).message}`, {
      fix: "Check that the SVG is well-formed (open it in a browser), or give a PNG instead.",
      cause: error,
    });
  }
}
