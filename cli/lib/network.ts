/**
 * Which chain a command talks to: `--network N` (config file, then built-in networks),
 * `--rpc URL...` (failover), or the chain a credential's proof names. Chain ids are pinned; the
 * check against the endpoint happens before anything is sent.
 */
import { isAddress } from "viem";
import { type Address, formatCaip2ChainId } from "../../sdk/src/node";
import { NetworkError } from "../errors";
import { loadConfig, type LoadedConfig, type NetworkConfig } from "./config";
import { askChainId, networkNameForChain } from "./client";
import { readDeployment } from "./deployments";
import type { Eip1193Provider, Io } from "./io";
import { BUILTIN_NETWORKS, HARDHAT_CHAIN_ID, HARDHAT_NETWORK } from "./networks";

export interface ChainTarget {
  /** The network's name, or `eip155:<id>` / `rpc` when only URLs were given. */
  name: string;
  /** The pinned chain id; undefined when only `--rpc` was given and no proof names one. */
  chainId?: number;
  rpcUrls: string[];
  /** An in-process provider (the demo's Hardhat network) instead of URLs. */
  provider?: Eip1193Provider;
  registry?: Address;
  /** Where the registry address came from, for messages: `--registry`, `config`, `deployments/localhost.json`. */
  registrySource?: string;
  confirmations?: number;
  /** The block explorer's base URL, when the network has one. */
  explorer?: string;
  /** True when the name is a configured or built-in network (so deployments/<name>.json applies). */
  named: boolean;
  loaded: LoadedConfig;
}

export interface ChainSelection {
  network?: string;
  rpc?: string[];
  registry?: string;
  config?: string;
  /** The chain a credential or batch names (from its proof); must agree with --network. */
  chainId?: number;
}

/**
 * Resolves the flags of a chain command into endpoints, chain id and registry.
 *
 * @example
 * const target = resolveChain(io, { network: "localhost" });
 * // { name: "localhost", chainId: 31337, rpcUrls: ["http://127.0.0.1:8545"], registry: "0x…" }
 */
export function resolveChain(io: Io, selection: ChainSelection): ChainTarget {
  const loaded = loadConfig(io, selection.config);
  const rpc = (selection.rpc ?? []).filter((url) => url !== "");
  for (const url of rpc) checkUrl(url, "--rpc");
  const registryFlag = selection.registry === undefined ? undefined : checkAddress(selection.registry, "--registry");

  let name = selection.network;
  if (name === undefined && rpc.length === 0) {
    name =
      selection.chainId !== undefined ? networkForChain(loaded, selection.chainId, io) : loaded.config.defaultNetwork;
    if (name === undefined) {
      throw new NetworkError("no network given", {
        fix: "pass --network localhost (a running `npx hardhat node`), --network sepolia, or --rpc URL; or set defaultNetwork in credanchor.config.json",
      });
    }
  }

  if (name === HARDHAT_NETWORK && io.providers?.[HARDHAT_NETWORK]) {
    checkChain(name, HARDHAT_CHAIN_ID, selection.chainId);
    return {
      name,
      chainId: HARDHAT_CHAIN_ID,
      rpcUrls: [],
      provider: io.providers[HARDHAT_NETWORK],
      ...registryFor(loaded, name, undefined, registryFlag),
      confirmations: 1,
      named: true,
      loaded,
    };
  }
  if (name === HARDHAT_NETWORK) {
    throw new NetworkError(
      "the 'hardhat' network lives inside a Hardhat process and cannot be reached from the command line",
      {
        fix: "start a node with `npx hardhat node` in another shell and pass --network localhost",
      },
    );
  }

  if (name === undefined) {
    // Only --rpc: the chain is whatever the endpoint reports, or what the proof says.
    return {
      name: selection.chainId !== undefined ? formatCaip2ChainId(selection.chainId) : "rpc",
      chainId: selection.chainId,
      rpcUrls: rpc,
      ...(registryFlag ? { registry: registryFlag, registrySource: "--registry" } : {}),
      named: false,
      loaded,
    };
  }

  const network = networkSettings(loaded, name);
  checkChain(name, network.chainId, selection.chainId);
  const envUrl = network.rpcEnv ? io.env[network.rpcEnv] : undefined;
  const rpcUrls = rpc.length > 0 ? rpc : envUrl ? [envUrl] : (network.rpc ?? []);
  if (rpcUrls.length === 0) {
    const variable = network.rpcEnv ?? `${name.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()}_RPC_URL`;
    throw new NetworkError(`no RPC URL for network '${name}'`, {
      fix: `set ${variable}=https://… (your provider's ${name} endpoint), add it to networks.${name}.rpc in ${loaded.file ? "credanchor.config.json" : "credanchor.config.json (run `credanchor init`)"}, or pass --rpc URL`,
    });
  }
  for (const url of rpcUrls) checkUrl(url, envUrl && rpc.length === 0 ? network.rpcEnv! : `networks.${name}.rpc`);
  return {
    name,
    chainId: network.chainId,
    rpcUrls,
    ...registryFor(loaded, name, network, registryFlag),
    confirmations: network.confirmations,
    ...(network.explorer ? { explorer: network.explorer } : {}),
    named: true,
    loaded,
  };
}

