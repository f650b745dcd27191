/**
 * What the registry's operations cost on one chain at its current fee: the measured gas
 * (`REGISTRY_GAS`) × (base fee + priority fee), plus the L1 data fee a rollup charges for the
 * transaction's bytes: on the OP Stack from its GasPriceOracle (viem's op-stack `estimateL1Fee`, given
 * the measured transaction's data), on Arbitrum from its NodeInterface (`gasEstimateL1Component`).
 */
import { defineChain, parseAbi, type Chain, type PublicClient, type Transport } from "viem";
import { estimateL1Fee } from "viem/op-stack";
import { ChainMismatchError, RpcRequestFailedError } from "../errors/registry";
import type { Address, Hex } from "../types";
import { formatCaip2ChainId } from "./caip2";
import { REGISTRY_GAS, REGISTRY_OPERATIONS, registryOperationTransaction, type RegistryOperation } from "./registryGas";

/** How a chain charges for the data of a transaction on top of its gas. */
export type L1FeeMethod = "op-stack-gas-price-oracle" | "arbitrum-node-interface" | "none";

const OP_STACK: ReadonlySet<number> = new Set([10, 8453, 11155420, 84532]);
const ARBITRUM: ReadonlySet<number> = new Set([42161, 421614]);

/**
 * The L1 data fee method of a chain id.
 *
 * @example
 * l1FeeMethod(8453) // "op-stack-gas-price-oracle"
 * l1FeeMethod(1) // "none"
 */
export function l1FeeMethod(chainId: number): L1FeeMethod {
  if (OP_STACK.has(chainId)) return "op-stack-gas-price-oracle";
  if (ARBITRUM.has(chainId)) return "arbitrum-node-interface";
  return "none";
}

/** The OP Stack's GasPriceOracle predeploy (the same address on every OP Stack chain). */
export const OP_GAS_PRICE_ORACLE: Address = "0x420000000000000000000000000000000000000F";
/** Arbitrum's NodeInterface: a virtual contract that answers `eth_call` only. */
export const ARBITRUM_NODE_INTERFACE: Address = "0x00000000000000000000000000000000000000C8";
/** Where the priced calls are sent: a placeholder of non-zero bytes (only the size of the data matters). */
const PLACEHOLDER_REGISTRY: Address = "0x1111111111111111111111111111111111111111";

// Arbitrum declares it payable; it is only ever answered through eth_call, so it is read as a view here.
const NODE_INTERFACE_ABI = parseAbi([
  "function gasEstimateL1Component(address to, bool contractCreation, bytes data) view returns (uint64 gasEstimateForL1, uint256 baseFee, uint256 l1BaseFeeEstimate)",
]);

/** The cost of one operation, in wei. */
export interface OperationCost {
  operation: RegistryOperation;
  gas: bigint;
  /** False when the gas figure is an estimate, not a measurement (see `REGISTRY_GAS`). */
  measured: boolean;
  /** gas × (base fee + priority fee). */
  executionCost: bigint;
  /** The rollup's charge for the transaction's data (0 on an L1). */
  l1Fee: bigint;
  total: bigint;
}

export interface RegistryCostEstimate {
  chainId: number;
  /** The block the base fee was read from. */
  blockNumber: bigint;
  baseFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  l1FeeMethod: L1FeeMethod;
  operations: OperationCost[];
}

export interface EstimateRegistryCostsParameters {
  /** The chain the endpoint must serve; checked first. */
  chainId: number;
  /** Default: every operation of `REGISTRY_OPERATIONS`. */
  operations?: readonly RegistryOperation[];
}

/**
 * Reads the chain's current fee (and data fee) once and prices each operation.
 *
 * @example
 * const client = createPublicClient({ transport: http(process.env.BASE_RPC_URL) });
 * const costs = await estimateRegistryCosts(client, { chainId: 8453 });
 * costs.operations.find((o) => o.operation === "anchor")!.total // wei
 */
