/**
 * `npm run bench -- load`: verification at load against a local `hardhat node` (issue 7, item 6).
 *
 * 1. 100,000 credentials of one batch: issued with issueBatch into a temporary directory, anchored
 *    with anchorBatch, then verified from the files in a child process with
 *    `verifyCredentialFileSlices` (results handed over 10,000 at a time and dropped: bounded memory)
 *    and with `verifyCredentialFiles` (every result kept, for comparison), each with the default heap
 *    and with the V8 heap capped at 256 MiB (which shows the memory the work needs).
 * 2. 1,000 credentials from 100 batches of 10: issued, anchored together with anchorBatches (one
 *    anchorMany transaction), and verified from the 100 directories in a child process.
 *
 * The child talks to the node through the fault-injection proxy in pass-through mode, which counts
 * the RPC requests. Peak memory is the child's max RSS. Issuing and anchoring are not timed.
 * CREDANCHOR_BENCH_LOAD_COUNT (default 100000) sets the size of the one-batch case.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchContext } from "./run";
import { compileWorkloads, fmt, runChild, type ChildResult } from "./lib/child";

const COUNT = Number(process.env.CREDANCHOR_BENCH_LOAD_COUNT ?? 100_000);
const BATCHES = 100;
const PER_BATCH = 10;
/** The V8 heap cap of the bounded-memory rows (`--max-old-space-size`). */
const HEAP_CAP_MIB = 256;
const TEMPLATE = path.resolve(__dirname, "../test/fixtures/batch/template.json");

function writeRecipients(file: string, n: number, offset = 0): void {
  const fd = fs.openSync(file, "w");
  try {
    fs.writeSync(fd, "name,email,id,score\n");
    for (let start = 0; start < n; start += 10_000) {
      let text = "";
      for (let i = start; i < Math.min(n, start + 10_000); i++) {
        const k = offset + i;
        text += `Learner ${k},learner${k}@example.org,,${50 + (k % 50)}\n`;
      }
      fs.writeSync(fd, text);
    }
  } finally {
    fs.closeSync(fd);
  }
}

