import path from "node:path";
import { subtask, task, vars } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";
import type { HardhatUserConfig, HttpNetworkUserConfig } from "hardhat/types";
import fs from "node:fs";
import { createHash } from "node:crypto";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, TASK_TEST_GET_TEST_FILES } from "hardhat/builtin-tasks/task-names";
import "@nomicfoundation/hardhat-toolbox";
import "./scripts/tasks";
import { KNOWN_NETWORKS } from "./sdk/src/chain/networks";
import { testFileOrder } from "./test/helpers/fileDurations";
import { SERIAL_TESTS } from "./test/helpers/testSets";
import { dispatchStepsSynchronously, hardhatStepEmitterClass } from "./scripts/coverageSteps";

/**
 * ts-node in the processes that tests start (mocha's `--parallel` workers, the SDK's worker threads run
 * from the sources, child scripts under ts-node) reads tsconfig.test.json: tsconfig.json's output,
 * transpiled by esbuild (test/helpers/esbuildTranspiler.js) instead of TypeScript's transpileModule.
 * The test scripts of package.json set it for the Hardhat process itself too.
 */
const TEST_TSCONFIG = path.join(__dirname, "tsconfig.test.json");
if (process.env.TS_NODE_PROJECT === undefined && fs.existsSync(TEST_TSCONFIG)) {
  process.env.TS_NODE_PROJECT = TEST_TSCONFIG;
}
/**
 * The SDK's worker threads started from the sources (sdk/src/workers/startWorker.ts) load TypeScript
 * through the same esbuild transpiler, without ts-node's register, which loads the TypeScript
 * compiler in every thread (0.3 CPU-s a thread).
 */
const WORKER_TS_REGISTER = path.join(__dirname, "test", "helpers", "esbuildRegister.js");
if (process.env.CREDANCHOR_WORKER_TS_REGISTER === undefined && fs.existsSync(WORKER_TS_REGISTER)) {
  process.env.CREDANCHOR_WORKER_TS_REGISTER = WORKER_TS_REGISTER;
}
/**
 * Before that loader, startWorker asks test/helpers/workerBundle.js for the two worker scripts bundled
 * from the current sources (built once per state of the sources, under .tmp/worker-bundles/): a
 * thread then loads one file instead of the SDK's sources one by one.
 */
const WORKER_BUNDLER = path.join(__dirname, "test", "helpers", "workerBundle.js");
if (process.env.CREDANCHOR_WORKER_BUNDLER === undefined && fs.existsSync(WORKER_BUNDLER)) {
  process.env.CREDANCHOR_WORKER_BUNDLER = WORKER_BUNDLER;
}

/**
 * The Solidity compiler is the npm package `solc`, pinned to an exact version in package.json.
 * Hardhat would otherwise download a compiler from the internet; this override makes every compile
 * offline and reproducible.
 */
const SOLC_VERSION = "0.8.30";
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) return runSuper(args);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require("solc") as { version(): string };
  const longVersion = solc.version().replace(/\.Emscripten\.clang$/, "");
  return {
    compilerPath: path.join(path.dirname(require.resolve("solc/package.json")), "soljson.js"),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion,
  };
});

/**
 * `hardhat test` runs every `*.test.ts` under test/ (contract and end-to-end tests) and under sdk/,
 * cli/, server/ and scripts/ (unit tests beside their sources). Other files in those folders are
 * helpers, not tests. CREDANCHOR_TESTS picks a set (test/TESTING.md):
 * - `all` (default): every test file;
 * - `parallel`: all but the contract tests (test/contracts/, which `npm run coverage` runs; except the
 *   REAL_BUILD_CONTRACT_TESTS) and the SERIAL_TESTS: the files `npm test` runs with `--parallel`;
 * - `serial`: the SERIAL_TESTS (test/helpers/testSets.ts), run after the parallel set;
 * - `quick`: the unit tests beside their sources plus the test/ files that need no node, browser or
 *   build (`npm run test:quick`).
 */
/**
 * Contract test files whose checks only hold for the real build and skip under coverage's instrumented
 * one (UNDER_COVERAGE in test/contracts/helpers.ts): the gas budgets and the SDK's generated artifacts.
 * The parallel set runs them against artifacts/ (about 3 CPU-seconds), so `npm test` checks them.
 * CredentialRegistry.model.test.ts's property run also skips under coverage but is left out: 50 CPU-seconds.
 */
const REAL_BUILD_CONTRACT_TESTS = ["test/contracts/gas.test.ts", "test/contracts/registryArtifact.test.ts"];
/** test/ files that start no node, browser or build and finish in seconds. */
const QUICK_TESTS = [
  "test/sdk/merkle/",
  "test/sdk/verify/spec.agreement.test.ts",
  "test/web/pageModules.test.ts",
  "test/web/knownChains.test.ts",
  // The read transport and the test helpers they rely on, against fake nodes on loopback.
  "test/sdk/chain/transport.test.ts",
  "test/helpers/rpcFaultProxy.test.ts",
  "test/helpers/ports.test.ts",
  "test/helpers/fileDurations.test.ts",
];
subtask(TASK_TEST_GET_TEST_FILES, async (args: { testFiles: string[] }) => {
  if (args.testFiles.length > 0) return args.testFiles.map((file) => path.resolve(file));
  const set = process.env.CREDANCHOR_TESTS ?? "all";
  const files: string[] = [];
  for (const dir of ["test", "sdk", "cli", "server", "scripts"]) {
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { recursive: true }) as string[]) {
      if (!entry.endsWith(".test.ts") || entry.includes("node_modules")) continue;
      const file = path.posix.join(dir, entry.split(path.sep).join("/"));
      const serial = SERIAL_TESTS.includes(file);
      const contract = file.startsWith("test/contracts/") && !REAL_BUILD_CONTRACT_TESTS.includes(file);
      const include =
        set === "all" ||
        (set === "parallel" && !serial && !contract) ||
        (set === "serial" && serial) ||
        (set === "quick" && (dir !== "test" || QUICK_TESTS.some((prefix) => file.startsWith(prefix))));
      if (include) files.push(path.resolve(file));
    }
  }
  if (!["all", "parallel", "serial", "quick"].includes(set)) {
    throw new Error(`CREDANCHOR_TESTS=${set}: expected all, parallel, serial or quick`);
  }
  files.sort();
  if (set !== "parallel" && set !== "quick") return files;
  // Run with --parallel: the files that took longest last time first (test/helpers/fileDurations.ts);
  // in a fresh clone, those of the committed seed.
  return testFileOrder(files);
});

