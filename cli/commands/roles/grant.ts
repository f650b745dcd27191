/** `credanchor roles grant issuer|revoker ADDRESS`: the admin gives an account an operator role. */
import { grantRole } from "../../../sdk/src/node";
import { parseAddress, parseRole, printChange, type RolesSubcommand } from "./shared";

export const grant: RolesSubcommand = {
  most: 2,
  parse: (rest) => ({ role: parseRole(rest[0], "grant"), account: parseAddress(rest[1], "an ADDRESS", "grant") }),
  async run(options, io, writer) {
    const { client, registry, target } = writer;
    const role = options.role!;
    const account = options.account!;
    const report = await writer.ensure(role, account, true, `granting ${role}`, () =>
      grantRole(client, { registry, role, account, confirmations: options.confirmations }),
    );
    return printChange(io, options, target, report, (ok, tx) => [
      report.changed
        ? `${ok} granted ${role} to ${account}${tx}`
        : `${ok} ${account} already holds ${role}; nothing sent`,
    ]);
  },
};
