/**
 * The service's caches without a node: the chain-read cache in front of a scripted transport (TTL,
 * a request's fresher maxAge, shared in-flight reads, failures not cached, a final revoked batch kept
 * for good, the LRU bound) and the TTL map the identity cache is made of.
 */
import { expect } from "chai";
import { decodeFunctionData, encodeFunctionData, encodeFunctionResult, type Hex } from "viem";
import { credentialRegistryAbi } from "../../../sdk/src/chain/registryArtifact";
import { encodeStatusWordsRead } from "../../../sdk/src/chain/statusWordReads";
import type { ReadTransport } from "../../../sdk/src/chain/transport/types";
import { RpcResponseError } from "../../../sdk/src/errors/verify";
import {
  CACHE_KINDS,
  createCachingTransport,
  type CacheKind,
  type ChainCacheOptions,
} from "../../../cli/serve/cachingTransport";
import { TtlCache, type CacheCounters } from "../../../cli/serve/ttlCache";

const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const ROOT = `0x${"ab".repeat(32)}` as const;

function batchAnswer(record: { anchoredAt: bigint; anchoredBlock: bigint; revokedAt: bigint; leafCount: bigint }) {
  return encodeFunctionResult({ abi: credentialRegistryAbi, functionName: "batch", result: record });
}

/** A transport that answers from `answers` (by method) and counts what it was asked. */
function scripted(answers: Record<string, () => Promise<unknown>>) {
  const asked: string[] = [];
  const transport = {
    chain: "eip155:31337",
    chainId: 31337,
    stats: { requests: 0, byMethod: {}, byEndpoint: {}, failures: 0 },
    resetStats: () => undefined,
    endpointStates: () => [],
    blockNumber: async () => {
      asked.push("eth_blockNumber");
      return (await answers.eth_blockNumber()) as bigint;
    },
    request: async (method: string) => {
      asked.push(method);
      return answers[method]();
    },
  } as unknown as ReadTransport;
  return { transport, asked };
}

function counters(): Record<CacheKind, CacheCounters> {
  return Object.fromEntries(CACHE_KINDS.map((kind) => [kind, { hits: 0, misses: 0 }])) as Record<
    CacheKind,
    CacheCounters
  >;
}

const batchCall = (blockTag: string) => [
  { to: REGISTRY, data: encodeFunctionData({ abi: credentialRegistryAbi, functionName: "batch", args: [ROOT] }) },
  blockTag,
];

