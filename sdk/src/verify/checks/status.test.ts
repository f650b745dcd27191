import type { RegistryCredentialStatus } from "../../chain/registryStatus";
import { expect } from "chai";
import { encodeReason } from "../../chain/reason";
import type { Address, Caip2ChainId, Hex } from "../../types";
import type { RegistryBatch } from "../../chain/actions/getBatch";
import fc from "fast-check";
import type { RegistryRead, StatusEvent } from "../registryReads";
import { statusItems } from "../runChainChecks";
import type { Work } from "../verdict";
import { IndexedStatuses, type RegistryData } from "./chainState";
import { findEvent, isoSeconds, statusResults } from "./status";

const chain = "eip155:11155111" as Caip2ChainId;
const address = "0x00000000000000000000000000000000000000aa" as Address;
const root = `0x${"ab".repeat(32)}` as Hex;
const proof = { root, leafIndex: 3 };
const live: RegistryBatch = {
  root,
  anchored: true,
  anchoredAt: 1_700_000_000,
  anchoredBlock: 10,
  revokedAt: 0,
  leafCount: 8,
};
const day = 1_767_225_600n; // 2026-01-01T00:00:00Z

function registry(overrides: Partial<RegistryData> = {}): RegistryData {
  return {
    address,
    records: new Map(),
    statuses: new Map<string, IndexedStatuses>(),
    events: new Map(),
    times: new Map(),
    reasonsWanted: false,
    ...overrides,
  };
}

function withStatus(status: RegistryCredentialStatus, overrides: Partial<RegistryData> = {}): RegistryData {
  return registry({ statuses: new Map([[root.toLowerCase(), new Map([[3, status]])]]), ...overrides });
}

function event(kind: StatusEvent["kind"], reason: string, blockNumber: bigint, index?: number): StatusEvent {
  return {
    kind,
    reason: encodeReason(reason),
    blockNumber,
    ...(index === undefined ? {} : { wordIndex: BigInt(index >> 8), bits: 1n << BigInt(index & 255) }),
  };
}

