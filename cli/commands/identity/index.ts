/**
 * `credanchor identity`: what an issuer publishes so that verifiers can bind its registry to its
 * domain (a DNS TXT record or a did:web document entry, docs/IDENTITY.md), and `identity check`:
 * what the domain actually publishes, by each method, and what is missing. The records and the
 * rules are the SDK's (identityRecords, checkIdentity). One module per subcommand beside this one
 * (records.ts, check.ts), what they share in shared.ts; they read the registry's profile, call the
 * SDK and print.
 */
import { UsageError } from "../../errors";
import { booleanFlag, integerFlag, stringFlag, stringsFlag } from "../../lib/args";
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
import { identitySpec as spec } from "../../specs/identity";

/** The subcommands: `identity` alone prints the records, `identity check` looks them up. */
const SUBCOMMANDS: Record<IdentityAction, (options: IdentityOptions, io: Io) => Promise<number>> = {
  records: printRecords,
  check: checkBinding,
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
