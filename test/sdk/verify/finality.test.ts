/**
 * The `finality` check by the chain's own `finalized` block tag: read through the read transport from
 * the in-process Hardhat network (which serves the tag) and from fake EIP-1193 providers (a chain that
 * lags, a node that does not serve the tag, a node that is down).
 */
import { expect } from "chai";
import { network } from "hardhat";
import { readTaggedBlock } from "../../../sdk/src/chain/readTaggedBlock";
import { createReadTransport, type Eip1193Provider } from "../../../sdk/src/chain/transport";
import { NoEndpointAvailableError } from "../../../sdk/src/errors/verify";
import type { AnchorRecord, Caip2ChainId } from "../../../sdk/src/types";
import { verifyCredential, type CheckResult, type VerificationResult } from "../../../sdk/src/verify";
import {
  anchorTestRoot,
  buildTestBatch,
  deployTestRegistry,
  mine,
  testChain,
  withAnchor,
} from "../../helpers/verifyFixtures";
import { check } from "../../helpers/checks";

const BASE: Caip2ChainId = "eip155:8453";

function finality(result: VerificationResult): CheckResult {
  return check(result, "finality");
}

/**
 * The in-process Hardhat network posing as chain `chainId`, with the `finalized` tag answered by
 * `finalized` (a number, a JSON-RPC error, or Hardhat's own answer when absent).
 */
function posingAs(
  chainId: number,
  finalized?: { number: bigint } | { error: { code: number; message: string } },
): Eip1193Provider & { methods: string[] } {
  const inner = network.provider as unknown as Eip1193Provider;
  const methods: string[] = [];
  return {
    methods,
    async request({ method, params }) {
      methods.push(method);
      if (method === "eth_chainId") return `0x${chainId.toString(16)}`;
      if (method === "eth_getBlockByNumber" && params?.[0] === "finalized" && finalized) {
        if ("error" in finalized) throw Object.assign(new Error(finalized.error.message), finalized.error);
        const block = (await inner.request({ method, params: ["latest", false] })) as Record<string, unknown>;
        return { ...block, number: `0x${finalized.number.toString(16)}` };
      }
      return inner.request({ method, params });
    },
  };
}