export default async function loadBench(context: BenchContext): Promise<string> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { startHardhatNode, HARDHAT_ACCOUNTS } =
    require("../test/helpers/hardhatNode") as typeof import("../test/helpers/hardhatNode");
  const { startRpcFaultProxy } =
    require("../test/helpers/rpcFaultProxy") as typeof import("../test/helpers/rpcFaultProxy");
  const { issueBatch } = require("../sdk/src/batch/issueBatch") as typeof import("../sdk/src/batch/issueBatch");
  const { anchorBatch } = require("../sdk/src/anchor/anchorBatch") as typeof import("../sdk/src/anchor/anchorBatch");
  const { anchorBatches } =
    require("../sdk/src/anchor/anchorBatches") as typeof import("../sdk/src/anchor/anchorBatches");
  const { createRegistryClient } =
    require("../sdk/src/chain/createRegistryClient") as typeof import("../sdk/src/chain/createRegistryClient");
  const { deployRegistry } =
    require("../sdk/src/chain/actions/deployRegistry") as typeof import("../sdk/src/chain/actions/deployRegistry");
  /* eslint-enable @typescript-eslint/no-require-imports */

  const workload = compileWorkloads()("verifyFiles");
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-load-bench-"));
  const node = await startHardhatNode();
  const proxy = await startRpcFaultProxy(node.url);
  const rows: string[] = [];
  try {
    const client = createRegistryClient({
      chainId: 31337,
      rpcUrl: node.url,
      account: { privateKey: HARDHAT_ACCOUNTS[0].privateKey },
    });
    const { address: registry } = await deployRegistry(client, {
      admin: HARDHAT_ACCOUNTS[0].address,
      name: "Example University",
      url: "https://www.example.edu",
    });

    /**
     * Runs the child on `paths` through the counting proxy (with `nodeArgs`, e.g. a heap cap); checks
     * every credential is valid. A child that runs out of memory gets a row that says so.
     */
    const verify = async (
      label: string,
      mode: "slices" | "all",
      paths: string[],
      expected: number,
      nodeArgs: string[] = [],
    ) => {
      proxy.resetCounts();
      let result: ChildResult;
      try {
        result = await runChild(workload, [mode, proxy.url, ...paths], { nodeArgs });
      } catch (error) {
        if (!/heap out of memory/i.test(String(error))) throw error;
        context.log(`${label}: out of memory`);
        rows.push(`| ${label} | ${fmt.int(expected)} | out of memory | — | — | — | — |`);
        return;
      }
      if (Number(result.valid) !== expected || Number(result.n) !== expected) {
        throw new Error(
          `${label}: ${result.valid} of ${expected} credentials verified valid (${JSON.stringify(result)})`,
        );
      }
      const methods = Object.entries(proxy.counts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([method, n]) => `${n} ${method}`)
        .join(", ");
      const perSecond = (expected / Number(result.totalMs)) * 1000;
      context.log(
        `${label}: ${fmt.s(Number(result.totalMs))} s, ${fmt.int(perSecond)}/s, ${proxy.total} RPC requests, max RSS ${result.maxRssMiB} MiB`,
      );
      rows.push(
        `| ${label} | ${fmt.int(expected)} | ${fmt.s(Number(result.totalMs))} s | ${fmt.int(perSecond)} | ${fmt.s(Number(result.cpuMs))} s | ${proxy.total} (${methods}) | ${result.maxRssMiB} MiB |`,
      );
    };

    // 1. One batch of COUNT.
    const recipients = path.join(scratch, "recipients.csv");
    writeRecipients(recipients, COUNT);
    const big = path.join(scratch, "big");
    context.log(`issuing ${fmt.int(COUNT)} credentials`);
    await issueBatch({ template: TEMPLATE, recipients, outDir: big });
    context.log("anchoring (rewrites every file)");
    await anchorBatch(big, { client, registry });
    const capped = [`--max-old-space-size=${HEAP_CAP_MIB}`];
    await verify("one batch, `verifyCredentialFileSlices`", "slices", [big], COUNT);
    await verify(
      `one batch, \`verifyCredentialFileSlices\`, heap capped at ${HEAP_CAP_MIB} MiB`,
      "slices",
      [big],
      COUNT,
      capped,
    );
    await verify("one batch, `verifyCredentialFiles` (results kept)", "all", [big], COUNT);
    await verify(
      `one batch, \`verifyCredentialFiles\` (results kept), heap capped at ${HEAP_CAP_MIB} MiB`,
      "all",
      [big],
      COUNT,
      capped,
    );
    fs.rmSync(big, { recursive: true, force: true });

    // 2. BATCHES batches of PER_BATCH, anchored together.
    context.log(`issuing ${BATCHES} batches of ${PER_BATCH}`);
    const dirs: string[] = [];
    for (let b = 0; b < BATCHES; b++) {
      const file = path.join(scratch, `recipients-${b}.csv`);
      writeRecipients(file, PER_BATCH, b * PER_BATCH);
      const dir = path.join(scratch, `small-${String(b).padStart(3, "0")}`);
      await issueBatch({ template: TEMPLATE, recipients: file, outDir: dir, workers: 0 });
      dirs.push(dir);
    }
    const anchored = await anchorBatches(dirs, { client, registry });
    const transactions = new Set(anchored.map((r) => r.anchor.transactionHash)).size;
    context.log(`anchored ${BATCHES} roots in ${transactions} transaction(s)`);
    await verify(
      `${BATCHES} batches of ${PER_BATCH}, \`verifyCredentialFileSlices\``,
      "slices",
      dirs,
      BATCHES * PER_BATCH,
    );

    return [
      "### Verification at load",
      "",
      `Credentials issued with \`issueBatch\` (test/fixtures/batch/template.json), anchored (the ${BATCHES} small batches`,
      `with \`anchorBatches\`: ${BATCHES} roots in ${transactions} \`anchorMany\` transaction${transactions === 1 ? "" : "s"}), then verified from their`,
      "files against a local `hardhat node` over HTTP, in a child process: all eleven checks, every credential valid.",
      "RPC requests are counted by a pass-through proxy between the verifier and the node (test/helpers/rpcFaultProxy.ts);",
      "peak memory is the verifying process's max RSS. `verifyCredentialFileSlices` reads and verifies 10,000 files at",
      "a time and hands the results over slice by slice, keeping none; `verifyCredentialFiles` returns every result",
      "(a few KB each). Each slice reads the head, the batch records, the statuses (status word reads: docs/SPEC.md §7.5)",
      "and the profile once. With its default heap limit V8 lets the garbage of earlier slices pile up, so the",
      `uncapped RSS says little; the rows with the heap capped at ${HEAP_CAP_MIB} MiB (\`node --max-old-space-size=${HEAP_CAP_MIB}\`) show`,
      "what the work needs: the sliced run's memory does not grow with the number of files, keeping every result's does.",
      "The target of 10,000 credentials of one batch at >= 5,000 per second with <= 10 RPC requests is measured in",
      "the verification throughput section (`npm run bench -- verify`, bench/verify.bench.ts).",
      "",
      "| what | credentials | time | credentials / s | verifier CPU | RPC requests | peak RSS |",
      "|---|---:|---:|---:|---:|---|---:|",
      ...rows,
    ].join("\n");
  } finally {
    await proxy.close();
    await node.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
