/**
 * CredentialRegistryFactory and InitializableCredentialRegistry: the implementation is locked, each clone is
 * initialized once, in the transaction that creates it, at the CREATE2 address derived from its admin and name,
 * with its own storage. The registry's behaviour itself is tested on a clone by every CredentialRegistry suite
 * (see `describeForEachRegistry` in helpers.ts).
 */
import { expect } from "chai";
import { ethers, network } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { CredentialRegistryFactory, InitializableCredentialRegistry } from "../../typechain-types";
import {
  DEFAULT_ADMIN_ROLE,
  ISSUER_ROLE,
  PROFILE_NAME,
  PROFILE_URL,
  REVOKER_ROLE,
  Status,
  deployFactory,
  rootOf,
} from "./helpers";

/** The salt as the interface documents it, computed independently. */
function saltOf(admin: string, name: string): string {
  return ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["address", "bytes32"], [admin, ethers.id(name)]));
}

/** EIP-1167 creation code of a minimal proxy to `implementation` (the EIP's text, byte for byte). */
function eip1167CreationCode(implementation: string): string {
  return `0x3d602d80600a3d3981f3363d3d373d3d3d363d73${implementation.slice(2).toLowerCase()}5af43d82803e903d91602b57fd5bf3`;
}

/** Runs `fn` as the factory contract itself (impersonated), to reach the checks a real factory never trips. */
async function asFactory<T>(factory: string, fn: (signer: Awaited<ReturnType<typeof ethers.getSigner>>) => Promise<T>) {
  await network.provider.request({ method: "hardhat_impersonateAccount", params: [factory] });
  await network.provider.request({ method: "hardhat_setBalance", params: [factory, "0xde0b6b3a7640000"] });
  try {
    return await fn(await ethers.getSigner(factory));
  } finally {
    await network.provider.request({ method: "hardhat_stopImpersonatingAccount", params: [factory] });
  }
}

async function registryAt(address: string): Promise<InitializableCredentialRegistry> {
  return (await ethers.getContractAt(
    "InitializableCredentialRegistry",
    address,
  )) as unknown as InitializableCredentialRegistry;
}

/** A factory and one registry created for signer 0 by signer 5. */
async function factoryWithRegistry(): Promise<{
  factory: CredentialRegistryFactory;
  registry: InitializableCredentialRegistry;
  implementation: InitializableCredentialRegistry;
}> {
  const [admin, , , , , creator] = await ethers.getSigners();
  const { factory } = await deployFactory();
  await (await factory.connect(creator).createRegistry(admin.address, PROFILE_NAME, PROFILE_URL)).wait();
  return {
    factory,
    registry: await registryAt(await factory.predictRegistry(admin.address, PROFILE_NAME)),
    implementation: await registryAt(await factory.implementation()),
  };
}

