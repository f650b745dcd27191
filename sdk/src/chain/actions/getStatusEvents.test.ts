import { expect } from "chai";
import { encodeAbiParameters, encodeEventTopics, getAddress, pad, toHex } from "viem";
import { RpcResponseError } from "../../errors/verify";
import type { Address, Hex } from "../../types";
import { credentialRegistryAbi } from "../registryArtifact";
import { readTransportClient } from "../transport/readTransportClient";
import type { ReadTransport } from "../transport/types";
import { getStatusEvents, type StatusEvent } from "./getStatusEvents";

const registry = getAddress("0x00000000000000000000000000000000000000aa") as Address;
const root = `0x${"CD".repeat(32)}` as Hex;
const reason = pad(toHex("key-compromise"), { dir: "right" });

type RawLog = { topics: Hex[]; data: Hex; blockNumber: Hex };

/** A read transport that answers eth_getLogs with `logs(fromBlock, toBlock)` and records every request. */
function logsTransport(logs: (from: bigint, to: bigint) => RawLog[]): ReadTransport & { asked: unknown[][] } {
  const asked: unknown[][] = [];
  return {
    chain: "eip155:11155111",
    chainId: 11155111,
    asked,
    stats: { requests: 0, byMethod: {}, byEndpoint: {}, failures: 0 },
    async request<T>(method: string, params: readonly unknown[] = []): Promise<T> {
      asked.push([method, ...params]);
      if (method === "eth_getBlockByNumber") return { number: params[0], timestamp: "0x6955b900" } as T;
      const filter = params[0] as { fromBlock: Hex; toBlock: Hex };
      return logs(BigInt(filter.fromBlock), BigInt(filter.toBlock)) as T;
    },
    blockNumber: async () => 42n,
    resetStats: () => undefined,
    endpointStates: () => [],
  };
}

const topic0 = (eventName: "BatchRevoked" | "CredentialsRevoked" | "CredentialsSuspended" | "CredentialsReinstated") =>
  encodeEventTopics({ abi: credentialRegistryAbi, eventName })[0];

function revokedLog(block: bigint, wordIndex: bigint, bits: bigint): RawLog {
  const [t0, rootTopic] = encodeEventTopics({
    abi: credentialRegistryAbi,
    eventName: "CredentialsRevoked",
    args: { root },
  });
  return {
    topics: [t0, rootTopic as Hex],
    data: encodeAbiParameters(
      [{ type: "uint256" }, { type: "uint256" }, { type: "bytes32" }],
      [wordIndex, bits, reason],
    ),
    blockNumber: toHex(block),
  };
}

describe("getStatusEvents", function () {
  it("asks for the four status events of the root in one eth_getLogs, and decodes them", async function () {
    const batchRevoked: RawLog = {
      topics: [topic0("BatchRevoked"), root.toLowerCase() as Hex],
      data: encodeAbiParameters([{ type: "bytes32" }], [reason]),
      blockNumber: "0x28",
    };
    const foreign: RawLog = { topics: [`0x${"11".repeat(32)}`], data: "0x", blockNumber: "0x29" };
    const transport = logsTransport(() => [revokedLog(30n, 0n, 0b1010n), foreign, batchRevoked]);
    const events = await getStatusEvents(readTransportClient(transport), {
      registry,
      root,
      fromBlock: 12n,
      toBlock: 42n,
    });
    expect(events).to.deep.equal([
      { kind: "revoked", wordIndex: 0n, bits: 0b1010n, reason, blockNumber: 30n },
      { kind: "batch-revoked", reason, blockNumber: 40n },
    ] satisfies StatusEvent[]);
    expect(transport.asked).to.deep.equal([
      [
        "eth_getLogs",
        {
          address: registry,
          fromBlock: "0xc",
          toBlock: "0x2a",
          topics: [
            [
              topic0("BatchRevoked"),
              topic0("CredentialsRevoked"),
              topic0("CredentialsSuspended"),
              topic0("CredentialsReinstated"),
            ],
            root.toLowerCase(),
          ],
        },
      ],
    ]);
  });

  it("reads the range newest first in chunks, oldest events first, and stops once enough is found", async function () {
    const transport = logsTransport((from, to) => (from <= 15n && 15n <= to ? [revokedLog(15n, 1n, 4n)] : []));
    const client = readTransportClient(transport);
    const ranges = () =>
      transport.asked.map((a) => [(a[1] as { fromBlock: Hex }).fromBlock, (a[1] as { toBlock: Hex }).toBlock]);

    const all = await getStatusEvents(client, { registry, root, fromBlock: 1n, toBlock: 30n, chunkBlocks: 10n });
    expect(all.map((e) => e.blockNumber)).to.deep.equal([15n]);
    expect(ranges()).to.deep.equal([
      ["0x15", "0x1e"],
      ["0xb", "0x14"],
      ["0x1", "0xa"],
    ]);

    transport.asked.length = 0;
    const early = await getStatusEvents(client, {
      registry,
      root,
      fromBlock: 1n,
      toBlock: 30n,
      chunkBlocks: 10n,
      enough: (events) => events.some((e) => e.kind === "revoked"),
    });
    expect(early).to.have.length(1);
    expect(ranges()).to.deep.equal([
      ["0x15", "0x1e"],
      ["0xb", "0x14"],
    ]);

    transport.asked.length = 0;
    await getStatusEvents(client, { registry, root, fromBlock: 1n, toBlock: 30n, chunkBlocks: 10n, maxChunks: 1 });
    expect(ranges()).to.deep.equal([["0x15", "0x1e"]]);
  });

  it("throws the transport's failure unchanged", async function () {
    const failure = new RpcResponseError({
      endpoint: "a",
      method: "eth_getLogs",
      rpcCode: -32005,
      rpcMessage: "limit",
    });
    const transport = logsTransport(() => {
      throw failure;
    });
    const thrown = await getStatusEvents(readTransportClient(transport), {
      registry,
      root,
      fromBlock: 1n,
      toBlock: 2n,
    }).catch((e: unknown) => e);
    expect(thrown).to.equal(failure);
  });

  it("the read client's getBlock asks eth_getBlockByNumber as verification did before", async function () {
    const transport = logsTransport(() => []);
    const block = await readTransportClient(transport).publicClient.getBlock({ blockNumber: 30n });
    expect(block.timestamp).to.equal(1_767_225_600n);
    expect(transport.asked).to.deep.equal([["eth_getBlockByNumber", "0x1e", false]]);
  });
});
