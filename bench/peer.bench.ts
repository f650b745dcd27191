/**
 * `npm run bench -- peer`: credanchor's offline verification beside OpenAttestation's
 * (@govtechsg/open-attestation 6.9.7, the library its verifier builds on), on the same number of
 * documents holding the same data, on one thread, from JSON text.
 *
 * - credanchor: `issueBatch` (test/fixtures/batch/template.json, one credential per CSV row), then per
 *   credential the checks that need no network, as the verifier's worker threads run them
 *   (`verifyOffline`: strict parse, Open Badges 3.0 validation, digest, Merkle path, validity dates,
 *   signature presence).
 * - OpenAttestation: `wrapDocuments` (v2, one Merkle tree over the batch) of documents with the same
 *   fields (recipient name, e-mail and score, the achievement, the issuer with a DNS-TXT identity
 *   proof and a document store), then per document `JSON.parse`, `validateSchema` and `verifySignature`
 *   (its salted per-field digest and Merkle proof): its offline checks. Its network checks (document
 *   store on chain, DNS TXT) are left out on both sides.
 *
 * PEER_BENCH_COUNT (default 10,000) sets the documents; each side runs 3 times, best and median given,
 * with the CPU time (user + system) of the process during the run.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { BenchContext } from "./run";

const COUNT = Number(process.env.PEER_BENCH_COUNT ?? 10_000);
const RUNS = 3;

interface Run {
  ms: number;
  cpuMs: number;
  load: number;
}

function measure(run: () => void): Run {
  const load = os.loadavg()[0];
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  run();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, load };
}

async function measureAsync(run: () => Promise<void>): Promise<Run> {
  const load = os.loadavg()[0];
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await run();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, load };
}

const n = (value: number) => Math.round(value).toLocaleString("en-US");

function row(what: string, runs: Run[]): string {
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  const median = sorted[Math.floor(sorted.length / 2)];
  const best = sorted[0];
  const cpuMedian = [...runs].sort((a, b) => a.cpuMs - b.cpuMs)[Math.floor(runs.length / 2)];
  return `| ${what} | ${n(COUNT)} | ${(median.ms / 1000).toFixed(2)} s | ${n((COUNT / median.ms) * 1000)} | ${n((COUNT / best.ms) * 1000)} | ${(cpuMedian.cpuMs / 1000).toFixed(2)} s | ${n((COUNT / cpuMedian.cpuMs) * 1000)} | ${runs.map((r) => r.load.toFixed(1)).join(" / ")} |`;
}

export default async function peerBench(context: BenchContext): Promise<string> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const oa = require("@govtechsg/open-attestation") as typeof import("@govtechsg/open-attestation");
  const { issueBatch } = require("../sdk/src/batch/issueBatch") as typeof import("../sdk/src/batch/issueBatch");
  const { verifyOffline } =
    require("../sdk/src/verify/verifyOffline") as typeof import("../sdk/src/verify/verifyOffline");
  const { createCanonizer } = require("../sdk/src/sign/canonize") as typeof import("../sdk/src/sign/canonize");
  const { createDidWebKeyResolver } =
    require("../sdk/src/sign/resolveAssertionKey") as typeof import("../sdk/src/sign/resolveAssertionKey");
  /* eslint-enable @typescript-eslint/no-require-imports */

  const templatePath = path.resolve(__dirname, "..", "test", "fixtures", "batch", "template.json");
  const template = JSON.parse(await fs.readFile(templatePath, "utf8")) as {
    issuer: { id: string; name: string; url: string };
    achievement: { id: string; name: string; description: string; criteria: { narrative: string } };
    validUntil: string;
  };
  const learners = Array.from({ length: COUNT }, (_, i) => ({
    name: `Learner ${i}`,
    email: `learner${i}@example.org`,
    score: 50 + (i % 50),
  }));

  // credanchor: the batch's credential files, as texts.
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "credanchor-peer-bench-"));
  let texts: string[];
  try {
    const recipients = path.join(work, "recipients.csv");
    const rows = ["name,email,id,score", ...learners.map((l) => `${l.name},${l.email},,${l.score}`)];
    await fs.writeFile(recipients, rows.join("\n") + "\n");
    context.log(`issuing ${COUNT} credanchor credentials`);
    await issueBatch({ template: templatePath, recipients, outDir: path.join(work, "batch") });
    const dir = path.join(work, "batch", "credentials");
    const names = (await fs.readdir(dir)).sort();
    texts = await Promise.all(names.map((name) => fs.readFile(path.join(dir, name), "utf8")));
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }

  // OpenAttestation: the same data as v2 documents, wrapped as one batch.
  context.log(`wrapping ${COUNT} OpenAttestation documents`);
  const documents = learners.map((learner) => ({
    $template: { name: "CERTIFICATE", type: oa.v2.TemplateType.EmbeddedRenderer, url: "https://renderer.example.edu" },
    name: template.achievement.name,
    description: template.achievement.description,
    criteria: template.achievement.criteria.narrative,
    achievementId: template.achievement.id,
    validUntil: template.validUntil,
    recipient: { name: learner.name, email: learner.email, score: learner.score },
    issuers: [
      {
        name: template.issuer.name,
        url: template.issuer.url,
        documentStore: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        identityProof: { type: oa.v2.IdentityProofType.DNSTxt, location: "example.edu" },
      },
    ],
  }));
  const wrapped = measure(() => void oa.wrapDocuments(documents));
  const wrappedTexts = oa.wrapDocuments(documents).map((document) => JSON.stringify(document));

  const nowMs = Date.now();
  const signature = { resolveKey: createDidWebKeyResolver(), canonizer: createCanonizer() };
  const ours: Run[] = [];
  const theirs: Run[] = [];
  for (let run = 0; run < RUNS; run++) {
    context.log(`run ${run + 1}: credanchor`);
    ours.push(
      await measureAsync(async () => {
        const works = await verifyOffline(texts, { nowMs }, signature);
        const failed = works.filter((w) => Object.values(w.checks).some((c) => c.status === "failed"));
        if (failed.length > 0) throw new Error(`credanchor: ${failed.length} credentials failed an offline check`);
      }),
    );
    context.log(`run ${run + 1}: OpenAttestation`);
    theirs.push(
      measure(() => {
        for (const text of wrappedTexts) {
          const document = JSON.parse(text) as Parameters<typeof oa.verifySignature>[0];
          if (!oa.validateSchema(document) || !oa.verifySignature(document)) {
            throw new Error("OpenAttestation: a wrapped document did not verify");
          }
        }
      }),
    );
  }
  const ourBytes = texts.reduce((sum, text) => sum + text.length, 0) / COUNT;
  const theirBytes = wrappedTexts.reduce((sum, text) => sum + text.length, 0) / COUNT;

  return [
    "### Peer: OpenAttestation's offline verification",
    "",
    `${COUNT.toLocaleString("en-US")} documents with the same data (recipient name, e-mail and score; the achievement of`,
    "test/fixtures/batch/template.json; the issuer), verified from JSON text on one thread, without the network",
    "checks (chain reads, DNS) on either side. credanchor: `verifyOffline`, what each verification worker thread",
    "runs (strict parse, Open Badges 3.0 validation, digest, Merkle path, validity, signature presence).",
    "OpenAttestation 6.9.7 (v2 documents, `wrapDocuments` as one batch): `JSON.parse`, `validateSchema`,",
    "`verifySignature`. Median and best of 3 runs; CPU is the process's user + system time during the run:",
    "contention inflates it less than the wall time, but it does inflate it.",
    "",
    "| verification | documents | time (median) | documents / s | best run / s | CPU (median) | documents per CPU-second | load (1 min) at each run |",
    "|---|---:|---:|---:|---:|---:|---:|---|",
    row("credanchor `verifyOffline` (Open Badges 3.0)", ours),
    row("OpenAttestation `validateSchema` + `verifySignature` (v2)", theirs),
    "",
    `Average document: credanchor ${n(ourBytes)} characters, OpenAttestation ${n(theirBytes)}. OpenAttestation's`,
    `\`wrapDocuments\` of the ${COUNT.toLocaleString("en-US")} took ${(wrapped.ms / 1000).toFixed(2)} s (${(wrapped.cpuMs / 1000).toFixed(2)} s CPU).`,
  ].join("\n");
}
