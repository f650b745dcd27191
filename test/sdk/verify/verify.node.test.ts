/**
 * verifyCredential(s) against a real `hardhat node` over HTTP: the issuer's journey (anchor, revoke,
 * suspend, reinstate, revoke the batch) and every way a credential can be bad or unverifiable.
 */
import { editEntry, entryOf } from "../../fixtures/samples";
import { expect } from "chai";
import { discloseCredential } from "../../../sdk/src/canonical/discloseCredential";
import { createReadTransport } from "../../../sdk/src/chain/transport";
import { createIdentityResolver } from "../../../sdk/src/identity/createIdentityResolver";
import { credentialRegistryAbi } from "../../../sdk/src/chain/registryArtifact";
import type { Address, AnchorRecord, Caip2ChainId, Hex } from "../../../sdk/src/types";
import { getStatusEvents } from "../../../sdk/src/chain/actions/getStatusEvents";
import { encodeStatusesCall, planStatusCalls } from "../../../sdk/src/chain/statusCalls";
import { getCredentialStatuses } from "../../../sdk/src/chain/actions/getCredentialStatuses";
import { readTransportClient } from "../../../sdk/src/chain/transport";
import { decodeReason, encodeReason } from "../../../sdk/src/chain/reason";
import {
  CHECK_NAMES,
  DEFAULT_STATUS_CHUNK_SIZE,
  verifyCredential,
  verifyCredentials,
  type CheckProgressEvent,
  type VerifyOptions,
} from "../../../sdk/src/verify";
import { startHardhatNode } from "../../helpers/hardhatNode";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import {
  ADMIN,
  anchorTestRoot,
  buildTestBatch,
  deployTestRegistry,
  mine,
  testChain,
  withAnchor,
  writeRegistry,
  type TestChain,
  type TestCredential,
} from "../../helpers/verifyFixtures";
import { deadUrl } from "../../helpers/ports";
import { BATCH_SELECTOR, startRpcFaultProxy } from "../../helpers/rpcFaultProxy";
import { check, statuses } from "../../helpers/checks";

const CHAIN: Caip2ChainId = "eip155:31337";

/**
 * On eip155:31337 the issuer check is the local development chain's accepted skip; the fixtures are not
 * signed, so the signature check reports that (skipped, SIGNATURE_ABSENT) and the verdict stays valid.
 */
const ALL_PASSED = Object.fromEntries(
  CHECK_NAMES.map((name) => [
    name,
    name === "issuer" || name === "signature" || name === "components" ? "skipped" : "passed",
  ]),
);