export async function estimateRegistryCosts(
  client: PublicClient<Transport, Chain | undefined>,
  parameters: EstimateRegistryCostsParameters,
): Promise<RegistryCostEstimate> {
  const { chainId } = parameters;
  const read = async <T>(action: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw new RpcRequestFailedError({ action, cause: error });
    }
  };
  const actual = await read("read the endpoint's chain id (eth_chainId)", () => client.getChainId());
  if (actual !== chainId) throw new ChainMismatchError({ expected: chainId, actual });
  const block = await read("read the latest block", () => client.getBlock({ blockTag: "latest" }));
  const baseFeePerGas = block.baseFeePerGas ?? 0n;
  const maxPriorityFeePerGas = await read("read the priority fee (eth_maxPriorityFeePerGas)", () =>
    client.estimateMaxPriorityFeePerGas({ chain: null }),
  );
  const operations: OperationCost[] = [];
  for (const operation of parameters.operations ?? REGISTRY_OPERATIONS) {
    const { gas, measured } = REGISTRY_GAS[operation];
    const transaction = registryOperationTransaction(operation);
    const l1Fee = await estimateL1DataFee(client, {
      chainId,
      to: transaction.create ? undefined : PLACEHOLDER_REGISTRY,
      data: transaction.data,
    });
    const executionCost = gas * (baseFeePerGas + maxPriorityFeePerGas);
    operations.push({ operation, gas, measured, executionCost, l1Fee, total: executionCost + l1Fee });
  }
  return {
    chainId,
    blockNumber: block.number ?? 0n,
    baseFeePerGas,
    maxPriorityFeePerGas,
    l1FeeMethod: l1FeeMethod(chainId),
    operations,
  };
}

/** A transaction whose data fee is priced: its recipient (none for a deployment) and data. */
export interface L1DataFeeParameters {
  chainId: number;
  to?: Address;
  data: Hex;
}

/**
 * The L1 data fee a rollup charges for a transaction's bytes, in wei: the OP Stack's GasPriceOracle
 * `getL1Fee` of the serialized transaction (viem's op-stack `estimateL1Fee`), or Arbitrum's
 * NodeInterface `gasEstimateL1Component` (L1 gas × the L2 base fee it returns); 0 on other chains.
 *
 * @example
 * const l1Fee = await estimateL1DataFee(client, { chainId: 8453, to: registry, data });
 */
export async function estimateL1DataFee(
  client: PublicClient<Transport, Chain | undefined>,
  parameters: L1DataFeeParameters,
): Promise<bigint> {
  const { chainId, to, data } = parameters;
  const method = l1FeeMethod(chainId);
  try {
    if (method === "op-stack-gas-price-oracle") {
      return await estimateL1Fee(client, {
        chain: client.chain ?? chainFor(chainId),
        account: PLACEHOLDER_REGISTRY,
        gasPriceOracleAddress: OP_GAS_PRICE_ORACLE,
        to,
        data,
      });
    }
    if (method === "arbitrum-node-interface") {
      const [gasForL1, l2BaseFee] = await client.readContract({
        address: ARBITRUM_NODE_INTERFACE,
        abi: NODE_INTERFACE_ABI,
        functionName: "gasEstimateL1Component",
        args: [to ?? "0x0000000000000000000000000000000000000000", to === undefined, data],
      });
      return gasForL1 * l2BaseFee;
    }
    return 0n;
  } catch (error) {
    const source = method === "op-stack-gas-price-oracle" ? "the GasPriceOracle" : "the NodeInterface";
    throw new RpcRequestFailedError({ action: `read the L1 data fee from ${source}`, cause: error });
  }
}

/** A minimal chain definition: `estimateL1Fee` serializes with its id. */
function chainFor(chainId: number): Chain {
  return defineChain({
    id: chainId,
    name: formatCaip2ChainId(chainId),
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [] } },
  });
}
