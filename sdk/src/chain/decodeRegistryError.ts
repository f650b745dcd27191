import { decodeErrorResult, type Abi } from "viem";
import type { Address, Hex } from "../types";
import { BaseError } from "../errors/base";
import {
  AdminRulesError,
  BatchAlreadyRevokedError,
  BitsOutOfRangeError,
  EmptyInputError,
  LengthMismatchError,
  NotAuthorizedError,
  RegistryError,
  RegistryNotFoundError,
  RootAlreadyAnchoredError,
  RpcRequestFailedError,
  UnknownRootError,
  ZeroLeafCountError,
  ZeroMaskError,
  ZeroRootError,
} from "../errors/registry";
import { credentialRegistryAbi } from "./registryArtifact";
import { credentialRegistryFactoryAbi } from "./factoryArtifact";
import { roleName } from "./roles";

export interface DecodeRegistryErrorContext {
  /** The registry function that was called. */
  functionName: string;
  /** What the SDK was doing, for network failures: "anchor batch 0x…". */
  action?: string;
  registry?: Address;
  chainId?: number;
}

/** A decoded contract error: its name and arguments. */
export interface RevertData {
  errorName: string;
  args: readonly unknown[];
}

/**
 * Turns whatever viem (or an EIP-1193 provider, or ethers) threw for a registry call into an SDK
 * error: the contract's custom errors become their `RegistryError` subclasses with the values they
 * carry; a call to an address without code becomes `RegistryNotFoundError`; a failed request becomes
 * `RpcRequestFailedError`. SDK errors pass through unchanged.
 *
 * @example
 * try {
 *   await client.publicClient.simulateContract({ ... });
 * } catch (error) {
 *   throw decodeRegistryError(error, { functionName: "anchor" });
 * }
 */
export function decodeRegistryError(error: unknown, context: DecodeRegistryErrorContext): BaseError {
  if (error instanceof BaseError) return error;
  // An SDK error thrown inside a viem transport (an external signer's refusal) arrives wrapped by viem.
  const inner = sdkErrorInCauses(error);
  if (inner) return inner;
  const revert = findRevertData(error);
  if (revert) return fromRevert(revert, context.functionName, error);
  if (hasErrorNamed(error, "ContractFunctionZeroDataError") && context.registry && context.chainId !== undefined) {
    return new RegistryNotFoundError({ registry: context.registry, chainId: context.chainId, cause: error });
  }
  if (isRevertWithoutData(error)) {
    return new RegistryError(`The registry reverted ${context.functionName} without saying why.`, {
      functionName: context.functionName,
      cause: error,
      fix: "Check that the address is a CredentialRegistry (version()) and that the arguments are in range.",
    });
  }
  return new RpcRequestFailedError({ action: context.action ?? `call ${context.functionName}`, cause: error });
}

/** The registry's errors and the factory's (which the factory's calls can also revert with). */
const ERRORS_ABI = [
  ...credentialRegistryAbi.filter((item) => item.type === "error"),
  ...credentialRegistryFactoryAbi.filter((item) => item.type === "error"),
] as Abi;

/** Finds the contract error in an error's cause chain (viem's decoded data, or raw revert bytes). */
export function findRevertData(error: unknown): RevertData | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === null || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const node = current as {
      name?: string;
      data?: unknown;
      cause?: unknown;
      error?: unknown;
      info?: unknown;
    };
    // viem's ContractFunctionRevertedError already decoded it against our ABI.
    const data = node.data as { errorName?: unknown; args?: unknown } | undefined;
    if (data && typeof data === "object" && typeof data.errorName === "string") {
      return { errorName: data.errorName, args: Array.isArray(data.args) ? data.args : [] };
    }
    for (const candidate of [node.data, (node.data as { data?: unknown } | undefined)?.data]) {
      if (typeof candidate === "string" && /^0x[0-9a-fA-F]{8}/.test(candidate)) {
        try {
          const decoded = decodeErrorResult({ abi: ERRORS_ABI, data: candidate as Hex });
          return { errorName: decoded.errorName, args: decoded.args ?? [] };
        } catch {
          // not one of the registry's errors; keep looking
        }
      }
    }
    queue.push(node.cause, node.error, node.info);
  }
  return undefined;
}

