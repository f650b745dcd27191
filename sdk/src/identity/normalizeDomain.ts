import { IdentityInputError } from "../errors/identity";

const LABEL_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Reads a domain name: trims, lower-cases, drops one trailing dot and converts an internationalised
 * name to its ASCII (punycode) form. Returns the domain, or the reason it is not one. A domain here
 * is a DNS host name of at least two labels: no scheme, port, path or IP address.
 *
 * @example
 * parseDomain("Example.EDU.") // { domain: "example.edu" }
 * parseDomain("https://example.edu") // { reason: "a bare host name is expected, without scheme, port or path" }
 */
export function parseDomain(
  text: string,
): { domain: string; reason?: undefined } | { domain?: undefined; reason: string } {
  let host = text.trim().toLowerCase();
  if (host.endsWith(".")) host = host.slice(0, -1);
  if (host === "") return { reason: "it is empty" };
  if (/[/:@?#\s[\]\\]/.test(host)) return { reason: "a bare host name is expected, without scheme, port or path" };
  if (/[^\x21-\x7e]/.test(host)) {
    // An internationalised name: let the URL parser apply IDNA (the browser and Node agree on it).
    try {
      host = new URL(`https://${host}/`).hostname;
    } catch {
      return { reason: "it is not a valid internationalised domain name" };
    }
  }
  if (host.length > 253) return { reason: "it is longer than 253 characters" };
  const labels = host.split(".");
  if (labels.length < 2) return { reason: "a domain needs at least two labels, such as example.edu" };
  if (labels.every((label) => /^[0-9]+$/.test(label)))
    return { reason: "an IP address cannot publish identity records" };
  for (const label of labels) {
    if (!LABEL_PATTERN.test(label)) {
      return {
        reason: `the label ${JSON.stringify(label)} is not a DNS label (letters, digits and inner hyphens, 1 to 63)`,
      };
    }
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1])) return { reason: "a top-level domain cannot be numeric" };
  return { domain: host };
}

/**
 * Like `parseDomain`, but throws an `IdentityInputError` for a value a person typed.
 *
 * @example
 * normalizeDomain(" Example.edu ") // "example.edu"
 */
export function normalizeDomain(text: string): string {
  const parsed = parseDomain(text);
  if (parsed.domain === undefined)
    throw new IdentityInputError({ field: "domain", value: text, reason: parsed.reason });
  return parsed.domain;
}

/**
 * The matching rule between a host (from an issuer URL, a profile URL or a did:web DID) and the bound
 * domain: the host equals the domain or is `www.` + domain; with `allowSubdomains`, any subdomain.
 *
 * @example
 * hostMatchesDomain("www.example.edu", "example.edu") // true
 * hostMatchesDomain("cs.example.edu", "example.edu") // false
 * hostMatchesDomain("cs.example.edu", "example.edu", { allowSubdomains: true }) // true
 */
export function hostMatchesDomain(host: string, domain: string, options: { allowSubdomains?: boolean } = {}): boolean {
  if (host === domain || host === `www.${domain}`) return true;
  return options.allowSubdomains === true && host.endsWith(`.${domain}`);
}
