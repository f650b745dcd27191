import { expect } from "chai";
import fc from "fast-check";
import { randomBytes } from "node:crypto";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { keccak256 as ethersKeccak, AbiCoder } from "ethers";
import {
  buildMerkleTree,
  hashLeaves,
  hashPairs,
  leafHash,
  merkleTreeFromLeaves,
  MerkleTree,
  rootFromPath,
  verifyInclusion,
} from ".";
import { MerkleEmptyTreeError, MerkleIndexOutOfRangeError, MerkleInvalidDigestError } from "../errors/merkle";
import type { Hex } from "../types";
import { swapKeccakWasmForTests } from "../hash/keccakWasm";
import { verifyInclusionBytes, type InclusionBytes } from "./verifyInclusion";

const LEAF_TYPES = ["uint256", "bytes32"];
const randomDigests = (n: number): Hex[] =>
  Array.from({ length: n }, () => `0x${randomBytes(32).toString("hex")}` as Hex);
const flat = (digests: Hex[]) => Uint8Array.from(Buffer.concat(digests.map((d) => Buffer.from(d.slice(2), "hex"))));
const ozLeaf = (index: number, digest: Hex) =>
  ethersKeccak(ethersKeccak(AbiCoder.defaultAbiCoder().encode(LEAF_TYPES, [index, digest])));
const sortedHash = (a: string, b: string) =>
  ethersKeccak(a.toLowerCase() < b.toLowerCase() ? `${a}${b.slice(2)}` : `${b}${a.slice(2)}`);

