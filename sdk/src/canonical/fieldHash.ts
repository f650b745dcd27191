import { DigestError } from "../errors/credential";
import { keccak256 } from "../hash/keccak";
import type { Hex } from "../types";
import { encodeLeaf, hasLoneSurrogate, type JsonLeaf } from "./flatten";
import { isHexOfLength, toHex } from "./hex";
import type { PathToken } from "./pointer";
import { utf8Scratch } from "./utf8";

/** Bytes in a field salt (128 bits). */
export const SALT_BYTES = 16;

/**
 * Internal fast path: the field text from an already-encoded path (JCS of the path tokens without
 * brackets), an encoded leaf and a checked salt. Equal to `encodeField` by construction.
 */
export function fieldText(encodedPath: string, encodedLeaf: string, salt: string): string {
  return `[[${encodedPath}],${encodedLeaf},"${salt}"]`;
}

/** Internal fast path: keccak256 of the UTF-8 bytes of a field text. */
export function hashFieldText(text: string): Uint8Array {
  return keccak256(utf8Scratch(text));
}

/**
 * The exact text that is hashed for one field: the RFC 8785 (JCS) serialization of the JSON array
 * `[path, value, salt]`, where `path` is the array of path tokens (member names as strings, array
 * indices as numbers), `value` the leaf and `salt` the 0x-prefixed lower-case hex salt.
 *
 * @example
 * encodeField(["credentialSubject", "result", 0, "value"], "92", "0x000102030405060708090a0b0c0d0e0f")
 * // '[["credentialSubject","result",0,"value"],"92","0x000102030405060708090a0b0c0d0e0f"]'
 */
export function encodeField(path: readonly PathToken[], value: JsonLeaf, salt: Hex): string {
  if (!isHexOfLength(salt, SALT_BYTES)) {
    throw new DigestError(`salt "${String(salt)}" is not 16 bytes of lower-case 0x-prefixed hex`, "");
  }
  let encodedPath = "";
  for (let i = 0; i < path.length; i++) {
    const token = path[i];
    if (typeof token === "number") {
      if (!Number.isSafeInteger(token) || token < 0) throw new DigestError(`bad array index ${token}`, "");
      encodedPath += (i ? "," : "") + String(token);
    } else {
      if (hasLoneSurrogate(token)) throw new DigestError("member name holds an unpaired UTF-16 surrogate", "");
      encodedPath += (i ? "," : "") + JSON.stringify(token);
    }
  }
  if (typeof value === "number" && !Number.isFinite(value)) throw new DigestError(`number ${value} is not JSON`, "");
  if (typeof value === "string" && hasLoneSurrogate(value)) {
    throw new DigestError("string holds an unpaired UTF-16 surrogate", "");
  }
  if (typeof value === "object" && value !== null && Object.keys(value).length > 0) {
    throw new DigestError("a field value must be a primitive, {} or []", "");
  }
  return fieldText(encodedPath, encodeLeaf(value), salt);
}

/**
 * The field hash of one (path, value, salt): keccak256 of the UTF-8 bytes of `encodeField(...)`.
 *
 * @example
 * hashField(["name"], "Data Analytics Certificate", "0x000102030405060708090a0b0c0d0e0f") // "0x…" (32 bytes)
 */
export function hashField(path: readonly PathToken[], value: JsonLeaf, salt: Hex): Hex {
  return toHex(hashFieldText(encodeField(path, value, salt)));
}
