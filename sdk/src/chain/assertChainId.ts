import type { Address } from "../types";
import { ChainMismatchError, RegistryNotFoundError, RpcRequestFailedError } from "../errors/registry";
import type { RegistryClient } from "./createRegistryClient";

/**
 * Reads the endpoint's `eth_chainId` and throws `ChainMismatchError` unless it is the client's chain.
 * Every write calls this first, so nothing is ever sent to the wrong network.
 *
 * @example
 * await assertChainId(client); // throws ChainMismatchError { expectedChainId: 11155111, actualChainId: 31337 }
 */
export async function assertChainId(client: RegistryClient): Promise<void> {
  let actual: number;
  try {
    actual = await client.publicClient.getChainId();
  } catch (error) {
    throw new RpcRequestFailedError({ action: "read the endpoint's chain id (eth_chainId)", cause: error });
  }
  if (actual !== client.chainId) {
    throw new ChainMismatchError({ expected: client.chainId, actual, endpoint: client.endpoint });
  }
}

const deployed = new WeakMap<RegistryClient, Set<string>>();

/**
 * Throws `RegistryNotFoundError` when there is no contract code at `registry`. Checked once per
 * client and address: a transaction to an address without code would "succeed" and do nothing.
 */
export async function assertRegistryDeployed(client: RegistryClient, registry: Address): Promise<void> {
  const known = deployed.get(client) ?? new Set<string>();
  deployed.set(client, known);
  const key = registry.toLowerCase();
  if (known.has(key)) return;
  let code: string | undefined;
  try {
    code = await client.publicClient.getCode({ address: registry });
  } catch (error) {
    throw new RpcRequestFailedError({ action: `read the code at ${registry}`, cause: error });
  }
  if (!code || code === "0x") throw new RegistryNotFoundError({ registry, chainId: client.chainId });
  known.add(key);
}
