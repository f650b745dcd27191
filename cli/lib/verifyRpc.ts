/**
 * RPC access for `verify`: the chain of each credential comes from its proof, so endpoints are
 * chosen per chain named in the files: `--rpc` URLs (for any chain; each endpoint's chain id is
 * checked by the SDK), else `--network`'s URLs for its chain, else the configured or built-in
 * network of that chain id (localhost for 31337, SEPOLIA_RPC_URL for Sepolia, ...). One read
 * transport per chain for the whole run, so its request counters cover every file.
 */
import {
  BaseError,
  type Caip2ChainId,
  parseCaip2,
  type ReadTransport,
  toTransport,
  type VerifyOptions,
} from "../../sdk/src/node";
import type { Io } from "./io";
import { resolveChain, type ChainSelection } from "./network";

export interface VerifyRpc {
  /** For `VerifyOptions.rpc`: the transports of `chains` (those an endpoint is known for). */
  rpcFor(chains: Iterable<Caip2ChainId>): NonNullable<VerifyOptions["rpc"]>;
  /** Transports created so far, by chain. */
  transports(): Map<Caip2ChainId, ReadTransport>;
  /** Chains a credential named for which no endpoint is known, with what to set. */
  missing(): Map<Caip2ChainId, string>;
}

/**
 * @example
 * const access = verifyRpc(io, { rpc: ["http://127.0.0.1:8545"] });
 * await verifyCredentials(texts, { rpc: access.rpcFor(chainsNamedIn(texts)) });
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

  const rpcFor = (chains: Iterable<Caip2ChainId>) => {
    const rpc: Partial<Record<Caip2ChainId, ReadTransport>> = {};
    for (const chain of chains) {
      const transport = lookup(chain);
      if (transport) rpc[chain] = transport;
    }
    return rpc;
  };
  return { rpcFor, transports: () => transports, missing: () => missing };
}

/** A legacy entry's anchor record, or the did:pkh verificationMethod of a Data Integrity anchor proof. */
const CHAIN_IN_PROOF = /"(?:chain|verificationMethod)"\s*:\s*"(?:did:pkh:)?(eip155:[0-9]+)[":]/g;

/**
 * The CAIP-2 chains that credential texts name: the `verificationMethod` of an anchored credanchor
 * proof (`"did:pkh:eip155:…:<registry>"`, docs/SPEC.md 4.2), or a legacy anchor record's
 * `"chain": "eip155:…"`. A quick scan to choose endpoints; the SDK parses and checks everything itself.
 */
export function chainsNamedIn(texts: Iterable<string>): Set<Caip2ChainId> {
  const chains = new Set<Caip2ChainId>();
  for (const text of texts) for (const match of text.matchAll(CHAIN_IN_PROOF)) chains.add(match[1] as Caip2ChainId);
  return chains;
}
