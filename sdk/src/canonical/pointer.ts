import { BaseError } from "../errors/base";

/** One step of a path: an object member name, or an array index. */
export type PathToken = string | number;

/**
 * Escapes one reference token for an RFC 6901 JSON pointer: `~` becomes `~0`, then `/` becomes `~1`.
 *
 * @example
 * escapePointerToken("a/b~c") // "a~1b~0c"
 */
export function escapePointerToken(token: string): string {
  if (token.indexOf("~") === -1 && token.indexOf("/") === -1) return token;
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * The RFC 6901 JSON pointer of a path ("" for the document itself).
 *
 * @example
 * pointerFromPath(["credentialSubject", "result", 0, "value"]) // "/credentialSubject/result/0/value"
 */
export function pointerFromPath(path: readonly PathToken[]): string {
  let pointer = "";
  for (const token of path) pointer += "/" + (typeof token === "number" ? String(token) : escapePointerToken(token));
  return pointer;
}

/**
 * Splits an RFC 6901 JSON pointer into its unescaped reference tokens (all strings: whether a token
 * is an array index depends on the document). Throws on a pointer that does not start with "/" or
 * that holds a `~` not followed by 0 or 1.
 *
 * @example
 * parsePointer("/a~1b/0") // ["a/b", "0"]
 */
export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (pointer[0] !== "/") {
    throw new BaseError(`"${pointer}" is not a JSON pointer`, {
      code: "POINTER_INVALID",
      details: 'A JSON pointer (RFC 6901) is empty or starts with "/", e.g. "/credentialSubject/result".',
      fix: 'Write the pointer with a leading "/".',
    });
  }
  return pointer
    .slice(1)
    .split("/")
    .map((token) => {
      if (/~(?![01])/.test(token)) {
        throw new BaseError(`"${pointer}" is not a valid JSON pointer: "~" must be followed by 0 or 1`, {
          code: "POINTER_INVALID",
          fix: 'Escape "~" as "~0" and "/" as "~1" inside a member name.',
        });
      }
      return token.replace(/~1/g, "/").replace(/~0/g, "~");
    });
}
