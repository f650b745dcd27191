/**
 * The resolver `verify` gives the SDK (which decides which chains are looked up: test/sdk/identity/
 * copycat.identity.test.ts), reading the issuer check's code, and the flag parsers, in process, against a real DNS server on loopback (npm dns2).
 */
import { expect } from "chai";
import { startDnsServer, type TestDnsServer } from "../../test/helpers/identityServers";
import type { Address, Caip2ChainId } from "../../sdk/src/types";
import type { CheckResult, IdentityResolverInput } from "../../sdk/src/verify/types";
import { UsageError } from "../errors";
import { identityNotChecked, parseDnsServers, parseIdentityMethods, verifyIdentityResolver } from "./identityLookup";

const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address;
const input = (chain: string): IdentityResolverInput => ({
  issuer: { id: "https://example.test", url: "https://example.test", name: "Example" },
  chain: chain as Caip2ChainId,
  registry: REGISTRY,
  profile: { name: "Example", url: "https://example.test" },
});

describe("cli/lib/identityLookup", function () {
  let dns: TestDnsServer;
  let server: string;
  before(async function () {
    dns = await startDnsServer();
    server = `127.0.0.1:${dns.port}`;
  });
  after(async function () {
    await dns.close();
  });
  beforeEach(function () {
    dns.zone.clear();
    dns.queries.length = 0;
  });

  describe("verifyIdentityResolver", function () {
    it("looks up the binding on the server given, and passes it with the confirmed domain", async function () {
      dns.zone.set("_credanchor.example.test", [[`credanchor=v1; chain=eip155:11155111; registry=${REGISTRY}`]]);
      const resolve = verifyIdentityResolver({ dnsServers: [server], methods: ["dns"] });
      const sepolia = await resolve(input("eip155:11155111"));
      expect(sepolia).to.include({ status: "passed", code: "IDENTITY_VERIFIED", domain: "example.test" });
      expect(dns.queries).to.deep.equal(["_credanchor.example.test TXT"]);
    });

    it("a public chain whose domain names another chain fails", async function () {
      dns.zone.set("_credanchor.example.test", [[`credanchor=v1; chain=eip155:84532; registry=${REGISTRY}`]]);
      const resolve = verifyIdentityResolver({ dnsServers: [server], methods: ["dns"] });
      const result = await resolve(input("eip155:11155111"));
      expect(result).to.include({ status: "failed", code: "IDENTITY_CHAIN_MISMATCH" });
      expect(result.message).to.include(`names registry ${REGISTRY} on eip155:84532`);
    });

    it("asked about the local chain (the SDK asks only with identity: on), it looks it up", async function () {
      const resolve = verifyIdentityResolver({ dnsServers: [server], methods: ["dns"] });
      const result = await resolve(input("eip155:31337"));
      expect(result).to.include({ status: "failed", code: "IDENTITY_NOT_PUBLISHED" });
      expect(dns.queries).to.deep.equal(["_credanchor.example.test TXT", "example.test TXT"]);
    });
  });

  it("identityNotChecked reads the issuer check's code", function () {
    const issuer = (code: CheckResult["code"], status: CheckResult["status"]): CheckResult => ({
      check: "issuer",
      status,
      code,
      message: "m",
    });
    expect(identityNotChecked(undefined)).to.equal(undefined);
    expect(identityNotChecked(issuer("IDENTITY_VERIFIED", "passed"))).to.equal(undefined);
    expect(identityNotChecked(issuer("ISSUER_NOT_CHECKED_LOCAL_CHAIN", "skipped"))).to.equal("local-chain");
    expect(identityNotChecked(issuer("ISSUER_NOT_CHECKED_BY_REQUEST", "skipped"))).to.equal("disabled");
    expect(identityNotChecked(issuer("ISSUER_NOT_CHECKED_NO_RESOLVER", "skipped"))).to.equal(undefined);
  });

  it("parseDnsServers takes IPv4 and IPv6 addresses with an optional port, and refuses the rest", function () {
    expect(parseDnsServers(["1.1.1.1", "127.0.0.1:5353", "::1", "[::1]:5353", " 9.9.9.9 "])).to.deep.equal([
      "1.1.1.1",
      "127.0.0.1:5353",
      "::1",
      "[::1]:5353",
      "9.9.9.9",
    ]);
    for (const bad of ["dns.example", "127.0.0.1:0", "127.0.0.1:70000", "1.2.3", "[::1]:x", ""]) {
      expect(() => parseDnsServers([bad]), bad)
        .to.throw(UsageError)
        .with.property("shortMessage", `--dns-server '${bad}' is not IP[:PORT]`);
    }
  });

  it("parseIdentityMethods keeps DNS first and refuses unknown methods", function () {
    expect(parseIdentityMethods([], "--method")).to.equal(undefined);
    expect(parseIdentityMethods(["did:web", "DNS", "dns"], "--method")).to.deep.equal(["dns", "did:web"]);
    expect(() => parseIdentityMethods(["https"], "--identity-method"))
      .to.throw(UsageError)
      .with.property("shortMessage", "--identity-method 'https' is not an identity method");
  });
});
