/**
 * `credanchor revoke`, `suspend`, `reinstate`: change the status of single credentials. The registry
 * and the chain come from each credential's proof; the key must hold REVOKER_ROLE.
 */
import {
  type Address,
  type CredentialStatusChangeResult,
  type CredentialStatusOperation,
  type Hex,
  proposeCredentialStatusChange,
  reinstateCredentials,
  resolveTargets,
  revokeCredentials,
  suspendCredentials,
} from "../../sdk/src/node";
import { InputError, UsageError } from "../errors";
import { booleanFlag, stringFlag } from "../lib/args";
import { isDirectory, locateCredential } from "../lib/batchDir";
import { defineCommand, type Command } from "../lib/command";
import { resolvePath } from "../lib/files";
import type { Io } from "../lib/io";
import { loadSigner, type KeyOptions } from "../lib/keys";
import { plural, writeReport } from "../lib/output";
import { trackTask } from "../lib/progress";
import {
  exportLines,
  safeTarget,
  writeSafeExport,
  type SafeExportJson,
  type SafeExportOptions,
} from "../lib/safeExport";
import { chainFlags, withChain } from "../lib/withRegistry";
import { credentialStatusSpec as specFor } from "../specs/revoke";

export interface ChangeStatusOptions extends SafeExportOptions, KeyOptions {
  /** Credential files. */
  files: string[];
  /** A short code, at most 31 bytes of UTF-8 (stored on chain as bytes32). */
  reason?: string;
  network?: string;
  rpc?: string[];
  config?: string;
  confirmations?: number;
  json?: boolean;
}

/** `--json` shape of `revoke`, `suspend` and `reinstate` (docs/CLI.md). */
export interface ChangeStatusJson {
  operation: CredentialStatusOperation;
  /** One entry per registry touched (usually one). */
  registries: Array<{
    chainId: number;
    registry: Address;
    requested: number;
    alreadyDone: number;
    changed: number;
    reason: Hex;
    transactions: Array<{ root: Hex; transactionHash: Hex; blockNumber: number; gasUsed: string; changed: number }>;
  }>;
}

/** `--json` shape of `revoke`, `suspend` and `reinstate` with `--safe ADDR --export FILE` (docs/CLI.md). */
export interface ChangeStatusProposeJson {
  operation: CredentialStatusOperation;
  chainId: number;
  registry: Address;
  requested: number;
  alreadyDone: number;
  /** Credentials whose bit the exported batch changes. */
  toChange: number;
  reason: Hex;
  /** Null when nothing is left to change (no file written). */
  exported: SafeExportJson | null;
}

const RUN: Record<CredentialStatusOperation, typeof revokeCredentials> = {
  revoke: revokeCredentials,
  suspend: suspendCredentials,
  reinstate: reinstateCredentials,
};

const WORDS: Record<CredentialStatusOperation, { done: string; already: string; verb: string }> = {
  revoke: { done: "revoked", already: "already revoked", verb: "revoking" },
  suspend: { done: "suspended", already: "already suspended", verb: "suspending" },
  reinstate: { done: "reinstated", already: "not suspended", verb: "reinstating" },
};

/**
 * Revokes, suspends or reinstates the credentials in `files`, grouped by the registry their proofs name.
 * Safe to run again: credentials already in the requested state are left out.
 *
 * @example
 * await changeStatus("revoke", { files: ["batch-1/credentials/grace-hopper-5d41e0.json"], reason: "issued-in-error" }, io);
 */
