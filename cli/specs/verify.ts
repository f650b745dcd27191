/** `credanchor verify --help`: flags, usage and help text (no SDK: the table loads it for every run). */
import { type CommandSpec, CHAIN_FLAGS, JSON_FLAG } from "../lib/args";

/** Above this many credentials, only those that are not valid are listed (unless --all). */
export const LIST_ALL_UP_TO = 50;
/** The SDK's LOCAL_DEVELOPMENT_CHAIN (cli/specs/specs.test.ts checks they agree). */
const LOCAL_DEVELOPMENT_CHAIN = "eip155:31337";

export const verifySpec: CommandSpec = {
  name: "verify",
  usage:
    "credanchor verify [--rpc URL]... [--network NAME] [--identity | --no-identity] [--dns-server IP[:PORT]] [--json] [--] FILE|DIR...",
  description:
    "Checks each credential: format, integrity (no visible value changed), inclusion (in its batch), anchor (the batch's root is in the registry its proof names, on that chain), finality, revocation, suspension, validity dates, and the issuer (the registry's profile names the credential's issuer, and the issuer's domain names the registry in a DNS TXT record or its did:web document: docs/IDENTITY.md; on the local chain eip155:31337, which no real domain can name, only with --identity: there the verdict reads 'valid on a local development chain, issuer not checked'; on a public chain an issuer not confirmed is never valid). Folders are searched for *.json (credanchor's own files are skipped: manifest.json, anchor.journal.json, credanchor.config.json, deployments/) and for baked badge images (*.png, *.svg: those without a baked credential are skipped in folders; named on the command line they are not a credential). A baked PNG or SVG badge (credanchor bake) is verified exactly like the JSON baked into it. The chain and registry come from each proof; RPC endpoints from --rpc, --network, or the config (localhost's is built in; testnets read SEPOLIA_RPC_URL etc.). A network failure gives `error` (could not check), never `invalid`.",
  positionals: { min: 1, max: Infinity, name: "a credential FILE or DIR" },
  flags: {
    ...CHAIN_FLAGS,
    confirmations: {
      type: "string",
      valueName: "K",
      description: "confirmations the anchoring block needs (default: per chain)",
    },
    all: {
      type: "boolean",
      description: `list every credential (by default, above ${LIST_ALL_UP_TO} only those not valid)`,
    },
    checks: { type: "boolean", description: "show every check of every listed credential" },
    identity: {
      type: "boolean",
      description: `check the issuer's domain binding on the local chain ${LOCAL_DEVELOPMENT_CHAIN} too (default: every other chain)`,
    },
    "no-identity": {
      type: "boolean",
      description:
        "do not check the issuer's domain binding: on a public chain the issuer is then not confirmed, so nothing there is valid",
    },
    "dns-server": {
      type: "string",
      multiple: true,
      valueName: "IP[:PORT]",
      description: "DNS server for the issuer's TXT record (default: the system's resolver)",
    },
    "identity-method": {
      type: "string",
      multiple: true,
      valueName: "dns|did:web",
      description: "bind the issuer's domain by this method only (default: both, DNS first)",
    },
    ...JSON_FLAG,
  },
  examples: [
    { comment: "one credential", command: "credanchor verify shared.json" },
    { comment: "a whole batch folder", command: "credanchor verify batch-1" },
    { comment: "a baked badge image: the same verdict as its JSON", command: "credanchor verify alice-badge.png" },
    {
      comment: "every file of an inbox: after --, a file whose name starts with - is a file, never an option",
      command: "credanchor verify --json -- inbox/*.json",
    },
    {
      comment: "on Sepolia, with a fallback endpoint",
      command: "credanchor verify inbox/ --rpc https://rpc-a.example --rpc https://rpc-b.example --json",
    },
    {
      comment: "a local-node credential, with its issuer's TXT record looked up on a chosen DNS server",
      command: "credanchor verify shared.json --identity --dns-server 127.0.0.1:5353",
    },
  ],
  notes: [
    "Options go before `--`, files after it: an argument that reads as an option but names an existing",
    "file (e.g. a file called --rpc=http:HOST#.json matched by *.json) is refused; `--` makes it a file.",
    "Not a credential (not JSON, not UTF-8, over 10 MiB (64 MiB for a PNG or SVG), unreadable, no credanchor proof entry, an image with no baked credential) is exit 2;",
    "a file with a credanchor proof entry that breaks the format is invalid (exit 1).",
    "Exit codes: 0 all valid; 1 at least one credential is invalid (proven bad); otherwise 2 when at least",
    "one could not be checked (RPC down, not final yet) or is not a credential; 2 also for usage errors.",
  ],
};
