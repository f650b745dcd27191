import { custom } from "viem";
import { createRegistryClient, type RegistryClient } from "../createRegistryClient";
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
 * @example
 * const transport = createReadTransport({ chain: "eip155:11155111", endpoints: [urlA, urlB] });
 * const batch = await getBatch(readTransportClient(transport), { registry, root });
 */
export function readTransportClient(transport: ReadTransport): RegistryClient {
  let client = clients.get(transport);
  if (!client) {
    client = createRegistryClient({
      chainId: transport.chainId,
      transport: custom(
        { request: ({ method, params }) => transport.request(method, (params ?? []) as readonly unknown[]) },
        { retryCount: 0 },
      ),
    });
    clients.set(transport, client);
  }
  return client;
}
