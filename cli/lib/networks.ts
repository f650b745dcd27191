/**
 * The networks credanchor knows without configuration: the one table of them (hardhat.config.ts and
 * `credanchor init` read it). Chain ids are pinned: a command refuses to send when the endpoint
 * reports another chain. Public networks get their RPC URL from the environment variable named here
 * (hardhat.config.ts reads the same names) or from the config file.
 */
import { defaultConfirmations } from "../../sdk/src/chain/defaultConfirmations";

export interface BuiltinNetwork {
  chainId: number;
  /** Environment variable holding the RPC URL. */
  rpcEnv?: string;
  /** RPC URLs used when neither the environment nor the config names one. */
  defaultRpc?: string[];
  /** Blocks to wait after anchoring before writing the anchor record: the SDK's default for the chain. */
  confirmations: number;
  /** A sentence for `init` and errors: where test ETH comes from, what the network is. */
  note: string;
  /** The block explorer: `<explorer>/tx/<hash>`, `<explorer>/address/<address>`. */
  explorer?: string;
  /** The native currency gas is paid in. */
  currency: "ETH" | "POL";
  /** True for a network where transactions cost real money. */
  mainnet?: boolean;
}

export const BUILTIN_NETWORKS: Record<string, BuiltinNetwork> = {
  localhost: {
    chainId: 31337,
    rpcEnv: "LOCALHOST_RPC_URL",
    defaultRpc: ["http://127.0.0.1:8545"],
    confirmations: defaultConfirmations(31337),
    note: "a local `npx hardhat node`; its 20 accounts are funded",
    currency: "ETH",
  },
  sepolia: {
    chainId: 11155111,
    rpcEnv: "SEPOLIA_RPC_URL",
    confirmations: defaultConfirmations(11155111),
    note: "Ethereum Sepolia; test ETH from a Sepolia faucet",
    explorer: "https://sepolia.etherscan.io",
    currency: "ETH",
  },
  baseSepolia: {
    chainId: 84532,
    rpcEnv: "BASE_SEPOLIA_RPC_URL",
    confirmations: defaultConfirmations(84532),
    note: "Base Sepolia; bridge Sepolia ETH or use a Base Sepolia faucet",
    explorer: "https://sepolia.basescan.org",
    currency: "ETH",
  },
  opSepolia: {
    chainId: 11155420,
    rpcEnv: "OP_SEPOLIA_RPC_URL",
    confirmations: defaultConfirmations(11155420),
    note: "OP Sepolia; bridge Sepolia ETH or use an OP Sepolia faucet",
    explorer: "https://sepolia-optimism.etherscan.io",
    currency: "ETH",
  },
  arbitrumSepolia: {
    chainId: 421614,
    rpcEnv: "ARBITRUM_SEPOLIA_RPC_URL",
    confirmations: defaultConfirmations(421614),
    note: "Arbitrum Sepolia; bridge Sepolia ETH or use an Arbitrum Sepolia faucet",
    explorer: "https://sepolia.arbiscan.io",
    currency: "ETH",
  },
  polygonAmoy: {
    chainId: 80002,
    rpcEnv: "POLYGON_AMOY_RPC_URL",
    confirmations: defaultConfirmations(80002),
    note: "Polygon Amoy; test POL from the Polygon faucet",
    explorer: "https://amoy.polygonscan.com",
    currency: "POL",
  },
  ethereum: {
    chainId: 1,
    rpcEnv: "ETHEREUM_RPC_URL",
    confirmations: defaultConfirmations(1),
    note: "Ethereum mainnet; real ETH",
    explorer: "https://etherscan.io",
    currency: "ETH",
    mainnet: true,
  },
  base: {
    chainId: 8453,
    rpcEnv: "BASE_RPC_URL",
    confirmations: defaultConfirmations(8453),
    note: "Base mainnet (OP Stack rollup); real ETH, plus an L1 data fee per transaction",
    explorer: "https://basescan.org",
    currency: "ETH",
    mainnet: true,
  },
  optimism: {
    chainId: 10,
    rpcEnv: "OPTIMISM_RPC_URL",
    confirmations: defaultConfirmations(10),
    note: "OP Mainnet (OP Stack rollup); real ETH, plus an L1 data fee per transaction",
    explorer: "https://optimistic.etherscan.io",
    currency: "ETH",
    mainnet: true,
  },
  arbitrum: {
    chainId: 42161,
    rpcEnv: "ARBITRUM_RPC_URL",
    confirmations: defaultConfirmations(42161),
    note: "Arbitrum One (rollup); real ETH, its gas includes the L1 data cost",
    explorer: "https://arbiscan.io",
    currency: "ETH",
    mainnet: true,
  },
  polygon: {
    chainId: 137,
    rpcEnv: "POLYGON_RPC_URL",
    confirmations: defaultConfirmations(137),
    note: "Polygon PoS mainnet; real POL",
    explorer: "https://polygonscan.com",
    currency: "POL",
    mainnet: true,
  },
};

/** The built-in network of a chain id (the first one, in table order), if any. */
export function builtinNetworkOf(chainId: number): (BuiltinNetwork & { name: string }) | undefined {
  const found = Object.entries(BUILTIN_NETWORKS).find(([, network]) => network.chainId === chainId);
  return found ? { name: found[0], ...found[1] } : undefined;
}

/**
 * A link to a transaction or an address on a block explorer (a network's `explorer`), if it has one.
 *
 * @example
 * explorerLink("https://basescan.org", "tx", "0xabc…") // "https://basescan.org/tx/0xabc…"
 */
export function explorerLink(explorer: string | undefined, kind: "tx" | "address", value: string): string | undefined {
  return explorer ? `${explorer.replace(/\/+$/, "")}/${kind}/${value}` : undefined;
}

/** The currency gas is paid in on a chain: POL on Polygon, ETH elsewhere. */
export function currencyOf(chainId: number): "ETH" | "POL" {
  return builtinNetworkOf(chainId)?.currency ?? "ETH";
}

/** The in-process network: exists only inside `hardhat run` (the demo), never on the command line. */
export const HARDHAT_NETWORK = "hardhat";
export const HARDHAT_CHAIN_ID = 31337;
