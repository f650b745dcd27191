/** `credanchor revoke-batch`: revokes whole batches, permanently (a batch folder or a root). */
import {
  type Address,
  type Hex,
  isoFromUnixSeconds,
  proposeBatchRevocations,
  revokeBatches,
  type RevokeBatchesResult,
} from "../../sdk/src/node";
import { UsageError } from "../errors";
import { booleanFlag, stringFlag } from "../lib/args";
import { locateBatch, ROOT_PATTERN } from "../lib/batchDir";
import { defineCommand } from "../lib/command";
import { resolvePath } from "../lib/files";
import type { Io } from "../lib/io";
import { writeReport } from "../lib/output";
import { trackTask } from "../lib/progress";
import {
  exportLines,
  safeTarget,
  writeSafeExport,
  type SafeExportJson,
  type SafeExportOptions,
} from "../lib/safeExport";
import { type ChainFlags, chainFlags, withRegistry } from "../lib/withRegistry";
import { revokeBatchSpec as spec } from "../specs/revokeBatch";

export interface RevokeBatchOptions extends SafeExportOptions, ChainFlags {
  /** Batch folders or roots. */
  batches: string[];
  reason: string;
  json?: boolean;
}

/** `--json` shape of `revoke-batch` (docs/CLI.md). */
export interface RevokeBatchJson {
  chainId: number;
  registry: Address;
  batches: Array<{
    root: Hex;
    outcome: RevokeBatchesResult["outcome"];
    transactionHash: Hex | null;
    revokedAt: string;
  }>;
}

/** `--json` shape of `revoke-batch --safe ADDR --export FILE` (docs/CLI.md). */
export interface RevokeBatchProposeJson {
  chainId: number;
  registry: Address;
  batches: Array<{ root: Hex; status: "proposed" | "already-revoked"; revokedAt: string | null }>;
  /** Null when every batch is already revoked (no file written). */
  exported: SafeExportJson | null;
}

/**
 * Revokes the batches and prints one line each.
 *
 * @example
 * await revokeBatch({ batches: ["batch-1"], reason: "wrong-cohort" }, io);
 */
export async function revokeBatch(options: RevokeBatchOptions, io: Io): Promise<number> {
  if (!options.reason) {
    throw new UsageError("revoke-batch needs --reason TEXT", {
      fix: 'give a short code of at most 31 bytes, e.g. --reason "wrong-cohort"; it is stored on chain',
    });
  }
  // The chain and registry: from the first anchored folder, unless flags say otherwise.
  let chainId: number | undefined;
  let batchRegistry: string | undefined;
  const inputs: string[] = [];
  for (const item of options.batches) {
    if (ROOT_PATTERN.test(item)) {
      inputs.push(item.toLowerCase());
      continue;
    }
    const batch = await locateBatch(io, item);
    if (batch.chainId !== undefined) {
      if (chainId !== undefined && batch.chainId !== chainId) {
        throw new UsageError(`${item} is anchored on chain ${batch.chainId}, the other batches on chain ${chainId}`, {
          fix: "revoke batches of one chain and registry per command",
        });
      }
      chainId = batch.chainId;
      batchRegistry ??= batch.registry;
    }
    inputs.push(resolvePath(io, item));
  }
  const proposeTo = safeTarget(options);
  if (proposeTo) {
    return withRegistry(
      io,
      options,
      { signer: "none", chainId, registry: batchRegistry },
      async ({ client, registry }) => {
        const proposal = await proposeBatchRevocations(inputs, options.reason, {
          client,
          registry,
          safe: proposeTo.safe,
        });
        const exported = proposal.batchFile ? writeSafeExport(io, proposeTo.file, proposal.batchFile) : null;
        const batches = proposal.batches.map((b) => ({
          root: b.root,
          status: b.status,
          revokedAt: b.revokedAt ? isoFromUnixSeconds(b.revokedAt) : null,
        }));
        return writeReport(
          io,
          options.json,
          {
            chainId: client.chainId,
            registry,
            batches,
            exported,
          } satisfies RevokeBatchProposeJson,
          (style) => {
            const lines = batches.map((b) =>
              b.status === "proposed"
                ? `${style.green("✔")} batch ${b.root}: revocation proposed to Safe ${proposeTo.safe} (reason: ${options.reason})`
                : `${style.green("✔")} batch ${b.root} was already revoked at ${b.revokedAt}; left out`,
            );
            if (exported)
              lines.push(
                ...exportLines(exported, "verifiers report `revocation failed` from the block it is executed in"),
              );
            else lines.push("  nothing to export");
            return lines;
          },
        );
      },
    );
  }
  return withRegistry(
    io,
    options,
    { signer: "required", chainId, registry: batchRegistry },
    async ({ target, client, registry }) => {
      const results = await trackTask(
        io,
        `revoking on ${target.name}`,
        revokeBatches(inputs, options.reason, { client, registry, confirmations: options.confirmations }),
        { enabled: !options.json },
      );
      return writeReport(
        io,
        options.json,
        {
          chainId: client.chainId,
          registry,
          batches: results.map((r) => ({
            root: r.root,
            outcome: r.outcome,
            transactionHash: r.transactionHash ?? null,
            revokedAt: isoFromUnixSeconds(r.revokedAt),
          })),
        } satisfies RevokeBatchJson,
        (style) => {
          const lines = results.map((r) =>
            r.outcome === "revoked"
              ? `${style.green("✔")} batch ${r.root} revoked (reason: ${options.reason})\n  tx  ${r.transactionHash}`
              : `${style.green("✔")} batch ${r.root} was already revoked at ${new Date(r.revokedAt * 1000).toISOString()}; nothing sent`,
          );
          lines.push(`Registry ${registry} on ${target.name} (chain ${client.chainId}). This cannot be undone.`);
          return lines;
        },
      );
    },
  );
}

export const revokeBatchCommand = defineCommand<RevokeBatchOptions>({
  spec,
  options: (args) => ({
    batches: args.positionals,
    reason: stringFlag(args, "reason") ?? "",
    ...chainFlags(args),
    json: booleanFlag(args, "json"),
    safe: stringFlag(args, "safe"),
    export: stringFlag(args, "export"),
  }),
  run: revokeBatch,
});