describe("revocation and suspension checks (pure)", function () {
  it("passes both for a valid credential", function () {
    const [revocation, suspension] = statusResults(proof, live, withStatus("Valid"), chain);
    expect(revocation).to.include({ check: "revocation", status: "passed", code: "REVOCATION_OK" });
    expect(suspension).to.include({ check: "suspension", status: "passed", code: "SUSPENSION_OK" });
  });

  it("fails a revoked batch with its date, and skips suspension as final", function () {
    const [revocation, suspension] = statusResults(proof, { ...live, revokedAt: Number(day) }, registry(), chain);
    expect(revocation).to.deep.equal({
      check: "revocation",
      status: "failed",
      code: "REVOCATION_BATCH_REVOKED",
      message: "Revoked by the issuer on 2026-01-01 (the whole batch).",
      details: { revokedAt: "2026-01-01T00:00:00Z", root },
    });
    expect(suspension).to.deep.equal({
      check: "suspension",
      status: "skipped",
      code: "SKIPPED_DEPENDENCY",
      message: "The batch is revoked, which is final; suspension was not checked.",
    });
  });

  it("gives the batch revocation's reason when its event was read", function () {
    const data = registry({ reasonsWanted: true, events: new Map([[root, [event("batch-revoked", "fraud", 20n)]]]) });
    const [revocation] = statusResults(proof, { ...live, revokedAt: Number(day) }, data, chain);
    expect(revocation.message).to.equal("Revoked by the issuer on 2026-01-01 (the whole batch): fraud");
    expect(revocation.details).to.include({ reason: "fraud" });
  });

  it("says the reason is unavailable when reasons were asked for but no event was read", function () {
    const [revocation] = statusResults(
      proof,
      { ...live, revokedAt: Number(day) },
      registry({ reasonsWanted: true }),
      chain,
    );
    expect(revocation.message).to.equal(
      "Revoked by the issuer on 2026-01-01 (the whole batch) (reason unavailable: its event could not be read).",
    );
    expect(revocation.details).to.include({ reasonUnavailable: true });
  });

  it("fails a revoked credential with the date and reason of its own event", function () {
    const data = withStatus("Revoked", {
      reasonsWanted: true,
      events: new Map([[root, [event("revoked", "other", 20n, 4), event("revoked", "superseded", 21n, 3)]]]),
      times: new Map([[21n, day]]),
    });
    const [revocation, suspension] = statusResults(proof, live, data, chain);
    expect(revocation).to.deep.equal({
      check: "revocation",
      status: "failed",
      code: "REVOCATION_CREDENTIAL_REVOKED",
      message: "Revoked by the issuer on 2026-01-01: superseded",
      details: { root, leafIndex: 3, revokedAt: "2026-01-01T00:00:00Z", reason: "superseded" },
    });
    expect(suspension).to.include({ status: "skipped", code: "SKIPPED_DEPENDENCY" });
    expect(suspension.message).to.equal("The credential is revoked, which is final; suspension was not checked.");
  });

  it("fails a suspended credential, says it can be lifted, and passes revocation", function () {
    const data = withStatus("Suspended", {
      reasonsWanted: true,
      events: new Map([[root, [event("suspended", "", 22n, 3)]]]),
      times: new Map([[22n, day]]),
    });
    const [revocation, suspension] = statusResults(proof, live, data, chain);
    expect(revocation.code).to.equal("REVOCATION_OK");
    expect(suspension).to.deep.equal({
      check: "suspension",
      status: "failed",
      code: "SUSPENSION_SUSPENDED",
      message: "Suspended by the issuer on 2026-01-01. A suspension can be lifted: check again later.",
      details: { root, leafIndex: 3, suspendedAt: "2026-01-01T00:00:00Z" },
    });
  });

  it("gives both an RPC error when the status read failed", function () {
    const [revocation, suspension] = statusResults(
      proof,
      live,
      registry({ statuses: { error: new Error("reset") } }),
      chain,
    );
    for (const result of [revocation, suspension]) {
      expect(result).to.include({ status: "error", code: "RPC_ERROR" });
      expect(result.message).to.equal(`Reading ${chain} failed unexpectedly: reset`);
    }
    expect([revocation.check, suspension.check]).to.deep.equal(["revocation", "suspension"]);
  });

  it("gives both an RPC error when the registry did not answer credentialStatuses", function () {
    const data = registry({ statuses: { found: false, reason: "no contract code" } });
    const [revocation, suspension] = statusResults(proof, live, data, chain);
    const message = `The registry at ${address} did not answer credentialStatuses: no contract code.`;
    expect(revocation).to.deep.equal({ check: "revocation", status: "error", code: "RPC_ERROR", message });
    expect(suspension).to.deep.equal({ check: "suspension", status: "error", code: "RPC_ERROR", message });
  });

  it("gives both an RPC error when the status contradicts a live batch", function () {
    for (const status of ["BatchRevoked", "Unknown", "OutOfRange"] as RegistryCredentialStatus[]) {
      const [revocation, suspension] = statusResults(proof, live, withStatus(status), chain);
      const message = `The registry on ${chain} gave inconsistent answers (status ${status} for an anchored, live batch).`;
      expect(revocation).to.deep.equal({
        check: "revocation",
        status: "error",
        code: "RPC_ERROR",
        message,
        details: { status },
      });
      expect(suspension).to.deep.equal({
        check: "suspension",
        status: "error",
        code: "RPC_ERROR",
        message,
        details: { status },
      });
    }
  });

  it("finds the latest event of a kind for one credential's bit", function () {
    const events = [event("suspended", "a", 1n, 3), event("suspended", "b", 2n, 259), event("suspended", "c", 3n, 3)];
    expect(findEvent(events, "suspended", 3)?.blockNumber).to.equal(3n);
    expect(findEvent(events, "suspended", 259)?.blockNumber).to.equal(2n);
    expect(findEvent(events, "suspended", 4)).to.equal(undefined);
    expect(findEvent(events, "revoked", 3)).to.equal(undefined);
    expect(findEvent(undefined, "revoked")).to.equal(undefined);
  });

  it("formats block timestamps as ISO 8601 UTC without milliseconds", function () {
    expect(isoSeconds(day)).to.equal("2026-01-01T00:00:00Z");
  });
});

