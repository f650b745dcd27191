/**
 * Random credential-like JSON documents for the digest property tests (sdk/src/canonical/
 * fastDigest.property.test.ts, compiledDigest.property.test.ts): member names with pointer escapes,
 * quotes, unicode and `__proto__`; leaves with escapes, control characters, unicode and every kind of
 * number; nesting; the protected members at their places or anywhere. And what the tests do with them:
 * the leaf paths of a document, a value set in place, a digest or the error thrown instead.
 */
import fc from "fast-check";
import { hasLoneSurrogate } from "../../sdk/src/canonical/flatten";
import { BaseError } from "../../sdk/src/errors/base";
import type { Hex } from "../../sdk/src/types";

type Json = Record<string, unknown>;

export const wellFormed = fc.string({ unit: "binary", maxLength: 10 }).filter((s) => !hasLoneSurrogate(s));
export const key = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "a",
      "b",
      "0",
      "",
      "a/b",
      "m~n",
      "é",
      "😀",
      "__proto__",
      "type",
      "name",
      "achievement",
      "credentialSubject",
      'q"uote',
      "back\\slash",
      "tab\t",
    ),
  },
  { weight: 1, arbitrary: wellFormed },
);
export const text = fc.oneof(
  wellFormed,
  fc.constantFrom("", "Learner 0", 'say "hi"', "line\nbreak", "\u0000\u001f\u007f", "é€😀", "a\\b", "</script>"),
);
export const leaf: fc.Arbitrary<unknown> = fc.oneof(
  text,
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(0, -0, 1e21, 1e-7, 5e-324, -1.5, 9007199254740991, true, false, null),
  fc.constant({}),
  fc.constant([]),
);
export const { node } = fc.letrec<{ node: unknown; obj: Json; arr: unknown[] }>((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("obj"), tie("arr")),
  obj: fc.dictionary(key, tie("node"), { maxKeys: 4 }),
  arr: fc.array(tie("node"), { maxLength: 4 }),
}));

/** A credential-like document (protected members at their places, some optional ones absent) or any document. */
export const documentArb = fc
  .oneof(
    fc
      .record(
        {
          "@context": node,
          id: leaf,
          type: node,
          issuer: node,
          validFrom: leaf,
          validUntil: leaf,
          name: leaf,
          credentialStatus: node,
          credentialSubject: fc.oneof(
            {
              weight: 4,
              arbitrary: fc.record({ type: node, achievement: node, name: leaf, result: node }, { requiredKeys: [] }),
            },
            { weight: 1, arbitrary: node },
          ),
          description: node,
        },
        { requiredKeys: ["@context", "id", "type", "issuer", "name"] },
      )
      .chain((base) => fc.dictionary(key, node, { maxKeys: 3 }).map((extra) => ({ ...extra, ...base }) as Json)),
    fc.dictionary(key, node, { minKeys: 1, maxKeys: 6 }),
  )
  .filter((d) => !Object.prototype.hasOwnProperty.call(d, "proof"))
  .map((d) => JSON.parse(JSON.stringify(d)) as Json); // plain objects, as read from a file

/** Values the digest refuses or that need the reference path. */
export const odd = fc.constantFrom<unknown>(
  undefined,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  "\uD800 lone",
  new Date(0),
  () => 1,
  Object.create(null) as object,
  [1, , 3], // eslint-disable-line no-sparse-arrays
);

/** A path in a document: member names and array indices. */
export type Path = (string | number)[];

/** The leaf paths of `doc` in document order (`{}` and `[]` count as leaves). */
export function leafPaths(doc: unknown, path: Path = []): Path[] {
  if (typeof doc !== "object" || doc === null) return [path];
  const entries: [string | number, unknown][] = Array.isArray(doc)
    ? doc.map((v, i) => [i, v])
    : Object.keys(doc).map((k) => [k, (doc as Json)[k]]);
  if (entries.length === 0) return [path];
  return entries.flatMap(([k, v]) => leafPaths(v, [...path, k]));
}

/** Sets the value at `path` in place (any value, even undefined), keeping the member's position. */
export function setAt(root: unknown, path: readonly (string | number)[], value: unknown): void {
  let n = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) n = n[path[i]] as Record<string | number, unknown>;
  Object.defineProperty(n, path[path.length - 1], { value, enumerable: true, writable: true, configurable: true });
}

/** A digest, or the SDK error thrown instead (class name, message, pointer). */
export type Outcome = { digest: Hex } | { error: string; name: string; pointer?: string };

/** What `run` returns, or the SDK error it throws; any other error is thrown on. */
export function outcome(run: () => Hex): Outcome {
  try {
    return { digest: run() };
  } catch (error) {
    if (!(error instanceof BaseError)) throw error;
    return { error: error.message, name: error.name, pointer: (error as { pointer?: string }).pointer };
  }
}
