/** `credanchor init --help`: flags, usage and help text (no SDK: the table loads it for every run). */
import { type CommandSpec } from "../lib/args";
import { CONFIG_FILE } from "../lib/names";

export const DEFAULT_ISSUER_NAME = "Example Issuer";
export const DEFAULT_ISSUER_URL = "https://issuer.example";

export const initSpec: CommandSpec = {
  name: "init",
  usage: "credanchor init [--name NAME] [--url URL] [--id ID] [--network NAME] [--force]",
  description:
    'Writes credanchor.config.json: your issuer profile, the networks (chain ids, RPC URLs, registry addresses, confirmations) and the default network. JSON has no comments, so explanations sit under keys named "//", which credanchor ignores. Keys are never stored in it.',
  positionals: { min: 0, max: 0, name: "" },
  flags: {
    name: { type: "string", valueName: "NAME", description: `issuer display name (default "${DEFAULT_ISSUER_NAME}")` },
    url: { type: "string", valueName: "URL", description: `issuer profile URL (default ${DEFAULT_ISSUER_URL})` },
    id: {
      type: "string",
      valueName: "ID",
      description: "issuer id: a DID such as a path DID did:web:D:path, or a URL (default: did:web:<the URL's host>)",
    },
    did: { type: "string", valueName: "DID", description: "the same as --id" },
    network: { type: "string", valueName: "NAME", description: "default network (default localhost)" },
    config: { type: "string", valueName: "FILE", description: `where to write (default ./${CONFIG_FILE})` },
    force: { type: "boolean", description: "overwrite an existing file" },
    json: { type: "boolean", description: "print { file, config } as JSON" },
  },
  examples: [
    { comment: "defaults: local node, placeholder issuer", command: "credanchor init" },
    {
      comment: "your own profile, Sepolia by default",
      command:
        'credanchor init --name "Northbridge School of Nursing" --url https://nursing.northbridge.example --network sepolia',
    },
  ],
};
