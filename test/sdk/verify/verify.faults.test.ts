/**
 * Verification through the fault-injection proxy in front of a real `hardhat node`: transient faults
 * are retried and the verdict is right; persistent faults give `error`, never `invalid` nor `valid`;
 * a dead endpoint is failed over; a lying endpoint is outvoted by a quorum, or the result is `error`.
 *
 * One batch of six credentials: #2 revoked, #3 suspended, the others valid.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { toFunctionSelector } from "viem";
import { createReadTransport, type ReadTransport } from "../../../sdk/src/chain/transport";
import { QuorumError, VerifyOptionsError } from "../../../sdk/src/errors/verify";
import type { Address, Caip2ChainId } from "../../../sdk/src/types";
import { CHECK_NAMES, verifyCredentials, type ChainRpcConfig, type VerificationResult } from "../../../sdk/src/verify";
import { verifyCredentialFiles } from "../../../sdk/src/verify/files";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import {
  BATCH_SELECTOR,
  CREDENTIAL_STATUSES_SELECTOR,
  lieBlockNumber,
  lieChainId,
  lieStatusWords,
  STATUS_WORDS_READ_SELECTOR,
  startRpcFaultProxy,
  type FaultRule,
  type RpcFault,
  type RpcFaultProxy,
} from "../../helpers/rpcFaultProxy";
import {
  anchorTestRoot,
  buildTestBatch,
  deployTestRegistry,
  testChain,
  withAnchor,
  writeRegistry,
  type TestCredential,
} from "../../helpers/verifyFixtures";
import { check, statuses } from "../../helpers/checks";

const CHAIN: Caip2ChainId = "eip155:31337";
const PROFILE_SELECTOR = toFunctionSelector("profile()");
/** The honest verdicts of the six credentials. */
const HONEST = ["valid", "valid", "invalid", "invalid", "valid", "valid"];

/** The verdicts are the honest ones, for the honest reasons. */
function expectHonest(results: VerificationResult[]): void {
  expect(results.map((r) => r.status)).to.deep.equal(HONEST);
  expect(check(results[2], "revocation")).to.deep.include({ status: "failed", code: "REVOCATION_CREDENTIAL_REVOKED" });
  expect(check(results[3], "suspension")).to.deep.include({ status: "failed", code: "SUSPENSION_SUSPENDED" });
  for (const i of [0, 1, 4, 5]) {
    expect(statuses(results[i]), `credential ${i}`).to.deep.equal(
      // eip155:31337: the issuer check is the local development chain's accepted skip; the fixtures are not signed.
      Object.fromEntries(
        CHECK_NAMES.map((name) => [
          name,
          name === "issuer" || name === "signature" || name === "components" ? "skipped" : "passed",
        ]),
      ),
    );
    expect(check(results[i], "issuer").code).to.equal("ISSUER_NOT_CHECKED_LOCAL_CHAIN");
  }
}

