/** `credanchor identity --help`: flags, usage and help text (no SDK: the table loads it for every run). */
import { type CommandSpec, CHAIN_FLAGS, JSON_FLAG, REGISTRY_FLAG } from "../lib/args";

export const identitySpec: CommandSpec = {
  name: "identity",
  usage:
    "credanchor identity [check] --domain DOMAIN [--network NAME | --rpc URL... --registry ADDR] [--did DID] [--json]\n" +
    "       credanchor identity check --domain DOMAIN [--dns-server IP[:PORT]]... [--method dns|did:web] [--timeout MS]",
  description:
    "Binds your registry to your domain, so that verifiers know the registry is yours (docs/IDENTITY.md). `identity --domain D` prints exactly what to publish for the configured registry: a DNS TXT record (name, type, value, and the same as a zone-file line) or an entry for your did:web document (https://D/.well-known/did.json), and the profile URL the registry itself must carry (its on-chain profile is read and compared). `identity check --domain D` looks the records up, in DNS and over HTTPS, reports what each method found and what is missing, and checks the registry's profile URL. The registry and chain come from --network (deployments/<network>.json, or the config), or from --rpc and --registry.",
  positionals: { min: 0, max: 1, name: "the action (check)" },
  flags: {
    domain: { type: "string", valueName: "DOMAIN", description: "your domain, e.g. nursing.example.edu (no https://)" },
    did: {
      type: "string",
      valueName: "DID",
      description: "publish under this did:web DID (default did:web:DOMAIN), e.g. did:web:example.edu:nursing",
    },
    ...CHAIN_FLAGS,
    ...REGISTRY_FLAG,
    "dns-server": {
      type: "string",
      multiple: true,
      valueName: "IP[:PORT]",
      description: "check: ask this DNS server (default: the system's resolver)",
    },
    method: {
      type: "string",
      multiple: true,
      valueName: "dns|did:web",
      description: "check: only this method (default: both, DNS first)",
    },
    timeout: {
      type: "string",
      valueName: "MS",
      description: "check: time allowed for each DNS query and each HTTPS request (default 5000)",
    },
    ...JSON_FLAG,
  },
  examples: [
    {
      comment: "what to publish for your Sepolia registry (from deployments/sepolia.json)",
      command: "credanchor identity --domain nursing.example.edu --network sepolia",
    },
    {
      comment: "once published: is it bound?",
      command: "credanchor identity check --domain nursing.example.edu --network sepolia",
    },
    {
      comment: "ask one DNS server, e.g. your provider's, before the record has spread",
      command: "credanchor identity check --domain nursing.example.edu --network sepolia --dns-server 1.1.1.1",
    },
  ],
  notes: [
    "Exit codes (check): 0 bound; 1 not bound (a record names another registry or chain, is malformed, nothing",
    "is published, or the profile URL names another domain); 2 could not be checked (DNS or HTTPS timeout,",
    "network failure, RPC endpoint down) and nothing proven wrong; also 2 for usage errors.",
    "Without check: 0 once the records are printed, 1 for expected failures (no registry known, ...).",
  ],
};
