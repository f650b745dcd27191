/**
 * `credanchor roles`: who may do what in the registry. Lists the admin, a pending admin transfer and
 * the roles of accounts; grants, revokes and renounces ISSUER_ROLE / REVOKER_ROLE; moves the admin
 * role in two steps (transfer-admin, then accept-admin from the new admin's key; cancel-transfer).
 * One module per subcommand beside this one (list, grant, revoke, renounce, transferAdmin,
 * acceptAdmin, cancelTransfer; propose for `--safe --export`), what they share in shared.ts. Every
 * read and write is an SDK action (sdk/src/chain/actions); these modules parse and print.
 */
import { UsageError } from "../../errors";
import { booleanFlag, stringFlag } from "../../lib/args";
import { defineCommand } from "../../lib/command";
import type { Io } from "../../lib/io";
import { safeTarget } from "../../lib/safeExport";
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
import { rolesSpec as spec } from "../../specs/roles";

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
