/**
 * `credanchor identity`: what an issuer publishes so that verifiers can bind its registry to its
 * domain (a DNS TXT record or a did:web document entry, docs/IDENTITY.md), and `identity check`:
 * what the domain actually publishes, by each method, and what is missing. The records and the
 * rules are the SDK's (identityRecords, checkIdentity); this module reads the registry's profile,
 * calls them and prints.
 */
import { assertChainId } from "../../sdk/src/chain/assertChainId";
import { getProfile } from "../../sdk/src/chain/actions/getProfile";
import { BaseError } from "../../sdk/src/errors/base";
import { checkIdentity as checkProfileOnly, type IdentityCheckReport } from "../../sdk/src/identity/checkIdentity";
import { identityRecords, type IdentityRecords } from "../../sdk/src/identity/identityRecords";
import { checkIdentity } from "../../sdk/src/identity/nodeDefaults";
import type { IdentityFound, IdentityMethod, IdentityMethodResult, IdentityStatus } from "../../sdk/src/identity/types";
import type { Address } from "../../sdk/src/types";
import type { FetchLike } from "../../sdk/src/identity/types";
import { createDidWebKeyResolver } from "../../sdk/src/sign/resolveAssertionKey";
import { loadConfig } from "../lib/config";
import { NetworkError, UsageError } from "../errors";
import {
  booleanFlag,
  CHAIN_FLAGS,
  integerFlag,
  JSON_FLAG,
  REGISTRY_FLAG,
  stringFlag,
  stringsFlag,
  type CommandSpec,
} from "../lib/args";
import { connect, inCliTerms } from "../lib/client";
import { defineCommand } from "../lib/command";
import {
  identityLookupOptions,
  LOCAL_CHAIN,
  parseDnsServers,
  parseIdentityMethods,
  type IdentityLookupFlags,
} from "../lib/identityLookup";
import type { Io } from "../lib/io";
import { requireRegistry, resolveChain } from "../lib/network";
import { printable, stylesFor, writeJson, type Styles } from "../lib/output";
import { describeError, printError } from "../lib/report";
import { trackTask } from "../lib/progress";

/** `identity` prints the records; `identity check` looks them up. */
export type IdentityAction = "records" | "check";

export interface IdentityOptions {
  action: IdentityAction;
  /** The issuer's domain (`--domain`), e.g. `nursing.example.edu`. */
  domain?: string;
  /** A did:web DID to publish under instead of `did:web:<domain>` (`--did`, e.g. a department's path DID). */
  did?: string;
  network?: string;
  rpc?: string[];
  registry?: string;
  config?: string;
  /** `check`: DNS servers (`--dns-server IP[:PORT]`); default the system's. */
  dnsServers?: string[];
  /** `check`: methods to try (`--method`); default both. */
  methods?: IdentityMethod[];
  /** `check`: ms per DNS query and HTTPS request (`--timeout`); default 5000. */
  timeoutMs?: number;
  json?: boolean;
  debug?: boolean;
}

/** The registry's side of the binding: its on-chain profile URL must name the domain. */
export interface IdentityProfileJson {
  /** What the profile URL should be (`setProfile(name, url)`). */
  expected: string;
  /** The registry's profile as read on chain; null when it could not be read. */
  onChain: { name: string; url: string } | null;
  /** `unknown`: the profile could not be read (the message says why). */
  status: "passed" | "failed" | "unknown";
  message: string;
  /** What to do when it is not `passed`. */
  fix?: string;
}

/** `--json` shape of `identity` (docs/CLI.md). */
export interface IdentityJson {
  network: string;
  chainId: number;
  /** CAIP-2, e.g. `eip155:11155111`. */
  chain: string;
  registry: Address;
  domain: string;
  /** Exactly what to publish: `txt` (name, type, value, zoneFileLine), `didWeb` (did, url, service, document), `profileUrl`. */
  records: IdentityRecords;
  profile: IdentityProfileJson;
  /** True on the local development chain, where `verify` skips the lookup unless `--identity`. */
  localChain: boolean;
}

