/**
 * `credanchor cost`: what deploying a registry, anchoring a batch and revoking credentials cost on each
 * network at its current fee, from the measured gas (sdk/src/chain/registryGas.ts) and the fees read
 * from each network's RPC (with the L1 data fee on the OP Stack and Arbitrum). A network that cannot
 * be read gets an "unavailable" row saying why; it never gets a number.
 */
import { createPublicClient, custom, fallback, formatEther, formatGwei, http, type Transport } from "viem";
import {
  BaseError,
  estimateRegistryCosts,
  type L1FeeMethod,
  redactUrl,
  REGISTRY_GAS,
  REGISTRY_OPERATIONS,
  type RegistryCostEstimate,
  type RegistryOperation,
} from "../../sdk/src/node";
import { booleanFlag, stringFlag, stringsFlag } from "../lib/args";
import { defineCommand } from "../lib/command";
import type { Io } from "../lib/io";
import { loadConfig } from "../lib/config";
import { resolveChain, type ChainTarget } from "../lib/network";
import { BUILTIN_NETWORKS, currencyOf } from "../lib/networks";
import { formatCount, writeReport } from "../lib/output";
import { costSpec as spec } from "../specs/cost";

export interface CostOptions {
  /** Networks to price; default every configured and built-in network. */
  networks?: string[];
  config?: string;
  json?: boolean;
  /** Time allowed per RPC request, ms (default 10,000). */
  timeoutMs?: number;
}

/** `--json` shape of `cost` (docs/CLI.md). Wei amounts and gas as decimal strings. */
export interface CostJson {
  /** When the fees were read (ISO 8601 UTC). */
  readAt: string;
  gas: Record<RegistryOperation, { gas: string; measured: boolean; description: string }>;
  networks: Array<
    | {
        network: string;
        chainId: number;
        status: "ok";
        currency: string;
        blockNumber: string;
        baseFeePerGas: string;
        maxPriorityFeePerGas: string;
        l1FeeMethod: L1FeeMethod;
        operations: Array<{
          operation: RegistryOperation;
          gas: string;
          measured: boolean;
          executionCost: string;
          l1Fee: string;
          total: string;
        }>;
      }
    | { network: string; chainId?: number; status: "unavailable"; reason: string }
  >;
}

const LABELS: Record<RegistryOperation, string> = {
  deploy: "deploy",
  clone: "clone",
  anchor: "anchor",
  revokeOne: "revoke 1",
  revoke256: "revoke 256",
};

type Row =
  | { network: string; chainId: number; estimate: RegistryCostEstimate }
  | { network: string; chainId?: number; reason: string };

/**
 * Prices the registry's operations on each network.
 *
 * @example
 * await cost({ networks: ["base", "arbitrum"] }, io);
 */
export async function cost(options: CostOptions, io: Io): Promise<number> {
  const loaded = loadConfig(io, options.config);
  const names =
    options.networks && options.networks.length > 0
      ? [...new Set(options.networks)]
      : [...new Set([...Object.keys(BUILTIN_NETWORKS), ...Object.keys(loaded.config.networks)])];
  const readAt = new Date();
  const rows = await Promise.all(names.map((name) => priceNetwork(io, name, options)));

  return writeReport(
    io,
    options.json,
    {
      readAt: readAt.toISOString(),
      gas: Object.fromEntries(
        REGISTRY_OPERATIONS.map((op) => [
          op,
          {
            gas: REGISTRY_GAS[op].gas.toString(),
            measured: REGISTRY_GAS[op].measured,
            description: REGISTRY_GAS[op].description,
          },
        ]),
      ) as CostJson["gas"],
      networks: rows.map((row) =>
        "reason" in row
          ? {
              network: row.network,
              ...(row.chainId ? { chainId: row.chainId } : {}),
              status: "unavailable",
              reason: row.reason,
            }
          : {
              network: row.network,
              chainId: row.chainId,
              status: "ok",
              currency: currencyOf(row.chainId),
              blockNumber: row.estimate.blockNumber.toString(),
              baseFeePerGas: row.estimate.baseFeePerGas.toString(),
              maxPriorityFeePerGas: row.estimate.maxPriorityFeePerGas.toString(),
              l1FeeMethod: row.estimate.l1FeeMethod,
              operations: row.estimate.operations.map((o) => ({
                operation: o.operation,
                gas: o.gas.toString(),
                measured: o.measured,
                executionCost: o.executionCost.toString(),
                l1Fee: o.l1Fee.toString(),
                total: o.total.toString(),
              })),
            },
      ),
    } satisfies CostJson,
    (style) => {
      const lines = [`Cost at the current fee, read ${readAt.toISOString().replace(/\.\d+Z$/, "Z")}; nothing is sent.`];
      for (const row of rows) {
        lines.push("");
        if ("reason" in row) {
          lines.push(
            `${style.bold(row.network)}${row.chainId ? ` (chain ${row.chainId})` : ""}: ${style.yellow(`unavailable: ${row.reason}`)}`,
          );
          continue;
        }
        const { estimate } = row;
        const currency = currencyOf(row.chainId);
        const dataFee = estimate.l1FeeMethod !== "none";
        lines.push(
          `${style.bold(row.network)} (chain ${row.chainId}, block ${estimate.blockNumber}): base fee ${formatGwei(estimate.baseFeePerGas)} gwei + priority ${formatGwei(estimate.maxPriorityFeePerGas)} gwei${
            estimate.l1FeeMethod === "op-stack-gas-price-oracle"
              ? ", L1 data fee from the GasPriceOracle"
              : estimate.l1FeeMethod === "arbitrum-node-interface"
                ? ", L1 data fee from the NodeInterface"
                : ""
          }`,
        );
        const table = [
          ["operation", "gas", ...(dataFee ? ["execution", "L1 data fee"] : []), `total (${currency})`],
          ...estimate.operations.map((o) => [
            LABELS[o.operation],
            formatCount(o.gas),
            ...(dataFee ? [formatEther(o.executionCost), formatEther(o.l1Fee)] : []),
            formatEther(o.total),
          ]),
        ];
        const widths = table[0].map((_, column) => Math.max(...table.map((cells) => cells[column].length)));
        for (const cells of table) {
          lines.push(
            `  ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  ")}`,
          );
        }
      }
      lines.push(
        "",
        ...REGISTRY_OPERATIONS.filter((op) => !REGISTRY_GAS[op].measured).map(
          (op) => `* ${op}: ${formatCount(REGISTRY_GAS[op].gas)} gas is an estimate, not measured here.`,
        ),
        "Gas is measured on Hardhat with worst-case calldata (docs/PERFORMANCE.md); fees change by the minute.",
      );
      return lines;
    },
  );
}