describe("verifyCredentials against a hardhat node", function () {
  this.timeout(120_000);
  let node: SharedHardhatNode;
  let chain: TestChain;
  let registry: Address;
  let rpc: VerifyOptions["rpc"];

  before(async function () {
    node = await sharedHardhatNode();
    chain = testChain(node.url);
    registry = await deployTestRegistry(chain);
    rpc = { [CHAIN]: node.url };
  });

  after(async function () {
    await node?.release();
  });

  /** A fresh batch of `count`, anchored in `registry` (default: the shared one). */
  async function anchoredBatch(
    count: number,
    options: Parameters<typeof buildTestBatch>[1] & { in?: Address; leafCount?: number } = {},
  ): Promise<{ credentials: TestCredential[]; anchor: AnchorRecord; root: `0x${string}` }> {
    const batch = await buildTestBatch(count, options);
    const anchor = await anchorTestRoot(chain, options.in ?? registry, batch.root, options.leafCount ?? count);
    return { credentials: batch.credentials.map((c) => withAnchor(c, anchor)), anchor, root: batch.root };
  }

  describe("the issuer's journey", function () {
    let credentials: TestCredential[];
    let root: `0x${string}`;

    before(async function () {
      ({ credentials, root } = await anchoredBatch(5, { validUntil: "2099-01-01T00:00:00Z" }));
    });

    it("finds every credential of a freshly anchored batch valid, in 5 RPC requests", async function () {
      const transport = createReadTransport({ chain: CHAIN, endpoints: [node.url] });
      const results = await verifyCredentials(credentials, { rpc: { [CHAIN]: transport } });
      expect(results.map((r) => r.status)).to.deep.equal(["valid", "valid", "valid", "valid", "valid"]);
      for (const result of results) expect(statuses(result)).to.deep.equal(ALL_PASSED);
      expect(results[4]).to.deep.include({
        index: 4,
        credentialId: credentials[4].id,
        holder: "Learner 4",
        achievement: "Data Science Foundations",
        localChain: true,
        summary:
          'Valid on a local development chain, issuer not checked: "Data Science Foundations" issued by Example University to Learner 4; no domain can confirm an issuer on eip155:31337.',
      });
      expect(check(results[4], "issuer").code).to.equal("ISSUER_NOT_CHECKED_LOCAL_CHAIN");
      expect(check(results[4], "anchor").message).to.equal(
        `Batch ${root.slice(0, 8)}…${root.slice(-4)} is anchored in registry ${registry} on eip155:31337, block ${String(
          check(results[4], "anchor").details!.anchoredBlock,
        )} (${String(check(results[4], "anchor").details!.anchoredAt)}).`,
      );
      // eth_chainId, eth_blockNumber, batch(root), credentialStatuses, profile()
      expect(transport.stats.requests).to.equal(5);
      expect(transport.stats.byMethod).to.deep.equal({ eth_chainId: 1, eth_blockNumber: 1, eth_call: 3 });
    });

    it("reports a revoked credential invalid with revocation failed, and the others still valid", async function () {
      await writeRegistry(chain, registry, "revoke", root, [2]);
      const results = await verifyCredentials(credentials, { rpc });
      expect(results.map((r) => r.status)).to.deep.equal(["valid", "valid", "invalid", "valid", "valid"]);
      expect(check(results[2], "revocation")).to.deep.include({
        status: "failed",
        code: "REVOCATION_CREDENTIAL_REVOKED",
      });
      // No reason was written (32 zero bytes): the date alone, from the revoking event's block.
      const revokedAt = (check(results[2], "revocation").details as { revokedAt: string }).revokedAt;
      expect(revokedAt).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(check(results[2], "revocation").message).to.equal(`Revoked by the issuer on ${revokedAt.slice(0, 10)}.`);
      expect(check(results[2], "revocation").details).to.not.have.property("reasonUnavailable");
      expect(check(results[2], "suspension")).to.deep.include({ status: "skipped", code: "SKIPPED_DEPENDENCY" });
      expect(results[2].summary).to.equal(`Invalid: Revoked by the issuer on ${revokedAt.slice(0, 10)}.`);
      expect(check(results[2], "integrity").status).to.equal("passed");
    });

    it("reports a suspended credential invalid, and valid again once reinstated", async function () {
      await writeRegistry(chain, registry, "suspend", root, [3]);
      let results = await verifyCredentials(credentials, { rpc });
      expect(results.map((r) => r.status)).to.deep.equal(["valid", "valid", "invalid", "invalid", "valid"]);
      expect(check(results[3], "suspension")).to.deep.include({ status: "failed", code: "SUSPENSION_SUSPENDED" });
      expect(check(results[3], "revocation")).to.deep.include({ status: "passed", code: "REVOCATION_OK" });

      await writeRegistry(chain, registry, "reinstate", root, [3]);
      results = await verifyCredentials(credentials, { rpc });
      expect(results.map((r) => r.status)).to.deep.equal(["valid", "valid", "invalid", "valid", "valid"]);
    });

    it("reports every credential invalid once the whole batch is revoked, with the date", async function () {
      await writeRegistry(chain, registry, "revokeBatch", root);
      const results = await verifyCredentials(credentials, { rpc });
      expect(results.map((r) => r.status)).to.deep.equal(["invalid", "invalid", "invalid", "invalid", "invalid"]);
      for (const result of results) {
        const revocation = check(result, "revocation");
        expect(revocation).to.deep.include({ status: "failed", code: "REVOCATION_BATCH_REVOKED" });
        expect(revocation.message).to.match(/^Revoked by the issuer on \d{4}-\d\d-\d\d \(the whole batch\)\.$/);
        expect(check(result, "suspension").status).to.equal("skipped");
        expect(check(result, "anchor").status).to.equal("passed");
      }
    });
  });

  describe("revocation reasons and dates (issue 12, item 13; interface 4)", function () {
    /** An EIP-1193 provider onto the node that records eth_getLogs ranges and can fail them. */
    function loggingProvider(failLogs: boolean) {
      const ranges: { fromBlock: string; toBlock: string }[] = [];
      const provider = {
        async request({ method, params }: { method: string; params?: readonly unknown[] }) {
          if (method === "eth_getLogs") {
            const filter = params![0] as { fromBlock: string; toBlock: string };
            ranges.push({ fromBlock: filter.fromBlock, toBlock: filter.toBlock });
            if (failLogs) throw Object.assign(new Error("query returned more than 10000 results"), { code: -32000 });
          }
          return node.rpc(method, (params ?? []) as unknown[]);
        },
      };
      return { provider, ranges };
    }

    it("says 'reason unavailable' when the log read fails, instead of leaving it out silently", async function () {
      const { credentials, root, anchor } = await anchoredBatch(3);
      await writeRegistry(chain, registry, "revoke", root, [1], encodeReason("issued-in-error"));
      const { provider, ranges } = loggingProvider(true);
      const result = await verifyCredential(credentials[1], { rpc: { [CHAIN]: provider } });
      expect(result.status).to.equal("invalid");
      const revocation = check(result, "revocation");
      expect(revocation).to.deep.include({
        status: "failed",
        code: "REVOCATION_CREDENTIAL_REVOKED",
        message: "Revoked by the issuer (reason unavailable: its event could not be read).",
      });
      expect(revocation.details).to.deep.include({ reasonUnavailable: true, leafIndex: 1 });
      expect(revocation.details).to.not.have.property("reason");
      // The read was bounded: from the batch's anchoring block onwards.
      expect(ranges).to.have.length(1);
      expect(BigInt(ranges[0].fromBlock)).to.equal(BigInt(anchor.blockNumber));
    });

    it("reads the range newest first in chunks, bounded below by the anchoring block, and stops at the event", async function () {
      const { root, anchor } = await anchoredBatch(2);
      await mine(node.url, 6);
      await writeRegistry(chain, registry, "revoke", root, [0], encodeReason("duplicate"));
      await mine(node.url, 3);
      const head = BigInt(await node.rpc<string>("eth_blockNumber"));
      const { provider, ranges } = loggingProvider(false);
      const transport = createReadTransport({ chain: CHAIN, endpoints: [provider] });
      const from = BigInt(anchor.blockNumber);
      const client = readTransportClient(transport);
      const events = await getStatusEvents(client, { registry, root, fromBlock: from, toBlock: head, chunkBlocks: 2n });
      expect(events.map((e) => [e.kind, decodeReason(e.reason)])).to.deep.equal([["revoked", "duplicate"]]);
      // Newest first, two blocks per call, never below the anchoring block; it stopped once found only
      // when asked to (no `enough` here: the whole range).
      expect(ranges[0]).to.deep.equal({
        fromBlock: `0x${(head - 1n).toString(16)}`,
        toBlock: `0x${head.toString(16)}`,
      });
      for (const range of ranges) expect(BigInt(range.toBlock) - BigInt(range.fromBlock)).to.be.at.most(1n);
      expect(BigInt(ranges.at(-1)!.fromBlock)).to.equal(from);
      expect(ranges).to.have.length(Number((head - from) / 2n) + 1);

      ranges.length = 0;
      const early = await getStatusEvents(client, {
        registry,
        root,
        fromBlock: from,
        toBlock: head,
        chunkBlocks: 2n,
        enough: (found) => found.length > 0,
      });
      expect(early).to.have.length(1);
      expect(ranges.length).to.be.below(Number((head - from) / 2n) + 1);
      expect(BigInt(ranges.at(-1)!.fromBlock)).to.be.above(from);
    });
  });

  describe("anchors that do not hold", function () {
    it("fails a credential whose root was never anchored, naming the registry and the chain", async function () {
      const batch = await buildTestBatch(2);
      const anchor = { ...(await anchoredBatch(1)).anchor }; // a real record, for another root
      const credential = withAnchor(batch.credentials[0], anchor);
      const result = await verifyCredential(credential, { rpc });
      expect(result.status).to.equal("invalid");
      expect(check(result, "anchor")).to.deep.include({
        status: "failed",
        code: "ANCHOR_ROOT_NOT_FOUND",
        message: `Batch root ${batch.root} was never anchored in registry ${registry} on eip155:31337.`,
      });
      for (const name of ["finality", "revocation", "suspension", "issuer"] as const) {
        expect(check(result, name).status).to.equal("skipped");
      }
      expect(check(result, "integrity").status).to.equal("passed");
      expect(check(result, "inclusion").status).to.equal("passed");
    });

    it("cannot decide when the endpoint has not yet seen the block the record names: error, never invalid", async function () {
      const batch = await buildTestBatch(2);
      const real = (await anchoredBatch(1)).anchor;
      const head = Number(await chain.publicClient.getBlockNumber());
      // Within the finality window (1 block on chain 31337) beyond the head.
      const anchor = { ...real, blockNumber: head + 1 };
      const credential = withAnchor(batch.credentials[0], anchor);
      const result = await verifyCredential(credential, { rpc });
      expect(result.status).to.equal("error");
      expect(check(result, "anchor")).to.deep.include({ status: "error", code: "ANCHOR_ENDPOINT_BEHIND" });
      expect(check(result, "anchor").message).to.contain(`older than block ${head + 1}`);
    });

    it("fails a never-anchored root whose record names a block far beyond the head (2^53-1): invalid, not a permanent error (issue 12, item 9)", async function () {
      const batch = await buildTestBatch(2);
      const real = (await anchoredBatch(1)).anchor;
      const head = Number(await chain.publicClient.getBlockNumber());
      for (const blockNumber of [Number.MAX_SAFE_INTEGER, head + 3]) {
        const credential = withAnchor(batch.credentials[0], { ...real, blockNumber });
        const result = await verifyCredential(credential, { rpc });
        expect(result.status, String(blockNumber)).to.equal("invalid");
        const seenHead = (check(result, "anchor").details as { head: number }).head;
        expect(seenHead).to.be.within(head, head + 1); // a block may be mined meanwhile
        expect(check(result, "anchor")).to.deep.include({
          status: "failed",
          code: "ANCHOR_BLOCK_BEYOND_HEAD",
          message: `The anchor record names block ${blockNumber}, more than the 1-block finality window beyond the latest block of eip155:31337 (${seenHead}), and batch ${batch.root.slice(0, 8)}…${batch.root.slice(-4)} is not anchored in registry ${registry}: the record is false.`,
        });
        expect(check(result, "anchor").details).to.deep.include({ recordedBlock: blockNumber, window: 1 });
      }
    });

    it("fails a proof that names registry B while the root is anchored in registry A", async function () {
      const registryB = await deployTestRegistry(chain);
      const { credentials, root } = await anchoredBatch(2); // in registry A
      const credential = structuredClone(credentials[0]);
      editEntry(credential, (entry) => (entry.anchor!.registry = registryB));
      const result = await verifyCredential(credential, { rpc });
      expect(result.status).to.equal("invalid");
      expect(check(result, "anchor")).to.deep.include({
        status: "failed",
        code: "ANCHOR_ROOT_NOT_FOUND",
        message: `Batch root ${root} was never anchored in registry ${registryB} on eip155:31337.`,
      });
    });

    it("fails a proof that names an address where no registry is deployed", async function () {
      const { credentials } = await anchoredBatch(1);
      const credential = structuredClone(credentials[0]);
      const nobody = "0x000000000000000000000000000000000000dEaD";
      editEntry(credential, (entry) => (entry.anchor!.registry = nobody));
      const result = await verifyCredential(credential, { rpc });
      expect(result.status).to.equal("invalid");
      expect(check(result, "anchor")).to.deep.include({ status: "failed", code: "ANCHOR_REGISTRY_NOT_FOUND" });
      expect(check(result, "anchor").message).to.equal(
        `There is no credanchor registry at ${nobody} on eip155:31337 (no contract at this address).`,
      );
    });

    it("cannot decide a credential anchored on another chain: error, never invalid", async function () {
      const { credentials } = await anchoredBatch(1);
      const credential = structuredClone(credentials[0]);
      editEntry(credential, (entry) => (entry.anchor!.chain = "eip155:11155111"));

      const unconfigured = await verifyCredential(credential, { rpc });
      expect(unconfigured.status).to.equal("error");
      expect(check(unconfigured, "anchor")).to.deep.include({ status: "error", code: "RPC_NOT_CONFIGURED" });
      expect(check(unconfigured, "anchor").message).to.match(/No RPC endpoint is configured for eip155:11155111/);

      // An endpoint of the wrong chain is skipped, with the reason.
      const wrongEndpoint = await verifyCredential(credential, { rpc: { "eip155:11155111": node.url } });
      expect(wrongEndpoint.status).to.equal("error");
      expect(check(wrongEndpoint, "anchor")).to.deep.include({ status: "error", code: "RPC_UNAVAILABLE" });
      expect(check(wrongEndpoint, "anchor").message).to.include("serves chain eip155:31337, not eip155:11155111");
      expect(wrongEndpoint.summary).to.match(/^Could not be verified: The chain eip155:11155111 could not be reached/);
    });

    it("fails a credential that is not yet anchored (no anchor record)", async function () {
      const batch = await buildTestBatch(1);
      const result = await verifyCredential(batch.credentials[0], { rpc });
      expect(result.status).to.equal("invalid");
      expect(check(result, "anchor")).to.deep.include({ status: "failed", code: "ANCHOR_RECORD_MISSING" });
      expect(check(result, "anchor").message).to.match(/^The credential is not yet anchored/);
    });

    it("fails a credential whose index is beyond the anchored leaf count", async function () {
      const { credentials } = await anchoredBatch(4, { leafCount: 2 });
      const results = await verifyCredentials(credentials, { rpc });
      expect(results.map((r) => r.status)).to.deep.equal(["valid", "valid", "invalid", "invalid"]);
      expect(check(results[3], "anchor")).to.deep.include({ status: "failed", code: "ANCHOR_LEAF_INDEX_OUT_OF_RANGE" });
      expect(check(results[3], "anchor").details).to.deep.include({ leafIndex: 3, leafCount: 2 });
    });

    it("reports too few confirmations as undecided (error), and passes once the blocks are there", async function () {
      const { credentials } = await anchoredBatch(1);
      const pending = await verifyCredential(credentials[0], { rpc, minConfirmations: 5 });
      expect(pending.status).to.equal("error");
      expect(check(pending, "finality")).to.deep.include({
        status: "error",
        code: "FINALITY_PENDING",
        message:
          "The anchoring block has 1 of the 5 confirmations required on eip155:31337; it is not final yet. Check again in about 4 blocks.",
      });
      expect(check(pending, "finality").details).to.deep.include({ confirmations: 1, required: 5 });

      await mine(node.url, 4);
      const final = await verifyCredential(credentials[0], { rpc, minConfirmations: { [CHAIN]: 5 } });
      expect(final.status).to.equal("valid");
      expect(check(final, "finality").message).to.equal("The anchoring block has 5 confirmations (5 required).");
    });
  });

  describe("content", function () {
    it("fails a credential whose visible value was changed (integrity), and skips what depends on it", async function () {
      const { credentials } = await anchoredBatch(2);
      const tampered = structuredClone(credentials[0]);
      (tampered.credentialSubject as Record<string, unknown>).name = "Mallory";
      const result = await verifyCredential(tampered, { rpc });
      expect(result.status).to.equal("invalid");
      expect(check(result, "integrity")).to.deep.include({ status: "failed", code: "INTEGRITY_DIGEST_MISMATCH" });
      expect(check(result, "integrity").details).to.have.property("expected", entryOf(credentials[0]).digest);
      expect(statuses(result)).to.deep.equal({
        format: "passed",
        integrity: "failed",
        inclusion: "skipped",
        anchor: "skipped",
        finality: "skipped",
        revocation: "skipped",
        suspension: "skipped",
        validity: "passed",
        issuer: "skipped",
        signature: "skipped",
        components: "skipped",
      });
    });

    it("fails a credential with an added field (no salt for it)", async function () {
      const { credentials } = await anchoredBatch(1);
      const added = structuredClone(credentials[0]);
      (added.credentialSubject as Record<string, unknown>).narrative = "Top of the class";
      const result = await verifyCredential(added, { rpc });
      expect(result.status).to.equal("invalid");
      expect(check(result, "integrity")).to.deep.include({ status: "failed", code: "INTEGRITY_FIELDS_CHANGED" });
      expect(check(result, "integrity").message).to.include("/credentialSubject/narrative");
    });

    it("finds a redacted credential (selective disclosure) valid", async function () {
      const { credentials } = await anchoredBatch(3);
      const redacted = discloseCredential(credentials[1], ["/credentialSubject/name", "/credentialSubject/result"]);
      expect(redacted.credentialSubject).to.not.have.property("name");
      expect(redacted.credentialSubject).to.not.have.property("result");
      const hidden = entryOf(redacted).redactedHashes.length;
      expect(hidden).to.be.greaterThan(1);
      const result = await verifyCredential(redacted, { rpc });
      expect(result.status).to.equal("valid");
      expect(check(result, "integrity").message).to.equal(
        `The visible content is exactly as issued; ${hidden} values the holder hid are accounted for by their hashes.`,
      );
      expect(result.holder).to.match(/^sha256\$/); // the name is hidden: the hashed identifier stands in
    });

    it("fails a proof moved to another leaf index (inclusion)", async function () {
      const { credentials } = await anchoredBatch(4);
      const moved = structuredClone(credentials[1]);
      editEntry(moved, (entry) => (entry.leafIndex = 2));
      const result = await verifyCredential(moved, { rpc });
      expect(result.status).to.equal("invalid");
      expect(check(result, "inclusion")).to.deep.include({ status: "failed", code: "INCLUSION_PROOF_MISMATCH" });
      expect(check(result, "anchor").status).to.equal("skipped");
    });

    it("fails an expired credential and one not yet valid, and honours options.now", async function () {
      const expired = (await anchoredBatch(1, { validUntil: "2025-06-30T00:00:00Z" })).credentials[0];
      const future = (await anchoredBatch(1, { validFrom: "2098-01-01T00:00:00Z" })).credentials[0];
      const [expiredResult, futureResult] = await verifyCredentials([expired, future], { rpc });
      expect(expiredResult.status).to.equal("invalid");
      expect(check(expiredResult, "validity")).to.deep.include({
        status: "failed",
        code: "VALIDITY_EXPIRED",
        message: "The credential expired on 2025-06-30T00:00:00Z.",
      });
      expect(statuses(expiredResult)).to.deep.equal({ ...ALL_PASSED, validity: "failed" });
      expect(check(futureResult, "validity")).to.deep.include({
        status: "failed",
        code: "VALIDITY_NOT_YET_VALID",
        message: "The credential is not yet valid: it is valid from 2098-01-01T00:00:00Z.",
      });

      const then = await verifyCredential(expired, { rpc, now: "2025-03-01T00:00:00Z" });
      expect(then.status).to.equal("valid");
    });

    it("says 'not a credential' (error, not invalid) for text that is not JSON and JSON without a credanchor proof, naming where", async function () {
      const [notJson, noProof] = await verifyCredentials(
        ['{"id": "urn:x",\n  "type": [}', JSON.stringify({ ...(await buildTestBatch(1)).credentials[0], proof: [] })],
        { rpc, files: ["broken.json", "unsigned.json"] },
      );
      expect(notJson.status).to.equal("error");
      expect(notJson.file).to.equal("broken.json");
      expect(check(notJson, "format")).to.deep.include({ status: "error", code: "FORMAT_INVALID_JSON" });
      expect(check(notJson, "format").message).to.match(/^The file is not valid JSON \(broken\.json:2:/);
      for (const name of CHECK_NAMES.slice(1)) expect(check(notJson, name).status).to.equal("skipped");
      expect(noProof.status).to.equal("error");
      expect(check(noProof, "format")).to.deep.include({ status: "error", code: "FORMAT_PROOF_MISSING" });
    });
  });

  describe("issuer", function () {
    it("fails when the registry's on-chain profile names another issuer, or none", async function () {
      const other = await deployTestRegistry(chain, { url: "https://diploma-mill.example" });
      const empty = await deployTestRegistry(chain, { url: "" });
      const a = (await anchoredBatch(1, { in: other })).credentials[0];
      const b = (await anchoredBatch(1, { in: empty })).credentials[0];
      const [mismatch, none] = await verifyCredentials([a, b], { rpc });
      expect(mismatch.status).to.equal("invalid");
      expect(check(mismatch, "issuer")).to.deep.include({
        status: "failed",
        code: "ISSUER_PROFILE_MISMATCH",
        message:
          "The registry's on-chain profile names https://diploma-mill.example, but the credential's issuer is https://university.example.",
      });
      expect(check(none, "issuer")).to.deep.include({ status: "failed", code: "ISSUER_PROFILE_EMPTY" });
    });

    it("asks the identity resolver once per issuer and registry, and reports its verdict", async function () {
      const { credentials } = await anchoredBatch(3);
      const calls: unknown[] = [];
      const results = await verifyCredentials(credentials, {
        rpc,
        identity: "on", // eip155:31337: asked only on request
        identityResolver: async (input) => {
          calls.push(input);
          return { status: "failed", code: "IDENTITY_NOT_PUBLISHED", message: "No TXT record names this registry." };
        },
      });
      expect(calls).to.deep.equal([
        {
          issuer: credentials[0].issuer,
          chain: CHAIN,
          registry,
          profile: { name: "Example University", url: "https://university.example" },
        },
      ]);
      for (const result of results) {
        expect(result.status).to.equal("invalid");
        expect(check(result, "issuer")).to.deep.include({ status: "failed", code: "IDENTITY_NOT_PUBLISHED" });
        expect(check(result, "issuer").message).to.match(/as the credential's issuer does\. No TXT record/);
      }
    });
    it("binds the registry to the issuer's domain with the SDK's identity resolver (DNS TXT)", async function () {
      const { credentials } = await anchoredBatch(2);
      const records: Record<string, string[][]> = {
        "_credanchor.university.example": [[`credanchor=v1; chain=eip155:31337; registry=${registry}`]],
      };
      const queries: string[] = [];
      const identityResolver = createIdentityResolver({
        methods: ["dns"],
        resolveTxt: async (hostname) => {
          queries.push(hostname);
          if (records[hostname]) return records[hostname];
          throw Object.assign(new Error(`queryTxt ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
        },
      });
      const results = await verifyCredentials(credentials, { rpc, identityResolver, identity: "on" });
      for (const result of results) {
        expect(result.status).to.equal("valid");
        expect(result.issuer?.domain).to.equal("university.example");
        expect(check(result, "issuer")).to.deep.include({ status: "passed", code: "IDENTITY_VERIFIED" });
      }
      expect(queries).to.deep.equal(["_credanchor.university.example"]); // once for both credentials

      records["_credanchor.university.example"] = [
        ["credanchor=v1; chain=eip155:31337; registry=0x000000000000000000000000000000000000bEEF"],
      ];
      const [unbound] = await verifyCredentials(credentials.slice(0, 1), {
        rpc,
        identity: "on",
        identityResolver: createIdentityResolver({ methods: ["dns"], resolveTxt: async (h) => records[h] ?? [] }),
      });
      expect(unbound.status).to.equal("invalid");
      expect(check(unbound, "issuer")).to.deep.include({ status: "failed", code: "IDENTITY_REGISTRY_MISMATCH" });
    });
  });

  describe("endpoints", function () {
    it("reports error, never invalid, once the credential's RPC endpoint is stopped", async function () {
      const second = await startHardhatNode({ light: true });
      try {
        const secondChain = testChain(second.url);
        const secondRegistry = await deployTestRegistry(secondChain);
        const batch = await buildTestBatch(2);
        const anchor = await anchorTestRoot(secondChain, secondRegistry, batch.root, 2);
        const credentials = batch.credentials.map((c) => withAnchor(c, anchor));
        const options = { rpc: { [CHAIN]: { endpoints: [second.url], retries: 1, retryDelayMs: 10 } } };
        expect((await verifyCredentials(credentials, options)).map((r) => r.status)).to.deep.equal(["valid", "valid"]);

        await second.stop();
        const results = await verifyCredentials(credentials, options);
        for (const result of results) {
          expect(result.status).to.equal("error");
          expect(check(result, "anchor")).to.deep.include({ status: "error", code: "RPC_UNAVAILABLE" });
          expect(check(result, "anchor").message).to.match(/could not be reached .*connection failed/);
          expect(statuses(result)).to.deep.equal({
            format: "passed",
            integrity: "passed",
            inclusion: "passed",
            anchor: "error",
            finality: "skipped",
            revocation: "skipped",
            suspension: "skipped",
            validity: "passed",
            issuer: "skipped",
            signature: "skipped",
            components: "skipped",
          });
        }
      } finally {
        await second.stop();
      }
    });

    it("fails over to the second endpoint when the first is dead", async function () {
      const { credentials } = await anchoredBatch(3);
      const dead = await deadUrl();
      const transport = createReadTransport({ chain: CHAIN, endpoints: [dead, node.url], retries: 1, retryDelayMs: 5 });
      const results = await verifyCredentials(credentials, { rpc: { [CHAIN]: transport } });
      expect(results.map((r) => r.status)).to.deep.equal(["valid", "valid", "valid"]);
      expect(transport.endpointStates().map((s) => s.state)).to.deep.equal(["down", "ok"]);
      expect(transport.stats.failures).to.equal(2);
    });

    it("with a quorum, outvotes an endpoint that lies about the batch; without one, cannot decide", async function () {
      const { credentials } = await anchoredBatch(2);
      // The liar answers batch(root) with an all-zero record: "never anchored".
      const liar = await startRpcFaultProxy(node.url);
      liar.inject({ selector: BATCH_SELECTOR, fault: { kind: "lie", result: () => `0x${"0".repeat(256)}` } });
      const honest = await startRpcFaultProxy(node.url);
      try {
        // Alone, the liar makes a genuine credential look unanchored: quorum exists for this.
        const fooled = await verifyCredentials(credentials, { rpc: { [CHAIN]: liar.url } });
        expect(check(fooled[0], "anchor").code).to.equal("ANCHOR_ROOT_NOT_FOUND");

        const outvoted = await verifyCredentials(credentials, {
          rpc: { [CHAIN]: { endpoints: [liar.url, node.url, honest.url], quorum: { k: 2, n: 3 } } },
        });
        expect(outvoted.map((r) => r.status)).to.deep.equal(["valid", "valid"]);

        const split = await verifyCredentials(credentials, {
          rpc: { [CHAIN]: { endpoints: [liar.url, node.url], quorum: { k: 2, n: 2 } } },
        });
        for (const result of split) {
          expect(result.status).to.equal("error");
          expect(check(result, "anchor")).to.deep.include({ status: "error", code: "RPC_QUORUM_NOT_REACHED" });
          expect(check(result, "anchor").message).to.match(/1 of 2 endpoints agree, 2 required/);
        }
      } finally {
        await Promise.all([liar.close(), honest.close()]);
      }
    });
  });

  describe("many credentials", function () {
    it("reads statuses from the bitmap words: 200 credentials in 5 requests, whatever the status chunk", async function () {
      const { credentials } = await anchoredBatch(200);
      const transport = createReadTransport({ chain: CHAIN, endpoints: [node.url] });
      const results = await verifyCredentials(credentials, { rpc: { [CHAIN]: transport }, statusChunkSize: 50 });
      expect(results.every((r) => r.status === "valid")).to.equal(true);
      // chainId, blockNumber, batch(root), one status word read (one word: 200 credentials), profile();
      // with credentialStatuses they were 4 calls of 50.
      expect(transport.stats.requests).to.equal(5);
    });

    it("plans status calls that stay under the eth_call gas cap even when every item is a cold batch", async function () {
      const roots = Array.from(
        { length: 1_500 },
        (_, i) => `0x${(0xc0de0000 + i).toString(16).padStart(64, "0")}` as Hex,
      );
      for (let i = 0; i < roots.length; i += 500) {
        const part = roots.slice(i, i + 500);
        const hash = await chain.wallet.writeContract({
          address: registry,
          abi: credentialRegistryAbi,
          functionName: "anchorMany",
          args: [part, part.map(() => 1_000n)],
          account: ADMIN,
          chain: chain.wallet.chain,
        });
        await chain.publicClient.waitForTransactionReceipt({ hash });
      }
      // Each item in its own batch and its own bitmap word: every storage read is cold.
      const items = roots.map((root, i) => ({ root, index: (i * 256) % 1_000 }));
      const chunks = planStatusCalls(items, DEFAULT_STATUS_CHUNK_SIZE);
      expect(chunks.map((c) => c.length)).to.deep.equal([1_395, 105]);
      const gas = BigInt(
        await node.rpc<string>("eth_estimateGas", [
          { to: registry, data: encodeStatusesCall(chunks[0].map((i) => items[i])) },
        ]),
      );
      expect(gas < 16_777_216n, `${gas} gas`).to.equal(true);
      const statuses = await getCredentialStatuses(
        readTransportClient(createReadTransport({ chain: CHAIN, endpoints: [node.url] })),
        { registry, credentials: items, chunkSize: DEFAULT_STATUS_CHUNK_SIZE },
      );
      expect(statuses.length === items.length && statuses.every((status) => status === "Valid")).to.equal(true);
    });

    it("reads one batch record per distinct root and keeps results in input order", async function () {
      const a = await anchoredBatch(3);
      const b = await anchoredBatch(2);
      await writeRegistry(chain, registry, "revoke", b.root, [0]);
      const mixed = [a.credentials[0], b.credentials[0], a.credentials[2], b.credentials[1], a.credentials[1]];
      const transport = createReadTransport({ chain: CHAIN, endpoints: [node.url] });
      const results = await verifyCredentials(mixed, { rpc: { [CHAIN]: transport } });
      expect(results.map((r) => r.status)).to.deep.equal(["valid", "invalid", "valid", "valid", "valid"]);
      expect(results.map((r) => r.credentialId)).to.deep.equal(mixed.map((c) => c.id));
      // chainId, blockNumber, 2 x batch(root), 1 x credentialStatuses, profile(), and for the reason
      // and date of the one revocation, 1 x eth_getLogs and its block
      expect(transport.stats.byMethod).to.deep.equal({
        eth_chainId: 1,
        eth_blockNumber: 1,
        eth_call: 4,
        eth_getLogs: 1,
        eth_getBlockByNumber: 1,
      });
      const without = createReadTransport({ chain: CHAIN, endpoints: [node.url] });
      await verifyCredentials(mixed, { rpc: { [CHAIN]: without }, statusReasons: false });
      expect(without.stats.requests).to.equal(6);
    });

    it("reports each check started then finished, once, and progress up to the total", async function () {
      const { credentials } = await anchoredBatch(3);
      const events: CheckProgressEvent[] = [];
      const progress: [number, number][] = [];
      await verifyCredentials([...credentials, "not json"], {
        rpc,
        onCheck: (event) => events.push(event),
        onProgress: (done, total) => progress.push([done, total]),
      });
      for (let index = 0; index < 4; index++) {
        for (const name of CHECK_NAMES) {
          const mine = events.filter((e) => e.index === index && e.check === name);
          expect(
            mine.map((e) => e.phase),
            `${index} ${name}`,
          ).to.deep.equal(["started", "finished"]);
          expect(mine[1].result?.check).to.equal(name);
        }
      }
      expect(progress.map(([done]) => done)).to.deep.equal([1, 2, 3, 4]);
      expect(progress.every(([, total]) => total === 4)).to.equal(true);
    });
  });
});
