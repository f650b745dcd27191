/**
 * RPC endpoints per chain: the built-in defaults and the user's saved settings (localStorage; the
 * saved list wins, per chain). `?rpc=` values in the page URL are only read here: they are a link's
 * proposal, which the page never trusts (see linkProposal.ts).
 */
import { KNOWN_NETWORKS, parseCaip2ChainId } from "../../sdk/src/index";

/** A chain the page knows by name, with its default public endpoints (tried in order). */
export interface KnownChain {
  chainId: number;
  name: string;
  defaults: string[];
  /** The block explorer (`<explorer>/address/<registry>`). */
  explorer?: string;
}

/** The SDK's one network table (sdk/src/chain/networks.ts), as the page lists it. */
export const KNOWN_CHAINS: readonly KnownChain[] = Object.values(KNOWN_NETWORKS).map((network) => ({
  chainId: network.chainId,
  name: network.title,
  defaults: [...(network.defaultRpc ?? network.publicRpc ?? [])],
  ...(network.explorer ? { explorer: network.explorer } : {}),
}));

/** The explorer page of an address on a known chain, when the chain has an explorer and the address is one. */
export function explorerAddressUrl(chainId: number, address: string): string | undefined {
  const explorer = KNOWN_CHAINS.find((chain) => chain.chainId === chainId)?.explorer;
  return explorer && /^0x[0-9a-fA-F]{40}$/.test(address) ? `${explorer}/address/${address}` : undefined;
}

/** Chain id (decimal) → endpoint URLs, tried in order. */
export type RpcTable = Record<number, string[]>;

/** RPC URLs a link proposes: per chain, plus URLs for "whichever chain the credential names". */
export interface RpcOverrides {
  byChain: RpcTable;
  anyChain: string[];
  /** `?rpc=` values the page could not read, to show the user. */
  rejected: string[];
}

export const STORAGE_KEY = "credanchor.rpcUrls.v1";

/** The built-in endpoints. */
export function defaultRpcTable(): RpcTable {
  return Object.fromEntries(KNOWN_CHAINS.map((chain) => [chain.chainId, [...chain.defaults]]));
}

/** A human name for a chain id: "Sepolia (eip155:11155111)". */
export function chainLabel(chainId: number): string {
  const known = KNOWN_CHAINS.find((chain) => chain.chainId === chainId);
  return known ? `${known.name} (eip155:${chainId})` : `eip155:${chainId}`;
}

/**
 * The chain id in a CAIP-2 `eip155:N` (the SDK's one grammar, any letter case), or in a bare `N` or
 * `0xN` typed into the settings; undefined otherwise.
 */
export function parseChainId(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^eip155:/i.test(trimmed)) return parseCaip2ChainId(trimmed.toLowerCase());
  const match = /^(\d+|0x[0-9a-f]+)$/i.exec(trimmed);
  if (!match) return undefined;
  const value = Number(match[1]);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** The URL if it is an absolute http(s) or ws(s) URL. */
export function normaliseRpcUrl(text: string): string | undefined {
  try {
    const url = new URL(text.trim());
    return ["http:", "https:", "ws:", "wss:"].includes(url.protocol) ? url.href.replace(/\/$/, "") : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads `rpc` parameters from a query string. Each is either `<chain>=<url>` (chain as `31337` or
 * `eip155:31337`) or a bare `<url>` that applies to whichever chain the credential was anchored on.
 * Repeat the parameter for a failover list.
 *
 * @example
 * parseRpcParams("?rpc=31337=http://127.0.0.1:8545&rpc=https://rpc.example")
 * // { byChain: { 31337: ["http://127.0.0.1:8545"] }, anyChain: ["https://rpc.example"], rejected: [] }
 */
export function parseRpcParams(search: string): RpcOverrides {
  const overrides: RpcOverrides = { byChain: {}, anyChain: [], rejected: [] };
  for (const value of new URLSearchParams(search).getAll("rpc")) {
    const separator = value.indexOf("=");
    const chainId = separator > 0 ? parseChainId(value.slice(0, separator)) : undefined;
    const url = normaliseRpcUrl(chainId === undefined ? value : value.slice(separator + 1));
    if (!url) {
      overrides.rejected.push(value);
    } else if (chainId === undefined) {
      overrides.anyChain.push(url);
    } else {
      (overrides.byChain[chainId] ??= []).push(url);
    }
  }
  return overrides;
}

/** Saved endpoints, or an empty table when nothing (or something unreadable) is stored. */
export function loadSavedRpcTable(storage: Pick<Storage, "getItem"> | undefined): RpcTable {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    if (!raw) return {};
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== "object" || parsed === null) return {};
    const table: RpcTable = {};
    for (const [key, urls] of Object.entries(parsed)) {
      const chainId = parseChainId(key);
      if (chainId === undefined || !Array.isArray(urls)) continue;
      const clean = urls.map((url) => (typeof url === "string" ? normaliseRpcUrl(url) : undefined));
      table[chainId] = clean.filter((url): url is string => url !== undefined);
    }
    return table;
  } catch {
    return {};
  }
}

/** Saves endpoints for the chains whose list differs from the defaults (so new defaults still reach users). */
export function saveRpcTable(storage: Pick<Storage, "setItem" | "removeItem"> | undefined, table: RpcTable): void {
  if (!storage) return;
  const defaults = defaultRpcTable();
  const changed = Object.entries(table).filter(
    ([chainId, urls]) => JSON.stringify(urls) !== JSON.stringify(defaults[Number(chainId)] ?? []),
  );
  if (changed.length === 0) storage.removeItem(STORAGE_KEY);
  else storage.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(changed)));
}

/**
 * The endpoints to use for `chainId`: the user's saved list, else the defaults. Nothing from the
 * page URL: a link never chooses the endpoints a verdict rests on.
 *
 * @example
 * rpcUrlsFor(31337, {}) // ["http://127.0.0.1:8545"]
 */
export function rpcUrlsFor(chainId: number, saved: RpcTable): string[] {
  return [...(saved[chainId] ?? defaultRpcTable()[chainId] ?? [])];
}
