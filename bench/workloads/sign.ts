/**
 * Signing measurements in a child process (run by bench/sign.bench.ts):
 *
 *   node sign.js batch <template> <recipients> <outDir> <workers> <sign 0|1>   issueBatch, signed or not
 *   node sign.js naive <template> <n>     @digitalbazaar/vc issue + eddsa-rdfc-2022, one after another
 *   node sign.js verify <template> <n>    credanchor verifyCredentialSignature, one thread (wall and CPU time)
 *   node sign.js naive-verify <template> <n>   @digitalbazaar/vc verifyCredential, one thread
 */
import fs from "node:fs";
import { issueBatch } from "../../sdk/src/batch/issueBatch";
import { createCredential } from "../../sdk/src/credential/createCredential";
import { bundledContexts } from "../../sdk/src/sign/contexts";
import { createCanonizer } from "../../sdk/src/sign/canonize";
import { signCredential } from "../../sdk/src/sign/signCredential";
import { generateSigningKey } from "../../sdk/src/sign/signingKey";
import { verifyCredentialSignature } from "../../sdk/src/sign/verifyCredentialSignature";
import { report } from "./report";

/* eslint-disable @typescript-eslint/no-require-imports */
const [mode, template, ...rest] = process.argv.slice(2);
const baseRss = process.memoryUsage().rss;

function credentials(n: number, did: string) {
  const parsed = JSON.parse(fs.readFileSync(template, "utf8"));
  parsed.issuer.id = did;
  return Array.from({ length: n }, (_, i) =>
    createCredential(parsed, { name: `Learner ${i}`, email: `learner${i}@example.org`, score: String(i % 101) }),
  );
}

function standard() {
  const vc = require("@digitalbazaar/vc");
  const { DataIntegrityProof } = require("@digitalbazaar/data-integrity");
  const { cryptosuite } = require("@digitalbazaar/eddsa-rdfc-2022-cryptosuite");
  const Ed25519Multikey = require("@digitalbazaar/ed25519-multikey");
  return { vc, DataIntegrityProof, cryptosuite, Ed25519Multikey };
}

function loader(did: string, method: Record<string, unknown>) {
  const contexts = bundledContexts();
  return async (url: string) => {
    const document = contexts.get(url);
    if (document) return { contextUrl: null, documentUrl: url, document };
    if (url === method.id)
      return {
        contextUrl: null,
        documentUrl: url,
        document: { "@context": "https://w3id.org/security/multikey/v1", ...method },
      };
    if (url === did) {
      return {
        contextUrl: null,
        documentUrl: url,
        document: {
          "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
          id: did,
          verificationMethod: [method],
          assertionMethod: [method.id],
        },
      };
    }
    throw new Error(`not offline: ${url}`);
  };
}

async function main(): Promise<void> {
  const did = "did:web:credentials.example.edu";
  if (mode === "batch") {
    const [recipients, outDir, workers, sign] = rest;
    const parsed = JSON.parse(fs.readFileSync(template, "utf8"));
    parsed.issuer.id = did;
    const templateFile = `${outDir}.template.json`;
    fs.writeFileSync(templateFile, JSON.stringify(parsed));
    const signingKey = sign === "1" ? generateSigningKey() : undefined;
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    const { manifest } = await issueBatch({
      template: templateFile,
      recipients,
      outDir,
      workers: Number(workers),
      signingKey,
    });
    const totalMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    return report({ n: manifest.leafCount, totalMs, cpuMs: (cpu.user + cpu.system) / 1000 }, baseRss);
  }
  const n = Number(rest[0]);
  const list = credentials(n, did);
  if (mode === "naive" || mode === "naive-verify") {
    const { vc, DataIntegrityProof, cryptosuite, Ed25519Multikey } = standard();
    const key = await Ed25519Multikey.generate({ controller: did });
    key.id = `${did}#${key.publicKeyMultibase}`;
    const method = { id: key.id, type: "Multikey", controller: did, publicKeyMultibase: key.publicKeyMultibase };
    const documentLoader = loader(did, method);
    const signed = [];
    let started = performance.now();
    for (const credential of list) {
      signed.push(
        await vc.issue({
          credential,
          suite: new DataIntegrityProof({ signer: key.signer(), cryptosuite }),
          documentLoader,
        }),
      );
    }
    const signMs = performance.now() - started;
    if (mode === "naive") return report({ n, totalMs: signMs }, baseRss);
    started = performance.now();
    for (const credential of signed) {
      const result = await vc.verifyCredential({
        credential,
        suite: new DataIntegrityProof({ cryptosuite }),
        documentLoader,
      });
      if (!result.verified) throw new Error("naive verify failed");
    }
    return report({ n, totalMs: performance.now() - started }, baseRss);
  }
  if (mode === "verify") {
    const key = generateSigningKey();
    const signer = createCanonizer();
    const signed = [];
    for (const credential of list) signed.push(await signCredential({ credential, signer: key, canonizer: signer }));
    const canonizer = createCanonizer();
    const resolveKey = async (id: string) => ({ id, controller: did, publicKeyMultibase: key.publicKeyMultibase });
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    for (const credential of signed) {
      const result = await verifyCredentialSignature({ credential, resolveKey, canonizer });
      if (result.status !== "passed") throw new Error(result.message);
    }
    const cpu = process.cpuUsage(cpuStart);
    return report({ n, totalMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 }, baseRss);
  }
  throw new Error(`unknown mode ${mode}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
