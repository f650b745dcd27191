/**
 * `credanchor anchor`: puts a batch's Merkle root on chain and writes the anchor record into its files.
 *
 * Length (over 400 lines): three modes of one command share its flags, checks and report: sending
 * (`send`), exporting for a Safe (`propose`, `reportPending`) and pricing (`dryRun`). The seam is a
 * `cli/commands/anchor/` folder with one file per mode, like `roles/`; not split yet.
 */
import { formatEther, formatGwei } from "viem";
import {
  type Address,
  anchorBatches,
  type AnchorBatchResult,
  type AnchorProgress,
  AnchorProposalPendingError,
  type AnchorRecord,
  estimateL1DataFee,
  getBatch,
  getDefaultAdmin,
  type Hex,
  prepareRegistryTransaction,
  proposeAnchorBatches,
  type ProposedBatch,
  type RegistryClient,
} from "../../sdk/src/node";
import { InputError, UsageError } from "../errors";
import { booleanFlag, stringFlag } from "../lib/args";
import { loadManifest, shown } from "../lib/batchDir";
import { issuerMismatch, mismatchFix } from "../lib/issuerMatch";
import { connect } from "../lib/client";
import { defineCommand } from "../lib/command";
import { resolvePath } from "../lib/files";
import { COMMANDS_HINT } from "../lib/hints";
import type { Io } from "../lib/io";
import { currencyOf, explorerLink } from "../lib/networks";
import { formatCount, plural, stylesFor, writeReport } from "../lib/output";
import { createProgress } from "../lib/progress";
import { exportLines, exportSummary, safeTarget, type SafeExportJson, type SafeExportOptions } from "../lib/safeExport";
import { type ChainFlags, chainFlags, type RegistrySession, withRegistry } from "../lib/withRegistry";
import { anchorSpec as spec } from "../specs/anchor";

/** Exit code of `anchor` when a batch was proposed to a Safe that has not executed it yet. */
export const EXIT_PROPOSED = 3;

/** The chain flags (`ChainFlags`: --network, --rpc, --registry, --config, the key flags, --confirmations) and the rest. */
export interface AnchorOptions extends SafeExportOptions, ChainFlags {
  /** Batch folders written by `credanchor issue`. Several share one transaction. */
  dirs: string[];
  /** Print the gas and the cost at the current fee; send nothing. */
  dryRun?: boolean;
  /** Anchor again when the folder's record names a root the registry does not hold (a reset local chain). */
  reanchor?: boolean;
  /** Anchor even when the registry's profile does not name the batch's issuer (the credentials will fail the issuer check). */
  force?: boolean;
  json?: boolean;
}

/** `--json` shape of `anchor` (docs/CLI.md). */
export interface AnchorJson {
  network: string;
  chainId: number;
  registry: Address;
  batches: Array<{
    batchDir: string;
    root: Hex;
    outcome: AnchorBatchResult["outcome"];
    anchor: AnchorRecord;
    filesWritten: number;
    /** Present when the batch had been proposed to a Safe (`--safe --export`). */
    proposal?: { safe: Address; file: string; executedBySafe: boolean };
  }>;
}

/** `--json` shape of `anchor --safe ADDR --export FILE` (docs/CLI.md). */
export interface AnchorProposeJson {
  network: string;
  chainId: number;
  registry: Address;
  exported: SafeExportJson;
  batches: Array<{ batchDir: string; root: Hex; leafCount: number; status: ProposedBatch["status"] }>;
}

/** `--json` shape of `anchor` while a Safe proposal is open (exit code 3; docs/CLI.md). */
export interface AnchorPendingJson {
  pending: true;
  safe: Address;
  file: string;
  roots: Hex[];
  batchDirs: string[];
}

/** `--json` shape of `anchor --dry-run` (docs/CLI.md). Wei amounts as decimal strings. */
export interface AnchorDryRunJson {
  dryRun: true;
  network: string;
  chainId: number;
  registry: Address;
  /** The account the transaction was simulated from. */
  from: Address;
  batches: Array<{ batchDir: string; root: Hex; leafCount: number; onChain: boolean }>;
  /** Null when every root is already on chain (nothing would be sent). */
  transaction: null | {
    functionName: "anchor" | "anchorMany";
    gas: string;
    baseFeePerGas: string;
    maxPriorityFeePerGas: string;
    maxFeePerGas: string;
    /** gas × (base fee + priority fee) + l1Fee: what it costs at the current fee. */
    cost: string;
    /** gas limit × max fee + l1Fee: the most it can cost. */
    maxCost: string;
    /** The rollup's L1 data fee (OP Stack, Arbitrum); "0" elsewhere. */
    l1Fee: string;
    currency: string;
  };
}

