/**
 * Raw keccak256 throughput on one core for 64-byte inputs (the size of a Merkle node pair and of an
 * abi-encoded leaf): @noble/hashes, hash-wasm, and the SDK's hand-assembled WebAssembly (one call per
 * hash, and the batch entry points the tree uses).
 */
import { keccak_256 } from "@noble/hashes/sha3";
import { createKeccak } from "hash-wasm";
import type { BenchContext } from "./run";
import { fmt } from "./lib/child";
import { keccak256 } from "../sdk/src/hash/keccak";
import { hashPairs } from "../sdk/src/merkle/hashPairs";
import { hashLeaves } from "../sdk/src/merkle/hashLeaves";

/** Best of 5 runs of `count` hashes, as hashes per second. */
function rate(count: number, run: () => void): number {
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return (count / best) * 1000;
}

export default async function keccakBench(context: BenchContext): Promise<string> {
  const N = 200_000;
  const inputs = new Uint8Array(64 * N);
  for (let i = 0; i < inputs.length; i++) inputs[i] = (i * 31 + 7) & 255;
  const one = (i: number) => inputs.subarray(64 * i, 64 * i + 64);
  const hasher = await createKeccak(256);

  context.log("@noble/hashes");
  const noble = rate(N / 4, () => {
    for (let i = 0; i < N / 4; i++) keccak_256(one(i));
  });
  context.log("hash-wasm");
  const hashWasm = rate(N, () => {
    for (let i = 0; i < N; i++) {
      hasher.init();
      hasher.update(one(i));
      hasher.digest("binary");
    }
  });
  context.log("credanchor keccak256()");
  const ours = rate(N, () => {
    for (let i = 0; i < N; i++) keccak256(one(i));
  });
  context.log("credanchor batch");
  const out = new Uint8Array(32 * N);
  const pairs = rate(N, () => hashPairs(inputs, N, out));
  const leaves = rate(N, () => hashLeaves(inputs.subarray(0, 32 * N), 0, out)) * 2;

  const row = (name: string, value: number, note: string) =>
    `| ${name} | ${fmt.int(value)} | ${(value / noble).toFixed(1)}× | ${note} |`;
  return [
    "### Raw keccak256, one core, 64-byte inputs",
    "",
    "| implementation | hashes / s | vs @noble/hashes | how |",
    "|---|---:|---:|---|",
    row("@noble/hashes 1.8 `keccak_256`", noble, "pure JavaScript, one call per hash"),
    row("hash-wasm 4.13 (`init`/`update`/`digest`)", hashWasm, "WebAssembly, three calls and an allocation per hash"),
    row("credanchor `keccak256`", ours, "hand-assembled WebAssembly, one call per hash"),
    row("credanchor `hashPairs` (tree nodes)", pairs, "4,096 sorted pairs per WebAssembly call"),
    row("credanchor `hashLeaves` (2 hashes per leaf)", leaves, "4,096 double-hashed leaves per call"),
    "",
    "The tree's limit on one core is the batch rate: about one keccak-f[1600] permutation per node.",
  ].join("\n");
}
