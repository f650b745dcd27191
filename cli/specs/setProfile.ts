/** `credanchor setProfile --help`: flags, usage and help text (no SDK: the table loads it for every run). */
import { type CommandSpec, CHAIN_FLAGS, JSON_FLAG, KEY_FLAGS, REGISTRY_FLAG } from "../lib/args";

export const setProfileSpec: CommandSpec = {
  name: "set-profile",
  usage: "credanchor set-profile --name NAME --url URL [--network NAME | --rpc URL... --registry ADDR]",
  description:
    "Sets the registry's on-chain profile: the issuer's display name and the URL or DID that its credentials name as issuer.url or issuer.id (verifiers compare them, and `anchor` refuses a batch whose issuer the profile does not name). Only the registry's admin may send it. Nothing is sent when the profile already holds these values.",
  positionals: { min: 0, max: 0, name: "" },
  flags: {
    name: { type: "string", valueName: "NAME", description: "the issuer's display name, e.g. 'Example University'" },
    url: { type: "string", valueName: "URL", description: "the issuer's URL or DID, as in the template's issuer.url" },
    ...CHAIN_FLAGS,
    ...REGISTRY_FLAG,
    ...KEY_FLAGS,
    ...JSON_FLAG,
  },
  examples: [
    {
      comment: "name the issuer of your templates",
      command: "credanchor set-profile --name 'Example University' --url https://www.example.edu --network localhost",
    },
  ],
};
