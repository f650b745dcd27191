/**
 * The gas figures `credanchor cost` prices (sdk/src/chain/registryGas.ts) against the real contract on
 * the in-process Hardhat network: the module's own transactions cost exactly its figures, and the
 * figures are those of the measurement that writes docs/PERFORMANCE.md.
 */
import { expect } from "chai";
import hre, { network } from "hardhat";
import { getAddress, type Hex } from "viem";
import { REGISTRY_GAS, denseWord, registryOperationTransaction } from "../../../sdk/src/chain/registryGas";
import type { Eip1193Provider } from "../../../sdk/src/chain/transport";
import { measureRegistryGas } from "../../contracts/gasMeasurements";
import { UNDER_COVERAGE } from "../../contracts/helpers";
import { ADMIN, testChain } from "../../helpers/verifyFixtures";

describe("registry gas figures", function () {
  before(function () {
    // solidity-coverage instruments the contract, which changes every figure.
    if (UNDER_COVERAGE) this.skip();
  });

  it("are what the module's own transactions cost on the real contract", async function () {
    const chain = testChain(network.provider as unknown as Eip1193Provider);
    const send = async (to: Hex | undefined, data: Hex) => {
      const hash = await chain.wallet.sendTransaction({ account: ADMIN, chain: chain.wallet.chain, to, data });
      const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
      expect(receipt.status).to.equal("success");
      return receipt;
    };
    const deployed = await send(undefined, registryOperationTransaction("deploy").data);
    expect(deployed.gasUsed).to.equal(REGISTRY_GAS.deploy.gas);
    const registry = getAddress(deployed.contractAddress!);

    const anchored = await send(registry, registryOperationTransaction("anchor").data);
    expect(anchored.gasUsed).to.equal(REGISTRY_GAS.anchor.gas);
    const revokedOne = await send(registry, registryOperationTransaction("revokeOne").data);
    expect(revokedOne.gasUsed).to.equal(REGISTRY_GAS.revokeOne.gas);

    // 256 revocations in a fresh word: a second batch.
    const second = denseWord(2);
    await send(registry, registryOperationTransaction("anchor", second).data);
    const revoked256 = await send(registry, registryOperationTransaction("revoke256", second).data);
    expect(revoked256.gasUsed).to.equal(REGISTRY_GAS.revoke256.gas);
  });

  it("are the figures of the gas measurement (test/contracts/gasMeasurements.ts)", async function () {
    const measured = new Map((await measureRegistryGas(hre)).map((m) => [m.key, m.gas]));
    expect(REGISTRY_GAS.deploy.gas).to.equal(measured.get("deploy"));
    expect(REGISTRY_GAS.anchor.gas).to.equal(measured.get("anchor"));
    expect(REGISTRY_GAS.revokeOne.gas).to.equal(measured.get("revoke-1"));
    expect(REGISTRY_GAS.revoke256.gas).to.equal(measured.get("revoke-256"));
    // Not measured here until the factory exists; then gasMeasurements.ts has it and this must match.
    const clone = measured.get("factory-createRegistry");
    if (clone === undefined) expect(REGISTRY_GAS.clone.measured).to.equal(false);
    else expect(REGISTRY_GAS.clone).to.include({ gas: clone, measured: true });
  });
});
