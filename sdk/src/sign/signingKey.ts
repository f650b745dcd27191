/**
 * Node-only: the issuer's Ed25519 signing key through node:crypto, and its encrypted key file
 * (scrypt + AES-256-GCM, docs/SPEC.md section 8.1). The secret never leaves this module in clear
 * except through `exportSecretKeyMultibase`, for `CREDANCHOR_SIGNING_KEY`-style secret stores.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { SigningKeyError } from "../errors/sign";
import { decodeSecretKeyMultibase, encodePublicKeyMultibase, encodeSecretKeyMultibase } from "./multikey";

const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SECRET = Symbol("secret");

/** An Ed25519 signing key held in memory. `publicKeyMultibase` is public; the secret is not enumerable. */
export interface SigningKey {
  publicKeyMultibase: string;
  /** Signs bytes (Ed25519, 64-byte signature). */
  sign(data: Uint8Array): Uint8Array;
  readonly [SECRET]: crypto.KeyObject;
}

function fromSeed(seed: Uint8Array): SigningKey {
  if (seed.length !== 32) throw new SigningKeyError("format", "an Ed25519 secret key has 32 bytes");
  const privateKey = crypto.createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: "der",
    type: "pkcs8",
  });
  const spki = crypto.createPublicKey(privateKey).export({ format: "der", type: "spki" });
  const publicKeyMultibase = encodePublicKeyMultibase(new Uint8Array(spki.subarray(spki.length - 32)));
  const key = {
    publicKeyMultibase,
    sign: (data: Uint8Array) => new Uint8Array(crypto.sign(null, data, privateKey)),
  } as SigningKey;
  Object.defineProperty(key, SECRET, { value: privateKey, enumerable: false });
  Object.defineProperty(key, "toJSON", { value: () => ({ publicKeyMultibase }), enumerable: false });
  return key;
}

/**
 * Generates a new Ed25519 signing key (node:crypto).
 *
 * @example
 * const key = generateSigningKey();
 * key.publicKeyMultibase; // "z6Mk..."
 */
export function generateSigningKey(): SigningKey {
  return fromSeed(crypto.randomBytes(32));
}

/**
 * The signing key from a multibase secret key (`z3u2…`, e.g. the `CREDANCHOR_SIGNING_KEY` variable).
 *
 * @example
 * const key = signingKeyFromMultibase(process.env.CREDANCHOR_SIGNING_KEY!);
 */
export function signingKeyFromMultibase(secretKeyMultibase: string): SigningKey {
  return fromSeed(decodeSecretKeyMultibase(secretKeyMultibase.trim()));
}

/** The multibase secret key, for a secret store. Never print or log it. */
export function exportSecretKeyMultibase(key: SigningKey): string {
  const der = key[SECRET].export({ format: "der", type: "pkcs8" });
  return encodeSecretKeyMultibase(new Uint8Array(der.subarray(der.length - 32)));
}

/** The encrypted key file (JSON). */
export interface SigningKeyFile {
  format: "credanchor-signing-key/1";
  type: "Multikey";
  publicKeyMultibase: string;
  kdf: { name: "scrypt"; salt: string; N: number; r: number; p: number };
  cipher: { name: "aes-256-gcm"; iv: string; tag: string };
  /** The 32-byte seed, encrypted (hex). */
  ciphertext: string;
}

const SCRYPT = { N: 1 << 15, r: 8, p: 1 };

/**
 * Encrypts a signing key with a password: scrypt (N=2^15, r=8, p=1, 16-byte salt) derives a 32-byte
 * key; AES-256-GCM (12-byte IV) encrypts the 32-byte seed; the public key is the additional data.
 *
 * @example
 * const file = encryptSigningKey(generateSigningKey(), password);
 */
export function encryptSigningKey(key: SigningKey, password: string): SigningKeyFile {
  if (password.length < 8) {
    throw new SigningKeyError("password", "the signing key password is shorter than 8 characters", {
      fix: "Choose a longer password (CREDANCHOR_SIGNING_KEY_PASSWORD).",
    });
  }
  const salt = crypto.randomBytes(16);
  const iv = crypto.randomBytes(12);
  const derived = crypto.scryptSync(password.normalize("NFC"), salt, 32, { ...SCRYPT, maxmem: 64 * 1024 * 1024 });
  const cipher = crypto.createCipheriv("aes-256-gcm", derived, iv);
  cipher.setAAD(Buffer.from(key.publicKeyMultibase, "utf8"));
  const der = key[SECRET].export({ format: "der", type: "pkcs8" });
  const ciphertext = Buffer.concat([cipher.update(der.subarray(der.length - 32)), cipher.final()]);
  return {
    format: "credanchor-signing-key/1",
    type: "Multikey",
    publicKeyMultibase: key.publicKeyMultibase,
    kdf: { name: "scrypt", salt: salt.toString("hex"), ...SCRYPT },
    cipher: { name: "aes-256-gcm", iv: iv.toString("hex"), tag: cipher.getAuthTag().toString("hex") },
    ciphertext: ciphertext.toString("hex"),
  };
}

