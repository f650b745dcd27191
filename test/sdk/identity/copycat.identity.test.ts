/**
 * Issue 12 item 2: the copycat registry. An attacker deploys a registry with the issuer's name and
 * URL, anchors the issuer's root there, and edits the credential's anchor record (outside the digest)
 * to name it. The registry's profile matches the issuer, the root is anchored, nothing is revoked:
 * only the domain binding tells the two registries apart. When that binding is not confirmed (DNS
 * unavailable, did.json missing, or a did.json naming the real registry) the verdict is never
 * `valid`. The chain is served under a public chain id (424242) by a proxy of the in-process
 * Hardhat network, since eip155:31337 is the local development chain where no identity is checked.
 */
import { expect } from "chai";
import { network } from "hardhat";
import type { Eip1193Provider } from "../../../sdk/src/chain/transport/types";
import { createIdentityResolver } from "../../../sdk/src/identity/createIdentityResolver";
import type { FetchLike } from "../../../sdk/src/identity/types";
import type { Address, AnchorRecord, Caip2ChainId } from "../../../sdk/src/types";
import type { IdentityResolver, VerifyOptions } from "../../../sdk/src/verify/types";
import { verifyCredentials } from "../../../sdk/src/verify/verifyCredentials";
import {
  anchorTestRoot,
  buildTestBatch,
  deployTestRegistry,
  testChain,
  withAnchor,
  writeRegistry,
  type TestChain,
  type TestCredential,
} from "../../helpers/verifyFixtures";
import { check } from "../../helpers/checks";

const PUBLIC_CHAIN = "eip155:424242" as Caip2ChainId;
const ISSUER = "https://university.example";
const DID_URL = "https://university.example/.well-known/did.json";
const NOW = "2027-01-01T00:00:00Z";

/** The in-process network, answering eth_chainId as chain 424242. */
function asPublicChain(provider: Eip1193Provider): Eip1193Provider {
  return {
    request: (args: { method: string; params?: unknown }) =>
      args.method === "eth_chainId" ? Promise.resolve("0x67932") : provider.request(args as never),
  } as Eip1193Provider;
}

/** A fetch that serves one did.json (or a 404 when `registries` is undefined). */
function didFetch(registries: Address[] | undefined, chain: string = PUBLIC_CHAIN): FetchLike {
  return async (url) => {
    if (url !== DID_URL || registries === undefined) return { status: 404, text: async () => "not found" };
    const document = {
      id: "did:web:university.example",
      alsoKnownAs: registries.map((registry) => `${chain}:${registry}`),
    };
    return { status: 200, text: async () => JSON.stringify(document) };
  };
}

