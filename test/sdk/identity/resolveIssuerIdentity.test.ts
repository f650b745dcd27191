/**
 * The identity check against a real DNS server (dns2, UDP on loopback) queried through Node's
 * resolver, and a real HTTP server playing the issuers' web sites (see servers.ts).
 */
import { expect } from "chai";
import { createIdentityCache } from "../../../sdk/src/identity/createIdentityCache";
import { createIdentityResolver } from "../../../sdk/src/identity/createIdentityResolver";
import {
  resolveIssuerIdentity,
  type ResolveIssuerIdentityParameters,
} from "../../../sdk/src/identity/resolveIssuerIdentity";
import type { IdentityLookupOptions, IdentityResult } from "../../../sdk/src/identity/types";
import {
  startDnsServer,
  startHttpServer,
  type TestDnsServer,
  type TestHttpServer,
} from "../../helpers/identityServers";

/**
 * The lookups the servers answer are given ANSWER_MS, far above any stall of a loaded machine (after a
 * stall Node runs a due timer before it reads the answer that arrived meanwhile: with 300 ms for every
 * lookup, a 400 ms delay on the answers failed most of these tests). Only what the servers never answer
 * ("HANG") is given HANG_MS, through `hanging()` or a `timeoutMs` of the case's own.
 */
const ANSWER_MS = 10_000;
const HANG_MS = 300;
const SEPOLIA = "eip155:11155111";
const BASE_SEPOLIA = "eip155:84532";
const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const OTHER_REGISTRY = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const record = (chain: string, registry: string) => `credanchor=v1; chain=${chain}; registry=${registry}`;
const didDocument = (did: string, service: unknown[] = [], alsoKnownAs: string[] = []) => ({
  json: { "@context": ["https://www.w3.org/ns/did/v1"], id: did, alsoKnownAs, service },
});
const registryService = (did: string, account: string) => ({
  id: `${did}#credanchor`,
  type: "CredAnchorRegistry",
  serviceEndpoint: account,
});

