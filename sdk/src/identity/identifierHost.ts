import { parseDidWeb, type DidWeb } from "./didWebToUrl";
import { parseDomain } from "./normalizeDomain";

/** The host an identifier names: from a did:web DID, an http(s) URL or (if allowed) a bare host name. */
export type IdentifierHost =
  | { host: string; didWeb?: DidWeb; reason?: undefined }
  | { host?: undefined; didWeb?: undefined; reason: string }
  /** The identifier names no domain (`urn:uuid:...`, `did:key:...`). */
  | undefined;

/**
 * The host named by an issuer id, issuer URL or registry profile URL: `did:web:<host>[:path]`,
 * any URL with a host, parsed as WHATWG URL (as browsers and the page parse it: `https:example.edu`
 * names example.edu), and, with `allowBareHost`, a bare host name such as `example.edu`. Returns
 * `{ reason }` when it is malformed (including control characters anywhere), and `undefined` when
 * it names no domain at all (`urn:uuid:...`, `did:key:...`, `mailto:...`).
 *
 * @example
 * identifierHost("https://www.example.edu/badges")?.host // "www.example.edu"
 * identifierHost("did:web:example.edu:dept")?.didWeb?.url // "https://example.edu/dept/did.json"
 * identifierHost("https:victim.edu")?.host // "victim.edu"
 * identifierHost("urn:uuid:2f0e4b56-9a36-4c3b-a4f6-0ac1e54c6c3b") // undefined
 */
export function identifierHost(value: string, options: { allowBareHost?: boolean } = {}): IdentifierHost {
  // WHATWG URL drops tabs and newlines anywhere and trims control characters, so that a value with
  // them would name one host to this check and show another: refused, not guessed.
  if (/[\u0000-\u001f\u007f]/.test(value)) return { reason: "it contains control characters (tab, newline...)" };
  const text = value.trim();
  if (/^did:web:/i.test(text)) {
    const parsed = parseDidWeb(text);
    return parsed.didWeb ? { host: parsed.didWeb.host, didWeb: parsed.didWeb } : { reason: parsed.reason };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1].toLowerCase();
  if (scheme !== undefined && scheme !== "did") {
    // Parsed as a browser parses it: `https:example.edu` and `https:\\example.edu` name example.edu.
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return /^https?$/.test(scheme) ? { reason: "it is not a valid URL" } : undefined;
    }
    if (url.hostname === "") return undefined; // urn:, mailto:... name no domain
    const parsed = parseDomain(url.hostname);
    return parsed.domain !== undefined
      ? { host: parsed.domain }
      : { reason: `its host ${url.hostname} is not a domain: ${parsed.reason}` };
  }
  if (options.allowBareHost && scheme === undefined) {
    const parsed = parseDomain(text);
    return parsed.domain !== undefined ? { host: parsed.domain } : { reason: parsed.reason };
  }
  return undefined;
}

/**
 * The domain a registry's profile URL binds to: its host, without a leading `www.` (so that
 * `https://www.example.edu` and `https://example.edu` both bind `example.edu`, where the records are
 * published).
 *
 * @example
 * domainOfHost("www.example.edu") // "example.edu"
 */
export function domainOfHost(host: string): string {
  return host.startsWith("www.") && host.split(".").length > 2 ? host.slice(4) : host;
}
