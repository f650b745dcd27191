/**
 * The bounded cache of compiled credential shapes shared by the digest (compiledDigest.ts) and the
 * validation (credential/validateByShape.ts) compiled once per shape: shapes found by the document's
 * top-level member names (and a tag, such as an option they were compiled under), the last one used
 * tried first. Browser-safe.
 */

/** True for an object made by a literal, JSON.parse or Object.create(null): no class instance. */
export function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The same names in the same order. */
export function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * At most `max` shapes, by top-level member names and tag; the oldest added is dropped first.
 *
 * @example
 * const cache = new ShapeCache<{ topKeys: string[] }>(16);
 * cache.add({ topKeys: ["id", "name"] });
 * cache.find(["id", "name"]); // the shape
 */
export class ShapeCache<S extends { readonly topKeys: readonly string[] }> {
  private readonly shapes = new Map<string, S>();
  private last: S | undefined;
  private lastTag = "";

  constructor(private readonly max: number) {}

  /** The shape kept for a document with these top-level member names under `tag`, or undefined. */
  find(topKeys: readonly string[], tag = ""): S | undefined {
    if (this.last !== undefined && this.lastTag === tag && sameKeys(topKeys, this.last.topKeys)) return this.last;
    const shape = this.shapes.get(keyOf(tag, topKeys));
    return shape !== undefined && sameKeys(topKeys, shape.topKeys) ? shape : undefined;
  }

  /** Makes `shape` the one tried first. */
  use(shape: S, tag = ""): void {
    this.last = shape;
    this.lastTag = tag;
  }

  /** Keeps `shape` (replacing one of the same names and tag) and makes it the one tried first. */
  add(shape: S, tag = ""): void {
    const key = keyOf(tag, shape.topKeys);
    this.shapes.delete(key);
    if (this.shapes.size >= this.max) this.shapes.delete(this.shapes.keys().next().value as string);
    this.shapes.set(key, shape);
    this.use(shape, tag);
  }

  clear(): void {
    this.shapes.clear();
    this.last = undefined;
  }
}

function keyOf(tag: string, topKeys: readonly string[]): string {
  return `${tag}\u0000${topKeys.join("\u0000")}`;
}