/** One network's row: its estimate, or why there is none. Never throws for a network's failure. */
async function priceNetwork(io: Io, name: string, options: CostOptions): Promise<Row> {
  let target: ChainTarget;
  try {
    target = resolveChain(io, { network: name, config: options.config });
  } catch (error) {
    const known = BUILTIN_NETWORKS[name]?.chainId;
    return { network: name, ...(known ? { chainId: known } : {}), reason: reasonOf(error) };
  }
  const chainId = target.chainId!;
  try {
    const client = createPublicClient({ transport: transportFor(target, options.timeoutMs ?? 10_000) });
    return { network: name, chainId, estimate: await estimateRegistryCosts(client, { chainId }) };
  } catch (error) {
    const reason = target.rpcUrls.reduce((text, url) => text.split(url).join(redactUrl(url)), reasonOf(error));
    return { network: name, chainId, reason };
  }
}

function transportFor(target: ChainTarget, timeout: number): Transport {
  if (target.provider) return custom(target.provider);
  const transports = target.rpcUrls.map((url) => http(url, { retryCount: 0, timeout }));
  return transports.length === 1 ? transports[0] : fallback(transports);
}

/** One line: what went wrong (for a network failure, the underlying cause), and for a missing RPC URL what to set. */
function reasonOf(error: unknown): string {
  if (error instanceof BaseError && error.code === "CLI_NETWORK") {
    const fix = error.fix?.replace(/,? or pass --rpc URL$/, "");
    return `${firstLine(error.shortMessage)}${fix ? ` (${firstLine(fix)})` : ""}`;
  }
  if (error instanceof BaseError && error.code === "RPC_REQUEST_FAILED") {
    const action = /^Could not (.*?): the RPC endpoint failed/.exec(error.shortMessage)?.[1];
    return `could not ${action ?? "read the chain"}: ${causeOf(error)}`;
  }
  if (error instanceof BaseError) return firstLine(error.shortMessage);
  return error instanceof Error ? firstLine(error.message) : String(error);
}

/** The innermost cause: a system error code (ECONNREFUSED, ENOTFOUND) when there is one, else its message. */
function causeOf(error: unknown): string {
  let inner: unknown = error;
  let code: string | undefined;
  let message = "";
  for (let depth = 0; inner instanceof Error && depth < 10; depth++) {
    const own = (inner as { code?: unknown }).code;
    if (typeof own === "string" && /^E[A-Z]+/.test(own)) code = own;
    message = firstLine((inner as { shortMessage?: string }).shortMessage ?? inner.message);
    inner = (inner as { cause?: unknown }).cause;
  }
  return code ? `${message.replace(/\.$/, "")} (${code})` : message;
}

function firstLine(text: string): string {
  return text.split("\n")[0].trim();
}

export const costCommand = defineCommand<CostOptions>({
  spec,
  options: (args) => ({
    networks: stringsFlag(args, "network"),
    config: stringFlag(args, "config"),
    json: booleanFlag(args, "json"),
  }),
  run: cost,
});
