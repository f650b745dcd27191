/**
 * Rotating the issuer key, end to end, exactly as docs/CLI.md "Rotating the issuer key" says: grant
 * ISSUER_ROLE to the new key, anchor with it, revoke the old key's role; the old key can no longer
 * anchor, and credentials anchored with the old key keep verifying.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { VerifyJson } from "../../../../cli/commands/verify";
import { testIo } from "../../../../cli/lib/testIo";
import { main } from "../../../../cli/main";
import { HARDHAT_ACCOUNTS } from "../../../helpers/hardhatNode";
import { sharedHardhatNode, type SharedHardhatNode } from "../../../helpers/sharedHardhatNode";
import { repoPath } from "../../../helpers/repoRoot";
import { ON_THIS_THREAD } from "../../../helpers/runCli";

const FIXTURES = repoPath("test", "fixtures");
const OLD = HARDHAT_ACCOUNTS[0]; // deploys: the admin, and the first issuer key
const NEW = HARDHAT_ACCOUNTS[2];

describe("cli: rotating the issuer key", function () {
  this.timeout(180_000);
  let node: SharedHardhatNode;
  let dir: string;
  const cli = async (key: string, ...argv: string[]) => {
    const io = testIo({ cwd: dir, env: { LOCALHOST_RPC_URL: node.url, CREDANCHOR_PRIVATE_KEY: key } });
    const code = await main(argv, io);
    return { code, stdout: io.stdout.text(), stderr: io.stderr.text() };
  };
  const issue = (out: string) =>
    cli(
      OLD.privateKey,
      "issue",
      "--template",
      path.join(FIXTURES, "templates", "telemedicine-nursing.json"),
      "--recipients",
      path.join(FIXTURES, "recipients", "nurses.csv"),
      "--out",
      out,
      ...ON_THIS_THREAD,
    );

  before(async function () {
    node = await sharedHardhatNode();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-rotation-"));
  });
  after(async function () {
    await node?.release();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("grant the new key, anchor with it, revoke the old key: old credentials keep verifying", async function () {
    for (const argv of [
      ["init", "--name", "Northbridge School of Nursing", "--url", "https://nursing.example.edu"],
      ["deploy"],
    ]) {
      const run = await cli(OLD.privateKey, ...argv);
      expect(run.code, run.stderr).to.equal(0);
    }
    expect((await issue("batch-old")).code).to.equal(0);
    expect((await cli(OLD.privateKey, "anchor", "batch-old")).code).to.equal(0);

    // 1. the admin grants ISSUER_ROLE to the new key
    const grant = await cli(OLD.privateKey, "roles", "grant", "issuer", NEW.address, "--json");
    expect(grant.code, grant.stderr).to.equal(0);
    expect(JSON.parse(grant.stdout)).to.include({ role: "ISSUER_ROLE", account: NEW.address, changed: true });
    // 2. the new key anchors
    expect((await issue("batch-new")).code).to.equal(0);
    const anchored = await cli(NEW.privateKey, "anchor", "batch-new", "--json");
    expect(anchored.code, anchored.stderr).to.equal(0);
    // 3. the admin takes the old key's issuer role away
    const revoke = await cli(OLD.privateKey, "roles", "revoke", "issuer", OLD.address, "--json");
    expect(revoke.code, revoke.stderr).to.equal(0);
    expect(JSON.parse(revoke.stdout)).to.include({
      action: "revoke",
      role: "ISSUER_ROLE",
      account: OLD.address,
      changed: true,
    });

    const list = JSON.parse((await cli(OLD.privateKey, "roles", "list", NEW.address, "--json")).stdout) as {
      accounts: Array<{ address: string; issuer: boolean }>;
    };
    expect(list.accounts.find((a) => a.address === OLD.address)?.issuer).to.equal(false);
    expect(list.accounts.find((a) => a.address === NEW.address)?.issuer).to.equal(true);

    // The old key can no longer anchor ...
    expect((await issue("batch-late")).code).to.equal(0);
    const refused = await cli(OLD.privateKey, "anchor", "batch-late");
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.include("ISSUER_ROLE");
    // ... and what it anchored before keeps verifying, as does the new key's batch.
    for (const batch of ["batch-old", "batch-new"]) {
      const verify = await cli(OLD.privateKey, "verify", batch, "--json");
      expect(verify.code, `${batch}: ${verify.stdout}`).to.equal(0);
      expect((JSON.parse(verify.stdout) as VerifyJson).summary).to.include({ total: 15, valid: 15, invalid: 0 });
    }
  });
});
