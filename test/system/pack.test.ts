/**
 * The installable CLI: `npm pack` the repository, install the tarball into a temporary global prefix
 * (as `npm install -g ./credanchor-<v>.tgz` would), and run the installed `credanchor` from an empty
 * folder against a real `hardhat node`: init, deploy, issue, anchor, verify. Nothing from the clone is
 * used after packing: not Hardhat, not the compiler, not ts-node, not the repository's node_modules.
 *
 * It packs the dist/ and web/dist that the test run builds once for every file (`npm run build` and
 * the page's `vite build`, the commands `prepare` and `prepack` run), with `--ignore-scripts`: packing
 * with the scripts would build both a second time and rewrite dist/ while other test files run the
 * CLI from it.
 */
import { expect } from "chai";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { HARDHAT_ACCOUNTS } from "../helpers/hardhatNode";
import { sharedHardhatNode, type SharedHardhatNode } from "../helpers/sharedHardhatNode";
import { buildVerifierPage } from "../web/buildPage";
import { ensureBuilt, FIXTURES, REPO_ROOT, type CliRun } from "../helpers/runCli";
import { memoryTempDir } from "../helpers/memoryTempDir";

const ISSUER_KEY = HARDHAT_ACCOUNTS[0].privateKey;

function npm(args: string[], cwd: string): { stdout: string; stderr: string } {
  const result = spawnSync("npm", args, { cwd, encoding: "utf8", timeout: 300_000 });
  if (result.status !== 0) {
    throw new Error(`npm ${args.join(" ")} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  }
  return { stdout: result.stdout, stderr: result.stderr };
}

describe("cli installed from the packed tarball", function () {
  this.timeout(600_000);
  let work: string;
  let prefix: string;
  let folder: string;
  let node: SharedHardhatNode;
  let tarballFiles: string[];
  let installedBin: string;

  before(async function () {
    // In memory where there is room: the install writes ~21,000 files, 163 MB (test/helpers/memoryTempDir.ts).
    work = memoryTempDir("credanchor-pack-", 512 * 2 ** 20);
    prefix = path.join(work, "prefix");
    folder = path.join(work, "issuer");
    fs.mkdirSync(folder);
    // dist/ and web/dist as `prepare` and `prepack` would build them, fresh (newer than every source).
    ensureBuilt();
    await buildVerifierPage();
    const packed = JSON.parse(
      npm(["pack", "--json", "--ignore-scripts", "--pack-destination", work], REPO_ROOT).stdout,
    ) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    tarballFiles = packed[0].files.map((file) => file.path);
    const tarball = path.join(work, path.basename(packed[0].filename));
    npm(["install", "-g", "--prefix", prefix, tarball, "--prefer-offline", "--no-audit", "--no-fund"], work);
    installedBin = path.join(prefix, "bin", "credanchor");
    node = await sharedHardhatNode();
  });
  after(async function () {
    await node?.release();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  /** Runs the installed `credanchor` in the empty issuer folder, with only the install prefix on PATH. */
  function credanchor(...args: string[]): Promise<CliRun> {
    return new Promise((resolve, reject) => {
      const child = spawn(installedBin, args, {
        cwd: folder,
        env: {
          PATH: `${path.join(prefix, "bin")}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}/usr/bin:/bin`,
          HOME: work,
          NO_COLOR: "1",
          LOCALHOST_RPC_URL: node.url,
          CREDANCHOR_PRIVATE_KEY: ISSUER_KEY,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
      child.once("error", reject);
      child.once("close", (code) => {
        if (stdout.includes(ISSUER_KEY.slice(2)) || stderr.includes(ISSUER_KEY.slice(2))) {
          reject(new Error(`credanchor ${args.join(" ")} printed the private key`));
          return;
        }
        resolve({ code, stdout, stderr });
      });
    });
  }

  it("the tarball holds the built CLI, the SDK's types, the contracts and the licence, and no tests or sources", function () {
    expect(tarballFiles).to.include.members([
      "dist/cli/index.js", // one bundled file (scripts/bundleCli.ts) and its workers
      "dist/cli/workers/verify/verifyWorker.js",
      "dist/cli/workers/batch/issueWorker.js",
      "dist/cli/workers/serve/batchWorker.js",
      "dist/sdk/src/index.js",
      "dist/sdk/src/index.d.ts",
      "dist/sdk/src/node.js",
      "dist/esm/index.mjs", // the ES module build (scripts/buildEsm.ts)
      "dist/esm/index.d.mts",
      "dist/esm/node.mjs",
      "dist/esm/node.d.mts",
      "dist/esm/workers/startWorker.mjs",
      "contracts/CredentialRegistry.sol",
      "web/dist/index.html", // the verifier page that `publish` and `serve` use
      "LICENSE",
      "README.md",
      "package.json",
    ]);
    expect(tarballFiles.filter((file) => file.endsWith(".test.js") || file.endsWith(".test.ts"))).to.deep.equal([]);
    // The CLI's modules are in the bundle, not beside it.
    expect(
      tarballFiles.filter((file) => file.startsWith("dist/cli/") && !/^dist\/cli\/(index|workers\/)/.test(file)),
    ).to.deep.equal([]);
    expect(
      tarballFiles.filter((file) => file.startsWith("test/") || (file.endsWith(".ts") && !file.endsWith(".d.ts"))),
    ).to.deep.equal([]);
  });

  it("the package is publishable: not private, with bin, exports, types, licence and engines", function () {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(manifest.private).to.equal(undefined);
    expect(manifest.license).to.equal("MIT");
    expect(manifest.bin).to.deep.equal({ credanchor: "dist/cli/index.js" });
    expect(manifest.types).to.equal("dist/sdk/src/index.d.ts");
    expect(manifest.engines).to.deep.equal({ node: ">=20" });
    // Packing builds what it packs (this test packs the run's own build of the same commands).
    const scripts = manifest.scripts as Record<string, string>;
    expect(scripts.prepare, "prepare builds dist/").to.equal("npm run build");
    expect(scripts.prepack, "prepack builds the page").to.match(/^vite build --config web\/vite\.config\.ts( |$)/);
    const dependencies = Object.keys(manifest.dependencies as Record<string, string>);
    for (const buildOnly of ["hardhat", "typescript", "ts-node", "solc", "@nomicfoundation/hardhat-toolbox"]) {
      expect(dependencies, `${buildOnly} is needed at run time`).to.not.include(buildOnly);
    }
  });

  it("the installed command is executable and answers --version outside the clone", async function () {
    const stat = fs.statSync(fs.realpathSync(installedBin));
    expect(stat.mode & 0o111, "execute bits").to.not.equal(0);
    const run = await credanchor("--version");
    expect(run.code, run.stderr).to.equal(0);
    const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string })
      .version;
    expect(run.stdout.trim()).to.include(version);
  });

  it("init, deploy, issue, anchor and verify from an empty folder", async function () {
    const init = await credanchor(
      "init",
      "--name",
      "Northbridge School of Nursing",
      "--url",
      "https://nursing.example.edu",
    );
    expect(init.code, init.stderr).to.equal(0);
    expect(fs.existsSync(path.join(folder, "credanchor.config.json"))).to.equal(true);

    const deploy = await credanchor("deploy", "--json");
    expect(deploy.code, deploy.stderr).to.equal(0);
    const deployed = JSON.parse(deploy.stdout) as { address: string; deployed: boolean };
    expect(deployed.deployed).to.equal(true);
    expect(await node.rpc<string>("eth_getCode", [deployed.address, "latest"])).to.not.equal("0x");

    const issue = await credanchor(
      "issue",
      "--template",
      path.join(FIXTURES, "templates", "telemedicine-nursing.json"),
      "--recipients",
      path.join(FIXTURES, "recipients", "nurses.csv"),
      "--out",
      "batch-1",
      "--workers",
      "2", // threads from the installed bundle's dist/cli/workers/
      "--json",
    );
    expect(issue.code, issue.stderr).to.equal(0);
    expect(fs.readdirSync(path.join(folder, "batch-1", "credentials"))).to.have.length(15);

    const anchor = await credanchor("anchor", "batch-1", "--json");
    expect(anchor.code, anchor.stderr).to.equal(0);

    const verify = await credanchor("verify", "batch-1", "--json");
    const report = JSON.parse(verify.stdout) as { summary: { total: number; valid: number; invalid: number } };
    expect(report.summary.total).to.equal(15);
    expect(report.summary.invalid).to.equal(0);
    expect(report.summary.valid, verify.stdout).to.equal(15);
    expect(verify.code).to.equal(0);
  });

  it("an ES module program imports the installed package by name, with require()'s names, and verifies the batch", function () {
    // Beside the global node_modules, so that "credanchor" resolves to the installed package.
    const program = path.join(prefix, "lib", "esm-consumer.mjs");
    fs.writeFileSync(
      program,
      `import * as sdk from "credanchor";
import * as node from "credanchor/node";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const cjsNode = require("credanchor/node");
const names = (module) => Object.keys(module).filter((name) => name !== "__esModule").sort().join(",");
const [batch, rpcUrl] = process.argv.slice(2);
const rpc = { "eip155:31337": rpcUrl };
const esmResults = await node.verifyCredentialFiles([batch], { rpc, workers: 2 });
const cjsResults = await cjsNode.verifyCredentialFiles([batch], { rpc, workers: 0 });
console.log(JSON.stringify({
  resolved: [import.meta.resolve("credanchor"), import.meta.resolve("credanchor/node"), require.resolve("credanchor/node")],
  sameNames: names(node) === names(cjsNode) && names(sdk) === names(require("credanchor")),
  esm: esmResults.map((result) => result.status),
  cjs: cjsResults.map((result) => result.status),
}));
`,
    );
    const run = spawnSync(process.execPath, [program, path.join(folder, "batch-1"), node.url], {
      cwd: work,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(run.status, run.stderr).to.equal(0);
    const report = JSON.parse(run.stdout) as { resolved: string[]; sameNames: boolean; esm: string[]; cjs: string[] };
    const installed = `${path.join(prefix, "lib", "node_modules", "credanchor")}/`;
    expect(report.resolved).to.deep.equal([
      `file://${installed}dist/esm/index.mjs`,
      `file://${installed}dist/esm/node.mjs`,
      `${installed}dist/sdk/src/node.js`,
    ]);
    expect(report.sameNames).to.equal(true);
    expect(report.esm).to.deep.equal(new Array<string>(15).fill("valid"));
    expect(report.cjs).to.deep.equal(report.esm);
  });
});