/**
 * `npm run coverage` sets CREDANCHOR_COVERAGE=1. solidity-coverage (on Hardhat > 2.0.3) compiles its
 * instrumented contracts into `paths.artifacts` and `paths.cache`; with the switch those point under
 * `.tmp/coverage/`, so the real build in artifacts/ (which the other test files' networks, the gas tests
 * and typechain read) stays untouched and coverage can run beside the parallel test set. TypeChain does
 * not generate typings from the instrumented build (typechain-types/ stays the real build's). Hardhat's
 * cache keys the original sources, not the instrumented ones, so the folder is named for the
 * instrumenter's version and .solcover.js: an unchanged set of contracts reuses its instrumented build,
 * a new instrumenter never does. The run's EVM step events reach solidity-coverage's listener
 * synchronously (scripts/coverageSteps.ts), without a promise per instruction.
 */
const COVERAGE_BUILD = process.env.CREDANCHOR_COVERAGE === "1";
function coverageBuildDir(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { version } = require("solidity-coverage/package.json") as { version: string };
  const solcoverPath = path.join(__dirname, ".solcover.js");
  const solcover = fs.existsSync(solcoverPath) ? fs.readFileSync(solcoverPath) : Buffer.alloc(0);
  const key = createHash("sha256").update(solcover).digest("hex").slice(0, 8);
  return path.join(".tmp", "coverage", `solidity-coverage-${version}-${key}`);
}
const BUILD_PATHS = COVERAGE_BUILD
  ? { artifacts: path.join(coverageBuildDir(), "artifacts"), cache: path.join(coverageBuildDir(), "cache") }
  : { artifacts: "./artifacts", cache: "./cache" };
task("coverage", async (args, _hre, runSuper) => {
  if (!COVERAGE_BUILD) {
    throw new HardhatPluginError(
      "credanchor",
      "hardhat coverage would write instrumented contracts into artifacts/, which other test runs read: run `npm run coverage` (it sets CREDANCHOR_COVERAGE=1 and builds under .tmp/coverage/)",
    );
  }
  dispatchStepsSynchronously(hardhatStepEmitterClass());
  return runSuper(args);
});

/**
 * Public testnets and mainnets, from the one network table (sdk/src/chain/networks.ts, which the CLI
 * and the verifier page read too): chain ids are pinned; the RPC URL and key come from configuration
 * variables or the environment (the variable the table names, e.g. BASE_RPC_URL).
 */
export const PUBLIC_NETWORKS = Object.fromEntries(
  Object.entries(KNOWN_NETWORKS).filter(([, network]) => !network.defaultRpc),
);

const LOCALHOST = KNOWN_NETWORKS.localhost;

function publicNetwork(name: string): HttpNetworkUserConfig {
  const { chainId, rpcEnv } = PUBLIC_NETWORKS[name];
  const key = process.env.CREDANCHOR_PRIVATE_KEY ?? vars.get("CREDANCHOR_PRIVATE_KEY", "");
  return {
    chainId,
    url: process.env[rpcEnv] ?? vars.get(rpcEnv, "http://127.0.0.1:1"),
    accounts: key ? [key] : [],
  };
}

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      optimizer: { enabled: true, runs: 10_000 },
      evmVersion: "cancun",
    },
  },
  networks: {
    hardhat: { chainId: 31337 },
    localhost: {
      url: process.env[LOCALHOST.rpcEnv] ?? LOCALHOST.defaultRpc![0],
      chainId: LOCALHOST.chainId,
    },
    ...Object.fromEntries(Object.keys(PUBLIC_NETWORKS).map((name) => [name, publicNetwork(name)])),
  },
  paths: {
    sources: "./contracts",
    tests: "./test",
    ...BUILD_PATHS,
  },
  // `--parallel` runs test files in CREDANCHOR_TEST_JOBS worker processes (default 3 on the 2-core reference
  // machine: many files wait on nodes, browsers and child processes, and with two workers the cores stood
  // 10-30 % idle in the parallel set once coverage beside it had ended; three took 8-11 s off `npm test`
  // in each of two paired runs, test/TESTING.md).
  // In parallel mode the workers also load test/helpers/fileDurations.ts, which records each file's duration
  // for the next run's order (hardhat/register first: it lets the workers load TypeScript).
  mocha: {
    timeout: 120_000,
    jobs: Number(process.env.CREDANCHOR_TEST_JOBS ?? 3),
    require: ["hardhat/register", "./test/helpers/fileDurations.ts"],
  },
  gasReporter: { enabled: process.env.REPORT_GAS === "true", offline: true },
  typechain: { outDir: "typechain-types", target: "ethers-v6", dontOverrideCompile: COVERAGE_BUILD },
};

export default config;
