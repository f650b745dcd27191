import { expect } from "chai";
import { encodeAbiParameters, encodeErrorResult, encodeFunctionData, encodeFunctionResult, getAddress } from "viem";
import { getBatch } from "../chain/actions/getBatch";
import { getCredentialStatuses } from "../chain/actions/getCredentialStatuses";
import { getProfile } from "../chain/actions/getProfile";
import { credentialRegistryAbi } from "../chain/registryArtifact";
import { readTransportClient } from "../chain/transport/readTransportClient";
import type { ReadTransport } from "../chain/transport/types";
import { InvalidTargetError, UnexpectedAnswerError } from "../errors/registry";
import { NoEndpointAvailableError, RpcResponseError } from "../errors/verify";
import type { Address, Hex } from "../types";
import { registryRead } from "./registryReads";

const registry = getAddress("0x00000000000000000000000000000000000000aa") as Address;
const root = `0x${"cd".repeat(32)}` as Hex;

/** A read transport whose every eth_call is answered by `answer`; it records what was asked. */
function fakeTransport(answer: (params: readonly unknown[]) => unknown): ReadTransport & { asked: unknown[][] } {
  const asked: unknown[][] = [];
  return {
    chain: "eip155:11155111",
    chainId: 11155111,
    asked,
    stats: { requests: 0, byMethod: {}, byEndpoint: {}, failures: 0 },
    async request<T>(method: string, params: readonly unknown[] = []): Promise<T> {
      asked.push([method, ...params]);
      return (await answer(params)) as T;
    },
    blockNumber: async () => 42n,
    resetStats: () => undefined,
    endpointStates: () => [],
  };
}

const batchAnswer = encodeFunctionResult({
  abi: credentialRegistryAbi,
  functionName: "batch",
  result: { anchoredAt: 1_767_225_600n, anchoredBlock: 40n, revokedAt: 0n, leafCount: 4n },
});