/** The config's settings for `name` over the built-in ones. */
function networkSettings(loaded: LoadedConfig, name: string): NetworkConfig {
  const builtin = BUILTIN_NETWORKS[name];
  const configured = loaded.config.networks[name];
  if (!builtin && !configured) {
    const known = [...new Set([...Object.keys(BUILTIN_NETWORKS), ...Object.keys(loaded.config.networks)])];
    throw new NetworkError(`unknown network '${name}'`, {
      fix: `use one of ${known.join(", ")}, add networks.${name} to credanchor.config.json, or pass --rpc URL`,
    });
  }
  return {
    chainId: configured?.chainId ?? builtin!.chainId,
    rpcEnv: configured?.rpcEnv ?? builtin?.rpcEnv,
    rpc: configured?.rpc && configured.rpc.length > 0 ? configured.rpc : builtin?.defaultRpc,
    registry: configured?.registry,
    confirmations: configured?.confirmations ?? builtin?.confirmations,
    explorer: configured?.explorer ?? builtin?.explorer,
  };
}

function registryFor(
  loaded: LoadedConfig,
  name: string,
  network: NetworkConfig | undefined,
  flag: Address | undefined,
): Pick<ChainTarget, "registry" | "registrySource"> {
  if (flag) return { registry: flag, registrySource: "--registry" };
  if (network?.registry)
    return { registry: network.registry, registrySource: `networks.${name}.registry in the config` };
  const deployment = readDeployment(loaded.dir, name);
  if (deployment) return { registry: deployment.address, registrySource: `deployments/${name}.json` };
  return {};
}

/** The configured (or built-in) network of a chain id: the config wins, then the built-ins. */
function networkForChain(loaded: LoadedConfig, chainId: number, io: Io): string | undefined {
  if (chainId === HARDHAT_CHAIN_ID && io.providers?.[HARDHAT_NETWORK]) return HARDHAT_NETWORK;
  const configured = Object.entries(loaded.config.networks).find(([, network]) => network.chainId === chainId);
  if (configured) return configured[0];
  const builtin = Object.entries(BUILTIN_NETWORKS).find(([, network]) => network.chainId === chainId);
  if (builtin) return builtin[0];
  throw new NetworkError(`no network is configured for chain ${formatCaip2ChainId(chainId)}`, {
    fix: `pass --rpc URL for chain ${chainId}, or add a network with "chainId": ${chainId} to credanchor.config.json`,
  });
}

function checkChain(name: string, pinned: number, fromProof: number | undefined): void {
  if (fromProof !== undefined && fromProof !== pinned) {
    throw new NetworkError(
      `network '${name}' is chain ${pinned}, but the credential was anchored on chain ${fromProof}`,
      {
        fix: `drop --network to use the chain named in the proof, or pass --rpc URL of a chain ${fromProof} endpoint`,
      },
    );
  }
}

function checkUrl(url: string, where: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NetworkError(`${where}: '${url}' is not a URL`, { fix: "give an http(s):// or ws(s):// URL" });
  }
  if (!["http:", "https:", "ws:", "wss:"].includes(parsed.protocol)) {
    throw new NetworkError(`${where}: '${url}' is not an http(s) or ws(s) URL`, { fix: "give an http(s):// URL" });
  }
}

function checkAddress(value: string, where: string): Address {
  if (!isAddress(value, { strict: false })) {
    throw new NetworkError(`${where}: '${value}' is not an address`, { fix: "give a 0x-prefixed 20-byte hex address" });
  }
  return value as Address;
}

/**
 * The registry a command works on. With a bare `--rpc URL` (no `--network`, no `--registry`), the
 * endpoint is asked for its chain id once, and the network of that chain id (the config's, then the
 * built-in ones) gives the registry: its `networks.<name>.registry`, else deployments/<name>.json.
 * The target is updated in place (chain id, registry and where it came from).
 *
 * @example
 * const registry = await requireRegistry(resolveChain(io, { rpc: ["http://127.0.0.1:8545"] }));
 */
export async function requireRegistry(target: ChainTarget): Promise<Address> {
  if (target.registry) return target.registry;
  if (!target.named && target.rpcUrls.length > 0) {
    const chainId = target.chainId ?? (await askChainId(target));
    target.chainId = chainId;
    const name = networkNameForChain(chainId, target.loaded.config.networks);
    const configured = target.loaded.config.networks[name]?.registry;
    const deployment = configured ? undefined : readDeployment(target.loaded.dir, name);
    const found = configured ?? deployment?.address;
    if (found) {
      target.registry = found;
      target.registrySource = configured
        ? `networks.${name}.registry in the config (chain ${chainId}, the --rpc endpoint's)`
        : `deployments/${name}.json (chain ${chainId}, the --rpc endpoint's)`;
      return found;
    }
    throw new NetworkError(`no registry known for chain ${chainId} (the --rpc endpoint's chain, network '${name}')`, {
      fix: `run \`credanchor deploy --rpc URL\` against that endpoint (it records deployments/${name}.json), or pass --registry ADDR`,
    });
  }
  throw new NetworkError(`no registry known for network '${target.name}'`, {
    fix: target.named
      ? `run \`credanchor deploy --network ${target.name}\`, or pass --registry ADDR`
      : "pass --registry ADDR (or --network NAME to read deployments/<network>.json)",
  });
}

/** The flags that name a chain and its registry: `--network`, `--rpc`, `--registry`, `--config`. */
export type RegistryFlags = Pick<ChainSelection, "network" | "rpc" | "registry" | "config">;

/**
 * The chain and registry a command's flags name: {@link resolveChain}, then {@link requireRegistry}.
 * Only the four flags are read from `flags`, so a command may pass its whole options object.
 *
 * @example
 * const { target, registry } = await resolveRegistryTarget(io, { network: "localhost" });
 */
export async function resolveRegistryTarget(
  io: Io,
  flags: RegistryFlags,
): Promise<{ target: ChainTarget; registry: Address }> {
  const target = resolveChain(io, {
    network: flags.network,
    rpc: flags.rpc,
    registry: flags.registry,
    config: flags.config,
  });
  const registry = await requireRegistry(target);
  return { target, registry };
}
