import { expect } from "chai";
import { startHardhatNode, HARDHAT_ACCOUNTS } from "./hardhatNode";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("test helper: startHardhatNode", function () {
  it("starts a node on a loopback port that answers JSON-RPC, and stops it by pid", async function () {
    const node = await startHardhatNode();
    try {
      expect(node.url).to.equal(`http://127.0.0.1:${node.port}`);
      expect(node.chainId).to.equal(31337);
      expect(isAlive(node.pid)).to.equal(true);
      const accounts = await node.rpc<string[]>("eth_accounts");
      expect(accounts[0].toLowerCase()).to.equal(HARDHAT_ACCOUNTS[0].address.toLowerCase());
      // Automine can be switched off, which tests use to hold a transaction pending.
      await node.rpc("evm_setAutomine", [false]);
      expect(await node.rpc<boolean>("hardhat_getAutomine")).to.equal(false);
    } finally {
      await node.stop();
    }
    expect(isAlive(node.pid)).to.equal(false);
    await node.stop(); // a second stop is harmless
    let refused = false;
    try {
      await node.rpc("eth_chainId");
    } catch {
      refused = true;
    }
    expect(refused).to.equal(true);
  });

  it("reports a node that cannot start instead of hanging", async function () {
    const first = await startHardhatNode({ light: true });
    try {
      let message = "";
      try {
        await startHardhatNode({ port: first.port, light: true, startTimeoutMs: 30_000 });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).to.match(/exited before answering|did not answer/);
    } finally {
      await first.stop();
    }
  });

  it("serves another chain id only on the light configuration, and says so", async function () {
    const error = await startHardhatNode({ chainId: 424242 }).catch((e: unknown) => e);
    expect((error as Error).message).to.equal(
      "startHardhatNode: chainId needs light: true (the light configuration reads it)",
    );
  });
});
