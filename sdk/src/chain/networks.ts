/**
 * The networks credanchor knows without configuration: the one table of them. The CLI
 * (cli/lib/networks.ts), hardhat.config.ts and the verifier page (web/src/rpcSettings.ts) all read it.
 * Chain ids are pinned: a command refuses to send when the endpoint reports another chain. Browser-safe
 * (data only).
 */

/** A network credanchor knows by name. */
export interface KnownNetwork {
  chainId: number;
  /** The network's name for people ("Base Sepolia"), as the verifier page shows it. */
  title: string;
  /** The environment variable (and Hardhat configuration variable) holding the CLI's RPC URL. */
  rpcEnv: string;
  /** RPC URLs the CLI uses when neither the environment nor the config names one (localhost only). */
  defaultRpc?: readonly string[];
  /**
   * Public third-party endpoints the verifier page tries when the user has saved none; the CLI never
   * sends through them unless told to (`--rpc`, the environment or the config).
   */
  publicRpc?: readonly string[];
  /** The block explorer: `<explorer>/tx/<hash>`, `<explorer>/address/<address>`. */
  explorer?: string;
  /** The native currency gas is paid in. */
  currency: "ETH" | "POL";
  /** True for a network where transactions cost real money. */
  mainnet?: boolean;
  /** A sentence for `credanchor init` and errors: where test ETH comes from, what the network is. */
  note: string;
}

/**
 * The built-in networks by name, in the order the CLI and the page list them.
 *
 * @example
 * KNOWN_NETWORKS.baseSepolia.chainId // 84532
 */
export const KNOWN_NETWORKS: Readonly<Record<string, KnownNetwork>> = {
  localhost: {
    chainId: 31337,
    title: "Local Hardhat node",
    rpcEnv: "LOCALHOST_RPC_URL",
    defaultRpc: ["http://127.0.0.1:8545"],
    currency: "ETH",
    note: "a local `npx hardhat node`; its 20 accounts are funded",
  },
  sepolia: {
    chainId: 11155111,
    title: "Sepolia",
    rpcEnv: "SEPOLIA_RPC_URL",
    publicRpc: ["https://ethereum-sepolia-rpc.publicnode.com", "https://sepolia.drpc.org"],
    explorer: "https://sepolia.etherscan.io",
    currency: "ETH",
    note: "Ethereum Sepolia; test ETH from a Sepolia faucet",
  },
  baseSepolia: {
    chainId: 84532,
    title: "Base Sepolia",
    rpcEnv: "BASE_SEPOLIA_RPC_URL",
    publicRpc: ["https://sepolia.base.org", "https://base-sepolia-rpc.publicnode.com"],
    explorer: "https://sepolia.basescan.org",
    currency: "ETH",
    note: "Base Sepolia; bridge Sepolia ETH or use a Base Sepolia faucet",
  },
  opSepolia: {
    chainId: 11155420,
    title: "OP Sepolia",
    rpcEnv: "OP_SEPOLIA_RPC_URL",
    publicRpc: ["https://sepolia.optimism.io", "https://optimism-sepolia-rpc.publicnode.com"],
    explorer: "https://sepolia-optimism.etherscan.io",
    currency: "ETH",
    note: "OP Sepolia; bridge Sepolia ETH or use an OP Sepolia faucet",
  },
  arbitrumSepolia: {
    chainId: 421614,
    title: "Arbitrum Sepolia",
    rpcEnv: "ARBITRUM_SEPOLIA_RPC_URL",
    publicRpc: ["https://sepolia-rollup.arbitrum.io/rpc", "https://arbitrum-sepolia-rpc.publicnode.com"],
    explorer: "https://sepolia.arbiscan.io",
    currency: "ETH",
    note: "Arbitrum Sepolia; bridge Sepolia ETH or use an Arbitrum Sepolia faucet",
  },
  polygonAmoy: {
    chainId: 80002,
    title: "Polygon Amoy",
    rpcEnv: "POLYGON_AMOY_RPC_URL",
    publicRpc: ["https://rpc-amoy.polygon.technology", "https://polygon-amoy-bor-rpc.publicnode.com"],
    explorer: "https://amoy.polygonscan.com",
    currency: "POL",
    note: "Polygon Amoy; test POL from the Polygon faucet",
  },
  ethereum: {
    chainId: 1,
    title: "Ethereum",
    rpcEnv: "ETHEREUM_RPC_URL",
    publicRpc: ["https://ethereum-rpc.publicnode.com", "https://eth.drpc.org"],
    explorer: "https://etherscan.io",
    currency: "ETH",
    mainnet: true,
    note: "Ethereum mainnet; real ETH",
  },
  base: {
    chainId: 8453,
    title: "Base",
    rpcEnv: "BASE_RPC_URL",
    publicRpc: ["https://mainnet.base.org", "https://base-rpc.publicnode.com"],
    explorer: "https://basescan.org",
    currency: "ETH",
    mainnet: true,
    note: "Base mainnet (OP Stack rollup); real ETH, plus an L1 data fee per transaction",
  },
  optimism: {
    chainId: 10,
    title: "OP Mainnet",
    rpcEnv: "OPTIMISM_RPC_URL",
    publicRpc: ["https://mainnet.optimism.io", "https://optimism-rpc.publicnode.com"],
    explorer: "https://optimistic.etherscan.io",
    currency: "ETH",
    mainnet: true,
    note: "OP Mainnet (OP Stack rollup); real ETH, plus an L1 data fee per transaction",
  },
  arbitrum: {
    chainId: 42161,
    title: "Arbitrum One",
    rpcEnv: "ARBITRUM_RPC_URL",
    publicRpc: ["https://arb1.arbitrum.io/rpc", "https://arbitrum-one-rpc.publicnode.com"],
    explorer: "https://arbiscan.io",
    currency: "ETH",
    mainnet: true,
    note: "Arbitrum One (rollup); real ETH, its gas includes the L1 data cost",
  },
  polygon: {
    chainId: 137,
    title: "Polygon",
    rpcEnv: "POLYGON_RPC_URL",
    publicRpc: ["https://polygon-rpc.com", "https://polygon-bor-rpc.publicnode.com"],
    explorer: "https://polygonscan.com",
    currency: "POL",
    mainnet: true,
    note: "Polygon PoS mainnet; real POL",
  },
};
