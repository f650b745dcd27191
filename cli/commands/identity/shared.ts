/**
 * What the `identity` subcommands share: their options and `--json` shapes (docs/CLI.md), the
 * registry's side of the binding (the records to publish, its on-chain profile) and the verdict on
 * the profile URL.
 */
import {
  type Address,
  assertChainId,
  BaseError,
  checkIdentity as checkProfileOnly,
  formatCaip2ChainId,
  getProfile,
  type IdentityFound,
  type IdentityMethod,
  type IdentityMethodResult,
  identityRecords,
  type IdentityRecords,
  type IdentityStatus,
  LOCAL_DEVELOPMENT_CHAIN,
} from "../../../sdk/src/node";
import { loadConfig } from "../../lib/config";
import { UsageError } from "../../errors";
import { inCliTerms } from "../../lib/client";
import type { Io } from "../../lib/io";
import { describeError } from "../../lib/report";
import { withRegistry } from "../../lib/withRegistry";

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

/** `identity check --json`: the signing key finding (present when issuer.signingKey is configured for this domain). */
export interface SigningKeyFindingJson {
  status: "passed" | "failed" | "error";
  verificationMethod: string;
  message: string;
}

/** What the command knows of the registry before looking anything up. */
export interface RegistrySide {
  base: Omit<IdentityJson, "profile">;
  records: IdentityRecords;
  /** The registry's profile, or why it could not be read. */
  profile: { name: string; url: string } | { problem: string };
  /** How to name the same registry on another command line: `--network sepolia` or `--rpc … --registry …`. */
  networkFlag: string;
}

/** Reads the inputs, the chain and the registry's profile (a profile that cannot be read is a finding, not a failure). */
export async function registrySide(options: IdentityOptions, io: Io): Promise<RegistrySide> {
  const domain = options.domain;
  if (domain === undefined || domain.trim() === "") {
    throw new UsageError("identity needs --domain DOMAIN", {
      fix: "pass your domain without https://, e.g. `credanchor identity --domain nursing.example.edu --network sepolia`",
    });
  }
  // Only --rpc: the chain id is the endpoint's (asked on connecting), so a dead endpoint stops the command.
  return withRegistry(io, options, { signer: "none" }, async ({ target, registry, client }) => {
    const chain = formatCaip2ChainId(client.chainId);
    // Checks the inputs (domain, DID) before the chain is asked anything.
    const signingKey = configuredSigningKey(io, options);
    const records = identityRecords({
      domain,
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
        localChain: records.chain === LOCAL_DEVELOPMENT_CHAIN,
      },
      records,
      profile,
      networkFlag: target.named ? `--network ${target.name}` : `--rpc URL --registry ${records.registry}`,
    };
  });
}

/** issuer.signingKey of the config, when its DID is on the domain asked about (else the document stays without it). */
export function configuredSigningKey(io: Io, options: IdentityOptions) {
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

/** The registry's profile URL against the domain (the SDK's rule, no lookup made). */
export async function profileFinding(side: RegistrySide): Promise<IdentityProfileJson> {
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
