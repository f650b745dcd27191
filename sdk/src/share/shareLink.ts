/**
 * Short links to published credentials (SPEC.md section 10.1): `<base URL>#<id>`, where the base URL is
 * the folder that holds the verifier page and `<id>.json`, and the id is 16 random bytes in base64url
 * (22 characters, 128 bits). The page fetches `<id>.json` from beside itself; nothing in the link
 * chooses a network setting.
 */
import { ShareError } from "../errors/share";

/** A share id: 22 base64url characters (16 random bytes). */
export const SHARE_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** The longest share URL `publish` makes without a warning. */
export const SHARE_URL_TARGET_LENGTH = 100;

/**
 * A new share id: 16 bytes from the platform's CSPRNG, base64url without padding.
 *
 * @example
 * generateShareId() // "q3J9w0cV2m9kq8Xb1YtH4A"
 */
export function generateShareId(randomBytes: (n: number) => Uint8Array = defaultRandomBytes): string {
  const bytes = randomBytes(16);
  if (bytes.length !== 16) throw new ShareError("a share id needs 16 random bytes");
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function defaultRandomBytes(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

/**
 * Checks a publish base URL (`https://host/path/`: http or https, no query, no fragment, ending in `/`)
 * and returns it normalized.
 *
 * @example
 * normalizeBaseUrl("https://d.example/c/") // "https://d.example/c/"
 */
export function normalizeBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ShareError(`the base URL "${baseUrl}" is not a URL`, {
      fix: "Give the address of the folder the site is served from, e.g. https://credentials.example.edu/c/",
    });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ShareError(`the base URL "${baseUrl}" is not an http(s) URL`, {
      fix: "Give the https:// address of the folder the site is served from.",
    });
  }
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw new ShareError(`the base URL "${baseUrl}" has a query, a fragment or credentials in it`, {
      fix: "Give only the folder's address, e.g. https://credentials.example.edu/c/",
    });
  }
  if (!url.pathname.endsWith("/")) {
    throw new ShareError(`the base URL "${baseUrl}" does not end with "/"`, {
      fix: `The page and the credentials sit in a folder: write "${url.href}/".`,
    });
  }
  return url.href;
}

/**
 * The share URL of a published credential.
 *
 * @example
 * shareUrl("https://d.example/c/", "q3J9w0cV2m9kq8Xb1YtH4A") // "https://d.example/c/#q3J9w0cV2m9kq8Xb1YtH4A"
 */
export function shareUrl(baseUrl: string, id: string): string {
  if (!SHARE_ID_PATTERN.test(id)) throw new ShareError(`"${id}" is not a share id (22 base64url characters)`);
  return `${normalizeBaseUrl(baseUrl)}#${id}`;
}

/**
 * The share id a page URL's fragment carries (`#<id>`), or undefined.
 *
 * @example
 * readShareFragment("#q3J9w0cV2m9kq8Xb1YtH4A") // "q3J9w0cV2m9kq8Xb1YtH4A"
 */
export function readShareFragment(hash: string): string | undefined {
  const id = hash.replace(/^#/, "");
  return SHARE_ID_PATTERN.test(id) ? id : undefined;
}
