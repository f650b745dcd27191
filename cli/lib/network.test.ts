import { expect } from "chai";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { ConfigError, NetworkError } from "../errors";
import { loadConfig } from "./config";
import { writeDeployment } from "./deployments";
import type { Eip1193Provider } from "./io";
import { requireRegistry, resolveChain, resolveRegistryTarget } from "./network";
import { currencyOf, explorerLink } from "./networks";
import { testIo } from "./testIo";
import { REGISTRY_COMPILER } from "../../sdk/src/chain/deploymentRecord";

const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const ADMIN = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const localRecord = {
  network: "localhost",
  chainId: 31337,
  address: REGISTRY,
  args: { admin: ADMIN, name: "Example University", url: "https://example.edu" },
  compiler: REGISTRY_COMPILER,
} as const;

function expectThrows(fn: () => unknown): Error & { shortMessage?: string; fix?: string } {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("cli: config and network resolution", function () {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-net-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("localhost works without a config file, registry from deployments/localhost.json", function () {
    writeDeployment(dir, localRecord);
    const target = resolveChain(testIo({ cwd: dir }), { network: "localhost" });
    expect(target).to.include({ name: "localhost", chainId: 31337, registry: REGISTRY, named: true });
    expect(target.registrySource).to.equal("deployments/localhost.json");
    expect(target.rpcUrls).to.deep.equal(["http://127.0.0.1:8545"]);
  });

  it("--rpc replaces the network's URLs and --registry wins over deployments", function () {
    writeDeployment(dir, localRecord);
    const other = "0x0000000000000000000000000000000000000001";
    const target = resolveChain(testIo({ cwd: dir }), {
      network: "localhost",
      rpc: ["http://127.0.0.1:9000", "http://127.0.0.1:9001"],
      registry: other,
    });
    expect(target.rpcUrls).to.deep.equal(["http://127.0.0.1:9000", "http://127.0.0.1:9001"]);
    expect(target.registry).to.equal(other);
  });

  it("a testnet takes its RPC URL from the environment, and says which variable to set when missing", function () {
    const withEnv = resolveChain(testIo({ cwd: dir, env: { SEPOLIA_RPC_URL: "https://sepolia.example/v3/x" } }), {
      network: "sepolia",
    });
    expect(withEnv).to.include({ chainId: 11155111 });
    expect(withEnv.rpcUrls).to.deep.equal(["https://sepolia.example/v3/x"]);
    const error = expectThrows(() => resolveChain(testIo({ cwd: dir }), { network: "baseSepolia" }));
    expect(error).to.be.instanceOf(NetworkError);
    expect(error.shortMessage).to.equal("no RPC URL for network 'baseSepolia'");
    expect(error.fix).to.include("set BASE_SEPOLIA_RPC_URL=");
  });

  it("the mainnets are built in: pinned chain ids, RPC URL from the environment, explorer links", function () {
    const expected = {
      ethereum: [1, "ETHEREUM_RPC_URL", "https://etherscan.io"],
      base: [8453, "BASE_RPC_URL", "https://basescan.org"],
      optimism: [10, "OPTIMISM_RPC_URL", "https://optimistic.etherscan.io"],
      arbitrum: [42161, "ARBITRUM_RPC_URL", "https://arbiscan.io"],
      polygon: [137, "POLYGON_RPC_URL", "https://polygonscan.com"],
    } as const;
    for (const [name, [chainId, variable, explorer]] of Object.entries(expected)) {
      const target = resolveChain(testIo({ cwd: dir, env: { [variable]: `https://${name}.example/v2/key` } }), {
        network: name,
      });
      expect(target, name).to.include({ name, chainId, explorer, named: true });
      expect(target.rpcUrls).to.deep.equal([`https://${name}.example/v2/key`]);
      const error = expectThrows(() => resolveChain(testIo({ cwd: dir }), { network: name }));
      expect(error.fix).to.include(`set ${variable}=`);
    }
    expect(explorerLink("https://basescan.org", "tx", "0xab")).to.equal("https://basescan.org/tx/0xab");
    expect(explorerLink(undefined, "tx", "0xab")).to.equal(undefined);
    expect(currencyOf(137)).to.equal("POL");
    expect(currencyOf(80002)).to.equal("POL");
    expect(currencyOf(8453)).to.equal("ETH");
  });

  it("a configured explorer replaces the built-in one; a malformed one is refused with its pointer", function () {
    const file = path.join(dir, "credanchor.config.json");
    fs.writeFileSync(file, JSON.stringify({ networks: { base: { explorer: "https://base.blockscout.example/" } } }));
    const target = resolveChain(testIo({ cwd: dir, env: { BASE_RPC_URL: "https://base.example" } }), {
      network: "base",
    });
    expect(target.explorer).to.equal("https://base.blockscout.example");
    fs.writeFileSync(file, JSON.stringify({ networks: { base: { explorer: "javascript:alert(1)" } } }));
    const error = expectThrows(() => loadConfig(testIo({ cwd: dir })));
    expect(error).to.be.instanceOf(ConfigError);
    expect(error.shortMessage).to.equal("explorer must be an http(s) URL (the block explorer's base), or empty");
    expect((error as ConfigError).location).to.deep.include({ pointer: "/networks/base/explorer" });
  });

  it("the hardhat network is refused on the command line, and used when a provider is injected", function () {
    const error = expectThrows(() => resolveChain(testIo({ cwd: dir }), { network: "hardhat" }));
    expect(error.shortMessage).to.include("cannot be reached from the command line");
    expect(error.fix).to.include("--network localhost");
    const provider: Eip1193Provider = { request: async () => "0x7a69" };
    const target = resolveChain(testIo({ cwd: dir, providers: { hardhat: provider } }), { network: "hardhat" });
    expect(target.provider).to.equal(provider);
    expect(target.chainId).to.equal(31337);
  });

  it("an unknown network lists the known ones", function () {
    const error = expectThrows(() => resolveChain(testIo({ cwd: dir }), { network: "mainnet" }));
    expect(error.shortMessage).to.equal("unknown network 'mainnet'");
    expect(error.fix).to.include("localhost, sepolia, baseSepolia");
  });

  it("the chain of a proof picks the network, and a contradicting --network is refused", function () {
    const target = resolveChain(testIo({ cwd: dir }), { chainId: 31337 });
    expect(target.name).to.equal("localhost");
    const error = expectThrows(() =>
      resolveChain(testIo({ cwd: dir, env: { SEPOLIA_RPC_URL: "https://s.example" } }), {
        network: "sepolia",
        chainId: 31337,
      }),
    );
    expect(error.shortMessage).to.equal(
      "network 'sepolia' is chain 11155111, but the credential was anchored on chain 31337",
    );
  });

  it("without --network, the config's defaultNetwork applies; with neither, the error says what to pass", function () {
    const error = expectThrows(() => resolveChain(testIo({ cwd: dir }), {}));
    expect(error.shortMessage).to.equal("no network given");
    fs.writeFileSync(
      path.join(dir, "credanchor.config.json"),
      JSON.stringify({
        "//": "comment",
        defaultNetwork: "campus",
        networks: {
          campus: { "//": "our own chain", chainId: 4242, rpc: ["http://10.0.0.1:8545"], registry: REGISTRY },
        },
      }),
    );
    const target = resolveChain(testIo({ cwd: dir }), {});
    expect(target).to.include({ name: "campus", chainId: 4242, registry: REGISTRY });
    expect(target.registrySource).to.equal("networks.campus.registry in the config");
  });

  it("requireRegistry says to deploy when no registry is known", async function () {
    const target = resolveChain(testIo({ cwd: dir }), { network: "localhost" });
    const error = (await requireRegistry(target).catch((e: unknown) => e)) as NetworkError;
    expect(error).to.be.instanceOf(NetworkError);
    expect(error.shortMessage).to.equal("no registry known for network 'localhost'");
    expect(error.fix).to.include("credanchor deploy --network localhost");
  });

  it("resolveRegistryTarget resolves the four chain flags and requires the registry, ignoring other options", async function () {
    writeDeployment(dir, localRecord);
    const options = { network: "localhost", rpc: ["http://127.0.0.1:9000"], chainId: 1, dirs: ["batch-1"] };
    const { target, registry } = await resolveRegistryTarget(testIo({ cwd: dir }), options);
    expect(registry).to.equal(REGISTRY);
    expect(target).to.include({ name: "localhost", chainId: 31337, registry: REGISTRY });
    expect(target.rpcUrls).to.deep.equal(["http://127.0.0.1:9000"]);

    fs.rmSync(path.join(dir, "deployments"), { recursive: true, force: true });
    const error = (await resolveRegistryTarget(testIo({ cwd: dir }), { network: "localhost" }).catch(
      (e: unknown) => e,
    )) as NetworkError;
    expect(error).to.be.instanceOf(NetworkError);
    expect(error.shortMessage).to.equal("no registry known for network 'localhost'");
  });

  describe("a bare --rpc URL (issue 12, rough edge)", function () {
    let server: http.Server;
    let url: string;
    let chainIdAsked = 0;
    before(async function () {
      server = http.createServer((request, response) => {
        let body = "";
        request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
        request.on("end", () => {
          const { id, method } = JSON.parse(body) as { id: number; method: string };
          if (method === "eth_chainId") chainIdAsked++;
          const reply =
            method === "eth_chainId"
              ? { jsonrpc: "2.0", id, result: "0x7a69" }
              : { jsonrpc: "2.0", id, error: { code: -32601, message: "method not found" } };
          response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async function () {
      await new Promise((resolve) => server.close(resolve));
    });

    it("finds the network by the endpoint's chain id, and its deployment record", async function () {
      writeDeployment(dir, localRecord);
      const target = resolveChain(testIo({ cwd: dir }), { rpc: [url] });
      expect(target).to.include({ name: "rpc", named: false });
      chainIdAsked = 0;
      expect(await requireRegistry(target)).to.equal(REGISTRY);
      expect(chainIdAsked).to.equal(1);
      expect(target).to.include({ chainId: 31337, registry: REGISTRY });
      expect(target.registrySource).to.equal("deployments/localhost.json (chain 31337, the --rpc endpoint's)");
    });

    it("says which chain and network have no registry when the endpoint's chain has none", async function () {
      const target = resolveChain(testIo({ cwd: dir }), { rpc: [url] });
      const error = (await requireRegistry(target).catch((e: unknown) => e)) as NetworkError;
      expect(error).to.be.instanceOf(NetworkError);
      expect(error.shortMessage).to.equal(
        "no registry known for chain 31337 (the --rpc endpoint's chain, network 'localhost')",
      );
      expect(error.fix).to.equal(
        "run `credanchor deploy --rpc URL` against that endpoint (it records deployments/localhost.json), or pass --registry ADDR",
      );
    });
  });

  it("a config that is not JSON names the line; a wrong value names the JSON pointer", function () {
    const file = path.join(dir, "credanchor.config.json");
    fs.writeFileSync(file, '{\n  "issuer": {},\n  "networks": {,}\n}\n');
    let error = expectThrows(() => loadConfig(testIo({ cwd: dir })));
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as ConfigError).location).to.include({ file: "credanchor.config.json", line: 3 });
    fs.writeFileSync(file, JSON.stringify({ networks: { localhost: { registry: "0x12" } } }));
    error = expectThrows(() => loadConfig(testIo({ cwd: dir })));
    expect((error as ConfigError).location).to.deep.equal({
      file: "credanchor.config.json",
      pointer: "/networks/localhost/registry",
    });
  });

  it("a --config file that does not exist is an error; the default one may be absent", function () {
    expect(loadConfig(testIo({ cwd: dir })).file).to.equal(undefined);
    const error = expectThrows(() => loadConfig(testIo({ cwd: dir }), "nope.json"));
    expect(error.shortMessage).to.equal("cannot read config file nope.json: ENOENT");
  });

  it("rejects an --rpc that is not a URL and a --registry that is not an address", function () {
    expect(expectThrows(() => resolveChain(testIo({ cwd: dir }), { rpc: ["localhost:8545"] })).shortMessage).to.equal(
      "--rpc: 'localhost:8545' is not an http(s) or ws(s) URL",
    );
    expect(
      expectThrows(() => resolveChain(testIo({ cwd: dir }), { network: "localhost", registry: "0xabc" })).shortMessage,
    ).to.equal("--registry: '0xabc' is not an address");
  });
});
