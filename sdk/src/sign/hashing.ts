/**
 * SHA-256 and Ed25519 verification for the signature path: node:crypto when running in Node (OpenSSL,
 * synchronous), @noble/hashes and WebCrypto in a browser. node:crypto is looked up at run time through
 * `process.getBuiltinModule` (Node ≥ 20.16), never imported, so this module stays browser-safe.
 */
import { sha256 as nobleSha256 } from "@noble/hashes/sha2";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils";

/** The few parts of node:crypto used here (typed locally so that the browser build needs no Node types). */
interface NodeCrypto {
  /** One-shot hash (Node ≥ 20.12): no Hash object per call. */
  hash?(algorithm: "sha256", data: string, outputEncoding: "buffer" | "hex"): Uint8Array | string;
  createHash(algorithm: "sha256"): {
    update(data: string | Uint8Array, encoding?: "utf8"): { digest(): Uint8Array; digest(encoding: "hex"): string };
  };
  createPublicKey(key: { key: Uint8Array; format: "der"; type: "spki" }): unknown;
  verify(algorithm: null, data: Uint8Array, key: unknown, signature: Uint8Array): boolean;
}

function findNodeCrypto(): NodeCrypto | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return proc?.getBuiltinModule?.("node:crypto") as NodeCrypto | undefined;
  } catch {
    return undefined;
  }
}

/** node:crypto in Node; `undefined` in a browser (and in Node before 20.16). */
export const nodeCrypto: NodeCrypto | undefined = findNodeCrypto();

/** SHA-256 of the UTF-8 bytes of a string. */
export function sha256Utf8(text: string): Uint8Array {
  if (nodeCrypto?.hash) return nodeCrypto.hash("sha256", text, "buffer") as Uint8Array;
  if (nodeCrypto) return nodeCrypto.createHash("sha256").update(text, "utf8").digest();
  return nobleSha256(utf8ToBytes(text));
}

/** SHA-256 of the UTF-8 bytes of a string, as lowercase hex (RDFC-1.0's hash strings). */
export function sha256Utf8Hex(text: string): string {
  if (nodeCrypto?.hash) return nodeCrypto.hash("sha256", text, "hex") as string;
  if (nodeCrypto) return nodeCrypto.createHash("sha256").update(text, "utf8").digest("hex");
  return bytesToHex(nobleSha256(utf8ToBytes(text)));
}

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 key bytes follow. */
const ED25519_SPKI_PREFIX = Uint8Array.of(0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00);

const nodeKeys = new Map<string, unknown>();

/**
 * Ed25519 verification with node:crypto (synchronous), or `undefined` when node:crypto is not there
 * (the caller then uses WebCrypto). A key that is not 32 bytes is not a valid key: `false`.
 */
export function nodeEd25519Verify(publicKey: Uint8Array, signature: Uint8Array, data: Uint8Array): boolean | undefined {
  if (!nodeCrypto) return undefined;
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  const cacheKey = bytesToHex(publicKey);
  let key = nodeKeys.get(cacheKey);
  if (key === undefined) {
    const der = new Uint8Array(ED25519_SPKI_PREFIX.length + 32);
    der.set(ED25519_SPKI_PREFIX, 0);
    der.set(publicKey, ED25519_SPKI_PREFIX.length);
    try {
      key = nodeCrypto.createPublicKey({ key: der, format: "der", type: "spki" });
    } catch {
      return false;
    }
    if (nodeKeys.size > 1024) nodeKeys.clear();
    nodeKeys.set(cacheKey, key);
  }
  try {
    return nodeCrypto.verify(null, data, key, signature);
  } catch {
    return false;
  }
}