/** `--json` shape of `identity check` (docs/CLI.md). */
export interface IdentityCheckJson extends IdentityJson {
  /** True when a method binds the registry and its profile URL names the domain (exit 0). */
  bound: boolean;
  /** The SDK's verdict (`checkIdentity`, docs/IDENTITY.md): over both methods, and the profile when it was read. */
  status: IdentityStatus;
  code: string;
  message: string;
  /** One entry per method, each run to the end: `dns`, then `did:web`. */
  methods: IdentityMethodResult[];
  /** Every binding, malformed record and lookup (name or URL, outcome, detail). */
  found: IdentityFound;
  /** Present when issuer.signingKey is configured for this domain: does the published did.json list it? */
  signingKey?: SigningKeyFindingJson;
  exitCode: 0 | 1 | 2;
}

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
  if (options.action === "check") {
    try {
      return await identityCheck(options, io);
    } catch (error) {
      // An RPC endpoint that does not answer leaves the binding undecided: exit 2, like a DNS timeout.
      if (!unreachable(error)) throw error;
      printError(io, error, { debug: options.debug, json: options.json });
      return 2;
    }
  }
  const side = await registrySide(options, io);
  const report: IdentityJson = { ...side.base, profile: await profileFinding(side) };
  if (options.json) {
    writeJson(io, report);
    return 0;
  }
  io.stdout.write(`${formatRecords(report, side.networkFlag, stylesFor(io.stdout, io.env)).join("\n")}\n`);
  return 0;
}

/** What the command knows of the registry before looking anything up. */
interface RegistrySide {
  base: Omit<IdentityJson, "profile">;
  records: IdentityRecords;
  /** The registry's profile, or why it could not be read. */
  profile: { name: string; url: string } | { problem: string };
  /** How to name the same registry on another command line: `--network sepolia` or `--rpc … --registry …`. */
  networkFlag: string;
}

async function registrySide(options: IdentityOptions, io: Io): Promise<RegistrySide> {
  if (options.domain === undefined || options.domain.trim() === "") {
    throw new UsageError("identity needs --domain DOMAIN", {
      fix: "pass your domain without https://, e.g. `credanchor identity --domain nursing.example.edu --network sepolia`",
    });
  }
  const target = resolveChain(io, {
    network: options.network,
    rpc: options.rpc,
    registry: options.registry,
    config: options.config,
  });
  const registry = await requireRegistry(target);
  // Only --rpc: the chain id is the endpoint's (asked here), so a dead endpoint stops the command.
  const client = await connect(target);
  const chain = `eip155:${client.chainId}`;
  // Checks the inputs (domain, DID) before the chain is asked anything.
  const signingKey = configuredSigningKey(io, options);
  const records = identityRecords({
    domain: options.domain,
    chain,
    registry,
    did: options.did ?? (signingKey ? signingKey.verificationMethod.split("#")[0] : undefined),
    signingKey,
  });
  let profile: RegistrySide["profile"];
  try {
    await assertChainId(client);
    profile = await getProfile(client, { registry });
  } catch (error) {
    const cli = inCliTerms(error, target);
    const code = cli instanceof BaseError ? cli.code : undefined;
    // A wrong chain or no registry at the address is a mistake to fix, not a network hiccup.
    if (code === "CHAIN_MISMATCH" || code === "REGISTRY_NOT_FOUND") throw cli;
    profile = { problem: describeError(cli, io.cwd).message };
  }
  return {
    base: {
      network: target.name,
      chainId: client.chainId,
      chain: records.chain,
      registry: records.registry,
      domain: records.domain,
      records,
      localChain: records.chain === LOCAL_CHAIN,
    },
    records,
    profile,
    networkFlag: target.named ? `--network ${target.name}` : `--rpc URL --registry ${records.registry}`,
  };
}

