/**
 * `credanchor identity`: what an issuer publishes so that verifiers can bind its registry to its
 * domain (a DNS TXT record or a did:web document entry, docs/IDENTITY.md), and `identity check`:
 * what the domain actually publishes, by each method, and what is missing. The records and the
 * rules are the SDK's (identityRecords, checkIdentity). One module per subcommand beside this one
 * (records.ts, check.ts), what they share in shared.ts; they read the registry's profile, call the
 * SDK and print.
 */
import { UsageError } from "../../errors";
import {
  booleanFlag,
  CHAIN_FLAGS,
  integerFlag,
  JSON_FLAG,
  REGISTRY_FLAG,
  stringFlag,
  stringsFlag,
  type CommandSpec,
} from "../../lib/args";
import { defineCommand } from "../../lib/command";
import { parseDnsServers, parseIdentityMethods } from "../../lib/identityLookup";
import type { Io } from "../../lib/io";
import { checkBinding } from "./check";
import { printRecords } from "./records";
import type { IdentityAction, IdentityOptions } from "./shared";

export type {
  IdentityAction,
  IdentityCheckJson,
  IdentityJson,
  IdentityOptions,
  IdentityProfileJson,
  SigningKeyFindingJson,
} from "./shared";

/** The subcommands: `identity` alone prints the records, `identity check` looks them up. */
const SUBCOMMANDS: Record<IdentityAction, (options: IdentityOptions, io: Io) => Promise<number>> = {
  records: printRecords,
  check: checkBinding,
};

const spec: CommandSpec = {
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

const ACTIONS: readonly string[] = ["check"];

/**
 * Prints the identity records of the configured registry (`records`), or checks what the domain
 * publishes (`check`). Resolves to the exit code.
 *
 * @example
 * await identity({ action: "records", domain: "nursing.example.edu", network: "sepolia" }, io);
 * const code = await identity({ action: "check", domain: "nursing.example.edu", network: "sepolia" }, io); // 0, 1 or 2
 */
export async function identity(options: IdentityOptions, io: Io): Promise<number> {
  return SUBCOMMANDS[options.action](options, io);
}

export const identityCommand = defineCommand<IdentityOptions>({
  spec,
  options: (args) => {
    const [first] = args.positionals;
    if (first !== undefined && !ACTIONS.includes(first)) {
      throw new UsageError(`unknown identity action '${first}'`, {
        fix: "use `credanchor identity --domain D` (the records to publish) or `credanchor identity check --domain D`",
      });
    }
    const action: IdentityAction = first === "check" ? "check" : "records";
    const dnsServers = parseDnsServers(stringsFlag(args, "dns-server"));
    const methods = parseIdentityMethods(stringsFlag(args, "method"), "--method");
    const timeoutMs = integerFlag(args, "timeout");
    if (timeoutMs !== undefined && timeoutMs < 1) throw new UsageError("--timeout must be at least 1 (ms)");
    if (action === "records") {
      const checkOnly = ["dns-server", "method", "timeout"].find((name) => args.values[name] !== undefined);
      if (checkOnly) {
        throw new UsageError(`--${checkOnly} applies to \`identity check\``, {
          fix: `run \`credanchor identity check --domain DOMAIN --${checkOnly} …\``,
        });
      }
    }
    return {
      action,
      domain: stringFlag(args, "domain"),
      did: stringFlag(args, "did"),
      network: stringFlag(args, "network"),
      rpc: stringsFlag(args, "rpc"),
      registry: stringFlag(args, "registry"),
      config: stringFlag(args, "config"),
      dnsServers,
      methods,
      timeoutMs,
      json: booleanFlag(args, "json"),
      debug: booleanFlag(args, "debug"),
    };
  },
  run: identity,
});
