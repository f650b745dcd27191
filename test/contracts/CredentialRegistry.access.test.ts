/**
 * CredentialRegistry roles: who may call what (admin / issuer / revoker / stranger), role management and
 * the two-step transfer of the default admin.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { CredentialRegistry } from "../../typechain-types";
import {
  BATCH_ROOT,
  DEFAULT_ADMIN_ROLE,
  ISSUER_ROLE,
  REVOKER_ROLE,
  type RegistryFixture,
  Status,
  describeForEachRegistry,
  minedAt,
  reason,
  rootOf,
} from "./helpers";

type Caller = "admin" | "issuer" | "revoker" | "stranger";
const CALLERS: Caller[] = ["admin", "issuer", "revoker", "stranger"];

interface Action {
  name: string;
  role: string;
  allowed: Caller[];
  send(registry: CredentialRegistry, f: RegistryFixture): Promise<ContractTransactionResponse>;
  /** The event a successful call emits, to show that the call did its work. */
  event: string;
}

const R = reason("test");
const ACTIONS: Action[] = [
  {
    name: "anchor",
    role: ISSUER_ROLE,
    allowed: ["admin", "issuer"],
    send: (r) => r.anchor(rootOf("matrix"), 1n, ""),
    event: "BatchAnchored",
  },
  {
    name: "anchorMany",
    role: ISSUER_ROLE,
    allowed: ["admin", "issuer"],
    send: (r) => r.anchorMany([rootOf("matrix")], [1n]),
    event: "BatchAnchored",
  },
  {
    name: "revokeBatch",
    role: REVOKER_ROLE,
    allowed: ["admin", "revoker"],
    send: (r) => r.revokeBatch(BATCH_ROOT, R),
    event: "BatchRevoked",
  },
  {
    name: "revoke",
    role: REVOKER_ROLE,
    allowed: ["admin", "revoker"],
    send: (r) => r.revoke(BATCH_ROOT, [0n], [1n], R),
    event: "CredentialsRevoked",
  },
  {
    name: "suspend",
    role: REVOKER_ROLE,
    allowed: ["admin", "revoker"],
    send: (r) => r.suspend(BATCH_ROOT, [0n], [1n], R),
    event: "CredentialsSuspended",
  },
  {
    name: "reinstate",
    role: REVOKER_ROLE,
    allowed: ["admin", "revoker"],
    send: async (r, f) => {
      await r.connect(f.admin).suspend(BATCH_ROOT, [0n], [1n], R);
      return r.reinstate(BATCH_ROOT, [0n], [1n], R);
    },
    event: "CredentialsReinstated",
  },
  {
    name: "setProfile",
    role: DEFAULT_ADMIN_ROLE,
    allowed: ["admin"],
    send: (r) => r.setProfile("New name", "https://new.example"),
    event: "ProfileUpdated",
  },
  {
    name: "grantRole",
    role: DEFAULT_ADMIN_ROLE,
    allowed: ["admin"],
    send: (r, f) => r.grantRole(ISSUER_ROLE, f.other.address),
    event: "RoleGranted",
  },
  {
    name: "revokeRole",
    role: DEFAULT_ADMIN_ROLE,
    allowed: ["admin"],
    send: (r, f) => r.revokeRole(REVOKER_ROLE, f.revoker.address),
    event: "RoleRevoked",
  },
  {
    name: "beginDefaultAdminTransfer",
    role: DEFAULT_ADMIN_ROLE,
    allowed: ["admin"],
    send: (r, f) => r.beginDefaultAdminTransfer(f.other.address),
    event: "DefaultAdminTransferScheduled",
  },
  {
    name: "cancelDefaultAdminTransfer",
    role: DEFAULT_ADMIN_ROLE,
    allowed: ["admin"],
    send: async (r, f) => {
      await r.connect(f.admin).beginDefaultAdminTransfer(f.other.address);
      return r.cancelDefaultAdminTransfer();
    },
    event: "DefaultAdminTransferCanceled",
  },
  {
    name: "changeDefaultAdminDelay",
    role: DEFAULT_ADMIN_ROLE,
    allowed: ["admin"],
    send: (r) => r.changeDefaultAdminDelay(3600n),
    event: "DefaultAdminDelayChangeScheduled",
  },
];

function signerOf(f: RegistryFixture, caller: Caller): HardhatEthersSigner {
  return f[caller];
}

