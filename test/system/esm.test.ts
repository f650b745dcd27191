/**
 * The package's ES modules (issue 17 §4; scripts/buildEsm.ts). `import "credanchor"` and
 * `import "credanchor/node"`, resolved by package name through package.json `exports`, load dist/esm/
 * and hold the same names as `require()`; under Node they issue and verify a batch on worker threads
 * (the ES build starts the CommonJS worker scripts); TypeScript finds their types; and a bundler that
 * builds a page from two small functions leaves out the registry bytecode and the JSON-LD contexts.
 *
 * The package is installed as a copy of package.json and dist/ under .tmp/ (its dependencies resolve
 * from the repository's node_modules above it), so that one test can take a worker script out of it.
 */
import { expect } from "chai";
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { canonicalJson, leafHash } from "../../sdk/src";
import { credentialRegistryFactoryBytecode } from "../../sdk/src/chain/factoryArtifact";
import { credentialRegistryBytecode } from "../../sdk/src/chain/registryArtifact";
import { OB_V3_0_3_CONTEXT_URL } from "../../sdk/src/sign/contexts";
import { verifyCredentialFiles } from "../../sdk/src/node";
import { ensureBuilt, FIXTURES, REPO_ROOT } from "../helpers/runCli";

const TEMPLATE = path.join(FIXTURES, "batch", "template.json");
const RECIPIENTS = path.join(FIXTURES, "batch", "recipients.csv");
const NOW = "2026-03-01T00:00:00Z";

/** Each check's code, by check name. */
function codes(result: { checks: { check: string; code: string }[] }): Record<string, string> {
  return Object.fromEntries(result.checks.map((check) => [check.check, check.code]));
}

