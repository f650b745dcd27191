/**
 * Credentials carried in the page's URL fragment: `#credential=<base64url of the JSON>`. The fragment
 * never leaves the browser, so the credential is not sent to any server.
 */

/** base64url (RFC 4648 §5, padding optional) of the UTF-8 bytes of `text`. */
export function encodeCredentialFragment(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `credential=${btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}

export type FragmentCredential =
  { kind: "none" } | { kind: "text"; text: string } | { kind: "unreadable"; message: string };

/**
 * The credential JSON text carried by a URL fragment (`#credential=...`), if any.
 *
 * @example
 * readCredentialFragment(location.hash) // { kind: "text", text: "{...}" }
 */
export function readCredentialFragment(hash: string): FragmentCredential {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const value = params.get("credential");
  if (value === null) return { kind: "none" };
  const clean = value.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(clean)) {
    return {
      kind: "unreadable",
      message: "The link's #credential= value is not base64url text. The link may have been cut or changed.",
    };
  }
  try {
    const base64 = clean.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
    const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return { kind: "text", text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return {
      kind: "unreadable",
      message: "The link's #credential= value does not decode to UTF-8 text. The link may have been cut or changed.",
    };
  }
}