describe("CredentialRegistryFactory", function () {
  describe("constructor and implementation", function () {
    it("deploys the implementation with CREATE (nonce 1) and names itself as its only initializer", async function () {
      const { factory } = await loadFixture(deployFactory);
      const factoryAddress = await factory.getAddress();
      const implementation = await registryAt(await factory.implementation());
      expect(await implementation.getAddress()).to.equal(ethers.getCreateAddress({ from: factoryAddress, nonce: 1 }));
      expect(await implementation.factory()).to.equal(factoryAddress);
      expect(await implementation.version()).to.equal("1.0.0");
    });

    it("locks the implementation: it is its own default admin and holds no operator role", async function () {
      const { implementation } = await loadFixture(factoryWithRegistry);
      const self = await implementation.getAddress();
      expect(await implementation.defaultAdmin()).to.equal(self);
      expect(await implementation.hasRole(DEFAULT_ADMIN_ROLE, self)).to.equal(true);
      expect(await implementation.hasRole(ISSUER_ROLE, self)).to.equal(false);
      expect(await implementation.hasRole(REVOKER_ROLE, self)).to.equal(false);
      expect(await implementation.profile()).to.deep.equal(["", ""]);
    });

    it("the implementation cannot be initialized, by anyone, not even by its factory", async function () {
      const { factory, implementation } = await loadFixture(factoryWithRegistry);
      const [admin, , , stranger] = await ethers.getSigners();
      await expect(implementation.connect(stranger).initialize(stranger.address, "Mallory", "https://evil.example"))
        .to.be.revertedWithCustomError(implementation, "CredentialRegistryUnauthorizedInitializer")
        .withArgs(stranger.address);
      await asFactory(await factory.getAddress(), async (asIt) => {
        await expect(
          implementation.connect(asIt).initialize(admin.address, PROFILE_NAME, PROFILE_URL),
        ).to.be.revertedWithCustomError(implementation, "CredentialRegistryAlreadyInitialized");
      });
      expect(await implementation.defaultAdmin()).to.equal(await implementation.getAddress());
    });
  });

  describe("createRegistry", function () {
    it("creates the registry at the predicted address, initialized, and announces it with its arguments", async function () {
      const { factory } = await loadFixture(deployFactory);
      const [admin, , , , , creator] = await ethers.getSigners();
      const predicted = await factory.predictRegistry(admin.address, PROFILE_NAME);
      expect(await ethers.provider.getCode(predicted)).to.equal("0x");
      expect(
        await factory.connect(creator).createRegistry.staticCall(admin.address, PROFILE_NAME, PROFILE_URL),
      ).to.equal(predicted);

      const tx = factory.connect(creator).createRegistry(admin.address, PROFILE_NAME, PROFILE_URL);
      const registry = await registryAt(predicted);
      const factoryAddress = await factory.getAddress();
      await expect(tx)
        .to.emit(factory, "RegistryCreated")
        .withArgs(predicted, admin.address, saltOf(admin.address, PROFILE_NAME));
      // The roles are granted by the factory's call (the factory is msg.sender inside the clone).
      await expect(tx)
        .to.emit(registry, "RoleGranted")
        .withArgs(DEFAULT_ADMIN_ROLE, admin.address, factoryAddress)
        .and.to.emit(registry, "RoleGranted")
        .withArgs(ISSUER_ROLE, admin.address, factoryAddress)
        .and.to.emit(registry, "RoleGranted")
        .withArgs(REVOKER_ROLE, admin.address, factoryAddress)
        .and.to.emit(registry, "ProfileUpdated")
        .withArgs(PROFILE_NAME, PROFILE_URL);

      expect(await registry.defaultAdmin()).to.equal(admin.address);
      expect(await registry.profile()).to.deep.equal([PROFILE_NAME, PROFILE_URL]);
      for (const role of [DEFAULT_ADMIN_ROLE, ISSUER_ROLE, REVOKER_ROLE]) {
        expect(await registry.hasRole(role, admin.address)).to.equal(true);
        expect(await registry.hasRole(role, creator.address)).to.equal(false);
        expect(await registry.hasRole(role, factoryAddress)).to.equal(false);
      }
      expect(await registry.factory()).to.equal(factoryAddress);
    });

    it("emits exactly the events of a deployed registry's constructor, plus RegistryCreated", async function () {
      const { factory } = await loadFixture(deployFactory);
      const [admin] = await ethers.getSigners();
      const receipt = await (await factory.createRegistry(admin.address, PROFILE_NAME, PROFILE_URL)).wait();
      const registry = await registryAt(await factory.predictRegistry(admin.address, PROFILE_NAME));
      const names = receipt!.logs.map(
        (log) => (registry.interface.parseLog(log) ?? factory.interface.parseLog(log))?.name,
      );
      expect(names).to.deep.equal(["RoleGranted", "RoleGranted", "RoleGranted", "ProfileUpdated", "RegistryCreated"]);
    });

    it("the clone is an EIP-1167 minimal proxy of the implementation", async function () {
      const { factory, registry, implementation } = await loadFixture(factoryWithRegistry);
      const impl = (await implementation.getAddress()).slice(2).toLowerCase();
      expect(await ethers.provider.getCode(await registry.getAddress())).to.equal(
        `0x363d3d373d3d3d363d73${impl}5af43d82803e903d91602b57fd5bf3`,
      );
      expect(await factory.getAddress()).to.not.equal(await registry.getAddress());
    });

    it("refuses to create the same admin's registry of the same name twice", async function () {
      const { factory, registry } = await loadFixture(factoryWithRegistry);
      const [admin, , , stranger] = await ethers.getSigners();
      await expect(factory.connect(stranger).createRegistry(admin.address, PROFILE_NAME, "https://evil.example"))
        .to.be.revertedWithCustomError(factory, "CredentialRegistryFactoryRegistryExists")
        .withArgs(await registry.getAddress());
      expect(await registry.profile()).to.deep.equal([PROFILE_NAME, PROFILE_URL]);
    });

    it("rejects an empty name", async function () {
      const { factory } = await loadFixture(deployFactory);
      const [admin] = await ethers.getSigners();
      await expect(factory.createRegistry(admin.address, "", PROFILE_URL)).to.be.revertedWithCustomError(
        factory,
        "CredentialRegistryFactoryEmptyName",
      );
    });

    it("rejects the zero address as admin, with the registry's own error", async function () {
      const { factory } = await loadFixture(factoryWithRegistry);
      const implementation = await registryAt(await factory.implementation());
      await expect(factory.createRegistry(ethers.ZeroAddress, PROFILE_NAME, PROFILE_URL))
        .to.be.revertedWithCustomError(implementation, "AccessControlInvalidDefaultAdmin")
        .withArgs(ethers.ZeroAddress);
      expect(await ethers.provider.getCode(await factory.predictRegistry(ethers.ZeroAddress, PROFILE_NAME))).to.equal(
        "0x",
      );
    });
  });

  describe("addresses", function () {
    it("saltOf and predictRegistry follow the documented derivation (CREATE2 over the EIP-1167 creation code)", async function () {
      const { factory } = await loadFixture(deployFactory);
      const [admin, other] = await ethers.getSigners();
      const factoryAddress = await factory.getAddress();
      const implementation = await factory.implementation();
      for (const [who, name] of [
        [admin.address, PROFILE_NAME],
        [other.address, PROFILE_NAME],
        [admin.address, "Another Faculty"],
        [admin.address, "Zürich Hochschule — 学院"],
      ]) {
        const salt = saltOf(who, name);
        expect(await factory.saltOf(who, name)).to.equal(salt);
        expect(await factory.predictRegistry(who, name)).to.equal(
          ethers.getCreate2Address(factoryAddress, salt, ethers.keccak256(eip1167CreationCode(implementation))),
        );
      }
    });

    it("gives each (admin, name) its own address, and the url no part in it", async function () {
      const { factory } = await loadFixture(deployFactory);
      const [admin, other] = await ethers.getSigners();
      const a = await factory.predictRegistry(admin.address, PROFILE_NAME);
      const b = await factory.predictRegistry(other.address, PROFILE_NAME);
      const c = await factory.predictRegistry(admin.address, `${PROFILE_NAME} `);
      expect(new Set([a, b, c]).size).to.equal(3);
      await factory.createRegistry(admin.address, PROFILE_NAME, "https://one.example");
      expect(await (await registryAt(a)).profile()).to.deep.equal([PROFILE_NAME, "https://one.example"]);
    });
  });

  describe("initialize on a clone", function () {
    it("cannot run twice: no account can call it, and the factory itself is refused once the clone has an admin", async function () {
      const { factory, registry } = await loadFixture(factoryWithRegistry);
      const [admin, , , stranger] = await ethers.getSigners();
      for (const caller of [stranger, admin]) {
        await expect(registry.connect(caller).initialize(caller.address, "Mallory", "https://evil.example"))
          .to.be.revertedWithCustomError(registry, "CredentialRegistryUnauthorizedInitializer")
          .withArgs(caller.address);
      }
      await asFactory(await factory.getAddress(), async (asIt) => {
        await expect(
          registry.connect(asIt).initialize(stranger.address, "Mallory", "https://evil.example"),
        ).to.be.revertedWithCustomError(registry, "CredentialRegistryAlreadyInitialized");
      });
      expect(await registry.defaultAdmin()).to.equal(admin.address);
      expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, stranger.address)).to.equal(false);
      expect(await registry.profile()).to.deep.equal([PROFILE_NAME, PROFILE_URL]);
    });

    it("supports ERC-165 for IInitializableCredentialRegistry and ICredentialRegistry", async function () {
      const { registry } = await loadFixture(factoryWithRegistry);
      const selectorsOf = (fragments: string[]): number =>
        fragments.reduce((id, f) => id ^ Number.parseInt(ethers.id(f).slice(2, 10), 16), 0) >>> 0;
      const initializableId = ethers.toBeHex(selectorsOf(["initialize(address,string,string)", "factory()"]), 4);
      expect(await registry.supportsInterface(initializableId)).to.equal(true);
      expect(await registry.supportsInterface("0x01ffc9a7")).to.equal(true);
      expect(await registry.supportsInterface("0xffffffff")).to.equal(false);
    });
  });

  describe("the default admin, answered from defaultAdmin() in a clone", function () {
    it("hasRole(DEFAULT_ADMIN_ROLE) is true for the admin only, never for the zero address", async function () {
      const { registry } = await loadFixture(factoryWithRegistry);
      const [admin, other] = await ethers.getSigners();
      expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, admin.address)).to.equal(true);
      expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, other.address)).to.equal(false);
      expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, ethers.ZeroAddress)).to.equal(false);
    });

    it("renouncing the default admin emits RoleRevoked once and leaves no admin, as in a deployed registry", async function () {
      const { registry } = await loadFixture(factoryWithRegistry);
      const [admin, other] = await ethers.getSigners();
      await (await registry.connect(admin).beginDefaultAdminTransfer(ethers.ZeroAddress)).wait();
      // A renounce by another account is a no-op for the admin, as in AccessControl.
      await (await registry.connect(other).renounceRole(DEFAULT_ADMIN_ROLE, other.address)).wait();
      expect(await registry.defaultAdmin()).to.equal(admin.address);
      const tx = registry.connect(admin).renounceRole(DEFAULT_ADMIN_ROLE, admin.address);
      await expect(tx).to.emit(registry, "RoleRevoked").withArgs(DEFAULT_ADMIN_ROLE, admin.address, admin.address);
      const receipt = await (await tx).wait();
      expect(receipt!.logs).to.have.length(1);
      expect(await registry.defaultAdmin()).to.equal(ethers.ZeroAddress);
      expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, admin.address)).to.equal(false);
      expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, ethers.ZeroAddress)).to.equal(false);
      await expect(registry.connect(admin).setProfile("x", "y"))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, DEFAULT_ADMIN_ROLE);
      // The operator roles stay, as in a deployed registry.
      expect(await registry.hasRole(ISSUER_ROLE, admin.address)).to.equal(true);
    });
  });

  describe("clone storage", function () {
    it("each clone has its own batches, bitmaps, roles and profile, and the implementation none of them", async function () {
      const { factory, registry: first, implementation } = await loadFixture(factoryWithRegistry);
      const [admin, other] = await ethers.getSigners();
      await (await factory.createRegistry(other.address, "Second Issuer", "https://second.example")).wait();
      const second = await registryAt(await factory.predictRegistry(other.address, "Second Issuer"));

      const root = rootOf("shared root");
      await (await first.connect(admin).anchor(root, 10n, "")).wait();
      await (await first.connect(admin).revoke(root, [0n], [1n], ethers.ZeroHash)).wait();
      expect(await first.credentialStatus(root, 0n)).to.equal(Status.Revoked);
      expect(await second.credentialStatus(root, 0n)).to.equal(Status.Unknown);
      expect(await implementation.credentialStatus(root, 0n)).to.equal(Status.Unknown);

      // The same root can be anchored in the second registry, by its own admin only.
      await expect(second.connect(admin).anchor(root, 3n, ""))
        .to.be.revertedWithCustomError(second, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, ISSUER_ROLE);
      await (await second.connect(other).anchor(root, 3n, "")).wait();
      expect((await second.batch(root)).leafCount).to.equal(3n);
      expect((await first.batch(root)).leafCount).to.equal(10n);
      expect(await second.credentialStatus(root, 0n)).to.equal(Status.Valid);

      await (await first.connect(admin).setProfile("Renamed", "https://renamed.example")).wait();
      expect(await second.profile()).to.deep.equal(["Second Issuer", "https://second.example"]);
      expect(await second.defaultAdmin()).to.equal(other.address);
      expect(await implementation.profile()).to.deep.equal(["", ""]);
      expect(await implementation.batch(root)).to.deep.equal([0n, 0n, 0n, 0n]);
    });
  });
});
