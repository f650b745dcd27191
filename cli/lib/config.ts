/**
 * credanchor.config.json: the issuer's profile, its networks (chain id, RPC URLs, registry
 * address, confirmations). JSON has no comments, so the file carries them under keys named "//",
 * which credanchor ignores wherever they appear.
 */
import { isAddress } from "viem";
import fs from "node:fs";
import path from "node:path";
import {
  type Address,
  type CredentialParseError,
  escapePointerToken,
  parseCredentialJson,
  Utf8Validator,
} from "../../sdk/src/node";
import { ConfigError } from "../errors";
import type { Io } from "./io";
import { CONFIG_FILE } from "./names";
import { BUILTIN_NETWORKS } from "./networks";

export { CONFIG_FILE } from "./names";
/** The key that marks a comment in the config file. */
export const COMMENT_KEY = "//";

/** `issuer.signingKey`: the issuer's Ed25519 signing key (written by `credanchor signing-key create`). */
export interface SigningKeyConfig {
  /** The encrypted key file, relative to the config file's folder. */
  file: string;
  /** The key's id in the issuer's DID document: `<issuer.id>#<publicKeyMultibase>`. */
  verificationMethod: string;
  /** The public key (Multikey, `z6Mk…`). */
  publicKeyMultibase: string;
}

export interface IssuerConfig {
  id?: string;
  name?: string;
  url?: string;
  signingKey?: SigningKeyConfig;
  /** The issuer's LinkedIn organization id (`share`, `publish`, `deliver` send it to LinkedIn instead of the name). */
  linkedInOrganizationId?: string;
}

export interface NetworkConfig {
  chainId: number;
  /** RPC URLs, tried in order. */
  rpc?: string[];
  /** An environment variable whose value, when set, is used instead of `rpc`. */
  rpcEnv?: string;
  /** The registry's address on this network; empty: read deployments/<network>.json. */
  registry?: Address;
  confirmations?: number;
  /** The block explorer's base URL, for links: `<explorer>/tx/<hash>`. */
  explorer?: string;
}

export interface CredanchorConfig {
  issuer: IssuerConfig;
  defaultNetwork?: string;
  networks: Record<string, NetworkConfig>;
}

export interface LoadedConfig {
  config: CredanchorConfig;
  /** Absolute path of the file, or undefined when no file was found (built-in defaults). */
  file?: string;
  /** Where deployments/ lives: the config file's folder, or the working directory. */
  dir: string;
}

/**
 * Reads the config file (`--config FILE`, else ./credanchor.config.json). A missing default file
 * is fine: the built-in networks are used. A file named with --config must exist.
 *
 * @example
 * const { config, dir } = loadConfig(io, stringFlag(args, "config"));
 */
