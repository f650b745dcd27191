/** Reading a baked credential back out of an SVG (docs/SPEC.md 9.2). */
import { BakedImageError } from "../errors/bake";
import { credentialElements, decodeXmlText, openBadgesPrefixes, svgRoot } from "./svgMarkup";

/**
 * The credential JSON baked into an SVG: the text content of its `credential` element in the Open
 * Badges 3.0 namespace (`https://purl.imsglobal.org/ob/v3p0`, declared on the root): the CDATA
 * sections and any text between them, entities decoded, with whitespace-only text around them left
 * out. What bakeSvg baked comes back exactly. Throws BakedImageError: `not-svg`, `bad-svg`,
 * `not-baked` when there is no such element, or when there are two.
 *
 * @example
 * const json = unbakeSvg(fs.readFileSync("alice-badge.svg", "utf8"));
 */
export function unbakeSvg(svg: string): string {
  const root = svgRoot(svg);
  const found = credentialElements(svg, openBadgesPrefixes(root.attributes));
  if (found.length === 0) {
    throw new BakedImageError(
      "not-baked",
      "the SVG holds no baked credential (no <openbadges:credential> element in the https://purl.imsglobal.org/ob/v3p0 namespace)",
      { fix: "Give the baked image (credanchor bake writes one) or the credential's JSON file." },
    );
  }
  if (found.length > 1) {
    throw new BakedImageError(
      "bad-svg",
      `the SVG holds ${found.length} baked credentials; Open Badges 3.0 allows one`,
      {
        offset: found[1].start,
        fix: "Bake the image again (credanchor bake replaces every earlier credential).",
      },
    );
  }
  const parts: string[] = [];
  for (const token of found[0].content) {
    const raw = svg.slice(token.start, token.end);
    if (token.kind === "cdata") parts.push(raw.slice(9, -3));
    else if (token.kind === "text") {
      if (raw.trim() !== "") parts.push(decodeXmlText(raw));
    } else if (token.kind !== "other") {
      throw new BakedImageError("bad-svg", "the SVG's baked credential element holds another element, not only text", {
        offset: token.start,
      });
    }
  }
  return parts.join("");
}
