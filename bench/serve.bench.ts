/**
 * `npm run bench -- serve`: the verification service (`credanchor serve`) under load, against a local
 * `hardhat node` over HTTP. The service runs in its own process (bench/lib/serveChild.ts), from
 * JavaScript bundled for the run as `npm run build` bundles it (bench/lib/buildServe.ts); the
 * load comes from autocannon in this process.
 *
 * 1. `POST /credentials/verify`: 64 different credentials of one anchored batch, cycled by 32
 *    connections for 10 s (after a warm-up that fills the caches): requests per second and latency
 *    percentiles. Each request runs every check; the chain reads are answered from the service's
 *    cache (statuses for 30 s), which is how a service verifying the same issuers all day runs.
 * 2. `POST /credentials/verify-batch`: 10,000 credentials of the batch in one request, 3 times one
 *    after another (the first with cold caches): credentials per second per request. The client is
 *    `node:http`'s request (the body one Buffer; run 1 keeps the answer whole and checks every result,
 *    runs 2 and 3 count its bytes and keep the first KiB, the summary they check): it costs this process
 *    a third of the CPU of `fetch` (undici) for the same batch, or less when it only counts (119 against
 *    380 ms, median of 5 pairs, lower in 5 of 5; counting 104 against 158, lower in 9 of 10:
 *    docs/PERFORMANCE.md, "verify-batch, December 8, third round"), and this process shares the 2 cores
 *    with the service.
 *
 * CREDANCHOR_BENCH_SERVE_SECONDS (default 10) sets the load duration; CREDANCHOR_BENCH_SERVE_PARTS=batch runs
 * part 2 alone (while working on it); CREDANCHOR_BENCH_SERVE_NODE_ARGS gives the service's process more Node
 * options (e.g. `--cpu-prof --cpu-prof-dir=.tmp/prof` to see where its CPU goes, every thread's).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { buildServe } from "./lib/buildServe";
import type { BenchContext } from "./run";

const COUNT = 10_000;
const DISTINCT = 64;
const CONNECTIONS = 32;
const SECONDS = Number(process.env.CREDANCHOR_BENCH_SERVE_SECONDS ?? 10);
const BATCH_RUNS = Number(process.env.CREDANCHOR_BENCH_SERVE_BATCH_RUNS ?? 3);
const PARTS = (process.env.CREDANCHOR_BENCH_SERVE_PARTS ?? "verify,batch").split(",");
const NODE_ARGS = (process.env.CREDANCHOR_BENCH_SERVE_NODE_ARGS ?? "").split(" ").filter(Boolean);
/** The service's --status-ttl in this benchmark: the batch runs after the first find the statuses cached. */
const STATUS_TTL_SECONDS = 600;

