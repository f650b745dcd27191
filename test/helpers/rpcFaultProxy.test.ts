/**
 * The fault-injection proxy itself, in front of a small fake node: each fault does what it says, rules
 * pick the right requests, batch requests are handled element by element, and requests are counted.
 */
import { expect } from "chai";
import http from "node:http";
import { decodeAbiParameters, encodeAbiParameters, type Hex } from "viem";
import {
  CREDENTIAL_STATUSES_SELECTOR,
  lieBlockNumber,
  lieChainId,
  lieStatuses,
  startRpcFaultProxy,
  type JsonRpcRequest,
  type RpcFaultProxy,
} from "./rpcFaultProxy";
import { listenOnFreePort } from "./ports";
import { until } from "./until";

/** A fake node: chain 31337, head 0x10, credentialStatuses → [Valid, Revoked, Suspended]; counts what reached it. */
async function fakeNode(): Promise<{ url: string; received: string[]; close(): Promise<void> }> {
  const received: string[] = [];
  const answer = (request: JsonRpcRequest) => {
    received.push(request.method);
    const result =
      request.method === "eth_chainId"
        ? "0x7a69"
        : request.method === "eth_blockNumber"
          ? "0x10"
          : request.method === "eth_call"
            ? encodeAbiParameters([{ type: "uint8[]" }], [[1, 2, 3]])
            : undefined;
    return result === undefined
      ? { jsonrpc: "2.0", id: request.id, error: { code: -32601, message: "method not found" } }
      : { jsonrpc: "2.0", id: request.id, result };
  };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const parsed = JSON.parse(body) as JsonRpcRequest | JsonRpcRequest[];
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(Array.isArray(parsed) ? parsed.map(answer) : answer(parsed)));
    });
  });
  const port = await listenOnFreePort(server);
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const statusesCall = (id: number) => ({
  jsonrpc: "2.0",
  id,
  method: "eth_call",
  params: [{ to: `0x${"11".repeat(20)}`, data: `${CREDENTIAL_STATUSES_SELECTOR}${"00".repeat(64)}` }, "latest"],
});
const simple = (id: number, method: string) => ({ jsonrpc: "2.0", id, method, params: [] });

