import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../lib/config";
import { testIo } from "../lib/testIo";
import { main } from "../main";
import { DEFAULT_ISSUER_NAME, init } from "./init";

describe("cli: init", function () {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-init-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes a commented config that loads back with the defaults", async function () {
    const io = testIo({ cwd: dir });
    expect(await init({}, io)).to.equal(0);
    const text = fs.readFileSync(path.join(dir, "credanchor.config.json"), "utf8");
    const raw = JSON.parse(text) as Record<string, unknown>;
    expect(raw["//"]).to.be.an("array");
    const { config } = loadConfig(io);
    expect(config.issuer).to.deep.equal({
      id: "did:web:issuer.example",
      name: DEFAULT_ISSUER_NAME,
      url: "https://issuer.example",
    });
    expect(config.defaultNetwork).to.equal("localhost");
    expect(config.networks.localhost).to.deep.equal({
      chainId: 31337,
      rpc: ["http://127.0.0.1:8545"],
      rpcEnv: "LOCALHOST_RPC_URL",
      confirmations: 1,
    });
    expect(config.networks.sepolia).to.include({
      chainId: 11155111,
      rpcEnv: "SEPOLIA_RPC_URL",
      explorer: "https://sepolia.etherscan.io",
    });
    expect(config.networks.base).to.include({
      chainId: 8453,
      rpcEnv: "BASE_RPC_URL",
      explorer: "https://basescan.org",
      confirmations: 10,
    });
    expect(Object.keys(config.networks)).to.have.members([
      "localhost",
      "sepolia",
      "baseSepolia",
      "opSepolia",
      "arbitrumSepolia",
      "polygonAmoy",
      "ethereum",
      "base",
      "optimism",
      "arbitrum",
      "polygon",
    ]);
    expect(io.stdout.text()).to.include("wrote credanchor.config.json").and.to.include("credanchor deploy");
  });

  it("takes the issuer profile and default network from flags", async function () {
    const io = testIo({ cwd: dir });
    const code = await main(
      ["init", "--name", "Northbridge School of Nursing", "--url", "https://nursing.example", "--network", "sepolia"],
      io,
    );
    expect(code).to.equal(0);
    const { config } = loadConfig(io);
    expect(config.issuer).to.deep.equal({
      id: "did:web:nursing.example",
      name: "Northbridge School of Nursing",
      url: "https://nursing.example",
    });
    expect(config.defaultNetwork).to.equal("sepolia");
    expect(io.stdout.text()).to.include("export SEPOLIA_RPC_URL=");
  });

  it("refuses to overwrite an existing file without --force", async function () {
    const file = path.join(dir, "credanchor.config.json");
    fs.writeFileSync(file, '{"issuer":{"name":"mine"}}');
    const io = testIo({ cwd: dir });
    expect(await main(["init"], io)).to.equal(1);
    expect(io.stderr.text()).to.equal(
      "error: credanchor.config.json already exists\n  fix: edit it, or pass --force to replace it with a fresh one\n",
    );
    expect(fs.readFileSync(file, "utf8")).to.equal('{"issuer":{"name":"mine"}}');
    expect(await main(["init", "--force", "--name", "Fresh"], testIo({ cwd: dir }))).to.equal(0);
    expect(loadConfig(io).config.issuer.name).to.equal("Fresh");
  });

  it("rejects a URL that is not http(s) and an unknown network, writing nothing", async function () {
    const io = testIo({ cwd: dir });
    expect(await main(["init", "--url", "nursing.example"], io)).to.equal(2);
    expect(io.stderr.text()).to.include("error: --url must be an http(s) URL, not 'nursing.example'");
    expect(await main(["init", "--network", "mainnet"], io)).to.equal(2);
    expect(io.stderr.text()).to.include("error: unknown network 'mainnet'");
    expect(fs.existsSync(path.join(dir, "credanchor.config.json"))).to.equal(false);
  });
});
