/** `credanchor roles renounce issuer|revoker`: an account gives up its own operator role. */
import { renounceRole } from "../../../sdk/src/node";
import { parseRole, printChange, type RolesSubcommand } from "./shared";

export const renounce: RolesSubcommand = {
  most: 1,
  parse: (rest) => ({ role: parseRole(rest[0], "renounce") }),
  async run(options, io, writer) {
    const { client, registry, target } = writer;
    const role = options.role!;
    const account = writer.from;
    const report = await writer.ensure(role, account, false, `removing ${role}`, () =>
      renounceRole(client, { registry, role, account, confirmations: options.confirmations }),
    );
    return printChange(io, options, target, report, (ok, tx) => [
      report.changed
        ? `${ok} ${account} renounced ${role}${tx}`
        : `${ok} ${account} does not hold ${role}; nothing sent`,
    ]);
  },
};