/**
 * Anchors the batches (or, with `dryRun`, prices the transaction).
 *
 * @example
 * await anchor({ dirs: ["batch-1"], network: "localhost" }, io);
 */
export async function anchor(options: AnchorOptions, io: Io): Promise<number> {
  const proposeTo = safeTarget(options);
  if (proposeTo && options.dryRun) {
    throw new UsageError("--dry-run and --safe do not go together", {
      fix: "--safe --export sends nothing anyway: the Safe's owners see the gas in the Safe's interface",
    });
  }
  if (options.dryRun)
    return withRegistry(io, options, { signer: "optional" }, (session) => dryRun(options, io, session));
  if (proposeTo) {
    return withRegistry(io, options, { signer: "none" }, (session) => propose(options, io, session, proposeTo));
  }
  return withRegistry(io, options, { signer: "required" }, (session) => send(options, io, session));
}

/** Sends the anchoring transaction (or finds the roots already anchored) and reports each batch. */
async function send(
  options: AnchorOptions,
  io: Io,
  { target, client, registry }: RegistrySession<"required">,
): Promise<number> {
  await checkIssuerMatch(io, client, registry, options.dirs, options.force ? "warn" : "refuse");
  const progress = createProgress(io, { label: "anchoring", enabled: !options.json });
  const notes: string[] = [];
  const onProgress = (event: AnchorProgress) => {
    switch (event.type) {
      case "sent":
        notes.push(`sent ${event.transactionHash} (nonce ${event.nonce})`);
        progress.update(0, undefined, `sent ${event.transactionHash.slice(0, 12)}…, waiting to be mined`);
        break;
      case "confirmations":
        progress.update(event.confirmations, event.required, "confirmations");
        break;
      case "files":
        progress.update(event.done, event.total, `writing the anchor record into ${shown(io, event.batchDir)}`);
        break;
      default:
        break;
    }
  };
  let results: AnchorBatchResult[];
  try {
    results = await anchorBatches(
      options.dirs.map((dir) => resolvePath(io, dir)),
      { client, registry, confirmations: options.confirmations, allowReanchor: options.reanchor, onProgress },
    );
  } catch (error) {
    if (!(error instanceof AnchorProposalPendingError)) throw error;
    return reportPending(io, options, error);
  } finally {
    progress.stop();
  }

  return writeReport(
    io,
    options.json,
    {
      network: target.name,
      chainId: client.chainId,
      registry,
      batches: results.map((r) => ({
        batchDir: shown(io, r.batchDir),
        root: r.root,
        outcome: r.outcome,
        anchor: r.anchor,
        filesWritten: r.filesWritten,
        ...(r.proposal
          ? { proposal: { safe: r.proposal.safe, file: r.proposal.file, executedBySafe: r.proposal.executedBySafe } }
          : {}),
      })),
    } satisfies AnchorJson,
    (style) => {
      const lines: string[] = [];
      for (const result of results) {
        const dir = shown(io, result.batchDir);
        const what: Record<AnchorBatchResult["outcome"], string> = {
          sent: "anchored",
          resumed: "anchored (finished an interrupted run; its transaction had been sent)",
          found: "was already on chain; recorded it",
          "already-recorded": "already anchored and recorded; nothing to do",
        };
        lines.push(
          result.proposal
            ? `${style.green("✔")} ${dir}: ${result.proposal.executedBySafe ? `executed by Safe ${result.proposal.safe}` : `anchored, but not by Safe ${result.proposal.safe} (another transaction anchored the root first)`}; recorded it`
            : `${style.green("✔")} ${dir}: ${what[result.outcome]}`,
        );
        lines.push(`  root      ${result.root}`);
        lines.push(
          `  registry  ${registry} on ${target.name} (${result.anchor.chain})${target.registrySource ? `, from ${target.registrySource}` : ""}`,
        );
        lines.push(
          `  tx        ${result.anchor.transactionHash} in block ${result.anchor.blockNumber}, ${result.anchor.anchoredAt}`,
        );
        if (target.explorer)
          lines.push(`  explorer  ${explorerLink(target.explorer, "tx", result.anchor.transactionHash)}`);
        if (result.filesWritten > 0)
          lines.push(
            `  wrote     the anchor record into manifest.json and ${plural(result.filesWritten, "credential file")}`,
          );
      }
      lines.push("", COMMANDS_HINT.afterAnchor(options.dirs.length === 1 ? options.dirs[0] : "DIR"));
      return lines;
    },
  );
}

