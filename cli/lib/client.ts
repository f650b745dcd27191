/**
 * Connects a command to its chain through the SDK's registry client: the endpoint(s) of a resolved
 * network (with failover between several --rpc URLs), the pinned chain id, the signer. Also puts the
 * command line's words into the SDK's chain errors (which flag or variable to change).
 */
import { createPublicClient, fallback, http, type Transport } from "viem";
import {
  type Address,
  BaseError,
  connectJsonRpcSigner,
  createRegistryClient,
  redactUrl,
  type RegistryClient,
} from "../../sdk/src/node";
import { NetworkError } from "../errors";
import type { Signer } from "./keys";
import type { ChainTarget } from "./network";
import { BUILTIN_NETWORKS } from "./networks";

export interface ConnectOptions {
  signer?: Signer;
  /** A read-only "account" to simulate from (no key): `anchor --dry-run` without a key. */
  address?: Address;
  /** Overrides the network's confirmations (`--confirmations`). */
  confirmations?: number;
}

/**
 * A registry client for `target`. When only `--rpc` was given, the chain is whatever the endpoint
 * reports (asked once here); otherwise it is pinned and every write checks it first.
 *
 * @example
 * const client = await connect(target, { signer });
 * await deployRegistry(client, { admin: signer.address, name, url });
 */
export async function connect(target: ChainTarget, options: ConnectOptions = {}): Promise<RegistryClient> {
  // One URL goes to the SDK as such, so that its messages can name the endpoint.
  const connection = target.provider
    ? { provider: target.provider }
    : target.rpcUrls.length === 1
      ? { rpcUrl: target.rpcUrls[0] }
      : { transport: urlTransport(target.rpcUrls) };
  const chainId = target.chainId ?? (await askChainId(target));
  const confirmations = options.confirmations ?? target.confirmations;
  return createRegistryClient({
    chainId,
    ...connection,
    ...(options.signer?.external
      ? {
          account: {
            jsonRpcSigner: await connectJsonRpcSigner({
              url: options.signer.external.url,
              chainId,
              from: options.signer.address,
              method: options.signer.external.method,
            }),
          },
        }
      : options.signer?.privateKey
        ? { account: { privateKey: options.signer.privateKey } }
        : options.address
          ? { account: { address: options.address } }
          : {}),
    ...(confirmations !== undefined ? { confirmations } : {}),
  });
}

/** One URL, or several tried in order (viem's fallback transport). */
function urlTransport(urls: string[]): Transport {
  return urls.length === 1
    ? http(urls[0], { retryCount: 2 })
    : fallback(urls.map((url) => http(url, { retryCount: 1 })));
}

/** The chain id the endpoint(s) of `target` report (one request); a NetworkError when none answers. */
export async function askChainId(target: Pick<ChainTarget, "rpcUrls">): Promise<number> {
  try {
    return await createPublicClient({ transport: urlTransport(target.rpcUrls) }).getChainId();
  } catch (error) {
    throw new NetworkError(`could not reach ${target.rpcUrls.map(redactUrl).join(" or ")} to ask for its chain id`, {
      fix: "check the --rpc URL and that the node is running (for a local node: `npx hardhat node`)",
      cause: error,
    });
  }
}

/** The network name the CLI knows for a chain id (for deployments/<name>.json), else `chain-<id>`. */
export function networkNameForChain(chainId: number, configured: Record<string, { chainId: number }>): string {
  const fromConfig = Object.entries(configured).find(([, network]) => network.chainId === chainId);
  if (fromConfig) return fromConfig[0];
  const builtin = Object.entries(BUILTIN_NETWORKS).find(([, network]) => network.chainId === chainId);
  return builtin ? builtin[0] : `chain-${chainId}`;
}

/** Errors inCliTerms made: rewriting one again (nested onChain) would only wrap it in a copy of itself. */
const rewritten = new WeakSet<BaseError>();

/**
 * Rewrites the fix of the SDK's chain errors in command-line terms (which flag or variable to change).
 * Other errors, and errors already rewritten, pass through unchanged.
 */
export function inCliTerms(error: unknown, target: ChainTarget): unknown {
  if (!(error instanceof BaseError) || rewritten.has(error)) return error;
  const network = target.named ? `network '${target.name}'` : "the endpoint";
  const rpcSetting = target.named
    ? `${BUILTIN_NETWORKS[target.name]?.rpcEnv ?? `networks.${target.name}.rpc`} or --rpc`
    : "--rpc";
  const fixes: Record<string, string> = {
    CHAIN_MISMATCH: `${network} must be chain ${target.chainId}: check ${rpcSetting}, or pick the --network that endpoint serves`,
    REGISTRY_NOT_FOUND: target.named
      ? `deploy one with \`credanchor deploy --network ${target.name}\` (a restarted local node forgets its contracts), or pass --registry ADDR`
      : "check --registry and that --rpc points at the chain the registry was deployed on",
    RPC_REQUEST_FAILED: `check that the node behind ${target.rpcUrls.map(redactUrl).join(", ") || "the provider"} is running and reachable (${rpcSetting}); it is safe to run the command again`,
  };
  const fix = fixes[error.code];
  // RPC URLs often carry an API key: never print them whole.
  const shortMessage = target.rpcUrls.reduce((text, url) => text.split(url).join(redactUrl(url)), error.shortMessage);
  if (fix === undefined && shortMessage === error.shortMessage) return error;
  const copy = new BaseError(shortMessage, {
    code: error.code,
    details: error.details,
    fix: fix ?? error.fix,
    location: error.location,
    docsPath: error.docsPath,
    cause: error,
  });
  copy.name = error.name;
  rewritten.add(copy);
  return copy;
}

/** Runs `work`, rewriting chain errors in command-line terms. */
export async function onChain<T>(target: ChainTarget, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw inCliTerms(error, target);
  }
}
