/**
 * Gas budgets of issue 2, as a test: gas is deterministic, so a change that crosses a budget fails here.
 * Total transaction gas from receipts, by a key that holds the role, Osaka rules (the default Hardhat
 * network), worst-case calldata (see gasMeasurements.ts). The table of all figures is written to
 * docs/PERFORMANCE.md by `npm run bench -- gas`.
 */
import { expect } from "chai";
import hre from "hardhat";
import { type GasMeasurement, measureRegistryGas } from "./gasMeasurements";
import { UNDER_COVERAGE } from "./helpers";

/** The transaction gas cap of Osaka (EIP-7825). */
const TX_GAS_CAP = 16_777_216n;

describe("CredentialRegistry gas", function () {
  let measurements: Map<string, GasMeasurement>;

  before(async function () {
    // solidity-coverage instruments the contract, which changes every figure: budgets only hold for the real build.
    if (UNDER_COVERAGE) this.skip();
    expect(hre.network.name).to.equal("hardhat");
    expect(hre.config.networks.hardhat.hardfork).to.equal("osaka");
    measurements = new Map((await measureRegistryGas(hre)).map((m) => [m.key, m]));
  });

  function gas(key: string): bigint {
    const measurement = measurements.get(key);
    if (!measurement) throw new Error(`no measurement ${key}`);
    return measurement.gas;
  }

  it("anchor with an empty uri costs at most 50,000 gas", function () {
    expect(gas("anchor")).to.be.at.most(50_000n);
  });

  it("each extra root in anchorMany costs at most 26,000 gas", function () {
    expect(gas("anchorMany-extra")).to.be.at.most(26_000n);
  });

  it("600 roots fit in one anchorMany under the Osaka transaction cap", function () {
    expect(gas("anchorMany-600")).to.be.below(TX_GAS_CAP);
  });

  it("revoking one credential in a fresh word costs at most 55,000 gas", function () {
    expect(gas("revoke-1")).to.be.at.most(55_000n);
  });

  it("revoking all 256 credentials of one fresh word costs at most 55,000 gas", function () {
    expect(gas("revoke-256")).to.be.at.most(55_000n);
  });

  it("an idempotent revoke costs less than one that writes", function () {
    expect(gas("revoke-noop")).to.be.below(gas("revoke-1-same-word"));
  });

  it("one issuer's registry through the factory (clone + initialize) costs at most 200,000 gas", function () {
    expect(gas("factory-createRegistry")).to.be.at.most(200_000n);
    // ... against a whole deployment:
    expect(gas("deploy") / gas("factory-createRegistry")).to.be.at.least(12n);
  });

  it("a clone's calls cost the deployed registry's plus one cold DELEGATECALL (at most 3,000 gas)", function () {
    expect(gas("clone-anchor") - gas("anchor")).to.be.within(2_600n, 3_000n);
    expect(gas("clone-revoke-1") - gas("revoke-1")).to.be.within(2_600n, 3_000n);
  });

  it("credentialStatuses answers 1,000 credentials in one eth_call, even one storage word per credential", function () {
    // measureRegistryGas checks that each call returned 1,000 statuses; its gas must fit in one call, which
    // nodes cap (geth's default RPC gas cap is 50,000,000; keep under the Osaka transaction cap to be safe).
    expect(gas("credentialStatuses-1000")).to.be.below(TX_GAS_CAP);
    expect(gas("credentialStatuses-1000-scattered")).to.be.below(TX_GAS_CAP);
  });
});