/** CPU seconds (user + system) used by `/proc/<pid>` (a process, or `PID/task/TID` one of its threads), Linux; undefined elsewhere. */
async function cpuSeconds(pid: number | string): Promise<number | undefined> {
  try {
    const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of /proc/PID/stat (1-based), i.e. 11 and 12 after the name.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Waits until the process `pid` is idle (under 20 ms of CPU in each of two 250 ms windows, at most 30 s):
 * the service starts its worker threads at listen, and their loading must not count as the load's CPU.
 */
async function untilIdle(pid: number): Promise<void> {
  let quiet = 0;
  for (let waited = 0; quiet < 2 && waited < 30_000; waited += 250) {
    const before = await cpuSeconds(pid);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const after = await cpuSeconds(pid);
    if (before === undefined || after === undefined) return;
    quiet = after - before < 0.02 ? quiet + 1 : 0;
  }
}

/** The service's `credanchor_batch_after_body_seconds` sum for answered batches (status 200), seconds. */
async function afterBodySeconds(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const series = 'credanchor_batch_after_body_seconds_sum{status="200"} ';
  const line = text.split("\n").find((l) => l.startsWith(series));
  return line === undefined ? 0 : Number(line.slice(series.length));
}

/** A verify-batch answer as postBatch received it. */
interface BatchAnswerReceived {
  status: number;
  contentLength?: string;
  /** Bytes received, every one counted. */
  length: number;
  /** The answer's bytes: all of them when kept whole, else its first chunks (at least HEAD_BYTES when there are). */
  bytes: Buffer;
}

/** The answer's first bytes postBatch keeps when it only counts the rest: room for the summary, its first member. */
const HEAD_BYTES = 1024;

/**
 * Checks a verify-batch answer of COUNT credentials: all received (its length against its Content-Length)
 * and every one verified, by its summary; `deep` (the answer kept whole): parsed whole, every result
 * verified, in order.
 */
function checkBatchAnswer(answer: BatchAnswerReceived, deep: boolean): void {
  const { bytes } = answer;
  const fail = () => new Error(`verify-batch: HTTP ${answer.status}: ${bytes.toString("utf8", 0, 300)}`);
  if (answer.status !== 200) throw fail();
  if (answer.length !== Number(answer.contentLength)) {
    throw new Error(`verify-batch: ${answer.length} bytes received of ${answer.contentLength}`);
  }
  if (deep) {
    const parsed = JSON.parse(bytes.toString("utf8")) as {
      summary?: { verified: number };
      results?: { verified?: boolean }[];
    };
    if (parsed.summary?.verified !== COUNT || parsed.results?.length !== COUNT) throw fail();
    if (!parsed.results.every((result) => result.verified === true)) throw fail();
    return;
  }
  // `{"summary":{…numbers…},"results":[…` : the summary is flat, so its first `}` closes it.
  const head = '{"summary":';
  const end = bytes.indexOf("}", head.length);
  if (bytes.toString("utf8", 0, head.length) !== head || end < 0) throw fail();
  const summary = JSON.parse(bytes.toString("utf8", head.length, end + 1)) as { total?: number; verified?: number };
  if (summary.total !== COUNT || summary.verified !== COUNT) throw fail();
}

/**
 * POSTs `body` (JSON) to `url` with `node:http`'s request. Every byte of the answer is counted; `whole`:
 * its chunks kept as they come and joined once, else only its first HEAD_BYTES kept (the summary: the
 * other runs check no more, so they do not copy 40 MB). (`fetch`, undici, costs this process about three
 * times the CPU for a 40 MB answer, and this process shares the cores with the service.)
 */
function postBatch(url: string, body: Buffer, whole: boolean): Promise<BatchAnswerReceived> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: "POST", headers: { "content-type": "application/json", "content-length": body.length } },
      (response) => {
        const chunks: Buffer[] = [];
        let length = 0;
        response.on("data", (chunk: Buffer) => {
          if (whole || length < HEAD_BYTES) chunks.push(chunk);
          length += chunk.length;
        });
        response.on("error", reject);
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            contentLength: response.headers["content-length"],
            length,
            bytes: Buffer.concat(chunks),
          }),
        );
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** CPU seconds (user + system) of the process's main thread, the request's thread (Linux); undefined elsewhere. */
async function mainThreadCpuSeconds(pid: number): Promise<number | undefined> {
  return cpuSeconds(`${pid}/task/${pid}`);
}

function perItem(cpu: number | undefined, count: number): string {
  return cpu === undefined ? "n/a" : `${((cpu / count) * 1000).toFixed(2)} ms`;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; average: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

function startServer(rpc: string): Promise<{ child: ChildProcess; url: string; lines: string[] }> {
  const repo = path.resolve(__dirname, "..");
  // The service runs bundled JavaScript, as `credanchor` does from dist/cli (see bench/lib/buildServe.ts).
  const entry = buildServe("bench/lib/serveChild.ts");
  const child = spawn(process.execPath, [...NODE_ARGS, entry, rpc, String(STATUS_TTL_SECONDS)], {
    cwd: repo,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        lines.push(line);
        const parsed = JSON.parse(line) as { url?: string };
        if (parsed.url) resolve({ child, url: parsed.url, lines });
      }
    });
    child.on("exit", (code) => reject(new Error(`the service exited ${code}: ${stderr}`)));
  });
}

