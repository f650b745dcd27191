/**
 * The calling thread's direct path for packed rows (shareWorks.ts `expandRows`: each row's public result
 * built from its row and its row template's class) against the whole works `expandWorks` rebuilds, put
 * through the same chain checks and verdict (`verifyOnChain`). One job's works, as a worker thread packs
 * them (`shareWorks` after `verifyOffline`), go both ways after a structured clone; the results must be
 * deep-equal and own every object. The batch has every kind of row: valid, revoked, suspended, out of
 * range, in a revoked batch, not anchored, and recipients with a name, with only an id, with only an
 * identity hash, with a name and no identifier, with all three.
 */
import { expect } from "chai";
import { network } from "hardhat";
import type { Eip1193Provider } from "../../../sdk/src/chain/transport";
import { createCanonizer } from "../../../sdk/src/sign/canonize";
import { createDidWebKeyResolver } from "../../../sdk/src/sign/resolveAssertionKey";
import { expandRows, expandWorks, shareWorks } from "../../../sdk/src/verify/shareWorks";
import type { VerificationResult } from "../../../sdk/src/verify/types";
import { expectNoSharedObjects } from "../../helpers/expectNoSharedObjects";
import { verifyOnChain } from "../../../sdk/src/verify/verifyCredentials";
import { verifyOffline } from "../../../sdk/src/verify/verifyOffline";
import {
  anchorTestRoot,
  deployTestRegistry,
  proveBatch,
  testChain,
  unsignedCredential,
  withAnchor,
  writeRegistry,
} from "../../helpers/verifyFixtures";

/**
 * Each kind of recipient, by its index in a batch (index % 4). (A credential without an id is not a
 * credential, FORMAT_INVALID_CREDENTIAL: it crosses whole, never as a row.)
 */
function recipient(index: number): Record<string, unknown> {
  const credential = unsignedCredential(index);
  const subject = credential.credentialSubject as Record<string, unknown>;
  switch (index % 4) {
    case 1: // only an id
      delete subject.name;
      delete subject.identifier;
      subject.id = `did:example:learner-${index}`;
      break;
    case 2: // only an identity hash
      delete subject.name;
      break;
    case 3: // a name, no identifier
      delete subject.identifier;
      break;
    default: // a name, an id and an identity hash
      subject.id = `did:example:learner-${index}`;
  }
  return credential;
}

describe("packed rows' results built directly from their rows (expandRows) give expandWorks' results (differential)", function () {
  this.timeout(120_000);
  const now = "2026-06-01T00:00:00Z";
  const nowMs = Date.parse(now);
  let rpc: { "eip155:31337": Eip1193Provider };
  let texts: string[];
  let files: string[];

  before(async function () {
    const provider = network.provider as unknown as Eip1193Provider;
    rpc = { "eip155:31337": provider };
    const chain = testChain(provider);
    const registry = await deployTestRegistry(chain);
    const batch = (count: number, created: string) =>
      proveBatch(
        Array.from({ length: count }, (_, i) => recipient(i)),
        created,
      );
    const live = await batch(20, "2025-01-01T00:00:00Z");
    const short = await batch(10, "2025-02-01T00:00:00Z");
    const revoked = await batch(10, "2025-03-01T00:00:00Z");
    const unanchored = await batch(10, "2025-04-01T00:00:00Z");
    const anchorLive = await anchorTestRoot(chain, registry, live.root, 20);
    // Anchored with a leafCount of 6 for a tree of 10: entries 6 to 9 are out of range.
    const anchorShort = await anchorTestRoot(chain, registry, short.root, 6);
    const anchorRevoked = await anchorTestRoot(chain, registry, revoked.root, 10);
    await writeRegistry(chain, registry, "revoke", live.root, [2, 7, 13]);
    await writeRegistry(chain, registry, "suspend", live.root, [5, 11, 14]);
    await writeRegistry(chain, registry, "revokeBatch", revoked.root);
    const credentials = [
      ...live.credentials.map((c) => withAnchor(c, anchorLive)),
      ...short.credentials.map((c) => withAnchor(c, anchorShort)),
      ...revoked.credentials.map((c) => withAnchor(c, anchorRevoked)),
      // Not anchored: its anchor record names the live batch's transaction.
      ...unanchored.credentials.map((c) => withAnchor(c, anchorLive)),
    ];
    texts = credentials.map((credential) => JSON.stringify(credential));
    files = texts.map((_, i) => `rows/${i}.json`);
  });

  it("the same results, each with its own objects, for every kind of row", async function () {
    const signature = { resolveKey: createDidWebKeyResolver(), canonizer: createCanonizer() };
    const sent = shareWorks(await verifyOffline(texts, { nowMs, files }, signature));
    // The rows this compares: every work but each batch's first (its template) crosses as a packed row.
    const packed = sent.works.flatMap((work, i) => (work === 0 ? [i] : []));
    expect(packed).to.deep.equal([...range(1, 20), ...range(21, 30), ...range(31, 40), ...range(41, 50)]);

    const expected = await verifyOnChain(expandWorks(structuredClone(sent), files), { rpc, now });
    const rows = expandRows(structuredClone(sent), files);
    expect(packed.every((i) => rows[i].rowClass !== undefined)).to.equal(true);
    const actual = await verifyOnChain(rows, { rpc, now });

    expect(actual).to.deep.equal(expected);
    expectNoSharedObjects(actual);
    // Every kind of row is among the packed ones.
    const codes = (result: VerificationResult) =>
      result.checks.find((check) => check.status !== "passed" && check.status !== "skipped")?.code ?? result.status;
    const kinds = new Set(packed.map((i) => codes(actual[i])));
    expect([...kinds].sort()).to.deep.equal(
      [
        "valid",
        "REVOCATION_CREDENTIAL_REVOKED",
        "SUSPENSION_SUSPENDED",
        "ANCHOR_LEAF_INDEX_OUT_OF_RANGE",
        "REVOCATION_BATCH_REVOKED",
        "ANCHOR_ROOT_NOT_FOUND",
      ].sort(),
    );
    // Every kind of recipient too: a name (with or without an identifier, an id), only an id, only an identity hash.
    const holders = new Set(packed.map((i) => actual[i].holder?.split(/[-$ ]/)[0]));
    expect([...holders].sort()).to.deep.equal(["Learner", "did:example:learner", "sha256"]);
    expect(packed.every((i) => typeof actual[i].credentialId === "string")).to.equal(true);
  });

  it("a caller that changes one result changes no other", async function () {
    const signature = { resolveKey: createDidWebKeyResolver(), canonizer: createCanonizer() };
    const sent = shareWorks(await verifyOffline(texts, { nowMs, files }, signature));
    const results = await verifyOnChain(expandRows(sent, files), { rpc, now });
    const before = structuredClone(results[4]);
    for (const check of results[3].checks) {
      check.message = "changed";
      if (check.details) check.details.changed = true;
    }
    results[3].issuer!.name = "changed";
    expect(results[4]).to.deep.equal(before);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
