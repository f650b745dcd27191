/**
 * The worker path's own checks (verifyOffline): a valid credential's integrity and inclusion results
 * are not built on the worker (`passed` holds what the calling thread builds them from), and a passed
 * validity result is one object for the credentials with the same dates. After `shareWorks`, a
 * structured clone and `expandWorks`, every check must be deep-equal to what `verifyCredentials` gives
 * for the same text, and no two results may share an object. No chain: only the offline checks are
 * compared.
 */
import { expect } from "chai";
import type { Hex } from "../types";
import { buildTestBatch, type TestCredential } from "../../../test/helpers/verifyFixtures";
import { editEntry, entryOf } from "../../../test/fixtures/samples";
import { createCanonizer } from "../sign/canonize";
import { createDidWebKeyResolver } from "../sign/resolveAssertionKey";
import { expandWorks, shareWorks } from "./shareWorks";
import { CHECK_NAMES, type CheckResult } from "./types";
import { verifyCredentials } from "./verifyCredentials";
import { verifyOffline } from "./verifyOffline";

const OFFLINE = ["format", "integrity", "inclusion", "validity", "signature"] as const;

describe("verifyOffline: what a worker builds for a valid credential", function () {
  this.timeout(60_000);

  it("leaves a valid credential's integrity and inclusion as numbers; expanded, every check is the plain path's, unshared", async function () {
    const batch = await buildTestBatch(8, { validFrom: "2026-01-01T00:00:00Z", validUntil: "2030-01-01T00:00:00Z" });
    const other = await buildTestBatch(3, { validFrom: "2026-02-01T00:00:00Z" });
    const edited = (credential: TestCredential, edit: Parameters<typeof editEntry>[1]) => {
      const copy = structuredClone(credential);
      editEntry(copy, edit);
      return copy;
    };
    const flip = (hex: Hex): Hex => `${hex.slice(0, -1)}${hex.endsWith("0") ? "1" : "0"}` as Hex;
    const tampered = structuredClone(batch.credentials[3]);
    (tampered.credentialSubject as Record<string, unknown>).name = "Mallory";
    const expired = structuredClone(batch.credentials[5]);
    expired.validUntil = "2026-03-01T00:00:00Z"; // a protected field: integrity fails too
    const inputs: TestCredential[] = [
      batch.credentials[0],
      batch.credentials[1],
      other.credentials[0], // other dates in between: its own validity result
      batch.credentials[2],
      tampered, // integrity fails, inclusion skipped
      edited(batch.credentials[4], (p) => (p.path = [flip(p.path[0]), ...p.path.slice(1)])), // inclusion fails
      edited(batch.credentials[6], (p) => (p.leafIndex = 7)), // another entry's place
      expired,
      other.credentials[1],
      batch.credentials[7],
      other.credentials[2],
    ];
    const texts = inputs.map((credential) => JSON.stringify(credential));
    const now = "2026-06-01T00:00:00.000Z";
    const nowMs = Date.parse(now);
    const signature = { resolveKey: createDidWebKeyResolver(), canonizer: createCanonizer() };
    const files = texts.map((_, i) => `${i}.json`);

    const works = await verifyOffline(texts, { nowMs, files }, signature);
    const valid = [0, 1, 2, 3, 8, 9, 10];
    works.forEach((work, i) => {
      if (valid.includes(i)) {
        const entry = entryOf(inputs[i]);
        const shown = Object.keys(entry.salts).length;
        expect(work.passed, `work ${i}`).to.deep.equal([shown, entry.redactedHashes.length, entry.path.length]);
        expect(Object.keys(work.checks), `work ${i}`).to.deep.equal(["format", "validity", "signature"]);
      } else {
        expect(work.passed, `work ${i}`).to.equal(undefined);
        expect(Object.keys(work.checks), `work ${i}`).to.deep.equal([...OFFLINE]);
      }
    });
    // One passed validity object for consecutive credentials with the same dates and run time.
    expect(works[1].checks.validity).to.equal(works[0].checks.validity);
    expect(works[2].checks.validity).not.to.equal(works[1].checks.validity);

    const expanded = expandWorks(structuredClone(shareWorks(works)), files);
    const plain = await verifyCredentials(inputs, { now });
    const seen = new Set<object>();
    expanded.forEach((work, i) => {
      expect(work.passed, `work ${i}`).to.equal(undefined);
      expect(work.file).to.equal(files[i]);
      const byName = new Map(plain[i].checks.map((check) => [check.check, check]));
      for (const name of OFFLINE) {
        const check = work.checks[name] as CheckResult;
        expect(check, `work ${i} ${name}`).to.deep.equal(byName.get(name));
        for (const object of [check, check.details]) {
          if (object === undefined) continue;
          expect(seen.has(object), `work ${i} ${name} shares an object`).to.equal(false);
          seen.add(object);
        }
      }
      for (const name of CHECK_NAMES) {
        if (!(OFFLINE as readonly string[]).includes(name)) expect(work.checks[name]).to.equal(undefined);
      }
    });
    expect(plain.map((result) => result.checks.find((c) => c.check === "integrity")!.status)).to.deep.equal(
      inputs.map((_, i) => (i === 4 || i === 7 ? "failed" : "passed")),
    );
    expect(plain.map((result) => result.checks.find((c) => c.check === "inclusion")!.status)).to.deep.equal(
      inputs.map((_, i) => (i === 4 || i === 7 ? "skipped" : i === 5 || i === 6 ? "failed" : "passed")),
    );
  });
});
