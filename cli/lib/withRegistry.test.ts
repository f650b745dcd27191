import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BaseError } from "../../sdk/src/errors/base";
import { KeyError, NetworkError, UsageError } from "../errors";
import { inCliTerms } from "./client";
import type { Eip1193Provider } from "./io";
import { PRIVATE_KEY_ENV } from "./keys";
import { testIo } from "./testIo";
import { withChain, withRegistry } from "./withRegistry";

const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const OTHER_REGISTRY = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
/** Hardhat's well-known account #0 (local use only). */
const HARDHAT_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const HARDHAT_ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

/** An in-process "hardhat" provider that answers eth_chainId with `chainId` and records the methods asked. */
function provider(chainId: number, asked: string[] = []): Eip1193Provider {
  return {
    request: async ({ method }: { method: string }) => {
      asked.push(method);
      if (method === "eth_chainId") return `0x${chainId.toString(16)}`;
      throw new Error(`unexpected ${method}`);
    },
  } as Eip1193Provider;
}

async function rejection(promise: Promise<unknown>): Promise<BaseError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(BaseError);
    return error as BaseError;
  }
  throw new Error("expected a rejection");
}

describe("cli: withRegistry, the registry preamble of the chain commands", function () {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-withregistry-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const io = (env: Record<string, string> = {}, chainId = 31337, asked: string[] = []) =>
    testIo({ cwd: dir, env, providers: { hardhat: provider(chainId, asked) } });

  it("a read gets a read-only client on the network's chain and the --registry address; no key is read", async function () {
    const session = await withRegistry(
      io({ [PRIVATE_KEY_ENV]: HARDHAT_KEY }),
      { network: "hardhat", registry: REGISTRY },
      { signer: "none" },
      async (s) => s,
    );
    expect(session.registry).to.equal(REGISTRY);
    expect(session.target).to.include({ name: "hardhat", chainId: 31337, registrySource: "--registry" });
    expect(session.client.chainId).to.equal(31337);
    expect(session.client.account).to.equal(undefined);
    expect(session.signer).to.equal(undefined);
  });

  it("--registry wins over the registry the input names; without the flag the input's is used", async function () {
    const flagged = await withRegistry(
      io(),
      { network: "hardhat", registry: REGISTRY },
      { signer: "none", registry: OTHER_REGISTRY },
      async (s) => s.registry,
    );
    expect(flagged).to.equal(REGISTRY);
    const named = await withRegistry(
      io(),
      { network: "hardhat" },
      { signer: "none", registry: OTHER_REGISTRY },
      async (s) => s.registry,
    );
    expect(named).to.equal(OTHER_REGISTRY);
  });

  it("no registry known: a NetworkError naming the network and how to deploy one, before any key is loaded", async function () {
    const error = await rejection(withRegistry(io(), { network: "hardhat" }, { signer: "required" }, async () => 0));
    expect(error).to.be.instanceOf(NetworkError);
    expect(error.shortMessage).to.equal("no registry known for network 'hardhat'");
    expect(error.fix).to.equal("run `credanchor deploy --network hardhat`, or pass --registry ADDR");
  });

  it("the chain named by a proof must agree with --network", async function () {
    const error = await rejection(
      withChain(io(), { network: "hardhat" }, { signer: "none", chainId: 11155111 }, async () => 0),
    );
    expect(error).to.be.instanceOf(NetworkError);
    expect(error.shortMessage).to.equal(
      "network 'hardhat' is chain 31337, but the credential was anchored on chain 11155111",
    );
  });

  it("a required key that is missing is a KeyError saying how to give one; the work does not run", async function () {
    let ran = false;
    const error = await rejection(
      withRegistry(io(), { network: "hardhat", registry: REGISTRY }, { signer: "required" }, async () => {
        ran = true;
      }),
    );
    expect(error).to.be.instanceOf(KeyError);
    expect(error.shortMessage).to.equal("no key to sign with");
    expect(ran).to.equal(false);
  });

  it("a required key signs: the client's account is the key's address, with --confirmations", async function () {
    const session = await withRegistry(
      io({ [PRIVATE_KEY_ENV]: HARDHAT_KEY }),
      { network: "hardhat", registry: REGISTRY, confirmations: 3 },
      { signer: "required" },
      async (s) => s,
    );
    expect(session.signer.address).to.equal(HARDHAT_ADDRESS);
    expect(session.client.account?.address).to.equal(HARDHAT_ADDRESS);
    expect(session.client.confirmations).to.equal(3);
  });

  it("an optional key: none when none is configured; a malformed one is still an error", async function () {
    const without = await withRegistry(
      io(),
      { network: "hardhat", registry: REGISTRY },
      { signer: "optional" },
      async (s) => s,
    );
    expect(without.signer).to.equal(undefined);
    expect(without.client.account).to.equal(undefined);
    const withKey = await withRegistry(
      io({ [PRIVATE_KEY_ENV]: HARDHAT_KEY }),
      { network: "hardhat", registry: REGISTRY },
      { signer: "optional" },
      async (s) => s,
    );
    expect(withKey.client.account?.address).to.equal(HARDHAT_ADDRESS);
    const error = await rejection(
      withRegistry(
        io({ [PRIVATE_KEY_ENV]: "0x1234" }),
        { network: "hardhat", registry: REGISTRY },
        { signer: "optional" },
        async () => 0,
      ),
    );
    expect(error).to.be.instanceOf(KeyError);
    expect(error.shortMessage).to.equal(`${PRIVATE_KEY_ENV} is not a private key (expected 32 bytes as 64 hex digits)`);
  });

  it("an identifying key reaches the work but the client does not sign with it", async function () {
    const session = await withRegistry(
      io({ [PRIVATE_KEY_ENV]: HARDHAT_KEY }),
      { network: "hardhat", registry: REGISTRY },
      { signer: { identify: async () => ({ address: HARDHAT_ADDRESS, source: "test" }) } },
      async (s) => s,
    );
    expect(session.signer?.address).to.equal(HARDHAT_ADDRESS);
    expect(session.client.account).to.equal(undefined);
  });

  it("checkChain asks the endpoint before the work runs; a wrong chain names the flags to change", async function () {
    const asked: string[] = [];
    let ran = false;
    const error = await rejection(
      withRegistry(
        io({}, 1, asked),
        { network: "hardhat", registry: REGISTRY },
        { signer: "none", checkChain: true },
        async () => {
          ran = true;
        },
      ),
    );
    expect(asked).to.deep.equal(["eth_chainId"]);
    expect(ran).to.equal(false);
    expect(error.code).to.equal("CHAIN_MISMATCH");
    expect(error.fix).to.equal(
      "network 'hardhat' must be chain 31337: check networks.hardhat.rpc or --rpc, or pick the --network that endpoint serves",
    );
  });

  it("the work's chain errors are put in command-line terms; other errors pass through as they are", async function () {
    const chainError = new BaseError("There is no CredentialRegistry at 0x… on chain 31337.", {
      code: "REGISTRY_NOT_FOUND",
    });
    const rewritten = await rejection(
      withRegistry(io(), { network: "hardhat", registry: REGISTRY }, { signer: "none" }, async () => {
        throw chainError;
      }),
    );
    expect(rewritten.cause).to.equal(chainError);
    expect(rewritten.fix).to.equal(
      "deploy one with `credanchor deploy --network hardhat` (a restarted local node forgets its contracts), or pass --registry ADDR",
    );
    const usage = new UsageError("--safe needs --export FILE");
    const passed = await rejection(
      withChain(io(), { network: "hardhat" }, { signer: "none" }, async () => {
        throw usage;
      }),
    );
    expect(passed).to.equal(usage);
  });

  it("an error already in command-line terms is not rewritten again (nested onChain)", async function () {
    const target = { name: "localhost", chainId: 31337, rpcUrls: ["http://127.0.0.1:8545"], named: true } as never;
    const once = inCliTerms(new BaseError("endpoint failed", { code: "RPC_REQUEST_FAILED" }), target);
    expect(once).to.be.instanceOf(BaseError);
    expect(inCliTerms(once, target)).to.equal(once);
  });

  it("a target resolved beforehand is used as it is (the flags then give only the key)", async function () {
    const resolved = await withChain(io(), { network: "hardhat" }, { signer: "none" }, async (s) => s.target);
    const session = await withChain(
      io(),
      { network: "localhost", rpc: ["http://127.0.0.1:1"] },
      { signer: "none", target: resolved },
      async (s) => s,
    );
    expect(session.target).to.equal(resolved);
    expect(session.client.chainId).to.equal(31337);
  });
});
