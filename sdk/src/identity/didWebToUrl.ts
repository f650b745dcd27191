import { IdentityInputError } from "../errors/identity";
import { parseDomain } from "./normalizeDomain";

/** A did:web DID taken apart (https://w3c-ccg.github.io/did-method-web/). */
export interface DidWeb {
  /** The DID in normal form: host in lower case, port colon written `%3A`. */
  did: string;
  /** The host name (ASCII, lower case), without the port. */
  host: string;
  /** The port, when the DID names one (`did:web:example.edu%3A8443`). */
  port?: number;
  /** Path segments (`did:web:example.edu:dept:law` → `["dept", "law"]`), still percent-encoded. */
  path: string[];
  /** Where its DID document lives. */
  url: string;
}

const SEGMENT_PATTERN = /^(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})+$/;

/**
 * Reads a did:web DID. Returns the parts and the document URL, or the reason it is not one.
 *
 * @example
 * parseDidWeb("did:web:example.edu:dept").did // "did:web:example.edu:dept"
 */
export function parseDidWeb(
  text: string,
): { didWeb: DidWeb; reason?: undefined } | { didWeb?: undefined; reason: string } {
  const value = text.trim();
  if (!value.toLowerCase().startsWith("did:web:")) return { reason: "it does not start with did:web:" };
  if (/[?#/]/.test(value)) return { reason: "a DID (not a DID URL) is expected: no path, query or fragment" };
  const [encodedHost, ...path] = value.slice("did:web:".length).split(":");
  const portMatch = /^(.*)%3a([0-9]{1,5})$/i.exec(encodedHost);
  const hostPart = portMatch ? portMatch[1] : encodedHost;
  const parsedHost = parseDomain(hostPart);
  if (parsedHost.domain === undefined)
    return { reason: `its host ${JSON.stringify(hostPart)} is not a domain: ${parsedHost.reason}` };
  let port: number | undefined;
  if (portMatch) {
    port = Number(portMatch[2]);
    if (port < 1 || port > 65535) return { reason: `its port ${portMatch[2]} is out of range` };
  }
  for (const segment of path) {
    if (!SEGMENT_PATTERN.test(segment)) {
      return { reason: `its path segment ${JSON.stringify(segment)} is not allowed` };
    }
    // A dot segment, written plainly or percent-encoded (`%2e%2e`: URL parsers resolve it as `..`),
    // would move the document out of the path the DID names; an encoded `/` or `\` would split it.
    const decoded = segment.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (decoded === "." || decoded === "..") {
      return { reason: `its path segment ${JSON.stringify(segment)} is a dot segment, which did:web does not allow` };
    }
    if (/[/\\]/.test(decoded)) {
      return { reason: `its path segment ${JSON.stringify(segment)} encodes a slash, which would split the path` };
    }
  }
  const host = parsedHost.domain;
  const authority = port === undefined ? host : `${host}:${port}`;
  const did = ["did:web:" + (port === undefined ? host : `${host}%3A${port}`), ...path].join(":");
  const url =
    path.length === 0 ? `https://${authority}/.well-known/did.json` : `https://${authority}/${path.join("/")}/did.json`;
  return { didWeb: { did, host, port, path, url } };
}

/**
 * The URL of a did:web DID's document, per the did:web method: `did:web:example.edu` →
 * `https://example.edu/.well-known/did.json`; `did:web:example.edu:dept` →
 * `https://example.edu/dept/did.json`; `did:web:example.edu%3A8443` →
 * `https://example.edu:8443/.well-known/did.json`. Throws an `IdentityInputError` when it is not a did:web DID.
 *
 * @example
 * didWebToUrl("did:web:example.edu:dept") // "https://example.edu/dept/did.json"
 */
export function didWebToUrl(did: string): string {
  const parsed = parseDidWeb(did);
  if (parsed.didWeb === undefined) throw new IdentityInputError({ field: "did", value: did, reason: parsed.reason });
  return parsed.didWeb.url;
}
