import path from "node:path";
import { subtask, vars } from "hardhat/config";
import type { HardhatUserConfig, HttpNetworkUserConfig } from "hardhat/types";
import fs from "node:fs";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, TASK_TEST_GET_TEST_FILES } from "hardhat/builtin-tasks/task-names";
import "@nomicfoundation/hardhat-toolbox";
import "./scripts/tasks";
import { BUILTIN_NETWORKS } from "./cli/lib/networks";

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
 * `hardhat test` runs every `*.test.ts` under test/ (contract and end-to-end tests) and under sdk/ and
 * cli/ (unit tests beside their sources). Other files in those folders are helpers, not tests.
 */
subtask(TASK_TEST_GET_TEST_FILES, async (args: { testFiles: string[] }) => {
  if (args.testFiles.length > 0) return args.testFiles.map((file) => path.resolve(file));
  const files: string[] = [];
  for (const dir of ["test", "sdk", "cli", "scripts"]) {
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { recursive: true }) as string[]) {
      if (entry.endsWith(".test.ts") && !entry.includes("node_modules")) files.push(path.resolve(dir, entry));
    }
  }
  return files.sort();
});

/**
 * Public testnets and mainnets, from the CLI's network table (cli/lib/networks.ts): chain ids are
 * pinned; the RPC URL and key come from configuration variables or the environment (the variable the
 * table names, e.g. BASE_RPC_URL).
 */
export const PUBLIC_NETWORKS = Object.fromEntries(
  Object.entries(BUILTIN_NETWORKS).filter(([, network]) => network.rpcEnv && !network.defaultRpc),
);

function publicNetwork(name: string): HttpNetworkUserConfig {
  const { chainId, rpcEnv } = PUBLIC_NETWORKS[name];
  const key = process.env.CREDANCHOR_PRIVATE_KEY ?? vars.get("CREDANCHOR_PRIVATE_KEY", "");
  return {
    chainId,
    url: process.env[rpcEnv!] ?? vars.get(rpcEnv!, "http://127.0.0.1:1"),
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
    localhost: { url: process.env.LOCALHOST_RPC_URL ?? "http://127.0.0.1:8545", chainId: 31337 },
    ...Object.fromEntries(Object.keys(PUBLIC_NETWORKS).map((name) => [name, publicNetwork(name)])),
  },
  paths: {
    sources: "./contracts",
    tests: "./test",
    artifacts: "./artifacts",
    cache: "./cache",
  },
  mocha: { timeout: 120_000 },
  gasReporter: { enabled: process.env.REPORT_GAS === "true", offline: true },
  typechain: { outDir: "typechain-types", target: "ethers-v6" },
};

export default config;
