/**
 * How the page checks the issuer's domain (the `issuer` check's DNS half). A browser cannot query
 * DNS, so TXT records are read through a DNS-over-HTTPS service, which then learns which domain is
 * being checked. The did:web document is fetched from the issuer's own site in any case.
 */
import { DEFAULT_DOH_URL } from "../../sdk/src/index";

/** The DNS-over-HTTPS endpoint, or `off` to skip DNS (did:web only). */
export interface IdentitySettings {
  doh: string | "off";
}

export const IDENTITY_STORAGE_KEY = "credanchor.identity.v1";

export function defaultIdentitySettings(): IdentitySettings {
  return { doh: DEFAULT_DOH_URL };
}

/** An absolute https URL (or http on loopback, for development), else undefined. */
export function normaliseDohUrl(text: string): string | undefined {
  try {
    const url = new URL(text.trim());
    const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
    return url.protocol === "https:" || (url.protocol === "http:" && loopback) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `?doh=<url>` or `?doh=off` from the page URL: a link's proposal, never used unless the user accepts
 * it for the visit (linkProposal.ts); undefined when absent or unusable.
 *
 * @example
 * parseDohParam("?doh=off") // "off"
 */
export function parseDohParam(search: string): string | undefined {
  const value = new URLSearchParams(search).get("doh");
  if (value === null) return undefined;
  if (value.trim().toLowerCase() === "off") return "off";
  return normaliseDohUrl(value);
}

/** The saved settings, or the defaults. */
export function loadIdentitySettings(storage: Pick<Storage, "getItem"> | undefined): IdentitySettings {
  try {
    const parsed = JSON.parse(storage?.getItem(IDENTITY_STORAGE_KEY) ?? "null") as { doh?: unknown } | null;
    if (parsed?.doh === "off") return { doh: "off" };
    const url = typeof parsed?.doh === "string" ? normaliseDohUrl(parsed.doh) : undefined;
    return url ? { doh: url } : defaultIdentitySettings();
  } catch {
    return defaultIdentitySettings();
  }
}

/** Saves the settings (removes the entry when they are the defaults). */
export function saveIdentitySettings(
  storage: Pick<Storage, "setItem" | "removeItem"> | undefined,
  settings: IdentitySettings,
): void {
  if (!storage) return;
  if (settings.doh === DEFAULT_DOH_URL) storage.removeItem(IDENTITY_STORAGE_KEY);
  else storage.setItem(IDENTITY_STORAGE_KEY, JSON.stringify(settings));
}
