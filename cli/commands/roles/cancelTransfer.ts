/** `credanchor roles cancel-transfer`: the admin withdraws a pending admin transfer. */
import { cancelDefaultAdminTransfer, getPendingDefaultAdmin } from "../../../sdk/src/node";
import { printChange, type RolesSubcommand } from "./shared";

export const cancelTransfer: RolesSubcommand = {
  most: 0,
  parse: () => ({}),
  async run(options, io, writer) {
    const { client, registry, target } = writer;
    const pending = await getPendingDefaultAdmin(client, { registry });
    const report =
      pending.schedule === 0
        ? writer.unchanged("admin", pending.newAdmin)
        : writer.sent(
            "admin",
            pending.newAdmin,
            await writer.send("cancelling the admin transfer", () =>
              cancelDefaultAdminTransfer(client, { registry, confirmations: options.confirmations }),
            ),
          );
    return printChange(io, options, target, report, (ok, tx) => [
      report.changed
        ? `${ok} admin transfer to ${report.account} cancelled${tx}`
        : `${ok} no admin transfer is pending; nothing sent`,
    ]);
  },
};
