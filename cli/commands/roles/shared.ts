/**
 * What the `roles` subcommands share: their options and `--json` shapes (docs/CLI.md), the parsing
 * of ROLE and ADDRESS, and the steps of a role change (send, report).
 */
import { getAddress, isAddress } from "viem";
import { type Address, hasRole, type Hex, type RegistryClient, type RegistryWriteResult } from "../../../sdk/src/node";
import { UsageError } from "../../errors";
import type { Io } from "../../lib/io";
import type { ChainTarget } from "../../lib/network";
import { writeReport } from "../../lib/output";
import { trackTask } from "../../lib/progress";
import type { SafeExportJson, SafeExportOptions } from "../../lib/safeExport";
import type { ChainFlags, RegistrySession } from "../../lib/withRegistry";

/** What `roles` can do. */
export type RolesAction =
  "list" | "grant" | "revoke" | "renounce" | "transfer-admin" | "accept-admin" | "cancel-transfer";

/** The two operator roles, as the SDK names them. */
export type OperatorRole = "ISSUER_ROLE" | "REVOKER_ROLE";

export interface RolesOptions extends SafeExportOptions, ChainFlags {
  action: RolesAction;
  /** `grant`, `revoke`, `renounce`. */
  role?: OperatorRole;
  /** `grant` / `revoke`: the account; `transfer-admin`: the new admin. */
  account?: Address;
  /** `list`: accounts whose roles to show (the admin and your key are always shown). */
  accounts?: Address[];
  json?: boolean;
}

/** `--json` shape of `roles list` (docs/CLI.md). */
export interface RolesListJson {
  network: string;
  chainId: number;
  registry: Address;
  admin: Address;
  /** Null when no admin transfer is pending. */
  pendingAdmin: null | { address: Address; acceptableAfter: string };
  accounts: Array<{ address: Address; admin: boolean; issuer: boolean; revoker: boolean; you: boolean }>;
}

/** `--json` shape of the role changes (docs/CLI.md). */
export interface RolesChangeJson {
  network: string;
  chainId: number;
  registry: Address;
  action: Exclude<RolesAction, "list">;
  /** `ISSUER_ROLE`, `REVOKER_ROLE`, or `admin` for the admin transfer actions. */
  role: OperatorRole | "admin";
  /** The account whose role changes (the new admin for `transfer-admin`). */
  account: Address;
  /** The sending account. */
  from: Address;
  /** False when the registry already was in the asked state and nothing was sent. */
  changed: boolean;
  transactionHash: Hex | null;
  blockNumber: number | null;
  /** `transfer-admin`: the new admin can accept in the first block after this time. */
  acceptableAfter?: string;
}

/** `--json` shape of `roles grant|revoke ... --safe ADDR --export FILE` (docs/CLI.md). */
export interface RolesProposeJson {
  network: string;
  chainId: number;
  registry: Address;
  action: "grant" | "revoke";
  role: OperatorRole;
  account: Address;
  /** The Safe that is to execute it (the registry's admin). */
  safe: Address;
  /** False when the registry already is in the asked state (no file written). */
  changed: boolean;
  exported: SafeExportJson | null;
}

export { USAGE_LINES } from "../../specs/roles";

/** The positionals after the action, parsed into options. */
export type RolesArguments = Pick<RolesOptions, "role" | "account" | "accounts">;

/**
 * One `roles` subcommand: how many arguments it takes, how they parse, and what it does. A change runs
 * with a {@link RoleWriter}; `list` with a read-only session.
 */
export interface RolesSubcommand<Session = RoleWriter> {
  /** Most positionals after the action. */
  most: number;
  /** Turns the positionals after the action into options (throws UsageError). */
  parse(rest: string[]): RolesArguments;
  /** Runs it against the session's registry; resolves to the exit code. */
  run(options: RolesOptions, io: Io, session: Session): Promise<number>;
}

