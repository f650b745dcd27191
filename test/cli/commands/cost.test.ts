/**
 * `credanchor cost` against a real `hardhat node` (the local network), against fake JSON-RPC servers
 * for the rollups' L1 data fee (an OP Stack chain answering through its GasPriceOracle, Arbitrum through
 * its NodeInterface), and with networks that cannot be reached.
 */
import { expect } from "chai";
import {
  decodeFunctionData,
  encodeAbiParameters,
  encodeFunctionResult,
  parseAbi,
  parseTransaction,
  type Hex,
} from "viem";
import { cost, type CostJson } from "../../../cli/commands/cost";
import { testIo } from "../../../cli/lib/testIo";
import { REGISTRY_GAS, REGISTRY_OPERATIONS, registryOperationTransaction } from "../../../sdk/src/chain/registryGas";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import { deadUrl } from "../../helpers/ports";
import { startRpcFaultProxy, type JsonRpcRequest } from "../../helpers/rpcFaultProxy";

const ORACLE_ABI = parseAbi(["function getL1Fee(bytes data) view returns (uint256)"]);
const NODE_INTERFACE_ABI = parseAbi([
  "function gasEstimateL1Component(address to, bool contractCreation, bytes data) view returns (uint64 gasEstimateForL1, uint256 baseFee, uint256 l1BaseFeeEstimate)",
]);
const GWEI = 1_000_000_000n;

interface FakeChain {
  url: string;
  /** The eth_calls received, in order. */
  readonly calls: Array<{ to: string; data: Hex }>;
  stop(): Promise<void>;
}

/** A fake node for chain `chainId` with a fixed base fee and tip; `onCall` answers eth_call. */
async function fakeChain(
  chainId: number,
  baseFee: bigint,
  tip: bigint,
  onCall: (to: string, data: Hex) => Hex,
): Promise<FakeChain> {
  const proxy = await startRpcFaultProxy(undefined);
  const answer = (method: string, result: unknown) => proxy.inject({ method, fault: { kind: "answer", result } });
  answer("eth_chainId", `0x${chainId.toString(16)}`);
  answer("eth_maxPriorityFeePerGas", `0x${tip.toString(16)}`);
  answer("eth_getBlockByNumber", {
    number: "0x2a",
    hash: `0x${"ab".repeat(32)}`,
    parentHash: `0x${"cd".repeat(32)}`,
    timestamp: "0x6553f100",
    baseFeePerGas: `0x${baseFee.toString(16)}`,
    gasLimit: "0x1c9c380",
    gasUsed: "0x0",
    miner: `0x${"00".repeat(20)}`,
    transactions: [],
    uncles: [],
    logsBloom: `0x${"00".repeat(256)}`,
    extraData: "0x",
    difficulty: "0x0",
    nonce: "0x0000000000000000",
    size: "0x200",
  });
  answer("eth_call", (request: JsonRpcRequest) => {
    const { to, data } = request.params?.[0] as { to: string; data: Hex };
    return onCall(to, data);
  });
  proxy.inject({ fault: { kind: "rpcError", code: -32601, message: "method not supported" } });
  return {
    url: proxy.url,
    get calls() {
      return proxy.log
        .filter((entry) => entry.method === "eth_call")
        .map((entry) => {
          const { to, data } = entry.params[0] as { to: string; data: Hex };
          return { to, data };
        });
    },
    stop: () => proxy.close(),
  };
}

async function runCost(env: Record<string, string>, networks: string[]): Promise<CostJson> {
  const io = testIo({ env });
  expect(await cost({ networks, json: true }, io)).to.equal(0);
  return JSON.parse(io.stdout.text()) as CostJson;
}

type OkRow = Extract<CostJson["networks"][number], { status: "ok" }>;

function ok(json: CostJson, index = 0): OkRow {
  const row = json.networks[index];
  if (row.status !== "ok") throw new Error(`network ${row.network} unavailable: ${row.reason}`);
  return row;
}

