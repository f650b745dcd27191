/**
 * Hostile credentials against a real registry on the in-process Hardhat network: the untouched
 * credentials are `valid`, no mutant ever is, and the attacks that only the chain can settle are
 * caught there: an anchor record naming another registry (empty, foreign, or a copy that anchored
 * the same root), a leaf index beyond the anchored leaf count, and a revoked credential re-pointed at
 * a registry whose profile copies the issuer's (caught by the domain binding).
 */
import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";
import { getAddress } from "viem";
import type { Eip1193Provider } from "../../../sdk/src/chain/transport/types";
import { createIdentityResolver } from "../../../sdk/src/identity/createIdentityResolver";
import type { Address, AnchorRecord } from "../../../sdk/src/types";
import type { IdentityResolver } from "../../../sdk/src/verify/types";
import { verifyCredentials } from "../../../sdk/src/verify/verifyCredentials";
import {
  anchorTestRoot,
  deployTestRegistry,
  testChain,
  writeRegistry,
  type TestChain,
} from "../../helpers/verifyFixtures";
import {
  buildCorpusBatch,
  CORPUS_TEMPLATE,
  RECIPIENTS_A,
  RECIPIENTS_B,
  type CorpusCredential,
} from "../../helpers/hostile/corpusBase";
import { expectRefusedOffline, firstFailure } from "../../helpers/hostile/invariants";
import { proofMutant, structureMutant, visibleValueMutant, type Credential } from "../../helpers/hostile/mutations";
import { check } from "../../helpers/checks";

const ISSUER_URL = CORPUS_TEMPLATE.issuer.url as string; // https://www.example.edu
const NOW = "2027-01-01T00:00:00Z";

function withAnchor(credential: CorpusCredential, anchor: AnchorRecord): CorpusCredential {
  const copy = structuredClone(credential);
  copy.proof[copy.proof.length - 1].anchor = anchor;
  return copy;
}

