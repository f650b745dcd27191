/**
 * The networks credanchor knows without configuration. Chain ids are pinned: a command refuses to
 * send when the endpoint reports another chain. Public testnets get their RPC URL from the
 * environment variable named here (the same names hardhat.config.ts reads) or from the config file.
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
}

export const BUILTIN_NETWORKS: Record<string, BuiltinNetwork> = {
  localhost: {
    chainId: 31337,
    rpcEnv: "LOCALHOST_RPC_URL",
    defaultRpc: ["http://127.0.0.1:8545"],
    confirmations: defaultConfirmations(31337),
    note: "a local `npx hardhat node`; its 20 accounts are funded",
  },
  sepolia: {
    chainId: 11155111,
    rpcEnv: "SEPOLIA_RPC_URL",
    confirmations: defaultConfirmations(11155111),
    note: "Ethereum Sepolia; test ETH from a Sepolia faucet",
  },
  baseSepolia: {
    chainId: 84532,
    rpcEnv: "BASE_SEPOLIA_RPC_URL",
    confirmations: defaultConfirmations(84532),
    note: "Base Sepolia; bridge Sepolia ETH or use a Base Sepolia faucet",
  },
  opSepolia: {
    chainId: 11155420,
    rpcEnv: "OP_SEPOLIA_RPC_URL",
    confirmations: defaultConfirmations(11155420),
    note: "OP Sepolia; bridge Sepolia ETH or use an OP Sepolia faucet",
  },
  arbitrumSepolia: {
    chainId: 421614,
    rpcEnv: "ARBITRUM_SEPOLIA_RPC_URL",
    confirmations: defaultConfirmations(421614),
    note: "Arbitrum Sepolia; bridge Sepolia ETH or use an Arbitrum Sepolia faucet",
  },
  polygonAmoy: {
    chainId: 80002,
    rpcEnv: "POLYGON_AMOY_RPC_URL",
    confirmations: defaultConfirmations(80002),
    note: "Polygon Amoy; test POL from the Polygon faucet",
  },
};

/** The in-process network: exists only inside `hardhat run` (the demo), never on the command line. */
export const HARDHAT_NETWORK = "hardhat";
export const HARDHAT_CHAIN_ID = 31337;
