import { DigestError } from "../errors/credential";
import type { Hex } from "../types";
import { digestFromFieldHashes } from "./digestFromFieldHashes";
import { fieldText, hashFieldText, SALT_BYTES } from "./fieldHash";
import { encodeLeaf, walkLeaves } from "./flatten";
import { toHex } from "./hex";

export interface PrepareDigestOptions {
  /**
   * Returns a fresh 16-byte salt; called once per field, in document order. Default: the platform
   * CSPRNG (`globalThis.crypto.getRandomValues`). Pass a deterministic function only for test vectors.
   */
  randomSalt?: () => Uint8Array;
}

export interface PreparedDigest {
  /** keccak256 of the sorted field hashes: what the Merkle leaf commits to. */
  digest: Hex;
  /** One salt per field, keyed by JSON pointer, in document order: the proof entry's `salts`. */
  salts: Record<string, Hex>;
  /** The field hashes, sorted ascending (the order in which they are concatenated). */
  fieldHashes: Hex[];
}

function platformRandom(bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  // getRandomValues fills at most 65,536 bytes per call.
  for (let offset = 0; offset < bytes; offset += 65536) {
    globalThis.crypto.getRandomValues(out.subarray(offset, Math.min(bytes, offset + 65536)));
  }
  return out;
}

/**
 * Salts every field of an unsigned credential and computes its digest (docs/SPEC.md section 2). The
 * top-level `proof` member, if any, is ignored. Throws a DigestError naming the pointer of a value JSON
 * cannot hold (undefined, NaN, a Date, an unpaired surrogate...).
 *
 * @example
 * await initKeccak(); // optional, faster
 * const { digest, salts } = prepareDigest(createCredential(template, recipient, { now }));
 */
export function prepareDigest(unsignedCredential: object, options: PrepareDigestOptions = {}): PreparedDigest {
  const pointers: string[] = [];
  const paths: string[] = [];
  const leaves: string[] = [];
  walkLeaves(unsignedCredential, (pointer, encodedPath, value) => {
    pointers.push(pointer);
    paths.push(encodedPath);
    leaves.push(encodeLeaf(value));
  });

  const randomSalt = options.randomSalt;
  const pool = randomSalt ? undefined : platformRandom(SALT_BYTES * pointers.length);
  const salts: Record<string, Hex> = {};
  const fieldHashes: Hex[] = new Array(pointers.length);
  for (let i = 0; i < pointers.length; i++) {
    const saltBytes = pool ? pool.subarray(SALT_BYTES * i, SALT_BYTES * (i + 1)) : randomSalt!();
    if (!(saltBytes instanceof Uint8Array) || saltBytes.length !== SALT_BYTES) {
      throw new DigestError(`randomSalt must return a Uint8Array of ${SALT_BYTES} bytes`, pointers[i]);
    }
    const salt = toHex(saltBytes);
    salts[pointers[i]] = salt;
    fieldHashes[i] = toHex(hashFieldText(fieldText(paths[i], leaves[i], salt)));
  }
  fieldHashes.sort();
  return { digest: digestFromFieldHashes(fieldHashes), salts, fieldHashes };
}
