/**
 * `--safe ADDRESS --export FILE`: commands that would send a registry transaction write a Safe{Wallet}
 * Transaction Builder batch file instead, for the Safe's owners to review, sign and execute.
 */
import { getAddress, isAddress } from "viem";
import type { Address, Hex, SafeBatchFile } from "../../sdk/src/node";
import { UsageError } from "../errors";
import { writeFileAtomic } from "./files";
import type { Io } from "./io";

export { SAFE_FLAGS } from "./args";

export interface SafeExportOptions {
  /** The Safe that is to execute the exported batch. */
  safe?: string;
  /** The Transaction Builder file to write. */
  export?: string;
}

/** `--json` block of an export (docs/CLI.md). */
export interface SafeExportJson {
  safe: Address;
  file: string;
  chainId: number;
  checksum: Hex;
  transactions: Array<{ to: Address; functionName: string; data: Hex }>;
}

/** The Safe and the file, when both flags are given; undefined when neither; a usage error otherwise. */
export function safeTarget(options: SafeExportOptions): { safe: Address; file: string } | undefined {
  if (options.safe === undefined && options.export === undefined) return undefined;
  if (options.safe === undefined || options.export === undefined) {
    throw new UsageError(
      `--${options.safe === undefined ? "export" : "safe"} needs --${options.safe === undefined ? "safe ADDRESS" : "export FILE"}`,
      {
        fix: "give both: --safe 0xYourSafe --export batch.safe.json",
      },
    );
  }
  if (!isAddress(options.safe, { strict: false })) {
    throw new UsageError(`--safe '${options.safe}' is not an address`, {
      fix: "give the Safe's 0x… address (40 hex digits)",
    });
  }
  return { safe: getAddress(options.safe), file: options.export };
}

/** Writes the batch file (replacing an older export of the same name) and returns its JSON summary. */
export function writeSafeExport(io: Io, file: string, batchFile: SafeBatchFile): SafeExportJson {
  writeFileAtomic(io, file, `${JSON.stringify(batchFile, null, 2)}\n`, { overwrite: true });
  return exportSummary(file, batchFile);
}

/** The `--json` summary of a written batch file. */
export function exportSummary(file: string, batchFile: SafeBatchFile): SafeExportJson {
  return {
    safe: batchFile.meta.createdFromSafeAddress,
    file,
    chainId: Number(batchFile.chainId),
    checksum: batchFile.meta.checksum,
    transactions: batchFile.transactions.map((t) => ({
      to: t.to,
      functionName: t.contractMethod?.name ?? "",
      data: t.data,
    })),
  };
}

/** What to tell the user after an export. */
export function exportLines(summary: SafeExportJson, after: string): string[] {
  const calls = summary.transactions.map((t) => t.functionName).join(", ");
  return [
    `  Safe Transaction Builder batch written to ${summary.file} (${summary.transactions.length === 1 ? "1 call" : `${summary.transactions.length} calls`}: ${calls}); nothing was sent.`,
    `  checksum  ${summary.checksum}`,
    `  next: open the Safe ${summary.safe} (chain ${summary.chainId}) in Safe{Wallet} → Apps → Transaction Builder,`,
    "        drop the file in, check every call (target, function, arguments), sign with enough owners and execute.",
    `  then: ${after}`,
  ];
}