/**
 * Decrypts a key file; a wrong password or a changed file is a `SigningKeyError` ("password").
 *
 * @example
 * const key = decryptSigningKey(JSON.parse(text), password);
 */
export function decryptSigningKey(file: SigningKeyFile, password: string, fileName?: string): SigningKey {
  const bad = (what: string) =>
    new SigningKeyError("file", `not a credanchor signing key file: ${what}`, {
      file: fileName,
      fix: "Give the file written by `credanchor signing-key create`.",
    });
  if (!file || file.format !== "credanchor-signing-key/1") throw bad("format is not credanchor-signing-key/1");
  if (file.kdf?.name !== "scrypt" || file.cipher?.name !== "aes-256-gcm") throw bad("unknown kdf or cipher");
  const { N, r, p } = file.kdf;
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 1 << 20 || r > 32 || p > 16)
    throw bad("scrypt parameters out of range");
  try {
    const derived = crypto.scryptSync(password.normalize("NFC"), Buffer.from(file.kdf.salt, "hex"), 32, {
      N,
      r,
      p,
      maxmem: 256 * N * r + 1024 * 1024,
    });
    const decipher = crypto.createDecipheriv("aes-256-gcm", derived, Buffer.from(file.cipher.iv, "hex"));
    decipher.setAAD(Buffer.from(file.publicKeyMultibase, "utf8"));
    decipher.setAuthTag(Buffer.from(file.cipher.tag, "hex"));
    const seed = Buffer.concat([decipher.update(Buffer.from(file.ciphertext, "hex")), decipher.final()]);
    const key = fromSeed(new Uint8Array(seed));
    seed.fill(0);
    if (key.publicKeyMultibase !== file.publicKeyMultibase) throw bad("the public key does not match the secret key");
    return key;
  } catch (error) {
    if (error instanceof SigningKeyError) throw error;
    throw new SigningKeyError("password", "cannot decrypt the signing key: wrong password or a changed file", {
      file: fileName,
      fix: "Set CREDANCHOR_SIGNING_KEY_PASSWORD to the password given to `credanchor signing-key create`.",
    });
  }
}

/**
 * Writes an encrypted key file (mode 0600, never over an existing file).
 *
 * @example
 * writeSigningKeyFile({ file: "signing-key.json", key, password });
 */
export function writeSigningKeyFile(args: { file: string; key: SigningKey; password: string }): SigningKeyFile {
  const content = encryptSigningKey(args.key, args.password);
  fs.mkdirSync(path.dirname(path.resolve(args.file)), { recursive: true });
  try {
    fs.writeFileSync(args.file, JSON.stringify(content, null, 2) + "\n", { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new SigningKeyError("file", `${args.file} exists already; credanchor never overwrites a key`, {
        file: args.file,
        fix: "Choose another file with --out, or move the old key away first.",
      });
    }
    throw error;
  }
  return content;
}

/**
 * Reads and decrypts a key file.
 *
 * @example
 * const key = readSigningKeyFile({ file: "signing-key.json", password });
 */
export function readSigningKeyFile(args: { file: string; password: string }): SigningKey {
  let text: string;
  try {
    text = fs.readFileSync(args.file, "utf8");
  } catch (error) {
    throw new SigningKeyError("file", `cannot read the signing key file: ${(error as Error).message}`, {
      file: args.file,
      fix: "Check issuer.signingKey.file in credanchor.config.json, or set CREDANCHOR_SIGNING_KEY.",
    });
  }
  let parsed: SigningKeyFile;
  try {
    parsed = JSON.parse(text) as SigningKeyFile;
  } catch {
    throw new SigningKeyError("file", "the signing key file is not JSON", { file: args.file });
  }
  return decryptSigningKey(parsed, args.password, args.file);
}
