/**
 * Operators (issue 7, item 5) on a real `hardhat node`: role changes end to end through the SDK's
 * role actions and through `credanchor roles` (run in process through main(), as the command line
 * runs it): grant, revoke and renounce ISSUER_ROLE / REVOKER_ROLE, the two-step admin transfer
 * (begin, accept by the new admin, cancel), each with its event; a key that lost ISSUER_ROLE
 * cannot anchor and is told so in one line with the fix (no stack, no journal, no transaction);
 * credentials anchored before a key lost its role stay valid.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Hex } from "viem";
import { HARDHAT_ACCOUNTS } from "../../helpers/hardhatNode";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import type { RegistryClient } from "../../../sdk/src/chain/createRegistryClient";
import { deployRegistry } from "../../../sdk/src/chain/actions/deployRegistry";
import { grantRole } from "../../../sdk/src/chain/actions/grantRole";
import { revokeRole } from "../../../sdk/src/chain/actions/revokeRole";
import { renounceRole } from "../../../sdk/src/chain/actions/renounceRole";
import { hasRole } from "../../../sdk/src/chain/actions/hasRole";
import { beginDefaultAdminTransfer } from "../../../sdk/src/chain/actions/beginDefaultAdminTransfer";
import { acceptDefaultAdminTransfer } from "../../../sdk/src/chain/actions/acceptDefaultAdminTransfer";
import { cancelDefaultAdminTransfer } from "../../../sdk/src/chain/actions/cancelDefaultAdminTransfer";
import { getDefaultAdmin } from "../../../sdk/src/chain/actions/getDefaultAdmin";
import { getPendingDefaultAdmin } from "../../../sdk/src/chain/actions/getPendingDefaultAdmin";
import { REGISTRY_ROLES } from "../../../sdk/src/chain/roles";
import { credentialRegistryAbi } from "../../../sdk/src/chain/registryArtifact";
import { anchorBatch } from "../../../sdk/src/anchor/anchorBatch";
import { JOURNAL_FILE } from "../../../sdk/src/anchor/journal";
import { revokeCredentials } from "../../../sdk/src/revoke/revokeCredentials";
import { issueBatch } from "../../../sdk/src/batch/issueBatch";
import { verifyCredentialFiles } from "../../../sdk/src/verify/files";
import { AdminRulesError, NotAuthorizedError } from "../../../sdk/src/errors/registry";
import type { Address } from "../../../sdk/src/types";
import { main } from "../../../cli/main";
import { testIo } from "../../../cli/lib/testIo";
import type { RolesChangeJson, RolesListJson } from "../../../cli/commands/roles";
import { readBatch } from "../../helpers/batchState";
import { localRegistryClient } from "../../helpers/localClient";
import { credentialFile } from "../../helpers/credentialFiles";
import { repoPath } from "../../helpers/repoRoot";

const FIXTURES = repoPath("test", "fixtures", "batch");
const [admin, operator, other] = HARDHAT_ACCOUNTS;

async function rejection<T extends Error>(promise: Promise<unknown>): Promise<T> {
  try {
    await promise;
  } catch (error) {
    return error as T;
  }
  throw new Error("expected a rejection");
}

describe("operators: role changes end to end (SDK and `credanchor roles`)", function () {
  this.timeout(60_000);
  let node: SharedHardhatNode;
  let work: string;
  let serial = 0;
  const clients = new Map<string, RegistryClient>();

  before(async function () {
    node = await sharedHardhatNode();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-operators-"));
  });

  after(async function () {
    await node?.release();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  function clientOf(account: (typeof HARDHAT_ACCOUNTS)[number]): RegistryClient {
    let client = clients.get(account.address);
    if (!client) {
      client = localRegistryClient(node.url, account.privateKey);
      clients.set(account.address, client);
    }
    return client;
  }

  async function issue(parent = work): Promise<string> {
    const dir = path.join(parent, `batch-${serial++}`);
    await issueBatch({
      template: path.join(FIXTURES, "template.json"),
      recipients: path.join(FIXTURES, "recipients.csv"),
      outDir: dir,
      workers: 0,
      now: "2025-09-01T09:00:00Z",
    });
    return dir;
  }

  async function events(registry: Address, eventName: "RoleGranted" | "RoleRevoked", transactionHash: Hex) {
    const logs = await clientOf(admin).publicClient.getContractEvents({
      address: registry,
      abi: credentialRegistryAbi,
      eventName,
      fromBlock: 0n,
      toBlock: "latest",
    });
    return logs.filter((log) => log.transactionHash === transactionHash).map((log) => log.args);
  }

  const nonce = (address: Address) => clientOf(admin).publicClient.getTransactionCount({ address, blockTag: "latest" });

  async function expectAllValid(dir: string): Promise<void> {
    const results = await verifyCredentialFiles([dir], { rpc: { "eip155:31337": node.url }, minConfirmations: 1 });
    expect(results.length).to.be.greaterThan(0);
    for (const result of results) expect(result.status, `${result.file}: ${result.summary}`).to.equal("valid");
  }

  describe("through the SDK", function () {
    let registry: Address;

    before(async function () {
      ({ address: registry } = await deployRegistry(clientOf(admin), {
        admin: admin.address,
        name: "Example University",
        url: "https://www.example.edu",
      }));
    });

    it("the deployer's admin holds both operator roles; an operator granted ISSUER_ROLE anchors, and once revoked cannot, while its earlier batch stays valid", async function () {
      for (const role of ["ISSUER_ROLE", "REVOKER_ROLE", "admin"] as const) {
        expect(await hasRole(clientOf(admin), { registry, role, account: admin.address }), role).to.equal(true);
      }
      expect(await hasRole(clientOf(admin), { registry, role: "ISSUER_ROLE", account: operator.address })).to.equal(
        false,
      );

      const granted = await grantRole(clientOf(admin), { registry, role: "ISSUER_ROLE", account: operator.address });
      expect(await events(registry, "RoleGranted", granted.transactionHash)).to.deep.equal([
        { role: REGISTRY_ROLES.ISSUER_ROLE, account: operator.address, sender: admin.address },
      ]);
      const early = await issue();
      const anchored = await anchorBatch(early, { client: clientOf(operator), registry });
      expect(anchored.outcome).to.equal("sent");
      const tx = await clientOf(admin).publicClient.getTransaction({ hash: anchored.anchor.transactionHash });
      expect(tx.from.toLowerCase()).to.equal(operator.address.toLowerCase());

      const revoked = await revokeRole(clientOf(admin), { registry, role: "ISSUER_ROLE", account: operator.address });
      expect(await events(registry, "RoleRevoked", revoked.transactionHash)).to.deep.equal([
        { role: REGISTRY_ROLES.ISSUER_ROLE, account: operator.address, sender: admin.address },
      ]);

      const late = await issue();
      const before = await nonce(operator.address);
      const denied = await rejection<NotAuthorizedError>(anchorBatch(late, { client: clientOf(operator), registry }));
      expect(denied).to.be.instanceOf(NotAuthorizedError);
      expect([denied.account, denied.roleName, denied.role, denied.functionName]).to.deep.equal([
        operator.address,
        "ISSUER_ROLE",
        REGISTRY_ROLES.ISSUER_ROLE,
        "anchor",
      ]);
      expect(denied.shortMessage).to.equal(
        `Account ${operator.address} does not hold ISSUER_ROLE, which anchor requires.`,
      );
      expect(denied.fix).to.include(`grant ISSUER_ROLE to ${operator.address}`);
      // Refused in simulation: nothing sent, nothing journaled, nothing written.
      expect(await nonce(operator.address)).to.equal(before);
      expect(fs.existsSync(path.join(late, JOURNAL_FILE))).to.equal(false);
      expect(readBatch(late).manifest.anchor).to.equal(undefined);

      await expectAllValid(early);
    });

    it("a revoker renounces its role (RoleRevoked from itself) and then cannot revoke; nobody renounces for another", async function () {
      const granted = await grantRole(clientOf(admin), { registry, role: "REVOKER_ROLE", account: other.address });
      expect(await events(registry, "RoleGranted", granted.transactionHash)).to.have.length(1);
      const forAnother = await rejection<AdminRulesError>(
        renounceRole(clientOf(admin), { registry, role: "REVOKER_ROLE", account: other.address }),
      );
      expect(forAnother).to.be.instanceOf(AdminRulesError);
      expect(forAnother.errorName).to.equal("AccessControlBadConfirmation");

      const renounced = await renounceRole(clientOf(other), {
        registry,
        role: "REVOKER_ROLE",
        account: other.address,
      });
      expect(await events(registry, "RoleRevoked", renounced.transactionHash)).to.deep.equal([
        { role: REGISTRY_ROLES.REVOKER_ROLE, account: other.address, sender: other.address },
      ]);
      expect(await hasRole(clientOf(admin), { registry, role: "REVOKER_ROLE", account: other.address })).to.equal(
        false,
      );

      const dir = await issue();
      await anchorBatch(dir, { client: clientOf(admin), registry });
      const denied = await rejection<NotAuthorizedError>(
        revokeCredentials([credentialFile(dir, 1)], "test", {
          client: clientOf(other),
          registry,
        }),
      );
      expect(denied).to.be.instanceOf(NotAuthorizedError);
      expect([denied.account, denied.roleName]).to.deep.equal([other.address, "REVOKER_ROLE"]);
      // An operator cannot hand out roles either: that takes the admin.
      const notAdmin = await rejection<NotAuthorizedError>(
        grantRole(clientOf(operator), { registry, role: "ISSUER_ROLE", account: operator.address }),
      );
      expect([notAdmin.account, notAdmin.roleName]).to.deep.equal([operator.address, "admin"]);
      // The admin role itself never moves by grantRole.
      const direct = await rejection<AdminRulesError>(
        grantRole(clientOf(admin), { registry, role: "admin", account: other.address }),
      );
      expect(direct.errorName).to.equal("AccessControlEnforcedDefaultAdminRules");
    });

    it("admin transfer in two steps: begin, only the pending admin accepts, cancel withdraws it, accept hands over", async function () {
      await beginDefaultAdminTransfer(clientOf(admin), { registry, newAdmin: operator.address });
      const pending = await getPendingDefaultAdmin(clientOf(admin), { registry });
      expect(pending.newAdmin).to.equal(operator.address);
      expect(pending.schedule).to.be.greaterThan(0);

      const stranger = await rejection<AdminRulesError>(acceptDefaultAdminTransfer(clientOf(other), { registry }));
      expect(stranger).to.be.instanceOf(AdminRulesError);
      expect(stranger.errorName).to.equal("AccessControlInvalidDefaultAdmin");
      expect(stranger.shortMessage).to.equal(
        `${other.address} is not the pending admin, so it cannot accept the admin transfer.`,
      );

      await cancelDefaultAdminTransfer(clientOf(admin), { registry });
      expect((await getPendingDefaultAdmin(clientOf(admin), { registry })).schedule).to.equal(0);
      const withdrawn = await rejection<AdminRulesError>(acceptDefaultAdminTransfer(clientOf(operator), { registry }));
      expect(withdrawn.errorName).to.equal("AccessControlInvalidDefaultAdmin");
      expect(await getDefaultAdmin(clientOf(admin), { registry })).to.equal(admin.address);

      await beginDefaultAdminTransfer(clientOf(admin), { registry, newAdmin: operator.address });
      await node.rpc("evm_mine"); // zero delay: acceptable in the first block after the schedule
      await acceptDefaultAdminTransfer(clientOf(operator), { registry });
      expect(await getDefaultAdmin(clientOf(admin), { registry })).to.equal(operator.address);
      expect(await hasRole(clientOf(admin), { registry, role: "admin", account: admin.address })).to.equal(false);
      const former = await rejection<NotAuthorizedError>(
        grantRole(clientOf(admin), { registry, role: "ISSUER_ROLE", account: other.address }),
      );
      expect([former.account, former.roleName]).to.deep.equal([admin.address, "admin"]);
      await grantRole(clientOf(operator), { registry, role: "ISSUER_ROLE", account: other.address });
      expect(await hasRole(clientOf(admin), { registry, role: "ISSUER_ROLE", account: other.address })).to.equal(true);
    });
  });

  describe("through the CLI (`credanchor roles`, `anchor`, `verify`)", function () {
    let cwd: string;
    let registry: Address;

    before(async function () {
      cwd = path.join(work, "cli");
      fs.mkdirSync(cwd);
      const deployed = await cli(admin, [
        "deploy",
        "--network",
        "localhost",
        "--name",
        "Example University",
        "--url",
        "https://www.example.edu",
        "--json",
      ]);
      expect(deployed.code, deployed.stderr).to.equal(0);
      registry = (JSON.parse(deployed.stdout) as { address: Address }).address;
    });

    /** Runs `credanchor <argv>` with `account`'s key in the environment (or none). */
    async function cli(account: (typeof HARDHAT_ACCOUNTS)[number] | undefined, argv: string[]) {
      const io = testIo({
        cwd,
        env: {
          LOCALHOST_RPC_URL: node.url,
          NO_COLOR: "1",
          ...(account ? { CREDANCHOR_PRIVATE_KEY: account.privateKey } : {}),
        },
      });
      const code = await main(argv, io);
      return { code, stdout: io.stdout.text(), stderr: io.stderr.text() };
    }

    async function list(...addresses: string[]): Promise<RolesListJson> {
      const result = await cli(undefined, ["roles", "list", ...addresses, "--network", "localhost", "--json"]);
      expect(result.code, result.stderr).to.equal(0);
      return JSON.parse(result.stdout) as RolesListJson;
    }

    it("roles list shows the admin, no pending transfer, and each account's roles (text and --json)", async function () {
      expect(await list(operator.address)).to.deep.equal({
        network: "localhost",
        chainId: 31337,
        registry,
        admin: admin.address,
        pendingAdmin: null,
        accounts: [
          { address: admin.address, admin: true, issuer: true, revoker: true, you: false },
          { address: operator.address, admin: false, issuer: false, revoker: false, you: false },
        ],
      });
      const text = await cli(operator, ["roles", "--network", "localhost"]);
      expect(text.code, text.stderr).to.equal(0);
      expect(text.stdout).to.include(`Registry ${registry} on localhost (chain 31337)`);
      expect(text.stdout).to.include(`  admin          ${admin.address}\n  pending admin  none\n`);
      expect(text.stdout).to.match(new RegExp(`${operator.address}  no +no +no +\\(your key\\)`));
      expect(text.stderr).to.equal("");
    });

    it("grant issuer → the operator anchors; revoke issuer → `anchor` fails in one line naming ISSUER_ROLE and the fix; the earlier batch still verifies", async function () {
      const granted = await cli(admin, [
        "roles",
        "grant",
        "issuer",
        operator.address,
        "--network",
        "localhost",
        "--json",
      ]);
      expect(granted.code, granted.stderr).to.equal(0);
      const change = JSON.parse(granted.stdout) as RolesChangeJson;
      expect(change).to.include({
        action: "grant",
        role: "ISSUER_ROLE",
        account: operator.address,
        from: admin.address,
        changed: true,
      });
      expect(await events(registry, "RoleGranted", change.transactionHash!)).to.deep.equal([
        { role: REGISTRY_ROLES.ISSUER_ROLE, account: operator.address, sender: admin.address },
      ]);
      // Again: already in place, nothing sent.
      const adminNonce = await nonce(admin.address);
      const again = await cli(admin, [
        "roles",
        "grant",
        "issuer",
        operator.address.toLowerCase(),
        "--network",
        "localhost",
      ]);
      expect(again.code, again.stderr).to.equal(0);
      expect(again.stdout).to.equal(
        `✔ ${operator.address} already holds ISSUER_ROLE; nothing sent\nRegistry ${registry} on localhost (chain 31337).\n`,
      );
      expect(await nonce(admin.address)).to.equal(adminNonce);

      const early = await issue(cwd);
      const anchored = await cli(operator, ["anchor", early, "--network", "localhost", "--json"]);
      expect(anchored.code, anchored.stderr).to.equal(0);

      const revoked = await cli(admin, ["roles", "revoke", "issuer", operator.address, "--network", "localhost"]);
      expect(revoked.code, revoked.stderr).to.equal(0);
      expect(revoked.stdout).to.match(
        new RegExp(`^✔ revoked ISSUER_ROLE from ${operator.address}\n  tx  0x[0-9a-f]{64} in block \\d+\n`),
      );
      expect((await list(operator.address)).accounts[1]).to.include({ issuer: false });

      const late = await issue(cwd);
      const operatorNonce = await nonce(operator.address);
      const denied = await cli(operator, ["anchor", late, "--network", "localhost"]);
      expect(denied.code).to.equal(1);
      expect(denied.stdout).to.equal("");
      // One line naming the account and the missing role, one line with the fix (its wording may name
      // the SDK call or the CLI command), and no stack.
      const [line, fix, ...rest] = denied.stderr.split("\n");
      expect(line).to.equal(`error: Account ${operator.address} does not hold ISSUER_ROLE, which anchor requires.`);
      expect(fix).to.match(/^ {2}fix: .*grant/);
      expect(fix)
        .to.include(operator.address)
        .and.to.match(/ISSUER_ROLE|roles grant issuer/);
      expect(rest).to.deep.equal([""]);
      const deniedJson = await cli(operator, ["anchor", late, "--network", "localhost", "--json"]);
      expect(deniedJson.code).to.equal(1);
      const { error } = JSON.parse(deniedJson.stdout) as { error: { code: string; message: string; fix: string } };
      expect(error.code).to.equal("REGISTRY_NOT_AUTHORIZED");
      expect(error.message).to.equal(`Account ${operator.address} does not hold ISSUER_ROLE, which anchor requires.`);
      expect(`  fix: ${error.fix}`).to.equal(fix);
      expect(await nonce(operator.address)).to.equal(operatorNonce);
      expect(fs.existsSync(path.join(late, JOURNAL_FILE))).to.equal(false);

      const verified = await cli(undefined, ["verify", early, "--network", "localhost", "--json"]);
      expect(verified.code, verified.stdout + verified.stderr).to.equal(0);
      await expectAllValid(early);
    });

    it("renounce: a revoker gives up its own role; a second renounce sends nothing; roles refuses bad input with usage errors", async function () {
      expect((await cli(admin, ["roles", "grant", "revoker", other.address, "--network", "localhost"])).code).to.equal(
        0,
      );
      const renounced = await cli(other, ["roles", "renounce", "revoker", "--network", "localhost", "--json"]);
      expect(renounced.code, renounced.stderr).to.equal(0);
      const change = JSON.parse(renounced.stdout) as RolesChangeJson;
      expect(change).to.include({ action: "renounce", role: "REVOKER_ROLE", account: other.address, changed: true });
      expect(await events(registry, "RoleRevoked", change.transactionHash!)).to.deep.equal([
        { role: REGISTRY_ROLES.REVOKER_ROLE, account: other.address, sender: other.address },
      ]);
      const again = await cli(other, ["roles", "renounce", "revoker", "--network", "localhost"]);
      expect(again.stdout).to.include(`${other.address} does not hold REVOKER_ROLE; nothing sent`);

      const usage = async (argv: string[], message: string) => {
        const result = await cli(admin, ["roles", ...argv, "--network", "localhost"]);
        expect(result.code, argv.join(" ")).to.equal(2);
        expect(result.stderr.split("\n")[0]).to.equal(`error: ${message}`);
        expect(result.stderr).to.not.match(/^\s+at /m);
      };
      await usage(["promote", operator.address], "unknown roles action 'promote'");
      await usage(["grant", "minter", operator.address], "unknown role 'minter'");
      await usage(["grant", "admin", operator.address], "the admin role cannot be granted directly");
      await usage(["grant", "issuer"], "roles grant needs an ADDRESS");
      await usage(["revoke", "issuer", "0x1234"], "'0x1234' is not an address");
      await usage(
        ["accept-admin", operator.address],
        `too many arguments for roles accept-admin: '${operator.address}'`,
      );
    });

    it("transfer-admin, a stranger's accept-admin refused, cancel-transfer, then accept-admin by the new admin", async function () {
      const begun = await cli(admin, ["roles", "transfer-admin", operator.address, "--network", "localhost"]);
      expect(begun.code, begun.stderr).to.equal(0);
      expect(begun.stdout).to.include(`admin transfer to ${operator.address} started`);
      expect(begun.stdout).to.include("`credanchor roles accept-admin` with that key");
      const pending = await list();
      expect(pending.pendingAdmin?.address).to.equal(operator.address);
      expect(pending.pendingAdmin?.acceptableAfter).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

      const stranger = await cli(other, ["roles", "accept-admin", "--network", "localhost"]);
      expect(stranger.code).to.equal(1);
      expect(stranger.stderr.split("\n")[0]).to.equal(
        `error: ${other.address} is not the pending admin, so it cannot accept the admin transfer.`,
      );
      expect(stranger.stderr).to.not.match(/^\s+at /m);

      const cancelled = await cli(admin, ["roles", "cancel-transfer", "--network", "localhost", "--json"]);
      expect(JSON.parse(cancelled.stdout)).to.include({
        action: "cancel-transfer",
        account: operator.address,
        changed: true,
      });
      expect((await list()).pendingAdmin).to.equal(null);
      const nothing = await cli(admin, ["roles", "cancel-transfer", "--network", "localhost"]);
      expect(nothing.stdout).to.include("no admin transfer is pending; nothing sent");
      expect((await cli(operator, ["roles", "accept-admin", "--network", "localhost"])).code).to.equal(1);

      expect((await cli(admin, ["roles", "transfer-admin", operator.address, "--network", "localhost"])).code).to.equal(
        0,
      );
      await node.rpc("evm_mine"); // zero delay: acceptable in the first block after the schedule
      const accepted = await cli(operator, ["roles", "accept-admin", "--network", "localhost", "--json"]);
      expect(accepted.code, accepted.stderr).to.equal(0);
      expect(JSON.parse(accepted.stdout)).to.include({
        action: "accept-admin",
        role: "admin",
        account: operator.address,
        changed: true,
      });
      const after = await list(admin.address);
      expect(after.admin).to.equal(operator.address);
      expect(after.pendingAdmin).to.equal(null);
      expect(after.accounts.find((a) => a.address === admin.address)).to.include({ admin: false });

      const former = await cli(admin, ["roles", "grant", "issuer", other.address, "--network", "localhost"]);
      expect(former.code).to.equal(1);
      expect(former.stderr.split("\n")[0]).to.equal(
        `error: Account ${admin.address} does not hold the admin role, which grantRole requires.`,
      );
    });
  });
});
