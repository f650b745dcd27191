/**
 * A tiny JSON-RPC proxy on a loopback port, for transport tests: forwards to a real node (or answers
 * itself), counts requests, and can misbehave on purpose (HTTP 503, hang, rewrite an answer).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface JsonRpcRequest {
  jsonrpc: "2.0";
  id: number | string;
  method: string;
  params?: unknown[];
}

export interface JsonRpcReply {
  jsonrpc: "2.0";
  id: number | string;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** What to do with one request: pass it on, answer it, or fail at the HTTP level. */
export type ProxyAction =
  | { kind: "forward"; rewrite?: (reply: JsonRpcReply) => JsonRpcReply }
  | { kind: "reply"; reply: Omit<JsonRpcReply, "jsonrpc" | "id"> }
  | { kind: "http"; status: number; body?: string }
  | { kind: "hang" };

export interface RpcProxy {
  url: string;
  /** Requests received, in order (method names). */
  methods: string[];
  close(): Promise<void>;
}

/**
 * Starts the proxy. `decide` is called for every request (default: forward unchanged).
 *
 * @example
 * const proxy = await startRpcProxy(node.url, (request) => request.method === "eth_blockNumber" ? { kind: "http", status: 503 } : { kind: "forward" });
 */
export async function startRpcProxy(
  target: string | undefined,
  decide: (request: JsonRpcRequest, count: number) => ProxyAction = () => ({ kind: "forward" }),
): Promise<RpcProxy> {
  const methods: string[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const request = JSON.parse(body) as JsonRpcRequest;
        methods.push(request.method);
        const action = decide(request, methods.length);
        if (action.kind === "hang") {
          hanging.add(res);
          return;
        }
        if (action.kind === "http") {
          res.writeHead(action.status, { "content-type": "text/plain" });
          res.end(action.body ?? "unavailable");
          return;
        }
        let reply: JsonRpcReply;
        if (action.kind === "reply") {
          reply = { jsonrpc: "2.0", id: request.id, ...action.reply };
        } else {
          if (!target) throw new Error("no target to forward to");
          const response = await fetch(target, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
          });
          reply = (await response.json()) as JsonRpcReply;
          if (action.rewrite) reply = action.rewrite(reply);
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(reply));
      })().catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    methods,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL on which nothing listens (connection refused). */
export async function deadUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
