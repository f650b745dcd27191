import { expect } from "chai";
import { HARDHAT_ACCOUNTS } from "./hardhatNode";
import { sharedHardhatNode } from "./sharedHardhatNode";

const [ALICE, BOB] = HARDHAT_ACCOUNTS;

describe("test helper: sharedHardhatNode", function () {
  it("hands every suite the same node, and release() puts the chain back as the suite found it", async function () {
    const first = await sharedHardhatNode();
    const startBlock = await first.rpc<string>("eth_blockNumber");
    const startBalance = await first.rpc<string>("eth_getBalance", [BOB.address, "latest"]);
    const startTime = Number(
      (await first.rpc<{ timestamp: string }>("eth_getBlockByNumber", ["latest", false])).timestamp,
    );
    try {
      expect(first.url).to.equal(`http://127.0.0.1:${first.port}`);
      expect(first.chainId).to.equal(31337);
      await first.rpc("eth_sendTransaction", [{ from: ALICE.address, to: BOB.address, value: "0xde0b6b3a7640000" }]);
      await first.rpc("hardhat_mine", ["0x10"]);
      await first.rpc("evm_increaseTime", [86_400]);
      await first.rpc("evm_setAutomine", [false]);
      await first.rpc("eth_sendTransaction", [{ from: ALICE.address, to: BOB.address, value: "0x1" }]);
      expect(await first.rpc<string>("eth_getBalance", [BOB.address, "latest"])).to.not.equal(startBalance);

      // A nested suite (a describe inside the first) gets the same node on a snapshot of its own.
      const nested = await sharedHardhatNode();
      expect(nested.url).to.equal(first.url);
      await nested.rpc("evm_setAutomine", [true]);
      await nested.rpc("hardhat_mine", ["0x5"]);
      const nestedBlock = Number(await nested.rpc<string>("eth_blockNumber"));
      await nested.release();
      expect(Number(await first.rpc<string>("eth_blockNumber"))).to.be.lessThan(nestedBlock);
      expect(await first.rpc<boolean>("hardhat_getAutomine")).to.equal(true);
    } finally {
      await first.release();
    }
    await first.release(); // a second release is harmless

    const second = await sharedHardhatNode();
    try {
      expect(second.url).to.equal(first.url);
      expect(await second.rpc<string>("eth_blockNumber")).to.equal(startBlock);
      expect(await second.rpc<string>("eth_getBalance", [BOB.address, "latest"])).to.equal(startBalance);
      expect(await second.rpc<boolean>("hardhat_getAutomine")).to.equal(true);
      const pending = await second.rpc<{ transactions: string[] }>("eth_getBlockByNumber", ["pending", false]);
      expect(pending.transactions).to.deep.equal([]);
      // The day added with evm_increaseTime went back with the snapshot.
      await second.rpc("evm_mine");
      const mined = await second.rpc<{ timestamp: string }>("eth_getBlockByNumber", ["latest", false]);
      expect(Number(mined.timestamp) - startTime).to.be.lessThan(3_600);
    } finally {
      await second.release();
    }
  });

  it("refuses a release out of order, naming both snapshots", async function () {
    const outer = await sharedHardhatNode();
    const inner = await sharedHardhatNode();
    let message = "";
    try {
      await outer.release();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).to.match(/^shared hardhat node: snapshot 0x[0-9a-f]+ released while 0x[0-9a-f]+ is the innermost/);
    await inner.release();
    await outer.release();
  });

  it("gives a suite asking for another chain id its own shared node of that chain, with snapshots of its own", async function () {
    const local = await sharedHardhatNode();
    const publicChain = await sharedHardhatNode({ chainId: 424242 });
    try {
      expect(publicChain.chainId).to.equal(424242);
      expect(await publicChain.rpc<string>("eth_chainId")).to.equal("0x67932");
      expect(publicChain.url).to.not.equal(local.url);
      const again = await sharedHardhatNode({ chainId: 424242 });
      expect(again.url).to.equal(publicChain.url);
      await again.rpc("hardhat_mine", ["0x3"]);
      const before = Number(await local.rpc<string>("eth_blockNumber"));
      // Releases on one chain do not interleave with the other's: the local suite may release first.
      await local.release();
      expect(Number(await local.rpc<string>("eth_blockNumber"))).to.be.at.most(before);
      await again.release();
    } finally {
      await local.release();
      await publicChain.release();
    }
  });
});