describe("hostile credentials against a registry on the in-process Hardhat network", function () {
  let provider: Eip1193Provider;
  let chain: TestChain;
  let registry: Address;
  let credentials: CorpusCredential[];
  let others: CorpusCredential[];
  let anchor: AnchorRecord;
  const verify = (inputs: unknown[], options: { identityResolver?: IdentityResolver; identity?: "on" } = {}) =>
    verifyCredentials(inputs, { rpc: { "eip155:31337": provider }, minConfirmations: 1, now: NOW, ...options });

  before(async function () {
    provider = network.provider as unknown as Eip1193Provider;
    chain = testChain(provider);
    registry = await deployTestRegistry(chain, { name: "Example University", url: ISSUER_URL });
    const a = await buildCorpusBatch(`chain A ${Date.now()}`, RECIPIENTS_A);
    const b = await buildCorpusBatch(`chain B ${Date.now()}`, RECIPIENTS_B);
    anchor = await anchorTestRoot(chain, registry, a.root, a.credentials.length);
    const anchorB = await anchorTestRoot(chain, registry, b.root, b.credentials.length);
    credentials = a.credentials.map((c) => withAnchor(c, anchor));
    others = b.credentials.map((c) => withAnchor(c, anchorB));
  });

  it("the untouched credentials of both batches are valid", async function () {
    const results = await verify([...credentials, ...others]);
    expect(results.map((r) => r.status)).to.deep.equal(["valid", "valid", "valid", "valid", "valid"]);
  });

  it("no mutant (visible value, structure or proof entry) is valid: each fails a check that needs no chain", async function () {
    const mutants = [
      ...fc.sample(visibleValueMutant(credentials as Credential[]), { numRuns: 40, seed: 7 }),
      ...fc.sample(structureMutant(credentials as Credential[]), { numRuns: 40, seed: 8 }),
      ...fc.sample(proofMutant(credentials as Credential[], others as Credential[]), { numRuns: 60, seed: 9 }),
    ];
    const results = await verify(mutants.map((m) => `${JSON.stringify(m.credential, null, 2)}\n`));
    results.forEach((result, i) => expectRefusedOffline(result, mutants[i].label));
  });

  it("an anchor record naming an address without a registry is invalid", async function () {
    const moved = withAnchor(credentials[0], { ...anchor, registry: getAddress(`0x${"12".repeat(20)}`) as Address });
    const [result] = await verify([moved]);
    expect(result.status).to.equal("invalid");
    expect(check(result, "anchor")).to.deep.include({ status: "failed", code: "ANCHOR_REGISTRY_NOT_FOUND" });
  });

  it("an anchor record naming another registry: not anchored there, or anchored by another issuer", async function () {
    const foreign = await deployTestRegistry(chain, { name: "Diploma Mill", url: "https://mill.example" });
    const moved = withAnchor(credentials[0], { ...anchor, registry: foreign });
    let [result] = await verify([moved]);
    expect(result.status).to.equal("invalid");
    expect(check(result, "anchor")).to.deep.include({ status: "failed", code: "ANCHOR_ROOT_NOT_FOUND" });

    // The foreign registry anchors the same root: the anchor passes, the issuer check does not.
    await anchorTestRoot(chain, foreign, credentials[0].proof[0].root, 3);
    [result] = await verify([moved]);
    expect(result.status).to.equal("invalid");
    expect(check(result, "anchor").status).to.equal("passed");
    expect(check(result, "issuer")).to.deep.include({ status: "failed", code: "ISSUER_PROFILE_MISMATCH" });
  });

  it("a revoked credential re-pointed at a copycat registry (same profile, same root) fails the domain binding", async function () {
    const [a0] = credentials;
    const batch = await buildCorpusBatch(`revoked ${Date.now()}`, RECIPIENTS_A);
    const own = await anchorTestRoot(chain, registry, batch.root, 3);
    const revoked = withAnchor(batch.credentials[0], own);
    await writeRegistry(chain, registry, "revoke", batch.root, [0]);
    const copycat = await deployTestRegistry(chain, { name: "Example University", url: ISSUER_URL });
    const copyAnchor = await anchorTestRoot(chain, copycat, batch.root, 3);
    const repointed = withAnchor(batch.credentials[0], copyAnchor);

    // The issuer's domain names its real registry (DNS TXT at _credanchor.example.edu).
    const identityResolver = createIdentityResolver({
      methods: ["dns"],
      allowSubdomains: true, // issuer.id is https://credentials.example.edu
      resolveTxt: async (name: string) =>
        name === "_credanchor.example.edu" ? [[`credanchor=v1; chain=eip155:31337; registry=${registry}`]] : [],
    }) as unknown as IdentityResolver;
    // eip155:31337 is the local development chain: the binding is checked there only on request.
    const [original, copy, untouched] = await verify([revoked, repointed, a0], { identityResolver, identity: "on" });
    expect(untouched.status, untouched.summary).to.equal("valid");
    expect(original.status).to.equal("invalid");
    expect(check(original, "revocation")).to.deep.include({
      status: "failed",
      code: "REVOCATION_CREDENTIAL_REVOKED",
    });
    expect(copy.status, copy.summary).to.equal("invalid");
    expect(check(copy, "revocation").status).to.equal("passed"); // the copycat never revoked it
    expect(check(copy, "issuer").status).to.equal("failed");
    expect(check(copy, "issuer").message).to.include(registry);
  });

  it("a leaf index the tree holds but the anchored leaf count does not is invalid", async function () {
    const batch = await buildCorpusBatch(`short count ${Date.now()}`, RECIPIENTS_A);
    const short = await anchorTestRoot(chain, registry, batch.root, 2); // the issuer anchored 2 of 3
    const [first, , last] = await verify(batch.credentials.map((c) => withAnchor(c, short)));
    expect(first.status).to.equal("valid");
    expect(last.status).to.equal("invalid");
    expect(check(last, "anchor")).to.deep.include({ status: "failed", code: "ANCHOR_LEAF_INDEX_OUT_OF_RANGE" });
  });

  it("the anchor record's own details are not trusted: the chain's record decides", async function () {
    const forged = withAnchor(credentials[1], {
      ...anchor,
      blockNumber: anchor.blockNumber + 1000,
      anchoredAt: "1999-01-01T00:00:00Z",
      transactionHash: `0x${"ee".repeat(32)}`,
    });
    const otherChain = withAnchor(credentials[1], { ...anchor, chain: "eip155:11155111" });
    const [result, elsewhere] = await verify([forged, otherChain]);
    expect(result.status).to.equal("valid");
    expect(check(result, "anchor").message).to.include("the chain's record is authoritative");
    expect(check(result, "anchor").details).to.deep.include({ anchoredBlock: anchor.blockNumber });
    // A chain nobody can be asked about is undecided, never valid.
    expect(elsewhere.status).to.equal("error");
    expect(firstFailure(elsewhere)).to.equal(undefined);
  });
});
