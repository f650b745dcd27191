import {
  getAddress,
  keccak256,
  numberToHex,
  parseTransaction,
  recoverTransactionAddress,
  type Account,
  type TransactionSerializable,
} from "viem";
import { toAccount } from "viem/accounts";
import type { Address, Hex } from "../types";
import { BaseError } from "../errors/base";
import { ChainMismatchError } from "../errors/registry";
import { SignerAccountError, SignerRejectedError, SignerResponseError, SignerUnreachableError } from "../errors/signer";
import { redactUrl } from "./transport/rpcEndpoint";

/**
 * How the signer is used: `sign` asks it for `eth_signTransaction` and broadcasts the signed bytes
 * through the network's own RPC (the journal holds the hash before anything is broadcast); `send` hands
 * it the transaction with `eth_sendTransaction` (the signer broadcasts through its node).
 */
export type SignerMethod = "sign" | "send";

/** An external JSON-RPC signer (Web3Signer, Frame, a wallet's RPC): credanchor holds no key. */
export interface JsonRpcSigner {
  /** The signer's endpoint, for messages with any credentials in it redacted. */
  readonly endpoint: string;
  readonly address: Address;
  readonly method: SignerMethod;
  /** One JSON-RPC request to the signer; its failures are `Signer*Error`s. */
  request(method: string, params: unknown[]): Promise<unknown>;
}

export interface ConnectJsonRpcSignerParameters {
  /** The signer's HTTP(S) JSON-RPC URL. */
  url: string;
  /** The chain the transactions are for: the signer must report it (`eth_chainId`) when it answers that. Leave out only to learn the account. */
  chainId?: number;
  /** The account to use; default the first of `eth_accounts`. */
  from?: Address;
  /** `sign`, `send`, or `auto` (default): `sign` when the signer implements `eth_signTransaction`, else `send`. */
  method?: SignerMethod | "auto";
  /** How long to wait for one answer (a person may be approving it); default 5 minutes. */
  timeoutMs?: number;
  /** For tests: the fetch to use. */
  fetch?: typeof fetch;
}

/**
 * Connects to an external JSON-RPC signer: asks `eth_accounts` (and picks `from`), checks `eth_chainId`
 * against `chainId` (a signer that does not implement it is trusted to sign the chain id in the
 * transaction), and with `method: "auto"` probes whether it implements `eth_signTransaction` (an
 * empty call, answered "invalid params" by a signer that has the method; nothing is signed).
 *
 * @example
 * const signer = await connectJsonRpcSigner({ url: "http://127.0.0.1:9000", chainId: 8453 });
 * const client = createRegistryClient({ chainId: 8453, rpcUrl, account: { jsonRpcSigner: signer } });
 */