describe("the copycat registry (issue 12 item 2): an issuer check that did not pass never yields valid", function () {
  let chain: TestChain;
  let publicProvider: Eip1193Provider;
  let provider: Eip1193Provider;
  let registry: Address;
  let copycat: Address;
  let genuine: TestCredential;
  let localGenuine: TestCredential;
  let forged: TestCredential;

  const verify = (inputs: unknown[], options: Partial<VerifyOptions> = {}) =>
    verifyCredentials(inputs, {
      rpc: { [PUBLIC_CHAIN]: publicProvider, "eip155:31337": provider },
      minConfirmations: 1,
      now: NOW,
      ...options,
    });
  /** The browser-safe resolver: no DNS here, did:web through `fetch`. */
  const browserResolver = (fetch: FetchLike) => createIdentityResolver({ fetch }) as unknown as IdentityResolver;

  before(async function () {
    provider = network.provider as unknown as Eip1193Provider;
    publicProvider = asPublicChain(provider);
    chain = testChain(provider);
    registry = await deployTestRegistry(chain, { name: "Example University", url: ISSUER });
    const batch = await buildTestBatch(2, { issuerUrl: ISSUER });
    const anchor = await anchorTestRoot(chain, registry, batch.root, 2);
    await writeRegistry(chain, registry, "revoke", batch.root, [1]);
    const onPublic: AnchorRecord = { ...anchor, chain: PUBLIC_CHAIN };
    genuine = withAnchor(batch.credentials[0], onPublic);
    localGenuine = withAnchor(batch.credentials[0], anchor);
    // The attacker: same name and URL, the same root anchored, the revoked credential re-pointed.
    copycat = await deployTestRegistry(chain, { name: "Example University", url: ISSUER });
    const copy = await anchorTestRoot(chain, copycat, batch.root, 2);
    forged = withAnchor(batch.credentials[1], { ...copy, chain: PUBLIC_CHAIN });
  });

  it("the genuine credential is valid when the did.json names its registry, and names the confirmed domain", async function () {
    const [result] = await verify([genuine], { identityResolver: browserResolver(didFetch([registry])) });
    expect(result.status, result.summary).to.equal("valid");
    expect(check(result, "issuer")).to.deep.include({ status: "passed", code: "IDENTITY_VERIFIED" });
    expect(result.issuer?.domain).to.equal("university.example");
    expect(result.summary).to.match(/^Valid: .* issued by Example University \(university\.example\) to /);
    expect(result.localChain).to.equal(undefined);
  });

  it("DNS unavailable and did.json 404: the copycat is `error` (issuer not confirmed), not valid", async function () {
    const [result] = await verify([forged], { identityResolver: browserResolver(didFetch(undefined)) });
    expect(check(result, "revocation").status).to.equal("passed"); // the copycat never revoked it
    expect(result.status, result.summary).to.equal("error");
    expect(check(result, "issuer")).to.deep.include({ status: "error", code: "IDENTITY_DNS_UNAVAILABLE" });
    expect(result.summary).to.match(/^Could not be verified: .*issuer not confirmed/i);
    expect(result.issuer?.domain).to.equal(undefined);
  });

  it("DNS unavailable and a did.json naming the real registry: the copycat is invalid", async function () {
    const [result] = await verify([forged], { identityResolver: browserResolver(didFetch([registry])) });
    expect(result.status, result.summary).to.equal("invalid");
    expect(check(result, "issuer")).to.deep.include({ status: "failed", code: "IDENTITY_REGISTRY_MISMATCH" });
    expect(check(result, "issuer").message).to.include(copycat).and.to.include(registry);
  });

  it("DNS failing (SERVFAIL) and a did.json naming the real registry: the copycat is invalid", async function () {
    const identityResolver = createIdentityResolver({
      fetch: didFetch([registry]),
      resolveTxt: async () => {
        throw Object.assign(new Error("queryTxt ESERVFAIL"), { code: "ESERVFAIL" });
      },
    }) as unknown as IdentityResolver;
    const [result] = await verify([forged], { identityResolver });
    expect(result.status, result.summary).to.equal("invalid");
    expect(check(result, "issuer")).to.deep.include({ status: "failed", code: "IDENTITY_REGISTRY_MISMATCH" });
  });

  it("a resolver that answers `skipped` on a public chain gives `error`, never valid", async function () {
    const identityResolver: IdentityResolver = async () => ({
      status: "skipped",
      code: "IDENTITY_NO_METHOD",
      message: "Nothing was checked.",
    });
    const [result] = await verify([forged], { identityResolver });
    expect(result.status, result.summary).to.equal("error");
    expect(check(result, "issuer").status).to.equal("error");
  });

  it("a resolver answering an unknown code, or `passed` without IDENTITY_VERIFIED, is not trusted", async function () {
    for (const answer of [
      { status: "passed" as const, code: "MY_OK", message: "Fine." },
      { status: "passed" as const, code: "IDENTITY_NOT_PUBLISHED", message: "Fine." },
      { status: "failed" as const, code: "IDENTITY_VERIFIED", message: "Fine." },
    ]) {
      const [result] = await verify([forged], { identityResolver: async () => answer });
      expect(result.status, JSON.stringify(answer)).to.equal("error");
      expect(check(result, "issuer")).to.deep.include({ status: "error", code: "ISSUER_IDENTITY_ERROR" });
      expect(check(result, "issuer").message).to.include(answer.code);
    }
  });

  it("no identity resolver on a public chain: skipped ISSUER_NOT_CHECKED_NO_RESOLVER, verdict `error`", async function () {
    const [result] = await verify([forged]);
    expect(result.status, result.summary).to.equal("error");
    expect(check(result, "issuer")).to.deep.include({ status: "skipped", code: "ISSUER_NOT_CHECKED_NO_RESOLVER" });
  });

  it("identity: 'off' on a public chain: `error` ISSUER_NOT_CHECKED_BY_REQUEST, and the resolver is not asked", async function () {
    let asked = 0;
    const identityResolver: IdentityResolver = async () => {
      asked++;
      return { status: "passed", code: "IDENTITY_VERIFIED", message: "Bound." };
    };
    const [result] = await verify([genuine], { identity: "off", identityResolver });
    expect(asked).to.equal(0);
    expect(result.status, result.summary).to.equal("error");
    expect(check(result, "issuer")).to.deep.include({ status: "skipped", code: "ISSUER_NOT_CHECKED_BY_REQUEST" });
  });

  it("the local development chain: valid, localChain, and the summary says the issuer was not checked", async function () {
    let asked = 0;
    const identityResolver: IdentityResolver = async () => {
      asked++;
      return { status: "failed", code: "IDENTITY_NOT_PUBLISHED", message: "Nothing published." };
    };
    for (const options of [{}, { identityResolver }, { identity: "off" as const, identityResolver }]) {
      const [result] = await verify([localGenuine], options);
      expect(result.status, result.summary).to.equal("valid");
      expect(result.localChain).to.equal(true);
      expect(check(result, "issuer")).to.deep.include({ status: "skipped", code: "ISSUER_NOT_CHECKED_LOCAL_CHAIN" });
      expect(result.summary).to.match(
        /^Valid on a local development chain, issuer not checked: "Data Science Foundations"/,
      );
      expect(result.issuer?.domain).to.equal(undefined);
    }
    expect(asked).to.equal(0);
    // identity: "on" asks the resolver there too.
    const [checked] = await verify([localGenuine], { identity: "on", identityResolver });
    expect(asked).to.equal(1);
    expect(checked.status).to.equal("invalid");
    expect(checked.localChain).to.equal(true);
  });
});
