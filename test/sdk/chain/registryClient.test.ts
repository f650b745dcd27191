/**
 * The registry client against Hardhat's in-process network (EIP-1193 provider `hre.network.provider`):
 * every action, custom errors decoded into SDK errors with their values, the chain-id guard, and the
 * three ways to connect (EIP-1193, ethers Provider/Signer, private key).
 */
import { expect } from "chai";
import hre from "hardhat";
import { randomBytes } from "node:crypto";
import { getAddress, type Hex } from "viem";
import { ethers } from "ethers";
import { createRegistryClient, type RegistryClient } from "../../../sdk/src/chain/createRegistryClient";
import { createRegistry } from "../../../sdk/src/chain/createRegistry";
import { deployRegistry } from "../../../sdk/src/chain/actions/deployRegistry";
import { anchor } from "../../../sdk/src/chain/actions/anchor";
import { anchorMany } from "../../../sdk/src/chain/actions/anchorMany";
import { revoke } from "../../../sdk/src/chain/actions/revoke";
import { suspend } from "../../../sdk/src/chain/actions/suspend";
import { reinstate } from "../../../sdk/src/chain/actions/reinstate";
import { revokeBatch } from "../../../sdk/src/chain/actions/revokeBatch";
import { setProfile } from "../../../sdk/src/chain/actions/setProfile";
import { getBatch } from "../../../sdk/src/chain/actions/getBatch";
import { getCredentialStatus } from "../../../sdk/src/chain/actions/getCredentialStatus";
import { getCredentialStatuses } from "../../../sdk/src/chain/actions/getCredentialStatuses";
import { getStatusWords } from "../../../sdk/src/chain/actions/getStatusWords";
import { getProfile } from "../../../sdk/src/chain/actions/getProfile";
import { getRegistryVersion } from "../../../sdk/src/chain/actions/getRegistryVersion";
import { findAnchorTransaction } from "../../../sdk/src/chain/actions/findAnchorTransaction";
import { hasRole } from "../../../sdk/src/chain/actions/hasRole";
import { grantRole } from "../../../sdk/src/chain/actions/grantRole";
import { revokeRole } from "../../../sdk/src/chain/actions/revokeRole";
import { renounceRole } from "../../../sdk/src/chain/actions/renounceRole";
import { beginDefaultAdminTransfer } from "../../../sdk/src/chain/actions/beginDefaultAdminTransfer";
import { acceptDefaultAdminTransfer } from "../../../sdk/src/chain/actions/acceptDefaultAdminTransfer";
import { cancelDefaultAdminTransfer } from "../../../sdk/src/chain/actions/cancelDefaultAdminTransfer";
import { getDefaultAdmin } from "../../../sdk/src/chain/actions/getDefaultAdmin";
import { getPendingDefaultAdmin } from "../../../sdk/src/chain/actions/getPendingDefaultAdmin";
import { REGISTRY_ROLES } from "../../../sdk/src/chain/roles";
import { defaultConfirmations } from "../../../sdk/src/chain/defaultConfirmations";
import { decodeReason, encodeReason } from "../../../sdk/src/chain/reason";
import {
  AdminRulesError,
  BatchAlreadyRevokedError,
  BitsOutOfRangeError,
  ChainMismatchError,
  EmptyInputError,
  NoAccountError,
  NotAuthorizedError,
  RegistryNotFoundError,
  RootAlreadyAnchoredError,
  UnknownRootError,
  UnsupportedConnectionError,
  ZeroMaskError,
  ZeroRootError,
} from "../../../sdk/src/errors/registry";
import { HARDHAT_ACCOUNTS } from "../../helpers/hardhatNode";

const provider = hre.network.provider;

function randomRoot(): Hex {
  return `0x${randomBytes(32).toString("hex")}`;
}

async function expectError<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  try {
    await promise;
  } catch (error) {
    expect(error, (error as Error).stack).to.be.instanceOf(type);
    return error as T;
  }
  throw new Error(`expected ${type.name}, but nothing was thrown`);
}

async function nonceOf(address: string): Promise<number> {
  return Number(await provider.request({ method: "eth_getTransactionCount", params: [address, "pending"] }));
}