/** The tree computed the slow obvious way: level by level with hex strings, odd last node carried up. */
function referenceTree(digests: Hex[]): string[][] {
  const levels = [digests.map((d, i) => ozLeaf(i, d))];
  while (levels[levels.length - 1].length > 1) {
    const level = levels[levels.length - 1];
    const next: string[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(sortedHash(level[i], level[i + 1]));
    if (level.length % 2) next.push(level[level.length - 1]);
    levels.push(next);
  }
  return levels;
}

describe("merkle: leafHash", function () {
  it("equals StandardMerkleTree's leaf for [uint256, bytes32]", function () {
    const [digest] = randomDigests(1);
    const oz = StandardMerkleTree.of([[5, digest]], LEAF_TYPES);
    expect(leafHash(5, digest)).to.equal(oz.leafHash([5, digest]));
    expect(leafHash(5n, Buffer.from(digest.slice(2), "hex"))).to.equal(ozLeaf(5, digest));
    expect(leafHash(2n ** 255n, digest)).to.equal(
      ethersKeccak(ethersKeccak(AbiCoder.defaultAbiCoder().encode(LEAF_TYPES, [2n ** 255n, digest]))),
    );
  });

  it("a number index (written without BigInt) gives the leaf of the same bigint, up to 2^53 - 1", function () {
    const [digest] = randomDigests(1);
    for (const index of [0, 1, 255, 256, 65_535, 65_536, 2 ** 32 + 7, 2 ** 48 - 1, Number.MAX_SAFE_INTEGER]) {
      expect(leafHash(index, digest), String(index)).to.equal(leafHash(BigInt(index), digest));
      expect(leafHash(index, digest), String(index)).to.equal(
        ethersKeccak(ethersKeccak(AbiCoder.defaultAbiCoder().encode(LEAF_TYPES, [index, digest]))),
      );
    }
    expect(() => leafHash(Number.MAX_SAFE_INTEGER + 1, digest)).to.throw(MerkleInvalidDigestError, /leaf index/);
  });

  it("binds the index: the same digest at another index is another leaf", function () {
    const [digest] = randomDigests(1);
    expect(leafHash(0, digest)).to.not.equal(leafHash(1, digest));
  });

  it("rejects a digest that is not 32 bytes and an index that is not a non-negative integer", function () {
    expect(() => leafHash(0, "0x1234" as Hex)).to.throw(MerkleInvalidDigestError, /not 32 bytes/);
    expect(() => leafHash(-1, randomDigests(1)[0])).to.throw(MerkleInvalidDigestError, /leaf index -1/);
    expect(() => leafHash(1.5, randomDigests(1)[0])).to.throw(MerkleInvalidDigestError, /leaf index 1.5/);
  });

  it("hashLeaves in bulk equals leafHash one by one, from any first index", function () {
    const digests = randomDigests(5000);
    const leaves = hashLeaves(flat(digests), 1_000_000);
    for (const k of [0, 1, 4095, 4096, 4097, 4999]) {
      expect(`0x${Buffer.from(leaves.subarray(32 * k, 32 * k + 32)).toString("hex")}`).to.equal(
        leafHash(1_000_000 + k, digests[k]),
      );
    }
    expect(() => hashLeaves(new Uint8Array(33))).to.throw(MerkleInvalidDigestError, /not a multiple of 32/);
  });

  it("hashPairs orders each pair byte-wise before hashing (equal prefixes included)", function () {
    const nodes = randomBytes(64 * 40);
    for (let p = 0; p < 40; p += 2) nodes.copy(nodes, 64 * p + 32, 64 * p, 64 * p + (p % 32)); // shared prefixes
    nodes.copy(nodes, 64 * 39 + 32, 64 * 39, 64 * 39 + 32); // an equal pair
    const out = hashPairs(Uint8Array.from(nodes), 40, new Uint8Array(32 * 40));
    for (let p = 0; p < 40; p++) {
      const a = `0x${nodes.subarray(64 * p, 64 * p + 32).toString("hex")}`;
      const b = `0x${nodes.subarray(64 * p + 32, 64 * p + 64).toString("hex")}`;
      expect(`0x${Buffer.from(out.subarray(32 * p, 32 * p + 32)).toString("hex")}`, `pair ${p}`).to.equal(
        sortedHash(a, b),
      );
    }
  });
});

describe("merkle: buildMerkleTree", function () {
  it("a single leaf: the root is the leaf and the proof is empty", function () {
    const [digest] = randomDigests(1);
    const tree = buildMerkleTree([digest]);
    expect(tree.leafCount).to.equal(1);
    expect(tree.depth).to.equal(0);
    expect(tree.root).to.equal(leafHash(0, digest));
    expect(tree.getProof(0)).to.deep.equal([]);
    expect(verifyInclusion({ root: tree.root, leafIndex: 0, digest, path: [] })).to.equal(true);
    expect(StandardMerkleTree.verify(tree.root, LEAF_TYPES, [0, digest], [])).to.equal(true);
  });

  it("two leaves: the root is the sorted-pair hash and each proof is the other leaf", function () {
    const digests = randomDigests(2);
    const tree = buildMerkleTree(digests);
    expect(tree.root).to.equal(sortedHash(ozLeaf(0, digests[0]), ozLeaf(1, digests[1])));
    expect(tree.getProof(0)).to.deep.equal([ozLeaf(1, digests[1])]);
    expect(tree.getProof(1)).to.deep.equal([ozLeaf(0, digests[0])]);
  });

  it("equals a straightforward reference implementation, level by level, for sizes 1..70", function () {
    for (let n = 1; n <= 70; n++) {
      const digests = randomDigests(n);
      const reference = referenceTree(digests);
      const tree = buildMerkleTree(flat(digests));
      expect(tree.levels.length, `n=${n}`).to.equal(reference.length);
      expect(tree.root, `n=${n}`).to.equal(reference[reference.length - 1][0]);
      for (let i = 0; i < n; i++) expect(tree.leaf(i)).to.equal(reference[0][i]);
    }
  });

  it("the hex and the flat forms of the digests give the same tree; the root depends on the order", function () {
    const digests = randomDigests(9);
    expect(buildMerkleTree(digests).root).to.equal(buildMerkleTree(flat(digests)).root);
    expect(buildMerkleTree([...digests].reverse()).root).to.not.equal(buildMerkleTree(digests).root);
  });

  it("getProof, writeProof and the streamed proofs() agree, and proofLength counts the siblings", function () {
    const digests = randomDigests(1000);
    const tree = buildMerkleTree(digests);
    const buffer = new Uint8Array(32 * tree.depth);
    let seen = 0;
    for (const { index, path } of tree.proofs(0, tree.leafCount, 97)) {
      expect(index).to.equal(seen++);
      expect(path).to.deep.equal(tree.getProof(index));
      const length = tree.writeProof(index, buffer);
      expect(length).to.equal(path.length).and.to.equal(tree.proofLength(index));
      expect(path).to.deep.equal(
        Array.from({ length }, (_, k) => `0x${Buffer.from(buffer.subarray(32 * k, 32 * k + 32)).toString("hex")}`),
      );
    }
    expect(seen).to.equal(1000);
    expect([...tree.proofs(990, 995)].map((p) => p.index)).to.deep.equal([990, 991, 992, 993, 994]);
    // 1000 leaves: the last 8 leaves (992..999) sit in a subtree whose siblings are carried
    expect(tree.proofLength(999)).to.be.lessThan(tree.depth);
  });

  it("a tree rebuilt from its shared levels gives the same root and proofs without hashing", function () {
    const digests = randomDigests(33);
    const tree = buildMerkleTree(digests, { shared: true });
    expect(tree.levels.every((level) => level.buffer instanceof SharedArrayBuffer)).to.equal(true);
    const copy = new MerkleTree(tree.levels);
    expect(copy.root).to.equal(tree.root);
    expect(copy.getProof(32)).to.deep.equal(tree.getProof(32));
    expect(merkleTreeFromLeaves(tree.levels[0]).root).to.equal(tree.root);
  });

  it("rejects no digests, a malformed digest (naming its position) and a flat array of the wrong size", function () {
    expect(() => buildMerkleTree([])).to.throw(MerkleEmptyTreeError);
    expect(() => buildMerkleTree(new Uint8Array(0))).to.throw(MerkleEmptyTreeError);
    const digests = randomDigests(3);
    digests[1] = "0xzz" as Hex;
    let error: MerkleInvalidDigestError | undefined;
    try {
      buildMerkleTree(digests);
    } catch (caught) {
      error = caught as MerkleInvalidDigestError;
    }
    expect(error).to.be.instanceOf(MerkleInvalidDigestError);
    expect(error?.index).to.equal(1);
    expect(error?.message).to.match(/^digest 1: not 32 bytes/);
    expect(() => buildMerkleTree(new Uint8Array(65))).to.throw(MerkleInvalidDigestError, /65 bytes/);
  });

  it("rejects proof requests outside the tree", function () {
    const tree = buildMerkleTree(randomDigests(4));
    for (const bad of [-1, 4, 1.5, Number.NaN]) {
      expect(() => tree.getProof(bad)).to.throw(MerkleIndexOutOfRangeError, /outside the tree of 4 leaves/);
    }
    expect(() => [...tree.proofs(2, 5)]).to.throw(MerkleIndexOutOfRangeError);
  });
});

describe("merkle: without WebAssembly", function () {
  it("the JavaScript fallback builds the same tree and verifies the same proofs", function () {
    const digests = randomDigests(37);
    const fast = buildMerkleTree(digests);
    const previous = swapKeccakWasmForTests(null);
    try {
      const portable = buildMerkleTree(digests);
      expect(portable.root).to.equal(fast.root);
      expect(portable.levels.map((l) => Buffer.from(l).toString("hex"))).to.deep.equal(
        fast.levels.map((l) => Buffer.from(l).toString("hex")),
      );
      expect(
        verifyInclusion({ root: fast.root, leafIndex: 36, digest: digests[36], path: fast.getProof(36) }),
      ).to.equal(true);
      expect(leafHash(3, digests[3])).to.equal(fast.leaf(3));
    } finally {
      swapKeccakWasmForTests(previous);
    }
  });
});

describe("merkle: verifyInclusion", function () {
  const digests = randomDigests(11);
  const tree = buildMerkleTree(digests);
  const good = { root: tree.root, leafIndex: 6, digest: digests[6], path: tree.getProof(6) };

  it("accepts the proof and the same values in upper case", function () {
    expect(verifyInclusion(good)).to.equal(true);
    expect(
      verifyInclusion({
        root: `0x${good.root.slice(2).toUpperCase()}` as Hex,
        leafIndex: 6n,
        digest: `0x${good.digest.slice(2).toUpperCase()}` as Hex,
        path: good.path.map((p) => `0x${p.slice(2).toUpperCase()}` as Hex),
      }),
    ).to.equal(true);
    expect(rootFromPath(good)).to.equal(tree.root);
  });

  it("rejects another index, digest, root, a changed, missing, extra or reordered sibling", function () {
    const flip = (h: Hex): Hex => `0x${h[2] === "0" ? "1" : "0"}${h.slice(3)}` as Hex;
    expect(verifyInclusion({ ...good, leafIndex: 7 })).to.equal(false);
    expect(verifyInclusion({ ...good, digest: flip(good.digest) })).to.equal(false);
    expect(verifyInclusion({ ...good, root: flip(good.root) })).to.equal(false);
    expect(verifyInclusion({ ...good, path: [flip(good.path[0]), ...good.path.slice(1)] })).to.equal(false);
    expect(verifyInclusion({ ...good, path: good.path.slice(1) })).to.equal(false);
    expect(verifyInclusion({ ...good, path: [...good.path, good.path[0]] })).to.equal(false);
    expect(verifyInclusion({ ...good, path: [...good.path].reverse() })).to.equal(false);
  });

  it("never throws on malformed input: returns false", function () {
    const bad: unknown[] = [
      { ...good, root: "0x1234" },
      { ...good, digest: "not hex" },
      { ...good, path: ["0x12"] },
      { ...good, path: "0x" },
      { ...good, leafIndex: -1 },
      { ...good, leafIndex: 0.5 },
      { ...good, leafIndex: "6" },
      null,
    ];
    for (const parameters of bad) {
      expect(verifyInclusion(parameters as Parameters<typeof verifyInclusion>[0]), JSON.stringify(parameters)).to.equal(
        false,
      );
    }
  });
});

describe("merkle: properties", function () {
  it("for any size 1..300 every proof verifies (here and in StandardMerkleTree.verify), and tampering fails", function () {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 300 })
          .chain((n) =>
            fc.tuple(
              fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { minLength: n, maxLength: n }),
              fc.nat(n - 1),
              fc.nat(255),
              fc.nat(31),
            ),
          ),
        ([digestBytes, target, pick, byte]) => {
          const digests = digestBytes.map((d) => `0x${Buffer.from(d).toString("hex")}` as Hex);
          const tree = buildMerkleTree(digests);
          for (const { index, path } of tree.proofs()) {
            if (!verifyInclusion({ root: tree.root, leafIndex: index, digest: digests[index], path })) return false;
          }
          const path = tree.getProof(target);
          const digest = digests[target];
          if (!StandardMerkleTree.verify(tree.root, LEAF_TYPES, [target, digest], path)) return false;
          // a tampered digest byte
          const changed = Buffer.from(digest.slice(2), "hex");
          changed[byte] ^= 1 + (pick % 255);
          if (verifyInclusion({ root: tree.root, leafIndex: target, digest: `0x${changed.toString("hex")}`, path })) {
            return false;
          }
          // another index
          if (digests.length > 1) {
            const other = (target + 1 + (pick % (digests.length - 1))) % digests.length;
            if (verifyInclusion({ root: tree.root, leafIndex: other, digest, path })) return false;
          }
          // a tampered sibling
          if (path.length > 0) {
            const at = pick % path.length;
            const sibling = Buffer.from(path[at].slice(2), "hex");
            sibling[byte] ^= 0x80;
            const tampered = [...path];
            tampered[at] = `0x${sibling.toString("hex")}`;
            if (verifyInclusion({ root: tree.root, leafIndex: target, digest, path: tampered })) return false;
          }
          return true;
        },
      ),
      { numRuns: 120 },
    );
  });
});

