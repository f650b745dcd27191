/**
 * A JSON-RPC fault-injection proxy for tests: an HTTP server on a free loopback port that forwards
 * every request to a real node (a `hardhat node`) and, when told to, misbehaves on purpose:
 *
 * | fault        | what the client sees                                                             |
 * |--------------|----------------------------------------------------------------------------------|
 * | `delay`      | the node's honest answer, `ms` later                                             |
 * | `drop`       | the request is accepted and never answered (until the proxy closes)              |
 * | `http`       | an HTTP error status (500, 502, 503, 429...) with a short text body               |
 * | `malformed`  | HTTP 200 with a body that is not JSON                                            |
 * | `reset`      | the connection is destroyed: before forwarding, or (`afterForward`) once the node |
 * |              | has received and answered the request, so the node acted but the client never knows |
 * | `lie`        | the node's answer with `result` replaced (a different status list, head, chain)   |
 * | `rpcError`   | HTTP 200 with a JSON-RPC error object (as a node says "internal error"), not forwarded |
 * | `answer`     | HTTP 200 with this `result` (or `result(request)`), answered by the proxy, not forwarded |
 *
 * Faults are rules: which requests (a method, a predicate, the `credentialStatuses` call...), which
 * of them (skip the first `skip` matches, then `times` matches), and what to do. Batch requests
 * (a JSON array) are handled: each element is matched on its own; a transport-level fault of any
 * element (drop, HTTP status, malformed, reset) hits the whole HTTP request, delays add up to the
 * longest, and lies rewrite only their own element. The proxy counts every JSON-RPC request it
 * receives by method (batch elements one by one), so in pass-through mode it is a request counter.
 *
 * Without a target it is a fake node: rules (`answer`, `rpcError`, `http`...) answer everything, and a
 * request no rule answers gets HTTP 502. With `cors: true` it answers a browser's preflight and allows
 * every origin, for a page that is pointed at it (`?rpc=`).
 *
 * This is the one JSON-RPC proxy of the tests; free ports and dead URLs come from ./ports.ts.
 */
import http from "node:http";
import type { Socket } from "node:net";
import { decodeAbiParameters, encodeAbiParameters, type Hex } from "viem";
import { STATUS_WORDS_READER } from "../../sdk/src/chain/statusWordReads";
import { listenOnFreePort } from "./ports";

export interface JsonRpcRequest {
  jsonrpc?: string;
  id?: number | string | null;
  method: string;
  params?: unknown[];
}

