import { DigestError } from "../errors/credential";
import type { Hex } from "../types";
import { keccak256 } from "../hash/keccak";
import { sortHashBytes } from "./digestFromFieldHashes";
import { fieldText, hashFieldText, SALT_BYTES } from "./fieldHash";
import { encodeLeaf, walkLeaves } from "./flatten";
import { isProtectedPath, protectedHashBytes } from "./hashProtectedPart";
import { toBareHex, toHex } from "./hex";

export interface PrepareDigestOptions {
  /**
   * Returns a fresh 16-byte salt; called once per redactable field, in document order. Default: the platform
   * CSPRNG (`globalThis.crypto.getRandomValues`). Pass a deterministic function only for test vectors.
   */
  randomSalt?: () => Uint8Array;
}

export interface PreparedDigest {
  /** keccak256(protectedHash ‖ sorted field hashes): what the Merkle leaf commits to. */
  digest: Hex;
  /** One salt per redactable field, keyed by JSON pointer, in document order: the proof entry's `salts`. */
  salts: Record<string, Hex>;
  /** The redactable fields' hashes, sorted ascending (the order in which they follow the protected hash). */
  fieldHashes: Hex[];
  /** keccak256 of JCS(["credanchor:protected:v1", P]): the protected members, unsalted (hashProtectedPart). */
  protectedHash: Hex;
}

/** Salt bytes drawn from the platform CSPRNG in one call and handed out in order (one call per ~50 credentials). */
const POOL_BYTES = 8192;
let pool = new Uint8Array(0);
let poolOffset = 0;

function platformRandom(bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let filled = 0; filled < bytes;) {
    if (poolOffset === pool.length) {
      // getRandomValues fills at most 65,536 bytes per call; POOL_BYTES is below that.
      pool = globalThis.crypto.getRandomValues(new Uint8Array(POOL_BYTES));
      poolOffset = 0;
    }
    const take = Math.min(bytes - filled, pool.length - poolOffset);
    out.set(pool.subarray(poolOffset, poolOffset + take), filled);
    pool.fill(0, poolOffset, poolOffset + take); // a salt handed out does not stay in the pool
    poolOffset += take;
    filled += take;
  }
  return out;
}

/**
 * Hashes the protected part of an unsigned credential, salts every redactable field, and computes
 * the digest (docs/SPEC.md section 2). The top-level `proof` member, if any, is ignored. Throws a
 * DigestError naming the pointer of a value JSON cannot hold (undefined, NaN, a Date, an unpaired
 * surrogate...).
 *
 * @example
 * await initKeccak(); // optional, faster
 * const { digest, salts } = prepareDigest(createCredential(template, recipient, { now }));
 */
export function prepareDigest(unsignedCredential: object, options: PrepareDigestOptions = {}): PreparedDigest {
  const pointers: string[] = [];
  const paths: string[] = [];
  const leaves: string[] = [];
  walkLeaves(unsignedCredential, (pointer, encodedPath, value, path) => {
    if (isProtectedPath(path)) return; // hashed together, unsalted, in the protected part
    pointers.push(pointer);
    paths.push(encodedPath);
    leaves.push(encodeLeaf(value));
  });

  const count = pointers.length;
  let saltBytes: Uint8Array;
  if (options.randomSalt) {
    saltBytes = new Uint8Array(SALT_BYTES * count);
    for (let i = 0; i < count; i++) {
      const salt = options.randomSalt();
      if (!(salt instanceof Uint8Array) || salt.length !== SALT_BYTES) {
        throw new DigestError(`randomSalt must return a Uint8Array of ${SALT_BYTES} bytes`, pointers[i]);
      }
      saltBytes.set(salt, SALT_BYTES * i);
    }
  } else saltBytes = platformRandom(SALT_BYTES * count);

  const saltHex = toBareHex(saltBytes);
  const salts: Record<string, Hex> = {};
  const hashBytes = new Uint8Array(32 * count);
  for (let i = 0; i < count; i++) {
    const salt = `0x${saltHex.slice(32 * i, 32 * i + 32)}` as Hex;
    salts[pointers[i]] = salt;
    hashBytes.set(hashFieldText(fieldText(paths[i], leaves[i], salt)), 32 * i);
  }

  // protectedHash ‖ the field hashes in ascending byte order
  const concatenated = sortHashBytes(hashBytes, count, 1);
  const protectedHash = protectedHashBytes(unsignedCredential);
  concatenated.set(protectedHash, 0);
  const sortedHex = toBareHex(concatenated);
  const fieldHashes: Hex[] = new Array(count);
  for (let k = 0; k < count; k++) fieldHashes[k] = `0x${sortedHex.slice(64 * (k + 1), 64 * (k + 2))}` as Hex;
  const digest = toHex(keccak256(concatenated));
  return { digest, salts, fieldHashes, protectedHash: `0x${sortedHex.slice(0, 64)}` as Hex };
}
