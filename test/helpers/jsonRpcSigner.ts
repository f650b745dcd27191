/**
 * A small external JSON-RPC signer for tests (what Web3Signer or Frame are to a real issuer): an HTTP
 * server that holds one Hardhat test key and answers eth_accounts, eth_chainId, eth_signTransaction and
 * eth_sendTransaction (signs, then forwards eth_sendRawTransaction to the node). It records every
 * request, and can refuse, report another chain, or lack eth_signTransaction.
 */
import http from "node:http";
import { hexToBigInt, hexToNumber, keccak256, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { listenOnFreePort } from "./ports";

/** A JSON-RPC error answer ({ code, message }) thrown inside the signer. */
class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface TestSignerOptions {
  privateKey: Hex;
  /** Where eth_sendTransaction forwards the signed bytes. */
  nodeUrl: string;
  /** What eth_chainId answers; default 31337. */
  chainId?: number;
  /** Refuse every signing request as a user would (EIP-1193 code 4001). */
  reject?: boolean;
  /** Answer eth_signTransaction with "method not found". */
  withoutSignTransaction?: boolean;
}

export interface TestSigner {
  url: string;
  /** Every request received, in order. */
  requests: Array<{ method: string; params: unknown[] }>;
  close(): Promise<void>;
}

export async function startTestSigner(options: TestSignerOptions): Promise<TestSigner> {
  const account = privateKeyToAccount(options.privateKey);
  const requests: TestSigner["requests"] = [];
  const sign = async (tx: Record<string, Hex>): Promise<Hex> =>
    account.signTransaction({
      type: "eip1559",
      chainId: hexToNumber(tx.chainId ?? "0x7a69"),
      nonce: hexToNumber(tx.nonce),
      to: tx.to,
      data: tx.data,
      value: hexToBigInt(tx.value ?? "0x0"),
      gas: hexToBigInt(tx.gas),
      maxFeePerGas: hexToBigInt(tx.maxFeePerGas),
      maxPriorityFeePerGas: hexToBigInt(tx.maxPriorityFeePerGas),
    });
  const handle = async (method: string, params: unknown[]): Promise<unknown> => {
    switch (method) {
      case "eth_accounts":
        return [account.address];
      case "eth_chainId":
        return `0x${(options.chainId ?? 31337).toString(16)}`;
      case "eth_signTransaction": {
        if (options.withoutSignTransaction)
          throw new RpcError(-32601, "the method eth_signTransaction does not exist/is not available");
        if (params.length === 0) throw new RpcError(-32602, "missing value for required argument 0");
        if (options.reject) throw new RpcError(4001, "User rejected the request");
        return sign(params[0] as Record<string, Hex>);
      }
      case "eth_sendTransaction": {
        if (options.reject) throw new RpcError(4001, "User rejected the request");
        const raw = await sign(params[0] as Record<string, Hex>);
        const response = await fetch(options.nodeUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_sendRawTransaction", params: [raw] }),
        });
        const body = (await response.json()) as { result?: Hex; error?: { code: number; message: string } };
        if (body.error) throw new RpcError(body.error.code, body.error.message);
        return body.result ?? keccak256(raw);
      }
      default:
        throw new RpcError(-32601, `the method ${method} does not exist/is not available`);
    }
  };
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", () => {
      const body = JSON.parse(text) as { id: number; method: string; params?: unknown[] };
      requests.push({ method: body.method, params: body.params ?? [] });
      handle(body.method, body.params ?? []).then(
        (result) => res.end(JSON.stringify({ jsonrpc: "2.0", id: body.id, result })),
        (error: { code?: number; message?: string }) =>
          res.end(
            JSON.stringify({
              jsonrpc: "2.0",
              id: body.id,
              error: { code: error.code ?? -32000, message: error.message ?? "error" },
            }),
          ),
      );
    });
  });
  const port = await listenOnFreePort(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
