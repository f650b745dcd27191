/**
 * A small XML scanner for baking SVG files: finds the root element and the baked credential element
 * without a DOM (the same code runs in Node and in the browser), skipping comments, CDATA sections,
 * processing instructions and the DOCTYPE so that markup inside them is never mistaken for an element.
 */
import { BakedImageError } from "../errors/bake";

/** The Open Badges 3.0 namespace of the `credential` element baked into an SVG. */
export const OPENBADGES_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0";

/** One piece of markup: a tag (start, end or empty), text, a CDATA section or something to skip. */
export interface XmlToken {
  kind: "start" | "end" | "empty" | "text" | "cdata" | "other";
  /** Qualified name of a tag. */
  name?: string;
  /** Offset of the first character and of the character after the token. */
  start: number;
  end: number;
}

function bad(message: string, offset: number): BakedImageError {
  return new BakedImageError("bad-svg", message, {
    offset,
    fix: "Give a well-formed SVG file (save it again from the drawing program).",
  });
}

/** The offset after `close` (searched from `from`); `start` is where the construct began, for the error. */
function skipTo(text: string, from: number, close: string, what: string, start: number): number {
  const at = text.indexOf(close, from);
  if (at < 0) throw bad(`the SVG ends inside ${what}`, start);
  return at + close.length;
}

/** The end of a tag starting at `from` (`<`), honouring quoted attribute values. */
function tagEnd(text: string, from: number): number {
  let quote = "";
  for (let i = from + 1; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ">") return i + 1;
    else if (c === "<") break;
  }
  throw bad("the SVG has a tag that is never closed", from);
}

/** The tokens of an XML document, in order. Throws BakedImageError for markup that never ends. */
export function* xmlTokens(text: string): Generator<XmlToken> {
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf("<", i);
    if (lt < 0) {
      yield { kind: "text", start: i, end: text.length };
      return;
    }
    if (lt > i) yield { kind: "text", start: i, end: lt };
    if (text.startsWith("<!--", lt)) {
      i = skipTo(text, lt + 4, "-->", "a comment", lt);
      yield { kind: "other", start: lt, end: i };
    } else if (text.startsWith("<![CDATA[", lt)) {
      i = skipTo(text, lt + 9, "]]>", "a CDATA section", lt);
      yield { kind: "cdata", start: lt, end: i };
    } else if (text.startsWith("<?", lt)) {
      i = skipTo(text, lt + 2, "?>", "a processing instruction", lt);
      yield { kind: "other", start: lt, end: i };
    } else if (text.startsWith("<!", lt)) {
      // DOCTYPE, possibly with an internal subset in brackets
      const bracket = text.indexOf("[", lt);
      const close = text.indexOf(">", lt);
      i = bracket >= 0 && bracket < close ? skipTo(text, bracket, "]", "the DOCTYPE", lt) : lt;
      i = skipTo(text, i, ">", "the DOCTYPE", lt);
      yield { kind: "other", start: lt, end: i };
    } else {
      i = tagEnd(text, lt);
      const end = text[lt + 1] === "/";
      const name = /^<\/?([^\s/>]+)/.exec(text.slice(lt, Math.min(i, lt + 256)))?.[1] ?? "";
      if (name === "") throw bad("the SVG has a tag without a name", lt);
      yield { kind: end ? "end" : text[i - 2] === "/" ? "empty" : "start", name, start: lt, end: i };
    }
  }
}

/** The attributes of a start tag, name → raw value (entities not decoded). */
export function tagAttributes(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const pattern = /\s([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  for (let match; (match = pattern.exec(tag));) attributes.set(match[1], match[3] ?? match[4]);
  return attributes;
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Text content with XML's predefined entities and character references decoded. */
export function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith("#x")) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

/** The root element's start tag (or empty tag) and its attributes; throws `not-svg` when it is not `svg`. */
export function svgRoot(text: string): { token: XmlToken; attributes: Map<string, string> } {
  for (const token of xmlTokens(text)) {
    if (token.kind === "other") continue;
    if (token.kind === "text" && text.slice(token.start, token.end).trim() === "") continue;
    if ((token.kind === "start" || token.kind === "empty") && localName(token.name ?? "") === "svg") {
      return { token, attributes: tagAttributes(text.slice(token.start, token.end)) };
    }
    break;
  }
  throw new BakedImageError("not-svg", "not an SVG image: the document's root element is not <svg>", {
    fix: "Give an SVG file whose root element is <svg>, or a PNG.",
  });
}

export function localName(name: string): string {
  return name.slice(name.indexOf(":") + 1);
}

/** The prefixes the root element binds to the Open Badges 3.0 namespace. */
export function openBadgesPrefixes(attributes: Map<string, string>): string[] {
  const prefixes: string[] = [];
  for (const [name, value] of attributes) {
    if (name.startsWith("xmlns:") && decodeXmlText(value) === OPENBADGES_NAMESPACE) prefixes.push(name.slice(6));
  }
  return prefixes;
}

/** Where a baked credential element sits: from its start tag to the end of its end tag, and its content. */
export interface CredentialElement {
  start: number;
  end: number;
  /** The element's tokens between its start and end tag. */
  content: XmlToken[];
}

/**
 * Every `credential` element in the Open Badges 3.0 namespace (by one of the root's `prefixes`),
 * at any depth, with its content tokens.
 */
export function credentialElements(text: string, prefixes: readonly string[]): CredentialElement[] {
  const names = new Set(prefixes.map((prefix) => `${prefix}:credential`));
  const found: CredentialElement[] = [];
  let open: CredentialElement | undefined;
  for (const token of xmlTokens(text)) {
    if (open) {
      if (token.kind === "end" && names.has(token.name ?? "")) {
        open.end = token.end;
        found.push(open);
        open = undefined;
      } else open.content.push(token);
    } else if (token.kind === "start" && names.has(token.name ?? "")) {
      open = { start: token.start, end: -1, content: [] };
    } else if (token.kind === "empty" && names.has(token.name ?? "")) {
      found.push({ start: token.start, end: token.end, content: [] });
    }
  }
  if (open) throw bad("the SVG's baked credential element is never closed", open.start);
  return found;
}
