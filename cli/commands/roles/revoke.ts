/** `credanchor roles revoke issuer|revoker ADDRESS`: the admin takes an operator role away. */
import { revokeRole } from "../../../sdk/src/node";
import { parseAddress, parseRole, printChange, type RolesSubcommand } from "./shared";

export const revoke: RolesSubcommand = {
  most: 2,
  parse: (rest) => ({ role: parseRole(rest[0], "revoke"), account: parseAddress(rest[1], "an ADDRESS", "revoke") }),
  async run(options, io, writer) {
    const { client, registry, target } = writer;
    const role = options.role!;
    const account = options.account!;
    const report = await writer.ensure(role, account, false, `removing ${role}`, () =>
      revokeRole(client, { registry, role, account, confirmations: options.confirmations }),
    );
    return printChange(io, options, target, report, (ok, tx) => [
      report.changed
        ? `${ok} revoked ${role} from ${account}${tx}`
        : `${ok} ${account} does not hold ${role}; nothing sent`,
    ]);
  },
};