export async function connectJsonRpcSigner(parameters: ConnectJsonRpcSignerParameters): Promise<JsonRpcSigner> {
  const endpoint = redactUrl(parameters.url);
  const fetchFn = parameters.fetch ?? fetch;
  const timeoutMs = parameters.timeoutMs ?? 5 * 60_000;
  let id = 0;
  const call = async (method: string, params: unknown[]): Promise<{ result?: unknown; error?: RpcErrorBody }> => {
    let response: Response;
    try {
      response = await fetchFn(parameters.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new SignerUnreachableError({ url: endpoint, method, cause: error });
    }
    let body: { result?: unknown; error?: RpcErrorBody };
    try {
      body = (await response.json()) as typeof body;
    } catch (error) {
      throw new SignerUnreachableError({
        url: endpoint,
        method,
        cause: new Error(`HTTP ${response.status}, not JSON-RPC`),
      });
    }
    if (!body || (body.error === undefined && !("result" in body))) {
      throw new SignerUnreachableError({
        url: endpoint,
        method,
        cause: new Error(`HTTP ${response.status}, not JSON-RPC`),
      });
    }
    return body;
  };
  const request = async (method: string, params: unknown[]): Promise<unknown> => {
    const body = await call(method, params);
    if (body.error) throw signerError(endpoint, method, body.error);
    return body.result;
  };

  const accountsAnswer = await request("eth_accounts", []);
  const accounts = Array.isArray(accountsAnswer)
    ? accountsAnswer.filter((a): a is string => typeof a === "string")
    : [];
  const from = parameters.from ? getAddress(parameters.from) : undefined;
  const address = from ? accounts.find((a) => a.toLowerCase() === from.toLowerCase()) : accounts[0];
  if (!address) throw new SignerAccountError({ url: endpoint, from, accounts });

  const chain =
    parameters.chainId === undefined ? { error: undefined, result: undefined } : await call("eth_chainId", []);
  if (parameters.chainId !== undefined && !chain.error && chain.result !== undefined && chain.result !== null) {
    const actual = Number(chain.result);
    if (actual !== parameters.chainId)
      throw new ChainMismatchError({ endpoint, expected: parameters.chainId, actual, scope: "signer" });
  }

  let method: SignerMethod;
  if (parameters.method === "sign" || parameters.method === "send") method = parameters.method;
  else {
    const probe = await call("eth_signTransaction", []);
    method = probe.error && isMethodMissing(probe.error) ? "send" : "sign";
  }
  return { endpoint, address: getAddress(address), method, request };
}

/**
 * The viem account of a connected signer. `sign`: a local-type account whose `signTransaction` asks the
 * signer and checks the answer (the same transaction, signed by `address`) before anything is
 * broadcast. `send`: a JSON-RPC account (`eth_sendTransaction` goes to the signer).
 */
export function jsonRpcSignerAccount(signer: JsonRpcSigner): Account {
  if (signer.method === "send") return { address: signer.address, type: "json-rpc" };
  return toAccount({
    address: signer.address,
    async signTransaction(transaction) {
      const asked = transaction as TransactionSerializable & { chainId: number; nonce: number; gas: bigint };
      const answer = await signer.request("eth_signTransaction", [toRpcTransaction(signer.address, asked)]);
      const raw = (typeof answer === "string" ? answer : (answer as { raw?: unknown } | null)?.raw) as Hex | undefined;
      if (typeof raw !== "string" || !/^0x[0-9a-fA-F]+$/.test(raw)) {
        throw new SignerResponseError({ url: signer.endpoint, problem: "no signed transaction in the answer" });
      }
      await checkSigned(signer, asked, raw);
      return raw;
    },
    async signMessage() {
      throw new SignerResponseError({ url: signer.endpoint, problem: "credanchor only asks signers for transactions" });
    },
    async signTypedData() {
      throw new SignerResponseError({ url: signer.endpoint, problem: "credanchor only asks signers for transactions" });
    },
  });
}

interface RpcErrorBody {
  code?: number;
  message?: string;
}

function isMethodMissing(error: RpcErrorBody): boolean {
  return (
    error.code === -32601 ||
    error.code === 4200 ||
    /method.*(not found|not supported|not available|does not exist)|unsupported method/i.test(error.message ?? "")
  );
}

function signerError(url: string, method: string, error: RpcErrorBody): BaseError {
  const message = error.message ?? `error ${error.code ?? "?"}`;
  if (error.code === 4001 || /reject|denied|declin|refus|not allowed|forbidden|unauthori[sz]ed/i.test(message)) {
    return new SignerRejectedError({ url, method, message });
  }
  if (isMethodMissing(error)) {
    return new SignerRejectedError({ url, method, message: `it does not implement ${method} (${message})` });
  }
  return new SignerRejectedError({ url, method, message });
}

function toRpcTransaction(
  from: Address,
  tx: TransactionSerializable & { chainId: number; nonce: number; gas: bigint },
) {
  const eip1559 = tx as { maxFeePerGas?: bigint; maxPriorityFeePerGas?: bigint };
  return {
    from,
    ...(tx.to ? { to: tx.to } : {}),
    data: tx.data ?? "0x",
    value: numberToHex(tx.value ?? 0n),
    nonce: numberToHex(tx.nonce),
    gas: numberToHex(tx.gas),
    maxFeePerGas: numberToHex(eip1559.maxFeePerGas ?? 0n),
    maxPriorityFeePerGas: numberToHex(eip1559.maxPriorityFeePerGas ?? 0n),
    chainId: numberToHex(tx.chainId),
    type: "0x2",
  };
}

/** The signed bytes must be exactly the transaction asked for, signed by the signer's account. */
async function checkSigned(
  signer: JsonRpcSigner,
  asked: TransactionSerializable & { chainId: number; nonce: number; gas: bigint },
  raw: Hex,
): Promise<void> {
  let signed: ReturnType<typeof parseTransaction>;
  try {
    signed = parseTransaction(raw);
  } catch {
    throw new SignerResponseError({ url: signer.endpoint, problem: "the answer does not parse as a transaction" });
  }
  const eip1559 = asked as { maxFeePerGas?: bigint; maxPriorityFeePerGas?: bigint };
  const differences: string[] = [];
  const text = (v: unknown) =>
    typeof v === "string" || typeof v === "bigint" || typeof v === "number" ? String(v) : "";
  const same = (a: unknown, b: unknown) => text(a).toLowerCase() === text(b).toLowerCase();
  if (signed.chainId !== asked.chainId) differences.push(`chain ${signed.chainId} instead of ${asked.chainId}`);
  if (signed.nonce !== asked.nonce) differences.push(`nonce ${signed.nonce} instead of ${asked.nonce}`);
  if (!same(signed.to, asked.to))
    differences.push(`to ${signed.to ?? "(creation)"} instead of ${asked.to ?? "(creation)"}`);
  if (!same(signed.data ?? "0x", asked.data ?? "0x")) differences.push("other calldata");
  if ((signed.value ?? 0n) !== (asked.value ?? 0n)) differences.push("another value");
  if (signed.gas !== asked.gas) differences.push(`gas ${signed.gas} instead of ${asked.gas}`);
  const maxFee = (signed as { maxFeePerGas?: bigint }).maxFeePerGas;
  if (maxFee === undefined || (eip1559.maxFeePerGas !== undefined && maxFee > eip1559.maxFeePerGas)) {
    differences.push("a higher fee cap than asked");
  }
  if (differences.length === 0) {
    const sender = await recoverTransactionAddress({
      serializedTransaction: raw as Parameters<typeof recoverTransactionAddress>[0]["serializedTransaction"],
    });
    if (sender.toLowerCase() !== signer.address.toLowerCase())
      differences.push(`signed by ${sender}, not ${signer.address}`);
  }
  if (differences.length > 0) {
    throw new SignerResponseError({
      url: signer.endpoint,
      problem: `${differences.join(", ")} (transaction ${keccak256(raw)})`,
    });
  }
}
