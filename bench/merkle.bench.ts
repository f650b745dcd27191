/**
 * Tree + every proof: the SDK against @openzeppelin/merkle-tree (StandardMerkleTree.of + getProof for
 * each leaf) and merkletreejs (leaves + tree + getHexProof with the index for each leaf) at 100,000
 * leaves, and the SDK alone at 1,000,000. Each measurement in its own child process (peak memory).
 */
import type { BenchContext } from "./run";
import { compileWorkloads, fmt, runChild, type ChildResult } from "./lib/child";

export default async function merkleBench(context: BenchContext): Promise<string> {
  const workload = compileWorkloads()("merkle");
  const run = async (impl: string, n: number): Promise<ChildResult> => {
    context.log(`${impl} at ${fmt.int(n)} leaves`);
    const result = await runChild(workload, [impl, String(n)], { nodeArgs: ["--max-old-space-size=8192"] });
    context.log(`  ${fmt.s(Number(result.totalMs))} s, ${result.maxRssMiB} MiB`);
    return result;
  };
  const ours = await run("ours", 100_000);
  const oz = await run("oz", 100_000);
  const js = await run("merkletreejs", 100_000);
  const million = await run("ours", 1_000_000);
  const row = (name: string, r: ChildResult, ratio: string) =>
    `| ${name} | ${fmt.int(Number(r.n))} | ${fmt.s(Number(r.buildMs))} | ${fmt.s(Number(r.proofsMs))} | ${fmt.s(Number(r.totalMs))} | ${ratio} | ${r.maxRssMiB} MiB (${r.baseRssMiB} before) |`;
  return [
    "### Merkle tree and every proof",
    "",
    'Build the batch tree of `n` digests (StandardMerkleTree leaves for `["uint256","bytes32"]`, sorted pairs) and produce every proof as hex strings. One child process per line; peak memory is the process\'s max RSS ("before": RSS after loading and preparing inputs).',
    "",
    "| implementation | leaves | build (s) | all proofs (s) | total (s) | vs credanchor | peak memory |",
    "|---|---:|---:|---:|---:|---:|---:|",
    row("credanchor SDK", ours, "1×"),
    row("@openzeppelin/merkle-tree StandardMerkleTree", oz, fmt.ratio(Number(oz.totalMs) / Number(ours.totalMs))),
    row("merkletreejs (sortPairs, index given)", js, fmt.ratio(Number(js.totalMs) / Number(ours.totalMs))),
    row("credanchor SDK", million, "—"),
    "",
    `Targets: 1,000,000 leaves in ≤ 3 s and ≤ 512 MiB (measured ${fmt.s(Number(million.totalMs))} s, ${million.maxRssMiB} MiB); ≥ 50× faster than StandardMerkleTree at 100,000 (measured ${fmt.ratio(Number(oz.totalMs) / Number(ours.totalMs))}).`,
  ].join("\n");
}