describe("registry client (in-process Hardhat network)", function () {
  const [adminKey, operatorKey, strangerKey] = HARDHAT_ACCOUNTS;
  let admin: RegistryClient;
  let operator: RegistryClient;
  let stranger: RegistryClient;
  let registry: `0x${string}`;

  beforeEach(async function () {
    // The admin sends through the node's unlocked account (JSON-RPC), the others sign locally.
    admin = createRegistryClient({ chainId: 31337, provider, account: { address: adminKey.address } });
    operator = createRegistryClient({ chainId: 31337, provider, account: { privateKey: operatorKey.privateKey } });
    stranger = createRegistryClient({ chainId: 31337, provider, account: { privateKey: strangerKey.privateKey } });
    ({ address: registry } = await deployRegistry(admin, {
      admin: adminKey.address,
      name: "Example University",
      url: "https://example.edu",
    }));
  });

  describe("deployRegistry and reads", function () {
    it("deploys with the admin, the profile and the version", async function () {
      expect(registry).to.equal(getAddress(registry));
      expect(await getDefaultAdmin(admin, { registry })).to.equal(adminKey.address);
      expect(await getProfile(admin, { registry })).to.deep.equal({
        name: "Example University",
        url: "https://example.edu",
      });
      expect(await getRegistryVersion(admin, { registry })).to.equal("1.0.0");
      for (const role of ["admin", "ISSUER_ROLE", "REVOKER_ROLE"] as const) {
        expect(await hasRole(admin, { registry, role, account: adminKey.address })).to.equal(true);
        expect(await hasRole(admin, { registry, role, account: operatorKey.address })).to.equal(false);
      }
    });

    it("a read-only client reads but cannot write", async function () {
      const reader = createRegistryClient({ chainId: 31337, provider });
      expect(await getRegistryVersion(reader, { registry })).to.equal("1.0.0");
      await expectError(anchor(reader, { registry, root: randomRoot(), leafCount: 1 }), NoAccountError);
    });

    it("reads at an address without code fail with RegistryNotFoundError; writes refuse to send", async function () {
      const empty = getAddress(`0x${randomBytes(20).toString("hex")}`);
      const error = await expectError(getBatch(admin, { registry: empty, root: randomRoot() }), RegistryNotFoundError);
      expect(error.registry).to.equal(empty);
      expect(error.chainId).to.equal(31337);
      const before = await nonceOf(adminKey.address);
      await expectError(anchor(admin, { registry: empty, root: randomRoot(), leafCount: 1 }), RegistryNotFoundError);
      expect(await nonceOf(adminKey.address)).to.equal(before);
    });
  });

  describe("anchor and anchorMany", function () {
    it("anchors a root: BatchAnchored event, batch record, credential statuses", async function () {
      const root = randomRoot();
      const result = await anchor(admin, { registry, root, leafCount: 300, uri: "https://example.edu/b1" });
      expect(result.events.map((e) => e.eventName)).to.deep.equal(["BatchAnchored", "BatchUriPublished"]);
      expect(result.events[0].args).to.deep.equal({ root, leafCount: 300n });
      expect(result.events[1].args).to.deep.equal({ root, uri: "https://example.edu/b1" });
      const block = await admin.publicClient.getBlock({ blockNumber: result.blockNumber });
      const record = await getBatch(admin, { registry, root });
      expect(record).to.deep.equal({
        root,
        anchored: true,
        anchoredAt: Number(block.timestamp),
        anchoredBlock: Number(result.blockNumber),
        revokedAt: 0,
        leafCount: 300,
      });
      expect(await getCredentialStatus(admin, { registry, root, index: 299 })).to.equal("Valid");
      expect(await getCredentialStatus(admin, { registry, root, index: 300 })).to.equal("OutOfRange");
      expect(await getCredentialStatus(admin, { registry, root: randomRoot(), index: 0 })).to.equal("Unknown");
      const found = await findAnchorTransaction(admin, { registry, root });
      expect(found?.transactionHash).to.equal(result.transactionHash);
      expect(found?.blockNumber).to.equal(Number(result.blockNumber));
      expect(found?.leafCount).to.equal(300);
      expect(await findAnchorTransaction(admin, { registry, root: randomRoot() })).to.equal(undefined);
    });

    it("a second anchor of the same root throws RootAlreadyAnchoredError with the root, and sends nothing", async function () {
      const root = randomRoot();
      await anchor(admin, { registry, root, leafCount: 1 });
      const before = await nonceOf(adminKey.address);
      const error = await expectError(anchor(admin, { registry, root, leafCount: 1 }), RootAlreadyAnchoredError);
      expect(error.root).to.equal(root);
      expect(error.code).to.equal("REGISTRY_ROOT_ALREADY_ANCHORED");
      expect(error.functionName).to.equal("anchor");
      expect(await nonceOf(adminKey.address)).to.equal(before);
    });

    it("anchorMany anchors several roots in one transaction", async function () {
      const batches = [
        { root: randomRoot(), leafCount: 10 },
        { root: randomRoot(), leafCount: 20 },
      ];
      const result = await anchorMany(admin, { registry, batches });
      expect(result.events.map((e) => [e.eventName, e.args])).to.deep.equal([
        ["BatchAnchored", { root: batches[0].root, leafCount: 10n }],
        ["BatchAnchored", { root: batches[1].root, leafCount: 20n }],
      ]);
      const statuses = await getCredentialStatuses(admin, {
        registry,
        credentials: [
          { root: batches[0].root, index: 9 },
          { root: batches[1].root, index: 19 },
          { root: batches[1].root, index: 20 },
        ],
        chunkSize: 2,
      });
      expect(statuses).to.deep.equal(["Valid", "Valid", "OutOfRange"]);
    });

    it("decodes ZeroRoot and EmptyInput", async function () {
      await expectError(anchor(admin, { registry, root: `0x${"00".repeat(32)}`, leafCount: 1 }), ZeroRootError);
      await expectError(anchorMany(admin, { registry, batches: [] }), EmptyInputError);
    });
  });

  describe("roles", function () {
    it("an account without ISSUER_ROLE gets NotAuthorizedError naming the account, the role and the fix", async function () {
      const error = await expectError(
        anchor(operator, { registry, root: randomRoot(), leafCount: 1 }),
        NotAuthorizedError,
      );
      expect(error.account).to.equal(operatorKey.address);
      expect(error.role).to.equal(REGISTRY_ROLES.ISSUER_ROLE);
      expect(error.roleName).to.equal("ISSUER_ROLE");
      expect(error.fix).to.equal(
        `Ask the registry admin to grant ISSUER_ROLE to ${operatorKey.address} (grantRole), or use a key that holds it.`,
      );
    });

    it("grantRole lets an operator anchor; revokeRole and renounceRole take it away", async function () {
      const granted = await grantRole(admin, { registry, role: "ISSUER_ROLE", account: operatorKey.address });
      expect(granted.events[0].eventName).to.equal("RoleGranted");
      expect(granted.events[0].args).to.deep.equal({
        role: REGISTRY_ROLES.ISSUER_ROLE,
        account: operatorKey.address,
        sender: adminKey.address,
      });
      await anchor(operator, { registry, root: randomRoot(), leafCount: 1 });
      await revokeRole(admin, { registry, role: "ISSUER_ROLE", account: operatorKey.address });
      expect(await hasRole(admin, { registry, role: "ISSUER_ROLE", account: operatorKey.address })).to.equal(false);

      await grantRole(admin, { registry, role: "REVOKER_ROLE", account: operatorKey.address });
      await renounceRole(operator, { registry, role: "REVOKER_ROLE", account: operatorKey.address });
      expect(await hasRole(admin, { registry, role: "REVOKER_ROLE", account: operatorKey.address })).to.equal(false);
    });

    it("only the admin may set the profile or grant roles (NotAuthorizedError with roleName admin)", async function () {
      const error = await expectError(
        setProfile(stranger, { registry, name: "X", url: "https://x" }),
        NotAuthorizedError,
      );
      expect(error.roleName).to.equal("admin");
      expect(error.account).to.equal(strangerKey.address);
      const grant = await expectError(
        grantRole(stranger, { registry, role: "ISSUER_ROLE", account: strangerKey.address }),
        NotAuthorizedError,
      );
      expect(grant.roleName).to.equal("admin");
      const result = await setProfile(admin, { registry, name: "Renamed", url: "did:web:example.edu" });
      expect(result.events[0].args).to.deep.equal({ name: "Renamed", url: "did:web:example.edu" });
      expect(await getProfile(stranger, { registry })).to.deep.equal({ name: "Renamed", url: "did:web:example.edu" });
    });

    it("the admin role moves in two steps; the wrong accepter and a direct grant are refused", async function () {
      await expectError(grantRole(admin, { registry, role: "admin", account: operatorKey.address }), AdminRulesError);
      await beginDefaultAdminTransfer(admin, { registry, newAdmin: operatorKey.address });
      const pending = await getPendingDefaultAdmin(admin, { registry });
      expect(pending.newAdmin).to.equal(operatorKey.address);
      expect(pending.schedule).to.be.greaterThan(0);
      // The schedule must be strictly in the past: let a second pass.
      await provider.request({ method: "evm_increaseTime", params: [1] });
      await provider.request({ method: "evm_mine", params: [] });
      const wrong = await expectError(acceptDefaultAdminTransfer(stranger, { registry }), AdminRulesError);
      expect(wrong.errorName).to.equal("AccessControlInvalidDefaultAdmin");
      await acceptDefaultAdminTransfer(operator, { registry });
      expect(await getDefaultAdmin(admin, { registry })).to.equal(operatorKey.address);
      expect((await getPendingDefaultAdmin(admin, { registry })).newAdmin).to.equal(
        "0x0000000000000000000000000000000000000000",
      );
      await beginDefaultAdminTransfer(operator, { registry, newAdmin: adminKey.address });
      await cancelDefaultAdminTransfer(operator, { registry });
      expect((await getPendingDefaultAdmin(admin, { registry })).schedule).to.equal(0);
    });
  });

  describe("revoke, suspend, reinstate, revokeBatch", function () {
    it("sets and clears bits, reports only what changed, and carries the reason", async function () {
      const root = randomRoot();
      await anchor(admin, { registry, root, leafCount: 300 });
      const first = await revoke(admin, {
        registry,
        root,
        wordIndices: [0, 1],
        masks: [0b1010n, 1n << 43n],
        reason: "fraud",
      });
      expect(first.events.map((e) => e.args)).to.deep.equal([
        { root, wordIndex: 0n, bits: 0b1010n, reason: encodeReason("fraud") },
        { root, wordIndex: 1n, bits: 1n << 43n, reason: encodeReason("fraud") },
      ]);
      expect(decodeReason((first.events[0].args as { reason: Hex }).reason)).to.equal("fraud");
      // Idempotent: bits already set are not reported again.
      const again = await revoke(admin, { registry, root, wordIndices: [0], masks: [0b1110n], reason: "fraud" });
      expect(again.events.map((e) => e.args)).to.deep.equal([
        { root, wordIndex: 0n, bits: 0b0100n, reason: encodeReason("fraud") },
      ]);
      expect(await getStatusWords(admin, { registry, root, wordIndex: 0 })).to.deep.equal({
        revoked: 0b1110n,
        suspended: 0n,
      });
      expect(await getCredentialStatus(admin, { registry, root, index: 299 })).to.equal("Revoked");

      await suspend(admin, { registry, root, wordIndices: [0], masks: [1n], reason: "review" });
      expect(await getCredentialStatus(admin, { registry, root, index: 0 })).to.equal("Suspended");
      const lifted = await reinstate(admin, { registry, root, wordIndices: [0], masks: [0b11n], reason: "cleared" });
      expect(lifted.events[0].eventName).to.equal("CredentialsReinstated");
      expect(lifted.events[0].args).to.deep.equal({ root, wordIndex: 0n, bits: 1n, reason: encodeReason("cleared") });
      expect(await getCredentialStatus(admin, { registry, root, index: 0 })).to.equal("Valid");
    });

    it("decodes BitsOutOfRange, ZeroMask, UnknownRoot and BatchAlreadyRevoked with their values", async function () {
      const root = randomRoot();
      await anchor(admin, { registry, root, leafCount: 10 });
      const range = await expectError(
        revoke(admin, { registry, root, wordIndices: [0], masks: [1n << 10n], reason: "" }),
        BitsOutOfRangeError,
      );
      expect([range.root, range.wordIndex, range.mask, range.leafCount]).to.deep.equal([root, 0n, 1n << 10n, 10n]);
      const zero = await expectError(
        suspend(admin, { registry, root, wordIndices: [0], masks: [0n], reason: "" }),
        ZeroMaskError,
      );
      expect([zero.root, zero.wordIndex]).to.deep.equal([root, 0n]);
      const unknown = randomRoot();
      expect(
        (await expectError(revokeBatch(admin, { registry, root: unknown, reason: "x" }), UnknownRootError)).root,
      ).to.equal(unknown);

      const revoked = await revokeBatch(admin, { registry, root, reason: "withdrawn" });
      expect(revoked.events[0].args).to.deep.equal({ root, reason: encodeReason("withdrawn") });
      const record = await getBatch(admin, { registry, root });
      const frozen = await expectError(
        revoke(admin, { registry, root, wordIndices: [0], masks: [1n], reason: "" }),
        BatchAlreadyRevokedError,
      );
      expect(frozen.root).to.equal(root);
      expect(frozen.revokedAt).to.equal(BigInt(record.revokedAt));
      expect(await getCredentialStatus(admin, { registry, root, index: 0 })).to.equal("BatchRevoked");
    });
  });

  describe("connections and the chain-id guard", function () {
    it("refuses to write when the endpoint serves another chain, and sends nothing", async function () {
      const wrong = createRegistryClient({ chainId: 11155111, provider, account: { address: adminKey.address } });
      expect(wrong.confirmations).to.equal(defaultConfirmations(11155111));
      const before = await nonceOf(adminKey.address);
      const error = await expectError(
        anchor(wrong, { registry, root: randomRoot(), leafCount: 1 }),
        ChainMismatchError,
      );
      expect(error.expectedChainId).to.equal(11155111);
      expect(error.actualChainId).to.equal(31337);
      expect(error).to.include({ code: "CHAIN_MISMATCH", scope: "client" });
      await expectError(deployRegistry(wrong, { admin: adminKey.address, name: "", url: "" }), ChainMismatchError);
      expect(await nonceOf(adminKey.address)).to.equal(before);
    });

    it("works through an ethers v6 provider and signers (a node-managed signer and a Wallet)", async function () {
      const hreEthers = (
        hre as unknown as { ethers: { provider: ethers.Provider; getSigner(address: string): Promise<ethers.Signer> } }
      ).ethers;
      const nodeSigner = await hreEthers.getSigner(adminKey.address);
      const viaSigner = createRegistryClient({ chainId: 31337, ethers: nodeSigner });
      expect(viaSigner.account?.type).to.equal("json-rpc");
      const root = randomRoot();
      await anchor(viaSigner, { registry, root, leafCount: 2 });
      const again = await expectError(anchor(viaSigner, { registry, root, leafCount: 2 }), RootAlreadyAnchoredError);
      expect(again.root).to.equal(root);

      await grantRole(admin, { registry, role: "ISSUER_ROLE", account: operatorKey.address });
      const wallet = new ethers.Wallet(operatorKey.privateKey, hreEthers.provider);
      const viaWallet = createRegistryClient({ chainId: 31337, ethers: wallet });
      expect(viaWallet.account?.type).to.equal("local");
      const result = await anchor(viaWallet, { registry, root: randomRoot(), leafCount: 3 });
      const tx = await admin.publicClient.getTransaction({ hash: result.transactionHash });
      expect(tx.from).to.equal(operatorKey.address.toLowerCase());
      expect(tx.type).to.equal("eip1559");

      // A read-only ethers provider, and errors decoded through ethers' wrapping.
      const reader = createRegistryClient({ chainId: 31337, ethers: hreEthers.provider });
      expect(await getCredentialStatus(reader, { registry, root, index: 1 })).to.equal("Valid");
      const strangerWallet = createRegistryClient({
        chainId: 31337,
        ethers: new ethers.Wallet(strangerKey.privateKey, hreEthers.provider),
      });
      const denied = await expectError(
        anchor(strangerWallet, { registry, root: randomRoot(), leafCount: 1 }),
        NotAuthorizedError,
      );
      expect(denied.account).to.equal(strangerKey.address);
    });

    it("refuses an ethers provider without send() and a client with two connections", function () {
      const fallbackLike = { getNetwork: async () => ({ chainId: 31337n }) } as unknown as ethers.Provider;
      expect(() => createRegistryClient({ chainId: 31337, ethers: fallbackLike })).to.throw(UnsupportedConnectionError);
      expect(() => createRegistryClient({ chainId: 31337, provider, rpcUrl: "http://127.0.0.1:8545" })).to.throw(
        UnsupportedConnectionError,
        /exactly one/,
      );
    });

    it("createRegistry binds client and address and only delegates", async function () {
      const bound = createRegistry({ client: admin, address: registry });
      const root = randomRoot();
      await bound.anchor({ root, leafCount: 5 });
      expect((await bound.getBatch({ root })).leafCount).to.equal(5);
      await bound.revoke({ root, wordIndices: [0], masks: [1n], reason: "x" });
      expect(await bound.getCredentialStatus({ root, index: 0 })).to.equal("Revoked");
      expect(await bound.getDefaultAdmin()).to.equal(adminKey.address);
    });
  });
});
