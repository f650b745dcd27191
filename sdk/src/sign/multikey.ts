/**
 * Ed25519 keys as Multikey multibase strings (W3C Controlled Identifiers v1.0, "Multikey"):
 * `z` + base58btc(0xed 0x01 ‖ 32-byte public key) → `z6Mk…`, and the secret key as
 * `z` + base58btc(0x80 0x26 ‖ 32-byte seed) → `z3u2…` (the ed25519-priv multicodec).
 */
import { SigningKeyError } from "../errors/sign";
import { base58Decode, base58Encode } from "./base58";

const PUBLIC_HEADER = [0xed, 0x01] as const;
const SECRET_HEADER = [0x80, 0x26] as const;

/**
 * Encodes a 32-byte Ed25519 public key as a Multikey `publicKeyMultibase` (`z6Mk…`).
 *
 * @example
 * const multibase = encodePublicKeyMultibase(publicKey); // "z6Mk..."
 */
export function encodePublicKeyMultibase(publicKey: Uint8Array): string {
  return "z" + base58Encode(withHeader(PUBLIC_HEADER, publicKey, "public"));
}

/**
 * Decodes a Multikey `publicKeyMultibase` into the 32-byte Ed25519 public key.
 *
 * @example
 * const publicKey = decodePublicKeyMultibase("z6Mk...");
 */
export function decodePublicKeyMultibase(multibase: string): Uint8Array {
  return decode(multibase, PUBLIC_HEADER, "public");
}

/** Encodes a 32-byte Ed25519 seed as a multibase secret key (`z3u2…`). Never print the result. */
export function encodeSecretKeyMultibase(seed: Uint8Array): string {
  return "z" + base58Encode(withHeader(SECRET_HEADER, seed, "secret"));
}

/**
 * Decodes a multibase Ed25519 secret key into its 32-byte seed. Accepts the 64-byte form
 * (seed ‖ public key) that some libraries write, and returns its first 32 bytes.
 */
export function decodeSecretKeyMultibase(multibase: string): Uint8Array {
  return decode(multibase, SECRET_HEADER, "secret");
}

function withHeader(header: readonly number[], key: Uint8Array, which: string): Uint8Array {
  if (key.length !== 32) throw new SigningKeyError("format", `an Ed25519 ${which} key has 32 bytes, got ${key.length}`);
  const out = new Uint8Array(2 + key.length);
  out.set(header, 0);
  out.set(key, 2);
  return out;
}

function decode(multibase: string, header: readonly number[], which: "public" | "secret"): Uint8Array {
  const fix =
    which === "public"
      ? "Use the publicKeyMultibase of an Ed25519 Multikey (it starts with z6Mk)."
      : "Set CREDANCHOR_SIGNING_KEY to the multibase Ed25519 secret key (it starts with z3u2), or use the key file.";
  if (typeof multibase !== "string" || !multibase.startsWith("z")) {
    throw new SigningKeyError(
      "format",
      `the ${which} key is not a base58btc multibase string (it must start with "z")`,
      { fix },
    );
  }
  const bytes = base58Decode(multibase.slice(1));
  if (!bytes || bytes[0] !== header[0] || bytes[1] !== header[1]) {
    throw new SigningKeyError("format", `the ${which} key is not an Ed25519 Multikey ${which} key`, { fix });
  }
  const key = bytes.subarray(2);
  if (key.length === 32 || (which === "secret" && key.length === 64)) return key.slice(0, 32);
  throw new SigningKeyError("format", `the ${which} key has ${key.length} bytes; an Ed25519 key has 32`, { fix });
}