async function post(url: string, body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describe("rpcFaultProxy (test helper)", function () {
  let node: Awaited<ReturnType<typeof fakeNode>>;
  let proxy: RpcFaultProxy;

  beforeEach(async function () {
    node = await fakeNode();
    proxy = await startRpcFaultProxy(node.url);
  });
  afterEach(async function () {
    await proxy.close();
    await node.close();
  });

  it("passes requests through unchanged and counts them by method", async function () {
    expect(JSON.parse((await post(proxy.url, simple(7, "eth_chainId"))).text)).to.deep.equal({
      jsonrpc: "2.0",
      id: 7,
      result: "0x7a69",
    });
    await post(proxy.url, simple(8, "eth_blockNumber"));
    await post(proxy.url, simple(9, "eth_blockNumber"));
    expect(proxy.counts).to.deep.equal({ eth_chainId: 1, eth_blockNumber: 2 });
    expect([proxy.total, proxy.httpRequests]).to.deep.equal([3, 3]);
    expect(node.received).to.deep.equal(["eth_chainId", "eth_blockNumber", "eth_blockNumber"]);
    proxy.resetCounts();
    expect([proxy.total, proxy.counts, proxy.log]).to.deep.equal([0, {}, []]);
  });

  it("answers an HTTP error status, a malformed body, or resets, without reaching the node", async function () {
    proxy.inject({ method: "eth_blockNumber", times: 1, fault: { kind: "http", status: 503 } });
    proxy.inject({ method: "eth_blockNumber", times: 1, fault: { kind: "malformed" } });
    proxy.inject({ method: "eth_blockNumber", times: 1, fault: { kind: "reset" } });
    const first = await post(proxy.url, simple(1, "eth_blockNumber"));
    expect(first.status).to.equal(503);
    const second = await post(proxy.url, simple(2, "eth_blockNumber"));
    expect(second.status).to.equal(200);
    expect(() => JSON.parse(second.text)).to.throw(SyntaxError);
    const third = await post(proxy.url, simple(3, "eth_blockNumber")).catch((error: Error) => error);
    expect(third).to.be.instanceOf(TypeError); // fetch failed: the socket was destroyed
    expect(node.received).to.deep.equal([]);
    // Every rule is spent: the fourth goes through.
    expect(JSON.parse((await post(proxy.url, simple(4, "eth_blockNumber"))).text).result).to.equal("0x10");
    expect(proxy.log.map((entry) => entry.fault)).to.deep.equal(["http", "malformed", "reset", undefined]);
  });

  it("resets after forwarding: the node received the request, the client gets no answer", async function () {
    proxy.inject({ method: "eth_sendRawTransaction", fault: { kind: "reset", afterForward: true } });
    const outcome = await post(proxy.url, simple(1, "eth_sendRawTransaction")).catch((error: Error) => error);
    expect(outcome).to.be.instanceOf(TypeError);
    expect(node.received).to.deep.equal(["eth_sendRawTransaction"]);
  });

  it("drops a request (never answers) until the proxy closes; a delay answers late but honestly", async function () {
    const handle = proxy.inject({ method: "eth_chainId", times: 1, fault: { kind: "drop" } });
    const controller = new AbortController();
    const dropped = fetch(proxy.url, {
      method: "POST",
      body: JSON.stringify(simple(1, "eth_chainId")),
      signal: controller.signal,
    }).catch((error: Error) => error.name);
    await until(() => handle.hits > 0, "the proxy to receive the request it drops");
    expect(handle.hits).to.equal(1);
    expect(node.received).to.deep.equal([]);
    controller.abort();
    expect(await dropped).to.equal("AbortError");

    proxy.inject({ method: "eth_chainId", times: 1, fault: { kind: "delay", ms: 50 } });
    expect(JSON.parse((await post(proxy.url, simple(2, "eth_chainId"))).text).result).to.equal("0x7a69");
    expect(node.received).to.deep.equal(["eth_chainId"]);
  });

  it("picks requests by method, selector, skip and times", async function () {
    const third = proxy.inject({ method: "eth_chainId", skip: 2, times: 1, fault: { kind: "http", status: 429 } });
    const statuses = proxy.inject({
      selector: CREDENTIAL_STATUSES_SELECTOR,
      times: 2,
      fault: { kind: "http", status: 502 },
    });
    const results: number[] = [];
    for (let i = 0; i < 4; i++) results.push((await post(proxy.url, simple(i, "eth_chainId"))).status);
    expect(results).to.deep.equal([200, 200, 429, 200]);
    expect([third.matched, third.hits]).to.deep.equal([3, 1]); // spent after the third: the fourth is not matched
    expect((await post(proxy.url, simple(9, "eth_call"))).status, "an eth_call without that selector").to.equal(200);
    expect((await post(proxy.url, statusesCall(10))).status).to.equal(502);
    expect((await post(proxy.url, statusesCall(11))).status).to.equal(502);
    expect((await post(proxy.url, statusesCall(12))).status).to.equal(200);
    expect(statuses.hits).to.equal(2);
    statuses.remove();
  });

  it("lies: rewrites the status list (ABI-encoded), the head and the chain id of the node's answer", async function () {
    proxy.inject({
      selector: CREDENTIAL_STATUSES_SELECTOR,
      fault: lieStatuses((s) => (s === "Revoked" ? "Valid" : s)),
    });
    proxy.inject({ method: "eth_blockNumber", fault: lieBlockNumber((honest) => honest + 100n) });
    proxy.inject({ method: "eth_chainId", fault: lieChainId(1) });
    const reply = JSON.parse((await post(proxy.url, statusesCall(1))).text) as { result: Hex };
    const [codes] = decodeAbiParameters([{ type: "uint8[]" }], reply.result);
    expect(codes).to.deep.equal([1, 1, 3]); // Valid, Valid (was Revoked), Suspended
    expect(JSON.parse((await post(proxy.url, simple(2, "eth_blockNumber"))).text).result).to.equal("0x74");
    expect(JSON.parse((await post(proxy.url, simple(3, "eth_chainId"))).text).result).to.equal("0x1");
    expect(node.received).to.deep.equal(["eth_call", "eth_blockNumber", "eth_chainId"]);
  });

  it("handles batch requests: counts each element, lies per element, and a transport fault hits the whole batch", async function () {
    proxy.inject({ method: "eth_blockNumber", times: 1, fault: lieBlockNumber(5n) });
    const reply = JSON.parse(
      (await post(proxy.url, [simple(1, "eth_chainId"), simple(2, "eth_blockNumber"), statusesCall(3)])).text,
    ) as { id: number; result: unknown }[];
    expect(reply.map((r) => [r.id, typeof r.result === "string" ? r.result.slice(0, 6) : r.result])).to.deep.equal([
      [1, "0x7a69"],
      [2, "0x5"],
      [3, "0x0000"],
    ]);
    expect(proxy.counts).to.deep.equal({ eth_chainId: 1, eth_blockNumber: 1, eth_call: 1 });
    expect([proxy.total, proxy.httpRequests]).to.deep.equal([3, 1]);
    expect(proxy.log.every((entry) => entry.batch)).to.equal(true);

    proxy.inject({ method: "eth_chainId", times: 1, fault: { kind: "http", status: 500 } });
    const failed = await post(proxy.url, [simple(4, "eth_blockNumber"), simple(5, "eth_chainId")]);
    expect(failed.status).to.equal(500);
    expect(node.received).to.have.length(3); // the failed batch never reached the node
  });

  it("answers with a result of its own (`answer`), in a batch beside forwarded elements, and lists the methods", async function () {
    proxy.inject({ method: "eth_blockNumber", fault: { kind: "answer", result: "0x99" } });
    expect(JSON.parse((await post(proxy.url, simple(1, "eth_blockNumber"))).text)).to.deep.equal({
      jsonrpc: "2.0",
      id: 1,
      result: "0x99",
    });
    const batch = JSON.parse((await post(proxy.url, [simple(2, "eth_chainId"), simple(3, "eth_blockNumber")])).text);
    expect(batch).to.deep.equal([
      { jsonrpc: "2.0", id: 2, result: "0x7a69" },
      { jsonrpc: "2.0", id: 3, result: "0x99" },
    ]);
    expect(node.received).to.deep.equal(["eth_chainId"]);
    expect(proxy.methods).to.deep.equal(["eth_blockNumber", "eth_chainId", "eth_blockNumber"]);
    // A function computes the answer from the request.
    proxy.inject({
      method: "eth_getBalance",
      fault: { kind: "answer", result: (request: JsonRpcRequest) => request.params },
    });
    const computed = { jsonrpc: "2.0", id: 4, method: "eth_getBalance", params: ["0xabc", "latest"] };
    expect(JSON.parse((await post(proxy.url, computed)).text)).to.deep.equal({
      jsonrpc: "2.0",
      id: 4,
      result: ["0xabc", "latest"],
    });
    expect(node.received).to.deep.equal(["eth_chainId"]);
  });

  describe("without a node behind it (a fake node made of rules)", function () {
    let fake: RpcFaultProxy;
    beforeEach(async function () {
      fake = await startRpcFaultProxy(undefined);
    });
    afterEach(async function () {
      await fake.close();
    });

    it("answers what its rules answer, and HTTP 502 naming the problem for anything else", async function () {
      fake.inject({ method: "eth_chainId", fault: { kind: "answer", result: "0x1" } });
      expect(JSON.parse((await post(fake.url, simple(1, "eth_chainId"))).text)).to.deep.equal({
        jsonrpc: "2.0",
        id: 1,
        result: "0x1",
      });
      const unanswered = await post(fake.url, simple(2, "eth_blockNumber"));
      expect(unanswered.status).to.equal(502);
      expect(unanswered.text).to.equal("no rule answers this request and the proxy has no node to forward to");
      const mixed = await post(fake.url, [simple(3, "eth_chainId"), simple(4, "eth_blockNumber")]);
      expect(mixed.status).to.equal(500);
      expect(mixed.text).to.equal("proxy failure: no rule answers eth_blockNumber and there is no node to forward to");
      expect(fake.methods).to.deep.equal(["eth_chainId", "eth_blockNumber", "eth_chainId", "eth_blockNumber"]);
    });
  });

  describe("cors: true (a browser page pointed at it)", function () {
    it("answers the preflight and allows every origin on its answers; without it, no CORS headers", async function () {
      const open = await startRpcFaultProxy(node.url, { cors: true });
      try {
        const preflight = await fetch(open.url, { method: "OPTIONS" });
        expect(preflight.status).to.equal(204);
        expect(preflight.headers.get("access-control-allow-origin")).to.equal("*");
        expect(preflight.headers.get("access-control-allow-headers")).to.equal("content-type");
        expect(preflight.headers.get("access-control-allow-methods")).to.equal("POST, OPTIONS");
        const answer = await fetch(open.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(simple(1, "eth_chainId")),
        });
        expect(answer.headers.get("access-control-allow-origin")).to.equal("*");
        expect(await answer.json()).to.deep.equal({ jsonrpc: "2.0", id: 1, result: "0x7a69" });
        expect(open.total).to.equal(1);
      } finally {
        await open.close();
      }
      const closed = await fetch(proxy.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(simple(2, "eth_chainId")),
      });
      expect(closed.headers.get("access-control-allow-origin")).to.equal(null);
    });
  });
});
