/**
 * `credanchor serve` end to end: the real service on a free loopback port, against a real
 * `hardhat node` (through a JSON-RPC proxy that can fail or hang on purpose), spoken to over HTTP.
 */
import { expect } from "chai";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { encodeReason } from "../../../sdk/src/chain/reason";
import type { Address, AnchorRecord, Caip2ChainId } from "../../../sdk/src/types";
import { serve } from "../../../cli/commands/serve";
import {
  DEFAULT_BATCH_PART,
  DEFAULT_BATCH_WORKERS_FROM,
  serveConfig,
  type ServeConfig,
} from "../../../cli/serve/config";
import {
  buildVerificationServer,
  startVerificationServer,
  type VerificationServer,
} from "../../../cli/serve/createServer";
import { createVerifier } from "../../../cli/serve/verifier";
import { testIo } from "../../../cli/lib/testIo";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import {
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
import {
  CREDENTIAL_STATUSES_SELECTOR,
  STATUS_WORDS_READ_SELECTOR,
  startRpcFaultProxy,
  type RpcFaultProxy,
} from "../../helpers/rpcFaultProxy";
import { until } from "../../helpers/until";

const CHAIN: Caip2ChainId = "eip155:31337";

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function post(url: string, body: unknown, raw?: string): Promise<Answer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: raw ?? JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) };
}

