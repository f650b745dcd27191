import { expect } from "chai";
import { type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { ChainMismatchError } from "../errors/registry";
import { SignerAccountError, SignerResponseError } from "../errors/signer";
import { connectJsonRpcSigner, jsonRpcSignerAccount } from "./jsonRpcSigner";

// Hardhat's well-known test keys.
const KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d" as Hex;
const OTHER_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a" as Hex;
const account = privateKeyToAccount(KEY);

const TX = {
  type: "eip1559" as const,
  chainId: 31337,
  nonce: 7,
  to: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Hex,
  data: "0x12345678" as Hex,
  value: 0n,
  gas: 100_000n,
  maxFeePerGas: 2_000_000_000n,
  maxPriorityFeePerGas: 1_000_000_000n,
};

/** A fake signer endpoint: `sign` decides what eth_signTransaction returns. */
function fakeSigner(options: { chainId?: number; sign?: () => Promise<unknown> }): typeof fetch {
  return (async (_url: unknown, init?: { body?: unknown }) => {
    const { id, method, params } = JSON.parse(String(init?.body)) as { id: number; method: string; params: unknown[] };
    const reply = (body: object) => new Response(JSON.stringify({ jsonrpc: "2.0", id, ...body }));
    if (method === "eth_accounts") return reply({ result: [account.address] });
    if (method === "eth_chainId") return reply({ result: `0x${(options.chainId ?? 31337).toString(16)}` });
    if (method === "eth_signTransaction" && params.length === 0)
      return reply({ error: { code: -32602, message: "missing value" } });
    if (method === "eth_signTransaction") return reply({ result: await options.sign!() });
    return reply({ error: { code: -32601, message: "method not found" } });
  }) as typeof fetch;
}

describe("chain: external JSON-RPC signer", function () {
  it("accepts the transaction it asked for, signed by the signer's account (plain or as { raw })", async function () {
    const raw = await account.signTransaction(TX);
    for (const answer of [raw, { raw, tx: {} }]) {
      const signer = await connectJsonRpcSigner({
        url: "http://signer.test",
        chainId: 31337,
        fetch: fakeSigner({ sign: async () => answer }),
      });
      expect(signer.method).to.equal("sign");
      expect(await jsonRpcSignerAccount(signer).signTransaction!(TX)).to.equal(raw);
    }
  });

  it("refuses a signed transaction that differs from the request, or is signed by another key", async function () {
    const cases: Array<[string, () => Promise<Hex>, RegExp]> = [
      ["another nonce", () => account.signTransaction({ ...TX, nonce: 8 }), /nonce 8 instead of 7/],
      [
        "another target",
        () => account.signTransaction({ ...TX, to: "0x0000000000000000000000000000000000000bad" }),
        /to 0x0+bad instead of/i,
      ],
      ["other calldata", () => account.signTransaction({ ...TX, data: "0xdeadbeef" }), /other calldata/],
      ["a higher fee cap", () => account.signTransaction({ ...TX, maxFeePerGas: 9_000_000_000n }), /higher fee cap/],
      ["another signer", () => privateKeyToAccount(OTHER_KEY).signTransaction(TX), /signed by 0x3C44/],
    ];
    for (const [name, sign, message] of cases) {
      const signer = await connectJsonRpcSigner({
        url: "http://signer.test",
        chainId: 31337,
        fetch: fakeSigner({ sign }),
      });
      let caught: unknown;
      try {
        await jsonRpcSignerAccount(signer).signTransaction!(TX);
      } catch (error) {
        caught = error;
      }
      expect(caught, name).to.be.instanceOf(SignerResponseError);
      expect((caught as Error).message, name).to.match(message);
    }
  });

  it("refuses a signer on another chain, and an account it does not hold", async function () {
    let caught: unknown;
    try {
      await connectJsonRpcSigner({ url: "http://signer.test", chainId: 31337, fetch: fakeSigner({ chainId: 8453 }) });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(ChainMismatchError).and.to.include({
      code: "SIGNER_CHAIN_MISMATCH",
      scope: "signer",
      expectedChainId: 31337,
      actualChainId: 8453,
      endpoint: "http://signer.test",
    });
    expect((caught as ChainMismatchError).shortMessage).to.equal(
      "The signer at http://signer.test is on chain 8453, but the network is chain 31337.",
    );
    caught = undefined;
    try {
      await connectJsonRpcSigner({
        url: "http://signer.test",
        chainId: 31337,
        from: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
        fetch: fakeSigner({}),
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(SignerAccountError);
    expect((caught as Error).message).to.include(
      `does not hold 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC (it offers ${account.address})`,
    );
  });
});
