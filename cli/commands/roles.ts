/**
 * `credanchor roles`: who may do what in the registry. Lists the admin, a pending admin transfer and
 * the roles of accounts; grants, revokes and renounces ISSUER_ROLE / REVOKER_ROLE; moves the admin
 * role in two steps (transfer-admin, then accept-admin from the new admin's key; cancel-transfer).
 * Every read and write is an SDK action (sdk/src/chain/actions); this module parses and prints.
 */
import { isoFromUnixSeconds as iso } from "../../sdk/src/credential/dateTime";
import { getAddress, isAddress } from "viem";
import { acceptDefaultAdminTransfer } from "../../sdk/src/chain/actions/acceptDefaultAdminTransfer";
import { beginDefaultAdminTransfer } from "../../sdk/src/chain/actions/beginDefaultAdminTransfer";
import { cancelDefaultAdminTransfer } from "../../sdk/src/chain/actions/cancelDefaultAdminTransfer";
import { getDefaultAdmin } from "../../sdk/src/chain/actions/getDefaultAdmin";
import { getPendingDefaultAdmin } from "../../sdk/src/chain/actions/getPendingDefaultAdmin";
import { grantRole } from "../../sdk/src/chain/actions/grantRole";
import { hasRole } from "../../sdk/src/chain/actions/hasRole";
import { renounceRole } from "../../sdk/src/chain/actions/renounceRole";
import { revokeRole } from "../../sdk/src/chain/actions/revokeRole";
import { assertChainId } from "../../sdk/src/chain/assertChainId";
import type { RegistryWriteResult } from "../../sdk/src/chain/transaction/waitForRegistryReceipt";
import type { Address, Hex } from "../../sdk/src/types";
import { KeyError, UsageError } from "../errors";
import {
  booleanFlag,
  CHAIN_FLAGS,
  integerFlag,
  JSON_FLAG,
  KEY_FLAGS,
  REGISTRY_FLAG,
  stringFlag,
  stringsFlag,
  type CommandSpec,
} from "../lib/args";
import { connect, onChain } from "../lib/client";
import { defineCommand } from "../lib/command";
import type { Io } from "../lib/io";
import { keyOptions, loadSigner, PRIVATE_KEY_ENV, type Signer, type KeyOptions } from "../lib/keys";
import { requireRegistry, resolveChain, type ChainTarget } from "../lib/network";
import { stylesFor, writeJson } from "../lib/output";
import { trackTask } from "../lib/progress";
import {
  exportLines,
  SAFE_FLAGS,
  safeTarget,
  writeSafeExport,
  type SafeExportJson,
  type SafeExportOptions,
} from "../lib/safeExport";
import { proposeRegistryCalls } from "../../sdk/src/safe/proposeRegistryCalls";
import { roleId } from "../../sdk/src/chain/roles";

/** What `roles` can do. */
export type RolesAction =
  "list" | "grant" | "revoke" | "renounce" | "transfer-admin" | "accept-admin" | "cancel-transfer";

/** The two operator roles, as the SDK names them. */
export type OperatorRole = "ISSUER_ROLE" | "REVOKER_ROLE";

