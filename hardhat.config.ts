import path from "node:path";
import { subtask, vars } from "hardhat/config";
import type { HardhatUserConfig, HttpNetworkUserConfig } from "hardhat/types";
import fs from "node:fs";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, TASK_TEST_GET_TEST_FILES } from "hardhat/builtin-tasks/task-names";
import "@nomicfoundation/hardhat-toolbox";
import "./scripts/tasks";
import { KNOWN_NETWORKS } from "./sdk/src/chain/networks";

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
 * - `parallel`: all but the contract tests (test/contracts/, which `npm run coverage` runs) and the
 *   SERIAL_TESTS: the files `npm test` runs with `--parallel`;
 * - `serial`: the SERIAL_TESTS, run after the parallel set;
 * - `quick`: the unit tests beside their sources plus the test/ files that need no node, browser or
 *   build (`npm run test:quick`).
 */
const SERIAL_TESTS: string[] = [
  // None today: test/system/pack.test.ts packs with --ignore-scripts, so it no longer rebuilds dist/ under
  // the other files. A file that writes into the repository outside .tmp/ or binds a fixed port goes here.
];
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
      const contract = file.startsWith("test/contracts/");
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
  return files.sort();
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
    artifacts: "./artifacts",
    cache: "./cache",
  },
  // `--parallel` runs test files in CREDANCHOR_TEST_JOBS worker processes (default 2, one per core of the
  // reference machine; many files wait on nodes and child processes, so a quiet machine may take more).
  mocha: { timeout: 120_000, jobs: Number(process.env.CREDANCHOR_TEST_JOBS ?? 2) },
  gasReporter: { enabled: process.env.REPORT_GAS === "true", offline: true },
  typechain: { outDir: "typechain-types", target: "ethers-v6" },
};

export default config;
