/**
 * The verifier page's chain list agrees with the CLI's network table: every built-in public network
 * (testnets and mainnets) is named on the page with the same chain id and explorer, and the page links
 * a registry address to that explorer only when it is an address.
 */
import { expect } from "chai";
import { BUILTIN_NETWORKS } from "../../cli/lib/networks";
import { explorerAddressUrl, KNOWN_CHAINS } from "../../web/src/rpcSettings";

describe("the verifier page's chains", function () {
  it("names every built-in network of the CLI, with the same explorer", function () {
    for (const [name, network] of Object.entries(BUILTIN_NETWORKS)) {
      const known = KNOWN_CHAINS.find((chain) => chain.chainId === network.chainId);
      expect(known, name).to.not.equal(undefined);
      expect(known!.explorer, name).to.equal(network.explorer);
      if (network.chainId !== 31337) expect(known!.defaults.length, name).to.be.greaterThan(0);
    }
    expect(KNOWN_CHAINS.map((chain) => chain.chainId)).to.include.members([1, 8453, 10, 42161, 137]);
  });

  it("links an address to the chain's explorer, and nothing else", function () {
    const address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    expect(explorerAddressUrl(8453, address)).to.equal(`https://basescan.org/address/${address}`);
    expect(explorerAddressUrl(31337, address)).to.equal(undefined);
    expect(explorerAddressUrl(8453, "0x12/../../phish")).to.equal(undefined);
  });
});