describe("merkle: verifyInclusion remembers the last path", function () {
  /** The fold computed the obvious way (ethers keccak over hex strings), nothing remembered. */
  const referenceRoot = (index: number, digest: Hex, path: readonly string[]) =>
    path.reduce((node, sibling) => sortedHash(node, sibling), ozLeaf(index, digest));

  const flipAt = (h: string, at: number): Hex =>
    `0x${h.slice(2, 2 + at)}${h[2 + at] === "0" ? "1" : "0"}${h.slice(3 + at)}` as Hex;

  /** Two random trees, for a property's sequence of calls. */
  const twoTrees = (sizeA: number, sizeB: number) =>
    [randomDigests(sizeA), randomDigests(sizeB)].map((digests) => ({ digests, tree: buildMerkleTree(digests) }));

  /**
   * The inclusion call of entry `call.index` of tree `call.tree` as issued, with the changes both properties
   * share: 1 a sibling changed, 2 another index, 3 the other tree's root, 4 the path cut short. `path` is
   * the call's own copy, for the property's further changes.
   */
  const callOf = (
    trees: ReturnType<typeof twoTrees>,
    call: { tree: number; index: number; change: number; at: number },
  ): { parameters: InclusionCall; path: Hex[]; at: number; index: number } => {
    const { digests, tree } = trees[call.tree];
    const index = call.index % digests.length;
    const parameters: InclusionCall = { root: tree.root, leafIndex: index, digest: digests[index], path: [] };
    const path = [...tree.getProof(index)];
    const at = path.length > 0 ? call.at % path.length : 0;
    if (call.change === 1 && path.length > 0) path[at] = flipAt(path[at], call.at % 64);
    if (call.change === 2) parameters.leafIndex = (index + 1) % digests.length;
    if (call.change === 3) parameters.root = trees[1 - call.tree].tree.root;
    if (call.change === 4) path.pop();
    parameters.path = path;
    return { parameters, path, at, index };
  };

  it("any sequence of calls over two trees, valid and tampered, gives the plain fold's answer and root", function () {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(
          fc.record({
            tree: fc.nat(1),
            index: fc.nat(1_000),
            // 0: as issued; 1: a sibling changed; 2: another index; 3: the other tree's root; 4: cut short;
            // 5: a sibling in upper case (the same bytes); 6: the same call again
            change: fc.nat(6),
            at: fc.nat(1_000),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        (sizeA, sizeB, calls) => {
          const trees = twoTrees(sizeA, sizeB);
          let previous: InclusionCall | undefined;
          for (const call of calls) {
            const issued = callOf(trees, call);
            let parameters = issued.parameters;
            const { path, at } = issued;
            if (call.change === 5 && path.length > 0) path[at] = `0x${path[at].slice(2).toUpperCase()}` as Hex;
            if (call.change === 6 && previous) parameters = previous;
            const expectedRoot = referenceRoot(Number(parameters.leafIndex), parameters.digest, parameters.path);
            expect(rootFromPath(parameters)).to.equal(expectedRoot);
            expect(verifyInclusion(parameters)).to.equal(expectedRoot === parameters.root.toLowerCase());
            previous = parameters;
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("verifyInclusionBytes: any sequence of calls, valid and tampered, laid out in bytes, gives the plain fold's answer", function () {
    /** The call's root, digest and path laid out in one array: `gap` junk bytes before each, items `stride` apart. */
    const layOut = (call: InclusionCall, gap: number, stride: number, junk: number): InclusionBytes => {
      const bytes = new Uint8Array(3 * gap + 64 + stride * call.path.length + 32).fill(junk);
      const write = (hex: string, at: number) => bytes.set(Buffer.from(hex.slice(2), "hex"), at);
      write(call.root, gap);
      write(call.digest, 2 * gap + 32);
      const pathAt = 3 * gap + 64;
      call.path.forEach((hash, i) => write(hash, pathAt + stride * i));
      const { leafIndex } = call;
      return {
        bytes,
        rootAt: gap,
        digestAt: 2 * gap + 32,
        leafIndex: Number(leafIndex),
        pathAt,
        pathStride: stride,
        pathCount: call.path.length,
      };
    };
    for (const wasm of [true, false]) {
      const previousWasm = wasm ? undefined : swapKeccakWasmForTests(null);
      try {
        fc.assert(
          fc.property(
            fc.integer({ min: 1, max: 70 }),
            fc.integer({ min: 1, max: 40 }),
            fc.array(
              fc.record({
                tree: fc.nat(1),
                index: fc.nat(1_000),
                // 0: as issued; 1: a sibling byte changed; 2: another index; 3: the other tree's root; 4: cut
                // short; 5: an index of 2^31 or more; 6: of 2^32 or more; 7: the digest changed
                change: fc.nat(7),
                at: fc.nat(1_000),
                gap: fc.nat(5),
                stride: fc.integer({ min: 32, max: 40 }),
                junk: fc.nat(255),
              }),
              { minLength: 1, maxLength: 60 },
            ),
            (sizeA, sizeB, calls) => {
              const trees = twoTrees(sizeA, sizeB);
              for (const call of calls) {
                const { parameters, path, index } = callOf(trees, call);
                if (call.change === 5) parameters.leafIndex = 2 ** 31 + call.at;
                if (call.change === 6) parameters.leafIndex = 2 ** 32 - 1 + call.at;
                if (call.change === 7) parameters.digest = flipAt(parameters.digest, call.at % 64);
                // A large index: the root its fold leads to (true when computed right), or the tree's (false).
                if ((call.change === 5 || call.change === 6) && call.junk % 2 === 0) {
                  parameters.root = referenceRoot(Number(parameters.leafIndex), parameters.digest, path) as Hex;
                }
                const expected =
                  referenceRoot(Number(parameters.leafIndex), parameters.digest, parameters.path) === parameters.root;
                const input = layOut(parameters, call.gap, call.stride, call.junk);
                expect(verifyInclusionBytes(input), JSON.stringify({ ...call, index })).to.equal(expected);
                expect(verifyInclusion(parameters)).to.equal(expected);
              }
            },
          ),
          { numRuns: wasm ? 60 : 15 },
        );
      } finally {
        if (!wasm) swapKeccakWasmForTests(previousWasm);
      }
    }
  });

  it("a path changed by its caller after a call is not taken for the one remembered", function () {
    const digests = randomDigests(16);
    const tree = buildMerkleTree(digests);
    const path = tree.getProof(4);
    expect(verifyInclusion({ root: tree.root, leafIndex: 4, digest: digests[4], path })).to.equal(true);
    path[3] = path[2];
    expect(verifyInclusion({ root: tree.root, leafIndex: 4, digest: digests[4], path })).to.equal(false);
    expect(rootFromPath({ leafIndex: 5, digest: digests[5], path: tree.getProof(5) })).to.equal(tree.root);
  });
});

type InclusionCall = Parameters<typeof verifyInclusion>[0];