describe("faults: verification through a misbehaving RPC endpoint", function () {
  this.timeout(120_000);
  let node: SharedHardhatNode;
  let registry: Address;
  let credentials: TestCredential[];
  /** The block that anchored the batch (the revocation and suspension came in later blocks). */
  let anchorBlock: bigint;
  const proxies: RpcFaultProxy[] = [];

  async function proxy(...rules: FaultRule[]): Promise<RpcFaultProxy> {
    const started = await startRpcFaultProxy(node.url);
    for (const rule of rules) started.inject(rule);
    proxies.push(started);
    return started;
  }

  /**
   * A transport with fast retries (10 ms backoff, doubling), so that the tests stay quick. The timeout
   * only ends a hang (the dropped case gives its own): an honest answer through the proxy must never
   * miss it, or it is retried and the counts below are off by one. With 2 s, every request 1.7 s late
   * (a loaded machine) failed "a 400 ms delay": expected 4 to equal 3.
   */
  function transport(endpoints: string[], extra: Partial<ChainRpcConfig> = {}): ReadTransport {
    return createReadTransport({ chain: CHAIN, endpoints, retries: 2, retryDelayMs: 10, timeoutMs: 10_000, ...extra });
  }

  before(async function () {
    node = await sharedHardhatNode();
    const chain = testChain(node.url);
    registry = await deployTestRegistry(chain);
    const batch = await buildTestBatch(6);
    const anchor = await anchorTestRoot(chain, registry, batch.root, 6);
    credentials = batch.credentials.map((c) => withAnchor(c, anchor));
    anchorBlock = BigInt(anchor.blockNumber);
    await writeRegistry(chain, registry, "revoke", batch.root, [2]);
    await writeRegistry(chain, registry, "suspend", batch.root, [3]);
  });

  afterEach(async function () {
    await Promise.all(proxies.splice(0).map((p) => p.close()));
  });

  after(async function () {
    await node?.release();
  });

  it("control: through a pass-through proxy, the verdicts are the honest ones", async function () {
    const clean = await proxy();
    expectHonest(await verifyCredentials(credentials, { rpc: { [CHAIN]: transport([clean.url]) } }));
    expect(clean.counts.eth_chainId).to.equal(1);
    expect(clean.counts.eth_blockNumber).to.equal(1);
  });

  describe("transient faults are retried with backoff and the verdict is right", function () {
    const transient: { name: string; rule: FaultRule; method: string; failures: number }[] = [
      {
        name: "one HTTP 503 on eth_chainId",
        rule: { method: "eth_chainId", times: 1, fault: { kind: "http", status: 503 } },
        method: "eth_chainId",
        failures: 1,
      },
      {
        name: "one HTTP 429 on eth_blockNumber",
        rule: { method: "eth_blockNumber", times: 1, fault: { kind: "http", status: 429 } },
        method: "eth_blockNumber",
        failures: 1,
      },
      {
        name: "one HTTP 502 on batch(root)",
        rule: { selector: BATCH_SELECTOR, times: 1, fault: { kind: "http", status: 502 } },
        method: "eth_call",
        failures: 1,
      },
      {
        name: "one connection reset on the status word read",
        rule: { selector: STATUS_WORDS_READ_SELECTOR, times: 1, fault: { kind: "reset" } },
        method: "eth_call",
        failures: 1,
      },
      {
        name: "one malformed JSON body on eth_blockNumber",
        rule: { method: "eth_blockNumber", times: 1, fault: { kind: "malformed" } },
        method: "eth_blockNumber",
        failures: 1,
      },
      {
        name: "two HTTP 500 in a row on the status word read (the retry budget is 2)",
        rule: { selector: STATUS_WORDS_READ_SELECTOR, times: 2, fault: { kind: "http", status: 500 } },
        method: "eth_call",
        failures: 2,
      },
      {
        name: "a 400 ms delay (under the 10 s timeout) on the status word read",
        rule: { selector: STATUS_WORDS_READ_SELECTOR, times: 1, fault: { kind: "delay", ms: 400 } },
        method: "eth_call",
        failures: 0,
      },
    ];
    for (const { name, rule, method, failures } of transient) {
      it(name, async function () {
        const reference = await proxy();
        const referenceTransport = transport([reference.url]);
        await verifyCredentials(credentials, { rpc: { [CHAIN]: referenceTransport } });

        const flaky = await proxy(rule);
        const flakyTransport = transport([flaky.url]);
        const results = await verifyCredentials(credentials, { rpc: { [CHAIN]: flakyTransport } });
        expectHonest(results);
        // Each failed attempt was asked again, at the same endpoint: one more request of that method per failure.
        expect(flaky.counts[method]).to.equal(reference.counts[method] + failures);
        expect(flakyTransport.stats.failures).to.equal(failures);
        expect(flakyTransport.stats.requests).to.equal(referenceTransport.stats.requests + failures);
        expect(flaky.log.filter((entry) => entry.fault).length).to.equal(Math.max(failures, 1));
      });
    }

    it("one of each at once (503, reset, malformed body, delay) on different reads", async function () {
      const flaky = await proxy(
        { method: "eth_chainId", times: 1, fault: { kind: "http", status: 503 } },
        { method: "eth_blockNumber", times: 1, fault: { kind: "reset" } },
        { selector: BATCH_SELECTOR, times: 1, fault: { kind: "malformed" } },
        { selector: STATUS_WORDS_READ_SELECTOR, times: 1, fault: { kind: "delay", ms: 300 } },
        { selector: PROFILE_SELECTOR, times: 1, fault: { kind: "http", status: 502 } },
      );
      const t = transport([flaky.url]);
      expectHonest(await verifyCredentials(credentials, { rpc: { [CHAIN]: t } }));
      expect(t.stats.failures).to.equal(4);
      expect(t.endpointStates()[0].state).to.equal("ok");
    });
  });

  describe("persistent faults on the only endpoint: `error`, never `invalid`, never `valid`", function () {
    const persistent: { name: string; fault: RpcFault; reason: RegExp; timeoutMs?: number }[] = [
      { name: "HTTP 503", fault: { kind: "http", status: 503 }, reason: /HTTP 503/ },
      { name: "HTTP 500", fault: { kind: "http", status: 500 }, reason: /HTTP 500/ },
      { name: "HTTP 502", fault: { kind: "http", status: 502 }, reason: /HTTP 502/ },
      { name: "HTTP 429", fault: { kind: "http", status: 429 }, reason: /HTTP 429/ },
      { name: "connection reset", fault: { kind: "reset" }, reason: /connection failed|fetch failed|socket/i },
      { name: "malformed JSON", fault: { kind: "malformed" }, reason: /not a JSON-RPC response/ },
      { name: "no answer (dropped)", fault: { kind: "drop" }, reason: /no answer within 300 ms/, timeoutMs: 300 },
    ];
    for (const { name, fault, reason, timeoutMs } of persistent) {
      it(`${name} on every request`, async function () {
        const broken = await proxy({ fault });
        const t = transport([broken.url], timeoutMs ? { timeoutMs } : {});
        const results = await verifyCredentials(credentials, { rpc: { [CHAIN]: t } });
        for (const result of results) {
          expect(result.status).to.equal("error");
          expect(check(result, "anchor")).to.deep.include({ status: "error", code: "RPC_UNAVAILABLE" });
          expect(check(result, "anchor").message).to.match(reason);
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
            // The fixtures are not signed: SIGNATURE_ABSENT, an accepted skip.
            signature: "skipped",
            components: "skipped",
          });
          expect(result.summary).to.not.match(/^Valid|^Invalid/);
        }
        // eth_chainId: the first try and two retries; nothing else was asked.
        expect(broken.counts).to.deep.equal({ eth_chainId: 3 });
        expect(t.endpointStates()[0]).to.deep.include({ state: "down" });
      });
    }

    it("a tampered credential is still `invalid` while the chain is unreachable (the content proves it)", async function () {
      const broken = await proxy({ fault: { kind: "http", status: 503 } });
      const tampered = structuredClone(credentials[0]);
      (tampered.credentialSubject as { name: string }).name = "Mallory";
      const [result] = await verifyCredentials([tampered], { rpc: { [CHAIN]: transport([broken.url]) } });
      expect(result.status).to.equal("invalid");
      expect(check(result, "integrity")).to.deep.include({ status: "failed", code: "INTEGRITY_DIGEST_MISMATCH" });
      expect(check(result, "anchor").status).to.equal("skipped");
    });

    it("a node that refuses the status word read (a call without `to`): the statuses come from credentialStatuses", async function () {
      const refusing = await proxy({
        selector: STATUS_WORDS_READ_SELECTOR,
        fault: { kind: "rpcError", code: -32601, message: "eth_call without to is not supported" },
      });
      const t = transport([refusing.url]);
      expectHonest(await verifyCredentials(credentials, { rpc: { [CHAIN]: t } }));
      expect(refusing.log.filter((e) => e.fault === "rpcError")).to.have.length(1);
      const statusCalls = refusing.log.filter(
        (e) => e.method === "eth_call" && JSON.stringify(e.params).includes(CREDENTIAL_STATUSES_SELECTOR.slice(2)),
      );
      expect(statusCalls).to.have.length(1);
    });

    it("a refused status word read is remembered per transport and registry: one refused call, not one per slice or run", async function () {
      const refusing = await proxy({
        selector: STATUS_WORDS_READ_SELECTOR,
        fault: { kind: "rpcError", code: -32601, message: "eth_call without to is not supported" },
      });
      const refused = () => refusing.log.filter((e) => e.fault === "rpcError").length;
      const statusCalls = () =>
        refusing.log.filter(
          (e) => e.method === "eth_call" && JSON.stringify(e.params).includes(CREDENTIAL_STATUSES_SELECTOR.slice(2)),
        ).length;
      const t = transport([refusing.url]);
      // Three slices of two files through one transport: one refused word read, then straight to credentialStatuses.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-refused-"));
      try {
        const files = credentials.map((credential, i) => {
          const file = path.join(dir, `credential-${i}.json`);
          fs.writeFileSync(file, JSON.stringify(credential));
          return file;
        });
        expectHonest(await verifyCredentialFiles(files, { rpc: { [CHAIN]: t }, filesPerSlice: 2, workers: 0 }));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      expect(refused()).to.equal(1);
      expect(statusCalls()).to.equal(3);
      // Later calls with the same transport: none refused either.
      expectHonest(await verifyCredentials(credentials, { rpc: { [CHAIN]: t } }));
      expect(refused()).to.equal(1);
      expect(statusCalls()).to.equal(4);
      // Never a pass: when credentialStatuses then fails, revocation and suspension are `error`.
      const down = refusing.inject({ selector: CREDENTIAL_STATUSES_SELECTOR, fault: { kind: "http", status: 503 } });
      for (const result of await verifyCredentials(credentials, { rpc: { [CHAIN]: t } })) {
        expect(result.status, `credential ${result.index}`).to.equal("error");
        expect(check(result, "revocation")).to.deep.include({ status: "error", code: "RPC_UNAVAILABLE" });
        expect(check(result, "suspension")).to.deep.include({ status: "error", code: "RPC_UNAVAILABLE" });
      }
      down.remove();
      expect(refused()).to.equal(1);
      // Another transport (other endpoints' nodes may run the read) asks once for itself.
      expectHonest(await verifyCredentials(credentials, { rpc: { [CHAIN]: transport([refusing.url]) } }));
      expect(refused()).to.equal(2);
    });

    it("a wrong-shaped or failed status word read is not remembered as a refusal: the next run reads the words again", async function () {
      const flaky = await proxy(
        {
          selector: STATUS_WORDS_READ_SELECTOR,
          times: 1,
          fault: { kind: "lie", result: (honest) => (honest as string).slice(0, -128) },
        },
        { selector: STATUS_WORDS_READ_SELECTOR, times: 1, fault: { kind: "http", status: 503 } },
      );
      const t = transport([flaky.url], { retries: 0 });
      for (let run = 0; run < 2; run++) {
        const results = await verifyCredentials(credentials, { rpc: { [CHAIN]: t } });
        expect(
          results.map((r) => r.status),
          `run ${run}`,
        ).to.deep.equal(new Array(6).fill("error"));
      }
      expectHonest(await verifyCredentials(credentials, { rpc: { [CHAIN]: t } }));
      const words = flaky.log.filter((e) => JSON.stringify(e.params).includes(STATUS_WORDS_READ_SELECTOR.slice(2)));
      expect(words.map((e) => e.fault ?? "honest")).to.deep.equal(["lie", "http", "honest"]);
      expect(
        flaky.log.filter((e) => JSON.stringify(e.params).includes(CREDENTIAL_STATUSES_SELECTOR.slice(2))),
      ).to.deep.equal([]);
    });

    it("a status word read answered with the wrong shape: revocation and suspension are `error`, as a wrong status list is", async function () {
      const garbled = await proxy({
        selector: STATUS_WORDS_READ_SELECTOR,
        // The words asked for with the last pair missing.
        fault: { kind: "lie", result: (honest) => (honest as string).slice(0, -128) },
      });
      const results = await verifyCredentials(credentials, { rpc: { [CHAIN]: transport([garbled.url]) } });
      for (const result of results) {
        expect(result.status, `credential ${result.index}`).to.equal("error");
        expect(check(result, "anchor").status).to.equal("passed");
        expect(check(result, "revocation")).to.deep.include({ status: "error", code: "RPC_ERROR" });
        expect(check(result, "suspension")).to.deep.include({ status: "error", code: "RPC_ERROR" });
      }
      expect(garbled.log.filter((e) => e.fault === "lie")).to.have.length(1);
      expect(
        garbled.log.filter((e) => JSON.stringify(e.params).includes(CREDENTIAL_STATUSES_SELECTOR.slice(2))),
      ).to.deep.equal([]);
    });

    it("only the status word read fails: anchor and issuer pass, revocation and suspension are `error` for all six", async function () {
      const broken = await proxy({ selector: STATUS_WORDS_READ_SELECTOR, fault: { kind: "http", status: 503 } });
      const results = await verifyCredentials(credentials, { rpc: { [CHAIN]: transport([broken.url]) } });
      for (const result of results) {
        expect(result.status, `credential ${result.index}`).to.equal("error");
        expect(check(result, "anchor").status).to.equal("passed");
        expect(check(result, "issuer")).to.deep.include({ status: "skipped", code: "ISSUER_NOT_CHECKED_LOCAL_CHAIN" });
        expect(check(result, "revocation")).to.deep.include({ status: "error", code: "RPC_UNAVAILABLE" });
        expect(check(result, "suspension")).to.deep.include({ status: "error", code: "RPC_UNAVAILABLE" });
      }
    });

    it("only batch(root) fails: anchor is `error` and the checks that depend on it are skipped", async function () {
      const broken = await proxy({ selector: BATCH_SELECTOR, fault: { kind: "reset" } });
      const results = await verifyCredentials(credentials, { rpc: { [CHAIN]: transport([broken.url]) } });
      for (const result of results) {
        expect(result.status).to.equal("error");
        expect(check(result, "anchor")).to.deep.include({ status: "error", code: "RPC_UNAVAILABLE" });
        expect(check(result, "revocation").status).to.equal("skipped");
      }
    });

    it("only profile() fails: the issuer check is `error`, the revoked and suspended credentials stay `invalid`", async function () {
      const broken = await proxy({ selector: PROFILE_SELECTOR, fault: { kind: "malformed" } });
      const results = await verifyCredentials(credentials, { rpc: { [CHAIN]: transport([broken.url]) } });
      expect(results.map((r) => r.status)).to.deep.equal(["error", "error", "invalid", "invalid", "error", "error"]);
      for (const result of results) expect(check(result, "issuer")).to.deep.include({ status: "error" });
    });

    it("an answer without a result (`{ jsonrpc, id }`) is not a response: retried, then `error`", async function () {
      const broken = await proxy({ selector: BATCH_SELECTOR, fault: { kind: "lie", result: () => undefined } });
      const results = await verifyCredentials(credentials, { rpc: { [CHAIN]: transport([broken.url]) } });
      for (const result of results) {
        expect(result.status).to.equal("error");
        expect(check(result, "anchor")).to.deep.include({ status: "error", code: "RPC_UNAVAILABLE" });
      }
      expect(broken.log.filter((e) => e.fault === "lie")).to.have.length(3);
    });

    it("the node answers a JSON-RPC error to eth_call (internal error, not a revert): `error`, never `invalid`", async function () {
      const broken = await proxy({
        selector: BATCH_SELECTOR,
        fault: { kind: "rpcError", code: -32603, message: "Internal error" },
      });
      const results = await verifyCredentials(credentials, { rpc: { [CHAIN]: transport([broken.url]) } });
      for (const result of results) {
        expect(result.status).to.equal("error");
        expect(check(result, "anchor")).to.deep.include({ status: "error", code: "RPC_ERROR" });
      }
    });

    it("a rate-limit JSON-RPC error (-32005) is a failure of the endpoint: retried, and then the verdict is right", async function () {
      const limited = await proxy({
        selector: STATUS_WORDS_READ_SELECTOR,
        times: 1,
        fault: { kind: "rpcError", code: -32005, message: "request rate exceeded" },
      });
      expectHonest(await verifyCredentials(credentials, { rpc: { [CHAIN]: transport([limited.url]) } }));
      expect(limited.log.filter((e) => e.fault === "rpcError")).to.have.length(1);
    });
  });

  describe("failover", function () {
    const dead: { name: string; fault: RpcFault }[] = [
      { name: "resets every connection", fault: { kind: "reset" } },
      { name: "answers HTTP 503 to everything", fault: { kind: "http", status: 503 } },
      { name: "answers malformed JSON", fault: { kind: "malformed" } },
    ];
    for (const { name, fault } of dead) {
      it(`a first endpoint that ${name} is failed over to a healthy second`, async function () {
        const first = await proxy({ fault });
        const second = await proxy();
        const t = transport([first.url, second.url]);
        expectHonest(await verifyCredentials(credentials, { rpc: { [CHAIN]: t } }));
        expect(t.endpointStates().map((s) => s.state)).to.deep.equal(["down", "ok"]);
        expect(first.counts).to.deep.equal({ eth_chainId: 3 }); // tried, retried twice, then left alone
        expect(second.counts.eth_chainId).to.equal(1);
      });
    }

    it("an endpoint that dies in the middle of a run is failed over for the remaining reads", async function () {
      const first = await proxy({ selector: STATUS_WORDS_READ_SELECTOR, fault: { kind: "reset" } });
      const second = await proxy();
      const t = transport([first.url, second.url]);
      expectHonest(await verifyCredentials(credentials, { rpc: { [CHAIN]: t } }));
      expect(first.counts.eth_blockNumber).to.equal(1);
      expect(second.counts.eth_blockNumber ?? 0).to.equal(0);
      // The statuses: three attempts at the first, then one at the second (after its chain id check).
      expect(second.counts.eth_chainId).to.equal(1);
      expect(second.log.filter((e) => e.method === "eth_call").length).to.be.at.least(1);
    });
  });

  describe("lying endpoints and quorum", function () {
    // Statuses are derived from the bitmap words: clear every bit, or revoke every credential not suspended.
    const revokedToValid = lieStatusWords(() => [0n, 0n]);
    const validToRevoked = lieStatusWords((revoked, suspended) => [
      revoked | (~suspended & (2n ** 256n - 1n)),
      suspended,
    ]);

    it("control: alone, a liar that reports the revoked and suspended credentials Valid is believed", async function () {
      const liar = await proxy({ selector: STATUS_WORDS_READ_SELECTOR, fault: revokedToValid });
      const results = await verifyCredentials(credentials, { rpc: { [CHAIN]: transport([liar.url]) } });
      expect(results.map((r) => r.status)).to.deep.equal(["valid", "valid", "valid", "valid", "valid", "valid"]);
    });

    for (const [name, lie] of [
      ["reports revoked and suspended credentials Valid", revokedToValid],
      ["reports valid credentials Revoked", validToRevoked],
    ] as const) {
      it(`2 of 3: a liar that ${name} is outvoted by two honest endpoints`, async function () {
        const liar = await proxy({ selector: STATUS_WORDS_READ_SELECTOR, fault: lie });
        const honestA = await proxy();
        const honestB = await proxy();
        for (const order of [
          [liar, honestA, honestB],
          [honestA, liar, honestB],
        ]) {
          const t = transport(
            order.map((p) => p.url),
            { quorum: { k: 2, n: 3 } },
          );
          expectHonest(await verifyCredentials(credentials, { rpc: { [CHAIN]: t } }));
        }
        expect(liar.log.filter((e) => e.fault === "lie").length).to.be.at.least(1);
      });

      it(`2 of 2: a liar that ${name} makes the result \`error\` (disagreement), never a wrong verdict`, async function () {
        const liar = await proxy({ selector: STATUS_WORDS_READ_SELECTOR, fault: lie });
        const honest = await proxy();
        const t = transport([honest.url, liar.url], { quorum: { k: 2, n: 2 } });
        const results = await verifyCredentials(credentials, { rpc: { [CHAIN]: t } });
        for (const result of results) {
          expect(result.status, `credential ${result.index}`).to.equal("error");
          expect(check(result, "anchor").status).to.equal("passed");
          expect(check(result, "revocation")).to.deep.include({ status: "error", code: "RPC_QUORUM_NOT_REACHED" });
          expect(check(result, "revocation").message).to.match(/1 of 2 endpoints agree, 2 required/);
          expect(check(result, "suspension")).to.deep.include({ status: "error", code: "RPC_QUORUM_NOT_REACHED" });
        }
      });
    }

    it("2 of 3: a liar about batch(root) (never anchored) is outvoted", async function () {
      const liar = await proxy({
        selector: BATCH_SELECTOR,
        fault: { kind: "lie", result: () => `0x${"0".repeat(256)}` },
      });
      const t = transport([liar.url, (await proxy()).url, (await proxy()).url], { quorum: { k: 2, n: 3 } });
      expectHonest(await verifyCredentials(credentials, { rpc: { [CHAIN]: t } }));
    });

    const headLies = [
      ["far ahead of the chain", lieBlockNumber((honest) => honest + 1_000_000n)],
      ["behind the anchoring block (block 1)", lieBlockNumber(1n)],
      ["at block 0, before the registry existed", lieBlockNumber(0n)],
      ["at the anchoring block, before the revocation and the suspension", lieBlockNumber(() => anchorBlock)],
    ] as const;
    for (const [name, lie] of headLies) {
      it(`2 of 3: a liar that reports the head ${name} is outvoted`, async function () {
        const liar = await proxy({ method: "eth_blockNumber", fault: lie });
        const t = transport([liar.url, (await proxy()).url, (await proxy()).url], { quorum: { k: 2, n: 3 } });
        expectHonest(await verifyCredentials(credentials, { rpc: { [CHAIN]: t } }));
      });

      it(`2 of 2: a liar that reports the head ${name} makes the result \`error\`, never a wrong verdict`, async function () {
        const liar = await proxy({ method: "eth_blockNumber", fault: lie });
        const t = transport([(await proxy()).url, liar.url], { quorum: { k: 2, n: 2 } });
        const results = await verifyCredentials(credentials, { rpc: { [CHAIN]: t } });
        for (const result of results) {
          expect(result.status, `credential ${result.index}`).to.equal("error");
          expect(check(result, "anchor")).to.deep.include({ status: "error", code: "RPC_QUORUM_NOT_REACHED" });
          expect(check(result, "anchor").message).to.match(/for eth_blockNumber: 1 of 2 endpoints agree/);
        }
      });
    }

    it("maxHeadSpread: heads that far apart still agree (the lower one is used); a bad value is refused", async function () {
      const behind = await proxy({ method: "eth_blockNumber", fault: lieBlockNumber((honest) => honest - 2n) });
      const honest = await proxy();
      const t = transport([honest.url, behind.url], { quorum: { k: 2, n: 2 }, maxHeadSpread: 2 });
      expect(await t.blockNumber()).to.equal(BigInt(await node.rpc<string>("eth_blockNumber")) - 2n);
      const strict = transport([honest.url, behind.url], { quorum: { k: 2, n: 2 }, maxHeadSpread: 1 });
      expect(await strict.blockNumber().catch((e: unknown) => e)).to.be.instanceOf(QuorumError);
      expect(() => transport([honest.url], { maxHeadSpread: -1 })).to.throw(VerifyOptionsError, /maxHeadSpread/);
    });

    it("a single endpoint whose head is behind the anchor record's block by at most the finality window: `error` (endpoint behind), not `invalid`", async function () {
      const liar = await proxy({ method: "eth_blockNumber", fault: lieBlockNumber(() => anchorBlock - 1n) });
      const results = await verifyCredentials(credentials, { rpc: { [CHAIN]: transport([liar.url]) } });
      for (const result of results) {
        expect(result.status).to.equal("error");
        expect(check(result, "anchor")).to.deep.include({ status: "error", code: "ANCHOR_ENDPOINT_BEHIND" });
      }
    });

    it("a single endpoint whose head is behind the record's block by more than the finality window: its answer is trusted, `invalid` (issue 12, item 9)", async function () {
      // One endpoint is trusted for every read (it could as well say "not anchored" at the true head);
      // a head this far behind the record, with the root absent, means a false record (docs/SECURITY.md).
      expect(anchorBlock).to.be.greaterThan(1n); // so that block 0 is more than the 1-block window behind
      for (const lie of [lieBlockNumber(0n)]) {
        const liar = await proxy({ method: "eth_blockNumber", fault: lie });
        const results = await verifyCredentials(credentials, { rpc: { [CHAIN]: transport([liar.url]) } });
        for (const result of results) {
          expect(check(result, "anchor")).to.deep.include({ status: "failed", code: "ANCHOR_BLOCK_BEYOND_HEAD" });
          expect(result.status).to.equal("invalid");
        }
      }
    });

    it("a single endpoint whose head is far ahead of the chain: the reads at that block fail, `error`", async function () {
      const liar = await proxy({ method: "eth_blockNumber", fault: headLies[0][1] });
      const results = await verifyCredentials(credentials, { rpc: { [CHAIN]: transport([liar.url]) } });
      for (const result of results) {
        expect(result.status).to.equal("error");
        expect(check(result, "anchor")).to.deep.include({ status: "error", code: "RPC_UNAVAILABLE" });
      }
    });

    it("control: alone, a liar whose head is the anchoring block (before the revocation) is believed", async function () {
      const liar = await proxy({ method: "eth_blockNumber", fault: headLies[3][1] });
      const results = await verifyCredentials(credentials, { rpc: { [CHAIN]: transport([liar.url]) } });
      expect(results.map((r) => r.status)).to.deep.equal(["valid", "valid", "valid", "valid", "valid", "valid"]);
    });

    it("a lying chain id is rejected: alone → `error` naming the mismatch; with a second endpoint → failed over, never asked again", async function () {
      const liar = await proxy({ method: "eth_chainId", fault: lieChainId(1) });
      const alone = await verifyCredentials(credentials, { rpc: { [CHAIN]: transport([liar.url]) } });
      for (const result of alone) {
        expect(result.status).to.equal("error");
        expect(check(result, "anchor")).to.deep.include({ status: "error", code: "RPC_UNAVAILABLE" });
        expect(check(result, "anchor").message).to.match(/chain 1|eip155:1\b|chain id/i);
      }
      expect(liar.counts).to.deep.equal({ eth_chainId: 1 }); // a wrong chain id is an answer: not retried

      liar.resetCounts();
      const honest = await proxy();
      const t = transport([liar.url, honest.url]);
      expectHonest(await verifyCredentials(credentials, { rpc: { [CHAIN]: t } }));
      expectHonest(await verifyCredentials(credentials, { rpc: { [CHAIN]: t } }));
      expect(liar.counts).to.deep.equal({ eth_chainId: 1 });
      expect(t.endpointStates().map((s) => s.state)).to.deep.equal(["skipped", "ok"]);

      const quorum = transport([liar.url, honest.url, (await proxy()).url], { quorum: { k: 2, n: 3 } });
      expectHonest(await verifyCredentials(credentials, { rpc: { [CHAIN]: quorum } }));
    });
  });
});
