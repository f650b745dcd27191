import type { RegistryCredentialStatus } from "../../chain/registryStatus";
import { expect } from "chai";
import { encodeReason } from "../../chain/reason";
import type { Address, Caip2ChainId, Hex } from "../../types";
import type { RegistryBatch } from "../../chain/actions/getBatch";
import type { StatusEvent } from "../registryReads";
import type { RegistryData } from "./chainState";
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
    statuses: new Map<string, Map<number, RegistryCredentialStatus>>(),
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
