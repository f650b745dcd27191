/**
 * Test-only Hardhat configuration for `hardhat node` (test/helpers/hardhatNode.ts, `light: true`):
 * the local chain 31337 (or the chain id in CREDANCHOR_TEST_NODE_CHAIN_ID, which `chainId` of
 * startHardhatNode sets: the page's tests run chain 424242) with Hardhat's default accounts and
 * nothing else. Plain JavaScript without plugins, so the node starts without compiling TypeScript or
 * loading the toolbox (about a third of the CPU time of a node on the repository's hardhat.config.ts).
 */
"use strict";
const path = require("node:path");

module.exports = {
  networks: { hardhat: { chainId: Number(process.env.CREDANCHOR_TEST_NODE_CHAIN_ID || 31337) } },
  paths: { root: path.resolve(__dirname, "..", "..") },
};
