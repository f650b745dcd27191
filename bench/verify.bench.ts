/**
 * `npm run bench -- verify`: verification throughput for 10,000 credentials of one batch against a
 * local `hardhat node` over HTTP, and the number of RPC requests it takes.
 *
 * The batch is built with issueBatch, anchored with anchorBatch (not timed); the credential files are
 * read into memory first, so the timed part is `verifyCredentials(texts)`: parsing, format, digest,
 * Merkle path, validity, and the chain reads (chain id, head, batch record, profile, statuses).
 * A second row times `verifyCredentialFiles(batchDir)`, which adds reading the 10,000 files.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { BenchContext } from "./run";

const COUNT = Number(process.env.VERIFY_BENCH_COUNT ?? 10_000);
const RUNS = 3;

export default async function verifyBench(context: BenchContext): Promise<string> {
  // Loaded here so that bench/run.ts can list benchmarks cheaply.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { startHardhatNode, HARDHAT_ACCOUNTS } =
    require("../test/helpers/hardhatNode") as typeof import("../test/helpers/hardhatNode");
  const { issueBatch } = require("../sdk/src/batch/issueBatch") as typeof import("../sdk/src/batch/issueBatch");
  const { anchorBatch } = require("../sdk/src/anchor/anchorBatch") as typeof import("../sdk/src/anchor/anchorBatch");
  const { createRegistryClient } =
    require("../sdk/src/chain/createRegistryClient") as typeof import("../sdk/src/chain/createRegistryClient");
  const { deployRegistry } =
    require("../sdk/src/chain/actions/deployRegistry") as typeof import("../sdk/src/chain/actions/deployRegistry");
  const { createReadTransport } = require("../sdk/src/chain/transport") as typeof import("../sdk/src/chain/transport");
  const { verifyCredentials, DEFAULT_STATUS_CHUNK_SIZE } =
    require("../sdk/src/verify") as typeof import("../sdk/src/verify");
  const { verifyCredentialFiles } = require("../sdk/src/verify/files") as typeof import("../sdk/src/verify/files");
  /* eslint-enable @typescript-eslint/no-require-imports */

  const work = await fs.mkdtemp(path.join(os.tmpdir(), "credanchor-verify-bench-"));
  const node = await startHardhatNode();
  try {
    const fixtures = path.resolve(__dirname, "..", "test", "fixtures", "batch");
    const recipients = path.join(work, "recipients.csv");
    const rows = ["name,email,id,score"];
    for (let i = 0; i < COUNT; i++) rows.push(`Learner ${i},learner${i}@example.org,,${50 + (i % 50)}`);
    await fs.writeFile(recipients, rows.join("\n") + "\n");
    const batchDir = path.join(work, "batch");
    context.log(`issuing ${COUNT} credentials`);
    await issueBatch({ template: path.join(fixtures, "template.json"), recipients, outDir: batchDir });
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
    context.log("anchoring");
    await anchorBatch(batchDir, { client, registry });
    const credentialsDir = path.join(batchDir, "credentials");
    const names = (await fs.readdir(credentialsDir)).sort();
    const texts = await Promise.all(names.map((name) => fs.readFile(path.join(credentialsDir, name), "utf8")));

    const measure = async (label: string, run: (rpc: ReturnType<typeof createReadTransport>) => Promise<unknown[]>) => {
      const times: number[] = [];
      const cpuTimes: number[] = [];
      let requests = "";
      let requestCount = 0;
      for (let i = 0; i < RUNS; i++) {
        const transport = createReadTransport({ chain: "eip155:31337", endpoints: [node.url] });
        const started = process.hrtime.bigint();
        const cpuBefore = process.cpuUsage();
        const results = (await run(transport)) as { status: string }[];
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const cpu = process.cpuUsage(cpuBefore);
        cpuTimes.push((cpu.user + cpu.system) / 1000);
        const valid = results.filter((r) => r.status === "valid").length;
        if (valid !== COUNT) throw new Error(`${label}: only ${valid} of ${COUNT} credentials verified valid`);
        times.push(ms);
        requestCount = transport.stats.requests;
        requests = Object.entries(transport.stats.byMethod)
          .map(([method, n]) => `${n} ${method}`)
          .join(", ");
        context.log(
          `${label} run ${i + 1}: ${ms.toFixed(0)} ms, verifier CPU ${cpuTimes[i].toFixed(0)} ms, ${requestCount} RPC requests`,
        );
      }
      times.sort((a, b) => a - b);
      cpuTimes.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)];
      const cpuMedian = cpuTimes[Math.floor(cpuTimes.length / 2)];
      return `| ${label} | ${COUNT.toLocaleString("en-US")} | ${(median / 1000).toFixed(2)} s | ${Math.round(
        (COUNT / median) * 1000,
      ).toLocaleString("en-US")} | ${(cpuMedian / 1000).toFixed(2)} s | ${requestCount} (${requests}) |`;
    };

    const inMemory = await measure("`verifyCredentials(texts)`", (transport) =>
      verifyCredentials(texts, { rpc: { "eip155:31337": transport } }),
    );
    const fromFiles = await measure("`verifyCredentialFiles(batchDir)`", (transport) =>
      verifyCredentialFiles([batchDir], { rpc: { "eip155:31337": transport } }),
    );

    return [
      "### Verification throughput",
      "",
      `${COUNT.toLocaleString("en-US")} credentials of one batch (issued with \`issueBatch\` from test/fixtures/batch/template.json,`,
      "anchored with `anchorBatch`), verified against a local `hardhat node` over HTTP on loopback: all nine checks,",
      "every credential valid. Median of " +
        RUNS +
        " runs, each with a fresh read transport (so each pays its `eth_chainId` check).",
      `Statuses are read with \`credentialStatuses\` in calls of at most ${DEFAULT_STATUS_CHUNK_SIZE.toLocaleString("en-US")} items.`,
      "Verifier CPU is the user + system time of the verifying process alone (the node's work is not in it).",
      "Target: at least 5,000 credentials per second, at most 10 RPC requests per 10,000 credentials.",
      "",
      "| what is timed | credentials | time | credentials / s | verifier CPU | RPC requests |",
      "|---|---:|---:|---:|---:|---|",
      inMemory,
      fromFiles,
    ].join("\n");
  } finally {
    await node.stop();
    await fs.rm(work, { recursive: true, force: true });
  }
}