describe("registry reads over the read transport", function () {
  it("sends the client's actions as eth_calls pinned to the block, and returns the SDK's shapes", async function () {
    const transport = fakeTransport(() => batchAnswer);
    const client = readTransportClient(transport);
    expect(readTransportClient(transport)).to.equal(client);
    const batch = await getBatch(client, { registry, root, blockNumber: 42n });
    expect(batch).to.deep.equal({
      root,
      anchored: true,
      anchoredAt: 1_767_225_600,
      anchoredBlock: 40,
      revokedAt: 0,
      leafCount: 4,
    });
    // One request, shaped as the service's cache keys it: [{ to, data }, block]
    expect(transport.asked).to.have.length(1);
    const [method, call, block] = transport.asked[0] as [string, { to: string; data: string }, string];
    const data = encodeFunctionData({ abi: credentialRegistryAbi, functionName: "batch", args: [root] });
    expect([method, call.to, call.data, block]).to.deep.equal(["eth_call", registry, data, "0x2a"]);
    expect(Object.keys(call).sort()).to.deep.equal(["data", "to"]);
  });

  it("reads statuses in planned calls and the profile through the same client", async function () {
    const statuses = encodeAbiParameters([{ type: "uint8[]" }], [[1, 3]]);
    const profile = encodeFunctionResult({
      abi: credentialRegistryAbi,
      functionName: "profile",
      result: ["Example University", "did:web:example.edu"],
    });
    const transport = fakeTransport((params) =>
      (params[0] as { data: string }).data.startsWith("0xf9652188") ? statuses : profile,
    );
    const client = readTransportClient(transport);
    const credentials = [
      { root, index: 7 },
      { root, index: 2 },
    ];
    // Sorted by index in the call, returned in the order asked.
    expect(await getCredentialStatuses(client, { registry, credentials, blockNumber: 42n })).to.deep.equal([
      "Suspended",
      "Valid",
    ]);
    expect(await getProfile(client, { registry, blockNumber: 42n })).to.deep.equal({
      name: "Example University",
      url: "did:web:example.edu",
    });
  });

  it("refuses statuses of items the call cannot encode, before sending anything", async function () {
    const transport = fakeTransport(() => "0x");
    const client = readTransportClient(transport);
    for (const bad of [
      { root: "0x12" as Hex, index: 0 },
      { root, index: -1 },
      { root, index: 1.5 },
      { root, index: -1n },
    ]) {
      const error = await getCredentialStatuses(client, { registry, credentials: [{ root, index: 0 }, bad] }).catch(
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(InvalidTargetError).and.to.include({ code: "INVALID_TARGET" });
      expect((error as InvalidTargetError).shortMessage).to.match(/^credentials\[1\]\./);
    }
    expect(transport.asked).to.deep.equal([]);
  });

  it("never follows a contract's CCIP-read (OffchainLookup) revert to a URL of its choosing", async function () {
    const lookup = encodeErrorResult({
      abi: [
        {
          type: "error",
          name: "OffchainLookup",
          inputs: [
            { name: "sender", type: "address" },
            { name: "urls", type: "string[]" },
            { name: "callData", type: "bytes" },
            { name: "callbackFunction", type: "bytes4" },
            { name: "extraData", type: "bytes" },
          ],
        },
      ],
      errorName: "OffchainLookup",
      args: [registry, ["http://127.0.0.1:9/{sender}/{data}.json"], "0x", "0x12345678", "0x"],
    });
    const fetched: unknown[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (...args: unknown[]) => {
      fetched.push(args[0]);
      throw new Error("no fetch in this test");
    }) as typeof fetch;
    try {
      const client = readTransportClient(
        fakeTransport(() => {
          throw new RpcResponseError({
            endpoint: "a",
            method: "eth_call",
            rpcCode: 3,
            rpcMessage: "execution reverted",
            data: lookup,
          });
        }),
      );
      const read = await registryRead(() => getProfile(client, { registry }), "not a profile");
      expect(read).to.deep.equal({
        found: false,
        reason: "the contract at this address is not a credanchor registry (the call reverted)",
      });
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(fetched).to.deep.equal([]);
  });

  describe("registryRead", function () {
    const read = (answer: (params: readonly unknown[]) => unknown) => {
      const client = readTransportClient(fakeTransport(answer));
      return registryRead(() => getBatch(client, { registry, root, blockNumber: 42n }), "not a batch record");
    };

    it("is found: false when there is no contract (an empty answer)", async function () {
      expect(await read(() => "0x")).to.deep.equal({ found: false, reason: "no contract at this address" });
    });

    it("is found: false when the contract reverts", async function () {
      const revert = () => {
        throw new RpcResponseError({ endpoint: "a", method: "eth_call", rpcCode: 3, rpcMessage: "execution reverted" });
      };
      expect(await read(revert)).to.deep.equal({
        found: false,
        reason: "the contract at this address is not a credanchor registry (the call reverted)",
      });
    });

    it("is found: false with the given reason when the answer does not decode", async function () {
      expect(await read(() => "0x1234")).to.deep.equal({ found: false, reason: "not a batch record" });
      const client = readTransportClient(fakeTransport(() => "0x1234"));
      const error = await getBatch(client, { registry, root }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(UnexpectedAnswerError).and.to.include({
        code: "REGISTRY_UNEXPECTED_ANSWER",
        registry,
        functionName: "batch",
      });
      const statuses = await getCredentialStatuses(client, { registry, credentials: [{ root, index: 0 }] }).catch(
        (e: unknown) => e,
      );
      expect(statuses).to.be.instanceOf(UnexpectedAnswerError).and.to.include({ functionName: "credentialStatuses" });
    });

    it("throws the transport's failure unchanged (the check is then error, never invalid)", async function () {
      const down = new NoEndpointAvailableError({ chain: "eip155:11155111", method: "eth_call", problems: [] });
      const thrown = await read(() => {
        throw down;
      }).catch((e: unknown) => e);
      expect(thrown).to.equal(down);
      const other = new RpcResponseError({ endpoint: "a", method: "eth_call", rpcCode: -32602, rpcMessage: "invalid" });
      expect(
        await read(() => {
          throw other;
        }).catch((e: unknown) => e),
      ).to.equal(other);
    });
  });
});
