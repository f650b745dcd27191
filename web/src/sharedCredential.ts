/**
 * Published credentials (`credanchor publish`): a short link `<page URL>#<id>` names a credential
 * file `<id>.json` beside the page (or under the URL in the page's `credanchor-credentials` meta tag,
 * which the publisher sets, never the link). The fetched file is untrusted input like a dropped
 * file, and the link sets no network setting.
 */
import { readShareFragment } from "../../sdk/src/index";
import type { LoadProblem } from "./loadCredential";

/** The largest file fetched (a credential is a few kilobytes). */
const MAX_BYTES = 5_000_000;

export type FetchedCredential = { ok: true; text: string; url: string } | { ok: false; problem: LoadProblem };

/**
 * The URL the credential of share id `id` is fetched from.
 *
 * @example
 * sharedCredentialUrl("ABEiM0RVZneImaq7zN3u_w", "https://d.example/c/#ABEiM0RVZneImaq7zN3u_w", undefined)
 * // "https://d.example/c/ABEiM0RVZneImaq7zN3u_w.json"
 */
export function sharedCredentialUrl(id: string, pageUrl: string, credentialsBase: string | undefined): string {
  return new URL(`${id}.json`, new URL(credentialsBase ?? "./", pageUrl)).href;
}

/** The share id in the page's fragment, if any. */
export function sharedCredentialId(hash: string): string | undefined {
  return readShareFragment(hash);
}

/**
 * Fetches a published credential's JSON text (no cookies, no cache), or says why it could not.
 *
 * @example
 * const fetched = await fetchSharedCredential("https://d.example/c/ABEiM0RVZneImaq7zN3u_w.json", location.origin);
 */
export async function fetchSharedCredential(url: string, pageOrigin: string): Promise<FetchedCredential> {
  const crossOrigin = new URL(url).origin !== pageOrigin;
  let response: Response;
  try {
    response = await fetch(url, { credentials: "omit", cache: "no-store", headers: { accept: "application/json" } });
  } catch {
    return {
      ok: false,
      problem: {
        title: "The credential could not be fetched",
        message: `The page could not load ${url}.`,
        details: crossOrigin
          ? `The credentials are on another origin than this page: that server must answer with the header ` +
            `"Access-Control-Allow-Origin: ${pageOrigin}" (or "*"), or the browser withholds the file.`
          : "The network or the server did not answer.",
        fix: "Check your connection and open the link again; if it keeps failing, ask the issuer.",
        code: "FETCH_FAILED",
      },
    };
  }
  if (!response.ok) {
    return {
      ok: false,
      problem: {
        title: "No credential at this link",
        message: `${url} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ""}.`,
        fix: "Check that the link was copied whole (the part after # names the credential), or ask the holder for the file.",
        code: "NOT_FOUND",
      },
    };
  }
  const length = Number(response.headers.get("content-length") ?? "0");
  const text = length > MAX_BYTES ? "" : await response.text();
  if (length > MAX_BYTES || text.length > MAX_BYTES) {
    return {
      ok: false,
      problem: {
        title: "This is not a credential",
        message: `${url} is larger than ${MAX_BYTES / 1e6} MB; a credential is a few kilobytes.`,
        code: "TOO_LARGE",
      },
    };
  }
  return { ok: true, text, url };
}
