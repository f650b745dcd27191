/**
 * verifyCredentials on the in-process Hardhat network, through its EIP-1193 provider (no HTTP):
 * what a Hardhat script or test of an integrator does.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { createReadTransport, type Eip1193Provider } from "../../../sdk/src/chain/transport";
import { verifyCredentials } from "../../../sdk/src/verify";
import {
  anchorTestRoot,
  buildTestBatch,
  deployTestRegistry,
  testChain,
  withAnchor,
  writeRegistry,
} from "../../helpers/verifyFixtures";
import { check } from "../../helpers/checks";

describe("verifyCredentials on the in-process Hardhat network", function () {
  it("verifies through the provider, and sees a revocation made in the same process", async function () {
    const provider = network.provider as unknown as Eip1193Provider;
    const chain = testChain(provider);
    const registry = await deployTestRegistry(chain);
    const batch = await buildTestBatch(3);
    const anchor = await anchorTestRoot(chain, registry, batch.root, 3);
    const credentials = batch.credentials.map((c) => withAnchor(c, anchor));
    const transport = createReadTransport({ chain: "eip155:31337", endpoints: [{ provider, name: "hardhat" }] });

    let results = await verifyCredentials(credentials, { rpc: { "eip155:31337": transport } });
    expect(results.map((r) => r.status)).to.deep.equal(["valid", "valid", "valid"]);
    expect(transport.endpointStates()).to.deep.equal([{ name: "hardhat", state: "ok" }]);

    await writeRegistry(chain, registry, "revoke", batch.root, [1]);
    results = await verifyCredentials(credentials, { rpc: { "eip155:31337": provider } });
    expect(results.map((r) => r.status)).to.deep.equal(["valid", "invalid", "valid"]);
    expect(check(results[1], "revocation")).to.deep.include({
      status: "failed",
      code: "REVOCATION_CREDENTIAL_REVOKED",
    });
  });
});
