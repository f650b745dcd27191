/**
 * `checkIdentity` (what `credanchor identity check --domain D` runs) and the round trip: what
 * `identityRecords` prints, once published in a real DNS server and web server, passes.
 */
import { expect } from "chai";
import { IdentityInputError } from "../../../sdk/src/errors/identity";
import { checkIdentity as checkIdentityBrowser } from "../../../sdk/src/identity/checkIdentity";
import { identityRecords } from "../../../sdk/src/identity/identityRecords";
import { checkIdentity } from "../../../sdk/src/identity/nodeDefaults";
import {
  startDnsServer,
  startHttpServer,
  type TestDnsServer,
  type TestHttpServer,
} from "../../helpers/identityServers";

/**
 * Every lookup here is answered by the in-process servers: the timeout only ends a hang, so it is far
 * above any stall of a loaded machine (300 ms once: a stalled worker runs the due timer before it reads
 * the answer that arrived meanwhile).
 */
const TIMEOUT_MS = 10_000;
const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const CHAIN = "eip155:11155111";

describe("checkIdentity", function () {
  let dns: TestDnsServer;
  let web: TestHttpServer;

  beforeEach(async function () {
    dns = await startDnsServer();
    web = await startHttpServer();
  });

  afterEach(async function () {
    await dns.close();
    await web.close();
  });

  const options = () => ({ resolveTxt: dns.resolveTxt(TIMEOUT_MS), fetch: web.fetch, timeoutMs: TIMEOUT_MS });

  it("passes both methods once the printed records are published, and reports each", async function () {
    const records = identityRecords({ domain: "example.edu", chain: CHAIN, registry: REGISTRY });
    dns.zone.set(records.txt.name, [[records.txt.value]]);
    web.routes.set("example.edu/.well-known/did.json", { json: records.didWeb.document });
    const report = await checkIdentity(
      { domain: "example.edu", chain: CHAIN, registry: REGISTRY, profileUrl: records.profileUrl },
      options(),
    );
    expect(report.status).to.equal("passed");
    expect(report.methods.map((method) => [method.method, method.status])).to.deep.equal([
      ["dns", "passed"],
      ["did:web", "passed"],
    ]);
    expect(report.profile).to.deep.equal({
      status: "passed",
      message: "The registry's profile URL https://example.edu names example.edu.",
    });
    expect(report.records).to.deep.equal(records);
    expect(web.requests).to.deep.equal(["https://example.edu/.well-known/did.json"]);
  });

  it("round-trips a path DID: the printed document and profile URL pass", async function () {
    const records = identityRecords({
      domain: "example.edu",
      chain: CHAIN,
      registry: REGISTRY,
      did: "did:web:example.edu:dept",
    });
    web.routes.set("example.edu/dept/did.json", { json: records.didWeb.document });
    const report = await checkIdentity(
      {
        domain: "example.edu",
        chain: CHAIN,
        registry: REGISTRY,
        did: records.didWeb.did,
        profileUrl: records.profileUrl,
      },
      options(),
    );
    expect(report.status).to.equal("passed");
    expect(report.methods.map((method) => [method.method, method.status])).to.deep.equal([
      ["dns", "failed"],
      ["did:web", "passed"],
    ]);
  });

  it("fails when the records are fine but the registry's profile URL names another domain", async function () {
    dns.zone.set("_credanchor.example.edu", [
      [identityRecords({ domain: "example.edu", chain: CHAIN, registry: REGISTRY }).txt.value],
    ]);
    const report = await checkIdentity(
      { domain: "example.edu", chain: CHAIN, registry: REGISTRY, profileUrl: "https://example.com" },
      options(),
    );
    expect(report.status).to.equal("failed");
    expect(report.code).to.equal("IDENTITY_PROFILE_DOMAIN_MISMATCH");
    expect(report.profile.status).to.equal("failed");
    expect(report.message).to.match(
      /^The registry's profile URL https:\/\/example\.com names example\.com, not example\.edu; set it to https:\/\/example\.edu\. /,
    );
    expect(report.methods[0].status).to.equal("passed");
  });

  it("reports what is missing by each method when nothing is published", async function () {
    const report = await checkIdentity({ domain: "example.edu", chain: CHAIN, registry: REGISTRY }, options());
    expect(report.status).to.equal("failed");
    expect(report.code).to.equal("IDENTITY_NOT_PUBLISHED");
    expect(report.profile.status).to.equal("skipped");
    expect(report.methods.map((method) => method.message)).to.deep.equal([
      "neither _credanchor.example.edu nor example.edu has a credanchor TXT record",
      "https://example.edu/.well-known/did.json does not exist (HTTP 404)",
    ]);
  });

  it("skips DNS in its browser-safe form when no resolver is given", async function () {
    const report = await checkIdentityBrowser(
      { domain: "example.edu", chain: CHAIN, registry: REGISTRY },
      { fetch: web.fetch, timeoutMs: TIMEOUT_MS },
    );
    expect(report.status).to.equal("error"); // not confirmed: a TXT record could still bind it
    expect(report.methods[0]).to.deep.include({ method: "dns", status: "skipped", code: "IDENTITY_DNS_UNAVAILABLE" });
    expect(dns.queries).to.deep.equal([]);
  });

  it("throws IdentityInputError for an unusable domain, before any lookup", async function () {
    let thrown: unknown;
    try {
      await checkIdentity({ domain: "https://example.edu/", chain: CHAIN, registry: REGISTRY }, options());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(IdentityInputError);
    expect((thrown as IdentityInputError).field).to.equal("domain");
    expect((thrown as IdentityInputError).code).to.equal("IDENTITY_INPUT_INVALID");
    expect(dns.queries).to.deep.equal([]);
  });
});
