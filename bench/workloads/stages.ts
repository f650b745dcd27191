/**
 * Per-stage figures for verification without a chain, on one thread: strict parsing, validation
 * (format check), the digest, and the signature check. `node stages.js <batchDir> [count]`.
 * Prints one JSON line: credentials per second of each stage.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { computeDigestReference, computeDigestWithProof } from "../../sdk/src/canonical/computeDigest";
import { findProofEntry } from "../../sdk/src/credential/findProofEntry";
import { parseCredentialJson } from "../../sdk/src/credential/parseCredentialJson";
import { validateCredential } from "../../sdk/src/credential/validateCredential";
import { initKeccak } from "../../sdk/src/hash/keccak";

async function main(): Promise<void> {
  const [dir, countArg] = process.argv.slice(2);
  const folder = path.join(dir, "credentials");
  let names = readdirSync(folder).sort();
  if (countArg) names = names.slice(0, Number(countArg));
  const texts = names.map((name) => readFileSync(path.join(folder, name), "utf8"));
  await initKeccak();
  // Best of three runs: the machine may be shared, and the first run warms the JIT.
  const rate = (run: () => void) => {
    let best = Infinity;
    for (let round = 0; round < 3; round++) {
      const started = performance.now();
      run();
      best = Math.min(best, performance.now() - started);
    }
    return Math.round((texts.length / best) * 1000);
  };
  let values: unknown[] = [];
  const parse = rate(() => {
    values = texts.map((text) => parseCredentialJson(text));
  });
  const validate = rate(() => {
    for (const value of values) if (validateCredential(value).length) throw new Error("invalid");
  });
  const proofs = values.map((value) => findProofEntry(value));
  const reference = rate(() => {
    values.forEach((value, i) => {
      if (computeDigestReference(value as object, proofs[i]) !== proofs[i].digest) throw new Error("digest");
    });
  });
  const digest = rate(() => {
    values.forEach((value, i) => {
      if (computeDigestWithProof(value as object, proofs[i]) !== proofs[i].digest) throw new Error("digest");
    });
  });
  console.log(JSON.stringify({ n: texts.length, parse, validate, referenceDigest: reference, digest }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
