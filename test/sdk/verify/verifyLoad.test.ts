/**
 * Load, kept small for `npm test` (the full size, 100,000 credentials, is `npm run bench -- load`):
 * 2,000 credentials of one batch and 200 credentials from 20 batches of 10, issued, anchored and
 * verified from their files against a real `hardhat node`, with the RPC requests counted by the
 * fault-injection proxy in pass-through mode. What scales is asserted: the number of requests.
 */
import { expect } from "chai";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { anchorBatch } from "../../../sdk/src/anchor/anchorBatch";
import { anchorBatches } from "../../../sdk/src/anchor/anchorBatches";
import { issueBatch } from "../../../sdk/src/batch/issueBatch";
import { deployRegistry } from "../../../sdk/src/chain/actions/deployRegistry";
import type { RegistryClient } from "../../../sdk/src/chain/createRegistryClient";
import { revokeCredentials } from "../../../sdk/src/revoke/revokeCredentials";
import type { Address } from "../../../sdk/src/types";
import { verifyCredentialFileSlices, verifyCredentialFiles } from "../../../sdk/src/verify/files";
import type { VerificationResult } from "../../../sdk/src/verify/types";
import { HARDHAT_ACCOUNTS } from "../../helpers/hardhatNode";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import { startRpcFaultProxy, type RpcFaultProxy } from "../../helpers/rpcFaultProxy";
import { localRegistryClient } from "../../helpers/localClient";
import { credentialFile, credentialFiles } from "../../helpers/credentialFiles";
import { check } from "../../helpers/checks";
import { repoPath } from "../../helpers/repoRoot";

const [issuer] = HARDHAT_ACCOUNTS;
const TEMPLATE = repoPath("test", "fixtures", "batch", "template.json");
const CHAIN = "eip155:31337" as const;
const ONE_BATCH = 2_000;
const REVOKED = [7, 1_000, 1_999];

async function writeRecipients(file: string, n: number, offset = 0): Promise<void> {
  const rows = ["name,email,id,score"];
  for (let i = offset; i < offset + n; i++) rows.push(`Learner ${i},learner${i}@example.org,,${50 + (i % 50)}`);
  await fs.writeFile(file, `${rows.join("\n")}\n`);
}

describe("load (small): many credentials from files against a hardhat node", function () {
  this.timeout(180_000);
  let node: SharedHardhatNode;
  let proxy: RpcFaultProxy;
  let client: RegistryClient;
  let registry: Address;
  let work: string;
  let big: string;

  before(async function () {
    node = await sharedHardhatNode();
    proxy = await startRpcFaultProxy(node.url);
    client = localRegistryClient(proxy.url, issuer.privateKey);
    ({ address: registry } = await deployRegistry(client, {
      admin: issuer.address,
      name: "Example University",
      url: "https://www.example.edu",
    }));
    work = await fs.mkdtemp(path.join(os.tmpdir(), "credanchor-load-"));
    await writeRecipients(path.join(work, "recipients.csv"), ONE_BATCH);
    big = path.join(work, "big");
    await issueBatch({ template: TEMPLATE, recipients: path.join(work, "recipients.csv"), outDir: big });
    await anchorBatch(big, { client, registry });
    await revokeCredentials(
      REVOKED.map((i) => credentialFile(big, i)),
      "load-test",
      { client, registry },
    );
  });

  /**
   * The node through the proxy. The requests are counted exactly, so an honest answer must never be
   * retried: the timeout (default 10 s) only ends a hang. A 2,000-credential credentialStatuses call
   * answered 10.5 s late, as a starved node can (revoke.faults saw a heavy one pass 10 s), failed the
   * count with `eth_call: 4`.
   */
  const rpc = () => ({ [CHAIN]: { endpoints: [proxy.url], timeoutMs: 120_000 } });

  after(async function () {
    await proxy?.close();
    await node?.release();
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  it(`${ONE_BATCH.toLocaleString("en-US")} credentials of one batch: the right verdicts in 7 RPC requests`, async function () {
    proxy.resetCounts();
    const results = await verifyCredentialFiles([big], { rpc: rpc() });
    expect(results).to.have.length(ONE_BATCH);
    const invalid = results.flatMap((r) => (r.status === "valid" ? [] : [r.index]));
    expect(invalid).to.deep.equal(REVOKED);
    for (const i of REVOKED) {
      expect(results[i].status).to.equal("invalid");
      expect(check(results[i], "revocation")).to.deep.include({
        status: "failed",
        code: "REVOCATION_CREDENTIAL_REVOKED",
      });
    }
    const files = credentialFiles(big);
    expect(results.every((r, i) => r.index === i && r.file === files[i])).to.equal(true);
    // chain id, head, batch(root), credentialStatuses (2,000 in one call), profile(), the revocation's reason
    // and the date of the block that revoked it.
    expect(proxy.counts).to.deep.equal({
      eth_chainId: 1,
      eth_blockNumber: 1,
      eth_call: 3,
      eth_getLogs: 1,
      eth_getBlockByNumber: 1,
    });
  });

  it("the same through verifyCredentialFileSlices, 500 files at a time: four slices in order, one shared transport", async function () {
    proxy.resetCounts();
    const sizes: number[] = [];
    const all: VerificationResult[] = [];
    for await (const part of verifyCredentialFileSlices([big], {
      rpc: rpc(),
      filesPerSlice: 500,
      statusReasons: false,
    })) {
      sizes.push(part.length);
      all.push(...part);
    }
    expect(sizes).to.deep.equal([500, 500, 500, 500]);
    expect(all.map((r) => r.index)).to.deep.equal(Array.from({ length: ONE_BATCH }, (_, i) => i));
    expect(all.flatMap((r) => (r.status === "valid" ? [] : [r.index]))).to.deep.equal(REVOKED);
    // The endpoint's chain id is checked once; each slice reads the head, the record, the statuses and the profile.
    expect(proxy.counts).to.deep.equal({ eth_chainId: 1, eth_blockNumber: 4, eth_call: 12 });
  });

  it("200 credentials from 20 batches of 10, anchored in one anchorMany: every one valid, one batch record per root", async function () {
    const dirs: string[] = [];
    for (let b = 0; b < 20; b++) {
      const recipients = path.join(work, `small-${b}.csv`);
      await writeRecipients(recipients, 10, 10_000 + b * 10);
      const dir = path.join(work, `small-${String(b).padStart(2, "0")}`);
      await issueBatch({ template: TEMPLATE, recipients, outDir: dir, workers: 0 });
      dirs.push(dir);
    }
    proxy.resetCounts();
    const anchored = await anchorBatches(dirs, { client, registry });
    expect(new Set(anchored.map((r) => r.anchor.transactionHash)).size).to.equal(1);
    expect(proxy.counts.eth_sendRawTransaction).to.equal(1);

    proxy.resetCounts();
    const results = await verifyCredentialFiles(dirs, { rpc: rpc() });
    expect(results).to.have.length(200);
    expect(results.filter((r) => r.status === "valid")).to.have.length(200);
    expect(new Set(results.map((r) => r.anchor?.root)).size).to.equal(20);
    // chain id, head, 20 batch records, one credentialStatuses for all 200, profile().
    expect(proxy.counts).to.deep.equal({ eth_chainId: 1, eth_blockNumber: 1, eth_call: 22 });
  });
});
