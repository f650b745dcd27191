import { DigestError } from "../errors/credential";
import { hasLoneSurrogate, MAX_NESTING_DEPTH } from "./flatten";
import { escapePointerToken } from "./pointer";

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The RFC 8785 (JCS) text of a JSON value: no whitespace, object members sorted by their names as
 * UTF-16 code units, numbers in the ECMAScript `Number.prototype.toString` form (`-0` as `0`),
 * strings escaped as ECMAScript `JSON.stringify` does, no Unicode normalization. Throws a
 * DigestError naming the pointer (relative to `value`) of anything that is not I-JSON: undefined, a
 * function, a non-finite number, a class instance, a sparse array, an unpaired surrogate, nesting
 * deeper than MAX_NESTING_DEPTH.
 *
 * @example
 * canonicalJson({ b: [1e21, -0], a: "é" }) // '{"a":"é","b":[1e+21,0]}'
 */
export function canonicalJson(value: unknown): string {
  const write = (node: unknown, pointer: string, depth: number): string => {
    switch (typeof node) {
      case "string":
        if (hasLoneSurrogate(node)) throw new DigestError("string holds an unpaired UTF-16 surrogate", pointer);
        return JSON.stringify(node);
      case "number":
        if (!Number.isFinite(node)) throw new DigestError(`number ${node} is not valid JSON`, pointer);
        return JSON.stringify(node);
      case "boolean":
        return node ? "true" : "false";
      case "object":
        break;
      default:
        throw new DigestError(`a ${typeof node} is not a JSON value`, pointer);
    }
    if (node === null) return "null";
    if (depth > MAX_NESTING_DEPTH) throw new DigestError(`nesting deeper than ${MAX_NESTING_DEPTH} levels`, pointer);
    if (Array.isArray(node)) {
      const items: string[] = new Array(node.length);
      for (let i = 0; i < node.length; i++) {
        if (!(i in node)) throw new DigestError("sparse array (a hole) is not JSON", `${pointer}/${i}`);
        items[i] = write(node[i], `${pointer}/${i}`, depth + 1);
      }
      return `[${items.join(",")}]`;
    }
    if (!isPlainObject(node)) {
      throw new DigestError("only plain JSON objects can be hashed (found a class instance such as a Date)", pointer);
    }
    // Array.prototype.sort without a comparator orders strings by UTF-16 code units, as JCS requires.
    const keys = Object.keys(node).sort();
    const members: string[] = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const childPointer = `${pointer}/${escapePointerToken(key)}`;
      if (hasLoneSurrogate(key)) throw new DigestError("member name holds an unpaired UTF-16 surrogate", childPointer);
      members[i] = `${JSON.stringify(key)}:${write(node[key], childPointer, depth + 1)}`;
    }
    return `{${members.join(",")}}`;
  };
  return write(value, "", 1);
}