/** `issuer` / `revoker` (any case; the SDK names ISSUER_ROLE / REVOKER_ROLE too) → the SDK's role name. */
export function parseRole(value: string | undefined, action: string): OperatorRole {
  const name = (value ?? "").toLowerCase().replace(/_role$/, "");
  if (name === "issuer") return "ISSUER_ROLE";
  if (name === "revoker") return "REVOKER_ROLE";
  if (name === "admin") {
    const verb = { grant: "granted", revoke: "revoked", renounce: "renounced" }[action] ?? "changed";
    throw new UsageError(`the admin role cannot be ${verb} directly`, {
      fix: "move it in two steps: `credanchor roles transfer-admin NEW_ADMIN` (current admin), then `credanchor roles accept-admin` with the new admin's key",
    });
  }
  throw new UsageError(value === undefined ? `roles ${action} needs a ROLE` : `unknown role '${value}'`, {
    fix: `ROLE is issuer or revoker: \`credanchor roles ${action} issuer${action === "renounce" ? "" : " ADDRESS"}\``,
  });
}

/** A 0x address in any case → its checksummed form (throws UsageError naming the subcommand). */
export function parseAddress(value: string | undefined, what: string, action: string): Address {
  if (value === undefined) {
    throw new UsageError(`roles ${action} needs ${what}`, {
      fix: `usage: credanchor roles ${action} ${action === "transfer-admin" ? "" : "ROLE "}ADDRESS`,
    });
  }
  if (!isAddress(value, { strict: false })) {
    throw new UsageError(`'${value}' is not an address`, { fix: "give a 0x-prefixed 20-byte hex address" });
  }
  return getAddress(value.toLowerCase());
}

/** A connected signer about to change the registry's roles, and the pieces of its report. */
export interface RoleWriter {
  target: ChainTarget;
  registry: Address;
  client: RegistryClient;
  from: Address;
  /** Sends with a progress line (unless --json). */
  send(label: string, work: () => Promise<RegistryWriteResult>): Promise<RegistryWriteResult>;
  /** The report of a change that was sent. */
  sent(role: RolesChangeJson["role"], account: Address, result: RegistryWriteResult): RolesChangeJson;
  /** The report of a change already in place (nothing sent). */
  unchanged(role: RolesChangeJson["role"], account: Address): RolesChangeJson;
  /**
   * Reads whether `account` holds `role` and sends `work` (as `send` does) only when that differs from
   * `holds`, the holding the change leaves; the report either way.
   */
  ensure(
    role: OperatorRole,
    account: Address,
    holds: boolean,
    label: string,
    work: () => Promise<RegistryWriteResult>,
  ): Promise<RolesChangeJson>;
}

/** The writer of a subcommand that sends, on a session that holds the key and checked the chain id. */
export function openWriter(
  options: RolesOptions,
  io: Io,
  { target, registry, client, signer }: RegistrySession<"required">,
): RoleWriter {
  const from = signer.address;
  const change = (role: RolesChangeJson["role"], account: Address) => ({
    network: target.name,
    chainId: client.chainId,
    registry,
    action: options.action as RolesChangeJson["action"],
    role,
    account,
    from,
  });
  const send: RoleWriter["send"] = (label, work) => trackTask(io, label, work(), { enabled: !options.json });
  const sent: RoleWriter["sent"] = (role, account, result) => ({
    ...change(role, account),
    changed: true,
    transactionHash: result.transactionHash,
    blockNumber: Number(result.blockNumber),
  });
  const unchanged: RoleWriter["unchanged"] = (role, account) => ({
    ...change(role, account),
    changed: false,
    transactionHash: null,
    blockNumber: null,
  });
  return {
    target,
    registry,
    client,
    from,
    send,
    sent,
    unchanged,
    async ensure(role, account, holds, label, work) {
      const holdsNow = await hasRole(client, { registry, role, account });
      return holdsNow === holds ? unchanged(role, account) : sent(role, account, await send(label, work));
    },
  };
}

/**
 * Prints a role change: its `--json` report, or `lines(ok, tx)` and where it happened. `ok` is the
 * check mark, `tx` the transaction line (empty when nothing was sent).
 */
export function printChange(
  io: Io,
  options: RolesOptions,
  target: ChainTarget,
  report: RolesChangeJson,
  lines: (ok: string, tx: string) => string[],
): number {
  const tx = report.transactionHash ? `\n  tx  ${report.transactionHash} in block ${report.blockNumber}` : "";
  const where = `Registry ${report.registry} on ${target.name} (chain ${report.chainId}).`;
  return writeReport(io, options.json, report, (style) => [...lines(style.green("✔"), tx), where]);
}
