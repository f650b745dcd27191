import { encodeFunctionData, getAbiItem, getAddress, type Abi, type AbiFunction, type AbiParameter } from "viem";
import type { Address, Hex } from "../types";
import { credentialRegistryAbi } from "../chain/registryArtifact";
import type { RegistryWriteFunction } from "../chain/transaction/prepareRegistryTransaction";
import { safeBatchChecksum } from "./safeBatchChecksum";

/** The Transaction Builder version whose file format credanchor writes. */
export const SAFE_TX_BUILDER_VERSION = "1.18.0";

/** One call of a Safe Transaction Builder batch. */
export interface SafeBatchTransaction {
  to: Address;
  /** Wei, decimal. */
  value: string;
  /** The calldata; the Safe executes exactly these bytes. */
  data: Hex;
  /** The called function, for the Transaction Builder's form view. */
  contractMethod: {
    inputs: Array<{ internalType: string; name: string; type: string }>;
    name: string;
    payable: boolean;
  } | null;
  /** The arguments as the Transaction Builder's form holds them (arrays as JSON text). */
  contractInputsValues: Record<string, string> | null;
}

/** A Safe{Wallet} Transaction Builder batch file (what its "drag and drop a JSON" import reads). */
export interface SafeBatchFile {
  version: "1.0";
  /** Decimal, as a string. */
  chainId: string;
  /** Milliseconds since 1970. */
  createdAt: number;
  meta: {
    name: string;
    description: string;
    txBuilderVersion: string;
    createdFromSafeAddress: Address;
    createdFromOwnerAddress: Address | "";
    /** `safeBatchChecksum` of the rest. */
    checksum: Hex;
  };
  transactions: SafeBatchTransaction[];
}

/** A registry call to put into a batch. */
export interface RegistryCall {
  functionName: RegistryWriteFunction;
  args: readonly unknown[];
}

export interface CreateSafeBatchFileParameters {
  chainId: number;
  /** The Safe that will execute the batch. */
  safe: Address;
  /** The owner who proposes it, when known. */
  owner?: Address;
  /** The registry every call goes to. */
  registry: Address;
  calls: readonly RegistryCall[];
  name: string;
  description: string;
  /** Default: now. */
  createdAt?: number;
}

/**
 * Builds a Transaction Builder batch of registry calls, with `meta.checksum`. Each transaction carries
 * the calldata and, for the Transaction Builder's form, the function's inputs and argument values.
 *
 * @example
 * const file = createSafeBatchFile({
 *   chainId: 8453, safe, registry, name: "credanchor anchor", description: "anchor batch-1",
 *   calls: [{ functionName: "anchor", args: [root, 100n, ""] }],
 * });
 * fs.writeFileSync("anchor.safe.json", JSON.stringify(file, null, 2));
 */
export function createSafeBatchFile(parameters: CreateSafeBatchFileParameters): SafeBatchFile {
  const registry = getAddress(parameters.registry);
  const body: Omit<SafeBatchFile, "meta"> & { meta: Omit<SafeBatchFile["meta"], "checksum"> } = {
    version: "1.0",
    chainId: String(parameters.chainId),
    createdAt: parameters.createdAt ?? Date.now(),
    meta: {
      name: parameters.name,
      description: parameters.description,
      txBuilderVersion: SAFE_TX_BUILDER_VERSION,
      createdFromSafeAddress: getAddress(parameters.safe),
      createdFromOwnerAddress: parameters.owner ? getAddress(parameters.owner) : "",
    },
    transactions: parameters.calls.map((call) => registryTransaction(registry, call)),
  };
  return { ...body, meta: { ...body.meta, checksum: safeBatchChecksum(body) } };
}

function registryTransaction(registry: Address, call: RegistryCall): SafeBatchTransaction {
  const abi = credentialRegistryAbi as Abi;
  const item = getAbiItem({ abi, name: call.functionName }) as AbiFunction;
  const data = encodeFunctionData({ abi, functionName: call.functionName, args: call.args as unknown[] });
  const values: Record<string, string> = {};
  item.inputs.forEach((input, i) => {
    values[input.name ?? `arg${i}`] = formValue(input, call.args[i]);
  });
  return {
    to: registry,
    value: "0",
    data,
    contractMethod: {
      inputs: item.inputs.map((input, i) => ({
        internalType: (input as AbiParameter & { internalType?: string }).internalType ?? input.type,
        name: input.name ?? `arg${i}`,
        type: input.type,
      })),
      name: item.name,
      payable: item.stateMutability === "payable",
    },
    contractInputsValues: values,
  };
}

/** How the Transaction Builder's form holds a value: text; arrays as JSON text of their items' text. */
function formValue(input: AbiParameter, value: unknown): string {
  const text = (v: unknown): string => (typeof v === "bigint" || typeof v === "number" ? v.toString() : String(v));
  if (input.type.endsWith("]")) return JSON.stringify((value as unknown[]).map(text));
  return text(value);
}
