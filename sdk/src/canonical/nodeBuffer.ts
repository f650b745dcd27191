/**
 * Node's Buffer when the SDK runs in Node, undefined in a browser: the native byte codecs (base64url,
 * hex) that hot paths use in Node, each with its portable code beside it for the browser. A Buffer
 * polyfill that a web page puts on `globalThis` (common in web3 pages) reads no base64url, so it is not
 * taken for Node's.
 */
const candidate = (globalThis as { Buffer?: typeof Buffer }).Buffer;
export const NodeBuffer =
  typeof candidate?.isEncoding === "function" && candidate.isEncoding("base64url") ? candidate : undefined;