describe("the statuses a run reads, and how it files them", function () {
  const roots = [root, `0x${"cd".repeat(32)}` as Hex, `0x${"ef".repeat(32)}` as Hex];
  const batches = new Map<Hex, RegistryBatch>([
    [roots[0], live], // leafCount 8
    [roots[1], { ...live, root: roots[1], leafCount: 64 }],
    [roots[2], { ...live, root: roots[2], revokedAt: 5 }], // revoked as a whole
  ]);
  const records = new Map<Hex, RegistryRead<RegistryBatch>>(
    [...batches].map(([key, value]) => [key, { found: true, value }]),
  );
  const credentials = fc.array(fc.record({ root: fc.constantFrom(...roots), index: fc.nat(70) }), {
    maxLength: 60,
  });
  // Runs of consecutive indices of one root, as a batch's credentials come, besides random ones.
  const runs = fc
    .array(fc.record({ root: fc.constantFrom(...roots), from: fc.nat(70), length: fc.nat(12) }), { maxLength: 6 })
    .map((parts) =>
      parts.flatMap(({ root, from, length }) => Array.from({ length }, (_, k) => ({ root, index: from + k }))),
    );

  it("statusItems asks each (root, index) once, in first-seen order, as the Set of every index asked did", function () {
    fc.assert(
      fc.property(fc.oneof(credentials, runs), (list) => {
        const works = list.map(({ root, index }, i) => ({
          index: i,
          checks: {},
          started: 0,
          proof: { root, leafIndex: index },
        }));
        const { items, anyAnchored } = statusItems(
          works as unknown as Work[],
          list.map((c) => c.root),
          records,
        );
        // The former code: a Set of the indices asked, per root.
        const asked = new Map<Hex, Set<number>>();
        const expected: { root: Hex; index: number }[] = [];
        for (const { root, index } of list) {
          const batch = batches.get(root)!;
          if (index >= batch.leafCount || batch.revokedAt !== 0) continue;
          const ofRoot = asked.get(root) ?? new Set<number>();
          asked.set(root, ofRoot);
          if (ofRoot.has(index)) continue;
          ofRoot.add(index);
          expected.push({ root, index });
        }
        expect(items).to.deep.equal(expected);
        expect(anyAnchored).to.equal(list.length > 0);
      }),
      { numRuns: 500 },
    );
  });

  it("IndexedStatuses answers every index as a Map of the same entries does, in order or not", function () {
    const statuses: RegistryCredentialStatus[] = ["Valid", "Revoked", "Suspended"];
    const entries = fc.array(fc.tuple(fc.nat(40), fc.constantFrom(...statuses)), { maxLength: 50 });
    const consecutive = fc
      .tuple(fc.nat(1_000), fc.array(fc.constantFrom(...statuses), { maxLength: 50 }))
      .map(([first, list]) => list.map((status, k) => [first + k, status] as [number, RegistryCredentialStatus]));
    fc.assert(
      fc.property(fc.oneof(entries, consecutive), (list) => {
        const filed = new IndexedStatuses();
        const map = new Map<number, RegistryCredentialStatus>();
        for (const [index, status] of list) {
          filed.set(index, status);
          map.set(index, status);
        }
        const first = list.length === 0 ? 0 : list[0][0];
        for (let index = first - 3; index < first + 60; index++)
          expect(filed.get(index), `index ${index}`).to.equal(map.get(index));
        for (const index of [-1, 0.5, Number.NaN, 2 ** 53]) expect(filed.get(index)).to.equal(map.get(index));
      }),
      { numRuns: 500 },
    );
  });
});
