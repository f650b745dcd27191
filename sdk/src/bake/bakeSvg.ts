/** Baking a credential into an SVG: an `<openbadges:credential>` element with the JSON in CDATA (docs/SPEC.md 9.2). */
import { BakedImageError } from "../errors/bake";
import { credentialElements, OPENBADGES_NAMESPACE, openBadgesPrefixes, svgRoot } from "./svgMarkup";

/**
 * `text` as CDATA sections: `]]>` cannot occur inside one, so it is split between two
 * (`]]` ends the first, `>` starts the next); the concatenated contents are `text` again.
 */
export function cdata(text: string): string {
  return `<![CDATA[${text.split("]]>").join("]]]]><![CDATA[>")}]]>`;
}

// Characters XML 1.0 does not allow in a document (C0 controls but tab, LF, CR; U+FFFE, U+FFFF; lone surrogates).
const NOT_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

/**
 * Bakes `credentialJson` into an SVG (Open Badges 3.0 baking): declares
 * `xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"` on the root `<svg>` element and puts an
 * `<openbadges:credential>` element holding the JSON in CDATA right after the root's start tag. A
 * credential baked earlier (under any prefix bound to that namespace) is removed. The rest of the
 * document is kept character for character. Throws BakedImageError for a document whose root is not
 * `<svg>`, for markup that never ends, or for JSON with characters XML cannot hold.
 *
 * @example
 * const baked = bakeSvg(fs.readFileSync("badge.svg", "utf8"), fs.readFileSync("alice.json", "utf8"));
 * unbakeSvg(baked) === fs.readFileSync("alice.json", "utf8") // true
 */
export function bakeSvg(svg: string, credentialJson: string): string {
  if (typeof credentialJson !== "string" || credentialJson.length === 0) {
    throw new BakedImageError("bad-svg", "there is no credential text to bake (an empty string)");
  }
  const invalid = NOT_XML.exec(credentialJson);
  if (invalid) {
    throw new BakedImageError(
      "bad-svg",
      `the credential holds a character an SVG (XML 1.0) cannot hold: U+${invalid[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")} at character ${invalid.index}`,
      { fix: "Bake it into a PNG instead, or remove the character from the credential." },
    );
  }
  const root = svgRoot(svg);
  // Remove every earlier credential (back to front, so offsets stay right).
  let text = svg;
  const earlier = credentialElements(svg, openBadgesPrefixes(root.attributes));
  for (const element of earlier.reverse()) text = text.slice(0, element.start) + text.slice(element.end);

  const tag = text.slice(root.token.start, root.token.end);
  const empty = root.token.kind === "empty";
  let open = empty ? tag.slice(0, -2).replace(/\s+$/, "") + ">" : tag;
  const declared = root.attributes.get("xmlns:openbadges");
  if (declared === undefined) {
    open = `${open.slice(0, -1).replace(/\s+$/, "")} xmlns:openbadges="${OPENBADGES_NAMESPACE}">`;
  } else if (declared !== OPENBADGES_NAMESPACE) {
    open = open.replace(/(\sxmlns:openbadges\s*=\s*)("[^"]*"|'[^']*')/, `$1"${OPENBADGES_NAMESPACE}"`);
  }
  const element = `<openbadges:credential>${cdata(credentialJson)}</openbadges:credential>`;
  return text.slice(0, root.token.start) + open + element + (empty ? "</svg>" : "") + text.slice(root.token.end);
}