describe("the package's ES modules", function () {
  this.timeout(300_000);
  let consumer: string;
  let installed: string;

  before(function () {
    ensureBuilt();
    consumer = path.join(REPO_ROOT, ".tmp", `esm-consumer-${process.pid}`);
    installed = path.join(consumer, "node_modules", "credanchor");
    fs.rmSync(consumer, { recursive: true, force: true });
    fs.mkdirSync(installed, { recursive: true });
    // A package of its own: inside the repository, Node would resolve "credanchor" to the repository
    // itself (a package may import its own name) instead of looking in node_modules.
    fs.writeFileSync(path.join(consumer, "package.json"), '{ "name": "esm-consumer", "private": true }\n');
    fs.copyFileSync(path.join(REPO_ROOT, "package.json"), path.join(installed, "package.json"));
    fs.cpSync(path.join(REPO_ROOT, "dist"), path.join(installed, "dist"), { recursive: true });
  });
  after(function () {
    if (consumer) fs.rmSync(consumer, { recursive: true, force: true });
  });

  /** Runs `code` as an ES module in the consumer folder with `args`; its stdout, parsed as JSON. */
  function runModule<T>(name: string, code: string, ...args: string[]): T {
    const file = path.join(consumer, name);
    fs.writeFileSync(file, code);
    const run = spawnSync(process.execPath, [file, ...args], { cwd: consumer, encoding: "utf8", timeout: 120_000 });
    if (run.status !== 0) throw new Error(`node ${name} exited ${run.status}:\n${run.stdout}\n${run.stderr}`);
    return JSON.parse(run.stdout) as T;
  }

  it("import resolves to dist/esm/, require to dist/sdk/src/, with the same export names and one copy of each class", function () {
    const report = runModule<{
      resolved: Record<string, string>;
      names: Record<string, string[]>;
      oneBaseError: boolean;
      sameRoot: boolean;
    }>(
      "names.mjs",
      `import * as sdk from "credanchor";
import * as node from "credanchor/node";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const cjs = require("credanchor");
const cjsNode = require("credanchor/node");
const names = (module) => Object.keys(module).filter((name) => name !== "__esModule").sort();
console.log(JSON.stringify({
  resolved: {
    import: import.meta.resolve("credanchor"),
    importNode: import.meta.resolve("credanchor/node"),
    require: require.resolve("credanchor"),
    requireNode: require.resolve("credanchor/node"),
  },
  names: { esm: names(sdk), esmNode: names(node), cjs: names(cjs), cjsNode: names(cjsNode) },
  oneBaseError: sdk.BaseError === node.BaseError && sdk.keccak256 === node.keccak256,
  sameRoot: sdk.leafHash(7, "0x" + "11".repeat(32)) === cjs.leafHash(7, "0x" + "11".repeat(32)),
}));
`,
    );
    expect(report.resolved.import).to.equal(`file://${installed}/dist/esm/index.mjs`);
    expect(report.resolved.importNode).to.equal(`file://${installed}/dist/esm/node.mjs`);
    expect(report.resolved.require).to.equal(path.join(installed, "dist/sdk/src/index.js"));
    expect(report.resolved.requireNode).to.equal(path.join(installed, "dist/sdk/src/node.js"));
    expect(report.names.esm).to.deep.equal(report.names.cjs);
    expect(report.names.esmNode).to.deep.equal(report.names.cjsNode);
    expect(report.names.esm).to.include.members(["verifyCredential", "canonicalJson", "leafHash", "BaseError"]);
    expect(report.names.esmNode).to.include.members(["issueBatch", "verifyCredentialFiles", "anchorBatch"]);
    expect(report.oneBaseError, "index.mjs and node.mjs share their modules").to.equal(true);
    expect(report.sameRoot).to.equal(true);
  });

  it("no ES module uses the CommonJS variables (require, __dirname, __filename), which an ES module does not have", function () {
    const offenders: string[] = [];
    const visit = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(full);
        else if (/\b(__require|__dirname|__filename|require)\s*[(.]/.test(fs.readFileSync(full, "utf8")))
          offenders.push(path.relative(installed, full));
      }
    };
    visit(path.join(installed, "dist", "esm"));
    expect(offenders).to.deep.equal([]);
  });

  it("under ESM, issues a batch and verifies it on worker threads, with the verdicts of the CommonJS SDK", async function () {
    const out = path.join(consumer, "batch-esm");
    const report = runModule<{
      leafCount: number;
      tampered: string;
      results: { file: string; codes: Record<string, string> }[];
    }>(
      "issueVerify.mjs",
      `import fs from "node:fs";
import path from "node:path";
import { issueBatch, verifyCredentialFiles } from "credanchor/node";
const [template, recipients, out, now] = process.argv.slice(2);
const { manifest } = await issueBatch({ template, recipients, outDir: out, now, workers: 2, chunkSize: 3 });
const tampered = path.join(out, "credentials", manifest.files[1]);
const credential = JSON.parse(fs.readFileSync(tampered, "utf8"));
credential.credentialSubject.name = "Mallory";
fs.writeFileSync(tampered, JSON.stringify(credential));
const results = await verifyCredentialFiles([out], { workers: 2, now });
const codes = (result) => Object.fromEntries(result.checks.map((check) => [check.check, check.code]));
console.log(JSON.stringify({
  leafCount: manifest.leafCount,
  tampered: path.basename(tampered),
  results: results.map((result) => ({ file: path.basename(result.file), codes: codes(result) })),
}));
`,
      TEMPLATE,
      RECIPIENTS,
      out,
      NOW,
    );
    const rows = fs.readFileSync(RECIPIENTS, "utf8").trim().split("\n").length - 1;
    expect(report.leafCount).to.equal(rows);
    expect(report.results).to.have.length(rows);
    for (const result of report.results) {
      expect(result.codes.format, result.file).to.equal("FORMAT_OK");
      if (result.file === report.tampered) {
        expect(result.codes.integrity).to.equal("INTEGRITY_DIGEST_MISMATCH");
        continue;
      }
      expect(result.codes.integrity, result.file).to.equal("INTEGRITY_OK");
      expect(result.codes.inclusion, result.file).to.equal("INCLUSION_OK");
      expect(result.codes.anchor, result.file).to.equal("ANCHOR_RECORD_MISSING"); // issued, not anchored
    }
    // The CommonJS SDK (here from its sources) reads the batch the ES modules wrote the same way.
    const cjs = await verifyCredentialFiles([out], { workers: 0, now: NOW });
    expect(cjs.map((result) => ({ file: path.basename(result.file!), codes: codes(result) }))).to.deep.equal(
      report.results,
    );
  });

  it("the ES modules start the CommonJS worker scripts: without them the threads fail, workers: 0 still works", function () {
    const workers = ["dist/sdk/src/verify/verifyWorker.js", "dist/sdk/src/batch/issueWorker.js"];
    for (const worker of workers) fs.renameSync(path.join(installed, worker), path.join(installed, `${worker}.away`));
    try {
      const report = runModule<Record<string, string>>(
        "noWorkers.mjs",
        `import path from "node:path";
import { issueBatch, verifyCredentialFiles } from "credanchor/node";
const [template, recipients, folder, now] = process.argv.slice(2);
const outcome = (promise) => promise.then(() => "ok", (error) => \`\${error.name}: \${error.message}\`);
const issueOnThreads = await outcome(issueBatch({ template, recipients, outDir: path.join(folder, "threads"), now, workers: 2 }));
const issueHere = await outcome(issueBatch({ template, recipients, outDir: path.join(folder, "here"), now, workers: 0 }));
const verifyOnThreads = await outcome(verifyCredentialFiles([path.join(folder, "here")], { workers: 1, now }));
const verifyHere = await outcome(verifyCredentialFiles([path.join(folder, "here")], { workers: 0, now }));
console.log(JSON.stringify({ issueOnThreads, issueHere, verifyOnThreads, verifyHere }));
`,
        TEMPLATE,
        RECIPIENTS,
        path.join(consumer, "no-workers"),
        NOW,
      );
      expect(report.issueOnThreads).to.match(/^BatchWorkerError: .*worker thread/);
      expect(report.issueOnThreads).to.include("issueWorker.js");
      expect(report.issueHere).to.equal("ok");
      expect(report.verifyOnThreads).to.match(/^VerifyWorkerError: a verification worker thread failed: /);
      expect(report.verifyOnThreads).to.include("verifyWorker.js");
      expect(report.verifyHere).to.equal("ok");
    } finally {
      for (const worker of workers) fs.renameSync(path.join(installed, `${worker}.away`), path.join(installed, worker));
    }
  });

  it("TypeScript (node16 resolution) types an ES module consumer through the import condition", function () {
    const file = path.join(consumer, "typed.mts");
    fs.writeFileSync(
      file,
      `import { canonicalJson, BaseError, type VerificationResult } from "credanchor";
import { verifyCredentialFiles } from "credanchor/node";
export const text: string = canonicalJson({ a: 1 });
export const results: Promise<VerificationResult[]> = verifyCredentialFiles(["batch"]);
export const wrong: number = canonicalJson({ a: 1 });
export { BaseError };
`,
    );
    const program = ts.createProgram([file], {
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ["node"],
      typeRoots: [path.join(REPO_ROOT, "node_modules", "@types")],
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) => `${d.file ? path.basename(d.file.fileName) : ""}:${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
      );
    // The one deliberate error shows the types are the SDK's, not `any`.
    expect(diagnostics).to.deep.equal(["typed.mts:Type 'string' is not assignable to type 'number'."]);
    const loaded = program.getSourceFiles().map((source) => path.relative(installed, source.fileName));
    expect(loaded).to.include.members(["dist/esm/index.d.mts", "dist/esm/node.d.mts", "dist/sdk/src/index.d.ts"]);
  });

  it("a bundler building a page from canonicalJson and leafHash leaves out the bytecode, the contexts and jsonld", async function () {
    const bundle = async (code: string) => {
      const entry = path.join(consumer, "page.mjs");
      fs.writeFileSync(entry, code);
      const result = await build({
        absWorkingDir: consumer,
        entryPoints: [entry],
        bundle: true,
        format: "esm",
        platform: "browser", // a node: built-in reached from the entry fails the build
        write: false,
        logLevel: "silent",
      });
      return result.outputFiles[0].text;
    };
    const page = await bundle(
      `import { canonicalJson, leafHash } from "credanchor";
console.log(JSON.stringify([canonicalJson({ b: [true, "é"], a: 1 }), leafHash(3, "0x" + "ab".repeat(32))]));
`,
    );
    expect(page).to.not.include(credentialRegistryBytecode.slice(2, 202));
    expect(page).to.not.include(credentialRegistryFactoryBytecode.slice(2, 202));
    expect(page).to.not.include(OB_V3_0_3_CONTEXT_URL);
    expect(page).to.not.include("https://www.w3.org/ns/credentials/v2");
    // esbuild names each module it emits in a comment line.
    const emitted = [...page.matchAll(/^\/\/ (\S+)$/gm)].map((match) => match[1]);
    expect(emitted).to.include("node_modules/credanchor/dist/esm/merkle/leafHash.mjs");
    expect(emitted.filter((module) => /jsonld|-context\/|rdf-canonize|\/sign\/|\/chain\//.test(module))).to.deep.equal(
      [],
    );
    expect(page.length, "bundle size").to.be.below(60_000);
    // The bundle runs and computes what the SDK computes.
    const bundled = path.join(consumer, "page.bundle.mjs");
    fs.writeFileSync(bundled, page);
    const run = spawnSync(process.execPath, [bundled], { encoding: "utf8" });
    expect(run.stderr).to.equal("");
    expect(JSON.parse(run.stdout)).to.deep.equal([
      canonicalJson({ b: [true, "é"], a: 1 }),
      leafHash(3, `0x${"ab".repeat(32)}`),
    ]);

    // The same check sees the bytecode when the page does import what deploys a registry.
    const deployer = await bundle(
      `import { deployRegistry } from "credanchor";\nconsole.log(typeof deployRegistry);\n`,
    );
    expect(deployer).to.include(credentialRegistryBytecode.slice(2, 202));
  });
});