describe("finality by the chain's finalized tag", function () {
  describe("readTaggedBlock", function () {
    it("reads Hardhat's finalized and safe blocks (Hardhat serves both tags: its head)", async function () {
      const provider = network.provider as unknown as Eip1193Provider;
      await mine(provider, 2);
      const transport = createReadTransport({ chain: "eip155:31337", endpoints: [provider] });
      const head = await transport.blockNumber();
      expect(await readTaggedBlock(transport, "finalized")).to.equal(head);
      expect(await readTaggedBlock(transport, "safe")).to.equal(head);
    });

    it("is undefined when the node answers with a JSON-RPC error or with no block", async function () {
      const refusing = createReadTransport({
        chain: BASE,
        endpoints: [
          posingAs(8453, { error: { code: -32602, message: "invalid argument 0: hex string without 0x prefix" } }),
        ],
      });
      expect(await readTaggedBlock(refusing, "finalized")).to.equal(undefined);
      const unknownBlock = createReadTransport({
        chain: BASE,
        endpoints: [posingAs(8453, { error: { code: -39001, message: "unknown block" } })],
        retries: 0,
      });
      expect(await readTaggedBlock(unknownBlock, "finalized")).to.equal(undefined);
      const empty: Eip1193Provider = {
        request: async ({ method }) => (method === "eth_chainId" ? "0x2105" : null),
      };
      expect(await readTaggedBlock(createReadTransport({ chain: BASE, endpoints: [empty] }), "finalized")).to.equal(
        undefined,
      );
    });

    it("throws when no endpoint could be reached: undecided, not 'no tag'", async function () {
      const down: Eip1193Provider = {
        request: async () => {
          throw new Error("connect ECONNREFUSED 127.0.0.1:1");
        },
      };
      const transport = createReadTransport({ chain: BASE, endpoints: [down], retries: 0 });
      let thrown: unknown;
      await readTaggedBlock(transport, "finalized").catch((error: unknown) => (thrown = error));
      expect(thrown).to.be.instanceOf(NoEndpointAvailableError);
      expect((thrown as NoEndpointAvailableError).method).to.equal("eth_getBlockByNumber");
    });
  });

  describe("the finality check", function () {
    let credential: Record<string, unknown>;
    let anchor: AnchorRecord;

    before(async function () {
      const provider = network.provider as unknown as Eip1193Provider;
      const chain = testChain(provider);
      const registry = await deployTestRegistry(chain);
      const batch = await buildTestBatch(1);
      anchor = { ...(await anchorTestRoot(chain, registry, batch.root, 1)), chain: BASE };
      // The anchor record is outside the digest: the same credential, as if anchored on Base.
      credential = withAnchor(batch.credentials[0], anchor);
    });

    it("is pending while the anchoring block is above the chain's finalized block, and says which rule", async function () {
      const provider = posingAs(8453, { number: BigInt(anchor.blockNumber - 1) });
      const result = await verifyCredential(credential, { rpc: { [BASE]: provider } });
      expect(result.status).to.equal("error");
      const check = finality(result);
      expect(check).to.deep.include({ status: "error", code: "FINALITY_PENDING" });
      expect(check.details).to.deep.include({
        rule: "finalized",
        anchoredBlock: anchor.blockNumber,
        finalizedBlock: anchor.blockNumber - 1,
      });
      expect(check.message).to.match(
        new RegExp(
          `^The anchoring block ${anchor.blockNumber} is not finalized yet on eip155:8453: the chain's finalized block is ${anchor.blockNumber - 1} `,
        ),
      );
      expect(provider.methods).to.include("eth_getBlockByNumber");
    });

    it("passes once the finalized block reaches the anchoring block, however few confirmations", async function () {
      const provider = posingAs(8453, { number: BigInt(anchor.blockNumber) });
      const check = finality(await verifyCredential(credential, { rpc: { [BASE]: provider } }));
      expect(check).to.deep.include({ status: "passed", code: "FINALITY_OK" });
      expect(check.details).to.deep.include({ rule: "finalized", finalizedBlock: anchor.blockNumber });
      expect(check.message).to.equal(
        `The anchoring block ${anchor.blockNumber} is finalized on eip155:8453: the chain's finalized block is ${anchor.blockNumber}.`,
      );
    });

    it("passes through Hardhat's own answer to the tag (its head)", async function () {
      const check = finality(await verifyCredential(credential, { rpc: { [BASE]: posingAs(8453) } }));
      expect(check).to.deep.include({ status: "passed", code: "FINALITY_OK" });
      expect(check.details).to.deep.include({ rule: "finalized" });
    });

    it("falls back to the chain's confirmations when the node does not serve the tag, and says so", async function () {
      const provider = posingAs(8453, { error: { code: -32602, message: "invalid block tag finalized" } });
      const head = Number(
        await (network.provider as unknown as Eip1193Provider).request({ method: "eth_blockNumber" }),
      );
      const check = finality(await verifyCredential(credential, { rpc: { [BASE]: provider } }));
      const confirmations = head - anchor.blockNumber + 1;
      expect(confirmations).to.be.lessThan(10);
      expect(check).to.deep.include({ status: "error", code: "FINALITY_PENDING" });
      expect(check.details).to.deep.equal({
        rule: "confirmations",
        confirmations,
        required: 10,
        anchoredBlock: anchor.blockNumber,
        head,
        tagUnavailable: "finalized",
      });
      expect(check.message).to.include('does not serve the "finalized" block tag');
    });

    it("counts confirmations when the caller gives minConfirmations, without asking for the tag", async function () {
      const provider = posingAs(8453, { number: 0n });
      const check = finality(await verifyCredential(credential, { rpc: { [BASE]: provider }, minConfirmations: 1 }));
      expect(check).to.deep.include({ status: "passed", code: "FINALITY_OK" });
      expect(check.details).to.deep.include({ rule: "confirmations", required: 1 });
      expect(provider.methods).to.not.include("eth_getBlockByNumber");
    });

    it("reads no tag on the local chain: one confirmation, as before", async function () {
      const provider = network.provider as unknown as Eip1193Provider;
      const local = withAnchor(credential as never, { ...anchor, chain: "eip155:31337" });
      const transport = createReadTransport({ chain: "eip155:31337", endpoints: [provider] });
      const check = finality(await verifyCredential(local, { rpc: { "eip155:31337": transport } }));
      expect(check).to.deep.include({ status: "passed", code: "FINALITY_OK" });
      expect(check.details).to.deep.include({ rule: "confirmations", required: 1 });
      expect(transport.stats.byMethod).to.not.have.property("eth_getBlockByNumber");
    });
  });
});