/** issuer.signingKey of the config, when its DID is on the domain asked about (else the document stays without it). */
function configuredSigningKey(io: Io, options: IdentityOptions) {
  const configured = loadConfig(io, options.config).config.issuer.signingKey;
  if (!configured || options.domain === undefined) return undefined;
  const did = configured.verificationMethod.split("#")[0]!;
  if (options.did !== undefined && options.did !== did) return undefined;
  const host = decodeURIComponent(did.startsWith("did:web:") ? did.slice(8).split(":")[0]! : "");
  const domain = options.domain
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/\/.*$/, "");
  if (host !== domain && host !== `www.${domain}`) return undefined;
  return { verificationMethod: configured.verificationMethod, publicKeyMultibase: configured.publicKeyMultibase };
}

/** The published did.json lists the configured signing key for assertionMethod (issuer signatures verify). */
async function signingKeyFinding(
  side: RegistrySide,
  io: Io,
  options: IdentityOptions,
): Promise<SigningKeyFindingJson | undefined> {
  const configured = configuredSigningKey(io, options);
  if (!configured) return undefined;
  const fetch = globalThis.fetch as unknown as FetchLike;
  try {
    const key = await createDidWebKeyResolver({ fetch, timeoutMs: options.timeoutMs ?? 5000 })(
      configured.verificationMethod,
    );
    if (key && key.publicKeyMultibase === configured.publicKeyMultibase) {
      return {
        status: "passed",
        verificationMethod: configured.verificationMethod,
        message: `${side.records.didWeb.url} lists the signing key ${configured.verificationMethod} for assertionMethod.`,
      };
    }
    return {
      status: "failed",
      verificationMethod: configured.verificationMethod,
      message: `${side.records.didWeb.url} does not list the configured signing key ${configured.verificationMethod} for assertionMethod: signed credentials will not verify.`,
    };
  } catch (error) {
    return {
      status: "error",
      verificationMethod: configured.verificationMethod,
      message: `${side.records.didWeb.url} could not be read to check the signing key: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** `identity check --json`: the signing key finding (present when issuer.signingKey is configured for this domain). */
export interface SigningKeyFindingJson {
  status: "passed" | "failed" | "error";
  verificationMethod: string;
  message: string;
}

/** The registry's profile URL against the domain (the SDK's rule, no lookup made). */
async function profileFinding(side: RegistrySide): Promise<IdentityProfileJson> {
  const { records, profile } = side;
  const expected = records.profileUrl;
  if ("problem" in profile) {
    return {
      expected,
      onChain: null,
      status: "unknown",
      message: `The registry's profile could not be read: ${profile.problem}`,
      fix: "check the RPC endpoint (--rpc, or the network's RPC URL) and run the command again",
    };
  }
  // The SDK's rule for the registry's side; no method runs, so nothing is looked up.
  const { profile: verdict } = await checkProfileOnly(
    { domain: records.domain, chain: records.chain, registry: records.registry, profileUrl: profile.url },
    { methods: [] },
  );
  const setProfileFix =
    `the registry's admin calls setProfile(${JSON.stringify(profile.name)}, ${JSON.stringify(expected)}). ` +
    "credanchor has no command for it: call the SDK's setProfile(client, { registry, name, url }) " +
    "(sdk/src/chain/actions/setProfile.ts) with the admin's key; or, if nothing is anchored in this registry yet, " +
    `deploy a new one with \`credanchor deploy --url ${expected} --force\``;
  if (verdict.status === "failed") {
    return { expected, onChain: profile, status: "failed", message: verdict.message, fix: setProfileFix };
  }
  // A DID with a path binds through did:web only when the profile URL is exactly that DID.
  if (records.didWeb.did === expected && profile.url.trim() !== expected) {
    return {
      expected,
      onChain: profile,
      status: "failed",
      message: `The registry's profile URL is ${profile.url}, but ${expected} has a path, and a did:web DID with a path binds the registry only when the profile URL is exactly that DID.`,
      fix: setProfileFix,
    };
  }
  return { expected, onChain: profile, status: "passed", message: verdict.message };
}

