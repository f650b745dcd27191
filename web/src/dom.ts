/**
 * A tiny element builder. The page renders untrusted credential content, so text always goes in
 * through `textContent` (never `innerHTML`) and links and images only accept safe URL schemes.
 */

type Child = Node | string | number | false | null | undefined;
type Attributes = Record<string, string | number | boolean | undefined | null>;

/**
 * Creates an element with attributes and children. `false`, `null` and `undefined` children are
 * skipped, so conditional content reads naturally.
 *
 * @example
 * h("p", { class: "note" }, "Issued by ", h("strong", {}, name))
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, ...children);
  return element;
}

/** Appends children (strings become text nodes). */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Removes every child of `element`. */
export function clear(element: Element): void {
  element.replaceChildren();
}

/** `url` if it is an absolute http(s) URL, else undefined: credential content never becomes a `javascript:` link. */
export function safeHttpUrl(url: unknown): string | undefined {
  if (typeof url !== "string") return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** `url` if an `<img>` may load it: http(s), or a data: URL of a raster or SVG image. */
export function safeImageUrl(url: unknown): string | undefined {
  if (typeof url !== "string") return undefined;
  if (/^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i.test(url)) return url;
  return safeHttpUrl(url);
}

/** A link that opens outside the page, or plain text when the URL is not a safe http(s) URL. */
export function externalLink(url: unknown, text?: string): Node {
  const href = safeHttpUrl(url);
  const label = text ?? (typeof url === "string" ? url : "");
  if (!href) return document.createTextNode(label);
  return h("a", { href, rel: "noopener noreferrer nofollow", target: "_blank" }, label);
}