/** Part 1: single verify requests under load; the lines of its table. */
async function verifyLoad(url: string, texts: string[], pid: number, context: BenchContext): Promise<string[]> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const autocannon = require("autocannon") as (options: Record<string, unknown>) => Promise<AutocannonResult>;
  /* eslint-enable @typescript-eslint/no-require-imports */
  // 1. Single verify requests.
  const bodies = texts.slice(0, DISTINCT).map((text) => `{"verifiableCredential":${text}}`);
  for (const body of bodies) {
    const response = await fetch(`${url}/credentials/verify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    const answer = (await response.json()) as { verified?: boolean };
    if (answer.verified !== true) throw new Error(`warm-up: not verified: ${JSON.stringify(answer).slice(0, 300)}`);
  }
  context.log(`verify: ${CONNECTIONS} connections for ${SECONDS} s`);
  const cpuBefore = await cpuSeconds(pid);
  const loaderBefore = process.cpuUsage();
  const load = await autocannon({
    url: `${url}/credentials/verify`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: bodies.map((body) => ({
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    })),
  });
  const loader = process.cpuUsage(loaderBefore);
  const cpuAfter = await cpuSeconds(pid);
  const loaderCpu = (loader.user + loader.system) / 1e6;
  const loadCpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  if (load.non2xx > 0 || load.errors > 0) {
    throw new Error(`verify load: ${load.non2xx} non-2xx answers, ${load.errors} errors`);
  }
  context.log(
    `verify: ${load.requests.average.toFixed(0)} req/s, p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms`,
  );
  return [
    `**POST /credentials/verify**: ${DISTINCT} different credentials cycled by ${CONNECTIONS} connections for ${SECONDS} s,`,
    "after a warm-up request for each (chain answers from the service's cache, as in steady operation).",
    "",
    "Service CPU is the user + system time of the service's process during the run (from /proc), divided by",
    "the requests: what one request costs the service, whatever else the machine is doing. The load generator's",
    "CPU (autocannon, this process) shares the same 2 cores.",
    "",
    "| requests / s | requests | p50 | p90 | p99 | max | non-2xx | service CPU per request | load generator CPU per request |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${Math.round(load.requests.average).toLocaleString("en-US")} | ${load.requests.total.toLocaleString("en-US")} | ${load.latency.p50} ms | ${load.latency.p90} ms | ${load.latency.p99} ms | ${load.latency.max} ms | ${load.non2xx} | ${perItem(loadCpu, load.requests.total)} | ${perItem(loaderCpu, load.requests.total)} |`,
    "",
  ];
}

