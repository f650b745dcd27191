/** `credanchor set-profile`: the registry admin sets the issuer's name and profile URL (or DID) on chain. */
import { type Address, getProfile, type Hex, setProfile as setRegistryProfile } from "../../sdk/src/node";
import { UsageError } from "../errors";
import { booleanFlag, stringFlag } from "../lib/args";
import { defineCommand } from "../lib/command";
import type { Io } from "../lib/io";
import { type KeyOptions } from "../lib/keys";
import { writeReport } from "../lib/output";
import { chainFlags, withRegistry } from "../lib/withRegistry";
import { setProfileSpec as spec } from "../specs/setProfile";

export interface SetProfileOptions extends KeyOptions {
  /** The issuer's display name. */
  name?: string;
  /** The URL or DID that the credentials name as `issuer.url` or `issuer.id`. */
  url?: string;
  network?: string;
  rpc?: string[];
  registry?: string;
  config?: string;
  json?: boolean;
}

/** `--json` shape of `set-profile` (docs/CLI.md). */
export interface SetProfileJson {
  network: string;
  chainId: number;
  registry: Address;
  previous: { name: string; url: string };
  profile: { name: string; url: string };
  /** Null when the profile already held these values (nothing was sent). */
  transactionHash: Hex | null;
}

/**
 * Sets the registry's profile (admin only).
 *
 * @example
 * await setProfile({ name: "Example University", url: "https://www.example.edu", network: "localhost" }, io);
 */
export async function setProfile(options: SetProfileOptions, io: Io): Promise<number> {
  const name = options.name;
  const url = options.url;
  if (name === undefined || name.trim() === "") {
    throw new UsageError("--name is required", { fix: "pass --name 'Example University' (the issuer's display name)" });
  }
  if (url === undefined || url.trim() === "") {
    throw new UsageError("--url is required", {
      fix: "pass --url with the issuer.url (or issuer.id) your templates use, e.g. --url https://www.example.edu",
    });
  }
  return withRegistry(io, options, { signer: "required" }, async ({ target, client, registry }) => {
    const previous = await getProfile(client, { registry });
    const unchanged = previous.name === name && previous.url === url;
    const result = unchanged ? undefined : await setRegistryProfile(client, { registry, name, url });
    return writeReport(
      io,
      options.json,
      {
        network: target.name,
        chainId: client.chainId,
        registry,
        previous: { name: previous.name, url: previous.url },
        profile: { name, url },
        transactionHash: result?.transactionHash ?? null,
      } satisfies SetProfileJson,
      (style) =>
        unchanged
          ? [`${style.green("✔")} the profile of ${registry} already names ${name} (${url}); nothing was sent`]
          : [
              `${style.green("✔")} profile of ${registry} on ${target.name} set to ${name} (${url})`,
              `  was       ${previous.name || "(no name)"} (${previous.url || "no URL"})`,
              `  tx        ${result!.transactionHash} in block ${result!.blockNumber}`,
            ],
    );
  });
}

export const setProfileCommand = defineCommand<SetProfileOptions>({
  spec,
  options: (args) => ({
    name: stringFlag(args, "name"),
    url: stringFlag(args, "url"),
    ...chainFlags(args),
    json: booleanFlag(args, "json"),
  }),
  run: setProfile,
});