export function loadConfig(io: Io, explicitFile?: string): LoadedConfig {
  const file = path.resolve(io.cwd, explicitFile ?? CONFIG_FILE);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    if (explicitFile === undefined && (error as NodeJS.ErrnoException).code === "ENOENT") {
      return { config: { issuer: {}, networks: {} }, dir: io.cwd };
    }
    throw new ConfigError(
      `cannot read config file ${explicitFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      {
        fix: "check the path, or run `credanchor init` to write one",
        location: { file: explicitFile },
        cause: error,
      },
    );
  }
  const shown = path.relative(io.cwd, file) || file;
  const utf8 = new Utf8Validator();
  if (!utf8.feed(bytes) || !utf8.end()) {
    throw new ConfigError(`${shown} is not valid UTF-8 text`, {
      fix: "save the file as UTF-8",
      location: { file: shown, line: utf8.line, column: utf8.column },
    });
  }
  let raw: unknown;
  try {
    // The strict parser: line and column of a syntax error, no duplicate keys, at most 64 levels deep
    // (stripComments recurses), numbers that read exactly.
    raw = parseCredentialJson(bytes.toString("utf8"), { file: shown });
  } catch (error) {
    const parseError = error as CredentialParseError;
    throw new ConfigError(`${shown} is not valid JSON: ${parseError.shortMessage ?? String(error)}`, {
      fix: 'fix the JSON syntax (comments go under "//" keys), or move the file away and run `credanchor init`',
      location: parseError.location ?? { file: shown },
      cause: error,
    });
  }
  return { config: validateConfig(stripComments(raw), shown), file, dir: path.dirname(file) };
}

/** Removes every "//" key, at any depth. */
export function stripComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripComments);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== COMMENT_KEY)
        .map(([key, inner]) => [key, stripComments(inner)]),
    );
  }
  return value;
}

function validateConfig(raw: unknown, file: string): CredanchorConfig {
  const fail = (pointer: string, rule: string) =>
    new ConfigError(`${rule}`, { location: { file, pointer }, fix: `edit ${file} (see \`credanchor init --help\`)` });
  if (!isObject(raw)) throw fail("", "the config must be a JSON object");
  const issuer = raw.issuer ?? {};
  if (!isObject(issuer)) throw fail("/issuer", "issuer must be an object");
  for (const key of ["id", "name", "url", "linkedInOrganizationId"] as const) {
    if (issuer[key] !== undefined && typeof issuer[key] !== "string") throw fail(`/issuer/${key}`, `must be a string`);
  }
  if (issuer.signingKey !== undefined) {
    if (!isObject(issuer.signingKey)) throw fail("/issuer/signingKey", "signingKey must be an object");
    for (const key of ["file", "verificationMethod", "publicKeyMultibase"] as const) {
      if (typeof issuer.signingKey[key] !== "string" || issuer.signingKey[key] === "") {
        throw fail(`/issuer/signingKey/${key}`, `must be a string (run \`credanchor signing-key create\`)`);
      }
    }
  }
  if (raw.defaultNetwork !== undefined && typeof raw.defaultNetwork !== "string") {
    throw fail("/defaultNetwork", "defaultNetwork must be a network name");
  }
  const networks = raw.networks ?? {};
  if (!isObject(networks)) throw fail("/networks", "networks must be an object of network name → settings");
  const out: Record<string, NetworkConfig> = {};
  for (const [name, value] of Object.entries(networks)) {
    const at = `/networks/${escapePointerToken(name)}`;
    // `out[name] = ...` below would set the prototype instead of adding a network.
    if (name === "__proto__") throw fail(at, '"__proto__" is not a usable network name');
    if (!isObject(value)) throw fail(at, "a network must be an object");
    const chainId = value.chainId ?? BUILTIN_NETWORKS[name]?.chainId;
    if (typeof chainId !== "number" || !Number.isSafeInteger(chainId) || chainId <= 0) {
      throw fail(`${at}/chainId`, "chainId must be a positive whole number");
    }
    const network: NetworkConfig = { chainId };
    if (value.rpc !== undefined) {
      const rpc = typeof value.rpc === "string" ? [value.rpc] : value.rpc;
      if (!Array.isArray(rpc) || !rpc.every((url) => typeof url === "string")) {
        throw fail(`${at}/rpc`, "rpc must be a URL or a list of URLs");
      }
      network.rpc = rpc.filter((url) => url !== "");
    }
    if (value.rpcEnv !== undefined) {
      if (typeof value.rpcEnv !== "string") throw fail(`${at}/rpcEnv`, "rpcEnv must be an environment variable name");
      network.rpcEnv = value.rpcEnv;
    }
    if (value.registry !== undefined && value.registry !== "" && value.registry !== null) {
      if (typeof value.registry !== "string" || !isAddress(value.registry, { strict: false })) {
        throw fail(`${at}/registry`, "registry must be a 0x-prefixed 20-byte address, or empty");
      }
      network.registry = value.registry as Address;
    }
    if (value.confirmations !== undefined) {
      if (
        typeof value.confirmations !== "number" ||
        !Number.isSafeInteger(value.confirmations) ||
        value.confirmations < 0
      ) {
        throw fail(`${at}/confirmations`, "confirmations must be a whole number of blocks");
      }
      network.confirmations = value.confirmations;
    }
    if (value.explorer !== undefined && value.explorer !== "") {
      if (typeof value.explorer !== "string" || !/^https?:\/\/[^\s/]+/.test(value.explorer)) {
        throw fail(`${at}/explorer`, "explorer must be an http(s) URL (the block explorer's base), or empty");
      }
      network.explorer = value.explorer.replace(/\/+$/, "");
    }
    out[name] = network;
  }
  return {
    issuer: issuer as IssuerConfig,
    defaultNetwork: raw.defaultNetwork as string | undefined,
    networks: out,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface InitialConfigOptions {
  issuerName: string;
  issuerUrl: string;
  issuerId: string;
  defaultNetwork: string;
}

/** The commented config that `credanchor init` writes. */
export function initialConfig(options: InitialConfigOptions): Record<string, unknown> {
  const networks: Record<string, unknown> = {
    [COMMENT_KEY]: [
      "chainId is pinned: credanchor refuses to send when the endpoint reports another chain.",
      "rpc: endpoints tried in order (failover). rpcEnv: an environment variable that, when set, replaces rpc.",
      "registry: your registry's address on that network; leave empty to use deployments/<network>.json (written by `credanchor deploy`).",
      "confirmations: blocks to wait after anchoring before the anchor record is written.",
      "explorer: the block explorer, for links to transactions and addresses.",
    ],
  };
  for (const [name, builtin] of Object.entries(BUILTIN_NETWORKS)) {
    networks[name] = {
      [COMMENT_KEY]: builtin.note,
      chainId: builtin.chainId,
      ...(builtin.rpcEnv ? { rpcEnv: builtin.rpcEnv } : {}),
      rpc: builtin.defaultRpc ?? [],
      registry: "",
      confirmations: builtin.confirmations,
      ...(builtin.explorer ? { explorer: builtin.explorer } : {}),
    };
  }
  return {
    [COMMENT_KEY]: [
      'credanchor configuration, written by `credanchor init`. Keys named "//" are comments; credanchor ignores them.',
      "Flags override this file: --network, --rpc, --registry, --confirmations. Keys are never stored here:",
      "use CREDANCHOR_PRIVATE_KEY or --keystore FILE.",
    ],
    issuer: {
      [COMMENT_KEY]:
        "Your public identity. `credanchor deploy` writes name and url into the registry's on-chain profile; verifiers compare it with the issuer of each credential, so use the same values in your templates.",
      id: options.issuerId,
      name: options.issuerName,
      url: options.issuerUrl,
    },
    defaultNetwork: options.defaultNetwork,
    networks,
  };
}