function fromRevert({ errorName, args }: RevertData, functionName: string, cause: unknown): BaseError {
  const a = args as readonly unknown[];
  switch (errorName) {
    case "CredentialRegistryRootAlreadyAnchored":
      return new RootAlreadyAnchoredError({ root: a[0] as Hex, functionName, cause });
    case "CredentialRegistryUnknownRoot":
      return new UnknownRootError({ root: a[0] as Hex, functionName, cause });
    case "CredentialRegistryZeroRoot":
      return new ZeroRootError({ functionName, cause });
    case "CredentialRegistryZeroLeafCount":
      return new ZeroLeafCountError({ root: a[0] as Hex, functionName, cause });
    case "CredentialRegistryLengthMismatch":
      return new LengthMismatchError({ expected: a[0] as bigint, actual: a[1] as bigint, functionName, cause });
    case "CredentialRegistryEmptyInput":
      return new EmptyInputError({ functionName, cause });
    case "CredentialRegistryZeroMask":
      return new ZeroMaskError({ root: a[0] as Hex, wordIndex: a[1] as bigint, functionName, cause });
    case "CredentialRegistryBitsOutOfRange":
      return new BitsOutOfRangeError({
        root: a[0] as Hex,
        wordIndex: a[1] as bigint,
        mask: a[2] as bigint,
        leafCount: BigInt(a[3] as bigint),
        functionName,
        cause,
      });
    case "CredentialRegistryBatchAlreadyRevoked":
      return new BatchAlreadyRevokedError({
        root: a[0] as Hex,
        revokedAt: BigInt(a[1] as bigint),
        functionName,
        cause,
      });
    case "AccessControlUnauthorizedAccount":
      return new NotAuthorizedError({
        account: a[0] as Address,
        role: a[1] as Hex,
        roleName: roleName(a[1] as Hex),
        functionName,
        cause,
      });
    case "AccessControlBadConfirmation":
      return new AdminRulesError("An account can only renounce a role for itself.", {
        errorName,
        functionName,
        cause,
        fix: "Pass the sending account's own address to renounceRole.",
      });
    case "AccessControlEnforcedDefaultAdminRules":
      return new AdminRulesError("The admin role cannot be granted, revoked or renounced directly.", {
        errorName,
        functionName,
        cause,
        fix: "Transfer it in two steps: beginDefaultAdminTransfer(newAdmin), then acceptDefaultAdminTransfer() from the new admin.",
      });
    case "AccessControlEnforcedDefaultAdminDelay": {
      const schedule = Number(a[0] as number | bigint);
      return new AdminRulesError(
        schedule === 0
          ? "No admin transfer is pending."
          : `The admin transfer can only be completed after ${new Date(schedule * 1000).toISOString()}.`,
        {
          errorName,
          functionName,
          cause,
          fix:
            schedule === 0
              ? "Start one with beginDefaultAdminTransfer(newAdmin) from the current admin."
              : "Wait until the schedule has passed (the next block after it), then try again.",
        },
      );
    }
    case "AccessControlInvalidDefaultAdmin":
      // The argument is the account that tried (OpenZeppelin reverts with _msgSender()), not the pending admin.
      return new AdminRulesError(`${String(a[0])} is not the pending admin, so it cannot accept the admin transfer.`, {
        errorName,
        functionName,
        cause,
        fix: "Send acceptDefaultAdminTransfer from the address given to beginDefaultAdminTransfer (see pendingDefaultAdmin()).",
      });
    case "CredentialRegistryFactoryEmptyName":
      return new RegistryError("The registry factory needs a non-empty name.", {
        errorName,
        functionName,
        cause,
        fix: "Pass the issuer's display name: with the admin, it fixes the registry's address.",
      });
    case "CredentialRegistryUnauthorizedInitializer":
    case "CredentialRegistryAlreadyInitialized":
      return new RegistryError(`The registry refused initialize: ${errorName}.`, {
        errorName,
        functionName,
        cause,
        fix: "Registries behind the factory are initialized by the factory's createRegistry, once; there is nothing to do.",
      });
    default:
      return new RegistryError(`The registry refused ${functionName}: ${errorName}(${a.map(String).join(", ")}).`, {
        errorName,
        functionName,
        cause,
      });
  }
}

function hasErrorNamed(error: unknown, name: string): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current instanceof Error; depth++) {
    if (current.name === name) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function isRevertWithoutData(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current instanceof Error; depth++) {
    if (
      current.name === "ContractFunctionRevertedError" ||
      /execution reverted|reverted without a reason/i.test(current.message)
    ) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function sdkErrorInCauses(error: unknown): BaseError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== null && typeof current === "object"; depth++) {
    if (current instanceof BaseError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
