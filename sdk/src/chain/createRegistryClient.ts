import {
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  http,
  type Account,
  type Chain,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { Address, Caip2ChainId, Hex } from "../types";
import { formatCaip2ChainId } from "./caip2";
import { UnsupportedConnectionError } from "../errors/registry";
import { defaultConfirmations } from "./defaultConfirmations";
import { jsonRpcSignerAccount, type JsonRpcSigner } from "./jsonRpcSigner";
import {
  ethersSignerToAccount,
  ethersToEip1193,
  isEthersSigner,
  type Eip1193Provider,
  type EthersProvider,
  type EthersSigner,
} from "./ethersAdapter";

/**
 * Who sends transactions:
 * - `{ privateKey }`: a key held in memory (signed locally, sent with `eth_sendRawTransaction`);
 * - `{ address }`: an account the node or wallet manages (Hardhat's unlocked accounts, a browser wallet);
 * - `{ ethers: signer }`: an ethers v6 Signer;
 * - `{ jsonRpcSigner }`: an external signer (Web3Signer, Frame, …) from `connectJsonRpcSigner`; credanchor
 *   holds no key, and the signer's requests go to the signer's own URL;
 * - a viem `Account` (e.g. from `privateKeyToAccount` or `mnemonicToAccount`).
 */
export type RegistryAccountSource =
  { privateKey: Hex } | { address: Address } | { ethers: EthersSigner } | { jsonRpcSigner: JsonRpcSigner } | Account;

export interface CreateRegistryClientParameters {
  /** The chain the endpoint must serve. Every write checks the endpoint's `eth_chainId` against it first. */
  chainId: number;
  /** An HTTP(S) JSON-RPC URL. */
  rpcUrl?: string;
  /** An EIP-1193 provider, e.g. Hardhat's in-process `hre.network.provider` or `window.ethereum`. */
  provider?: Eip1193Provider;
  /** An ethers v6 Provider, or a Signer (then it is also the account unless `account` is given). */
  ethers?: EthersProvider | EthersSigner;
  /** A viem transport, for anything else (fallback, websockets). */
  transport?: Transport;
  /** Who sends transactions; leave out for a read-only client. */
  account?: RegistryAccountSource;
  /** Confirmations to wait for after a write; default `defaultConfirmations(chainId)`. */
  confirmations?: number;
  /** How often to poll for blocks and receipts, in ms; default 100 on chain 31337, else 1,000. */
  pollingInterval?: number;
}

/**
 * What every registry action takes: viem clients bound to one endpoint and the chain it must serve.
 * Create it with {@link createRegistryClient}.
 */
export interface RegistryClient {
  /** The expected chain id. */
  readonly chainId: number;
  /** The same as a CAIP-2 id, e.g. `eip155:31337`. */
  readonly chain: Caip2ChainId;
  /** Reads: calls, logs, receipts. */
  readonly publicClient: PublicClient<Transport, Chain>;
  /** Writes; undefined for a read-only client. */
  readonly walletClient?: WalletClient<Transport, Chain, Account>;
  /** The sending account; undefined for a read-only client. */
  readonly account?: Account;
  /** Confirmations to wait for after a write. */
  readonly confirmations: number;
  /** A description of the endpoint for messages (the URL, or "EIP-1193 provider"). */
  readonly endpoint: string;
}

/**
 * Creates a registry client from an RPC URL, an EIP-1193 provider, an ethers v6 Provider/Signer or a
 * viem transport, with an optional account.
 *
 * @example
 * // a script against a local node, with a key from the environment
 * const client = createRegistryClient({
 *   chainId: 31337,
 *   rpcUrl: "http://127.0.0.1:8545",
 *   account: { privateKey: process.env.CREDANCHOR_PRIVATE_KEY as `0x${string}` },
 * });
 *
 * @example
 * // inside Hardhat (tests, the demo): the in-process network and one of its unlocked accounts
 * const client = createRegistryClient({ chainId: 31337, provider: hre.network.provider, account: { address } });
 *
 * @example
 * // an ethers user
 * const client = createRegistryClient({ chainId: 11155111, ethers: new ethers.Wallet(key, provider) });
 */
export function createRegistryClient(parameters: CreateRegistryClientParameters): RegistryClient {
  const { chainId } = parameters;
  if (!Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new UnsupportedConnectionError(
      `chainId must be a positive integer, got ${String(chainId)}.`,
      "Pass the chain id of the network, e.g. 31337 for Hardhat.",
    );
  }
  const sources = (["rpcUrl", "provider", "ethers", "transport"] as const).filter(
    (key) => parameters[key] !== undefined,
  );
  if (sources.length !== 1) {
    throw new UnsupportedConnectionError(
      sources.length === 0
        ? "The registry client needs a connection."
        : `The registry client was given ${sources.join(" and ")}; give exactly one.`,
      "Pass one of rpcUrl, provider (EIP-1193), ethers (Provider or Signer) or transport.",
    );
  }
  let transport: Transport;
  let endpoint: string;
  if (parameters.rpcUrl !== undefined) {
    transport = http(parameters.rpcUrl, { retryCount: 2 });
    endpoint = parameters.rpcUrl;
  } else if (parameters.provider !== undefined) {
    transport = custom(parameters.provider, { retryCount: 0 });
    endpoint = "EIP-1193 provider";
  } else if (parameters.ethers !== undefined) {
    transport = custom(ethersToEip1193(parameters.ethers), { retryCount: 0 });
    endpoint = "ethers provider";
  } else {
    transport = parameters.transport as Transport;
    endpoint = "custom transport";
  }

  const chain = defineChain({
    id: chainId,
    name: formatCaip2ChainId(chainId),
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: parameters.rpcUrl ? [parameters.rpcUrl] : [] } },
  });
  const pollingInterval = parameters.pollingInterval ?? (chainId === 31337 ? 100 : 1_000);
  const publicClient = createPublicClient({ chain, transport, pollingInterval, cacheTime: 0 });

  const accountSource =
    parameters.account ??
    (parameters.ethers && isEthersSigner(parameters.ethers) ? { ethers: parameters.ethers } : undefined);
  const account = accountSource === undefined ? undefined : toViemAccount(accountSource);
  // An external signer gets the wallet's requests (eth_sendTransaction) on its own URL; reads stay on the network's.
  const walletTransport =
    accountSource && "jsonRpcSigner" in accountSource ? signerTransport(accountSource.jsonRpcSigner) : transport;
  const walletClient = account
    ? createWalletClient({ chain, transport: walletTransport, account, pollingInterval, cacheTime: 0 })
    : undefined;

  return {
    chainId,
    chain: formatCaip2ChainId(chainId),
    publicClient: publicClient as PublicClient<Transport, Chain>,
    walletClient,
    account,
    confirmations: parameters.confirmations ?? defaultConfirmations(chainId),
    endpoint,
  };
}

function toViemAccount(source: RegistryAccountSource): Account {
  if ("type" in source) return source;
  if ("jsonRpcSigner" in source) return jsonRpcSignerAccount(source.jsonRpcSigner);
  if ("privateKey" in source) return privateKeyToAccount(source.privateKey);
  if ("ethers" in source) return ethersSignerToAccount(source.ethers);
  return { address: source.address, type: "json-rpc" };
}

/** A transport that sends every request to the signer, never retried (a send must not happen twice). */
function signerTransport(signer: JsonRpcSigner): Transport {
  return custom(
    { request: ({ method, params }) => signer.request(method, (params ?? []) as unknown[]) },
    { retryCount: 0 },
  );
}
