/**
 * Where the hand-assembled WebAssembly keccak (sdk/src/hash/keccakWasm.ts) is used, against the
 * maintained one (@noble/hashes): the Merkle tree of 2^20 leaves (OpenZeppelin StandardMerkleTree
 * leaves, double-hashed, then sorted pairs up to the root), both ways, with the same root checked.
 * Reports process CPU time (user + system) beside wall time, so a busy machine does not skew the ratio.
 *
 *     npx ts-node --transpile-only bench/keccakTree.ts
 */
import { keccak_256 } from "@noble/hashes/sha3";
import { initKeccak } from "../sdk/src/hash/keccak";
import { compare32 } from "../sdk/src/merkle/bytes";
import { hashLeaves } from "../sdk/src/merkle/hashLeaves";
import { hashPairs } from "../sdk/src/merkle/hashPairs";

const N = 1 << 20;

function digestsOf(count: number): Uint8Array {
  const digests = new Uint8Array(32 * count);
  for (let i = 0; i < digests.length; i++) digests[i] = (i * 2654435761) >>> 24;
  return digests;
}

/** The SDK's tree: batch entry points of the WebAssembly keccak. */
function treeWasm(digests: Uint8Array): Uint8Array {
  let level = hashLeaves(digests);
  for (let n = digests.length / 32; n > 1; n >>= 1) {
    const parents = new Uint8Array(32 * (n >> 1));
    hashPairs(level, n >> 1, parents);
    level = parents;
  }
  return level;
}

/** The same tree with @noble/hashes, one call per hash. */
function treeNoble(digests: Uint8Array): Uint8Array {
  const count = digests.length / 32;
  let level = new Uint8Array(32 * count);
  const encoded = new Uint8Array(64);
  const view = new DataView(encoded.buffer);
  for (let k = 0; k < count; k++) {
    view.setUint32(28, k); // abi.encode(uint256 index, bytes32 digest); the index fits 32 bits here
    encoded.set(digests.subarray(32 * k, 32 * k + 32), 32);
    level.set(keccak_256(keccak_256(encoded)), 32 * k);
  }
  const pair = new Uint8Array(64);
  for (let n = count; n > 1; n >>= 1) {
    const parents = new Uint8Array(32 * (n >> 1));
    for (let p = 0; p < n >> 1; p++) {
      const swap = compare32(level, 64 * p, level, 64 * p + 32) > 0;
      pair.set(level.subarray(64 * p + (swap ? 32 : 0), 64 * p + (swap ? 64 : 32)), 0);
      pair.set(level.subarray(64 * p + (swap ? 0 : 32), 64 * p + (swap ? 32 : 64)), 32);
      parents.set(keccak_256(pair), 32 * p);
    }
    level = parents;
  }
  return level;
}

async function main(): Promise<void> {
  await initKeccak();
  const digests = digestsOf(N);
  const roots: string[] = [];
  for (const [name, build] of [
    ["WebAssembly (hashLeaves/hashPairs)", treeWasm],
    ["@noble/hashes keccak_256", treeNoble],
  ] as const) {
    const cpu = process.cpuUsage();
    const started = Date.now();
    const root = Buffer.from(build(digests)).toString("hex");
    const used = process.cpuUsage(cpu);
    roots.push(root);
    console.log(
      `${name}: root 0x${root}, CPU ${((used.user + used.system) / 1e6).toFixed(2)} s, wall ${((Date.now() - started) / 1000).toFixed(2)} s`,
    );
  }
  if (roots[0] !== roots[1]) throw new Error("the two trees have different roots");
}

void main();