interface JsonRpcReply {
  jsonrpc: "2.0";
  id: number | string | null;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** What to do with a matching request. */
export type RpcFault =
  | { kind: "delay"; ms: number }
  | { kind: "drop" }
  | { kind: "http"; status: number; body?: string }
  | { kind: "malformed"; body?: string }
  | { kind: "reset"; afterForward?: boolean }
  | { kind: "lie"; result: (honest: unknown, request: JsonRpcRequest) => unknown }
  | { kind: "rpcError"; code: number; message: string; data?: unknown }
  /** `result`, or what `result(request)` returns when it is a function (a fake node's computed answer). */
  | { kind: "answer"; result: unknown };

/** Which requests a rule applies to, and how many times. */
export interface FaultRule {
  /** A method name, several, or a predicate; default every request. */
  method?: string | readonly string[] | ((request: JsonRpcRequest) => boolean);
  /** Only `eth_call`s (and `eth_estimateGas`) whose calldata starts with this 4-byte selector. */
  selector?: Hex;
  /** Let this many matching requests through untouched first (so `skip: 2, times: 1` hits the 3rd). Default 0. */
  skip?: number;
  /** Apply to this many matching requests, then stop; default `Infinity` (every one). */
  times?: number;
  fault: RpcFault;
}

/** A rule once injected: how often it fired, and a way to take it out. */
export interface FaultHandle {
  readonly rule: FaultRule;
  /** Matching requests seen (skipped ones included). */
  readonly matched: number;
  /** Requests the fault was applied to. */
  readonly hits: number;
  remove(): void;
}

/** One JSON-RPC request as the proxy saw it. */
export interface ProxyLogEntry {
  method: string;
  /** The request's params, as sent. */
  params: unknown[];
  /** The fault applied, if any. */
  fault?: RpcFault["kind"];
  /** Part of a batch request. */
  batch: boolean;
}

export interface RpcFaultProxy {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** JSON-RPC requests received per method, batch elements counted one by one, faulted ones included. */
  readonly counts: Readonly<Record<string, number>>;
  /** Every JSON-RPC request received. */
  readonly total: number;
  /** HTTP requests received (a batch is one). */
  readonly httpRequests: number;
  /** Every request in order, with the fault applied to it. */
  readonly log: readonly ProxyLogEntry[];
  /** The methods of `log`, in order. */
  readonly methods: readonly string[];
  /** Adds a rule; rules are tried in the order they were added, the first with budget left wins. */
  inject(rule: FaultRule): FaultHandle;
  /** Removes every rule (pass-through mode). */
  clearFaults(): void;
  /** Zeroes the counters and the log. */
  resetCounts(): void;
  /** Answers the dropped requests with a reset, stops listening and closes every connection. */
  close(): Promise<void>;
}

/** `credentialStatuses(bytes32[],uint256[])` */
export const CREDENTIAL_STATUSES_SELECTOR = "0xf9652188" as const;
/** `batch(bytes32)` */
export const BATCH_SELECTOR = "0xfddaa065" as const;
/**
 * The first four bytes of the verifier's status word reads (an eth_call without `to` whose call data
 * is the SDK's `STATUS_WORDS_READER` and its arguments): a `selector` that matches them.
 */
export const STATUS_WORDS_READ_SELECTOR = `0x${STATUS_WORDS_READER.slice(0, 8)}` as Hex;

export interface RpcFaultProxyOptions {
  /** Answer CORS preflights and allow every origin (a browser page talks to the proxy). Default false. */
  cors?: boolean;
}

/**
 * Starts the proxy in front of `target` (a JSON-RPC URL; `undefined` for a fake node that only its
 * rules answer) on a free port of 127.0.0.1, in pass-through mode.
 *
 * @example
 * const proxy = await startRpcFaultProxy(node.url);
 * proxy.inject({ method: "eth_blockNumber", times: 1, fault: { kind: "http", status: 503 } });
 * proxy.inject({ selector: CREDENTIAL_STATUSES_SELECTOR, fault: lieStatuses(() => "Valid") });
 * // ... point the SDK at proxy.url ...
 * expect(proxy.counts.eth_blockNumber).to.equal(2); // the 503, then the retry
 * await proxy.close();
 *
 * const fake = await startRpcFaultProxy(undefined);
 * fake.inject({ method: "eth_chainId", fault: { kind: "answer", result: "0x7a69" } });
 */
export async function startRpcFaultProxy(
  target: string | undefined,
  options: RpcFaultProxyOptions = {},
): Promise<RpcFaultProxy> {
  interface ActiveRule {
    rule: FaultRule;
    matched: number;
    hits: number;
    removed: boolean;
  }
  const rules: ActiveRule[] = [];
  let counts: Record<string, number> = {};
  let total = 0;
  let httpRequests = 0;
  let log: ProxyLogEntry[] = [];
  const sockets = new Set<Socket>();
  const dropped = new Set<http.ServerResponse>();
  let closing = false;

  /** The fault for one JSON-RPC request (consumes rule budget), or undefined to pass it through. */
  function decide(request: JsonRpcRequest): RpcFault | undefined {
    for (const active of rules) {
      if (active.removed || !matches(active.rule, request)) continue;
      const skip = active.rule.skip ?? 0;
      const times = active.rule.times ?? Infinity;
      if (active.matched >= skip + times) continue; // spent: let a later rule have it
      active.matched++;
      if (active.matched <= skip) return undefined;
      active.hits++;
      return active.rule.fault;
    }
    return undefined;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
    httpRequests++;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    const isBatch = Array.isArray(parsed);
    const requests = (isBatch ? parsed : [parsed]) as unknown[];
    if (requests.length === 0 || !requests.every(isRequest)) {
      // Not JSON-RPC: let the node answer it (it will say what is wrong).
      await forward(res, body, []);
      return;
    }
    const faults = requests.map((request) => {
      total++;
      counts[request.method] = (counts[request.method] ?? 0) + 1;
      const fault = decide(request);
      log.push({
        method: request.method,
        params: request.params ?? [],
        batch: isBatch,
        ...(fault ? { fault: fault.kind } : {}),
      });
      return fault;
    });

    const delay = Math.max(0, ...faults.map((f) => (f?.kind === "delay" ? f.ms : 0)));
    if (delay > 0) await sleep(delay);
    if (closing) return;
    // Transport-level faults hit the whole HTTP request (a batch travels as one).
    const transportFault = faults.find(
      (f) => f && (f.kind === "drop" || f.kind === "http" || f.kind === "malformed" || f.kind === "reset"),
    );
    if (transportFault?.kind === "drop") {
      dropped.add(res);
      return;
    }
    if (transportFault?.kind === "http") {
      res.writeHead(transportFault.status, { "content-type": "text/plain" });
      res.end(transportFault.body ?? `injected HTTP ${transportFault.status}`);
      return;
    }
    if (transportFault?.kind === "malformed") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(transportFault.body ?? '{"jsonrpc":"2.0","id":1,"result":"0x');
      return;
    }
    if (transportFault?.kind === "reset" && !transportFault.afterForward) {
      req.socket.destroy();
      return;
    }
    if (faults.some((f) => f?.kind === "rpcError" || f?.kind === "answer")) {
      // Answered by the proxy: the whole request if every element has its answer, else the node answers the rest.
      const answers = await Promise.all(
        requests.map(async (request, i) => {
          const fault = faults[i];
          if (fault?.kind === "rpcError") {
            const { code, message, data } = fault;
            return {
              jsonrpc: "2.0",
              id: request.id ?? null,
              error: { code, message, ...(data === undefined ? {} : { data }) },
            };
          }
          if (fault?.kind === "answer") {
            const { result } = fault;
            const value: unknown =
              typeof result === "function" ? (result as (request: JsonRpcRequest) => unknown)(request) : result;
            return { jsonrpc: "2.0", id: request.id ?? null, result: value };
          }
          return relay(request, fault);
        }),
      );
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(isBatch ? answers : answers[0]));
      return;
    }
    const lies = new Map<string, { fault: Extract<RpcFault, { kind: "lie" }>; request: JsonRpcRequest }>();
    requests.forEach((request, i) => {
      const fault = faults[i];
      if (fault?.kind === "lie") lies.set(JSON.stringify(request.id ?? null), { fault, request });
    });
    await forward(res, body, [...lies.entries()], transportFault?.kind === "reset" ? req.socket : undefined);
  }

  /** One request of a batch that mixes proxy errors and forwarded requests: forwarded alone. */
  async function relay(request: JsonRpcRequest, fault: RpcFault | undefined): Promise<JsonRpcReply> {
    if (target === undefined) throw new Error(`no rule answers ${request.method} and there is no node to forward to`);
    const response = await fetch(target, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
    });
    const reply = (await response.json()) as JsonRpcReply;
    return fault?.kind === "lie" && "result" in reply
      ? { ...reply, result: fault.result(reply.result, request) }
      : reply;
  }

  /** Sends `body` to the node and relays its answer, rewriting lied-about results; or resets after. */
  async function forward(
    res: http.ServerResponse,
    body: string,
    lies: [string, { fault: Extract<RpcFault, { kind: "lie" }>; request: JsonRpcRequest }][],
    resetAfter?: Socket,
  ): Promise<void> {
    let status: number;
    let text: string;
    if (target === undefined) {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end("no rule answers this request and the proxy has no node to forward to");
      return;
    }
    try {
      const response = await fetch(target, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      if (resetAfter) return void resetAfter.destroy();
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`the proxy could not reach ${target}: ${(error as Error).message}`);
      return;
    }
    if (resetAfter) {
      // The node has the request and has acted on it; the client never learns the answer.
      resetAfter.destroy();
      return;
    }
    if (lies.length > 0) {
      const byId = new Map(lies);
      const rewrite = (reply: JsonRpcReply): JsonRpcReply => {
        const lie = byId.get(JSON.stringify(reply.id ?? null));
        if (!lie || !("result" in reply)) return reply;
        return { ...reply, result: lie.fault.result(reply.result, lie.request) };
      };
      const reply = JSON.parse(text) as JsonRpcReply | JsonRpcReply[];
      text = JSON.stringify(Array.isArray(reply) ? reply.map(rewrite) : rewrite(reply));
    }
    res.writeHead(status, { "content-type": "application/json" });
    res.end(text);
  }

  const server = http.createServer((req, res) => {
    if (options.cors) {
      res.setHeader("access-control-allow-origin", "*");
      res.setHeader("access-control-allow-headers", "content-type");
      res.setHeader("access-control-allow-methods", "POST, OPTIONS");
      if (req.method === "OPTIONS") {
        res.writeHead(204).end();
        return;
      }
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      handle(req, res, Buffer.concat(chunks).toString("utf8")).catch((error: unknown) => {
        if (res.headersSent || res.destroyed) return;
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(`proxy failure: ${(error as Error).message}`);
      });
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const port = await listenOnFreePort(server);

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get counts() {
      return counts;
    },
    get total() {
      return total;
    },
    get httpRequests() {
      return httpRequests;
    },
    get log() {
      return log;
    },
    get methods() {
      return log.map((entry) => entry.method);
    },
    inject(rule) {
      const active: ActiveRule = { rule, matched: 0, hits: 0, removed: false };
      rules.push(active);
      return {
        rule,
        get matched() {
          return active.matched;
        },
        get hits() {
          return active.hits;
        },
        remove() {
          active.removed = true;
        },
      };
    },
    clearFaults() {
      for (const active of rules) active.removed = true;
      rules.length = 0;
    },
    resetCounts() {
      counts = {};
      total = 0;
      httpRequests = 0;
      log = [];
    },
    close() {
      closing = true;
      for (const res of dropped) res.destroy();
      dropped.clear();
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A lie about `credentialStatuses`: decodes the node's `uint8[]` answer, maps every status, and
 * encodes the list again, so the answer is well-formed and only the statuses differ.
 *
 * @example
 * proxy.inject({ selector: CREDENTIAL_STATUSES_SELECTOR, fault: lieStatuses((s) => (s === "Revoked" ? "Valid" : s)) });
 */
export function lieStatuses(map: (status: ProxyStatus, position: number) => ProxyStatus): RpcFault {
  return {
    kind: "lie",
    result: (honest) => {
      const [codes] = decodeAbiParameters([{ type: "uint8[]" }], honest as Hex);
      const lied = codes.map((code, i) => STATUS_NAMES.indexOf(map(STATUS_NAMES[code], i)));
      return encodeAbiParameters([{ type: "uint8[]" }], [lied]);
    },
  };
}

/**
 * A lie about the status word reads: decodes the node's answer (the count, then a revoked and a
 * suspended word per word read), maps each pair of words, and encodes the answer again, so it is
 * well-formed and only the bits differ.
 *
 * @example
 * proxy.inject({ selector: STATUS_WORDS_READ_SELECTOR, fault: lieStatusWords(() => [0n, 0n]) }); // nothing revoked
 */
export function lieStatusWords(map: (revoked: bigint, suspended: bigint) => [bigint, bigint]): RpcFault {
  const word = (value: bigint) => value.toString(16).padStart(64, "0");
  return {
    kind: "lie",
    result: (honest) => {
      const hex = (honest as string).slice(2);
      const count = Number(BigInt(`0x${hex.slice(0, 64)}`));
      const parts = [hex.slice(0, 64)];
      for (let i = 0; i < count; i++) {
        const at = 64 + 128 * i;
        const [revoked, suspended] = map(
          BigInt(`0x${hex.slice(at, at + 64)}`),
          BigInt(`0x${hex.slice(at + 64, at + 128)}`),
        );
        parts.push(word(revoked), word(suspended));
      }
      return `0x${parts.join("")}`;
    },
  };
}

/** A lie about the head: `eth_blockNumber` answers `block` (or `block(honest)`). */
export function lieBlockNumber(block: bigint | ((honest: bigint) => bigint)): RpcFault {
  return {
    kind: "lie",
    result: (honest) => {
      const value = typeof block === "function" ? block(BigInt(honest as string)) : block;
      return `0x${value.toString(16)}`;
    },
  };
}

/** A lie about the chain: `eth_chainId` answers `chainId`. */
export function lieChainId(chainId: number): RpcFault {
  return { kind: "lie", result: () => `0x${chainId.toString(16)}` };
}

/** `ICredentialRegistry.Status`, in the contract's order. */
const STATUS_NAMES = ["Unknown", "Valid", "Revoked", "Suspended", "BatchRevoked", "OutOfRange"] as const;
export type ProxyStatus = (typeof STATUS_NAMES)[number];

function matches(rule: FaultRule, request: JsonRpcRequest): boolean {
  const { method, selector } = rule;
  if (typeof method === "string" && request.method !== method) return false;
  if (Array.isArray(method) && !method.includes(request.method)) return false;
  if (typeof method === "function" && !method(request)) return false;
  if (selector !== undefined) {
    if (request.method !== "eth_call" && request.method !== "eth_estimateGas") return false;
    const call = request.params?.[0] as { data?: unknown; input?: unknown } | undefined;
    const data = typeof call?.data === "string" ? call.data : typeof call?.input === "string" ? call.input : "";
    if (!data.toLowerCase().startsWith(selector.toLowerCase())) return false;
  }
  return true;
}

function isRequest(value: unknown): value is JsonRpcRequest {
  return typeof value === "object" && value !== null && typeof (value as JsonRpcRequest).method === "string";
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
