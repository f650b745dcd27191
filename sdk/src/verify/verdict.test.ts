import { expect } from "chai";
import { createReadTransport } from "../chain/transport/createReadTransport";
import { VerifyOptionsError } from "../errors/verify";
import { defaultMinConfirmations } from "./defaultMinConfirmations";
import { normalizeIdentifier } from "./checks/issuer";
import { CHECK_NAMES, type CheckResult } from "./types";
import { checkResult, copyCheck, overallStatus, toVerificationResult } from "./verdict";
import { verifyCredentials } from "./verifyCredentials";

describe("verdict", function () {
  const passed = checkResult("format", "passed", "FORMAT_OK", "ok");
  const failed = checkResult("revocation", "failed", "REVOCATION_CREDENTIAL_REVOKED", "revoked");
  const errored = checkResult("anchor", "error", "RPC_UNAVAILABLE", "down");
  const skipped = checkResult("finality", "skipped", "SKIPPED_DEPENDENCY", "not checked");

  it("is invalid when any check failed, even next to an error", function () {
    expect(overallStatus([passed, errored, failed, skipped] as CheckResult[])).to.equal("invalid");
  });

  it("is error when a check could not be decided and none failed", function () {
    expect(overallStatus([passed, errored, skipped])).to.equal("error");
  });

  it("is valid when every check passed, or was skipped on the local development chain's issuer skip", function () {
    const local = checkResult("issuer", "skipped", "ISSUER_NOT_CHECKED_LOCAL_CHAIN", "local chain");
    expect(overallStatus([passed, local])).to.equal("valid");
  });

  it("is never valid with any other skip: a skipped check is not a pass (issue 12)", function () {
    expect(overallStatus([passed, skipped])).to.equal("error");
    for (const code of ["ISSUER_NOT_CHECKED_BY_REQUEST", "ISSUER_NOT_CHECKED_NO_RESOLVER"] as const) {
      expect(overallStatus([passed, checkResult("issuer", "skipped", code, "not checked")]), code).to.equal("error");
    }
  });

  it("parses an http(s) URL without slashes as WHATWG URL does (https:example.edu is https://example.edu/)", function () {
    expect(normalizeIdentifier("https:victim.edu")).to.equal(normalizeIdentifier("https://victim.edu"));
    expect(normalizeIdentifier("HTTPS:victim.edu/x/")).to.equal("https://victim.edu/x");
  });

  it("compares issuer URLs by scheme, host and path, ignoring case of the host and a trailing slash", function () {
    expect(normalizeIdentifier("HTTPS://Example.EDU/")).to.equal(normalizeIdentifier("https://example.edu"));
    expect(normalizeIdentifier("https://example.edu:443/badges/")).to.equal("https://example.edu/badges");
    expect(normalizeIdentifier("https://example.edu/a")).to.not.equal(normalizeIdentifier("https://example.edu/b"));
    expect(normalizeIdentifier(" did:web:example.edu ")).to.equal("did:web:example.edu");
  });

  it("requires 1 confirmation on Hardhat and more on public chains", function () {
    expect(defaultMinConfirmations(31337)).to.equal(1);
    expect(defaultMinConfirmations(11155111)).to.equal(12);
    expect(defaultMinConfirmations(84532)).to.equal(10);
    expect(defaultMinConfirmations(421614)).to.equal(20);
    expect(defaultMinConfirmations(80002)).to.equal(32);
    expect(defaultMinConfirmations(999_999)).to.equal(12);
  });

  it("names the issuer only with an id, name or url that is a string", function () {
    const issuerOf = (issuer: unknown) =>
      toVerificationResult({ index: 0, checks: {}, started: 0, credential: { issuer } }).issuer;
    expect(issuerOf({ id: 7, name: null })).to.equal(undefined);
    expect(issuerOf({})).to.equal(undefined);
    expect(issuerOf({ name: "Example University", id: 7 })).to.deep.equal({ name: "Example University" });
    expect(issuerOf("did:web:example.edu")).to.deep.equal({ id: "did:web:example.edu" });
  });

  it("words each valid summary from its own achievement, issuer, domain, holder and chain, whatever came before", function () {
    const every = (skip?: CheckResult, issuerPassed?: CheckResult) =>
      Object.fromEntries(
        CHECK_NAMES.map((name) => [
          name,
          name === "issuer" && (skip ?? issuerPassed)
            ? (skip ?? issuerPassed)!
            : checkResult(name, "passed", "FORMAT_OK", "ok"),
        ]),
      );
    const local = checkResult("issuer", "skipped", "ISSUER_NOT_CHECKED_LOCAL_CHAIN", "local chain");
    const confirmed = checkResult("issuer", "passed", "IDENTITY_VERIFIED", "ok", {
      identity: { domain: "example.edu" },
    });
    const summary = (achievement: string | undefined, issuer: unknown, name: string | undefined, checks = every()) =>
      toVerificationResult({
        index: 0,
        checks,
        started: 0,
        credential: { issuer, credentialSubject: { name, achievement: achievement && { name: achievement } } },
      }).summary;
    // Alternated, so that a summary remembered for the class before would show.
    for (let round = 0; round < 2; round++) {
      expect(summary("Data Analytics", "https://a.example", "Ada")).to.equal(
        'Valid: "Data Analytics" issued by https://a.example to Ada; all checks passed.',
      );
      expect(summary("Data Analytics", "https://a.example", "Grace")).to.equal(
        'Valid: "Data Analytics" issued by https://a.example to Grace; all checks passed.',
      );
      expect(summary("Statistics", "https://a.example", "Ada")).to.equal(
        'Valid: "Statistics" issued by https://a.example to Ada; all checks passed.',
      );
      expect(summary("Statistics", { id: "https://b.example", name: "B University" }, undefined)).to.equal(
        'Valid: "Statistics" issued by B University; all checks passed.',
      );
      expect(summary(undefined, undefined, "Ada")).to.equal("Valid: The credential to Ada; all checks passed.");
      expect(summary("Statistics", "https://a.example", "Ada", every(local))).to.equal(
        'Valid on a local development chain, issuer not checked: "Statistics" issued by https://a.example to Ada; no domain can confirm an issuer on eip155:31337.',
      );
      expect(summary("Statistics", "https://a.example", "Ada", every(undefined, confirmed))).to.equal(
        'Valid: "Statistics" issued by https://a.example (example.edu) to Ada; all checks passed.',
      );
    }
    const checks = every();
    checks.revocation = checkResult("revocation", "failed", "REVOCATION_CREDENTIAL_REVOKED", "Revoked.");
    checks.anchor = checkResult("anchor", "failed", "ANCHOR_ROOT_NOT_FOUND", "Not anchored.");
    expect(summary("Statistics", "https://a.example", "Ada", checks)).to.equal(
      "Invalid: Not anchored. (and 1 more failed check)",
    );
    const notRun = every();
    delete notRun.finality;
    const result = toVerificationResult({ index: 0, checks: notRun, started: 0 });
    expect(result.status).to.equal("error");
    expect(result.checks[4]).to.deep.include({ check: "finality", status: "error", code: "INTERNAL" });
    expect(result.summary).to.equal(
      "Could not be verified: This check did not run (a fault of the verifier, please report it).",
    );
  });

  it("numbers a result firstIndex + its work's index, the rest unchanged (a slice's works are numbered within it)", function () {
    const work = { index: 3, checks: {}, started: 0, credential: { issuer: "did:web:a.example" } };
    const inSlice = toVerificationResult(work);
    const inRun = toVerificationResult(work, 20_000);
    expect(inSlice.index).to.equal(3);
    expect(inRun.index).to.equal(20_003);
    expect({ ...inRun, index: 3 }).to.deep.equal(inSlice);
    expect(JSON.stringify(Object.keys(inRun))).to.equal(JSON.stringify(Object.keys(inSlice)));
  });

  it("copies a check result with every object in it its own, members in the same order", function () {
    const result = checkResult("issuer", "skipped", "ISSUER_NOT_CHECKED_LOCAL_CHAIN", "local", {
      profileName: "Example University",
      issuer: ["https://www.example.edu", "https://credentials.example.edu"],
      identity: { checked: false, reason: "local-chain", nested: [{ deep: 1 }] },
      count: 2,
      none: null,
    });
    const copy = copyCheck(result);
    expect(copy).to.deep.equal(result);
    expect(JSON.stringify(copy)).to.equal(JSON.stringify(result));
    const objects = (value: unknown): unknown[] =>
      typeof value === "object" && value !== null ? [value, ...Object.values(value).flatMap(objects)] : [];
    const originals = new Set(objects(result));
    expect(objects(copy).filter((object) => originals.has(object))).to.deep.equal([]);
  });

  it("refuses unusable options before doing anything", async function () {
    const attempts: [Parameters<typeof verifyCredentials>[1], string][] = [
      [{ now: "yesterday" }, "now must be a date, got yesterday"],
      [{ minConfirmations: 0 }, "minConfirmations must be a whole number >= 1, got 0"],
      [{ minConfirmations: { "eip155:1": 1.5 } }, "minConfirmations for eip155:1 must be a whole number >= 1, got 1.5"],
      [{ statusChunkSize: 0 }, "statusChunkSize must be a whole number >= 1, got 0"],
      [
        { rpc: { "eip155:1": createReadTransport({ chain: "eip155:5", endpoints: ["http://127.0.0.1:1"] }) } },
        "the transport given for eip155:1 reads eip155:5",
      ],
      [{ rpc: { ["mainnet" as "eip155:1"]: "http://127.0.0.1:1" } }, '"mainnet" is not a CAIP-2 EVM chain id'],
      [{ rpc: { "eip155:1": { endpoints: [] } } }, "no RPC endpoint given for eip155:1"],
    ];
    for (const [options, message] of attempts) {
      const error = await verifyCredentials([], options).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(VerifyOptionsError);
      expect((error as VerifyOptionsError).shortMessage).to.equal(message);
    }
  });
});
