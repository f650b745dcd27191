/**
 * Test-only Hardhat configuration: the repository's own configuration with the in-process network's
 * chain id set to 424242. The browser tests run `hardhat node --config` with it, so that the page
 * sees a chain that is not the local development chain 31337 (where the SDK does not check the
 * issuer and never gives the public-chain green) and can reach a public-chain verdict.
 */
import path from "node:path";
import type { HardhatUserConfig } from "hardhat/types";
import baseConfig from "../../hardhat.config";

export const TEST_PUBLIC_CHAIN_ID = 424242;

const config: HardhatUserConfig = {
  ...baseConfig,
  networks: { ...baseConfig.networks, hardhat: { ...baseConfig.networks?.hardhat, chainId: TEST_PUBLIC_CHAIN_ID } },
  paths: { ...baseConfig.paths, root: path.resolve(__dirname, "..", "..") },
};

export default config;
