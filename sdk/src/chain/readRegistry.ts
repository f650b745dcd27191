import type { Address } from "../types";
import type { RegistryClient } from "./createRegistryClient";
import { decodeRegistryError } from "./decodeRegistryError";

/**
 * Runs a registry read and turns failures into SDK errors (`RegistryNotFoundError` when the address has
 * no code, `RpcRequestFailedError` when the endpoint fails, decoded contract errors otherwise).
 *
 * @example
 * const version = await readRegistry(client, registry, "version", () =>
 *   client.publicClient.readContract({ address: registry, abi: credentialRegistryAbi, functionName: "version" }),
 * );
 */
export async function readRegistry<T>(
  client: RegistryClient,
  registry: Address,
  functionName: string,
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw decodeRegistryError(error, {
      functionName,
      registry,
      chainId: client.chainId,
      action: `read ${functionName} from ${registry}`,
    });
  }
}
