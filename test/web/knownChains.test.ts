/**
 * The one network table (sdk/src/chain/networks.ts) and its three readers: the CLI's built-in networks,
 * hardhat.config.ts and the verifier page list the same networks with the same chain ids and explorers;
 * the page's public endpoints never become the CLI's defaults; the page links a registry address to the
 * explorer only when it is an address.
 */
import { expect } from "chai";
import hre from "hardhat";
import { BUILTIN_NETWORKS } from "../../cli/lib/networks";
import { defaultConfirmations } from "../../sdk/src/chain/defaultConfirmations";
import { KNOWN_NETWORKS } from "../../sdk/src/chain/networks";
import { explorerAddressUrl, KNOWN_CHAINS } from "../../web/src/rpcSettings";

describe("the network table", function () {
  it("has one entry per chain id, with an RPC variable, and public endpoints for every public network", function () {
    const entries = Object.entries(KNOWN_NETWORKS);
    expect(new Set(entries.map(([, network]) => network.chainId)).size).to.equal(entries.length);
    expect(new Set(entries.map(([, network]) => network.rpcEnv)).size).to.equal(entries.length);
    for (const [name, network] of entries) {
      if (name === "localhost") {
        expect(network.defaultRpc).to.deep.equal(["http://127.0.0.1:8545"]);
        continue;
      }
      expect(network.defaultRpc, name).to.equal(undefined);
      expect(network.publicRpc?.length, name).to.be.greaterThan(0);
      expect(network.explorer, name).to.match(/^https:\/\//);
    }
    expect(entries.map(([, network]) => network.chainId)).to.include.members([1, 8453, 10, 42161, 137]);
  });

  it("the CLI lists every network, in table order, with the chain's confirmations and no public endpoint", function () {
    expect(Object.keys(BUILTIN_NETWORKS)).to.deep.equal(Object.keys(KNOWN_NETWORKS));
    for (const [name, network] of Object.entries(KNOWN_NETWORKS)) {
      const builtin = BUILTIN_NETWORKS[name];
      expect(builtin, name).to.deep.include({
        chainId: network.chainId,
        rpcEnv: network.rpcEnv,
        confirmations: defaultConfirmations(network.chainId),
        note: network.note,
        currency: network.currency,
      });
      expect(builtin.explorer, name).to.equal(network.explorer);
      expect(builtin.mainnet, name).to.equal(network.mainnet);
      expect(builtin.defaultRpc, name).to.deep.equal(network.defaultRpc);
    }
  });

  it("hardhat.config.ts pins the table's chain id on every network", function () {
    for (const [name, network] of Object.entries(KNOWN_NETWORKS)) {
      expect(hre.config.networks[name]?.chainId, name).to.equal(network.chainId);
    }
  });

  it("the verifier page names every network, in table order, with its explorer and endpoints", function () {
    expect(KNOWN_CHAINS.map((chain) => chain.chainId)).to.deep.equal(
      Object.values(KNOWN_NETWORKS).map((network) => network.chainId),
    );
    for (const network of Object.values(KNOWN_NETWORKS)) {
      const known = KNOWN_CHAINS.find((chain) => chain.chainId === network.chainId)!;
      expect(known.name).to.equal(network.title);
      expect(known.explorer, network.title).to.equal(network.explorer);
      expect(known.defaults, network.title).to.deep.equal(network.defaultRpc ?? network.publicRpc);
    }
  });

  it("the page links an address to the chain's explorer, and nothing else", function () {
    const address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    expect(explorerAddressUrl(8453, address)).to.equal(`https://basescan.org/address/${address}`);
    expect(explorerAddressUrl(31337, address)).to.equal(undefined);
    expect(explorerAddressUrl(8453, "0x12/../../phish")).to.equal(undefined);
  });
});
