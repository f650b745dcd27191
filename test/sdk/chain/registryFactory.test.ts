/**
 * The SDK's factory route on Hardhat's in-process network: installing the deterministic deployment proxy
 * with its published presigned transaction, deploying the factory through it at the address the SDK
 * predicts offline, creating an issuer's registry at its predicted address, and the registry then working
 * with the ordinary actions. The chain is reverted to a snapshot afterwards, so other suites never see the
 * proxy or the factory.
 */
import { expect } from "chai";
import fs from "node:fs";
import hre from "hardhat";
import { getAddress, type Hex } from "viem";
import {
  BaseError,
  DETERMINISTIC_DEPLOYER,
  REGISTRY_FACTORY_SALT,
  RegistryExistsError,
  RegistryError,
  RegistryFactoryNotFoundError,
  DeterministicDeployerMissingError,
  anchor,
  createRegistryClient,
  credentialRegistryFactoryAbi,
  deployRegistryFactory,
  deployRegistryViaFactory,
  getCredentialStatus,
  getDefaultAdmin,
  getProfile,
  getRegistryFactoryAddress,
  hasRole,
  installDeterministicDeployer,
  predictRegistryAddress,
  type RegistryClient,
} from "../../../sdk/src";
import { HARDHAT_ACCOUNTS } from "../../helpers/hardhatNode";
import { repoPath } from "../../helpers/repoRoot";

const provider = hre.network.provider;
const NAME = "Example University";
const URL = "https://credentials.example.edu";

async function expectError<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  try {
    await promise;
  } catch (error) {
    expect(error, (error as Error).stack).to.be.instanceOf(type);
    return error as T;
  }
  throw new Error(`expected ${type.name}, but nothing was thrown`);
}