describe("serve: the chain-read cache", function () {
  let now: number;
  beforeEach(() => (now = 1_000_000));
  /** A cache over `transport` on the test's clock: statuses 30 s, head 1 s, 100 entries, 1 confirmation. */
  const cacheOf = (transport: ReadTransport, options: Partial<ChainCacheOptions> = {}) =>
    createCachingTransport(transport, {
      statusTtlMs: 30_000,
      headTtlMs: 1_000,
      maxEntries: 100,
      confirmations: 1,
      counters: counters(),
      now: () => now,
      ...options,
    });

  it("serves a batch record for the status TTL across heads, then reads it again; a request may ask fresher", async function () {
    const live = batchAnswer({ anchoredAt: 100n, anchoredBlock: 5n, revokedAt: 0n, leafCount: 4n });
    const { transport, asked } = scripted({ eth_call: async () => live });
    const hits = counters();
    const cache = cacheOf(transport, { counters: hits });
    expect(await cache.view().request("eth_call", batchCall("0x10"))).to.equal(live);
    const second = cache.view();
    now += 10_000;
    expect(await second.request("eth_call", batchCall("0x11"))).to.equal(live); // another head, same read
    expect(asked).to.deep.equal(["eth_call"]);
    expect(second.oldestReadAt()).to.equal(1_000_000);
    // A request that wants answers at most 5 s old reads again.
    const fresh = cache.view({ maxAgeMs: 5_000 });
    await fresh.request("eth_call", batchCall("0x11"));
    expect(asked).to.deep.equal(["eth_call", "eth_call"]);
    expect(fresh.oldestReadAt()).to.equal(now);
    now += 30_000;
    await cache.view().request("eth_call", batchCall("0x12"));
    expect(asked).to.have.length(3);
    expect(hits.anchor).to.deep.equal({ hits: 1, misses: 3 });
  });

  it("pins a view to a head read ahead while it is younger than the head TTL and the view's maxAge, else reads one", async function () {
    let block = 10n;
    const { transport, asked } = scripted({ eth_blockNumber: async () => block });
    const hits = counters();
    const cache = cacheOf(transport, { counters: hits });
    const early = cache.readHead();
    expect(early.readAt).to.equal(1_000_000);
    expect(await early.block).to.equal(10n);
    block = 11n;
    now += 999; // 0.999 s old at the view's first head read: used, once per view
    const young = cache.view({ heads: [early] });
    expect(await young.blockNumber()).to.equal(10n);
    now += 5_000;
    expect(await young.blockNumber()).to.equal(10n); // one head per view, however long the request takes
    expect(asked).to.deep.equal(["eth_blockNumber"]);
    // As old as the head TTL at the view's first head read: dropped, a head read as without it.
    now = 1_000_000 + 1_000;
    const old = cache.view({ heads: [early] });
    expect(await old.blockNumber()).to.equal(11n);
    expect(asked).to.deep.equal(["eth_blockNumber", "eth_blockNumber"]);
    // The request's maxAge bounds it too: 0.3 s old is young enough for 0.5 s, not for 0.2 s nor 0.
    const second = cache.readHead(); // the head the old view read, from the cache
    expect(second.readAt).to.equal(1_001_000);
    now += 300;
    expect(await cache.view({ heads: [second], maxAgeMs: 500 }).blockNumber()).to.equal(11n);
    expect(asked).to.have.length(2);
    block = 12n;
    expect(await cache.view({ heads: [second], maxAgeMs: 200 }).blockNumber()).to.equal(12n);
    expect(await cache.view({ heads: [second], maxAgeMs: 0 }).blockNumber()).to.equal(12n);
    expect(asked).to.have.length(4);
    // readHead goes through the cache as a view's head read does: counted as hits and misses of `head`.
    expect(hits.head).to.deep.equal({ hits: 1, misses: 4 });
  });

  it("pins a view to the newest head read ahead that is young enough at its first use; readHead takes a stricter age", async function () {
    let block = 10n;
    const { transport, asked } = scripted({ eth_blockNumber: async () => block });
    const cache = cacheOf(transport);
    const arrival = cache.readHead(); // as the body began, at 1,000,000
    await arrival.block;
    block = 11n;
    now += 400;
    // At most the head TTL old: the cached head, 0.4 s old; at most 0.3 s old: a new read.
    expect(cache.readHead().readAt).to.equal(1_000_000);
    expect(asked).to.have.length(1);
    const atEnd = cache.readHead(300); // as the last byte arrived, at 1,000,400
    expect([atEnd.readAt, await atEnd.block]).to.deep.equal([1_000_400, 11n]);
    expect(asked).to.have.length(2);
    block = 12n;
    // Both young enough: the newer, in either order.
    now = 1_000_900;
    expect(await cache.view({ heads: [arrival, atEnd] }).blockNumber()).to.equal(11n);
    expect(await cache.view({ heads: [atEnd, arrival] }).blockNumber()).to.equal(11n);
    // The arrival head too old at the first use, the last byte's still young: that one, no read.
    now = 1_001_100;
    const view = cache.view({ heads: [arrival, atEnd] });
    expect(await view.blockNumber()).to.equal(11n);
    expect(asked.filter((method) => method === "eth_blockNumber")).to.have.length(2);
    // Both too old (or the request's maxAge too short for the newer): dropped, a head read then.
    expect(await cache.view({ heads: [arrival, atEnd], maxAgeMs: 600 }).blockNumber()).to.equal(12n);
    expect(asked.filter((method) => method === "eth_blockNumber")).to.have.length(3);
  });

  it("dates an answer read through a view by the view's head (when it was read), so statusAge never under-states", async function () {
    const live = batchAnswer({ anchoredAt: 100n, anchoredBlock: 5n, revokedAt: 0n, leafCount: 4n });
    const { transport, asked } = scripted({ eth_blockNumber: async () => 10n, eth_call: async () => live });
    const cache = cacheOf(transport);
    const early = cache.readHead(); // read at 1,000,000
    now += 900;
    const view = cache.view({ heads: [early] });
    await view.blockNumber();
    // Read from the chain 0.9 s after the head it is pinned to: the state of that block, dated by it.
    expect(await view.request("eth_call", batchCall("0xa"))).to.equal(live);
    expect(view.oldestReadAt()).to.equal(1_000_000);
    // Served from the cache to a later request: the same date, so its age counts the first head's too.
    now += 5_000;
    const later = cache.view();
    await later.blockNumber();
    await later.request("eth_call", batchCall("0xb"));
    expect(later.oldestReadAt()).to.equal(1_000_000);
    expect(asked).to.deep.equal(["eth_blockNumber", "eth_call", "eth_blockNumber"]);
    // The answer expires by that date too: 30 s after the head, not after the call.
    now = 1_000_000 + 30_000;
    const after = cache.view();
    await after.blockNumber();
    await after.request("eth_call", batchCall("0xc"));
    expect(asked.filter((method) => method === "eth_call")).to.have.length(2);
    expect(after.oldestReadAt()).to.equal(now);
  });

  it("caches a status word read (a call without `to`) by its call data, across heads, as a status", async function () {
    const words = `0x${"00".repeat(31)}01${"00".repeat(31)}04${"00".repeat(32)}` as const;
    const { transport, asked } = scripted({ eth_call: async () => words });
    const hits = counters();
    const cache = cacheOf(transport, { counters: hits });
    const read = (tag: string, word = "00") => [
      { data: encodeStatusWordsRead(REGISTRY, { roots: [ROOT], wordIndices: [Number(`0x${word}`)] }) },
      tag,
    ];
    const view = cache.view();
    expect(await view.request("eth_call", read("0x10"))).to.equal(words);
    now += 10_000;
    expect(await cache.view().request("eth_call", read("0x11"))).to.equal(words); // another head, same words
    expect(asked).to.deep.equal(["eth_call"]);
    expect(view.oldestReadAt()).to.equal(1_000_000);
    await cache.view().request("eth_call", read("0x11", "01")); // another word: read
    expect(asked).to.deep.equal(["eth_call", "eth_call"]);
    now += 30_000;
    await cache.view().request("eth_call", read("0x12")); // older than the status TTL: read again
    expect(asked).to.have.length(3);
    expect(hits.status).to.deep.equal({ hits: 1, misses: 3 });
  });

  it("remembers a status word read the node refused, per registry, for the status TTL; never a failed read", async function () {
    const refusal = new RpcResponseError({
      endpoint: "node",
      method: "eth_call",
      rpcCode: -32601,
      rpcMessage: "eth_call without to is not supported",
    });
    let failure: unknown = refusal;
    const { transport, asked } = scripted({
      eth_call: async () => {
        throw failure;
      },
    });
    const hits = counters();
    const cache = cacheOf(transport, { counters: hits });
    const OTHER = `0x${"12".repeat(20)}` as const;
    const THIRD = `0x${"34".repeat(20)}` as const;
    const read = (registry: Hex, word: number) =>
      cache
        .view()
        .request("eth_call", [
          { data: encodeStatusWordsRead(registry, { roots: [ROOT], wordIndices: [word] }) },
          "0x10",
        ])
        .then(
          () => expect.fail("a refused read answered"),
          (error: unknown) => error,
        );
    expect(await read(REGISTRY, 0)).to.equal(refusal);
    // Another request, other words of the same registry (its checksummed address): the same error, not sent.
    expect(await read(REGISTRY, 1)).to.equal(refusal);
    expect(await read(REGISTRY.toLowerCase() as Hex, 2)).to.equal(refusal);
    expect(asked).to.deep.equal(["eth_call"]);
    expect(hits.status).to.deep.equal({ hits: 2, misses: 1 });
    expect(await read(OTHER, 0)).to.equal(refusal); // another registry: asked for itself
    expect(asked).to.have.length(2);
    // A read that failed (no answer from the node) is not a refusal: the next one is sent.
    failure = new Error("socket hang up");
    expect(await read(THIRD, 0)).to.equal(failure);
    expect(await read(THIRD, 1)).to.equal(failure);
    expect(asked).to.have.length(4);
    // After the status TTL the node is asked again.
    now += 30_000;
    expect(await read(REGISTRY, 3)).to.equal(failure);
    expect(asked).to.have.length(5);
  });

  it("caches statuses per credential: another grouping of held credentials is answered from the cache", async function () {
    const ROOT_B = `0x${"cd".repeat(32)}` as const;
    /** A registry whose credential `index` of ROOT has status index % 3 (of ROOT_B: 2), as viem encodes it. */
    const { transport, asked } = scripted({ eth_call: async () => undefined });
    const sent: { roots: readonly string[]; indices: readonly bigint[] }[] = [];
    (transport as { request: unknown }).request = async (method: string, params: [{ data: Hex }]) => {
      asked.push(method);
      const { args } = decodeFunctionData({ abi: credentialRegistryAbi, data: params[0].data });
      const [roots, indices] = args as [readonly Hex[], readonly bigint[]];
      sent.push({ roots, indices });
      const statuses = indices.map((index, i) => (roots[i] === ROOT ? Number(index % 3n) : 2));
      return encodeFunctionResult({ abi: credentialRegistryAbi, functionName: "credentialStatuses", result: statuses });
    };
    const call = (items: [Hex, bigint][]) => [
      {
        to: REGISTRY,
        data: encodeFunctionData({
          abi: credentialRegistryAbi,
          functionName: "credentialStatuses",
          args: [items.map(([root]) => root), items.map(([, index]) => index)],
        }),
      },
      "0x10",
    ];
    const expected = (items: [Hex, bigint][]) =>
      encodeFunctionResult({
        abi: credentialRegistryAbi,
        functionName: "credentialStatuses",
        result: items.map(([root, index]) => (root === ROOT ? Number(index % 3n) : 2)),
      });
    const hits = counters();
    const cache = cacheOf(transport, { counters: hits });
    const first: [Hex, bigint][] = [
      [ROOT, 1n],
      [ROOT, 2n],
      [ROOT_B, 7n],
      [ROOT, 300n],
    ];
    expect(await cache.view().request("eth_call", call(first))).to.equal(expected(first));
    now += 1_000;
    // The same credentials in another order and fewer of them: no read, the same bytes as the chain's.
    const regrouped: [Hex, bigint][] = [
      [ROOT, 300n],
      [ROOT_B, 7n],
      [ROOT, 2n],
    ];
    const view = cache.view();
    expect(await view.request("eth_call", call(regrouped))).to.equal(expected(regrouped));
    expect(asked).to.deep.equal(["eth_call"]);
    expect(view.oldestReadAt()).to.equal(1_000_000);
    // One credential not held: the call is sent as it is, and then its new credential is held too.
    const more: [Hex, bigint][] = [
      [ROOT, 2n],
      [ROOT, 4n],
    ];
    expect(await cache.view().request("eth_call", call(more))).to.equal(expected(more));
    expect(sent[1]).to.deep.equal({ roots: [ROOT, ROOT], indices: [2n, 4n] });
    expect(await cache.view().request("eth_call", call([[ROOT, 4n]]))).to.equal(expected([[ROOT, 4n]]));
    expect(asked).to.have.length(2);
    // A request that wants statuses at most 500 ms old reads again; past the TTL, every request does.
    now += 1_000;
    await cache.view({ maxAgeMs: 500 }).request("eth_call", call([[ROOT, 4n]]));
    now += 30_000;
    await cache.view().request("eth_call", call([[ROOT, 1n]]));
    expect(asked).to.have.length(4);
    expect(hits.status).to.deep.equal({ hits: 2, misses: 4 });
  });

  it("does not cache a statuses answer that is not a list of the credentials' statuses", async function () {
    let answer = "0x";
    const { transport, asked } = scripted({ eth_call: async () => answer });
    const cache = cacheOf(transport);
    const call = [
      {
        to: REGISTRY,
        data: encodeFunctionData({
          abi: credentialRegistryAbi,
          functionName: "credentialStatuses",
          args: [[ROOT], [1n]],
        }),
      },
      "0x10",
    ];
    expect(await cache.view().request("eth_call", call)).to.equal("0x"); // the SDK decides what "0x" means
    await new Promise((resolve) => setImmediate(resolve));
    answer = encodeFunctionResult({ abi: credentialRegistryAbi, functionName: "credentialStatuses", result: [1] });
    expect(await cache.view().request("eth_call", call)).to.equal(answer);
    expect(await cache.view().request("eth_call", call)).to.equal(answer);
    expect(asked).to.deep.equal(["eth_call", "eth_call"]);
  });

  it("keeps a batch revoked as a whole (final, deep enough) for good", async function () {
    const revoked = batchAnswer({ anchoredAt: 100n, anchoredBlock: 5n, revokedAt: 200n, leafCount: 4n });
    const { transport, asked } = scripted({ eth_call: async () => revoked });
    const cache = cacheOf(transport, { statusTtlMs: 1_000, confirmations: 3 });
    await cache.view().request("eth_call", batchCall("0x7")); // block 7: anchored at 5, 3 confirmations
    await new Promise((resolve) => setImmediate(resolve));
    now += 3_600_000;
    const view = cache.view();
    await view.request("eth_call", batchCall("0x99"));
    expect(asked).to.deep.equal(["eth_call"]);
    expect(view.oldestReadAt()).to.equal(undefined); // a permanent answer has no age
  });

  it("does not keep a revoked batch for good before it has its confirmations", async function () {
    const revoked = batchAnswer({ anchoredAt: 100n, anchoredBlock: 5n, revokedAt: 200n, leafCount: 4n });
    const { transport, asked } = scripted({ eth_call: async () => revoked });
    const cache = cacheOf(transport, { statusTtlMs: 1_000, confirmations: 12 });
    await cache.view().request("eth_call", batchCall("0x7"));
    await new Promise((resolve) => setImmediate(resolve));
    now += 2_000;
    await cache.view().request("eth_call", batchCall("0x8"));
    expect(asked).to.deep.equal(["eth_call", "eth_call"]);
  });

  it("shares one read between concurrent requests and never caches a failure", async function () {
    let fail = true;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { transport, asked } = scripted({
      eth_blockNumber: async () => {
        await gate;
        if (fail) throw new Error("endpoint down");
        return 42n;
      },
    });
    const cache = cacheOf(transport);
    const both = Promise.allSettled([cache.view().blockNumber(), cache.view().blockNumber()]);
    release();
    const [a, b] = await both;
    expect([a.status, b.status]).to.deep.equal(["rejected", "rejected"]);
    expect(asked).to.deep.equal(["eth_blockNumber"]);
    fail = false;
    expect(await cache.view().blockNumber()).to.equal(42n);
    expect(asked).to.deep.equal(["eth_blockNumber", "eth_blockNumber"]);
  });

  it("passes other reads through and holds at most maxEntries", async function () {
    const { transport, asked } = scripted({ eth_chainId: async () => "0x7a69", eth_getLogs: async () => [] });
    const cache = cacheOf(transport, { maxEntries: 2 });
    const view = cache.view();
    await view.request("eth_chainId");
    await view.request("eth_chainId");
    expect(asked).to.deep.equal(["eth_chainId", "eth_chainId"]);
    for (const from of ["0x1", "0x2", "0x3"]) await view.request("eth_getLogs", [{ fromBlock: from }]);
    expect(cache.size()).to.equal(2);
    await view.request("eth_getLogs", [{ fromBlock: "0x1" }]); // the oldest was dropped
    expect(asked.filter((m) => m === "eth_getLogs")).to.have.length(4);
  });
});

describe("serve: TtlCache", function () {
  it("expires entries after the TTL, drops the least recently used beyond the bound, and counts", function () {
    let now = 0;
    const counts = { hits: 0, misses: 0 };
    const cache = new TtlCache<string, number>({ ttlMs: 100, maxEntries: 2, counters: counts, now: () => now });
    cache.set("a", 1).set("b", 2);
    expect(cache.get("a")).to.equal(1); // a is now the most recently used
    cache.set("c", 3); // drops b
    expect(cache.get("b")).to.equal(undefined);
    expect(cache.has("a")).to.equal(true);
    now = 100;
    expect(cache.get("a")).to.equal(undefined);
    expect(cache.has("c")).to.equal(false);
    expect(counts).to.deep.equal({ hits: 1, misses: 2 });
  });
});