describeForEachRegistry("CredentialRegistry access", function ({ deployRegistryWithBatch }) {
  describe("role matrix", function () {
    for (const action of ACTIONS) {
      for (const caller of CALLERS) {
        const allowed = action.allowed.includes(caller);
        it(`${allowed ? "an" : "a"} ${caller} ${allowed ? "can" : "cannot"} call ${action.name}`, async function () {
          const f = await loadFixture(deployRegistryWithBatch);
          const signer = signerOf(f, caller);
          const registry = f.registry.connect(signer);
          if (allowed) {
            await expect(action.send(registry, f)).to.emit(f.registry, action.event);
          } else {
            await expect(action.send(registry, f))
              .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
              .withArgs(signer.address, action.role);
          }
        });
      }
    }

    it("everyone can read", async function () {
      const f = await loadFixture(deployRegistryWithBatch);
      for (const caller of CALLERS) {
        const registry = f.registry.connect(signerOf(f, caller));
        expect(await registry.credentialStatus(BATCH_ROOT, 0n)).to.equal(Status.Valid);
        expect(await registry.credentialStatuses([BATCH_ROOT], [1n])).to.deep.equal([Status.Valid]);
        expect((await registry.batch(BATCH_ROOT)).leafCount).to.equal(600n);
        expect(await registry.statusWords(BATCH_ROOT, 0n)).to.deep.equal([0n, 0n]);
        expect(await registry.verify(BATCH_ROOT, 0n, ethers.ZeroHash, [])).to.equal(false);
        expect((await registry.profile())[0]).to.equal("Example University");
        expect(await registry.version()).to.equal("1.0.0");
      }
    });

    it("exposes the role identifiers", async function () {
      const { registry } = await loadFixture(deployRegistryWithBatch);
      expect(await registry.ISSUER_ROLE()).to.equal(ethers.id("ISSUER_ROLE"));
      expect(await registry.REVOKER_ROLE()).to.equal(ethers.id("REVOKER_ROLE"));
      expect(await registry.DEFAULT_ADMIN_ROLE()).to.equal(ethers.ZeroHash);
      expect(await registry.getRoleAdmin(ISSUER_ROLE)).to.equal(DEFAULT_ADMIN_ROLE);
      expect(await registry.getRoleAdmin(REVOKER_ROLE)).to.equal(DEFAULT_ADMIN_ROLE);
    });
  });

  describe("granting and revoking roles", function () {
    it("a granted issuer can anchor; once its role is revoked it cannot", async function () {
      const { registry, admin, other } = await loadFixture(deployRegistryWithBatch);
      await expect(registry.connect(admin).grantRole(ISSUER_ROLE, other.address))
        .to.emit(registry, "RoleGranted")
        .withArgs(ISSUER_ROLE, other.address, admin.address);
      await registry.connect(other).anchor(rootOf("granted"), 1n, "");
      await expect(registry.connect(admin).revokeRole(ISSUER_ROLE, other.address))
        .to.emit(registry, "RoleRevoked")
        .withArgs(ISSUER_ROLE, other.address, admin.address);
      await expect(registry.connect(other).anchor(rootOf("revoked"), 1n, ""))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(other.address, ISSUER_ROLE);
    });

    it("an operator can renounce its own role, and only its own", async function () {
      const { registry, revoker, issuer } = await loadFixture(deployRegistryWithBatch);
      await expect(registry.connect(revoker).renounceRole(REVOKER_ROLE, issuer.address))
        .to.be.revertedWithCustomError(registry, "AccessControlBadConfirmation")
        .withArgs();
      await expect(registry.connect(revoker).renounceRole(REVOKER_ROLE, revoker.address))
        .to.emit(registry, "RoleRevoked")
        .withArgs(REVOKER_ROLE, revoker.address, revoker.address);
      expect(await registry.hasRole(REVOKER_ROLE, revoker.address)).to.equal(false);
    });

    it("the admin can give up its operator roles and keep administering", async function () {
      const { registry, admin } = await loadFixture(deployRegistryWithBatch);
      await registry.connect(admin).renounceRole(ISSUER_ROLE, admin.address);
      await registry.connect(admin).renounceRole(REVOKER_ROLE, admin.address);
      await expect(registry.connect(admin).anchor(rootOf("x"), 1n, ""))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, ISSUER_ROLE);
      await expect(registry.connect(admin).revokeBatch(BATCH_ROOT, R))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, REVOKER_ROLE);
      await expect(registry.connect(admin).setProfile("still admin", "")).to.emit(registry, "ProfileUpdated");
    });

    it("the default admin role cannot be granted or revoked directly", async function () {
      const { registry, admin, other } = await loadFixture(deployRegistryWithBatch);
      await expect(registry.connect(admin).grantRole(DEFAULT_ADMIN_ROLE, other.address))
        .to.be.revertedWithCustomError(registry, "AccessControlEnforcedDefaultAdminRules")
        .withArgs();
      await expect(registry.connect(admin).revokeRole(DEFAULT_ADMIN_ROLE, admin.address))
        .to.be.revertedWithCustomError(registry, "AccessControlEnforcedDefaultAdminRules")
        .withArgs();
    });
  });

  describe("two-step admin transfer", function () {
    it("begin schedules the new admin with no delay; the new admin accepts in a later block", async function () {
      const { registry, admin, other } = await loadFixture(deployRegistryWithBatch);
      const begin = await registry.connect(admin).beginDefaultAdminTransfer(other.address);
      const { timestamp } = await minedAt(begin);
      await expect(begin).to.emit(registry, "DefaultAdminTransferScheduled").withArgs(other.address, timestamp);
      expect(await registry.pendingDefaultAdmin()).to.deep.equal([other.address, timestamp]);
      expect(await registry.defaultAdmin()).to.equal(admin.address);

      await expect(registry.connect(other).acceptDefaultAdminTransfer())
        .to.emit(registry, "RoleRevoked")
        .withArgs(DEFAULT_ADMIN_ROLE, admin.address, other.address)
        .and.to.emit(registry, "RoleGranted")
        .withArgs(DEFAULT_ADMIN_ROLE, other.address, other.address);
      expect(await registry.defaultAdmin()).to.equal(other.address);
      expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, admin.address)).to.equal(false);
      expect(await registry.pendingDefaultAdmin()).to.deep.equal([ethers.ZeroAddress, 0n]);
    });

    it("after the transfer the new admin administers and the old one cannot", async function () {
      const { registry, admin, other } = await loadFixture(deployRegistryWithBatch);
      await registry.connect(admin).beginDefaultAdminTransfer(other.address);
      await registry.connect(other).acceptDefaultAdminTransfer();
      await expect(registry.connect(admin).setProfile("old", ""))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, DEFAULT_ADMIN_ROLE);
      await expect(registry.connect(admin).grantRole(ISSUER_ROLE, admin.address))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, DEFAULT_ADMIN_ROLE);
      await expect(registry.connect(other).setProfile("new", "https://new.example"))
        .to.emit(registry, "ProfileUpdated")
        .withArgs("new", "https://new.example");
    });

    it("does not move the operator roles: the old admin keeps them until the new admin revokes them", async function () {
      const { registry, admin, other } = await loadFixture(deployRegistryWithBatch);
      await registry.connect(admin).beginDefaultAdminTransfer(other.address);
      await registry.connect(other).acceptDefaultAdminTransfer();
      expect(await registry.hasRole(ISSUER_ROLE, admin.address)).to.equal(true);
      expect(await registry.hasRole(ISSUER_ROLE, other.address)).to.equal(false);
      await registry.connect(other).revokeRole(ISSUER_ROLE, admin.address);
      await expect(registry.connect(admin).anchor(rootOf("after transfer"), 1n, ""))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, ISSUER_ROLE);
    });

    it("only the pending admin can accept", async function () {
      const { registry, admin, other, stranger } = await loadFixture(deployRegistryWithBatch);
      await registry.connect(admin).beginDefaultAdminTransfer(other.address);
      for (const caller of [stranger, admin]) {
        await expect(registry.connect(caller).acceptDefaultAdminTransfer())
          .to.be.revertedWithCustomError(registry, "AccessControlInvalidDefaultAdmin")
          .withArgs(caller.address);
      }
    });

    it("a cancelled transfer cannot be accepted", async function () {
      const { registry, admin, other } = await loadFixture(deployRegistryWithBatch);
      await registry.connect(admin).beginDefaultAdminTransfer(other.address);
      await expect(registry.connect(admin).cancelDefaultAdminTransfer()).to.emit(
        registry,
        "DefaultAdminTransferCanceled",
      );
      await expect(registry.connect(other).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(registry, "AccessControlInvalidDefaultAdmin")
        .withArgs(other.address);
      expect(await registry.defaultAdmin()).to.equal(admin.address);
    });

    it("a second begin replaces the pending admin", async function () {
      const { registry, admin, other, stranger } = await loadFixture(deployRegistryWithBatch);
      await registry.connect(admin).beginDefaultAdminTransfer(other.address);
      await expect(registry.connect(admin).beginDefaultAdminTransfer(stranger.address)).to.emit(
        registry,
        "DefaultAdminTransferCanceled",
      );
      await expect(registry.connect(other).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(registry, "AccessControlInvalidDefaultAdmin")
        .withArgs(other.address);
      await registry.connect(stranger).acceptDefaultAdminTransfer();
      expect(await registry.defaultAdmin()).to.equal(stranger.address);
    });
  });
});