describe("credanchor cost", function () {
  this.timeout(120_000);

  describe("on a hardhat node", function () {
    let node: SharedHardhatNode;
    before(async function () {
      node = await sharedHardhatNode();
    });
    after(async function () {
      await node?.release();
    });

    it("prices every operation at the node's base fee and tip, with no data fee on an L1", async function () {
      const rpc = async (method: string, params: unknown[] = []) => {
        const response = await fetch(node.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
        });
        return ((await response.json()) as { result: unknown }).result;
      };
      const json = await runCost({ LOCALHOST_RPC_URL: node.url }, ["localhost"]);
      const row = ok(json);
      const block = (await rpc("eth_getBlockByNumber", ["latest", false])) as { number: string; baseFeePerGas: string };
      const tip = BigInt((await rpc("eth_maxPriorityFeePerGas")) as string);
      expect(row).to.deep.include({
        network: "localhost",
        chainId: 31337,
        currency: "ETH",
        l1FeeMethod: "none",
        baseFeePerGas: BigInt(block.baseFeePerGas).toString(),
        maxPriorityFeePerGas: tip.toString(),
        blockNumber: BigInt(block.number).toString(),
      });
      expect(BigInt(block.baseFeePerGas)).to.be.greaterThan(0n);
      expect(row.operations.map((o) => o.operation)).to.deep.equal([...REGISTRY_OPERATIONS]);
      for (const o of row.operations) {
        const gas = REGISTRY_GAS[o.operation].gas;
        const execution = gas * (BigInt(block.baseFeePerGas) + tip);
        expect(o, o.operation).to.deep.equal({
          operation: o.operation,
          gas: gas.toString(),
          measured: true,
          executionCost: execution.toString(),
          l1Fee: "0",
          total: execution.toString(),
        });
      }
      expect(json.gas.anchor).to.deep.equal({
        gas: "49237",
        measured: true,
        description: REGISTRY_GAS.anchor.description,
      });
    });

    it("prints a table per network", async function () {
      const io = testIo({ env: { LOCALHOST_RPC_URL: node.url } });
      expect(await cost({ networks: ["localhost"] }, io)).to.equal(0);
      const text = io.stdout.text();
      expect(text).to.match(/^localhost \(chain 31337, block \d+\): base fee [\d.]+ gwei \+ priority [\d.]+ gwei$/m);
      expect(text).to.match(/^ {2}operation +gas +total \(ETH\)$/m);
      expect(text).to.match(/^ {2}anchor +49,237 +0\.\d+$/m);
      expect(text).to.match(/^ {2}revoke 256 +54,181 +0\.\d+$/m);
      expect(text).to.match(/^ {2}clone +196,625 +0\.\d+$/m);
      expect(text).to.not.include("estimate");
    });
  });

  it("adds the OP Stack's L1 data fee, read from the GasPriceOracle with each operation's serialized transaction", async function () {
    const priced = new Map<Hex, bigint>();
    const chain = await fakeChain(8453, 5_000_000n, 1_000_000n, (to, data) => {
      expect(to.toLowerCase()).to.equal("0x420000000000000000000000000000000000000f");
      const { functionName, args } = decodeFunctionData({ abi: ORACLE_ABI, data });
      expect(functionName).to.equal("getL1Fee");
      const transaction = parseTransaction(args[0]);
      expect(transaction.chainId).to.equal(8453);
      // A known fee per transaction: 1 gwei per byte of the serialized transaction.
      const fee = BigInt((args[0].length - 2) / 2) * GWEI;
      priced.set(transaction.data!, fee);
      return encodeFunctionResult({ abi: ORACLE_ABI, functionName: "getL1Fee", result: fee });
    });
    try {
      const row = ok(await runCost({ BASE_RPC_URL: chain.url }, ["base"]));
      expect(row).to.deep.include({
        chainId: 8453,
        l1FeeMethod: "op-stack-gas-price-oracle",
        baseFeePerGas: "5000000",
      });
      expect(chain.calls).to.have.length(REGISTRY_OPERATIONS.length);
      for (const o of row.operations) {
        const fee = priced.get(registryOperationTransaction(o.operation).data);
        expect(fee !== undefined, o.operation).to.equal(true);
        const execution = REGISTRY_GAS[o.operation].gas * 6_000_000n;
        expect(o, o.operation).to.deep.include({
          executionCost: execution.toString(),
          l1Fee: fee!.toString(),
          total: (execution + fee!).toString(),
        });
      }
      // The deployment carries the whole bytecode: its data fee is the largest.
      const fees = Object.fromEntries(row.operations.map((o) => [o.operation, BigInt(o.l1Fee)]));
      expect(fees.deploy).to.be.greaterThan(10_000n * GWEI);
      expect(fees.anchor).to.be.lessThan(200n * GWEI);
    } finally {
      await chain.stop();
    }
  });

  it("adds Arbitrum's L1 component, read from the NodeInterface", async function () {
    const chain = await fakeChain(42161, 10_000_000n, 0n, (to, data) => {
      expect(to.toLowerCase()).to.equal("0x00000000000000000000000000000000000000c8");
      const { args } = decodeFunctionData({ abi: NODE_INTERFACE_ABI, data });
      const gasForL1 = 1_000n + BigInt((args[2].length - 2) / 2);
      return encodeAbiParameters(
        [{ type: "uint64" }, { type: "uint256" }, { type: "uint256" }],
        [gasForL1, 10_000_000n, 30n * GWEI],
      );
    });
    try {
      const row = ok(await runCost({ ARBITRUM_RPC_URL: chain.url }, ["arbitrum"]));
      expect(row).to.deep.include({
        chainId: 42161,
        l1FeeMethod: "arbitrum-node-interface",
        maxPriorityFeePerGas: "0",
      });
      for (const o of row.operations) {
        const { data, create } = registryOperationTransaction(o.operation);
        const call = chain.calls.find(
          (c) => decodeFunctionData({ abi: NODE_INTERFACE_ABI, data: c.data }).args[2] === data,
        );
        expect(call, o.operation).to.not.equal(undefined);
        expect(decodeFunctionData({ abi: NODE_INTERFACE_ABI, data: call!.data }).args[1]).to.equal(create);
        const l1Fee = (1_000n + BigInt((data.length - 2) / 2)) * 10_000_000n;
        expect(o.l1Fee, o.operation).to.equal(l1Fee.toString());
        expect(o.total).to.equal((REGISTRY_GAS[o.operation].gas * 10_000_000n + l1Fee).toString());
      }
    } finally {
      await chain.stop();
    }
  });

  it("says why a network is unavailable (unreachable, no RPC URL, wrong chain, unknown), never a number, never a crash", async function () {
    const dead = await deadUrl();
    const wrongChain = await fakeChain(1, GWEI, GWEI, () => "0x");
    try {
      const json = await runCost({ OP_SEPOLIA_RPC_URL: `${dead}/v3/SECRET-KEY`, POLYGON_RPC_URL: wrongChain.url }, [
        "opSepolia",
        "ethereum",
        "polygon",
        "nowhere",
      ]);
      expect(json.networks.map((n) => n.status)).to.deep.equal([
        "unavailable",
        "unavailable",
        "unavailable",
        "unavailable",
      ]);
      const [unreachable, noUrl, wrong, unknown] = json.networks as Array<{
        network: string;
        chainId?: number;
        reason: string;
      }>;
      expect(unreachable).to.include({ network: "opSepolia", chainId: 11155420 });
      expect(unreachable.reason).to.match(/^could not read the endpoint's chain id \(eth_chainId\): .*ECONNREFUSED/);
      expect(JSON.stringify(json)).to.not.include("SECRET-KEY");
      expect(noUrl).to.include({ network: "ethereum", chainId: 1 });
      expect(noUrl.reason).to.match(/^no RPC URL for network 'ethereum' \(set ETHEREUM_RPC_URL=/);
      expect(wrong).to.include({ network: "polygon", chainId: 137 });
      expect(wrong.reason).to.include("serves chain 1, but this client is set up for chain 137");
      expect(unknown).to.deep.equal({
        network: "nowhere",
        status: "unavailable",
        reason: unknown.reason,
      });
      expect(unknown.reason).to.match(/^unknown network 'nowhere'/);

      const io = testIo({ env: {} });
      expect(await cost({ networks: ["ethereum"] }, io)).to.equal(0);
      expect(io.stdout.text()).to.match(/^ethereum \(chain 1\): unavailable: no RPC URL for network 'ethereum'/m);
    } finally {
      await wrongChain.stop();
    }
  });

  it("prices every built-in network when none is named", async function () {
    const json = await runCost({}, []);
    expect(json.networks.map((n) => n.network)).to.include.members([
      "localhost",
      "sepolia",
      "ethereum",
      "base",
      "optimism",
      "arbitrum",
      "polygon",
    ]);
  });
});
