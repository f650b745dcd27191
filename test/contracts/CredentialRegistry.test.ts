/**
 * CredentialRegistry: deployment, anchoring, profile and the plain reads. Revocation and status are in
 * CredentialRegistry.status.test.ts, roles in CredentialRegistry.access.test.ts, Merkle proofs in
 * CredentialRegistry.verify.test.ts.
 */
import { expect } from "chai";
import { artifacts, ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import {
  BATCH_LEAVES,
  BATCH_ROOT,
  DEFAULT_ADMIN_ROLE,
  ISSUER_ROLE,
  PROFILE_NAME,
  PROFILE_URL,
  REVOKER_ROLE,
  Status,
  describeForEachRegistry,
  minedAt,
  reason,
  rootOf,
} from "./helpers";

const MAX_UINT64 = 2n ** 64n - 1n;

/** ERC-165 id of an interface: the XOR of the selectors of the functions it declares itself. */
async function interfaceIdOf(name: string, inherited: string[] = []): Promise<string> {
  const selectorsOf = async (artifact: string): Promise<Set<string>> => {
    const iface = new ethers.Interface((await artifacts.readArtifact(artifact)).abi);
    const selectors = new Set<string>();
    iface.forEachFunction((fn) => selectors.add(fn.selector));
    return selectors;
  };
  const own = await selectorsOf(name);
  for (const parent of inherited) for (const selector of await selectorsOf(parent)) own.delete(selector);
  let id = 0;
  for (const selector of own) id ^= Number.parseInt(selector.slice(2), 16);
  return ethers.toBeHex(id >>> 0, 4);
}

describeForEachRegistry("CredentialRegistry", function ({ kind, deployRegistry, deployRegistryWithBatch }) {
  describe("constructor", function () {
    it("makes the given admin the default admin and gives it ISSUER_ROLE and REVOKER_ROLE", async function () {
      const { registry, admin } = await loadFixture(deployRegistry);
      expect(await registry.defaultAdmin()).to.equal(admin.address);
      expect(await registry.owner()).to.equal(admin.address);
      expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, admin.address)).to.equal(true);
      expect(await registry.hasRole(ISSUER_ROLE, admin.address)).to.equal(true);
      expect(await registry.hasRole(REVOKER_ROLE, admin.address)).to.equal(true);
    });

    it("starts with a zero admin-transfer delay and no pending admin", async function () {
      const { registry } = await loadFixture(deployRegistry);
      expect(await registry.defaultAdminDelay()).to.equal(0n);
      const [pendingAdmin, schedule] = await registry.pendingDefaultAdmin();
      expect(pendingAdmin).to.equal(ethers.ZeroAddress);
      expect(schedule).to.equal(0n);
    });

    // The clone's equivalents (events of createRegistry, a zero admin) are in CredentialRegistryFactory.test.ts.
    if (kind === "deployed") {
      it("stores the profile and announces the roles and the profile", async function () {
        const [deployer, admin] = await ethers.getSigners();
        const factory = await ethers.getContractFactory("CredentialRegistry", deployer);
        const registry = await factory.deploy(admin.address, "Issuer Ltd", "did:web:issuer.example");
        const tx = registry.deploymentTransaction();
        if (!tx) throw new Error("no deployment transaction");
        await expect(tx).to.emit(registry, "ProfileUpdated").withArgs("Issuer Ltd", "did:web:issuer.example");
        await expect(tx)
          .to.emit(registry, "RoleGranted")
          .withArgs(DEFAULT_ADMIN_ROLE, admin.address, deployer.address)
          .and.to.emit(registry, "RoleGranted")
          .withArgs(ISSUER_ROLE, admin.address, deployer.address)
          .and.to.emit(registry, "RoleGranted")
          .withArgs(REVOKER_ROLE, admin.address, deployer.address);
        expect(await registry.profile()).to.deep.equal(["Issuer Ltd", "did:web:issuer.example"]);
        expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, deployer.address)).to.equal(false);
      });

      it("rejects the zero address as admin", async function () {
        const factory = await ethers.getContractFactory("CredentialRegistry");
        await expect(factory.deploy(ethers.ZeroAddress, PROFILE_NAME, PROFILE_URL))
          .to.be.revertedWithCustomError(factory, "AccessControlInvalidDefaultAdmin")
          .withArgs(ethers.ZeroAddress);
      });
    }
  });

  describe("anchor", function () {
    it("records the batch in one packed record: time, block, live, leaf count", async function () {
      const { registry, issuer } = await loadFixture(deployRegistry);
      const root = rootOf("anchor/record");
      const { timestamp, number } = await minedAt(await registry.connect(issuer).anchor(root, 1234n, ""));
      const record = await registry.batch(root);
      expect(record.anchoredAt).to.equal(timestamp);
      expect(record.anchoredBlock).to.equal(number);
      expect(record.revokedAt).to.equal(0n);
      expect(record.leafCount).to.equal(1234n);
    });

    it("emits BatchAnchored with the root and the leaf count", async function () {
      const { registry, issuer } = await loadFixture(deployRegistry);
      const root = rootOf("anchor/event");
      await expect(registry.connect(issuer).anchor(root, 42n, ""))
        .to.emit(registry, "BatchAnchored")
        .withArgs(root, 42n);
    });

    it("publishes a non-empty uri in BatchUriPublished", async function () {
      const { registry, issuer } = await loadFixture(deployRegistry);
      const root = rootOf("anchor/uri");
      const uri = "https://credentials.example.edu/batches/2025-06/manifest.json";
      await expect(registry.connect(issuer).anchor(root, 7n, uri))
        .to.emit(registry, "BatchUriPublished")
        .withArgs(root, uri)
        .and.to.emit(registry, "BatchAnchored")
        .withArgs(root, 7n);
    });

    it("emits no BatchUriPublished for an empty uri", async function () {
      const { registry, issuer } = await loadFixture(deployRegistry);
      await expect(registry.connect(issuer).anchor(rootOf("anchor/no-uri"), 7n, "")).not.to.emit(
        registry,
        "BatchUriPublished",
      );
    });

    it("makes every credential of the batch Valid and every index beyond it OutOfRange", async function () {
      const { registry, issuer } = await loadFixture(deployRegistry);
      const root = rootOf("anchor/valid");
      expect(await registry.credentialStatus(root, 0n)).to.equal(Status.Unknown);
      await registry.connect(issuer).anchor(root, 3n, "");
      expect(await registry.credentialStatus(root, 0n)).to.equal(Status.Valid);
      expect(await registry.credentialStatus(root, 2n)).to.equal(Status.Valid);
      expect(await registry.credentialStatus(root, 3n)).to.equal(Status.OutOfRange);
    });

    it("accepts the largest leaf count a uint64 holds", async function () {
      const { registry, issuer } = await loadFixture(deployRegistry);
      const root = rootOf("anchor/max");
      await expect(registry.connect(issuer).anchor(root, MAX_UINT64, ""))
        .to.emit(registry, "BatchAnchored")
        .withArgs(root, MAX_UINT64);
      expect(await registry.credentialStatus(root, MAX_UINT64 - 1n)).to.equal(Status.Valid);
      expect(await registry.credentialStatus(root, MAX_UINT64)).to.equal(Status.OutOfRange);
    });

    it("rejects the zero root", async function () {
      const { registry, issuer } = await loadFixture(deployRegistry);
      await expect(registry.connect(issuer).anchor(ethers.ZeroHash, 1n, ""))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryZeroRoot")
        .withArgs();
    });

    it("rejects a zero leaf count, naming the root", async function () {
      const { registry, issuer } = await loadFixture(deployRegistry);
      const root = rootOf("anchor/zero-leaves");
      await expect(registry.connect(issuer).anchor(root, 0n, ""))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryZeroLeafCount")
        .withArgs(root);
    });

    it("anchors a root once: a second anchor reverts and leaves the record unchanged", async function () {
      const { registry, issuer, admin } = await loadFixture(deployRegistryWithBatch);
      const before = await registry.batch(BATCH_ROOT);
      await expect(registry.connect(admin).anchor(BATCH_ROOT, 5n, "other"))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryRootAlreadyAnchored")
        .withArgs(BATCH_ROOT);
      await expect(registry.connect(issuer).anchor(BATCH_ROOT, BATCH_LEAVES, ""))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryRootAlreadyAnchored")
        .withArgs(BATCH_ROOT);
      expect(await registry.batch(BATCH_ROOT)).to.deep.equal(before);
    });

    it("refuses to re-anchor a root whose batch was revoked", async function () {
      const { registry, issuer, revoker } = await loadFixture(deployRegistryWithBatch);
      await registry.connect(revoker).revokeBatch(BATCH_ROOT, reason("compromised"));
      await expect(registry.connect(issuer).anchor(BATCH_ROOT, BATCH_LEAVES, ""))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryRootAlreadyAnchored")
        .withArgs(BATCH_ROOT);
      expect(await registry.credentialStatus(BATCH_ROOT, 0n)).to.equal(Status.BatchRevoked);
    });

    it("can only be called by an issuer", async function () {
      const { registry, revoker } = await loadFixture(deployRegistry);
      await expect(registry.connect(revoker).anchor(rootOf("anchor/revoker"), 1n, ""))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(revoker.address, ISSUER_ROLE);
    });
  });

  describe("anchorMany", function () {
    const roots = [rootOf("many/0"), rootOf("many/1"), rootOf("many/2")];
    const counts = [1n, 256n, 100_000n];

    it("records every batch in the same block and emits BatchAnchored for each, in order", async function () {
      const { registry, issuer } = await loadFixture(deployRegistry);
      const tx = await registry.connect(issuer).anchorMany(roots, counts);
      await expect(tx)
        .to.emit(registry, "BatchAnchored")
        .withArgs(roots[0], counts[0])
        .and.to.emit(registry, "BatchAnchored")
        .withArgs(roots[1], counts[1])
        .and.to.emit(registry, "BatchAnchored")
        .withArgs(roots[2], counts[2]);
      const receipt = await tx.wait();
      const anchored = receipt!.logs
        .map((log) => registry.interface.parseLog(log))
        .filter((parsed) => parsed?.name === "BatchAnchored")
        .map((parsed) => parsed!.args[0]);
      expect(anchored).to.deep.equal(roots);
      const { timestamp, number } = await minedAt(tx);
      for (let i = 0; i < roots.length; i++) {
        const record = await registry.batch(roots[i]);
        expect([record.anchoredAt, record.anchoredBlock, record.revokedAt, record.leafCount]).to.deep.equal([
          timestamp,
          number,
          0n,
          counts[i],
        ]);
      }
    });

    it("anchors a single batch", async function () {
      const { registry, issuer } = await loadFixture(deployRegistry);
      await expect(registry.connect(issuer).anchorMany([roots[0]], [9n]))
        .to.emit(registry, "BatchAnchored")
        .withArgs(roots[0], 9n);
      expect((await registry.batch(roots[0])).leafCount).to.equal(9n);
    });

    it("rejects an empty list", async function () {
      const { registry, issuer } = await loadFixture(deployRegistry);
      await expect(registry.connect(issuer).anchorMany([], []))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryEmptyInput")
        .withArgs();
    });

    it("rejects lists of different lengths, with both lengths", async function () {
      const { registry, issuer } = await loadFixture(deployRegistry);
      await expect(registry.connect(issuer).anchorMany(roots, [1n, 2n]))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryLengthMismatch")
        .withArgs(3n, 2n);
      await expect(registry.connect(issuer).anchorMany(roots.slice(0, 1), [1n, 2n]))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryLengthMismatch")
        .withArgs(1n, 2n);
      await expect(registry.connect(issuer).anchorMany([], [1n]))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryEmptyInput")
        .withArgs();
    });

    it("reverts as a whole when one root is zero", async function () {
      const { registry, issuer } = await loadFixture(deployRegistry);
      await expect(registry.connect(issuer).anchorMany([roots[0], ethers.ZeroHash], [1n, 1n]))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryZeroRoot")
        .withArgs();
      expect(await registry.credentialStatus(roots[0], 0n)).to.equal(Status.Unknown);
    });

    it("reverts as a whole when one leaf count is zero, naming its root", async function () {
      const { registry, issuer } = await loadFixture(deployRegistry);
      await expect(registry.connect(issuer).anchorMany(roots, [1n, 0n, 1n]))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryZeroLeafCount")
        .withArgs(roots[1]);
      expect((await registry.batch(roots[0])).anchoredAt).to.equal(0n);
    });

    it("reverts as a whole when a root is already anchored", async function () {
      const { registry, issuer } = await loadFixture(deployRegistryWithBatch);
      await expect(registry.connect(issuer).anchorMany([roots[0], BATCH_ROOT], [1n, 1n]))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryRootAlreadyAnchored")
        .withArgs(BATCH_ROOT);
      expect((await registry.batch(roots[0])).anchoredAt).to.equal(0n);
    });

    it("reverts as a whole when the same root appears twice", async function () {
      const { registry, issuer } = await loadFixture(deployRegistry);
      await expect(registry.connect(issuer).anchorMany([roots[0], roots[1], roots[0]], [1n, 2n, 3n]))
        .to.be.revertedWithCustomError(registry, "CredentialRegistryRootAlreadyAnchored")
        .withArgs(roots[0]);
      expect((await registry.batch(roots[0])).anchoredAt).to.equal(0n);
      expect((await registry.batch(roots[1])).anchoredAt).to.equal(0n);
    });
  });

  describe("setProfile and profile", function () {
    it("returns the profile given to the constructor", async function () {
      const { registry } = await loadFixture(deployRegistry);
      const [name, url] = await registry.profile();
      expect(name).to.equal(PROFILE_NAME);
      expect(url).to.equal(PROFILE_URL);
    });

    it("replaces the profile and emits ProfileUpdated", async function () {
      const { registry, admin } = await loadFixture(deployRegistry);
      const name = "Université d'Exemple — Faculté des Sciences (formation continue)";
      const url = "did:web:credentials.universite-exemple.fr:formation-continue";
      await expect(registry.connect(admin).setProfile(name, url))
        .to.emit(registry, "ProfileUpdated")
        .withArgs(name, url);
      expect(await registry.profile()).to.deep.equal([name, url]);
    });

    it("accepts empty strings", async function () {
      const { registry, admin } = await loadFixture(deployRegistry);
      await expect(registry.connect(admin).setProfile("", "")).to.emit(registry, "ProfileUpdated").withArgs("", "");
      expect(await registry.profile()).to.deep.equal(["", ""]);
    });

    it("can only be called by the default admin, not by an issuer or a revoker", async function () {
      const { registry, issuer, revoker } = await loadFixture(deployRegistry);
      for (const caller of [issuer, revoker]) {
        await expect(registry.connect(caller).setProfile("x", "y"))
          .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, DEFAULT_ADMIN_ROLE);
      }
    });
  });

  describe("batch", function () {
    it("returns an all-zero record for a root that was never anchored", async function () {
      const { registry } = await loadFixture(deployRegistryWithBatch);
      const record = await registry.batch(rootOf("never"));
      expect([record.anchoredAt, record.anchoredBlock, record.revokedAt, record.leafCount]).to.deep.equal([
        0n,
        0n,
        0n,
        0n,
      ]);
    });

    it("keeps the whole record in one storage slot, packed as docs/SPEC.md section 6 says", async function () {
      const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
      await registry.connect(revoker).revokeBatch(BATCH_ROOT, reason("test"));
      const record = await registry.batch(BATCH_ROOT);
      const coder = ethers.AbiCoder.defaultAbiCoder();
      // _batches is storage slot 3 (after AccessControl's _roles and the default-admin rules in slots 0 to 2).
      const slot = ethers.keccak256(coder.encode(["bytes32", "uint256"], [BATCH_ROOT, 3n]));
      const word = BigInt(await ethers.provider.getStorage(await registry.getAddress(), slot));
      const field = (n: bigint): bigint => (word >> (64n * n)) & (2n ** 64n - 1n);
      expect([field(0n), field(1n), field(2n), field(3n)]).to.deep.equal([
        record.anchoredAt,
        record.anchoredBlock,
        record.revokedAt,
        record.leafCount,
      ]);
      const next = BigInt(ethers.toBeHex(BigInt(slot) + 1n, 32));
      expect(await ethers.provider.getStorage(await registry.getAddress(), next)).to.equal(ethers.ZeroHash);
    });

    it("keeps the bitmaps in mappings root => word index => bits at storage slots 4 (revoked) and 5 (suspended)", async function () {
      const { registry, revoker } = await loadFixture(deployRegistryWithBatch);
      await registry.connect(revoker).revoke(BATCH_ROOT, [2n], [5n], reason("test"));
      await registry.connect(revoker).suspend(BATCH_ROOT, [1n], [6n], reason("test"));
      const coder = ethers.AbiCoder.defaultAbiCoder();
      const at = async (base: bigint, word: bigint): Promise<bigint> => {
        const inner = ethers.keccak256(coder.encode(["bytes32", "uint256"], [BATCH_ROOT, base]));
        const slot = ethers.keccak256(coder.encode(["uint256", "bytes32"], [word, inner]));
        return BigInt(await ethers.provider.getStorage(await registry.getAddress(), slot));
      };
      expect([await at(4n, 2n), await at(5n, 1n), await at(4n, 1n), await at(5n, 2n)]).to.deep.equal([5n, 6n, 0n, 0n]);
    });

    it("keeps one record per root", async function () {
      const { registry, issuer } = await loadFixture(deployRegistryWithBatch);
      await registry.connect(issuer).anchor(rootOf("second"), 2n, "");
      expect((await registry.batch(BATCH_ROOT)).leafCount).to.equal(BATCH_LEAVES);
      expect((await registry.batch(rootOf("second"))).leafCount).to.equal(2n);
    });
  });

  describe("version", function () {
    it("is 1.0.0", async function () {
      const { registry } = await loadFixture(deployRegistry);
      expect(await registry.version()).to.equal("1.0.0");
    });
  });

  describe("supportsInterface", function () {
    it("supports ERC-165, IAccessControl, IAccessControlDefaultAdminRules and ICredentialRegistry", async function () {
      const { registry } = await loadFixture(deployRegistry);
      const registryId = await interfaceIdOf("ICredentialRegistry");
      const accessControlId = await interfaceIdOf("IAccessControl");
      const adminRulesId = await interfaceIdOf("IAccessControlDefaultAdminRules", ["IAccessControl"]);
      expect(accessControlId).to.equal("0x7965db0b");
      expect(adminRulesId).to.equal("0x31498786");
      for (const id of ["0x01ffc9a7", accessControlId, adminRulesId, registryId]) {
        expect(await registry.supportsInterface(id), id).to.equal(true);
      }
    });

    it("does not claim other interfaces, nor the invalid id 0xffffffff", async function () {
      const { registry } = await loadFixture(deployRegistry);
      for (const id of ["0xffffffff", "0x00000000", "0x80ac58cd", "0x36372b07"]) {
        expect(await registry.supportsInterface(id), id).to.equal(false);
      }
    });
  });
});
