/**
 * A DNS-over-HTTPS server (the JSON API Cloudflare and Google serve) on 127.0.0.1, answering TXT
 * queries from a table the test controls, with CORS so that the page can call it from its origin.
 */
import http from "node:http";
import { listenOnFreePort } from "../helpers/ports";

export interface DohServer {
  /** `http://127.0.0.1:<port>/dns-query` */
  url: string;
  /** TXT records by name; a name that is absent answers NXDOMAIN. */
  records: Map<string, string[]>;
  /** When set, every query answers this HTTP status instead (e.g. 503). */
  failWith?: number;
  /** Names asked, in order. */
  queries: string[];
  close(): Promise<void>;
}

/**
 * Starts the server.
 *
 * @example
 * const doh = await startDohServer();
 * doh.records.set("_credanchor.example.edu", ["credanchor=v1; chain=eip155:31337; registry=0x..."]);
 */
export async function startDohServer(): Promise<DohServer> {
  const state: Omit<DohServer, "url" | "close"> = { records: new Map(), queries: [] };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const headers = { "access-control-allow-origin": "*", "content-type": "application/dns-json" };
    if (url.pathname !== "/dns-query") {
      response.writeHead(404, headers).end("{}");
      return;
    }
    const name = (url.searchParams.get("name") ?? "").replace(/\.$/, "").toLowerCase();
    state.queries.push(name);
    if (state.failWith !== undefined) {
      response.writeHead(state.failWith, headers).end("{}");
      return;
    }
    const txt = state.records.get(name);
    const body = txt
      ? {
          Status: 0,
          Question: [{ name, type: 16 }],
          Answer: txt.map((data) => ({ name, type: 16, TTL: 300, data: JSON.stringify(data) })),
        }
      : { Status: 3, Question: [{ name, type: 16 }] };
    response.writeHead(200, headers).end(JSON.stringify(body));
  });
  const port = await listenOnFreePort(server);
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/dns-query`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