/** `--safe ADDR --export FILE`: writes the Transaction Builder batch and marks the journals `proposed`. */
async function propose(
  options: AnchorOptions,
  io: Io,
  { target, client, registry }: RegistrySession<"none">,
  proposeTo: { safe: Address; file: string },
): Promise<number> {
  await checkIssuerMatch(io, client, registry, options.dirs, options.force ? "warn" : "refuse");
  const result = await proposeAnchorBatches(
    options.dirs.map((dir) => resolvePath(io, dir)),
    { client, registry, safe: proposeTo.safe, file: resolvePath(io, proposeTo.file) },
  );
  const exported = exportSummary(proposeTo.file, result.batchFile);
  const batches = result.batches.map((b) => ({
    batchDir: shown(io, b.batchDir),
    root: b.root,
    leafCount: b.leafCount,
    status: b.status,
  }));
  return writeReport(
    io,
    options.json,
    {
      network: target.name,
      chainId: client.chainId,
      registry,
      exported,
      batches,
    } satisfies AnchorProposeJson,
    (style) => {
      const lines: string[] = [];
      for (const batch of batches) {
        lines.push(
          batch.status === "proposed"
            ? `${style.green("✔")} ${batch.batchDir}: proposed to Safe ${proposeTo.safe} (root ${batch.root})`
            : `${style.yellow("!")} ${batch.batchDir}: already on chain, left out; \`credanchor anchor ${batch.batchDir}\` records it`,
        );
      }
      lines.push(`  registry  ${registry} on ${target.name} (chain ${client.chainId})`);
      lines.push(
        ...exportLines(
          exported,
          `\`credanchor anchor ${options.dirs.join(" ")}${target.named ? ` --network ${target.name}` : ""}\` writes the anchor record`,
        ),
      );
      return lines;
    },
  );
}

/** A batch proposed to a Safe that has not executed it: a status, not a failure of the tool (exit 3). */
function reportPending(io: Io, options: AnchorOptions, error: AnchorProposalPendingError): number {
  return writeReport(
    io,
    options.json,
    {
      pending: true,
      safe: error.safe,
      file: error.file,
      roots: error.roots,
      batchDirs: error.batchDirs.map((dir) => shown(io, dir)),
    } satisfies AnchorPendingJson,
    (style) => [
      `${style.yellow("…")} ${error.batchDirs.map((dir) => shown(io, dir)).join(", ")}: proposed to Safe ${error.safe}, not executed yet`,
      `  batch file  ${error.file}`,
      "  nothing was sent; have the Safe's owners sign and execute it, then run this again",
    ],
    EXIT_PROPOSED,
  );
}

