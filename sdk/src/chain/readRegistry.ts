import type { Address } from "../types";
import { UnexpectedAnswerError } from "../errors/registry";
import type { RegistryClient } from "./createRegistryClient";
import { decodeRegistryError } from "./decodeRegistryError";

/**
 * Runs a registry read and turns failures into SDK errors (`RegistryNotFoundError` when the address has
 * no code, `UnexpectedAnswerError` when the answer does not decode, `RpcRequestFailedError` when the
 * endpoint fails, decoded contract errors otherwise).
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
    if (isUndecodableAnswer(error)) {
      throw new UnexpectedAnswerError({ registry, functionName, expected: "what its ABI describes", cause: error });
    }
    throw decodeRegistryError(error, {
      functionName,
      registry,
      chainId: client.chainId,
      action: `read ${functionName} from ${registry}`,
    });
  }
}

/**
 * viem's `readContract` wraps both a failed call (`CallExecutionError`) and an answer it could not
 * decode in `ContractFunctionExecutionError`: without a `CallExecutionError` below it, the call was
 * answered and the answer did not decode. An empty answer (`ContractFunctionZeroDataError` below it)
 * is left to `decodeRegistryError`, which makes it `RegistryNotFoundError`.
 */
function isUndecodableAnswer(error: unknown): boolean {
  let wrapped = false;
  for (let current = error, depth = 0; depth < 10 && current instanceof Error; depth++) {
    if (current.name === "CallExecutionError" || current.name === "ContractFunctionZeroDataError") return false;
    if (current.name === "ContractFunctionExecutionError") wrapped = true;
    current = (current as { cause?: unknown }).cause;
  }
  return wrapped;
}