async function identityCheck(options: IdentityOptions, io: Io): Promise<number> {
  const side = await registrySide(options, io);
  const flags: IdentityLookupFlags = {
    dnsServers: options.dnsServers,
    methods: options.methods,
    timeoutMs: options.timeoutMs,
  };
  const profileUrl = "problem" in side.profile ? undefined : side.profile.url;
  const report = await trackTask(
    io,
    `looking up ${side.records.domain}`,
    checkIdentity(
      {
        domain: side.records.domain,
        chain: side.records.chain,
        registry: side.records.registry,
        profileUrl,
        did: options.did,
      },
      identityLookupOptions(flags),
    ),
    { enabled: !options.json },
  );
  const profile = await profileFinding(side);
  const signingKey = await signingKeyFinding(side, io, options);
  let exitCode = checkExitCode(report, profile);
  if (signingKey?.status === "failed") exitCode = 1;
  else if (signingKey?.status === "error" && exitCode === 0) exitCode = 2;
  const result: IdentityCheckJson = {
    ...side.base,
    profile,
    bound: exitCode === 0,
    status: report.status,
    code: report.code,
    message: report.message,
    methods: report.methods,
    found: report.found,
    ...(signingKey ? { signingKey } : {}),
    exitCode,
  };
  if (options.json) {
    writeJson(io, result);
    return exitCode;
  }
  io.stdout.write(`${formatCheck(result, side.networkFlag, stylesFor(io.stdout, io.env)).join("\n")}\n`);
  if (signingKey) io.stdout.write(`signing key: ${signingKey.status}: ${signingKey.message}\n`);
  return exitCode;
}

/**
 * 0 bound both ways; 1 something is proven wrong (the profile, a record naming another registry or
 * chain, a malformed record, or nothing published by any method); 2 undecided (a lookup or the
 * profile read failed and nothing else is wrong).
 */
function checkExitCode(report: IdentityCheckReport, profile: IdentityProfileJson): 0 | 1 | 2 {
  if (profile.status === "failed") return 1;
  if (report.status === "failed") return 1;
  // A record that names something else is a finding even when the other method could not be asked;
  // "nothing published" is one only when every method could look (report.status is then failed).
  const mismatch = report.methods.some(
    (method) => method.status === "failed" && method.code !== "IDENTITY_NOT_PUBLISHED",
  );
  if (report.status !== "passed" && mismatch) return 1;
  if (report.status === "passed" && profile.status === "passed") return 0;
  return 2;
}

/** An endpoint that could not be reached (as opposed to a wrong flag or a missing registry). */
function unreachable(error: unknown): boolean {
  if (error instanceof NetworkError) return error.cause !== undefined;
  const code = describeError(error).code;
  return code === "RPC_UNREACHABLE" || code === "RPC_REQUEST_FAILED";
}

function indentJson(value: unknown, indent: string): string[] {
  return JSON.stringify(value, null, 2)
    .split("\n")
    .map((line) => `${indent}${line}`);
}

function profileLines(profile: IdentityProfileJson, style: Styles): string[] {
  const lines: string[] = [];
  if (profile.status === "passed") lines.push(`  ${style.green("✔")} ${printable(profile.message)}`);
  else if (profile.status === "failed") lines.push(`  ${style.red("✘")} ${printable(profile.message)}`);
  else lines.push(`  ${style.yellow("?")} ${printable(profile.message)}`);
  if (profile.fix) lines.push(`    ${style.dim("fix:")} ${printable(profile.fix)}`);
  return lines;
}

