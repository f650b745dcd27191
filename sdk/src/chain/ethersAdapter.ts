/**
 * Lets ethers v6 users hand their Provider or Signer to the registry client. Only types are imported
 * from ethers, so the SDK does not load ethers at run time.
 *
 * - A Provider becomes an EIP-1193 provider through its `send(method, params)` (JsonRpcProvider,
 *   BrowserProvider, WebSocketProvider, Hardhat's `ethers.provider`). Providers without `send`
 *   (FallbackProvider, a bare AbstractProvider) are refused with a clear error.
 * - A Signer becomes a viem account: a wallet that holds its key (ethers `Wallet`, `HDNodeWallet`)
 *   becomes a local account that signs with `signer.signTransaction`; any other signer
 *   (JsonRpcSigner, Hardhat's signers, a browser wallet) becomes a JSON-RPC account whose
 *   transactions the node or wallet signs (`eth_sendTransaction`).
 */
import type { Provider as EthersProvider, Signer as EthersSigner, TransactionRequest, TypedDataField } from "ethers";
import { toAccount } from "viem/accounts";
import { hexToBytes, type Account, type TransactionSerializable } from "viem";
import type { Address, Hex } from "../types";
import { UnsupportedConnectionError } from "../errors/registry";

export type { EthersProvider, EthersSigner };

/** The EIP-1193 shape the client needs: Hardhat's `hre.network.provider`, `window.ethereum`, … */
export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] | object }): Promise<unknown>;
}

interface SendCapable {
  send(method: string, params: unknown[]): Promise<unknown>;
}

/** True when `value` looks like an ethers v6 Signer (it has `getAddress` and `signTransaction`). */
export function isEthersSigner(value: EthersProvider | EthersSigner): value is EthersSigner {
  return (
    typeof (value as EthersSigner).getAddress === "function" &&
    typeof (value as EthersSigner).signTransaction === "function"
  );
}

/**
 * Wraps an ethers v6 Provider (or the provider of a Signer) as an EIP-1193 provider.
 *
 * @example
 * const provider = new ethers.JsonRpcProvider("http://127.0.0.1:8545");
 * const client = createRegistryClient({ chainId: 31337, provider: ethersToEip1193(provider) });
 */
export function ethersToEip1193(source: EthersProvider | EthersSigner): Eip1193Provider {
  const provider = (isEthersSigner(source) ? source.provider : source) as
    (EthersProvider & Partial<SendCapable>) | null;
  if (!provider) {
    throw new UnsupportedConnectionError(
      "The ethers Signer has no provider to read the chain with.",
      "Connect the signer first: `signer.connect(provider)`.",
    );
  }
  if (typeof provider.send !== "function") {
    throw new UnsupportedConnectionError(
      "This ethers provider has no `send(method, params)`, so its JSON-RPC requests cannot be forwarded.",
      "Pass a JsonRpcProvider or BrowserProvider, or pass the RPC URL as `rpcUrl` instead.",
    );
  }
  const send = provider.send.bind(provider) as SendCapable["send"];
  return {
    async request({ method, params }) {
      try {
        return await send(method, Array.isArray(params) ? params : params === undefined ? [] : [params]);
      } catch (error) {
        throw toRpcError(error);
      }
    },
  };
}

/** ethers wraps JSON-RPC errors; give viem the `code`, `message` and revert `data` it expects. */
function toRpcError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const e = error as Error & {
    code?: unknown;
    data?: unknown;
    error?: { code?: number; message?: string; data?: unknown };
    info?: { error?: { code?: number; message?: string; data?: unknown } };
  };
  const inner = e.info?.error ?? e.error;
  const data = typeof e.data === "string" ? e.data : inner?.data;
  const code = typeof inner?.code === "number" ? inner.code : typeof e.code === "number" ? e.code : -32603;
  const normalized = new Error(inner?.message ?? e.message, { cause: error }) as Error & {
    code: number;
    data?: unknown;
  };
  normalized.code = code;
  if (data !== undefined) normalized.data = data;
  return normalized;
}

/**
 * Turns an ethers v6 Signer into a viem account.
 *
 * @example
 * const account = ethersSignerToAccount(new ethers.Wallet(key, provider));
 */
export function ethersSignerToAccount(signer: EthersSigner): Account {
  const address = (signer as EthersSigner & { address?: string }).address;
  if (typeof address !== "string") {
    throw new UnsupportedConnectionError(
      "The ethers Signer does not expose its address synchronously (`signer.address`).",
      "Pass `account: { address: await signer.getAddress() }` for a node-managed account, or an ethers Wallet.",
    );
  }
  const holdsKey = "signingKey" in signer;
  if (!holdsKey) return { address: address as Address, type: "json-rpc" };
  return toAccount({
    address: address as Address,
    async signTransaction(transaction) {
      return (await signer.signTransaction(toEthersTransaction(transaction as TransactionSerializable))) as Hex;
    },
    async signMessage({ message }) {
      const payload = typeof message === "string" ? message : hexOrBytes(message.raw);
      return (await signer.signMessage(payload)) as Hex;
    },
    async signTypedData(parameters) {
      const { domain, types, message } = parameters as {
        domain?: Record<string, unknown>;
        types: Record<string, TypedDataField[]>;
        message: Record<string, unknown>;
      };
      const { EIP712Domain: _ignored, ...rest } = types;
      return (await signer.signTypedData(domain ?? {}, rest, message)) as Hex;
    },
  });
}

function hexOrBytes(raw: Hex | Uint8Array): Uint8Array {
  return typeof raw === "string" ? hexToBytes(raw) : raw;
}

function toEthersTransaction(tx: TransactionSerializable): TransactionRequest {
  const request: TransactionRequest = {
    chainId: tx.chainId,
    nonce: tx.nonce,
    to: tx.to ?? null,
    data: tx.data,
    value: tx.value,
    gasLimit: tx.gas,
  };
  if (tx.maxFeePerGas !== undefined) {
    request.type = 2;
    request.maxFeePerGas = tx.maxFeePerGas;
    request.maxPriorityFeePerGas = tx.maxPriorityFeePerGas;
    request.accessList = (tx.accessList ?? []).map((item) => ({
      address: item.address,
      storageKeys: [...item.storageKeys],
    }));
  } else {
    request.type = 0;
    request.gasPrice = (tx as { gasPrice?: bigint }).gasPrice;
  }
  return request;
}
