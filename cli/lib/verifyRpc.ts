/**
 * RPC access for `verify`: the chain of each credential comes from its proof, so endpoints are
 * chosen per chain when the SDK asks: `--rpc` URLs (for any chain; each endpoint's chain id is
 * checked by the SDK), else `--network`'s URLs for its chain, else the configured or built-in
 * network of that chain id (localhost for 31337, SEPOLIA_RPC_URL for Sepolia, ...). One read
 * transport per chain for the whole run, so its request counters cover every file.
 */
import { toTransport } from "../../sdk/src/verify/resolveTransport";
import type { ReadTransport } from "../../sdk/src/chain/transport/types";
import { parseCaip2 } from "../../sdk/src/chain/transport/createReadTransport";
import type { Caip2ChainId } from "../../sdk/src/types";
import type { VerifyOptions } from "../../sdk/src/verify/types";
import { BaseError } from "../../sdk/src/errors/base";
import type { Io } from "./io";
import { resolveChain, type ChainSelection } from "./network";

export interface VerifyRpc {
  /** For `VerifyOptions.rpc`: looked up per chain, lazily. */
  rpc: NonNullable<VerifyOptions["rpc"]>;
  /** Transports created so far, by chain. */
  transports(): Map<Caip2ChainId, ReadTransport>;
  /** Chains a credential named for which no endpoint is known, with what to set. */
  missing(): Map<Caip2ChainId, string>;
}

/**
 * @example
 * const access = verifyRpc(io, { rpc: ["http://127.0.0.1:8545"] });
 * await verifyCredentials(texts, { rpc: access.rpc });
 */
export function verifyRpc(io: Io, selection: ChainSelection): VerifyRpc {
  const transports = new Map<Caip2ChainId, ReadTransport>();
  const missing = new Map<Caip2ChainId, string>();
  const pinned = selection.network ? resolveChain(io, selection) : undefined;

  const lookup = (chain: Caip2ChainId): ReadTransport | undefined => {
    if (transports.has(chain)) return transports.get(chain);
    let chainId: number;
    try {
      chainId = parseCaip2(chain);
    } catch {
      return undefined; // the SDK reports the malformed chain itself
    }
    let endpoints: Array<string | NonNullable<Io["providers"]>[string]> | undefined;
    if (selection.rpc && selection.rpc.length > 0) endpoints = selection.rpc;
    else if (pinned && pinned.chainId === chainId) endpoints = pinned.provider ? [pinned.provider] : pinned.rpcUrls;
    else {
      try {
        const target = resolveChain(io, { config: selection.config, chainId });
        endpoints = target.provider ? [target.provider] : target.rpcUrls;
      } catch (error) {
        missing.set(chain, error instanceof BaseError ? (error.fix ?? error.shortMessage) : String(error));
        return undefined;
      }
    }
    const transport = toTransport(chain, endpoints);
    transports.set(chain, transport);
    return transport;
  };

  // The SDK reads `rpc[chain]` for each chain a credential names; a proxy answers that lazily.
  const rpc = new Proxy({} as NonNullable<VerifyOptions["rpc"]>, {
    get: (_target, key) =>
      typeof key === "string" && key.startsWith("eip155:") ? lookup(key as Caip2ChainId) : undefined,
  });
  return { rpc, transports: () => transports, missing: () => missing };
}