function formatRecords(report: IdentityJson, networkFlag: string, style: Styles): string[] {
  const { records } = report;
  const lines = [
    `Publish one of these for ${style.bold(records.domain)} to bind registry ${records.registry} on ${report.network} (${records.chain}):`,
    "",
    style.bold("1. A DNS TXT record"),
    `  name   ${records.txt.name}`,
    `  type   ${records.txt.type}`,
    `  value  ${records.txt.value}`,
    "  as a zone-file line:",
    `  ${records.txt.zoneFileLine}`,
    "",
    style.bold("2. Or an entry in your did:web document"),
    `  add to the "service" array of ${records.didWeb.url} (the document of ${records.didWeb.did}):`,
    ...indentJson(records.didWeb.service, "  "),
    "  no did.json yet? serve this whole document:",
    ...indentJson(records.didWeb.document, "  "),
    "  (serve it with Access-Control-Allow-Origin: * so that the web verifier can read it)",
    "",
    style.bold("The registry's profile URL"),
    `  must name ${records.domain}: ${records.profileUrl}`,
    ...profileLines(report.profile, style),
    `  and your credentials' issuer.id or issuer.url must name ${records.domain} too.`,
  ];
  if (report.localChain) {
    lines.push(
      "",
      style.yellow(
        `Note: ${LOCAL_CHAIN} is the local development chain; \`credanchor verify\` does not look these records up there unless --identity is given.`,
      ),
    );
  }
  lines.push(
    "",
    `Next: publish one of them, then \`credanchor identity check --domain ${records.domain} ${networkFlag}\``,
  );
  return lines;
}

const MARK: Record<IdentityStatus, (style: Styles) => string> = {
  passed: (s) => s.green("✔"),
  failed: (s) => s.red("✘"),
  error: (s) => s.yellow("?"),
  skipped: (s) => s.dim("-"),
};

function formatCheck(result: IdentityCheckJson, networkFlag: string, style: Styles): string[] {
  const { records } = result;
  const lines = [
    `Identity of registry ${records.registry} on ${result.network} (${records.chain}) at ${style.bold(records.domain)}:`,
  ];
  for (const method of result.methods) {
    lines.push(`  ${MARK[method.status](style)} ${method.method.padEnd(8)} ${printable(method.message)}`);
  }
  const profileMark = { passed: "passed", failed: "failed", unknown: "error" } as const;
  lines.push(
    `  ${MARK[profileMark[result.profile.status]](style)} ${"profile".padEnd(8)} ${printable(result.profile.message)}`,
  );
  if (result.found.lookups.length > 0) {
    lines.push("  looked up:");
    for (const lookup of result.found.lookups) {
      lines.push(`    ${lookup.target}  ${lookup.outcome}${lookup.detail ? `: ${printable(lookup.detail)}` : ""}`);
    }
  }
  lines.push("");
  const check = `credanchor identity check --domain ${records.domain} ${networkFlag}`;
  if (result.exitCode === 0) {
    const by = result.methods
      .filter((method) => method.status === "passed")
      .map((method) => (method.method === "dns" ? "its DNS TXT record" : "its did:web document"))
      .join(" and ");
    lines.push(
      `${style.green("✔ bound:")} ${records.domain} names registry ${records.registry} on ${records.chain} in ${by}, and the registry's profile URL names ${records.domain}.`,
    );
    if (result.localChain) {
      lines.push(
        style.dim(
          `  (${LOCAL_CHAIN} is the local chain: \`credanchor verify\` checks this binding there only with --identity.)`,
        ),
      );
    }
  } else if (result.exitCode === 1) {
    const wrong = [
      ...result.methods
        .filter((method) => method.status === "failed" && method.code !== "IDENTITY_NOT_PUBLISHED")
        .map((method) => `${method.method}: ${method.message}`),
      ...(result.profile.status === "failed" ? [`profile: ${result.profile.message}`] : []),
    ];
    const reason = wrong.length > 0 ? wrong.join("; ") : result.message;
    lines.push(`${style.red("✘ not bound:")} ${printable(reason)}`);
    if (result.profile.status !== "failed" || wrong.length > 1) {
      lines.push(
        `  ${style.dim("fix:")} publish the TXT record or the did.json entry that \`credanchor identity --domain ${records.domain} ${networkFlag}\` prints (records for other registries or chains may stay), then run \`${check}\` again`,
      );
    }
  } else {
    lines.push(`${style.yellow("? could not be checked:")} ${printable(result.message)}`);
    lines.push(
      `  ${style.dim("fix:")} a lookup failed or timed out; it is safe to run \`${check}\` again (or try --dns-server)`,
    );
  }
  return lines;
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
