/**
 * The validity check remembers the last dates it read (the credentials of a batch share them) and the
 * run's time: credentials with other dates in between, and runs at other times, still get their own
 * verdict and details. No chain: the results stop at the anchor check, the validity check runs.
 */
import { expect } from "chai";
import { buildTestBatch } from "../../../test/helpers/verifyFixtures";
import type { VerificationResult } from "./types";
import { verifyCredentials } from "./verifyCredentials";

describe("validity check: dates and the run's time, credential after credential", function () {
  this.timeout(60_000);

  it("gives each credential the verdict and details of its own dates, in any order and at any time", async function () {
    const batch = await buildTestBatch(1);
    const credential = (validFrom: string | undefined, validUntil: string | undefined) => {
      const copy = structuredClone(batch.credentials[0]) as Record<string, unknown>;
      if (validFrom === undefined) delete copy.validFrom;
      else copy.validFrom = validFrom;
      if (validUntil === undefined) delete copy.validUntil;
      else copy.validUntil = validUntil;
      return copy;
    };
    const dates: [string | undefined, string | undefined][] = [
      ["2026-01-01T00:00:00Z", "2030-01-01T00:00:00Z"],
      ["2026-01-01T00:00:00Z", "2030-01-01T00:00:00Z"],
      ["2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z"],
      ["2026-01-01T00:00:00Z", "2030-01-01T00:00:00Z"],
      ["2027-01-01T00:00:00Z", "2030-01-01T00:00:00Z"],
      ["2026-01-01T00:00:00Z", undefined],
      ["2025-06-01T12:00:00.250Z", "2030-01-01T00:00:00Z"],
      ["2026-01-01T00:00:00Z", "2030-01-01T00:00:00Z"],
      ["2026-01-01T00:00:00Z", "2029-12-31T23:59:59Z"],
      ["2026-01-01T00:00:00Z", "2030-01-01T00:00:00Z"],
    ];
    const validity = (result: VerificationResult) => {
      const check = result.checks.find((c) => c.check === "validity")!;
      return { code: check.code, details: check.details };
    };
    for (const now of ["2026-06-01T00:00:00.000Z", "2029-12-31T23:59:59.000Z", "2026-06-01T00:00:00.000Z"]) {
      const results = await verifyCredentials(
        dates.map(([from, until]) => credential(from, until)),
        { now },
      );
      const nowMs = Date.parse(now);
      expect(results.map(validity), now).to.deep.equal(
        dates.map(([from, until]) => {
          const fromMs = from === undefined ? undefined : Date.parse(from);
          const untilMs = until === undefined ? undefined : Date.parse(until);
          const code =
            fromMs !== undefined && Number.isNaN(fromMs)
              ? "VALIDITY_NOT_YET_VALID"
              : untilMs !== undefined && Number.isNaN(untilMs)
                ? "VALIDITY_EXPIRED"
                : fromMs !== undefined && fromMs > nowMs
                  ? "VALIDITY_NOT_YET_VALID"
                  : untilMs !== undefined && untilMs < nowMs
                    ? "VALIDITY_EXPIRED"
                    : "VALIDITY_OK";
          const details: Record<string, string> = { now };
          if (from !== undefined) details.validFrom = from;
          if (until !== undefined) details.validUntil = until;
          return { code, details };
        }),
      );
    }
  });
});