async function dryRun(
  options: AnchorOptions,
  io: Io,
  { target, client: connected, registry, signer }: RegistrySession<"optional">,
): Promise<number> {
  // Simulate from the key when there is one; without a key, from the registry's admin (an issuer by default).
  const from = signer?.address ?? (await getDefaultAdmin(connected, { registry }));
  const client = signer ? connected : await connect(target, { address: from });

  const batches: AnchorDryRunJson["batches"] = [];
  for (const dir of options.dirs) {
    const manifest = await loadManifest(io, dir);
    const record = await getBatch(client, { registry, root: manifest.root });
    batches.push({
      batchDir: shown(io, dir),
      root: manifest.root,
      leafCount: manifest.leafCount,
      onChain: record.anchored,
    });
  }
  await checkIssuerMatch(io, client, registry, options.dirs, "warn");
  const pending = batches.filter((b) => !b.onChain);
  let transaction: AnchorDryRunJson["transaction"] = null;
  if (pending.length > 0) {
    const functionName = pending.length === 1 ? "anchor" : "anchorMany";
    const args =
      functionName === "anchor"
        ? [pending[0].root, BigInt(pending[0].leafCount), ""]
        : [pending.map((b) => b.root), pending.map((b) => BigInt(b.leafCount))];
    const prepared = await prepareRegistryTransaction(client, { registry, functionName, args });
    const block = await client.publicClient.getBlock();
    const baseFee = block.baseFeePerGas ?? 0n;
    const perGas = baseFee + prepared.maxPriorityFeePerGas;
    const l1Fee = await estimateL1DataFee(client.publicClient, {
      chainId: client.chainId,
      to: prepared.to,
      data: prepared.data,
    });
    transaction = {
      functionName,
      gas: prepared.estimatedGas.toString(),
      baseFeePerGas: baseFee.toString(),
      maxPriorityFeePerGas: prepared.maxPriorityFeePerGas.toString(),
      maxFeePerGas: prepared.maxFeePerGas.toString(),
      cost: (prepared.estimatedGas * perGas + l1Fee).toString(),
      maxCost: (prepared.gas * prepared.maxFeePerGas + l1Fee).toString(),
      l1Fee: l1Fee.toString(),
      currency: currencyOf(client.chainId),
    };
  }

  return writeReport(
    io,
    options.json,
    {
      dryRun: true,
      network: target.name,
      chainId: client.chainId,
      registry,
      from,
      batches,
      transaction,
    } satisfies AnchorDryRunJson,
    (style) => {
      const lines = [`Dry run on ${target.name} (chain ${client.chainId}), registry ${registry}; nothing was sent.`];
      for (const batch of batches) {
        lines.push(
          `  ${batch.batchDir}: ${plural(batch.leafCount, "credential")}, root ${batch.root}${batch.onChain ? style.yellow(" (already on chain: would be recorded, not sent)") : ""}`,
        );
      }
      if (transaction) {
        const credentials = pending.reduce((sum, b) => sum + b.leafCount, 0);
        const gas = BigInt(transaction.gas);
        lines.push(
          `  ${transaction.functionName}: ${formatCount(gas)} gas (${(Number(gas) / credentials).toFixed(credentials > 1000 ? 3 : 1)} gas per credential), simulated from ${from}${signer ? "" : " (the registry admin; no key given)"}`,
          `  at the current fee (base ${formatGwei(BigInt(transaction.baseFeePerGas))} + tip ${formatGwei(BigInt(transaction.maxPriorityFeePerGas))} gwei${transaction.l1Fee !== "0" ? `, with an L1 data fee of ${formatEther(BigInt(transaction.l1Fee))}` : ""}): ${style.bold(`${formatEther(BigInt(transaction.cost))} ${transaction.currency}`)}`,
          `  at most (gas limit × max fee ${formatGwei(BigInt(transaction.maxFeePerGas))} gwei): ${formatEther(BigInt(transaction.maxCost))} ${transaction.currency}`,
        );
      } else {
        lines.push("  every root is already on chain: `anchor` would record them and send nothing");
      }
      return lines;
    },
  );
}

/**
 * For each batch whose issuer the registry's profile does not name: refuses before anything is sent
 * (`refuse`), or warns on stderr (`warn`: `--force`, or a dry run, which sends nothing).
 */
async function checkIssuerMatch(
  io: Io,
  client: RegistryClient,
  registry: Address,
  dirs: string[],
  mode: "refuse" | "warn",
): Promise<void> {
  const style = stylesFor(io.stderr, io.env);
  for (const dir of dirs) {
    const manifest = await loadManifest(io, dir);
    const mismatch = await issuerMismatch(client, registry, manifest, shown(io, dir));
    if (!mismatch) continue;
    const fix = mismatchFix(mismatch, manifest.issuer.name);
    if (mode === "refuse") {
      throw new InputError(`not anchored: ${mismatch.message}`, {
        fix: `${fix}; or pass --force to anchor anyway`,
      });
    }
    io.stderr.write(`${style.yellow(`warning: ${mismatch.message}.\n  fix: ${fix}`)}\n`);
  }
}

export const anchorCommand = defineCommand<AnchorOptions>({
  spec,
  options: (args) => ({
    dirs: args.positionals,
    ...chainFlags(args),
    dryRun: booleanFlag(args, "dry-run"),
    reanchor: booleanFlag(args, "reanchor"),
    force: booleanFlag(args, "force"),
    json: booleanFlag(args, "json"),
    safe: stringFlag(args, "safe"),
    export: stringFlag(args, "export"),
  }),
  run: anchor,
});