export interface RolesOptions extends SafeExportOptions, KeyOptions {
  action: RolesAction;
  /** `grant`, `revoke`, `renounce`. */
  role?: OperatorRole;
  /** `grant` / `revoke`: the account; `transfer-admin`: the new admin. */
  account?: Address;
  /** `list`: accounts whose roles to show (the admin and your key are always shown). */
  accounts?: Address[];
  network?: string;
  rpc?: string[];
  registry?: string;
  config?: string;
  confirmations?: number;
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

const ACTIONS: readonly RolesAction[] = [
  "list",
  "grant",
  "revoke",
  "renounce",
  "transfer-admin",
  "accept-admin",
  "cancel-transfer",
];

const USAGE_LINES = [
  "credanchor roles [list] [ADDRESS...]",
  "credanchor roles grant|revoke issuer|revoker ADDRESS",
  "credanchor roles renounce issuer|revoker",
  "credanchor roles transfer-admin ADDRESS | accept-admin | cancel-transfer",
];

const spec: CommandSpec = {
  name: "roles",
  usage: `${USAGE_LINES.join("\n       ")}\n       [--network NAME | --rpc URL... --registry ADDR] [--keystore FILE]`,
  description:
    "Who may do what in your registry. `list` (the default) shows the admin, a pending admin transfer, and whether the admin, your key and the ADDRESSes given hold ISSUER_ROLE (anchors batches) and REVOKER_ROLE (revokes, suspends, reinstates). The admin grants and revokes those roles; any holder can renounce its own. The admin role itself moves in two steps: the admin runs `transfer-admin NEW`, then the new admin runs `accept-admin` with its own key (`cancel-transfer` withdraws the offer). A change that is already in place sends nothing. Give the admin role to a multisig and operator roles to separate keys; see docs/SECURITY.md.",
  positionals: { min: 0, max: Infinity, name: "an ACTION" },
  flags: {
    ...CHAIN_FLAGS,
    ...REGISTRY_FLAG,
    ...KEY_FLAGS,
    ...SAFE_FLAGS,
    confirmations: { type: "string", valueName: "K", description: "blocks to wait for (default: per network)" },
    ...JSON_FLAG,
  },
  examples: [
    {
      comment: "the admin is a Safe multisig: write the grant for its owners to execute",
      command:
        "credanchor roles grant issuer 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --network base --safe 0xYourSafe --export grant.safe.json",
    },
    {
      comment: "who is admin; which roles these accounts hold",
      command: "credanchor roles list 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --network localhost",
    },
    {
      comment: "let an operator key anchor batches (run with the admin's key)",
      command: "credanchor roles grant issuer 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --network sepolia",
    },
    {
      comment: "a lost or retired key: take its role away",
      command: "credanchor roles revoke issuer 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --network sepolia",
    },
    { comment: "give up your own revoker role", command: "credanchor roles renounce revoker --network sepolia" },
    {
      comment: "hand the admin role to a multisig; it then accepts with its own key",
      command: "credanchor roles transfer-admin 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC --network sepolia",
    },
    {
      comment: "run by the new admin",
      command: "credanchor roles accept-admin --network sepolia --keystore multisig-owner.json",
    },
  ],
  notes: [
    "ROLE is `issuer` (ISSUER_ROLE) or `revoker` (REVOKER_ROLE).",
    "Exit codes: 0 done (or nothing to do); 1 refused (e.g. your key is not the admin); 2 usage error.",
  ],
};

/**
 * Lists or changes the registry's roles.
 *
 * @example
 * await roles({ action: "grant", role: "ISSUER_ROLE", account: "0x7099…79C8", network: "localhost" }, io);
 * await roles({ action: "list", accounts: ["0x7099…79C8"], network: "localhost", json: true }, io);
 */
export async function roles(options: RolesOptions, io: Io): Promise<number> {
  const target = resolveChain(io, {
    network: options.network,
    rpc: options.rpc,
    registry: options.registry,
    config: options.config,
  });
  const registry = await requireRegistry(target);
  if (options.action === "list") return list(options, io, target, registry);
  const proposeTo = safeTarget(options);
  if (proposeTo) return propose(options, io, target, registry, proposeTo);

  const signer = await loadSigner(io, options);
  const client = await connect(target, { signer, confirmations: options.confirmations });
  await onChain(target, () => assertChainId(client));
  const from = signer.address;
  const change = (
    role: RolesChangeJson["role"],
    account: Address,
  ): Omit<RolesChangeJson, "changed" | "transactionHash" | "blockNumber"> => ({
    network: target.name,
    chainId: client.chainId,
    registry,
    action: options.action as RolesChangeJson["action"],
    role,
    account,
    from,
  });
  const send = (label: string, work: () => Promise<RegistryWriteResult>) =>
    onChain(target, () => trackTask(io, label, work(), { enabled: !options.json }));
  const sent = (result: RegistryWriteResult) => ({
    changed: true,
    transactionHash: result.transactionHash,
    blockNumber: Number(result.blockNumber),
  });
  const unchanged = { changed: false, transactionHash: null, blockNumber: null };

  let report: RolesChangeJson;
  switch (options.action) {
    case "grant":
    case "revoke":
    case "renounce": {
      const role = options.role!;
      const account = options.action === "renounce" ? from : options.account!;
      const holds = await onChain(target, () => hasRole(client, { registry, role, account }));
      const wanted = options.action === "grant";
      if (holds === wanted) {
        report = { ...change(role, account), ...unchanged };
        break;
      }
      const result = await send(`${options.action === "grant" ? "granting" : "removing"} ${role}`, () =>
        options.action === "grant"
          ? grantRole(client, { registry, role, account, confirmations: options.confirmations })
          : options.action === "revoke"
            ? revokeRole(client, { registry, role, account, confirmations: options.confirmations })
            : renounceRole(client, { registry, role, account, confirmations: options.confirmations }),
      );
      report = { ...change(role, account), ...sent(result) };
      break;
    }
    case "transfer-admin": {
      const newAdmin = options.account!;
      const result = await send("starting the admin transfer", () =>
        beginDefaultAdminTransfer(client, { registry, newAdmin, confirmations: options.confirmations }),
      );
      const pending = await onChain(target, () => getPendingDefaultAdmin(client, { registry }));
      report = { ...change("admin", newAdmin), ...sent(result), acceptableAfter: iso(pending.schedule) };
      break;
    }
    case "accept-admin": {
      const result = await send("accepting the admin role", () =>
        acceptDefaultAdminTransfer(client, { registry, confirmations: options.confirmations }),
      );
      report = { ...change("admin", from), ...sent(result) };
      break;
    }
    case "cancel-transfer": {
      const pending = await onChain(target, () => getPendingDefaultAdmin(client, { registry }));
      if (pending.schedule === 0) {
        report = { ...change("admin", pending.newAdmin), ...unchanged };
        break;
      }
      const result = await send("cancelling the admin transfer", () =>
        cancelDefaultAdminTransfer(client, { registry, confirmations: options.confirmations }),
      );
      report = { ...change("admin", pending.newAdmin), ...sent(result) };
      break;
    }
  }

  if (options.json) {
    writeJson(io, report);
    return 0;
  }
  const style = stylesFor(io.stdout, io.env);
  const ok = style.green("✔");
  const where = `Registry ${registry} on ${target.name} (chain ${client.chainId}).`;
  const tx = report.transactionHash ? `\n  tx  ${report.transactionHash} in block ${report.blockNumber}` : "";
  const lines: string[] = [];
  switch (report.action) {
    case "grant":
      lines.push(
        report.changed
          ? `${ok} granted ${report.role} to ${report.account}${tx}`
          : `${ok} ${report.account} already holds ${report.role}; nothing sent`,
      );
      break;
    case "revoke":
      lines.push(
        report.changed
          ? `${ok} revoked ${report.role} from ${report.account}${tx}`
          : `${ok} ${report.account} does not hold ${report.role}; nothing sent`,
      );
      break;
    case "renounce":
      lines.push(
        report.changed
          ? `${ok} ${report.account} renounced ${report.role}${tx}`
          : `${ok} ${report.account} does not hold ${report.role}; nothing sent`,
      );
      break;
    case "transfer-admin":
      lines.push(
        `${ok} admin transfer to ${report.account} started${tx}`,
        `  ${report.account} can accept after ${report.acceptableAfter} (the first block after it): \`credanchor roles accept-admin\` with that key.`,
        "  Until then you stay admin; `credanchor roles cancel-transfer` withdraws the offer.",
      );
      break;
    case "accept-admin":
      lines.push(`${ok} ${report.account} is now the registry's admin${tx}`);
      break;
    case "cancel-transfer":
      lines.push(
        report.changed
          ? `${ok} admin transfer to ${report.account} cancelled${tx}`
          : `${ok} no admin transfer is pending; nothing sent`,
      );
      break;
  }
  lines.push(where);
  io.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

/** `grant` / `revoke` with `--safe --export`: the change written for the Safe (the admin) to execute. */
async function propose(
  options: RolesOptions,
  io: Io,
  target: ChainTarget,
  registry: Address,
  proposeTo: { safe: Address; file: string },
): Promise<number> {
  if (options.action !== "grant" && options.action !== "revoke") {
    throw new UsageError(`roles ${options.action} cannot be exported for a Safe`, {
      fix: "--safe --export works with `roles grant` and `roles revoke`",
    });
  }
  const action = options.action;
  const role = options.role!;
  const account = options.account!;
  const client = await connect(target);
  const holds = await onChain(target, () => hasRole(client, { registry, role, account }));
  const changed = holds !== (action === "grant");
  const batchFile = changed
    ? await onChain(target, () =>
        proposeRegistryCalls(client, {
          registry,
          safe: proposeTo.safe,
          calls: [{ functionName: action === "grant" ? "grantRole" : "revokeRole", args: [roleId(role), account] }],
          name: `credanchor: ${action} ${role}`,
          description: `${action === "grant" ? "Grants" : "Revokes"} ${role} ${action === "grant" ? "to" : "from"} ${account} in registry ${registry}. Exported by credanchor.`,
        }),
      )
    : undefined;
  const exported = batchFile ? writeSafeExport(io, proposeTo.file, batchFile) : null;
  if (options.json) {
    writeJson(io, {
      network: target.name,
      chainId: client.chainId,
      registry,
      action,
      role,
      account,
      safe: proposeTo.safe,
      changed,
      exported,
    } satisfies RolesProposeJson);
    return 0;
  }
  const ok = stylesFor(io.stdout, io.env).green("✔");
  const lines = exported
    ? [
        `${ok} ${action === "grant" ? "grant of" : "removal of"} ${role} ${action === "grant" ? "to" : "from"} ${account} proposed to Safe ${proposeTo.safe}`,
        ...exportLines(exported, `\`credanchor roles list ${account}\` shows the change once executed`),
      ]
    : [`${ok} ${account} ${action === "grant" ? "already holds" : "does not hold"} ${role}; nothing to export`];
  lines.push(`Registry ${registry} on ${target.name} (chain ${client.chainId}).`);
  io.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

async function list(options: RolesOptions, io: Io, target: ChainTarget, registry: Address): Promise<number> {
  // Your key's address is shown too when a key is at hand; a read never asks for one.
  let signer: Signer | undefined;
  if (options.keystore !== undefined || options.signerRpc !== undefined || io.env[PRIVATE_KEY_ENV]) {
    try {
      signer = await loadSigner(io, options);
    } catch (error) {
      if (options.keystore !== undefined || !(error instanceof KeyError)) throw error;
    }
  }
  const client = await connect(target);
  await onChain(target, () => assertChainId(client));
  const [admin, pending] = await onChain(target, () =>
    Promise.all([getDefaultAdmin(client, { registry }), getPendingDefaultAdmin(client, { registry })]),
  );
  const addresses: Address[] = [];
  for (const address of [admin, ...(signer ? [signer.address] : []), ...(options.accounts ?? [])]) {
    if (!addresses.some((a) => a.toLowerCase() === address.toLowerCase())) addresses.push(getAddress(address));
  }
  const accounts = await onChain(target, () =>
    Promise.all(
      addresses.map(async (address) => {
        const [issuer, revoker] = await Promise.all([
          hasRole(client, { registry, role: "ISSUER_ROLE", account: address }),
          hasRole(client, { registry, role: "REVOKER_ROLE", account: address }),
        ]);
        return {
          address,
          admin: address.toLowerCase() === admin.toLowerCase(),
          issuer,
          revoker,
          you: signer !== undefined && address.toLowerCase() === signer.address.toLowerCase(),
        };
      }),
    ),
  );
  const report: RolesListJson = {
    network: target.name,
    chainId: client.chainId,
    registry,
    admin,
    pendingAdmin: pending.schedule === 0 ? null : { address: pending.newAdmin, acceptableAfter: iso(pending.schedule) },
    accounts,
  };
  if (options.json) {
    writeJson(io, report);
    return 0;
  }
  const style = stylesFor(io.stdout, io.env);
  const yes = (value: boolean) => (value ? style.green("yes") : style.dim("no "));
  const lines = [
    `Registry ${registry} on ${target.name} (chain ${client.chainId})`,
    `  admin          ${admin}`,
    `  pending admin  ${
      report.pendingAdmin
        ? `${report.pendingAdmin.address} (can accept after ${report.pendingAdmin.acceptableAfter}: \`credanchor roles accept-admin\` with that key)`
        : "none"
    }`,
    "",
    `  ${"account".padEnd(42)}  admin  issuer  revoker`,
    ...accounts.map(
      (a) =>
        `  ${a.address}  ${yes(a.admin)}    ${yes(a.issuer)}     ${yes(a.revoker)}${a.you ? "      (your key)" : ""}`,
    ),
  ];
  io.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

/** `issuer` / `revoker` (any case; the SDK names ISSUER_ROLE / REVOKER_ROLE too) → the SDK's role name. */
function parseRole(value: string | undefined, action: string): OperatorRole {
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

function parseAddress(value: string | undefined, what: string, action: string): Address {
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

/** Turns the positionals into an action and its arguments (throws UsageError). */
function parseAction(positionals: string[]): Pick<RolesOptions, "action" | "role" | "account" | "accounts"> {
  const [first, ...rest] = positionals;
  const action = (first ?? "list") as RolesAction;
  if (!ACTIONS.includes(action)) {
    throw new UsageError(`unknown roles action '${first}'`, {
      fix: `use one of ${ACTIONS.join(", ")} (see \`credanchor roles --help\`)`,
    });
  }
  const most = {
    list: Infinity,
    grant: 2,
    revoke: 2,
    renounce: 1,
    "transfer-admin": 1,
    "accept-admin": 0,
    "cancel-transfer": 0,
  }[action];
  if (rest.length > most) {
    throw new UsageError(`too many arguments for roles ${action}: '${rest[most]}'`, {
      fix: `usage: ${USAGE_LINES.find((line) => line.includes(action)) ?? USAGE_LINES[0]}`,
    });
  }
  switch (action) {
    case "list":
      return { action, accounts: rest.map((value) => parseAddress(value, "an ADDRESS", action)) };
    case "grant":
    case "revoke":
      return { action, role: parseRole(rest[0], action), account: parseAddress(rest[1], "an ADDRESS", action) };
    case "renounce":
      return { action, role: parseRole(rest[0], action) };
    case "transfer-admin":
      return { action, account: parseAddress(rest[0], "the new admin's ADDRESS", action) };
    default:
      return { action };
  }
}

export const rolesCommand = defineCommand<RolesOptions>({
  spec,
  options: (args) => ({
    ...parseAction(args.positionals),
    network: stringFlag(args, "network"),
    rpc: stringsFlag(args, "rpc"),
    registry: stringFlag(args, "registry"),
    config: stringFlag(args, "config"),
    ...keyOptions(args),
    confirmations: integerFlag(args, "confirmations"),
    json: booleanFlag(args, "json"),
    safe: stringFlag(args, "safe"),
    export: stringFlag(args, "export"),
  }),
  run: roles,
});
