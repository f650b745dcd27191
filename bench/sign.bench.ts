/**
 * The issuer signature (eddsa-rdfc-2022): issueBatch with and without signing on every core, beside
 * the naive route through @digitalbazaar/vc (one credential after another, as the W3C libraries do
 * it), and signature verification. Each measurement in its own child process, from JavaScript.
 *
 * CREDANCHOR_BENCH_SIGN_N (default 20000) sets the batch size.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchContext } from "./run";
import { compileWorkloads, fmt, runChild } from "./lib/child";

const TEMPLATE = path.resolve(__dirname, "../test/fixtures/templates/telemedicine-nursing.json");

export default async function signBench(context: BenchContext): Promise<string> {
  const workload = compileWorkloads()("sign");
  const n = Number(process.env.CREDANCHOR_BENCH_SIGN_N ?? 20_000);
  const workers = os.availableParallelism();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-sign-bench-"));
  const rows: string[] = [];
  const rate = (count: number, ms: number) => (count / ms) * 1000;
  let signedRate = 0;
  let verifyRate: number;
  let signedCpuRate = 0;
  const load = os.loadavg()[0]!.toFixed(1);
  try {
    const recipients = path.join(scratch, "recipients.csv");
    let text = "name,email,score\n";
    for (let i = 0; i < n; i++) text += `Learner ${i},learner${i}@example.org,${i % 101}\n`;
    fs.writeFileSync(recipients, text);
    for (const sign of ["0", "1"]) {
      context.log(`issueBatch of ${fmt.int(n)}, ${sign === "1" ? "signed" : "unsigned"}, ${workers} workers`);
      const r = await runChild(workload, [
        "batch",
        TEMPLATE,
        recipients,
        path.join(scratch, `batch-${sign}`),
        String(workers),
        sign,
      ]);
      const perSecond = rate(n, Number(r.totalMs));
      if (sign === "1") {
        signedRate = perSecond;
        signedCpuRate = rate(n * workers, Number(r.cpuMs));
      }
      rows.push(
        `| credanchor issueBatch, ${sign === "1" ? "signed (eddsa-rdfc-2022)" : "unsigned"}, ${workers} workers | ${fmt.int(n)} | ${fmt.s(Number(r.totalMs))} | ${fmt.int(perSecond)} | ${fmt.s(Number(r.cpuMs))} | ${fmt.int(rate(n * workers, Number(r.cpuMs)))} |`,
      );
    }
    const naiveN = 200;
    context.log(`@digitalbazaar/vc issue, ${naiveN} credentials, one thread`);
    const naive = await runChild(workload, ["naive", TEMPLATE, String(naiveN)]);
    rows.push(
      `| @digitalbazaar/vc issue (naive route), 1 thread | ${naiveN} | ${fmt.s(Number(naive.totalMs))} | ${fmt.int(rate(naiveN, Number(naive.totalMs)))} | – | ${fmt.int(rate(naiveN, Number(naive.totalMs)))} |`,
    );
    const verifyN = 5000;
    context.log(`credanchor verifyCredentialSignature, ${verifyN}, one thread`);
    const verify = await runChild(workload, ["verify", TEMPLATE, String(verifyN)]);
    verifyRate = rate(verifyN, Number(verify.totalMs));
    rows.push(
      `| credanchor verifyCredentialSignature, 1 thread | ${fmt.int(verifyN)} | ${fmt.s(Number(verify.totalMs))} | ${fmt.int(verifyRate)} | – | ${fmt.int(verifyRate * workers)} |`,
    );
    context.log(`@digitalbazaar/vc verifyCredential, ${naiveN}, one thread`);
    const naiveVerify = await runChild(workload, ["naive-verify", TEMPLATE, String(naiveN)]);
    rows.push(
      `| @digitalbazaar/vc verifyCredential (naive route), 1 thread | ${naiveN} | ${fmt.s(Number(naiveVerify.totalMs))} | ${fmt.int(rate(naiveN, Number(naiveVerify.totalMs)))} | – | ${fmt.int(rate(naiveN, Number(naiveVerify.totalMs)) * workers)} |`,
    );
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return [
    "### Issuer signature (eddsa-rdfc-2022)",
    "",
    "The telemedicine template (credentialSchema, alignments, result description) with n recipients. credanchor turns the template's JSON-LD shape into RDF once per worker and then, per credential, substitutes the values, runs RDFC-1.0 and signs with node:crypto Ed25519 (sdk/src/sign/canonize.ts). The naive route calls @digitalbazaar/vc for each credential (JSON-LD expansion every time). Wall time on a machine shared with other work; CPU is all threads of the process.",
    "",
    `Load average when the bench started: ${load} on ${workers} cores (other work shares the machine, so wall times are longer than the CPU allows). The last column is what the CPU time allows on ${workers} unshared cores: n × cores / CPU seconds for batches, the single-thread rate × cores for the rest (the naive issue row is one thread as measured).`,
    "",
    `| route | credentials | time (s) | credentials / s (wall) | CPU (s) | credentials / s on ${workers} unshared cores |`,
    "|---|---:|---:|---:|---:|---:|",
    ...rows,
    "",
    `Target: ≥ 1,000 signed credentials / s on this machine, end to end with digests, tree and files: ${fmt.int(signedRate)} / s wall at load ${load}, ${fmt.int(signedCpuRate)} / s by CPU time on ${workers} cores. Signature verification: ${fmt.int(verifyRate)} / s per thread.`,
  ].join("\n");
}
