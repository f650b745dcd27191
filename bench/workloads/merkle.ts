/**
 * One merkle measurement in a child process: `node merkle.js <impl> <n>` with impl = ours | oz |
 * merkletreejs. Builds the tree of n digests and produces every proof (as hex, what a batch writes).
 */
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { MerkleTree as MerkleTreeJs } from "merkletreejs";
import { keccak256 as ethersKeccak, AbiCoder } from "ethers";
import { buildMerkleTree } from "../../sdk/src/merkle";
import { benchDigests, report } from "./report";

const [impl, nText] = process.argv.slice(2);
const n = Number(nText);
const flat = benchDigests(n);
const hex = (i: number) => `0x${Buffer.from(flat.subarray(32 * i, 32 * i + 32)).toString("hex")}`;
const baseRss = process.memoryUsage().rss;

if (impl === "ours") {
  const started = performance.now();
  const tree = buildMerkleTree(flat);
  const built = performance.now();
  let siblings = 0;
  for (const { path } of tree.proofs()) siblings += path.length;
  const done = performance.now();
  report({ impl, n, buildMs: built - started, proofsMs: done - built, totalMs: done - started, siblings }, baseRss);
} else if (impl === "oz") {
  const values = Array.from({ length: n }, (_, i) => [i, hex(i)]);
  const started = performance.now();
  const tree = StandardMerkleTree.of(values, ["uint256", "bytes32"]);
  const built = performance.now();
  let siblings = 0;
  for (let i = 0; i < n; i++) siblings += tree.getProof(i).length;
  const done = performance.now();
  report({ impl, n, buildMs: built - started, proofsMs: done - built, totalMs: done - started, siblings }, baseRss);
} else if (impl === "merkletreejs") {
  const digests = Array.from({ length: n }, (_, i) => hex(i));
  const keccak = (data: Buffer) => Buffer.from(ethersKeccak(data).slice(2), "hex");
  const coder = AbiCoder.defaultAbiCoder();
  const started = performance.now();
  // the same double-hashed leaves, computed as a merkletreejs user would
  const leaves = digests.map((digest, i) =>
    Buffer.from(ethersKeccak(ethersKeccak(coder.encode(["uint256", "bytes32"], [i, digest]))).slice(2), "hex"),
  );
  const tree = new MerkleTreeJs(leaves, keccak, { sortPairs: true });
  const built = performance.now();
  let siblings = 0;
  for (let i = 0; i < n; i++) siblings += tree.getHexProof(leaves[i], i).length;
  const done = performance.now();
  report({ impl, n, buildMs: built - started, proofsMs: done - built, totalMs: done - started, siblings }, baseRss);
} else {
  throw new Error(`unknown implementation ${impl}`);
}
