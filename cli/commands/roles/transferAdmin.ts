/** `credanchor roles transfer-admin ADDRESS`: the admin offers its role to a new admin (step one of two). */
import { beginDefaultAdminTransfer, getPendingDefaultAdmin, isoFromUnixSeconds as iso } from "../../../sdk/src/node";
import { parseAddress, printChange, type RolesSubcommand } from "./shared";

export const transferAdmin: RolesSubcommand = {
  most: 1,
  parse: (rest) => ({ account: parseAddress(rest[0], "the new admin's ADDRESS", "transfer-admin") }),
  async run(options, io, writer) {
    const { client, registry, target } = writer;
    const newAdmin = options.account!;
    const result = await writer.send("starting the admin transfer", () =>
      beginDefaultAdminTransfer(client, { registry, newAdmin, confirmations: options.confirmations }),
    );
    const pending = await getPendingDefaultAdmin(client, { registry });
    const report = { ...writer.sent("admin", newAdmin, result), acceptableAfter: iso(pending.schedule) };
    return printChange(io, options, target, report, (ok, tx) => [
      `${ok} admin transfer to ${newAdmin} started${tx}`,
      `  ${newAdmin} can accept after ${report.acceptableAfter} (the first block after it): \`credanchor roles accept-admin\` with that key.`,
      "  Until then you stay admin; `credanchor roles cancel-transfer` withdraws the offer.",
    ]);
  },
};
