/**
 * The cost of hardhat-chai-matchers on every assertion, cut without changing any assertion's outcome.
 *
 * hardhat.config.ts loads @nomicfoundation/hardhat-toolbox, whose chai matchers overwrite `equal`, `eq`,
 * `above`, `length`, `deep.equal` ... in every test process, for every test file. On each call they ask
 * `isBigNumber` (hardhat/common/bigInt.js) about both values, which `require`s ethers, bn.js and
 * bignumber.js each time: bignumber.js is not installed, so Node searches every node_modules folder up
 * the tree again and throws, and a module already loaded by another file is resolved again from the
 * package's `exports` each time (Node caches a resolution only for the file that first loaded the module);
 * `equal` also `require`s ethers twice more to ask whether the values are addresses. Measured on
 * 2026-12-07 (Node 20, a plain `expect(a).to.equal(b)` on strings, 2,000 times): 18 µs a call with
 * chai alone, 770 µs with the matchers, 140 µs with this file; `sdk/src/canonical/digest.property`'s
 * ten properties spent about 29 of their 34 s in the matchers.
 *
 * Four changes, each exact:
 * - the files of the matchers and hardhat/common/bigInt.js resolve each `require` once per process (the
 *   same file, or the same error, as Node would give: node_modules does not change during a run);
 * - `isBigNumber` answers a value that is not an object at once: a string, number, boolean, undefined or
 *   symbol is no ethers, bn.js or bignumber.js big number (each of those checks is false for it), and a
 *   bigint is one; objects go to Hardhat's own check as before;
 * - `deep.equal`'s comparator (the matchers' bigNumber.js hands deep-eql one that calls
 *   `normalizeToBigInt` on both values of every pair and answers null, "compare as usual", when either
 *   throws) answers null at once for a pair where `normalizeToBigInt` would throw: an object that is not a
 *   big number, null, undefined, a boolean, a number that is not a safe integer. Each such throw built a
 *   HardhatError, whose constructor formats its stack through source-map-support, and JSON.stringify'd
 *   the object: about 100 µs a pair. `require("deep-eql")` from bigNumber.js (and from no other file:
 *   chai's own deep equality is untouched) gives deep-eql with that comparator wrapped;
 * - `equal`'s address check (addressable.js, on both values of every call) gets an ethers whose `isAddress`
 *   answers false at once for a value `getAddress` refuses by its type or shape (not a string; not 40 hex
 *   digits with or without 0x; not ICAP), instead of catching the error ethers builds for it; the rest
 *   goes to ethers' `isAddress` as before.
 *
 * Loaded by every process that registers ts-node with tsconfig.test.json (its `ts-node.require`): the
 * Hardhat process of `hardhat test` (with TS_NODE_PROJECT set, as the test scripts do), mocha's workers,
 * coverage's contract tests.
 * Test: `test/helpers/chaiMatchersFastPath.test.ts`.
 */
import Module from "node:module";

type ResolveFilename = (request: string, parent: NodeJS.Module | undefined, ...rest: unknown[]) => string;
const moduleInternals = Module as unknown as { _resolveFilename: ResolveFilename };

/** The files whose per-assertion `require`s are resolved once. */
const PER_ASSERTION_REQUIRERS =
  /[\\/]node_modules[\\/](?:hardhat[\\/]common[\\/]bigInt\.js|@nomicfoundation[\\/]hardhat-chai-matchers[\\/]internal[\\/][^\\/]+\.js)$/;

/** The matchers' file that passes deep-eql the comparator over `normalizeToBigInt`. */
const BIG_NUMBER_MATCHERS = /[\\/]@nomicfoundation[\\/]hardhat-chai-matchers[\\/]internal[\\/]bigNumber\.js$/;

/** The matchers' file that asks ethers' `isAddress` about both values of every `equal`. */
const ADDRESSABLE_MATCHERS = /[\\/]@nomicfoundation[\\/]hardhat-chai-matchers[\\/]internal[\\/]addressable\.js$/;

/** The only strings ethers' `getAddress` accepts (hex, with or without 0x, or ICAP); it throws for any other value. */
const ADDRESS_LIKE = /^(?:(?:0x)?[0-9a-fA-F]{40}|XE[0-9]{2}[0-9A-Za-z]{30,31})$/;

/** Whether this process's `require` and `isBigNumber` are already patched (a second load is a no-op). */
const PATCHED = Symbol.for("credanchor.chaiMatchersFastPath");

type Resolution = { filename: string } | { error: unknown };

