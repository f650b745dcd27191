/** `credanchor deploy --help`: flags, usage and help text (no SDK: the table loads it for every run). */
import { type CommandSpec, CHAIN_FLAGS, JSON_FLAG, KEY_FLAGS, CONFIRMATIONS_FLAG } from "../lib/args";

export const deploySpec: CommandSpec = {
  name: "deploy",
  usage:
    "credanchor deploy [--network NAME | --rpc URL...] [--name NAME] [--url URL] [--admin ADDR] [--factory] [--force]",
  description:
    "Deploys your CredentialRegistry (one per issuer) with your profile (name and URL, which verifiers compare with the issuer of each credential) and records it in deployments/<network>.json, where the other commands find it. The deploying key becomes the admin, issuer and revoker unless --admin names another admin. Running it again for a network with a live registry does nothing unless --force. With --factory the registry is a clone made by the CredentialRegistryFactory (about 200,000 gas instead of 2.6 million) at an address that follows from the admin and the name alone, the same on every chain; the address is printed before anything is sent.",
  positionals: { min: 0, max: 0, name: "" },
  flags: {
    ...CHAIN_FLAGS,
    ...KEY_FLAGS,
    name: {
      type: "string",
      valueName: "NAME",
      description: "issuer display name (default: issuer.name in the config)",
    },
    url: {
      type: "string",
      valueName: "URL",
      description: "issuer profile URL or DID (default: issuer.url in the config)",
    },
    admin: { type: "string", valueName: "ADDR", description: "registry admin (default: the deploying account)" },
    ...CONFIRMATIONS_FLAG,
    force: { type: "boolean", description: "deploy a new registry even if one is recorded for the network" },
    factory: {
      type: "boolean",
      description: "create the registry as a factory clone: ~200k gas, the same address on every chain",
    },
    ...JSON_FLAG,
  },
  examples: [
    {
      comment: "to a local node (`npx hardhat node` in another shell)",
      command: "credanchor deploy --network localhost",
    },
    {
      comment: "through the factory: the same registry address on every chain, for a fraction of the gas",
      command: "credanchor deploy --network localhost --factory",
    },
    {
      comment: "to Sepolia, with a keystore and your profile",
      command:
        'credanchor deploy --network sepolia --keystore issuer.json --name "Northbridge School of Nursing" --url https://nursing.northbridge.example',
    },
  ],
};
