/**
 * `credanchor roles`: who may do what in the registry. Lists the admin, a pending admin transfer and
 * the roles of accounts; grants, revokes and renounces ISSUER_ROLE / REVOKER_ROLE; moves the admin
 * role in two steps (transfer-admin, then accept-admin from the new admin's key; cancel-transfer).
 * One module per subcommand beside this one (list, grant, revoke, renounce, transferAdmin,
 * acceptAdmin, cancelTransfer; propose for `--safe --export`), what they share in shared.ts. Every
 * read and write is an SDK action (sdk/src/chain/actions); these modules parse and print.
 */
import { UsageError } from "../../errors";
import {
  booleanFlag,
  CHAIN_FLAGS,
  CONFIRMATIONS_FLAG,
  JSON_FLAG,
  KEY_FLAGS,
  REGISTRY_FLAG,
  stringFlag,
  type CommandSpec,
} from "../../lib/args";
import { defineCommand } from "../../lib/command";
import type { Io } from "../../lib/io";
import { SAFE_FLAGS, safeTarget } from "../../lib/safeExport";
import { chainFlags, withRegistry } from "../../lib/withRegistry";
import { acceptAdmin } from "./acceptAdmin";
import { cancelTransfer } from "./cancelTransfer";
import { grant } from "./grant";
import { keyAtHand, list } from "./list";
import { propose } from "./propose";
import { renounce } from "./renounce";
import { revoke } from "./revoke";
import {
  openWriter,
  USAGE_LINES,
  type RolesAction,
  type RolesArguments,
  type RolesOptions,
  type RolesSubcommand,
} from "./shared";
import { transferAdmin } from "./transferAdmin";

export type {
  OperatorRole,
  RolesAction,
  RolesChangeJson,
  RolesListJson,
  RolesOptions,
  RolesProposeJson,
} from "./shared";

/** The subcommands, in the order `--help` and the unknown-action error name them. */
const SUBCOMMANDS: { list: typeof list } & Record<Exclude<RolesAction, "list">, RolesSubcommand> = {
  list,
  grant,
  revoke,
  renounce,
  "transfer-admin": transferAdmin,
  "accept-admin": acceptAdmin,
  "cancel-transfer": cancelTransfer,
};
const ACTIONS = Object.keys(SUBCOMMANDS) as RolesAction[];

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
    ...CONFIRMATIONS_FLAG,
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
  if (options.action === "list") {
    return withRegistry(io, options, { signer: keyAtHand(options), checkChain: true }, (session) =>
      list.run(options, io, session),
    );
  }
  const change = SUBCOMMANDS[options.action];
  const proposeTo = safeTarget(options);
  if (proposeTo) {
    return withRegistry(io, options, { signer: "none" }, (session) => propose(options, io, session, proposeTo));
  }
  return withRegistry(io, options, { signer: "required", checkChain: true }, (session) =>
    change.run(options, io, openWriter(options, io, session)),
  );
}

/** Turns the positionals into an action and its arguments (throws UsageError). */
function parseAction(positionals: string[]): Pick<RolesOptions, "action"> & RolesArguments {
  const [first, ...rest] = positionals;
  const action = (first ?? "list") as RolesAction;
  if (!ACTIONS.includes(action)) {
    throw new UsageError(`unknown roles action '${first}'`, {
      fix: `use one of ${ACTIONS.join(", ")} (see \`credanchor roles --help\`)`,
    });
  }
  const subcommand = SUBCOMMANDS[action];
  if (rest.length > subcommand.most) {
    throw new UsageError(`too many arguments for roles ${action}: '${rest[subcommand.most]}'`, {
      fix: `usage: ${USAGE_LINES.find((line) => line.includes(action)) ?? USAGE_LINES[0]}`,
    });
  }
  return { action, ...subcommand.parse(rest) };
}

export const rolesCommand = defineCommand<RolesOptions>({
  spec,
  options: (args) => ({
    ...parseAction(args.positionals),
    ...chainFlags(args),
    json: booleanFlag(args, "json"),
    safe: stringFlag(args, "safe"),
    export: stringFlag(args, "export"),
  }),
  run: roles,
});
