import { expect } from "chai";
import type { Address, Caip2ChainId } from "../../types";
import { LOCAL_DEVELOPMENT_CHAIN, type CheckResult, type IdentityResolver } from "../types";
import type { RegistryData } from "./chainState";
import { identityNotChecked, issuerResult, normalizeIdentifier, type ProfileMatch } from "./issuer";

const chain = "eip155:11155111" as Caip2ChainId;
const address = "0x00000000000000000000000000000000000000aa" as Address;

function registry(profile: RegistryData["profile"]): Pick<RegistryData, "address" | "profile"> {
  return { address, profile };
}

function asResult(value: CheckResult | ProfileMatch): CheckResult {
  if ("resolve" in value) throw new Error(`expected a check result, got a profile match: ${value.matched}`);
  return value;
}

function asMatch(value: CheckResult | ProfileMatch): ProfileMatch {
  if (!("resolve" in value)) throw new Error(`expected a profile match, got ${value.code}: ${value.message}`);
  return value;
}

describe("issuer check (pure)", function () {
  const profile = { name: "Example University", url: "https://example.edu" };

  it("is an RPC error when the profile was not read", function () {
    const result = asResult(issuerResult("https://example.edu", chain, registry(undefined)));
    expect(result).to.deep.equal({
      check: "issuer",
      status: "error",
      code: "RPC_ERROR",
      message: "The registry's profile was not read.",
    });
  });

  it("is an RPC error naming the chain when reading the profile failed", function () {
    const result = asResult(
      issuerResult("https://example.edu", chain, registry({ error: new Error("socket hang up") })),
    );
    expect(result.status).to.equal("error");
    expect(result.code).to.equal("RPC_ERROR");
    expect(result.message).to.equal(`Reading ${chain} failed unexpectedly: socket hang up`);
    expect(result.details).to.deep.equal({ chain });
  });

  it("is an RPC error with the reason when the registry did not answer the profile", function () {
    const result = asResult(
      issuerResult("https://example.edu", chain, registry({ found: false, reason: "no contract code" })),
    );
    expect(result).to.include({ status: "error", code: "RPC_ERROR" });
    expect(result.message).to.equal("The registry's profile could not be read: no contract code.");
  });

  it("fails ISSUER_PROFILE_EMPTY when the profile has no URL", function () {
    const result = asResult(
      issuerResult("https://example.edu", chain, registry({ found: true, value: { name: "X", url: "  " } })),
    );
    expect(result).to.include({ status: "failed", code: "ISSUER_PROFILE_EMPTY" });
    expect(result.message).to.contain(address);
    expect(result.details).to.deep.equal({ profileName: "X", profileUrl: "  ", issuer: ["https://example.edu"] });
  });

  it("fails ISSUER_PROFILE_MISMATCH when no issuer claim names the profile URL", function () {
    const result = asResult(
      issuerResult(
        { id: "https://copycat.edu", url: "https://copycat.edu/" },
        chain,
        registry({ found: true, value: profile }),
      ),
    );
    expect(result).to.include({ status: "failed", code: "ISSUER_PROFILE_MISMATCH" });
    expect(result.message).to.equal(
      "The registry's on-chain profile names https://example.edu, but the credential's issuer is https://copycat.edu/ / https://copycat.edu.",
    );
    expect(result.details).to.deep.equal({
      profileName: profile.name,
      profileUrl: profile.url,
      issuer: ["https://copycat.edu/", "https://copycat.edu"],
    });
  });

  it("says 'not named' when the issuer has neither id nor url", function () {
    const result = asResult(issuerResult({ name: "Nobody" }, chain, registry({ found: true, value: profile })));
    expect(result.code).to.equal("ISSUER_PROFILE_MISMATCH");
    expect(result.message).to.match(/the credential's issuer is not named\.$/);
  });

  it("returns a profile match (to be judged by the identity resolver) when the issuer's id matches", function () {
    const match = asMatch(
      issuerResult({ id: "HTTPS://Example.EDU/" }, chain, registry({ found: true, value: profile })),
    );
    expect(match.profile).to.deep.equal(profile);
    expect(match.matched).to.equal(
      "The registry's on-chain profile names https://example.edu (Example University), as the credential's issuer does.",
    );
    expect(match.details).to.deep.equal({
      profileName: profile.name,
      profileUrl: profile.url,
      issuer: ["HTTPS://Example.EDU/"],
    });
  });

  describe("identityNotChecked", function () {
    const match = asMatch(issuerResult("https://example.edu", chain, registry({ found: true, value: profile })));
    const resolver: IdentityResolver = async () => ({ status: "passed", code: "IDENTITY_VERIFIED", message: "ok" });

    it("skips on the local development chain unless identity is on", function () {
      const result = identityNotChecked(LOCAL_DEVELOPMENT_CHAIN, match, {
        identity: "auto",
        identityResolver: resolver,
      });
      expect(result).to.include({ status: "skipped", code: "ISSUER_NOT_CHECKED_LOCAL_CHAIN" });
      expect(result!.details).to.deep.include({ identity: { checked: false, reason: "local-chain" } });
      expect(
        identityNotChecked(LOCAL_DEVELOPMENT_CHAIN, match, { identity: "on", identityResolver: resolver }),
      ).to.equal(undefined);
    });

    it("skips when the caller turned the binding off", function () {
      const result = identityNotChecked(chain, match, { identity: "off", identityResolver: resolver });
      expect(result).to.include({ status: "skipped", code: "ISSUER_NOT_CHECKED_BY_REQUEST" });
      expect(result!.details).to.deep.include({ identity: { checked: false, reason: "disabled" } });
    });

    it("skips when no resolver was given", function () {
      const result = identityNotChecked(chain, match, { identity: "auto" });
      expect(result).to.include({ status: "skipped", code: "ISSUER_NOT_CHECKED_NO_RESOLVER" });
      expect(result!.details).to.deep.include({ identity: { checked: false, reason: "no-resolver" } });
    });

    it("is undefined (ask the resolver) off the local chain with a resolver", function () {
      expect(identityNotChecked(chain, match, { identity: "auto", identityResolver: resolver })).to.equal(undefined);
    });
  });

  it("normalizes http(s) identifiers and leaves DIDs exact", function () {
    expect(normalizeIdentifier("https://example.edu:443/badges/")).to.equal("https://example.edu/badges");
    expect(normalizeIdentifier(" did:web:example.edu ")).to.equal("did:web:example.edu");
  });

  it("gives the same answers when asked again, also after more identifiers than it remembers", function () {
    const identifiers = Array.from({ length: 600 }, (_, i) =>
      i % 3 === 0
        ? `HTTPS://Host${i}.example:443/p/`
        : i % 3 === 1
          ? `did:web:host${i}.example`
          : `https:host${i}.example`,
    );
    const expected = identifiers.map((identifier, i) =>
      i % 3 === 0 ? `https://host${i}.example/p` : i % 3 === 1 ? identifier : `https://host${i}.example`,
    );
    for (let round = 0; round < 2; round++) {
      expect(identifiers.map((identifier) => normalizeIdentifier(identifier))).to.deep.equal(expected);
      expect([...identifiers].reverse().map((identifier) => normalizeIdentifier(identifier))).to.deep.equal(
        [...expected].reverse(),
      );
    }
  });
});
