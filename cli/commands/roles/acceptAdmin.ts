/** `credanchor roles accept-admin`: the new admin takes the role offered to it (step two of two). */
import { acceptDefaultAdminTransfer } from "../../../sdk/src/node";
import { printChange, type RolesSubcommand } from "./shared";

export const acceptAdmin: RolesSubcommand = {
  most: 0,
  parse: () => ({}),
  async run(options, io, writer) {
    const { registry, target } = writer;
    const result = await writer.send("accepting the admin role", () =>
      acceptDefaultAdminTransfer(writer.client, { registry, confirmations: options.confirmations }),
    );
    const report = writer.sent("admin", writer.from, result);
    return printChange(io, options, target, report, (ok, tx) => [
      `${ok} ${report.account} is now the registry's admin${tx}`,
    ]);
  },
};
