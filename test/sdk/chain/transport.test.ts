/**
 * The read transport against small local JSON-RPC servers that answer, fail, hang or lie on purpose.
 */
import { expect } from "chai";
import { createReadTransport, redactUrl } from "../../../sdk/src/chain/transport";
import type { Eip1193Provider } from "../../../sdk/src/chain/transport";
import { ChainMismatchError, RpcRequestFailedError } from "../../../sdk/src/errors/registry";
import {
  NoEndpointAvailableError,
  QuorumError,
  RpcEndpointError,
  RpcResponseError,
  VerifyOptionsError,
} from "../../../sdk/src/errors/verify";
import { deadUrl } from "../../helpers/ports";
import { startRpcFaultProxy, type FaultRule, type RpcFaultProxy } from "../../helpers/rpcFaultProxy";

const CHAIN = "eip155:31337" as const;

/**
 * A fake node's rules: chain id 31337, block number `head`, eth_call answers `callResult`, any other
 * method "method not found". Rules put before them take precedence.
 */
function fakeNode(options: { chainId?: string; head?: string; callResult?: string } = {}): FaultRule[] {
  return [
    { method: "eth_chainId", fault: { kind: "answer", result: options.chainId ?? "0x7a69" } },
    { method: "eth_blockNumber", fault: { kind: "answer", result: options.head ?? "0x10" } },
    { method: "eth_call", fault: { kind: "answer", result: options.callResult ?? "0x01" } },
    { fault: { kind: "rpcError", code: -32601, message: "method not found" } },
  ];
}

