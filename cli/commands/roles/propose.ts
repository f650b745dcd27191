/** `roles grant|revoke ... --safe ADDR --export FILE`: the change written for the Safe (the admin) to execute. */
import { type Address, hasRole, proposeRegistryCalls, roleId } from "../../../sdk/src/node";
import { UsageError } from "../../errors";
import type { Io } from "../../lib/io";
import { writeReport } from "../../lib/output";
import { exportLines, writeSafeExport } from "../../lib/safeExport";
import type { RegistrySession } from "../../lib/withRegistry";
import type { RolesOptions, RolesProposeJson } from "./shared";

/** Writes the Safe Transaction Builder file for a grant or revoke (nothing when already in place). */
export async function propose(
  options: RolesOptions,
  io: Io,
  { target, registry, client }: RegistrySession<"none">,
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
  const holds = await hasRole(client, { registry, role, account });
  const changed = holds !== (action === "grant");
  const batchFile = changed
    ? await proposeRegistryCalls(client, {
        registry,
        safe: proposeTo.safe,
        calls: [{ functionName: action === "grant" ? "grantRole" : "revokeRole", args: [roleId(role), account] }],
        name: `credanchor: ${action} ${role}`,
        description: `${action === "grant" ? "Grants" : "Revokes"} ${role} ${action === "grant" ? "to" : "from"} ${account} in registry ${registry}. Exported by credanchor.`,
      })
    : undefined;
  const exported = batchFile ? writeSafeExport(io, proposeTo.file, batchFile) : null;
  return writeReport(
    io,
    options.json,
    {
      network: target.name,
      chainId: client.chainId,
      registry,
      action,
      role,
      account,
      safe: proposeTo.safe,
      changed,
      exported,
    } satisfies RolesProposeJson,
    (style) => [
      ...(exported
        ? [
            `${style.green("✔")} ${action === "grant" ? "grant of" : "removal of"} ${role} ${action === "grant" ? "to" : "from"} ${account} proposed to Safe ${proposeTo.safe}`,
            ...exportLines(exported, `\`credanchor roles list ${account}\` shows the change once executed`),
          ]
        : [
            `${style.green("✔")} ${account} ${action === "grant" ? "already holds" : "does not hold"} ${role}; nothing to export`,
          ]),
      `Registry ${registry} on ${target.name} (chain ${client.chainId}).`,
    ],
  );
}
