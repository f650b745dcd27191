/** `credanchor roles [list] [ADDRESS...]`: the admin, a pending admin transfer, and who holds which role. */
import { getAddress } from "viem";
import {
  type Address,
  getDefaultAdmin,
  getPendingDefaultAdmin,
  hasRole,
  isoFromUnixSeconds as iso,
} from "../../../sdk/src/node";
import { KeyError } from "../../errors";
import { loadSigner, PRIVATE_KEY_ENV } from "../../lib/keys";
import { writeReport } from "../../lib/output";
import type { IdentifyingKey, RegistrySession } from "../../lib/withRegistry";
import { parseAddress, type RolesListJson, type RolesOptions, type RolesSubcommand } from "./shared";

/**
 * Your key, when one is at hand, so that its roles are shown too ("your key"); a read never asks for
 * one: without --keystore, a key that does not load is left out.
 */
export function keyAtHand(options: RolesOptions): IdentifyingKey {
  return {
    async identify(io) {
      if (options.keystore === undefined && options.signerRpc === undefined && !io.env[PRIVATE_KEY_ENV])
        return undefined;
      try {
        return await loadSigner(io, options);
      } catch (error) {
        if (options.keystore !== undefined || !(error instanceof KeyError)) throw error;
        return undefined;
      }
    },
  };
}

export const list: RolesSubcommand<RegistrySession<IdentifyingKey>> = {
  most: Infinity,
  parse: (rest) => ({ accounts: rest.map((value) => parseAddress(value, "an ADDRESS", "list")) }),
  async run(options, io, { target, registry, client, signer }) {
    const [admin, pending] = await Promise.all([
      getDefaultAdmin(client, { registry }),
      getPendingDefaultAdmin(client, { registry }),
    ]);
    const addresses: Address[] = [];
    for (const address of [admin, ...(signer ? [signer.address] : []), ...(options.accounts ?? [])]) {
      if (!addresses.some((a) => a.toLowerCase() === address.toLowerCase())) addresses.push(getAddress(address));
    }
    const accounts = await Promise.all(
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
    );
    const report: RolesListJson = {
      network: target.name,
      chainId: client.chainId,
      registry,
      admin,
      pendingAdmin:
        pending.schedule === 0 ? null : { address: pending.newAdmin, acceptableAfter: iso(pending.schedule) },
      accounts,
    };
    return writeReport(io, options.json, report, (style) => {
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
      return lines;
    });
  },
};
