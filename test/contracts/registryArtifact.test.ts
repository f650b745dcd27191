/**
 * sdk/src/chain/registryArtifact.ts is generated from the compiled contract by `npm run export-abi`; the SDK
 * talks to and deploys the registry through it, so it must match the contract that the tests compile.
 */
import { expect } from "chai";
import fs from "node:fs";
import { artifacts } from "hardhat";
import { FACTORY_OUTPUT, OUTPUT, renderFactoryArtifact, renderRegistryArtifact } from "../../scripts/export-abi";
import { UNDER_COVERAGE } from "./helpers";
import { REGISTRY_COMPILER } from "../../sdk/src/chain/deploymentRecord";

describe("registryArtifact.ts", function () {
  it("is up to date with contracts/CredentialRegistry.sol (run `npm run export-abi` if not)", async function () {
    // Under `npm run coverage` the artifact is solidity-coverage's instrumented build, not the real one.
    if (UNDER_COVERAGE) this.skip();
    const artifact = await artifacts.readArtifact("CredentialRegistry");
    const expected = renderRegistryArtifact(artifact);
    const actual = fs.readFileSync(OUTPUT, "utf8");
    expect(actual === expected, "sdk/src/chain/registryArtifact.ts is stale: run `npm run export-abi`").to.equal(true);
  });

  it("factoryArtifact.ts is up to date with contracts/CredentialRegistryFactory.sol (run `npm run export-abi` if not)", async function () {
    if (UNDER_COVERAGE) this.skip();
    const expected = renderFactoryArtifact(await artifacts.readArtifact("CredentialRegistryFactory"));
    const actual = fs.readFileSync(FACTORY_OUTPUT, "utf8");
    expect(actual === expected, "sdk/src/chain/factoryArtifact.ts is stale: run `npm run export-abi`").to.equal(true);
  });

  it("REGISTRY_COMPILER (the CLI's deployment record) names the compiler of that bytecode", async function () {
    if (UNDER_COVERAGE) this.skip();
    const buildInfo = await artifacts.getBuildInfo("contracts/CredentialRegistry.sol:CredentialRegistry");
    const settings = buildInfo!.input.settings as {
      evmVersion?: string;
      optimizer?: { enabled?: boolean; runs?: number };
    };
    expect(REGISTRY_COMPILER).to.deep.equal({
      solc: buildInfo!.solcLongVersion,
      evmVersion: settings.evmVersion,
      optimizer: { enabled: settings.optimizer?.enabled, runs: settings.optimizer?.runs },
    });
  });
});