export default async function serveBench(context: BenchContext): Promise<string> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { startHardhatNode, HARDHAT_ACCOUNTS } =
    require("../test/helpers/hardhatNode") as typeof import("../test/helpers/hardhatNode");
  const { issueBatch } = require("../sdk/src/batch/issueBatch") as typeof import("../sdk/src/batch/issueBatch");
  const { anchorBatch } = require("../sdk/src/anchor/anchorBatch") as typeof import("../sdk/src/anchor/anchorBatch");
  const { createRegistryClient } =
    require("../sdk/src/chain/createRegistryClient") as typeof import("../sdk/src/chain/createRegistryClient");
  const { deployRegistry } =
    require("../sdk/src/chain/actions/deployRegistry") as typeof import("../sdk/src/chain/actions/deployRegistry");
  /* eslint-enable @typescript-eslint/no-require-imports */

  const work = await fs.mkdtemp(path.join(os.tmpdir(), "credanchor-serve-bench-"));
  const node = await startHardhatNode();
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const recipients = path.join(work, "recipients.csv");
    const rows = ["name,email,id,score"];
    for (let i = 0; i < COUNT; i++) rows.push(`Learner ${i},learner${i}@example.org,,${50 + (i % 50)}`);
    await fs.writeFile(recipients, rows.join("\n") + "\n");
    const batchDir = path.join(work, "batch");
    context.log(`issuing ${COUNT} credentials`);
    const template = path.resolve(__dirname, "..", "test", "fixtures", "batch", "template.json");
    await issueBatch({ template, recipients, outDir: batchDir });
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
    const dir = path.join(batchDir, "credentials");
    const names = (await fs.readdir(dir)).sort();
    const texts = await Promise.all(names.map((name) => fs.readFile(path.join(dir, name), "utf8")));

    server = await startServer(node.url);
    const { url } = server;
    context.log(`service at ${url}`);

    const pid = server.child.pid!;
    await untilIdle(pid);
    // 1. Single verify requests.
    const verifyRows = PARTS.includes("verify") ? await verifyLoad(url, texts, pid, context) : [];

    // 2. Batch requests of 10,000.
    const batchBody = Buffer.from(`{"verifiableCredentials":[${texts.join(",")}]}`);
    const batchRows: string[] = [];
    for (let run = 0; run < BATCH_RUNS; run++) {
      const serviceBefore = await afterBodySeconds(url);
      const started = process.hrtime.bigint();
      const batchCpuBefore = await cpuSeconds(pid);
      const mainCpuBefore = await mainThreadCpuSeconds(pid);
      const clientBefore = process.cpuUsage();
      // Every byte of the answer received; the first run's answer parsed whole and checked deep, the
      // others' summary alone (the answer's first member, counting every verdict).
      const answer = await postBatch(`${url}/credentials/verify-batch`, batchBody, run === 0);
      checkBatchAnswer(answer, run === 0);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const client = process.cpuUsage(clientBefore);
      const clientCpu = (client.user + client.system) / 1e6;
      const batchCpuAfter = await cpuSeconds(pid);
      const mainCpuAfter = await mainThreadCpuSeconds(pid);
      const serviceMs = ((await afterBodySeconds(url)) - serviceBefore) * 1000;
      const batchCpu =
        batchCpuBefore === undefined || batchCpuAfter === undefined ? undefined : batchCpuAfter - batchCpuBefore;
      const mainCpu =
        mainCpuBefore === undefined || mainCpuAfter === undefined ? undefined : mainCpuAfter - mainCpuBefore;
      context.log(
        `verify-batch run ${run + 1}: ${ms.toFixed(0)} ms, service CPU ${batchCpu?.toFixed(2) ?? "n/a"} s, ` +
          `of it the request's thread ${mainCpu?.toFixed(2) ?? "n/a"} s; the service's body-to-answer ${serviceMs.toFixed(0)} ms; ` +
          `the client's CPU ${clientCpu.toFixed(2)} s`,
      );
      batchRows.push(
        `| verify-batch, run ${run + 1}${run === 0 ? " (cold caches, answer parsed whole)" : " (statuses cached)"} | ${COUNT.toLocaleString("en-US")} | ${(ms / 1000).toFixed(2)} s | ${Math.round((COUNT / ms) * 1000).toLocaleString("en-US")} | ${batchCpu === undefined ? "n/a" : `${batchCpu.toFixed(2)} s`} | ${perItem(batchCpu, COUNT)} | ${(serviceMs / 1000).toFixed(2)} s (${Math.round((COUNT / serviceMs) * 1000).toLocaleString("en-US")} /s) | ${clientCpu.toFixed(2)} s |`,
      );
    }
    const megabytes = (batchBody.length / 2 ** 20).toFixed(1);
    const [load1] = os.loadavg();

    return [
      "### Verification service (`credanchor serve`)",
      "",
      `The service in its own process (bundled as \`npm run build\` bundles dist/cli) against a local \`hardhat node\` over HTTP on loopback; load from`,
      `autocannon in the benchmark's process, on the same machine. ${COUNT.toLocaleString("en-US")} credentials of one batch`,
      "(test/fixtures/batch/template.json), anchored; every check runs on every request (issuer: local chain).",
      "Targets (issue 16): at least 2,000 verify requests/s with p99 under 50 ms; at least 20,000 credentials/s",
      "through verify-batch.",
      "",
      `Load average (1 min) at the end of the run: ${load1.toFixed(1)} on ${os.cpus().length} cores` +
        (load1 > os.cpus().length
          ? ": the machine was shared with other processes, so wall-clock figures are below what the service does on a quiet machine; the service CPU columns say what each request costs the service itself."
          : "."),
      "",
      ...verifyRows,
      `**POST /credentials/verify-batch**: ${COUNT.toLocaleString("en-US")} credentials (${megabytes} MiB of JSON) per request, one after another;`,
      "time from sending the request to the whole answer received (every byte) and checked: run 1's answer parsed whole",
      "(every result verified), the other runs' summary alone (the answer's first member; the length checked against",
      `Content-Length). The service runs with --status-ttl ${STATUS_TTL_SECONDS}, so runs 2 and 3 find the statuses of run 1`,
      "in its cache (run 1 reads them: one `credentialStatuses` call per part of 1,000).",
      "The client (this process: `node:http`'s request, the body one Buffer; about a third of `fetch`'s CPU for the same",
      "batch) shares the same 2 cores; its CPU for the request (sending, receiving, checking) is the last column. The column",
      "before it is the service's own time, from the body's last byte received to the answer's last byte written",
      "(`credanchor_batch_after_body_seconds` in its /metrics), and the credentials per second it alone would give.",
      "",
      "| request | credentials | time | credentials / s | service CPU | per credential | service, body received to answer sent | client CPU |",
      "|---|---:|---:|---:|---:|---:|---:|---:|",
      ...batchRows,
    ].join("\n");
  } finally {
    if (server) {
      server.child.kill("SIGTERM");
      await new Promise((resolve) => server!.child.once("exit", resolve));
    }
    await node.stop();
    await fs.rm(work, { recursive: true, force: true });
  }
}
