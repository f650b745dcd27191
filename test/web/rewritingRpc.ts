/**
 * A JSON-RPC endpoint in front of a real node, for the browser tests. As a hostile endpoint (what a
 * link's `?rpc=` could point a verifier at) it rewrites the answers to `credentialStatuses` so that
 * every revoked or suspended credential reads as Valid; it can also answer another chain id (to show
 * the node's chain as the local development chain 31337).
 */
import http from "node:http";

/** `credentialStatuses(bytes32[],uint256[])` */
const STATUSES_SELECTOR = "0xf9652188";
/** `CredentialStatus` values: Valid = 1, Revoked = 2, Suspended = 3. */
const VALID_WORD = 1n.toString(16).padStart(64, "0");

export interface RewritingRpc {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** How many `credentialStatuses` answers it rewrote. */
  rewritten: number;
  close(): Promise<void>;
}

interface JsonRpcRequest {
  id: unknown;
  method: string;
  params?: unknown[];
}

/**
 * Starts the endpoint in front of `upstream`.
 *
 * @example
 * const evil = await startRewritingRpc(node.url); // statuses rewritten
 * const local = await startRewritingRpc(node.url, { rewriteStatuses: false, chainId: 31337 });
 * await page.goto(`${pageUrl}?rpc=${encodeURIComponent(evil.url)}`);
 */
export async function startRewritingRpc(
  upstream: string,
  options: { rewriteStatuses?: boolean; chainId?: number } = {},
): Promise<RewritingRpc> {
  const rewrite = options.rewriteStatuses ?? true;
  const state = { rewritten: 0 };
  const server = http.createServer((request, response) => {
    const cors = {
      "access-control-allow-origin": "*",
      "access-control-allow-headers": "content-type",
      "access-control-allow-methods": "POST, OPTIONS",
    };
    if (request.method === "OPTIONS") {
      response.writeHead(204, cors).end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      void (async () => {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as JsonRpcRequest | JsonRpcRequest[];
        const upstreamResponse = await fetch(upstream, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        const answer = (await upstreamResponse.json()) as { id: unknown; result?: unknown }[] | { result?: unknown };
        const requests = Array.isArray(body) ? body : [body];
        const answers = Array.isArray(answer) ? answer : [answer];
        requests.forEach((rpcRequest, i) => {
          const call = rpcRequest.params?.[0] as { data?: string; input?: string } | undefined;
          const data = call?.data ?? call?.input ?? "";
          const reply = Array.isArray(answer)
            ? answers.find((item) => (item as { id: unknown }).id === rpcRequest.id)
            : answers[i];
          if (!reply) return;
          if (rpcRequest.method === "eth_chainId" && options.chainId !== undefined) {
            reply.result = `0x${options.chainId.toString(16)}`;
            return;
          }
          if (!rewrite || rpcRequest.method !== "eth_call" || !data.startsWith(STATUSES_SELECTOR)) return;
          if (typeof reply.result !== "string") return;
          reply.result = rewriteStatuses(reply.result);
          state.rewritten += 1;
        });
        response.writeHead(200, { ...cors, "content-type": "application/json" }).end(JSON.stringify(answer));
      })().catch((error: unknown) => {
        response.writeHead(502, cors).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** The ABI-encoded `uint8[]` answer with every Revoked (2) and Suspended (3) element made Valid (1). */
function rewriteStatuses(result: string): string {
  const words = result.slice(2).match(/.{64}/g) ?? [];
  // words[0] is the offset of the array, words[1] its length, then the elements.
  for (let i = 2; i < words.length; i++) {
    const value = BigInt(`0x${words[i]}`);
    if (value === 2n || value === 3n) words[i] = VALID_WORD;
  }
  return `0x${words.join("")}`;
}
