/**
 * The networks credanchor knows without configuration, as the CLI uses them: the SDK's one table
 * (sdk/src/chain/networks.ts, which hardhat.config.ts and the verifier page read too) plus each
 * chain's default confirmations. Public networks get their RPC URL from the environment variable named
 * there (hardhat.config.ts reads the same names) or from the config file.
 */
import { defaultConfirmations, KNOWN_NETWORKS } from "../../sdk/src/node";

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

export const BUILTIN_NETWORKS: Record<string, BuiltinNetwork> = Object.fromEntries(
  Object.entries(KNOWN_NETWORKS).map(([name, network]) => [
    name,
    {
      chainId: network.chainId,
      rpcEnv: network.rpcEnv,
      ...(network.defaultRpc ? { defaultRpc: [...network.defaultRpc] } : {}),
      confirmations: defaultConfirmations(network.chainId),
      note: network.note,
      ...(network.explorer ? { explorer: network.explorer } : {}),
      currency: network.currency,
      ...(network.mainnet ? { mainnet: true } : {}),
    },
  ]),
);

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
