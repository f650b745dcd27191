/**
 * Real servers on loopback for the identity tests: an authoritative DNS server (npm `dns2`, UDP)
 * and an HTTP server that plays the issuers' web sites. Production fetches did.json over HTTPS;
 * here `fetch` rewrites `https://<host>/<path>` to `http://127.0.0.1:<port>/<host>/<path>`, so one
 * loopback server serves every domain and the tests still see which URL the SDK asked for.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import dns2 from "dns2";
import { createNodeResolveTxt } from "../../sdk/src/identity/createNodeResolveTxt";
import type { FetchLike, ResolveTxt } from "../../sdk/src/identity/types";
import { listenOnFreePort } from "./ports";

const { Packet } = dns2;

// @types/dns2 2.0 leaves out the header's rcode, the question's type and multi-string TXT data,
// which dns2 2.4 supports (node_modules/dns2/packet.js); these are the parts used here.
const RCODE = { SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;
interface WireQuestion {
  name: string;
  type: number;
}
interface WireResponse {
  header: { rcode: number };
  answers: { name: string; type: number; class: number; ttl: number; data: string[] }[];
}

/** How the DNS server answers for one name. */
export type DnsAnswer =
  /** NOERROR with these TXT records (each an array of character-strings); `[]` is NODATA. */
  | string[][]
  | "NXDOMAIN"
  | "SERVFAIL"
  | "REFUSED"
  /** Never answers (the client times out). */
  | "HANG";

export interface TestDnsServer {
  port: number;
  /** Node's resolver pointed at this server, with the given timeout. */
  resolveTxt(timeoutMs?: number): ResolveTxt;
  /** Every question received, in order (`name TYPE`). */
  queries: string[];
  /** The zone; edit it between cases. Names not in it are NXDOMAIN. */
  zone: Map<string, DnsAnswer>;
  close(): Promise<void>;
}

export async function startDnsServer(zone: Record<string, DnsAnswer> = {}): Promise<TestDnsServer> {
  const state = new Map<string, DnsAnswer>(Object.entries(zone));
  const queries: string[] = [];
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request) as unknown as WireResponse;
      const question = request.questions[0] as WireQuestion;
      const name = question.name.toLowerCase();
      queries.push(`${name} ${question.type === Packet.TYPE.TXT ? "TXT" : question.type}`);
      const answer = state.get(name) ?? "NXDOMAIN";
      if (answer === "HANG") return;
      if (answer === "NXDOMAIN") response.header.rcode = RCODE.NXDOMAIN;
      else if (answer === "SERVFAIL") response.header.rcode = RCODE.SERVFAIL;
      else if (answer === "REFUSED") response.header.rcode = RCODE.REFUSED;
      else if (question.type === Packet.TYPE.TXT) {
        for (const data of answer) {
          response.answers.push({ name: question.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 300, data });
        }
      }
      void send(response as unknown as Parameters<typeof send>[0]);
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: "127.0.0.1" } });
  const port = (addresses.udp as AddressInfo).port;
  return {
    port,
    queries,
    zone: state,
    resolveTxt: (timeoutMs = 1000) => createNodeResolveTxt({ servers: [`127.0.0.1:${port}`], timeoutMs }),
    close: async () => {
      await server.close();
    },
  };
}

/** How the HTTP server answers for one `host/path`. */
export type HttpAnswer =
  | { status?: number; json: unknown }
  | { status?: number; body: string; contentType?: string }
  /** Accepts the request and never answers. */
  | "HANG";

export interface TestHttpServer {
  base: string;
  /** A fetch that sends `https://host/path` to this server as `/host/path`. */
  fetch: FetchLike;
  /** Every URL asked for, as the SDK wrote it (`https://example.edu/.well-known/did.json`). */
  requests: string[];
  /** `host/path` (no scheme) → answer; other paths are 404. */
  routes: Map<string, HttpAnswer>;
  close(): Promise<void>;
}

export async function startHttpServer(routes: Record<string, HttpAnswer> = {}): Promise<TestHttpServer> {
  const state = new Map<string, HttpAnswer>(Object.entries(routes));
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const key = decodeURIComponent((request.url ?? "/").slice(1));
    const answer = state.get(key);
    if (answer === "HANG") return;
    if (!answer) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const body = "json" in answer ? JSON.stringify(answer.json) : answer.body;
    const contentType = "json" in answer ? "application/did+json" : (answer.contentType ?? "text/plain");
    response.writeHead(answer.status ?? 200, { "content-type": contentType }).end(body);
  });
  const base = `http://127.0.0.1:${await listenOnFreePort(server)}`;
  const fetch: FetchLike = async (url, init) => {
    requests.push(url);
    const rewritten = url.replace(/^https:\/\//, `${base}/`);
    return globalThis.fetch(rewritten, init);
  };
  return {
    base,
    fetch,
    requests,
    routes: state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