describe("resolveIssuerIdentity against real DNS and HTTP servers", function () {
  let dns: TestDnsServer;
  let web: TestHttpServer;
  let options: IdentityLookupOptions;

  beforeEach(async function () {
    dns = await startDnsServer();
    web = await startHttpServer();
    options = { resolveTxt: dns.resolveTxt(ANSWER_MS), fetch: web.fetch, timeoutMs: ANSWER_MS };
  });

  /**
   * Node's resolver on the test server, giving up after HANG_MS on `names` (which the server never
   * answers: ETIMEOUT) and waiting ANSWER_MS for every other name.
   */
  const hanging = (...names: string[]): IdentityLookupOptions => {
    const impatient = dns.resolveTxt(HANG_MS);
    const patient = dns.resolveTxt(ANSWER_MS);
    return { resolveTxt: (hostname) => (names.includes(hostname.toLowerCase()) ? impatient : patient)(hostname) };
  };

  afterEach(async function () {
    await dns.close();
    await web.close();
  });

  const check = (parameters: Partial<ResolveIssuerIdentityParameters> = {}, overrides: IdentityLookupOptions = {}) =>
    resolveIssuerIdentity(
      {
        chain: SEPOLIA,
        registry: REGISTRY,
        profileUrl: "https://example.edu",
        issuer: { id: "https://example.edu/issuers/1", name: "Example University", url: "https://www.example.edu" },
        ...parameters,
      },
      { ...options, ...overrides },
    );

  function expectResult(result: IdentityResult, status: IdentityResult["status"], code: IdentityResult["code"]) {
    expect({ status: result.status, code: result.code }, result.message).to.deep.equal({ status, code });
  }

  describe("DNS TXT record", function () {
    it("passes when _credanchor.<domain> names the registry on the credential's chain, without asking the apex or the web site", async function () {
      dns.zone.set("_credanchor.example.edu", [[record(SEPOLIA, REGISTRY.toLowerCase())]]);
      const result = await check();
      expectResult(result, "passed", "IDENTITY_VERIFIED");
      expect(result.method).to.equal("dns");
      expect(result.message).to.equal(
        `The TXT record at _credanchor.example.edu names registry ${REGISTRY} on ${SEPOLIA}, and the registry's profile URL https://example.edu names example.edu.`,
      );
      expect(result.found.bindings).to.deep.equal([
        {
          method: "dns",
          source: "_credanchor.example.edu",
          chain: SEPOLIA,
          registry: REGISTRY,
          text: record(SEPOLIA, REGISTRY.toLowerCase()),
        },
      ]);
      expect(dns.queries).to.deep.equal(["_credanchor.example.edu TXT"]);
      expect(web.requests).to.deep.equal([]);
    });

    it("falls back to the domain itself, after _credanchor.<domain>, among unrelated TXT records", async function () {
      dns.zone.set("example.edu", [["v=spf1 -all"], [record(SEPOLIA, REGISTRY)], ["google-site-verification=abc"]]);
      const result = await check();
      expectResult(result, "passed", "IDENTITY_VERIFIED");
      expect(dns.queries).to.deep.equal(["_credanchor.example.edu TXT", "example.edu TXT"]);
      expect(result.found.lookups.map((lookup) => [lookup.target, lookup.outcome, lookup.detail])).to.deep.equal([
        ["_credanchor.example.edu", "not-found", "NXDOMAIN (no such name)"],
        ["example.edu", "found", "3 TXT records, 1 credanchor record"],
      ]);
    });

    it("joins a record split into several character-strings", async function () {
      dns.zone.set("_credanchor.example.edu", [["credanchor=v1; chain=eip155:11155111;", ` registry=${REGISTRY}`]]);
      expectResult(await check(), "passed", "IDENTITY_VERIFIED");
    });

    it("accepts one record per chain and registry", async function () {
      dns.zone.set("_credanchor.example.edu", [
        [record(SEPOLIA, OTHER_REGISTRY)],
        [record(BASE_SEPOLIA, REGISTRY)],
        [record(SEPOLIA, REGISTRY)],
      ]);
      expectResult(await check(), "passed", "IDENTITY_VERIFIED");
      expectResult(await check({ chain: BASE_SEPOLIA }), "passed", "IDENTITY_VERIFIED");
      expectResult(await check({ registry: OTHER_REGISTRY }), "passed", "IDENTITY_VERIFIED");
    });

    it("fails on a record that names another registry, naming both addresses", async function () {
      dns.zone.set("_credanchor.example.edu", [[record(SEPOLIA, OTHER_REGISTRY)]]);
      const result = await check();
      expectResult(result, "failed", "IDENTITY_REGISTRY_MISMATCH");
      expect(result.message).to.equal(
        `The domain example.edu does not name registry ${REGISTRY} on ${SEPOLIA}: ` +
          `the TXT record at _credanchor.example.edu names registry ${OTHER_REGISTRY} on ${SEPOLIA}; ` +
          "https://example.edu/.well-known/did.json does not exist (HTTP 404).",
      );
      expect(dns.queries).to.deep.equal(["_credanchor.example.edu TXT", "example.edu TXT"]);
      expect(web.requests).to.deep.equal(["https://example.edu/.well-known/did.json"]);
    });

    it("fails on a record that names the registry on another chain, naming both chains", async function () {
      dns.zone.set("_credanchor.example.edu", [[record(SEPOLIA, REGISTRY)]]);
      const result = await check({ chain: BASE_SEPOLIA });
      expectResult(result, "failed", "IDENTITY_CHAIN_MISMATCH");
      expect(result.message).to.include(
        `the TXT record at _credanchor.example.edu names registry ${REGISTRY} on ${SEPOLIA}`,
      );
      expect(result.message).to.include(`does not name registry ${REGISTRY} on ${BASE_SEPOLIA}`);
      expect(result.methods.map((method) => [method.method, method.code])).to.deep.equal([
        ["dns", "IDENTITY_CHAIN_MISMATCH"],
        ["did:web", "IDENTITY_NOT_PUBLISHED"],
      ]);
    });

    it("fails when nothing is published (NXDOMAIN, NODATA and a did.json 404)", async function () {
      dns.zone.set("example.edu", []); // the apex exists but has no TXT record
      const result = await check();
      expectResult(result, "failed", "IDENTITY_NOT_PUBLISHED");
      expect(result.message).to.equal(
        `The domain example.edu does not name registry ${REGISTRY} on ${SEPOLIA}: neither _credanchor.example.edu nor example.edu has a credanchor TXT record; ` +
          "https://example.edu/.well-known/did.json does not exist (HTTP 404).",
      );
      expect(result.found.lookups.map((lookup) => lookup.detail)).to.deep.equal([
        "NXDOMAIN (no such name)",
        "no TXT record",
        "HTTP 404",
      ]);
    });

    it("fails on a malformed record and says why", async function () {
      dns.zone.set("_credanchor.example.edu", [
        [`credanchor=v1; chain=eip155:11155111; registry=${REGISTRY.slice(0, 40)}`],
      ]);
      const result = await check();
      expectResult(result, "failed", "IDENTITY_RECORD_MALFORMED");
      expect(result.message).to.include("the TXT record at _credanchor.example.edu is malformed (registry");
      expect(result.found.malformed).to.have.length(1);
    });

    it("is an error, not a failure, when the DNS server never answers", async function () {
      dns.zone.set("_credanchor.example.edu", "HANG");
      dns.zone.set("example.edu", "HANG");
      const result = await check({}, hanging("_credanchor.example.edu", "example.edu"));
      expectResult(result, "error", "IDENTITY_LOOKUP_ERROR");
      expect(result.message).to.match(/^Could not decide whether example\.edu names registry 0x5FbDB/);
      expect(result.message).to.include("the TXT lookup of _credanchor.example.edu failed (ETIMEOUT");
      expect(result.methods.map((method) => method.status)).to.deep.equal(["error", "failed"]);
    });

    it("is an error on SERVFAIL or REFUSED when no record matches", async function () {
      dns.zone.set("_credanchor.example.edu", "SERVFAIL");
      expectResult(await check(), "error", "IDENTITY_LOOKUP_ERROR");
      dns.zone.set("_credanchor.example.edu", "REFUSED");
      expectResult(await check(), "error", "IDENTITY_LOOKUP_ERROR");
    });

    it("still passes on positive evidence when one of the names times out", async function () {
      dns.zone.set("_credanchor.example.edu", "HANG");
      dns.zone.set("example.edu", [[record(SEPOLIA, REGISTRY)]]);
      expectResult(await check({}, hanging("_credanchor.example.edu")), "passed", "IDENTITY_VERIFIED");
    });
  });

  describe("did:web document", function () {
    it("passes on a CredAnchorRegistry service entry in /.well-known/did.json", async function () {
      web.routes.set(
        "example.edu/.well-known/did.json",
        didDocument("did:web:example.edu", [registryService("did:web:example.edu", `${SEPOLIA}:${REGISTRY}`)]),
      );
      const result = await check();
      expectResult(result, "passed", "IDENTITY_VERIFIED");
      expect(result.method).to.equal("did:web");
      expect(result.message).to.equal(
        `The DID document at https://example.edu/.well-known/did.json names registry ${REGISTRY} on ${SEPOLIA}, and the registry's profile URL https://example.edu names example.edu.`,
      );
      expect(result.methods.map((method) => [method.method, method.status])).to.deep.equal([
        ["dns", "failed"],
        ["did:web", "passed"],
      ]);
    });

    it("passes on an alsoKnownAs CAIP-10 entry", async function () {
      web.routes.set(
        "example.edu/.well-known/did.json",
        didDocument("did:web:example.edu", [], [`${SEPOLIA}:${REGISTRY.toLowerCase()}`]),
      );
      expectResult(await check(), "passed", "IDENTITY_VERIFIED");
    });

    it("fails when the document names another registry or the registry on another chain", async function () {
      web.routes.set(
        "example.edu/.well-known/did.json",
        didDocument(
          "did:web:example.edu",
          [registryService("did:web:example.edu", `${BASE_SEPOLIA}:${REGISTRY}`)],
          [`${SEPOLIA}:${OTHER_REGISTRY}`],
        ),
      );
      const chainMismatch = await check();
      expectResult(chainMismatch, "failed", "IDENTITY_CHAIN_MISMATCH");
      expect(chainMismatch.message).to.include(
        `the DID document at https://example.edu/.well-known/did.json names registry ${REGISTRY} on ${BASE_SEPOLIA}`,
      );
      expectResult(await check({ registry: "0x" + "11".repeat(20) }), "failed", "IDENTITY_REGISTRY_MISMATCH");
    });

    it("fails on a document with another id, or one that is not JSON", async function () {
      web.routes.set(
        "example.edu/.well-known/did.json",
        didDocument("did:web:attacker.example", [registryService("x", `${SEPOLIA}:${REGISTRY}`)]),
      );
      const wrongId = await check();
      expectResult(wrongId, "failed", "IDENTITY_DID_DOCUMENT_INVALID");
      expect(wrongId.message).to.include("its id is did:web:attacker.example");
      web.routes.set("example.edu/.well-known/did.json", { body: "<html>hello</html>", contentType: "text/html" });
      const notJson = await check({}, { cache: createIdentityCache() });
      expectResult(notJson, "failed", "IDENTITY_DID_DOCUMENT_INVALID");
      expect(notJson.message).to.include(
        "https://example.edu/.well-known/did.json is not a usable DID document: it is not JSON",
      );
    });

    it("reads the document of a did:web issuer id with a path when the profile URL is that DID", async function () {
      const did = "did:web:example.edu:dept";
      web.routes.set("example.edu/dept/did.json", didDocument(did, [registryService(did, `${SEPOLIA}:${REGISTRY}`)]));
      const result = await check({ profileUrl: did, issuer: { id: did, name: "Department" } });
      expectResult(result, "passed", "IDENTITY_VERIFIED");
      expect(result.found.did).to.equal(did);
      expect(web.requests).to.deep.equal(["https://example.edu/dept/did.json"]);
    });

    it("does not let a path DID speak for the domain when the profile URL is the domain", async function () {
      const did = "did:web:example.edu:students:mallory";
      web.routes.set(
        "example.edu/students/mallory/did.json",
        didDocument(did, [registryService(did, `${SEPOLIA}:${REGISTRY}`)]),
      );
      const result = await check({ issuer: { id: did } });
      expectResult(result, "failed", "IDENTITY_DID_PATH_NOT_BOUND");
      expect(web.requests).to.deep.equal([]);
    });

    it("reads a did:web with a percent-encoded port from host:port", async function () {
      const did = "did:web:example.edu%3A8443";
      web.routes.set(
        "example.edu:8443/.well-known/did.json",
        didDocument(did, [registryService(did, `${SEPOLIA}:${REGISTRY}`)]),
      );
      expectResult(await check({ profileUrl: did, issuer: { id: did } }), "passed", "IDENTITY_VERIFIED");
      expect(web.requests).to.deep.equal(["https://example.edu:8443/.well-known/did.json"]);
    });

    it("is an error when the web server never answers, or answers 5xx or 403", async function () {
      web.routes.set("example.edu/.well-known/did.json", "HANG");
      // The SDK's timeoutMs bounds the DNS lookups as well: they are answered NXDOMAIN at once, as the
      // empty zone would, so that only the hanging fetch races HANG_MS.
      const nxdomain: IdentityLookupOptions["resolveTxt"] = (hostname) =>
        Promise.reject(Object.assign(new Error(`queryTxt ENOTFOUND ${hostname}`), { code: "ENOTFOUND", hostname }));
      const hung = await check({}, { timeoutMs: HANG_MS, resolveTxt: nxdomain });
      expectResult(hung, "error", "IDENTITY_LOOKUP_ERROR");
      expect(hung.message).to.include(
        `fetching https://example.edu/.well-known/did.json failed (no answer within ${HANG_MS} ms)`,
      );
      for (const status of [500, 503, 403]) {
        web.routes.set("example.edu/.well-known/did.json", { status, body: "nope" });
        const result = await check({}, { cache: createIdentityCache() });
        expectResult(result, "error", "IDENTITY_LOOKUP_ERROR");
        expect(result.message).to.include(`the server answered HTTP ${status}`);
      }
    });

    it("is an error when nothing listens", async function () {
      const result = await check(
        {},
        { fetch: (url, init) => globalThis.fetch(url.replace("https://example.edu", "http://127.0.0.1:1"), init) },
      );
      expectResult(result, "error", "IDENTITY_LOOKUP_ERROR");
      expect(result.message).to.include("fetch failed");
    });
  });

  describe("without DNS (browser)", function () {
    const browser = (overrides: IdentityLookupOptions = {}) => ({ ...overrides, resolveTxt: undefined });

    it("passes on did:web alone and reports DNS as skipped", async function () {
      web.routes.set(
        "example.edu/.well-known/did.json",
        didDocument("did:web:example.edu", [registryService("did:web:example.edu", `${SEPOLIA}:${REGISTRY}`)]),
      );
      const result = await check({}, browser());
      expectResult(result, "passed", "IDENTITY_VERIFIED");
      expect(result.methods.map((method) => [method.method, method.status, method.code])).to.deep.equal([
        ["dns", "skipped", "IDENTITY_DNS_UNAVAILABLE"],
        ["did:web", "passed", "IDENTITY_VERIFIED"],
      ]);
      expect(dns.queries).to.deep.equal([]);
    });

    it("is an error (issuer not confirmed), never a pass, when did:web does not bind the registry (a TXT record still could)", async function () {
      const result = await check({}, browser());
      expectResult(result, "error", "IDENTITY_DNS_UNAVAILABLE");
      expect(result.message).to.match(/^Issuer not confirmed: /);
      expect(result.message).to.include("https://example.edu/.well-known/did.json does not exist (HTTP 404)");
      expect(result.message).to.include("DNS lookups are not available here");
    });

    it("is an error when did:web cannot be fetched", async function () {
      web.routes.set("example.edu/.well-known/did.json", "HANG");
      expectResult(await check({}, browser({ timeoutMs: HANG_MS })), "error", "IDENTITY_LOOKUP_ERROR");
    });
  });

  describe("matching the credential and the registry profile to the domain", function () {
    beforeEach(function () {
      dns.zone.set("_credanchor.example.edu", [[record(SEPOLIA, REGISTRY)]]);
    });

    it("accepts issuer and profile on www., a did:web issuer id, a bare-host or did:web profile", async function () {
      expectResult(
        await check({ profileUrl: "https://www.example.edu/about", issuer: { url: "https://www.example.edu" } }),
        "passed",
        "IDENTITY_VERIFIED",
      );
      expectResult(
        await check({ profileUrl: "example.edu", issuer: "did:web:example.edu" }),
        "passed",
        "IDENTITY_VERIFIED",
      );
      expectResult(
        await check({ profileUrl: "did:web:example.edu", issuer: { id: "urn:uuid:1", url: "https://example.edu" } }),
        "passed",
        "IDENTITY_VERIFIED",
      );
    });

    it("fails, before any lookup, when the issuer names another domain", async function () {
      const result = await check({ issuer: { id: "https://example.edu", url: "https://evil.example" } });
      expectResult(result, "failed", "IDENTITY_ISSUER_DOMAIN_MISMATCH");
      expect(result.message).to.equal(
        `The credential's issuer.url is https://evil.example, which names evil.example, but registry ${REGISTRY} is bound to example.edu by its profile URL https://example.edu.`,
      );
      expect(dns.queries).to.deep.equal([]);
    });

    it("rejects a subdomain issuer by default and accepts it with allowSubdomains", async function () {
      const issuer = { url: "https://cs.example.edu" };
      expectResult(await check({ issuer }), "failed", "IDENTITY_ISSUER_DOMAIN_MISMATCH");
      expectResult(await check({ issuer }, { allowSubdomains: true }), "passed", "IDENTITY_VERIFIED");
    });

    it("fails when the issuer names no domain, or there is no issuer", async function () {
      const none = await check({ issuer: { id: "urn:uuid:2f0e4b56-9a36-4c3b-a4f6-0ac1e54c6c3b", name: "Example" } });
      expectResult(none, "failed", "IDENTITY_ISSUER_NO_DOMAIN");
      expect(none.message).to.include(
        "issuer.id is urn:uuid:2f0e4b56-9a36-4c3b-a4f6-0ac1e54c6c3b, issuer.url is missing",
      );
      expectResult(await check({ issuer: null }), "failed", "IDENTITY_ISSUER_NO_DOMAIN");
      expectResult(await check({ issuer: { id: "did:web:127.0.0.1" } }), "failed", "IDENTITY_ISSUER_INVALID");
    });

    it("fails when the registry's profile URL is empty, names no domain or another domain; errors when unknown", async function () {
      expectResult(await check({ profileUrl: "" }), "failed", "IDENTITY_NO_PROFILE_URL");
      expectResult(await check({ profileUrl: null }), "failed", "IDENTITY_NO_PROFILE_URL");
      expectResult(await check({ profileUrl: "Example University" }), "failed", "IDENTITY_PROFILE_URL_INVALID");
      const other = await check({ profileUrl: "https://evil.example" });
      expectResult(other, "failed", "IDENTITY_ISSUER_DOMAIN_MISMATCH");
      expect(other.found.domain).to.equal("evil.example");
      expectResult(
        await check({ domain: "example.edu", profileUrl: "https://evil.example" }),
        "failed",
        "IDENTITY_PROFILE_DOMAIN_MISMATCH",
      );
      expectResult(await check({ profileUrl: undefined }), "error", "IDENTITY_PROFILE_UNKNOWN");
      expect(dns.queries).to.deep.equal([]);
    });

    it("fails on a malformed chain or registry instead of throwing", async function () {
      expectResult(await check({ chain: "84532" }), "failed", "IDENTITY_INPUT_INVALID");
      expectResult(await check({ registry: "0x12" }), "failed", "IDENTITY_INPUT_INVALID");
    });
  });

  describe("createIdentityResolver", function () {
    it("answers the one-object form { issuer, chain, registry, profile } as well as (credential, context)", async function () {
      dns.zone.set("_credanchor.example.edu", [[record(SEPOLIA, REGISTRY)]]);
      const identityResolver = createIdentityResolver(options);
      const issuer = { id: "https://example.edu/issuer", url: "https://example.edu" };
      const profile = { name: "Example University", url: "https://example.edu" };
      expectResult(
        await identityResolver({ issuer, chain: SEPOLIA, registry: REGISTRY, profile }),
        "passed",
        "IDENTITY_VERIFIED",
      );
      const elsewhere = await identityResolver({ issuer, chain: BASE_SEPOLIA, registry: REGISTRY, profile });
      expectResult(elsewhere, "failed", "IDENTITY_CHAIN_MISMATCH");
      expect(elsewhere.message).to.include(
        `does not name registry ${REGISTRY} on ${BASE_SEPOLIA}, where this credential was anchored: the TXT record`,
      );
      expectResult(
        await identityResolver({ issuer }, { chain: SEPOLIA, registry: REGISTRY, profileUrl: "" }),
        "failed",
        "IDENTITY_NO_PROFILE_URL",
      );
      expectResult(
        await identityResolver({}, { chain: SEPOLIA, registry: REGISTRY, profileUrl: profile.url }),
        "failed",
        "IDENTITY_ISSUER_NO_DOMAIN",
      );
    });
  });

  describe("cache", function () {
    it("makes one DNS query for 300 credentials of one issuer checked at once", async function () {
      dns.zone.set("_credanchor.example.edu", [[record(SEPOLIA, REGISTRY)]]);
      const identityResolver = createIdentityResolver(options);
      const credential = { issuer: { id: "https://example.edu/issuer", url: "https://example.edu" } };
      const results = await Promise.all(
        Array.from({ length: 300 }, () =>
          identityResolver(credential, { chain: SEPOLIA, registry: REGISTRY, profileUrl: "https://example.edu" }),
        ),
      );
      expect(new Set(results.map((result) => result.status))).to.deep.equal(new Set(["passed"]));
      expect(dns.queries).to.deep.equal(["_credanchor.example.edu TXT"]);
      expect(web.requests).to.deep.equal([]);
    });

    it("makes one query per name and one did.json request for a did:web issuer, and caches a timeout", async function () {
      web.routes.set(
        "example.edu/.well-known/did.json",
        didDocument("did:web:example.edu", [registryService("did:web:example.edu", `${SEPOLIA}:${REGISTRY}`)]),
      );
      dns.zone.set("_credanchor.example.edu", "HANG");
      const identityResolver = createIdentityResolver({ ...options, ...hanging("_credanchor.example.edu") });
      const credential = { issuer: { id: "did:web:example.edu" } };
      for (let round = 0; round < 2; round++) {
        const results = await Promise.all(
          Array.from({ length: 100 }, () =>
            identityResolver(credential, { chain: SEPOLIA, registry: REGISTRY, profileUrl: "did:web:example.edu" }),
          ),
        );
        expect(new Set(results.map((result) => result.code))).to.deep.equal(new Set(["IDENTITY_VERIFIED"]));
      }
      expect(dns.queries.filter((query) => query === "_credanchor.example.edu TXT").length).to.be.within(1, 2); // c-ares may retry once
      expect(dns.queries.filter((query) => query === "example.edu TXT")).to.have.length(1);
      expect(web.requests).to.deep.equal(["https://example.edu/.well-known/did.json"]);
    });

    it("reads a registry's profile URL once through getProfileUrl, and errors with its reason when it fails", async function () {
      dns.zone.set("_credanchor.example.edu", [[record(SEPOLIA, REGISTRY)]]);
      const asked: string[] = [];
      const identityResolver = createIdentityResolver({
        ...options,
        getProfileUrl: async (chain, registry) => {
          asked.push(`${chain} ${registry}`);
          if (registry === OTHER_REGISTRY) throw new Error("RPC endpoint down");
          return "https://example.edu";
        },
      });
      const credential = { issuer: "https://example.edu" };
      const results = await Promise.all(
        Array.from({ length: 20 }, () => identityResolver(credential, { chain: SEPOLIA, registry: REGISTRY })),
      );
      expect(results.every((result) => result.status === "passed")).to.equal(true);
      expect(asked).to.deep.equal([`${SEPOLIA} ${REGISTRY}`]);
      const failed = await identityResolver(credential, { chain: SEPOLIA, registry: OTHER_REGISTRY });
      expectResult(failed, "error", "IDENTITY_PROFILE_UNKNOWN");
      expect(failed.message).to.include("RPC endpoint down");
    });
  });
});