describe("registry factory (SDK, in-process Hardhat network)", function () {
  const [adminKey, operatorKey] = HARDHAT_ACCOUNTS;
  let snapshot: string;
  let admin: RegistryClient;
  let operator: RegistryClient;

  before(async function () {
    snapshot = (await provider.request({ method: "evm_snapshot", params: [] })) as string;
    // One account signs locally (eth_sendRawTransaction), the other is the node's (eth_sendTransaction).
    admin = createRegistryClient({ chainId: 31337, provider, account: { privateKey: adminKey.privateKey as Hex } });
    operator = createRegistryClient({ chainId: 31337, provider, account: { address: operatorKey.address } });
  });

  after(async function () {
    await provider.request({ method: "evm_revert", params: [snapshot] });
  });

  it("the presigned transaction is the published one: its signer deploys the proxy at its address", function () {
    // Independent of the SDK: recover the signer with ethers and derive the CREATE address.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Transaction, getCreateAddress } = require("ethers") as typeof import("ethers");
    const tx = Transaction.from(DETERMINISTIC_DEPLOYER.rawTransaction);
    expect(tx.from!.toLowerCase()).to.equal(DETERMINISTIC_DEPLOYER.signer);
    expect(tx.chainId).to.equal(0n);
    expect(tx.gasLimit * tx.gasPrice!).to.equal(DETERMINISTIC_DEPLOYER.deploymentCost);
    expect(getCreateAddress({ from: tx.from!, nonce: 0 }).toLowerCase()).to.equal(DETERMINISTIC_DEPLOYER.address);
  });

  it("docs/SPEC.md §6.8 names the factory, implementation and salt of this bytecode", function () {
    const spec = fs.readFileSync(repoPath("docs", "SPEC.md"), "utf8");
    const { factory, implementation } = getRegistryFactoryAddress();
    expect(spec, "update the addresses in SPEC §6.8 after a contract change").to.include(factory);
    expect(spec).to.include(implementation).and.to.include(REGISTRY_FACTORY_SALT);
  });

  it("reports a missing factory before anything is sent", async function () {
    const { factory } = getRegistryFactoryAddress();
    expect(await admin.publicClient.getCode({ address: factory })).to.equal(undefined);
    const error = await expectError(
      deployRegistryViaFactory(admin, { admin: adminKey.address, name: NAME, url: URL }),
      RegistryFactoryNotFoundError,
    );
    expect(error.factory).to.equal(factory);
  });

  it("refuses to install the proxy on a chain other than local unless asked (nothing sent)", async function () {
    const nonce = await admin.publicClient.getTransactionCount({ address: adminKey.address });
    // Pretend chain 31337 is a public chain: the client's chain id must match, so only the default differs.
    await expectError(deployRegistryFactory(admin, { installDeployer: false }), DeterministicDeployerMissingError);
    expect(await admin.publicClient.getTransactionCount({ address: adminKey.address })).to.equal(nonce);
  });

  it("installs the proxy with its presigned transaction, then leaves it alone", async function () {
    const first = await installDeterministicDeployer(admin);
    expect(first.installed).to.equal(true);
    expect(await admin.publicClient.getCode({ address: DETERMINISTIC_DEPLOYER.address })).to.equal(
      DETERMINISTIC_DEPLOYER.runtimeCode,
    );
    const receipt = await admin.publicClient.getTransactionReceipt({ hash: first.transactionHash! });
    expect(receipt.from.toLowerCase()).to.equal(DETERMINISTIC_DEPLOYER.signer);
    expect(await installDeterministicDeployer(admin)).to.deep.equal({ installed: false });
  });

  it("deploys the factory through the proxy at the address predicted offline, once", async function () {
    const expected = getRegistryFactoryAddress();
    const result = await deployRegistryFactory(operator);
    expect(result.deployed).to.equal(true);
    expect(result.factory).to.equal(expected.factory);
    const receipt = await admin.publicClient.getTransactionReceipt({ hash: result.transactionHash! });
    expect(getAddress(receipt.to!)).to.equal(getAddress(DETERMINISTIC_DEPLOYER.address));
    // The factory's own view of its implementation agrees with the offline derivation.
    expect(
      await admin.publicClient.readContract({
        address: expected.factory,
        abi: credentialRegistryFactoryAbi,
        functionName: "implementation",
      }),
    ).to.equal(expected.implementation);
    expect(REGISTRY_FACTORY_SALT).to.match(/^0x[0-9a-f]{64}$/);
    expect(await deployRegistryFactory(admin)).to.deep.equal({ ...expected, deployed: false });
  });

  it("predicts registry addresses offline exactly as the factory does on chain", async function () {
    const { factory } = getRegistryFactoryAddress();
    for (const [who, name] of [
      [adminKey.address, NAME],
      [operatorKey.address, NAME],
      [adminKey.address, "Zürich Hochschule — 学院"],
    ] as const) {
      const predicted = predictRegistryAddress({ admin: who, name });
      const [onChain, salt] = await Promise.all([
        admin.publicClient.readContract({
          address: factory,
          abi: credentialRegistryFactoryAbi,
          functionName: "predictRegistry",
          args: [who, name],
        }),
        admin.publicClient.readContract({
          address: factory,
          abi: credentialRegistryFactoryAbi,
          functionName: "saltOf",
          args: [who, name],
        }),
      ]);
      expect(predicted.address).to.equal(onChain);
      expect(predicted.salt).to.equal(salt);
    }
  });

  it("creates the issuer's registry at the predicted address within 200,000 gas; it then works as any registry", async function () {
    const predicted = predictRegistryAddress({ admin: adminKey.address, name: NAME });
    // The operator pays; the admin owns.
    const created = await deployRegistryViaFactory(operator, { admin: adminKey.address, name: NAME, url: URL });
    expect(created.address).to.equal(predicted.address);
    expect(created.salt).to.equal(predicted.salt);
    expect(created.gasUsed <= 200_000n, `gas ${created.gasUsed}`).to.equal(true);
    const registry = created.address;
    expect(await getDefaultAdmin(admin, { registry })).to.equal(adminKey.address);
    expect(await getProfile(admin, { registry })).to.deep.equal({ name: NAME, url: URL });
    expect(await hasRole(admin, { registry, role: "ISSUER_ROLE", account: adminKey.address })).to.equal(true);
    expect(await hasRole(admin, { registry, role: "ISSUER_ROLE", account: operatorKey.address })).to.equal(false);

    const root = `0x${"ab".repeat(32)}` as Hex;
    await anchor(admin, { registry, root, leafCount: 4 });
    expect(await getCredentialStatus(admin, { registry, root, index: 3 })).to.equal("Valid");
  });

  it("refuses to create the same registry twice, naming its address (nothing sent)", async function () {
    const nonce = await admin.publicClient.getTransactionCount({ address: adminKey.address });
    const error = await expectError(
      deployRegistryViaFactory(admin, { admin: adminKey.address, name: NAME, url: "https://other.example" }),
      RegistryExistsError,
    );
    expect(error.registry).to.equal(predictRegistryAddress({ admin: adminKey.address, name: NAME }).address);
    expect(error.code).to.equal("REGISTRY_EXISTS");
    expect(await admin.publicClient.getTransactionCount({ address: adminKey.address })).to.equal(nonce);
  });

  it("decodes the factory's own errors: an empty name, and a zero admin caught before sending", async function () {
    const empty = await expectError(
      deployRegistryViaFactory(admin, { admin: adminKey.address, name: "", url: URL }),
      RegistryError,
    );
    expect(empty.errorName).to.equal("CredentialRegistryFactoryEmptyName");
    const zero = await expectError(
      deployRegistryViaFactory(admin, { admin: "0x0000000000000000000000000000000000000000", name: NAME, url: URL }),
      BaseError,
    );
    expect(zero.message).to.match(/zero address/);
  });
});