describe("createReadTransport", function () {
  const proxies: RpcFaultProxy[] = [];
  /** A fake node (no node behind it) that answers with `rules`, the first matching one winning. */
  async function proxy(...rules: FaultRule[]): Promise<RpcFaultProxy> {
    const started = await startRpcFaultProxy(undefined);
    proxies.push(started);
    for (const rule of rules) started.inject(rule);
    return started;
  }
  afterEach(async function () {
    await Promise.all(proxies.splice(0).map((p) => p.close()));
  });

  describe("failover", function () {
    it("uses the second endpoint when the first refuses connections, and remembers the first is down", async function () {
      const dead = await deadUrl();
      const good = await proxy(...fakeNode({ callResult: "0xabcd" }));
      const transport = createReadTransport({ chain: CHAIN, endpoints: [dead, good.url], retries: 1, retryDelayMs: 1 });

      expect(await transport.request("eth_call", [{ to: "0x" + "11".repeat(20), data: "0x" }, "latest"])).to.equal(
        "0xabcd",
      );
      // dead: eth_chainId tried twice (1 retry); good: eth_chainId + eth_call
      expect(transport.stats.requests).to.equal(4);
      expect(transport.stats.failures).to.equal(2);
      expect(good.methods).to.deep.equal(["eth_chainId", "eth_call"]);
      const [first, second] = transport.endpointStates();
      expect(first.state).to.equal("down");
      expect(first.reason).to.match(/did not answer eth_chainId: connection failed/);
      expect(second.state).to.equal("ok");

      // The next read goes to the good endpoint first: no more attempts at the dead one.
      expect(await transport.blockNumber()).to.equal(16n);
      expect(transport.stats.requests).to.equal(5);
    });

    it("retries an endpoint that answers HTTP 503, with backoff, and then succeeds", async function () {
      const flaky = await proxy({ times: 2, fault: { kind: "http", status: 503 } }, ...fakeNode({ head: "0x2a" }));
      const transport = createReadTransport({ chain: CHAIN, endpoints: [flaky.url], retries: 2, retryDelayMs: 1 });
      expect(await transport.blockNumber()).to.equal(42n);
      expect(flaky.methods).to.deep.equal(["eth_chainId", "eth_chainId", "eth_chainId", "eth_blockNumber"]);
      expect(transport.stats.failures).to.equal(2);
    });

    it("does not retry nor fail over when the node answers with a JSON-RPC error", async function () {
      const answering = await proxy(
        { method: "eth_call", fault: { kind: "rpcError", code: 3, message: "execution reverted", data: "0x1234" } },
        ...fakeNode(),
      );
      const other = await proxy(...fakeNode());
      const transport = createReadTransport({ chain: CHAIN, endpoints: [answering.url, other.url], retryDelayMs: 1 });
      const error = await transport.request("eth_call", [{}, "latest"]).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(RpcResponseError);
      expect((error as RpcResponseError).rpcCode).to.equal(3);
      expect((error as RpcResponseError).data).to.equal("0x1234");
      expect(answering.methods).to.deep.equal(["eth_chainId", "eth_call"]);
      expect(other.methods).to.deep.equal([]);
    });

    it("treats a rate-limit JSON-RPC error (-32005) as an endpoint failure and retries", async function () {
      // The second request (the first eth_blockNumber) is refused for its rate.
      const limited = await proxy(
        {
          method: "eth_blockNumber",
          times: 1,
          fault: { kind: "rpcError", code: -32005, message: "request limit exceeded" },
        },
        ...fakeNode({ head: "0x7" }),
      );
      const transport = createReadTransport({ chain: CHAIN, endpoints: [limited.url], retryDelayMs: 1 });
      expect(await transport.blockNumber()).to.equal(7n);
      expect(limited.methods).to.deep.equal(["eth_chainId", "eth_blockNumber", "eth_blockNumber"]);
    });

    it("gives up on an endpoint that does not answer within the timeout", async function () {
      const hanging = await proxy({ fault: { kind: "drop" } });
      const good = await proxy(...fakeNode({ head: "0x3" }));
      // The timeout holds for the endpoint that answers too: 100 ms failed the test when the good
      // endpoint's answers came 150 ms late, as on a loaded machine. 2 s only costs the hang's wait.
      const transport = createReadTransport({
        chain: CHAIN,
        endpoints: [hanging.url, good.url],
        timeoutMs: 2_000,
        retries: 0,
      });
      expect(await transport.blockNumber()).to.equal(3n);
      expect(transport.endpointStates()[0].reason).to.match(/no answer within 2000 ms/);
    });

    it("skips an endpoint that serves another chain, with the reason, and never asks it again", async function () {
      const mainnet = await proxy(...fakeNode({ chainId: "0x1" }));
      const local = await proxy(...fakeNode({ head: "0x5" }));
      const transport = createReadTransport({ chain: CHAIN, endpoints: [mainnet.url, local.url] });
      expect(await transport.blockNumber()).to.equal(5n);
      expect(await transport.blockNumber()).to.equal(5n);
      expect(mainnet.methods).to.deep.equal(["eth_chainId"]);
      expect(transport.endpointStates()[0]).to.deep.include({ state: "skipped" });
      expect(transport.endpointStates()[0].reason).to.match(/serves chain eip155:1, not eip155:31337/);
    });

    it("throws NoEndpointAvailableError naming every endpoint and its problem when none answers", async function () {
      const dead = await deadUrl();
      const mainnet = await proxy(...fakeNode({ chainId: "0x1" }));
      const transport = createReadTransport({ chain: CHAIN, endpoints: [dead, mainnet.url], retries: 0 });
      const error = await transport.blockNumber().catch((e: unknown) => e);
      expect(error).to.be.instanceOf(NoEndpointAvailableError);
      const problems = (error as NoEndpointAvailableError).problems;
      expect(problems.map((p) => p.endpoint)).to.deep.equal([dead, mainnet.url]);
      expect(problems[0].reason).to.match(/connection failed/);
      expect(problems[1].reason).to.match(/serves chain eip155:1/);
    });

    it("fails the request as an RpcRequestFailedError whose cause is the last endpoint's error", async function () {
      const mainnet = await proxy(...fakeNode({ chainId: "0x1" }));
      const dead = await deadUrl();
      const transport = createReadTransport({ chain: CHAIN, endpoints: [mainnet.url, dead], retries: 0 });
      const error = await transport.blockNumber().catch((e: unknown) => e);
      expect(error).to.be.instanceOf(NoEndpointAvailableError).and.to.be.instanceOf(RpcRequestFailedError);
      expect(error).to.include({ code: "RPC_NO_ENDPOINT_AVAILABLE", method: "eth_blockNumber" });
      const cause = (error as NoEndpointAvailableError).cause;
      expect(cause).to.be.instanceOf(RpcEndpointError);
      expect(cause).to.include({ endpoint: dead, method: "eth_chainId", kind: "network" });

      const wrongChainOnly = createReadTransport({ chain: CHAIN, endpoints: [mainnet.url] });
      const mismatch = ((await wrongChainOnly.blockNumber().catch((e: unknown) => e)) as NoEndpointAvailableError)
        .cause;
      expect(mismatch).to.be.instanceOf(ChainMismatchError);
      expect(mismatch).to.include({
        code: "RPC_CHAIN_ID_MISMATCH",
        scope: "failover",
        endpoint: mainnet.url,
        expectedChainId: 31337,
        actualChainId: 1,
        shortMessage: `endpoint ${mainnet.url} serves chain eip155:1, not eip155:31337`,
      });
    });

    it("accepts EIP-1193 providers and fails over when one is disconnected (4900)", async function () {
      const disconnected: Eip1193Provider = {
        request: async () => {
          throw Object.assign(new Error("disconnected"), { code: 4900 });
        },
      };
      const calls: string[] = [];
      const working: Eip1193Provider = {
        request: async ({ method }) => {
          calls.push(method);
          return method === "eth_chainId" ? "0x7a69" : "0x99";
        },
      };
      const transport = createReadTransport({
        chain: CHAIN,
        endpoints: [{ provider: disconnected, name: "wallet" }, working],
        retries: 0,
      });
      expect(await transport.blockNumber()).to.equal(0x99n);
      expect(calls).to.deep.equal(["eth_chainId", "eth_blockNumber"]);
      expect(transport.endpointStates().map((s) => s.name)).to.deep.equal(["wallet", "provider"]);
    });
  });

  describe("quorum", function () {
    it("returns the result k endpoints agree on, ignoring the odd one out", async function () {
      const a = await proxy(...fakeNode({ callResult: "0xAAAA" }));
      const b = await proxy(...fakeNode({ callResult: "0xaaaa" }));
      const liar = await proxy(...fakeNode({ callResult: "0xbbbb" }));
      const transport = createReadTransport({
        chain: CHAIN,
        endpoints: [liar.url, a.url, b.url],
        quorum: { k: 2, n: 3 },
      });
      expect(await transport.request<string>("eth_call", [{}, "0x1"])).to.equal("0xAAAA");
    });

    it("throws QuorumError with every answer when fewer than k agree", async function () {
      const a = await proxy(...fakeNode({ callResult: "0xaaaa" }));
      const liar = await proxy(...fakeNode({ callResult: "0xbbbb" }));
      const transport = createReadTransport({ chain: CHAIN, endpoints: [a.url, liar.url], quorum: { k: 2, n: 2 } });
      const error = await transport.request("eth_call", [{}, "0x1"]).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(QuorumError);
      const quorumError = error as QuorumError;
      expect(quorumError.k).to.equal(2);
      expect(quorumError.answers).to.have.deep.members([
        { endpoint: a.url, answer: '"0xaaaa"' },
        { endpoint: liar.url, answer: '"0xbbbb"' },
      ]);
      expect(quorumError.message).to.match(/1 of 2 endpoints agree, 2 required/);
    });

    it("replaces an endpoint that fails with the next spare", async function () {
      const dead = await deadUrl();
      const a = await proxy(...fakeNode({ callResult: "0x01" }));
      const b = await proxy(...fakeNode({ callResult: "0x01" }));
      const transport = createReadTransport({
        chain: CHAIN,
        endpoints: [dead, a.url, b.url],
        quorum: { k: 2, n: 2 },
        retries: 0,
      });
      expect(await transport.request("eth_call", [{}, "0x1"])).to.equal("0x01");
      expect(a.methods).to.deep.equal(["eth_chainId", "eth_call"]);
      expect(b.methods).to.deep.equal(["eth_chainId", "eth_call"]);
    });

    it("takes the k-th highest block number as the head", async function () {
      const at10 = await proxy(...fakeNode({ head: "0xa" }));
      const at12 = await proxy(...fakeNode({ head: "0xc" }));
      const at11 = await proxy(...fakeNode({ head: "0xb" }));
      const transport = createReadTransport({
        chain: CHAIN,
        endpoints: [at10.url, at12.url, at11.url],
        quorum: { k: 2, n: 3 },
      });
      expect(await transport.blockNumber()).to.equal(11n);
    });

    it("agrees on a JSON-RPC error when k endpoints give it", async function () {
      const revert: FaultRule[] = [
        { method: "eth_call", fault: { kind: "rpcError", code: 3, message: "execution reverted" } },
        ...fakeNode(),
      ];
      const a = await proxy(...revert);
      const b = await proxy(...revert);
      const transport = createReadTransport({ chain: CHAIN, endpoints: [a.url, b.url], quorum: { k: 2, n: 2 } });
      const error = await transport.request("eth_call", [{}, "0x1"]).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(RpcResponseError);
    });
  });

  describe("answers of the wrong type (issue 12, item 5)", function () {
    /** An EIP-1193 node on chain 31337 whose answer to `method` is `bad`, after `delayMs`. */
    function provider(head: unknown, delayMs = 0): Eip1193Provider {
      return {
        request: async ({ method }) => {
          if (method === "eth_chainId") return "0x7a69";
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          if (method === "eth_blockNumber") return head;
          if (method === "eth_call") return head === "0x10" ? "0x01" : head;
          if (method === "eth_getLogs") return head === "0x10" ? [] : [{ topics: "x", data: 1 }];
          throw Object.assign(new Error("method not found"), { code: -32601 });
        },
      };
    }
    /** Fails the test instead of hanging, and collects unhandled rejections while `run` runs. */
    async function settles<T>(run: () => Promise<T>): Promise<{ value?: T; error?: unknown; unhandled: unknown[] }> {
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on("unhandledRejection", onUnhandled);
      try {
        const hang = new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error("the read never settled")), 20_000).unref(),
        );
        const value = await Promise.race([run(), hang]).then(
          (v) => ({ value: v }),
          (error: unknown) => ({ error }),
        );
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { ...value, unhandled };
      } finally {
        process.off("unhandledRejection", onUnhandled);
      }
    }

    it("quorum: a non-number head answered last is that endpoint's fault, never a hang or an unhandled rejection", async function () {
      const transport = createReadTransport({
        chain: CHAIN,
        endpoints: [
          { provider: provider("0x10"), name: "a" },
          { provider: provider("0x10"), name: "b" },
          { provider: provider({ evil: true }, 50), name: "liar" },
        ],
        quorum: { k: 2, n: 3 },
        retries: 0,
      });
      const outcome = await settles(() => transport.blockNumber());
      expect(outcome.error).to.equal(undefined);
      expect(outcome.value).to.equal(16n);
      expect(outcome.unhandled).to.deep.equal([]);
      const liar = transport.endpointStates().find((state) => state.name === "liar")!;
      expect(liar.state).to.equal("down");
      expect(liar.reason).to.match(/did not answer eth_blockNumber: \{"evil":true\} is not a hex number/);
    });

    it("quorum: when the bad answers leave fewer than k, QuorumError names each endpoint's fault", async function () {
      const transport = createReadTransport({
        chain: CHAIN,
        endpoints: [
          { provider: provider("0x10"), name: "a" },
          { provider: provider("twelve", 20), name: "liar" },
        ],
        quorum: { k: 2, n: 2 },
        retries: 0,
      });
      const outcome = await settles(() => transport.blockNumber());
      expect(outcome.unhandled).to.deep.equal([]);
      expect(outcome.error).to.be.instanceOf(QuorumError);
      expect((outcome.error as QuorumError).answers).to.deep.include({
        endpoint: "liar",
        error: 'RPC endpoint liar did not answer eth_blockNumber: "twelve" is not a hex number',
      });
    });

    it("failover: an eth_call answered with a number is not taken as 'no contract'; the next endpoint answers", async function () {
      const transport = createReadTransport({
        chain: CHAIN,
        endpoints: [
          { provider: provider(42), name: "liar" },
          { provider: provider("0x10"), name: "good" },
        ],
        retries: 0,
      });
      expect(await transport.request("eth_call", [{}, "0x1"])).to.equal("0x01");
      expect(await transport.request("eth_call", [{}, "0x1"])).to.equal("0x01");
      expect(transport.endpointStates()[0]).to.deep.include({ name: "liar", state: "down" });
    });

    it("failover: logs that are not logs, and a head that is not a number, give NoEndpointAvailableError", async function () {
      const transport = createReadTransport({
        chain: CHAIN,
        endpoints: [{ provider: provider(null), name: "liar" }],
        retries: 0,
      });
      const head = await transport.blockNumber().catch((e: unknown) => e);
      expect(head).to.be.instanceOf(NoEndpointAvailableError);
      expect((head as NoEndpointAvailableError).problems).to.deep.equal([
        { endpoint: "liar", reason: "RPC endpoint liar did not answer eth_blockNumber: null is not a hex number" },
      ]);
      const logs = await transport.request("eth_getLogs", [{}]).catch((e: unknown) => e);
      expect(logs).to.be.instanceOf(NoEndpointAvailableError);
      expect((logs as NoEndpointAvailableError).problems[0].reason).to.match(/log #0 is not a log/);
    });
  });

  describe("options", function () {
    it("refuses a quorum that cannot be met and an empty endpoint list", function () {
      expect(() => createReadTransport({ chain: CHAIN, endpoints: ["http://a", "http://b"], quorum: { k: 3, n: 2 } }))
        .to.throw(VerifyOptionsError)
        .with.property("shortMessage", "quorum.k must be between 1 and quorum.n (2), got 3");
      expect(() => createReadTransport({ chain: CHAIN, endpoints: ["http://a"], quorum: { k: 1, n: 2 } })).to.throw(
        /quorum.n must be between 1 and the number of endpoints \(1\)/,
      );
      expect(() => createReadTransport({ chain: CHAIN, endpoints: [] })).to.throw(/no RPC endpoint given/);
      expect(() => createReadTransport({ chain: "eip155:x" as never, endpoints: ["http://a"] })).to.throw(
        /is not a CAIP-2 EVM chain id/,
      );
    });

    it("never shows an API key from a URL in endpoint names", function () {
      expect(redactUrl("https://eth-sepolia.g.alchemy.com/v2/AbCdEf0123456789xyzXYZ")).to.equal(
        "https://eth-sepolia.g.alchemy.com/v2/…",
      );
      expect(redactUrl("https://user:secret@rpc.example/path?apikey=123")).to.equal("https://rpc.example/path?…");
      expect(redactUrl("http://127.0.0.1:8545")).to.equal("http://127.0.0.1:8545");
    });
  });
});