export function installChaiMatchersFastPath(): void {
  const globalFlags = globalThis as { [PATCHED]?: true };
  if (globalFlags[PATCHED]) return;
  globalFlags[PATCHED] = true;

  const resolveFilename = moduleInternals._resolveFilename;
  const resolved = new Map<string, Resolution>();
  moduleInternals._resolveFilename = function (this: unknown, request, parent, ...rest) {
    // Options (require.resolve's `paths`) change the answer: those calls are not remembered.
    if (parent?.filename == null || rest[1] !== undefined || !PER_ASSERTION_REQUIRERS.test(parent.filename)) {
      return resolveFilename.call(this, request, parent, ...rest);
    }
    const key = `${parent.filename}\0${request}`;
    let resolution = resolved.get(key);
    if (resolution === undefined) {
      try {
        resolution = { filename: resolveFilename.call(this, request, parent, ...rest) };
        if (request === "deep-eql" && BIG_NUMBER_MATCHERS.test(parent.filename)) {
          resolution = { filename: deepEqlWithQuickComparator(resolution.filename) };
        } else if (request === "ethers" && ADDRESSABLE_MATCHERS.test(parent.filename)) {
          resolution = { filename: ethersWithQuickIsAddress(resolution.filename) };
        }
      } catch (error) {
        resolution = { error };
      }
      resolved.set(key, resolution);
    }
    if ("error" in resolution) throw resolution.error;
    return resolution.filename;
  };

  // The module object itself (an ES import would give a copy of its exports), which the matchers read on each call.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bigInt = require("hardhat/common/bigInt") as { isBigNumber: (source: unknown) => boolean };
  const isBigNumber = bigInt.isBigNumber;
  bigInt.isBigNumber = (source: unknown): boolean =>
    typeof source === "bigint" || (typeof source === "object" && source !== null && isBigNumber(source));

  /** Whether hardhat's `normalizeToBigInt` throws for `value` (so the matchers' comparator answers null). */
  const notNormalizable = (value: unknown): boolean => {
    switch (typeof value) {
      case "bigint":
      case "string": // BigInt(text): a cheap native error when it is not a number, left to the comparator
        return false;
      case "number":
        return !Number.isSafeInteger(value);
      case "object":
        return value === null || !isBigNumber(value);
      default: // undefined, boolean, symbol, function
        return true;
    }
  };

  /**
   * deep-eql for bigNumber.js, registered as a module of its own beside the real one (whose filename it
   * extends): the same function, whose comparator answers null without calling the matchers' one when
   * either value cannot be normalized.
   */
  function deepEqlWithQuickComparator(deepEqlFile: string): string {
    const id = `${deepEqlFile}#credanchor-quick-comparator`;
    if (require.cache[id] !== undefined) return id;
    type Comparator = (left: unknown, right: unknown) => boolean | null;
    type DeepEql = (left: unknown, right: unknown, options?: { comparator?: Comparator }) => boolean;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const deepEql = require(deepEqlFile) as DeepEql;
    const wrapped: DeepEql = (left, right, options) => {
      const comparator = options?.comparator;
      if (comparator === undefined) return deepEql(left, right, options);
      return deepEql(left, right, {
        ...options,
        comparator: (a, b) => (notNormalizable(a) || notNormalizable(b) ? null : comparator(a, b)),
      });
    };
    return syntheticModule(id, Object.assign(wrapped, deepEql));
  }

  /**
   * ethers for addressable.js: its exports (as the prototype) with an `isAddress` that answers false at
   * once for what `getAddress` refuses by its type or shape, without the error ethers builds for each.
   */
  function ethersWithQuickIsAddress(ethersFile: string): string {
    const id = `${ethersFile}#credanchor-quick-isAddress`;
    if (require.cache[id] !== undefined) return id;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ethers = require(ethersFile) as { isAddress: (value: unknown) => boolean };
    const isAddress = ethers.isAddress;
    const quick = (value: unknown): boolean =>
      typeof value === "string" && ADDRESS_LIKE.test(value) && isAddress(value);
    return syntheticModule(id, Object.create(ethers, { isAddress: { value: quick, enumerable: true } }) as object);
  }

  /** Registers `exports` as the loaded module `id` (a real module's filename with a suffix) and returns `id`. */
  function syntheticModule(id: string, exports: object): string {
    const synthetic = new Module(id);
    synthetic.filename = id;
    synthetic.exports = exports;
    synthetic.loaded = true;
    require.cache[id] = synthetic;
    return id;
  }
}

installChaiMatchersFastPath();