export async function changeStatus(
  operation: CredentialStatusOperation,
  options: ChangeStatusOptions,
  io: Io,
): Promise<number> {
  if (operation === "revoke" && (options.reason === undefined || options.reason === "")) {
    throw new UsageError("revoke needs --reason TEXT", {
      fix: 'give a short code of at most 31 bytes, e.g. --reason "issued-in-error"; it is stored on chain',
    });
  }
  // Group the files by (chain, registry): the proof of each one says where its batch is anchored.
  const groups = new Map<string, { chainId: number; registry: Address; files: string[] }>();
  for (const file of options.files) {
    if (isDirectory(io, file)) {
      throw new UsageError(`${file} is a folder`, {
        fix: `give credential files; to ${operation} a whole batch use \`credanchor revoke-batch ${file}\``,
      });
    }
    const location = locateCredential(io, file);
    if (!location.anchor || location.chainId === undefined || !location.registry) {
      throw new InputError(`${file} is not anchored yet: its proof has no anchor record`, {
        location: { file },
        fix: "anchor its batch first (`credanchor anchor DIR`); a credential that was never anchored does not verify anyway",
      });
    }
    const key = `${location.chainId}:${location.registry.toLowerCase()}`;
    const group = groups.get(key) ?? { chainId: location.chainId, registry: location.registry, files: [] };
    group.files.push(file);
    groups.set(key, group);
  }

  const proposeTo = safeTarget(options);
  if (proposeTo) return proposeStatusChange(operation, options, io, [...groups.values()], proposeTo);

  const signer = await loadSigner(io, options);
  const words = WORDS[operation];
  const report: ChangeStatusJson["registries"] = [];
  for (const group of groups.values()) {
    const result: CredentialStatusChangeResult = await withChain(
      io,
      options,
      { signer, chainId: group.chainId },
      ({ target, client }) =>
        trackTask(
          io,
          `${words.verb} ${plural(group.files.length, "credential")} on ${target.name}`,
          RUN[operation](
            group.files.map((file) => resolvePath(io, file)),
            options.reason ?? "",
            { client, registry: group.registry, confirmations: options.confirmations },
          ),
          { enabled: !options.json },
        ),
    );
    report.push({
      chainId: group.chainId,
      registry: group.registry,
      requested: result.requested,
      alreadyDone: result.alreadyDone,
      changed: result.changed,
      reason: result.reason,
      transactions: result.transactions.map((t) => ({
        root: t.root,
        transactionHash: t.transactionHash,
        blockNumber: Number(t.blockNumber),
        gasUsed: t.gasUsed.toString(),
        changed: t.changed,
      })),
    });
  }

  return writeReport(io, options.json, { operation, registries: report } satisfies ChangeStatusJson, (style) => {
    const lines: string[] = [];
    for (const entry of report) {
      const parts = [`${plural(entry.changed, "credential")} ${words.done}`];
      if (entry.alreadyDone > 0) parts.push(`${entry.alreadyDone} ${words.already} (left alone)`);
      lines.push(`${style.green("✔")} ${parts.join(", ")} in registry ${entry.registry} (chain ${entry.chainId})`);
      if (options.reason) lines.push(`  reason  ${options.reason}`);
      for (const t of entry.transactions) lines.push(`  tx      ${t.transactionHash} in block ${t.blockNumber}`);
    }
    if (operation !== "reinstate") {
      lines.push(
        `Verifiers now see ${operation === "revoke" ? "`revocation failed`" : "`suspension failed`"}: \`credanchor verify ${options.files[0]}\``,
      );
    }
    return lines;
  });
}

/** `--safe ADDR --export FILE`: the same plan, written for the Safe to execute. */
async function proposeStatusChange(
  operation: CredentialStatusOperation,
  options: ChangeStatusOptions,
  io: Io,
  groups: Array<{ chainId: number; registry: Address; files: string[] }>,
  proposeTo: { safe: Address; file: string },
): Promise<number> {
  if (groups.length > 1) {
    throw new UsageError(`the credentials are anchored in ${groups.length} registries; one Safe batch holds one`, {
      fix: "export the credentials of each registry with its own --export FILE",
    });
  }
  const [group] = groups;
  const proposal = await withChain(io, options, { signer: "none", chainId: group.chainId }, async ({ client }) => {
    const refs = await resolveTargets(
      group.files.map((file) => resolvePath(io, file)),
      { registry: group.registry, chain: client.chain },
    );
    return proposeCredentialStatusChange(operation, refs, options.reason ?? "", {
      client,
      registry: group.registry,
      safe: proposeTo.safe,
    });
  });
  const exported = proposal.batchFile ? writeSafeExport(io, proposeTo.file, proposal.batchFile) : null;
  return writeReport(
    io,
    options.json,
    {
      operation,
      chainId: group.chainId,
      registry: group.registry,
      requested: proposal.requested,
      alreadyDone: proposal.alreadyDone,
      toChange: proposal.toChange,
      reason: proposal.reason,
      exported,
    } satisfies ChangeStatusProposeJson,
    (style) => {
      const words = WORDS[operation];
      const lines: string[] = [];
      if (!exported) {
        lines.push(
          `${style.green("✔")} all ${plural(proposal.requested, "credential")} ${words.already}; nothing to export`,
        );
      } else {
        lines.push(
          `${style.green("✔")} ${operation} of ${plural(proposal.toChange, "credential")} proposed to Safe ${proposeTo.safe} (registry ${group.registry}, chain ${group.chainId})${proposal.alreadyDone > 0 ? `; ${proposal.alreadyDone} ${words.already} (left out)` : ""}`,
          ...exportLines(exported, `\`credanchor status ${options.files[0]}\` shows the change once executed`),
        );
      }
      return lines;
    },
  );
}

/** `credanchor revoke`. */
export function revoke(options: ChangeStatusOptions, io: Io): Promise<number> {
  return changeStatus("revoke", options, io);
}
/** `credanchor suspend`. */
export function suspend(options: ChangeStatusOptions, io: Io): Promise<number> {
  return changeStatus("suspend", options, io);
}
/** `credanchor reinstate`. */
export function reinstate(options: ChangeStatusOptions, io: Io): Promise<number> {
  return changeStatus("reinstate", options, io);
}

function commandFor(operation: CredentialStatusOperation, run: typeof revoke): Command {
  return defineCommand<ChangeStatusOptions>({
    spec: specFor(operation),
    options: (args) => ({
      files: args.positionals,
      reason: stringFlag(args, "reason"),
      ...chainFlags(args),
      json: booleanFlag(args, "json"),
      safe: stringFlag(args, "safe"),
      export: stringFlag(args, "export"),
    }),
    run,
  });
}

export const revokeCommand = commandFor("revoke", revoke);
export const suspendCommand = commandFor("suspend", suspend);
export const reinstateCommand = commandFor("reinstate", reinstate);