async function get(url: string): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(url);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe("credanchor serve (a real service against a hardhat node)", function () {
  this.timeout(180_000);
  let node: SharedHardhatNode;
  let chain: TestChain;
  let registry: Address;
  let credentials: TestCredential[];
  let root: `0x${string}`;
  let anchor: AnchorRecord;
  /** Set to make the proxy answer every RPC request with HTTP 503 (the chain is down). */
  let down = false;
  /** Set to make the proxy never answer (a hanging endpoint). */
  let hang = false;
  let proxy: RpcFaultProxy;
  let server: VerificationServer;
  let pageDir: string;

  const config = (
    overrides: Partial<Omit<ServeConfig, "limits" | "cache">> & {
      limits?: Partial<ServeConfig["limits"]>;
      cache?: Partial<ServeConfig["cache"]>;
    } = {},
  ) =>
    serveConfig({
      port: 0,
      chains: [
        // Long enough for an honest answer on a loaded machine; the tests of an endpoint that never
        // answers give their own service a short one (hangingChains).
        { name: "localhost", chain: CHAIN, chainId: 31337, endpoints: [proxy.url], timeoutMs: 10_000, retries: 0 },
      ],
      webDir: pageDir,
      // The worker threads start when a service listens, each loading the SDK: only where a test uses them.
      batchWorkers: 0,
      ...overrides,
      limits: { rateLimit: 0, ...overrides.limits },
    });

  /** The chain with a 1.5 s RPC timeout, for a service whose requests the proxy leaves unanswered (`hang`). */
  const hangingChains = () => [
    { name: "localhost", chain: CHAIN, chainId: 31337, endpoints: [proxy.url], timeoutMs: 1_500, retries: 0 },
  ];

  before(async function () {
    node = await sharedHardhatNode();
    chain = testChain(node.url);
    registry = await deployTestRegistry(chain);
    const batch = await buildTestBatch(4);
    anchor = await anchorTestRoot(chain, registry, batch.root, 4);
    credentials = batch.credentials.map((c) => withAnchor(c, anchor));
    root = batch.root;
    proxy = await startRpcFaultProxy(node.url);
    // While `hang` or `down` is set, every request is left unanswered or answered HTTP 503.
    proxy.inject({ method: () => hang, fault: { kind: "drop" } });
    proxy.inject({ method: () => down, fault: { kind: "http", status: 503 } });
    pageDir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-serve-"));
    fs.mkdirSync(path.join(pageDir, "page", "assets"), { recursive: true });
    fs.writeFileSync(path.join(pageDir, "page", "index.html"), "<!doctype html><title>verifier</title>");
    fs.writeFileSync(path.join(pageDir, "page", "assets", "app.js"), "console.log('verifier');");
    fs.writeFileSync(path.join(pageDir, "secret.txt"), "not for the web");
    pageDir = path.join(pageDir, "page");
    server = await startVerificationServer(config());
  });

  afterEach(function () {
    down = false;
    hang = false;
  });

  after(async function () {
    await server?.close();
    await proxy?.close();
    await node?.release();
    if (pageDir) fs.rmSync(path.dirname(pageDir), { recursive: true, force: true });
  });

  describe("POST /credentials/verify", function () {
    it("answers a valid credential with verified: true, the checks, and credanchor's full result", async function () {
      const answer = await post(`${server.url}/credentials/verify`, { verifiableCredential: credentials[0] });
      expect(answer.status).to.equal(200);
      expect(answer.body.verified).to.equal(true);
      expect(answer.body.checks).to.deep.equal([
        "format",
        "integrity",
        "inclusion",
        "anchor",
        "finality",
        "revocation",
        "suspension",
        "validity",
      ]);
      expect(answer.body.errors).to.deep.equal([]);
      expect(answer.body.warnings.map((w: { code: string }) => w.code)).to.deep.equal([
        "ISSUER_NOT_CHECKED_LOCAL_CHAIN",
        "SIGNATURE_ABSENT",
      ]);
      expect(answer.body.warnings[0]).to.include({
        type: "urn:credanchor:check:ISSUER_NOT_CHECKED_LOCAL_CHAIN",
        check: "issuer",
      });
      expect(answer.body.credanchor).to.include({
        status: "valid",
        verdict: "valid",
        credentialId: credentials[0].id,
        holder: "Learner 0",
        localChain: true,
      });
      expect(answer.body.credanchor.checks).to.have.length(11); // the ten checks and `components` (no stack: skipped)
      expect(answer.body.statusAge.ageSeconds).to.be.a("number").and.to.be.at.least(0);
      expect(Date.parse(answer.body.statusAge.readAt)).to.be.closeTo(Date.now(), 60_000);
    });

    it("answers a tampered credential with verified: false and the integrity error", async function () {
      const tampered = structuredClone(credentials[1]) as TestCredential & { credentialSubject: { name: string } };
      tampered.credentialSubject.name = "Mallory";
      const answer = await post(`${server.url}/credentials/verify`, { verifiableCredential: tampered });
      expect(answer.status).to.equal(200);
      expect(answer.body.verified).to.equal(false);
      expect(answer.body.credanchor.verdict).to.equal("invalid");
      expect(answer.body.errors[0]).to.include({ check: "integrity", title: "integrity failed" });
      expect(answer.body.errors[0].code).to.match(/^INTEGRITY_/);
      expect(answer.body.checks).to.deep.equal(["format", "validity"]);
    });

    it("answers a revoked credential with verified: false and the issuer's reason (fresh status on request)", async function () {
      // A status read before the revocation is cached; maxStatusAge: 0 asks for a fresh one.
      await post(`${server.url}/credentials/verify`, { verifiableCredential: credentials[2] });
      await writeRegistry(chain, registry, "revoke", root, [2], encodeReason("issued-in-error"));
      const sent = Date.now();
      const answer = await post(`${server.url}/credentials/verify`, {
        verifiableCredential: credentials[2],
        options: { maxStatusAge: 0 },
      });
      const took = (Date.now() - sent) / 1000;
      expect(answer.status).to.equal(200);
      expect(answer.body.verified).to.equal(false);
      expect(answer.body.credanchor.verdict).to.equal("invalid");
      const revocation = answer.body.errors.find((e: { check: string }) => e.check === "revocation");
      expect(revocation).to.include({ code: "REVOCATION_CREDENTIAL_REVOKED", title: "revocation failed" });
      expect(revocation.detail).to.match(/^Revoked by the issuer on \d{4}-\d\d-\d\d: issued-in-error$/);
      // Fresh: read while this request was answered (not a wall-clock bound that a loaded machine misses).
      expect(Date.parse(answer.body.statusAge.readAt)).to.be.at.least(sent);
      expect(answer.body.statusAge.ageSeconds).to.be.at.most(took + 0.1);
    });

    it("answers an unanchored credential (issued, never anchored) with verified: false", async function () {
      const other = await buildTestBatch(2);
      let answer = await post(`${server.url}/credentials/verify`, { verifiableCredential: other.credentials[0] });
      expect(answer.status).to.equal(200);
      expect(answer.body.verified).to.equal(false);
      expect(answer.body.errors[0]).to.include({ check: "anchor", code: "ANCHOR_RECORD_MISSING" });
      // An anchor record borrowed from another batch: its root is in no registry.
      answer = await post(`${server.url}/credentials/verify`, {
        verifiableCredential: withAnchor(other.credentials[0], anchor),
      });
      expect(answer.body.verified).to.equal(false);
      expect(answer.body.errors[0]).to.include({ check: "anchor", code: "ANCHOR_ROOT_NOT_FOUND" });
    });

    it("answers a JSON object that is not a credential with verified: false, not-a-credential", async function () {
      const answer = await post(`${server.url}/credentials/verify`, { verifiableCredential: { hello: "world" } });
      expect(answer.status).to.equal(200);
      expect(answer.body).to.deep.include({ verified: false, checks: [], warnings: [] });
      expect(answer.body.credanchor.verdict).to.equal("not-a-credential");
      expect(answer.body.errors[0]).to.include({ check: "format", code: "FORMAT_PROOF_MISSING" });
    });

    it("refuses a request without a credential object with 400 and a code", async function () {
      let answer = await post(`${server.url}/credentials/verify`, { credential: credentials[0] });
      expect(answer.status).to.equal(400);
      expect(answer.body).to.deep.include({
        code: "MISSING_CREDENTIAL",
        status: 400,
        pointer: "/verifiableCredential",
      });
      answer = await post(`${server.url}/credentials/verify`, { verifiableCredential: "eyJhbGciOi..." });
      expect(answer.status).to.equal(400);
      expect(answer.body.code).to.equal("INVALID_CREDENTIAL");
      answer = await post(`${server.url}/credentials/verify`, [credentials[0]]);
      expect(answer.body).to.deep.include({ code: "INVALID_REQUEST", status: 400 });
    });

    it("refuses malformed JSON, duplicate names and deep nesting with 400 and where", async function () {
      let answer = await post(`${server.url}/credentials/verify`, undefined, '{"verifiableCredential": {"a": 1,\n}');
      expect(answer.status).to.equal(400);
      expect(answer.body).to.include({ code: "INVALID_JSON", status: 400, line: 2 });
      answer = await post(`${server.url}/credentials/verify`, undefined, '{"verifiableCredential": {"a": 1, "a": 2}}');
      expect(answer.body).to.include({ code: "JSON_RULE", pointer: "/verifiableCredential/a" });
      const deep = `{"verifiableCredential": ${"[".repeat(100)}${"]".repeat(100)}}`;
      answer = await post(`${server.url}/credentials/verify`, undefined, deep);
      expect(answer.status).to.equal(400);
      expect(answer.body.code).to.equal("JSON_RULE");
      expect(answer.body.message).to.match(/nest/i);
    });

    it("refuses an 11 MiB body with 413 and a JSON error, before verifying anything", async function () {
      const before = (await get(`${server.url}/metrics`)).text;
      const big = JSON.stringify({ verifiableCredential: { padding: "x".repeat(11 * 2 ** 20) } });
      const answer = await post(`${server.url}/credentials/verify`, undefined, big);
      expect(answer.status).to.equal(413);
      expect(answer.body).to.deep.include({ code: "BODY_TOO_LARGE", status: 413 });
      const after = (await get(`${server.url}/metrics`)).text;
      expect(counter(after, 'credanchor_rejected_requests_total{reason="body-too-large"}')).to.equal(
        counter(before, 'credanchor_rejected_requests_total{reason="body-too-large"}') + 1,
      );
    });

    it("refuses options that would change trust (endpoints, identity) with 400 OPTION_NOT_ALLOWED", async function () {
      for (const option of [{ rpc: "http://evil.example" }, { identity: "off" }, { minConfirmations: 0 }]) {
        const answer = await post(`${server.url}/credentials/verify`, {
          verifiableCredential: credentials[0],
          options: option,
        });
        expect(answer.status).to.equal(400);
        expect(answer.body).to.include({ code: "OPTION_NOT_ALLOWED", pointer: `/options/${Object.keys(option)[0]}` });
      }
    });

    it("answers 50 concurrent requests, all verified, with the chain reads cached", async function () {
      const rpcBefore = proxy.methods.length;
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          post(`${server.url}/credentials/verify`, { verifiableCredential: credentials[i % 2] }),
        ),
      );
      expect(answers.map((a) => a.status)).to.deep.equal(new Array(50).fill(200));
      expect(answers.every((a) => a.body.verified === true)).to.equal(true);
      // Shared in-flight reads and the cache: far fewer RPC requests than 50 × 4.
      expect(proxy.methods.length - rpcBefore).to.be.below(10);
    });

    it("gives each of concurrent requests verified together its own result, as alone", async function () {
      const tampered = structuredClone(credentials[1]) as TestCredential & { validFrom: string };
      tampered.validFrom = "2020-01-01T00:00:00Z";
      const list: unknown[] = [credentials[0], tampered, { not: "a credential" }, credentials[1]];
      const alone = [];
      for (const credential of list) {
        alone.push(await post(`${server.url}/credentials/verify`, { verifiableCredential: credential }));
      }
      const together = await Promise.all(
        list.map((credential) => post(`${server.url}/credentials/verify`, { verifiableCredential: credential })),
      );
      const strip = (answer: Answer) =>
        JSON.parse(JSON.stringify({ ...answer.body, statusAge: undefined }).replace(/"now":"[^"]*"/g, '"now":""'));
      expect(together.map((a) => a.body.verified)).to.deep.equal([true, false, false, true]);
      expect(together.map(strip)).to.deep.equal(alone.map(strip));
    });

    it("answers 200 with verified: false and the RPC error when the chain is down (never invalid)", async function () {
      down = true;
      const answer = await post(`${server.url}/credentials/verify`, {
        verifiableCredential: credentials[0],
        options: { maxStatusAge: 0 },
      });
      expect(answer.status).to.equal(200);
      expect(answer.body.verified).to.equal(false);
      expect(answer.body.credanchor.verdict).to.equal("error");
      expect(answer.body.errors[0]).to.include({
        check: "anchor",
        code: "RPC_UNAVAILABLE",
        title: "anchor could not be checked",
      });
    });
  });

  describe("POST /credentials/verify-batch", function () {
    it("verifies many credentials in one request, with a summary, in a few RPC requests", async function () {
      const tampered = structuredClone(credentials[3]) as TestCredential & { validFrom: string };
      tampered.validFrom = "2020-01-01T00:00:00Z";
      const list = [credentials[0], credentials[1], credentials[2], tampered, { not: "a credential" }];
      const rpcBefore = proxy.methods.length;
      const answer = await post(`${server.url}/credentials/verify-batch`, {
        verifiableCredentials: list,
        options: { maxStatusAge: 0 },
      });
      expect(answer.status).to.equal(200);
      expect(answer.body.summary).to.deep.equal({
        total: 5,
        verified: 2,
        valid: 2,
        invalid: 2,
        error: 0,
        notCredential: 1,
      });
      expect(answer.body.results.map((r: { verified: boolean }) => r.verified)).to.deep.equal([
        true,
        true,
        false,
        false,
        false,
      ]);
      expect(answer.body.results[2].errors[0].code).to.equal("REVOCATION_CREDENTIAL_REVOKED");
      // head, batch, statuses, profile, revocation events and the event's block: not one per credential.
      expect(proxy.methods.length - rpcBefore).to.be.at.most(7);
    });

    describe("with worker threads, beside a service without them", function () {
      let threaded: VerificationServer;
      let plain: VerificationServer;
      /** This process's threads the threaded service added when it started (Linux: /proc/self/task). */
      let threadsAtListen: number | undefined;
      // Started once for these tests (each thread loads the SDK). Both services run in this process: a
      // long RPC timeout, so that one service's work never times out the other's reads on a busy machine.
      before(async function () {
        const chains = [{ name: "localhost", chain: CHAIN, chainId: 31337, endpoints: [proxy.url], timeoutMs: 60_000 }];
        const osThreads = () => fs.readdirSync("/proc/self/task").length;
        const counted = fs.existsSync("/proc/self/task") ? osThreads() : undefined;
        threaded = await startVerificationServer(
          config({ batchWorkers: 2, batchWorkersFrom: 1, batchPart: 10, chains }),
        );
        if (counted !== undefined) threadsAtListen = osThreads() - counted;
        plain = await startVerificationServer(config({ batchWorkers: 0, chains }));
      });
      after(async function () {
        await threaded?.close();
        await plain?.close();
      });
      it("starts its worker threads when it listens, before any batch", function () {
        if (threadsAtListen === undefined) this.skip(); // no /proc/self/task to count threads with
        expect(threadsAtListen).to.be.at.least(2);
      });

      it("answers the same through its worker threads as on the request's thread", async function () {
        const tampered = structuredClone(credentials[3]) as TestCredential & { validFrom: string };
        tampered.validFrom = "2020-01-01T00:00:00Z";
        const good = JSON.stringify({
          options: { statusReasons: false },
          verifiableCredentials: [credentials[0], tampered, { not: "a credential" }, credentials[2], credentials[1]],
        });
        const text = (credential: TestCredential) => JSON.stringify(credential);
        // The two answers were made at different moments: the validity check's `now`, the status age.
        const withoutTimes = (body: Record<string, unknown>) => {
          const { statusAge: _age, ...rest } = body;
          return JSON.parse(JSON.stringify(rest).replace(/"now":"[^"]*"/g, '"now":""')) as unknown;
        };
        const bodies = [
          good,
          // JSON errors inside a credential: the whole body's error, with its line and column.
          `{"verifiableCredentials":[${text(credentials[0])},${text(credentials[1]).replace('"id":', '"id":"x","id":')}]}`,
          `{"verifiableCredentials":[${text(credentials[0])},${text(credentials[1]).replace(/:"/, ':"\\ud800')}]}`,
          `{"verifiableCredentials":[${text(credentials[0])},${text(credentials[1]).slice(0, -1)}]}`,
          // Request errors after a malformed credential: the JSON error first, as without threads.
          `{"options":{"bogus":1},"verifiableCredentials":[${text(credentials[0]).replace("{", "{,")}]}`,
          `{"options":{"bogus":1},"verifiableCredentials":[${text(credentials[0])}]}`,
        ];
        for (const [i, body] of bodies.entries()) {
          const [a, b] = await Promise.all([
            post(`${threaded.url}/credentials/verify-batch`, undefined, body),
            post(`${plain.url}/credentials/verify-batch`, undefined, body),
          ]);
          expect(a.status, `body ${i}`).to.equal(b.status);
          expect(withoutTimes(a.body), `body ${i}`).to.deep.equal(withoutTimes(b.body));
        }
        const answer = await post(`${threaded.url}/credentials/verify-batch`, undefined, good);
        // credentials[2] is revoked by an earlier test, when it runs: its verdict is compared above.
        const verified = answer.body.results.map((r: { verified: boolean }) => r.verified);
        expect([verified[0], verified[1], verified[2], verified[4]]).to.deep.equal([true, false, false, true]);
        expect(answer.body.results.map((r: { credanchor: { index: number } }) => r.credanchor.index)).to.deep.equal([
          0, 1, 2, 3, 4,
        ]);
      });

      it("checks anchored unsigned credentials on its worker threads, each with the request thread's result", async function () {
        await writeRegistry(chain, registry, "revoke", root, [2], encodeReason("issued-in-error"));
        const tampered = structuredClone(credentials[3]) as TestCredential & { validFrom: string };
        tampered.validFrom = "2020-01-01T00:00:00Z";
        const unanchored = withAnchor((await buildTestBatch(2)).credentials[1], anchor);
        const body = JSON.stringify({
          options: { maxStatusAge: 0 },
          verifiableCredentials: [
            credentials[0],
            tampered,
            credentials[2],
            unanchored,
            { not: "a credential" },
            credentials[1],
          ],
        });
        const counted = async (url: string) => {
          const text = (await get(`${url}/metrics`)).text;
          const count = (thread: string) =>
            Number(
              new RegExp(`^credanchor_batch_credentials_total\\{thread="${thread}"\\} (\\d+)$`, "m").exec(text)?.[1],
            );
          return { worker: count("worker"), request: count("request") };
        };
        const before = [await counted(threaded.url), await counted(plain.url)];
        const [a, b] = await Promise.all([
          post(`${threaded.url}/credentials/verify-batch`, undefined, body),
          post(`${plain.url}/credentials/verify-batch`, undefined, body),
        ]);
        const after = [await counted(threaded.url), await counted(plain.url)];
        const added = after.map((now, i) => ({
          worker: now.worker - before[i].worker,
          request: now.request - before[i].request,
        }));
        // Every one of them on the threads (before, an anchored credential's `cryptosuite` kept it here).
        expect(added).to.deep.equal([
          { worker: 6, request: 0 },
          { worker: 0, request: 6 },
        ]);
        const withoutNow = (results: unknown) =>
          JSON.parse(JSON.stringify(results).replace(/"now":"[^"]*"/g, '"now":""')) as unknown;
        expect(withoutNow(a.body.results)).to.deep.equal(withoutNow(b.body.results));
        expect(a.body.summary).to.deep.equal(b.body.summary);
        type Result = { credanchor: { verdict: string; index: number }; errors: { code: string }[] };
        expect(
          a.body.results.map((r: Result) => [r.credanchor.index, r.credanchor.verdict, r.errors[0]?.code]),
        ).to.deep.equal([
          [0, "valid", undefined],
          [1, "invalid", "INTEGRITY_DIGEST_MISMATCH"],
          [2, "invalid", "REVOCATION_CREDENTIAL_REVOKED"],
          [3, "invalid", "ANCHOR_ROOT_NOT_FOUND"],
          [4, "not-a-credential", "FORMAT_PROOF_MISSING"],
          [5, "valid", undefined],
        ]);
      });

      it("refuses a part size that is not a whole number of credentials >= 1", function () {
        for (const batchPart of [0, 2.5, NaN]) {
          expect(() => buildVerificationServer(config({ batchPart }))).to.throw(
            RangeError,
            `batchPart must be a whole number of credentials >= 1, got ${batchPart}`,
          );
        }
      });

      it("refuses a thread young generation that is not a whole number of MiB >= 0", function () {
        for (const batchYoungGenerationMiB of [-1, 0.5, NaN]) {
          expect(() => buildVerificationServer(config({ batchYoungGenerationMiB }))).to.throw(
            RangeError,
            `batchYoungGenerationMiB must be a whole number of MiB >= 0 (0: V8's default), got ${batchYoungGenerationMiB}`,
          );
        }
      });

      it("answers a batch of several parts in order, as on the request's thread, or whole-body when a part is malformed", async function () {
        // Three parts of 10 (batchPart): 10, 10 and 5 credentials.
        const batch = await buildTestBatch(25);
        const anchored = await anchorTestRoot(chain, registry, batch.root, 25);
        const list: unknown[] = batch.credentials.map((c) => withAnchor(c, anchored));
        const tampered = structuredClone(list[15]) as TestCredential & { validFrom: string };
        tampered.validFrom = "2020-01-01T00:00:00Z";
        list[15] = tampered;
        list[24] = { not: "a credential" };
        // Fresh chain reads: the services' caches hold reads made before this batch was anchored.
        const body = JSON.stringify({ options: { maxStatusAge: 0 }, verifiableCredentials: list });
        // A duplicate name in the last part: the whole body's JSON error, after two parts were verified.
        const bad = list.map((c) => JSON.stringify(c));
        bad[22] = bad[22].replace('"id":', '"id":"x","id":');
        const malformed = `{"verifiableCredentials":[${bad.join(",")}]}`;
        // Each service's requests one after the other (an idle keep-alive connection may be closed).
        const a = await post(`${threaded.url}/credentials/verify-batch`, undefined, body);
        const c = await post(`${threaded.url}/credentials/verify-batch`, undefined, malformed);
        const b = await post(`${plain.url}/credentials/verify-batch`, undefined, body);
        const d = await post(`${plain.url}/credentials/verify-batch`, undefined, malformed);
        expect(a.status).to.equal(200);
        expect(a.body.summary).to.deep.equal({
          total: 25,
          verified: 23,
          valid: 23,
          invalid: 1,
          error: 0,
          notCredential: 1,
        });
        const withoutNow = (results: unknown) =>
          JSON.parse(JSON.stringify(results).replace(/"now":"[^"]*"/g, '"now":""')) as unknown;
        expect(withoutNow(a.body.results)).to.deep.equal(withoutNow(b.body.results));
        type Result = { credanchor: { index: number } };
        expect(a.body.results.map((r: Result) => r.credanchor.index)).to.deep.equal(list.map((_, i) => i));
        expect(a.body.results[15].errors[0].code).to.equal("INTEGRITY_DIGEST_MISMATCH");
        expect(c.status).to.equal(400);
        expect(c.body).to.deep.equal(d.body);
        expect(c.body.code).to.equal("JSON_RULE");
      });
    });

    it("reads the chain for a cold batch of 10,000 credentials in a few RPC requests: one status word read per part", async function () {
      // The service's defaults (parts of DEFAULT_BATCH_PART on worker threads), its caches empty.
      // Built with the anchor record in its proofs: `withAnchor` on each would copy and re-encode 10,000 proofs.
      const batch = await buildTestBatch(10_000, { anchor: (root) => anchorTestRoot(chain, registry, root, 10_000) });
      const body = JSON.stringify({ verifiableCredentials: batch.credentials });
      // The cache's clock stands still: a body received and split in more than the head TTL (a loaded
      // machine) would otherwise drop the head read as it began and read another, one head read more.
      const frozen = Date.now();
      const cold = await startVerificationServer(
        config({
          batchWorkers: 2,
          batchWorkersFrom: DEFAULT_BATCH_WORKERS_FROM,
          batchPart: DEFAULT_BATCH_PART,
          chains: [{ name: "localhost", chain: CHAIN, chainId: 31337, endpoints: [proxy.url], timeoutMs: 60_000 }],
          cache: { now: () => frozen },
        }),
      );
      try {
        const from = proxy.log.length;
        const answer = await post(`${cold.url}/credentials/verify-batch`, undefined, body);
        expect(answer.status).to.equal(200);
        expect(answer.body.summary).to.include({ total: 10_000, verified: 10_000 });
        const sent = proxy.log.slice(from);
        const statusCalls = sent.filter(
          (entry) =>
            entry.method === "eth_call" &&
            (entry.params[0] as { data?: string }).data?.startsWith(STATUS_WORDS_READ_SELECTOR),
        );
        // One status word read per part (10 of 1,000 credentials, 4 or 5 words each; no credentialStatuses
        // call), and besides them the chain id, the head, the batch record and the registry's profile:
        // 14 requests for 10,000 credentials, as with one credentialStatuses call per part.
        const sequence = sent.map((entry) => entry.method).join(" ");
        expect(statusCalls.length, sequence).to.equal(Math.ceil(10_000 / DEFAULT_BATCH_PART));
        expect(sent.length - statusCalls.length, sequence).to.equal(4);
      } finally {
        await cold.close();
      }
    });

    it("reads the head while a batch's body arrives, once, and times the batch from the body's last byte", async function () {
      // Half the body sent, the rest held back until the proxy has seen the head read: a service that
      // read the head only after the body (at its first part) never gets the rest, and the wait fails.
      // The cache's clock stands still: the head read at the arrival is young whatever the machine's load.
      const frozen = Date.now();
      const ahead = await startVerificationServer(config({ batchWorkers: 1, cache: { now: () => frozen } }));
      try {
        const from = proxy.log.length;
        const headReads = () => proxy.log.slice(from).filter((entry) => entry.method === "eth_blockNumber").length;
        const body = Buffer.from(JSON.stringify({ verifiableCredentials: credentials }));
        const { status, text } = await postInTwoPieces(`${ahead.url}/credentials/verify-batch`, body, () =>
          until(() => headReads() > 0, "the head read before the body's last byte"),
        );
        expect(status, text).to.equal(200);
        expect(JSON.parse(text).summary).to.include({ total: 4 }); // verdicts: earlier tests revoke and suspend some
        expect(headReads(), proxy.methods.slice(from).join(" ")).to.equal(1);
        // The service's own time for the batch, from the body's last byte to the answer's: one observed.
        const metrics = (await get(`${ahead.url}/metrics`)).text;
        expect(counter(metrics, 'credanchor_batch_after_body_seconds_count{status="200"}')).to.equal(1);
        expect(counter(metrics, 'credanchor_batch_after_body_seconds_sum{status="200"}')).to.be.above(0);
        expect(counter(metrics, 'credanchor_batch_after_body_seconds_bucket{status="200",le="+Inf"}')).to.equal(1);
      } finally {
        await ahead.close();
      }
    });

    describe("a slow upload never pins an old head (the head read as the body began, at its first use)", function () {
      // One service (one worker thread; two credentials or more go to it, one stays on the request's
      // thread) whose chain cache runs on this test's clock, and a batch of three credentials of its own.
      let clock = Date.now();
      let slow: VerificationServer;
      let fresh: TestCredential[];
      let freshRoot: `0x${string}`;
      before(async function () {
        const batch = await buildTestBatch(3);
        const record = await anchorTestRoot(chain, registry, batch.root, 3);
        fresh = batch.credentials.map((c) => withAnchor(c, record));
        freshRoot = batch.root;
        slow = await startVerificationServer(
          config({ batchWorkers: 1, batchWorkersFrom: 2, batchPart: 10, cache: { now: () => clock } }),
        );
      });
      after(async function () {
        await slow?.close();
      });

      type BatchAnswerBody = {
        results: { credanchor: { verdict: string }; errors: { code: string }[] }[];
        statusAge?: { readAt: string; ageSeconds: number };
      };
      /**
       * Sends `list` in two pieces: the first, then (once the node has answered the head read the
       * service started as the body began: `arrival`) `between`, then the rest. Counts the head reads.
       */
      const uploadSlowly = async (list: unknown[], between: (arrival: bigint) => Promise<void>) => {
        const from = proxy.log.length;
        let arrival: bigint | undefined;
        const seen = proxy.inject({
          method: "eth_blockNumber",
          times: 1,
          fault: {
            kind: "lie",
            result: (honest) => {
              arrival = BigInt(honest as string);
              return honest;
            },
          },
        });
        try {
          const body = Buffer.from(JSON.stringify({ verifiableCredentials: list }));
          const { status, text } = await postInTwoPieces(`${slow.url}/credentials/verify-batch`, body, async () => {
            await until(() => arrival !== undefined, "the node's answer to the head read as the body began");
            await between(arrival!);
          });
          expect(status, text).to.equal(200);
          const headReads = proxy.log.slice(from).filter((entry) => entry.method === "eth_blockNumber").length;
          return { answer: JSON.parse(text) as BatchAnswerBody, headReads };
        } finally {
          seen.remove();
        }
      };
      /** The credentials `slow` verified on its worker threads and on the request's thread (since `since`). */
      const threadCounts = async (since = { worker: 0, request: 0 }) => {
        const text = (await get(`${slow.url}/metrics`)).text;
        const count = (thread: string) =>
          Number(
            new RegExp(`^credanchor_batch_credentials_total\\{thread="${thread}"\\} (\\d+)$`, "m").exec(text)?.[1],
          );
        return { worker: count("worker") - since.worker, request: count("request") - since.request };
      };
      const verdicts = (answer: BatchAnswerBody) =>
        answer.results.map((r) => [r.credanchor.verdict, r.errors.find((e) => e.code.startsWith("REVOCATION_"))?.code]);

      it("uses the head read as the body began when it is younger than the head TTL, and reports its age", async function () {
        clock += 100_000; // every cached answer expired
        const began = clock;
        const { answer, headReads } = await uploadSlowly([fresh[0], fresh[1]], async () => {
          clock = began + 400; // below half the 1 s head TTL at the last byte: no head read then
        });
        expect(headReads).to.equal(1);
        expect(verdicts(answer)).to.deep.equal([
          ["valid", undefined],
          ["valid", undefined],
        ]);
        // The statuses are those of the block read at `began`: 0.4 s old, though read from the chain at began + 0.4 s.
        expect(answer.statusAge).to.deep.equal({ readAt: new Date(began).toISOString(), ageSeconds: 0.4 });
      });

      it("reads the head again at the last byte of a body that took half the head TTL or more, and uses that one", async function () {
        clock += 100_000;
        const began = clock;
        const { answer, headReads } = await uploadSlowly([fresh[0], fresh[1]], async () => {
          clock = began + 900; // the head read as the body began would still do at 0.9 s, but perhaps not after the split
        });
        expect(headReads).to.equal(2); // the one as the body began, and the one at its last byte: no third
        expect(verdicts(answer)).to.deep.equal([
          ["valid", undefined],
          ["valid", undefined],
        ]);
        expect(answer.statusAge).to.deep.equal({ readAt: new Date(began + 900).toISOString(), ageSeconds: 0 });
      });

      it("reads the head again, on the worker threads' path, when a credential is revoked during a slow upload", async function () {
        clock += 100_000;
        const { answer, headReads } = await uploadSlowly([fresh[0], fresh[1]], async () => {
          await writeRegistry(chain, registry, "revoke", freshRoot, [0], encodeReason("issued-in-error"));
          await mine(node.url, 3);
          clock += 2_000; // the head read as the body began is now older than the head TTL
        });
        expect(verdicts(answer)).to.deep.equal([
          ["invalid", "REVOCATION_CREDENTIAL_REVOKED"],
          ["valid", undefined],
        ]);
        expect(headReads).to.equal(2); // the one as the body began, dropped; the one at the body's last byte, used
        expect(answer.statusAge).to.deep.equal({ readAt: new Date(clock).toISOString(), ageSeconds: 0 });
      });

      it("reads the head again, on the request's thread, when a credential is revoked during a slow upload", async function () {
        clock += 100_000;
        const { answer, headReads } = await uploadSlowly([fresh[2]], async () => {
          await writeRegistry(chain, registry, "revoke", freshRoot, [2], encodeReason("issued-in-error"));
          await mine(node.url, 3);
          clock += 2_000;
        });
        expect(verdicts(answer)).to.deep.equal([["invalid", "REVOCATION_CREDENTIAL_REVOKED"]]);
        expect(headReads).to.equal(2);
      });

      it("starts a head read at a slow upload's last byte, before the split, and pins the request to it: one head read more, not two", async function () {
        // The route's own steps, on a verifier of their own (the test's clock): the head read as the
        // body began (readHeads), the one at its last byte (refreshHeads), then the verification.
        const verifier = createVerifier(config({ batchWorkers: 0, cache: { now: () => clock } }));
        try {
          clock += 100_000;
          const began = clock;
          const from = proxy.log.length;
          const headReads = () => proxy.log.slice(from).filter((entry) => entry.method === "eth_blockNumber").length;
          const arrival = verifier.readHeads();
          await arrival.get(CHAIN)![0].block;
          expect(headReads()).to.equal(1);
          // A body whose last byte comes 0.4 s after its first: the head read as it began is kept as it is.
          clock = began + 400;
          expect(verifier.refreshHeads(arrival)).to.equal(arrival);
          // 0.6 s after: half the head TTL old, so a head read starts now, before any split or check.
          clock = began + 600;
          const atEnd = verifier.refreshHeads(arrival);
          expect(atEnd.get(CHAIN)!.map((read) => read.readAt)).to.deep.equal([began, began + 600]);
          await until(() => headReads() === 2, "the head read started at the body's last byte");
          // The first part needs its head 1.1 s after the body began: the arrival head is too old by
          // then, the last byte's is 0.5 s old and used, without a third read.
          clock = began + 1_100;
          const { results, statusAge } = await verifier.verify([fresh[1]], {}, atEnd);
          expect(results.map((r) => r.status)).to.deep.equal(["valid"]);
          expect(headReads()).to.equal(2);
          expect(statusAge).to.deep.equal({ readAt: new Date(began + 600).toISOString(), ageSeconds: 0.5 });
        } finally {
          await verifier.close();
        }
      });

      it("asks a node that refuses the status word read once, not once per part or request", async function () {
        clock += 100_000;
        await writeRegistry(chain, registry, "revoke", freshRoot, [0]); // idempotent: revoked whatever ran before
        const refusing = proxy.inject({
          selector: STATUS_WORDS_READ_SELECTOR,
          fault: { kind: "rpcError", code: -32601, message: "eth_call without to is not supported" },
        });
        try {
          const from = proxy.log.length;
          const sent = (fault?: string) =>
            proxy.log
              .slice(from)
              .filter((e) =>
                fault
                  ? e.fault === fault
                  : e.method === "eth_call" &&
                    (e.params[0] as { data?: string }).data?.startsWith(CREDENTIAL_STATUSES_SELECTOR),
              ).length;
          // One part on the worker thread: one refused word read, then credentialStatuses, answered
          // there (the node's error crosses to the thread as itself: the part is not redone here).
          let before = await threadCounts();
          let answer = await post(`${slow.url}/credentials/verify-batch`, {
            verifiableCredentials: [fresh[0], fresh[1]],
          });
          expect(verdicts(answer.body as BatchAnswerBody)).to.deep.equal([
            ["invalid", "REVOCATION_CREDENTIAL_REVOKED"],
            ["valid", undefined],
          ]);
          expect([sent("rpcError"), sent()]).to.deep.equal([1, 1]);
          expect(await threadCounts(before)).to.deep.equal({ worker: 2, request: 0 });
          // Another request of two parts, statuses read again (maxStatusAge 0): no word read sent, one
          // credentialStatuses call per part.
          const twelve = Array.from({ length: 12 }, (_, i) => fresh[i % 2]);
          before = await threadCounts();
          answer = await post(`${slow.url}/credentials/verify-batch`, {
            verifiableCredentials: twelve,
            options: { maxStatusAge: 0 },
          });
          expect(verdicts(answer.body as BatchAnswerBody)).to.deep.equal(
            twelve.map((_, i) => (i % 2 === 0 ? ["invalid", "REVOCATION_CREDENTIAL_REVOKED"] : ["valid", undefined])),
          );
          expect([sent("rpcError"), sent()]).to.deep.equal([1, 3]);
          expect(await threadCounts(before)).to.deep.equal({ worker: 12, request: 0 });
        } finally {
          refusing.remove();
        }
      });

      it("gives error status checks on its worker threads, never a pass, when the node answers the status word read with garbage", async function () {
        clock += 100_000;
        const garbage = proxy.inject({
          selector: STATUS_WORDS_READ_SELECTOR,
          fault: { kind: "answer", result: "0x1234" },
        });
        try {
          const twelve = Array.from({ length: 12 }, (_, i) => fresh[i % 2]);
          const before = await threadCounts();
          const answer = await post(`${slow.url}/credentials/verify-batch`, {
            verifiableCredentials: twelve,
            options: { maxStatusAge: 0 },
          });
          expect(answer.status).to.equal(200);
          expect(garbage.hits).to.be.above(0);
          type Result = {
            verified: boolean;
            credanchor: { verdict: string; checks: { check: string; status: string }[] };
          };
          const results = (answer.body as { results: Result[] }).results;
          expect(results.map((r) => [r.verified, r.credanchor.verdict])).to.deep.equal(
            twelve.map(() => [false, "error"]),
          );
          for (const result of results) {
            expect(result.credanchor.checks.find((c) => c.check === "revocation")?.status).to.equal("error");
          }
          expect(await threadCounts(before)).to.deep.equal({ worker: 12, request: 0 });
        } finally {
          garbage.remove();
        }
      });
    });

    it("refuses more than the batch limit with 400 TOO_MANY_CREDENTIALS", async function () {
      const answer = await post(`${server.url}/credentials/verify-batch`, {
        verifiableCredentials: new Array(10_001).fill({}),
      });
      expect(answer.status).to.equal(400);
      expect(answer.body).to.deep.include({ code: "TOO_MANY_CREDENTIALS", count: 10_001, max: 10_000 });
    });
  });

  describe("health, metrics and the page", function () {
    it("is live and ready while the chain answers, not ready when it is down", async function () {
      expect(JSON.parse((await get(`${server.url}/health`)).text)).to.deep.equal({ status: "ok" });
      let ready = await get(`${server.url}/health/ready`);
      expect(ready.status).to.equal(200);
      expect(JSON.parse(ready.text)).to.deep.equal({
        status: "ready",
        chains: { [CHAIN]: { name: "localhost", ready: true } },
      });
      down = true;
      ready = await get(`${server.url}/health?ready`);
      expect(ready.status).to.equal(503);
      const body = JSON.parse(ready.text);
      expect(body).to.include({ code: "NOT_READY", status: 503 });
      expect(body.chains[CHAIN].ready).to.equal(false);
      expect((await get(`${server.url}/health`)).status).to.equal(200);
    });

    it("counts requests, verdicts, latency, RPC requests and cache hits in Prometheus text", async function () {
      await post(`${server.url}/credentials/verify`, { verifiableCredential: credentials[0] });
      const metrics = await get(`${server.url}/metrics`);
      expect(metrics.status).to.equal(200);
      expect(metrics.headers.get("content-type")).to.equal("text/plain; version=0.0.4; charset=utf-8");
      const text = metrics.text;
      expect(counter(text, 'credanchor_verdicts_total{outcome="valid",endpoint="verify"}')).to.be.at.least(52);
      expect(counter(text, 'credanchor_verdicts_total{outcome="invalid",endpoint="verify"}')).to.be.at.least(3);
      expect(counter(text, 'credanchor_verdicts_total{outcome="error",endpoint="verify"}')).to.be.at.least(1);
      expect(counter(text, 'credanchor_verdicts_total{outcome="not-a-credential",endpoint="verify"}')).to.be.at.least(
        1,
      );
      expect(
        counter(text, 'credanchor_http_requests_total{route="/credentials/verify",method="POST",status="200"}'),
      ).to.be.at.least(55);
      expect(
        counter(text, 'credanchor_http_requests_total{route="/credentials/verify",method="POST",status="400"}'),
      ).to.be.at.least(5);
      expect(counter(text, `credanchor_rpc_requests_total{chain="${CHAIN}"}`)).to.be.at.least(5);
      expect(counter(text, `credanchor_rpc_errors_total{chain="${CHAIN}"}`)).to.be.at.least(1);
      expect(counter(text, 'credanchor_cache_hits_total{cache="status"}')).to.be.at.least(40);
      expect(counter(text, 'credanchor_cache_misses_total{cache="status"}')).to.be.at.least(1);
      expect(
        counter(text, 'credanchor_http_request_duration_seconds_count{route="/credentials/verify"}'),
      ).to.be.at.least(55);
      expect(text).to.include('credanchor_http_request_duration_seconds_bucket{route="/credentials/verify",le="+Inf"}');
    });

    it("serves the verifier page from the same origin, and nothing outside its folder", async function () {
      const index = await get(`${server.url}/`);
      expect(index.status).to.equal(200);
      expect(index.headers.get("content-type")).to.equal("text/html; charset=utf-8");
      expect(index.text).to.equal("<!doctype html><title>verifier</title>");
      const asset = await get(`${server.url}/assets/app.js`);
      expect(asset.status).to.equal(200);
      expect(asset.headers.get("x-content-type-options")).to.equal("nosniff");
      for (const attempt of [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/assets/..%2f..%2fsecret.txt",
        "/%00",
        "/%E0%A4%A",
      ]) {
        const answer = await get(`${server.url}${attempt}`);
        // A path that does not decode is Fastify's 400; any other is looked up in the page's table.
        expect(answer.status, attempt).to.be.oneOf([400, 404]);
        expect(JSON.parse(answer.text).code, attempt).to.match(/^(NOT_FOUND|BAD_URL)$/);
        expect(answer.text).to.not.include("not for the web");
      }
    });
  });

  describe("limits and shutdown", function () {
    it("answers 503 with Retry-After when saturated, and keeps answering the requests it took", async function () {
      const small = await startVerificationServer(config({ limits: { maxConcurrent: 2 }, chains: hangingChains() }));
      try {
        hang = true;
        const slow = [0, 1].map(() =>
          post(`${small.url}/credentials/verify`, {
            verifiableCredential: credentials[0],
            options: { maxStatusAge: 0 },
          }),
        );
        await until(() => small.inFlight() === 2, "two requests in flight", 10_000);
        const refused = await post(`${small.url}/credentials/verify`, { verifiableCredential: credentials[0] });
        expect(refused.status).to.equal(503);
        expect(refused.headers.get("retry-after")).to.equal("1");
        expect(refused.body).to.include({ code: "SATURATED", status: 503 });
        const answers = await Promise.all(slow);
        expect(answers.map((a) => [a.status, a.body.credanchor.verdict])).to.deep.equal([
          [200, "error"],
          [200, "error"],
        ]);
        expect(small.inFlight()).to.equal(0);
        hang = false;
        const again = await post(`${small.url}/credentials/verify`, { verifiableCredential: credentials[0] });
        expect(again.status).to.equal(200);
      } finally {
        await small.close();
      }
    });

    it("limits each client's rate with 429 and a JSON error", async function () {
      const limited = await startVerificationServer(config({ limits: { rateLimit: 2 } }));
      try {
        const statuses = [];
        for (let i = 0; i < 3; i++) {
          statuses.push(await post(`${limited.url}/credentials/verify`, { verifiableCredential: credentials[0] }));
        }
        expect(statuses.map((a) => a.status)).to.deep.equal([200, 200, 429]);
        expect(statuses[2].body).to.include({ code: "RATE_LIMITED", status: 429 });
        expect(Number(statuses[2].headers.get("retry-after"))).to.be.at.least(1);
      } finally {
        await limited.close();
      }
    });

    it("answers 503 TIMEOUT when no verdict comes in time", async function () {
      const impatient = await startVerificationServer(
        config({
          limits: { requestTimeoutMs: 300 },
          chains: [
            { name: "localhost", chain: CHAIN, chainId: 31337, endpoints: [proxy.url], timeoutMs: 3_000, retries: 0 },
          ],
        }),
      );
      try {
        hang = true;
        const answer = await post(`${impatient.url}/credentials/verify`, {
          verifiableCredential: credentials[0],
          options: { maxStatusAge: 0 },
        });
        expect(answer.status).to.equal(503);
        expect(answer.body).to.include({ code: "TIMEOUT", status: 503 });
      } finally {
        await impatient.close();
      }
    });

    it("finishes the requests in flight when stopped (the command's SIGTERM path), then refuses new ones", async function () {
      const controller = new AbortController();
      let started: VerificationServer | undefined;
      const io = testIo();
      const running = serve(
        {
          rpc: [proxy.url],
          port: 0,
          rateLimit: 0,
          rpcTimeoutMs: 1_500,
          webDir: pageDir,
          signal: controller.signal,
          onListening: (s) => (started = s),
        },
        io,
      );
      await until(() => started !== undefined, "the service to start", 30_000);
      const url = started!.url;
      expect(io.stdout.text()).to.include(`credanchor serve: listening on ${url}`);
      hang = true;
      const inFlight = post(`${url}/credentials/verify`, {
        verifiableCredential: credentials[0],
        options: { maxStatusAge: 0 },
      });
      await until(() => started!.inFlight() === 1, "one request in flight", 10_000);
      controller.abort();
      const answer = await inFlight;
      expect(answer.status).to.equal(200);
      expect(answer.body.credanchor.verdict).to.equal("error");
      expect(await running).to.equal(0);
      expect(io.stdout.text()).to.include("credanchor serve: stopped");
      let refused = false;
      await fetch(`${url}/health`).catch(() => (refused = true));
      expect(refused).to.equal(true);
    });
  });
});

/**
 * POSTs `body` (JSON) in two pieces: its first half, then the rest once `between()` has resolved (a
 * slow upload, made of observable steps instead of a pause). The answer's status and text.
 */
function postInTwoPieces(
  url: string,
  body: Buffer,
  between: () => Promise<void>,
): Promise<{ status: number; text: string }> {
  const half = body.length >> 1;
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: "POST", headers: { "content-type": "application/json", "content-length": body.length } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.write(body.subarray(0, half));
    between().then(
      () => request.end(body.subarray(half)),
      (error: unknown) => {
        request.destroy();
        reject(error as Error);
      },
    );
  });
}

/** The value of one sample line of Prometheus text (0 when absent). */
function counter(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}
