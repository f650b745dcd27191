import { createClient, custom, defineChain, type Chain, type PublicClient, type Transport } from "viem";
import { call, getBlock, getChainId, readContract } from "viem/actions";
import type { RegistryClient } from "../createRegistryClient";
import { defaultConfirmations } from "../defaultConfirmations";
import type { ReadTransport } from "./types";

const clients = new WeakMap<ReadTransport, RegistryClient>();

/**
 * A read-only registry client over a read transport, so that the registry's read actions
 * (`getBatch`, `getProfile`, `getCredentialStatuses`...) run with the transport's failover and
 * quorum. The transport is wrapped as a viem custom transport with `retryCount: 0`: it already
 * retries and fails over, and a second layer of retries would multiply requests. Its errors
 * (`NoEndpointAvailableError`, `QuorumError`, `RpcResponseError`) reach the actions' callers
 * unchanged. One client per transport (created on first use).
 *
 * Built without `createRegistryClient` on purpose, for the verifier page's sake: its `publicClient`
 * carries only `call`, `readContract`, `getChainId` and `getBlock` (what the registry's read actions
 * and verification use: every `get*` action, `getStatusEvents` through the client's `request`, and
 * `hasRole`), not viem's whole public decorator nor any account code (the page's script is 564 KB
 * with it, 727 KB with a full public client, 480 KB before verification used the actions). Writes
 * need a client from `createRegistryClient`. CCIP-read is off
 * (`ccipRead: false`), so a contract's `OffchainLookup` revert can never make a verifier fetch a URL
 * the contract chose.
 *
 * @example
 * const transport = createReadTransport({ chain: "eip155:11155111", endpoints: [urlA, urlB] });
 * const batch = await getBatch(readTransportClient(transport), { registry, root });
 */
export function readTransportClient(transport: ReadTransport): RegistryClient {
  let client = clients.get(transport);
  if (!client) {
    const chain = defineChain({
      id: transport.chainId,
      name: transport.chain,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [] } },
    });
    const base = createClient({
      chain,
      transport: custom(
        { request: ({ method, params }) => transport.request(method, (params ?? []) as readonly unknown[]) },
        { retryCount: 0 },
      ),
      ccipRead: false,
      cacheTime: 0,
    });
    // Only the public actions the registry's read actions use: the whole public decorator would
    // put every viem action into the verifier page.
    const publicClient = base.extend((c) => ({
      call: (args: Parameters<typeof call>[1]) => call(c, args),
      readContract: ((args: Parameters<typeof readContract>[1]) =>
        readContract(c, args)) as PublicClient["readContract"],
      getChainId: () => getChainId(c),
      getBlock: ((args: Parameters<typeof getBlock>[1]) => getBlock(c, args)) as PublicClient["getBlock"],
    }));
    client = {
      chainId: transport.chainId,
      chain: transport.chain,
      publicClient: publicClient as unknown as PublicClient<Transport, Chain>,
      confirmations: defaultConfirmations(transport.chainId),
      endpoint: `read transport of ${transport.chain}`,
    };
    clients.set(transport, client);
  }
  return client;
}
