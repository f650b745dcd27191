/**
 * Property and mutation tests over credential files, offline (no RPC: the checks that decide tampering
 * are format, integrity and inclusion, and they need no network). For every mutant: the SDK throws
 * nothing but BaseErrors, and a credential whose visible values, structure or proof entry were changed
 * fails one of those three checks, so no chain answer could ever make it `valid` (the chain-backed
 * tests in hostile.chain.test.ts check that too, end to end).
 */
import { expect } from "chai";
import fc from "fast-check";
import fs from "node:fs";
import path from "node:path";
import { flattenCredential } from "../../../sdk/src/canonical/flatten";
import { pointerFromPath } from "../../../sdk/src/canonical/pointer";
import { parseCredentialJson } from "../../../sdk/src/credential/parseCredentialJson";
import { BaseError } from "../../../sdk/src/errors/base";
import { initKeccak } from "../../../sdk/src/hash/keccak";
import { verifyCredential } from "../../../sdk/src/verify/verifyCredential";
import { verifyCredentials } from "../../../sdk/src/verify/verifyCredentials";
import type { VerificationResult } from "../../../sdk/src/verify/types";
import { HOSTILE_DIR } from "../../helpers/hostile/corpus";
import {
  exerciseSdk,
  exerciseSdkValue,
  expectRefusedOffline,
  firstFailure,
  onlyBaseErrors,
} from "../../helpers/hostile/invariants";
import {
  allPaths,
  anyJsonValue,
  getAt,
  proofMutant,
  sameJson,
  setAt,
  stringEdits,
  structureMutant,
  visibleValueMutant,
  type Credential,
} from "../../helpers/hostile/mutations";

const NOW = "2027-01-01T00:00:00Z";
const text = (name: string) => fs.readFileSync(path.join(HOSTILE_DIR, "credentials", `${name}.json`), "utf8");
const fileText = (credential: unknown) => `${JSON.stringify(credential, null, 2)}\n`;

/** The offline verdict of the untouched credentials: everything passes except the chain checks (no RPC). */
function expectUntouched(result: VerificationResult, label: string): void {
  const failed = firstFailure(result);
  expect(failed, `${label}: ${failed?.message}`).to.equal(undefined);
  const status = Object.fromEntries(result.checks.map((check) => [check.check, check.status]));
  expect(status, label).to.deep.include({ format: "passed", integrity: "passed", inclusion: "passed" });
}

describe("hostile properties: credential mutants (offline)", function () {
  let batchA: Credential[];
  let batchB: Credential[];
  before(async function () {
    await initKeccak();
    batchA = ["valid-a0", "valid-a1", "valid-a2"].map((name) => JSON.parse(text(name)) as Credential);
    batchB = ["valid-b0", "valid-b1"].map((name) => JSON.parse(text(name)) as Credential);
    for (const credential of [...batchA, ...batchB]) {
      expectUntouched(await verifyCredential(fileText(credential), { now: NOW }), String(credential.id));
    }
  });

  /** Verifies a mutant through its file text (the parser included) and checks the offline refusal. */
  async function expectMutantRefused(credential: Credential, label: string): Promise<void> {
    const mutantText = fileText(credential);
    const result = await verifyCredential(mutantText, { now: NOW });
    expectRefusedOffline(result, label);
    exerciseSdk(mutantText, label);
  }

  it("a changed visible value (any JSON value, odd strings included) always fails offline", async function () {
    await fc.assert(
      fc.asyncProperty(visibleValueMutant(batchA), async ({ label, credential }) => {
        await expectMutantRefused(credential, label);
      }),
      { numRuns: 150 },
    );
  });

  it("members removed, added, renamed, swapped or wrapped always fail offline", async function () {
    await fc.assert(
      fc.asyncProperty(structureMutant(batchA), async ({ label, credential }) => {
        await expectMutantRefused(credential, label);
      }),
      { numRuns: 150 },
    );
  });

  it("a changed proof entry (index, path, root, digest, salts, redacted hashes, type) always fails offline", async function () {
    await fc.assert(
      fc.asyncProperty(proofMutant(batchA, batchB), async ({ label, credential }) => {
        await expectMutantRefused(credential, label);
      }),
      { numRuns: 250 },
    );
  });

  it("a value of the wrong type at every pointer of the document (proof included) fails offline", async function () {
    const source = batchA[0];
    const replacements: unknown[] = ["text", 7, true, null, [], { a: 1 }];
    const mutants: { label: string; text: string }[] = [];
    for (const target of allPaths(source)) {
      const current = getAt(source, target);
      for (const value of replacements) {
        if (sameJson(value, current) || typeof value === typeof current) continue;
        // The anchor record is outside the digest: only its shape is checked offline (below).
        const credential = structuredClone(source);
        setAt(credential, target, value);
        mutants.push({ label: `${pointerFromPath(target)} := ${JSON.stringify(value)}`, text: fileText(credential) });
      }
    }
    expect(mutants.length).to.be.greaterThan(280); // every pointer of the document and its proof entry (salts only for redactable fields)
    const results = await verifyCredentials(
      mutants.map((m) => m.text),
      { now: NOW },
    );
    results.forEach((result, i) => expectRefusedOffline(result, mutants[i].label));
    for (const mutant of mutants.filter((_, i) => i % 7 === 0)) exerciseSdk(mutant.text, mutant.label);
  });

  it("odd unicode in every string (NFD/NFC/NFKC, BOM, NUL, RTL, zero-width, lone surrogates) is never normalised away", async function () {
    const source = batchA[2]; // "Émilie du Châtelet", "Capstone on énergie."
    const mutants: { label: string; text: string }[] = [];
    for (const field of flattenCredential(source)) {
      if (typeof field.value !== "string") continue;
      for (const edit of stringEdits) {
        const changed = edit.apply(field.value);
        if (changed === field.value) continue;
        const credential = structuredClone(source);
        setAt(credential, field.path, changed);
        mutants.push({ label: `${field.pointer}: ${edit.name}`, text: fileText(credential) });
      }
    }
    // and in member names
    for (const edit of stringEdits) {
      const credential = structuredClone(source) as Record<string, Record<string, unknown>>;
      const subject = credential.credentialSubject;
      const renamed = edit.apply("name");
      if (renamed === "name") continue;
      const value = subject.name;
      delete subject.name;
      subject[renamed] = value;
      mutants.push({ label: `member name: ${edit.name}`, text: fileText(credential) });
    }
    expect(mutants.some((m) => m.label === "/credentialSubject/name: NFD")).to.equal(true);
    const results = await verifyCredentials(
      mutants.map((m) => m.text),
      { now: NOW },
    );
    results.forEach((result, i) => expectRefusedOffline(result, mutants[i].label));
  });

  it("numbers: another value fails; the same value spelt otherwise (12.50, 1.25e1, 125e-1) is the same value (RFC 8785)", async function () {
    const base = text("valid-a0");
    const spelled = (literal: string) => base.replace('"creditsEarned": 12.5', `"creditsEarned": ${literal}`);
    expect(spelled("x")).to.not.equal(base);
    for (const literal of ["12.50", "1.25e1", "125e-1", "1.250E+1", "12.500000000000000"]) {
      expectUntouched(await verifyCredential(spelled(literal), { now: NOW }), literal);
    }
    await fc.assert(
      fc.asyncProperty(
        fc.double({ noNaN: true, noDefaultInfinity: true, min: 0 }).filter((d) => d !== 12.5),
        async (value) => {
          const result = await verifyCredential(spelled(JSON.stringify(value)), { now: NOW });
          expectRefusedOffline(result, String(value));
          expect(firstFailure(result)!.check).to.equal("integrity");
        },
      ),
      { numRuns: 100 },
    );
    // Texts that a 64-bit float cannot hold exactly are refused, so two texts never carry one value.
    for (const literal of [
      "12.500000000000000001",
      "1e400",
      "-1e400",
      "9007199254740993",
      "1e-400",
      `0.${"0".repeat(400)}1`,
    ]) {
      const result = await verifyCredential(spelled(literal), { now: NOW, file: "x.json" });
      // JSON, with a credanchor proof entry: an invalid credential (SPEC 1.1, 7.2), not "not a credential".
      expect(result.status, literal).to.equal("invalid");
      expect(firstFailure(result)?.code, literal).to.equal("FORMAT_INVALID_CREDENTIAL");
      expect(firstFailure(result)!.message, literal).to.match(/x\.json:\d+:\d+ at \/credentialSubject\/creditsEarned/);
    }
  });

  it("every prefix of a credential file is refused with a line and column (or is the file without its final newline)", async function () {
    const full = text("valid-a0");
    const complete = parseCredentialJson(full);
    // Every fifth prefix, and every one of the first and last 100 characters.
    for (let length = 0; length < full.length; length += length < 100 || length > full.length - 100 ? 1 : 5) {
      const prefix = full.slice(0, length);
      const parsed = onlyBaseErrors(`prefix ${length}`, () => parseCredentialJson(prefix, { file: "p.json" }));
      if (parsed instanceof BaseError) {
        expect(parsed.code, `prefix ${length}`).to.equal("CREDENTIAL_PARSE");
        expect(parsed.location?.line, `prefix ${length}`).to.be.a("number");
        expect(parsed.location?.column, `prefix ${length}`).to.be.a("number");
      } else {
        expect(full.slice(length).trim(), `prefix ${length} parsed`).to.equal("");
        expect(parsed).to.deep.equal(complete);
      }
    }
    // and a sample of prefixes of every valid file through the whole verifier
    const names = ["valid-a0", "valid-a1", "valid-a2", "valid-b0", "valid-b1"];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.nat(), async (name, cut) => {
        const whole = text(name);
        const prefix = whole.slice(0, cut % (whole.length - 1));
        const result = await verifyCredential(prefix, { now: NOW, file: `${name}.json` });
        expectRefusedOffline(result, `${name} cut at ${cut % (whole.length - 1)}`);
        expect(firstFailure(result)!.code).to.equal("FORMAT_INVALID_JSON");
        expect(firstFailure(result)!.message).to.match(new RegExp(`${name}\\.json:\\d+:\\d+`));
      }),
      { numRuns: 100 },
    );
  });

  it("random byte edits of the file text never pass a changed credential", async function () {
    const names = ["valid-a0", "valid-a1", "valid-b0"];
    const sources = new Map(names.map((name) => [name, text(name)]));
    const parsedSources = new Map(names.map((name) => [name, JSON.parse(sources.get(name)!) as Credential]));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.array(
          fc.record({
            at: fc.nat(),
            remove: fc.integer({ min: 0, max: 3 }),
            insert: fc.oneof(
              fc.string({ maxLength: 3 }),
              fc.constantFrom('"', ",", "}", "]", "{", "\\", "\\u0000", "\ufeff", "\u202e", "0", "-", "e", ":"),
            ),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        async (name, edits) => {
          let edited = sources.get(name)!;
          for (const { at, remove, insert } of edits) {
            const i = at % (edited.length + 1);
            edited = edited.slice(0, i) + insert + edited.slice(i + remove);
          }
          const label = `${name} edited ${JSON.stringify(edits)}`;
          exerciseSdk(edited, label);
          const result = await verifyCredential(edited, { now: NOW });
          let parsed: unknown;
          try {
            parsed = parseCredentialJson(edited);
          } catch {
            expectRefusedOffline(result, label);
            return;
          }
          const source = parsedSources.get(name)!;
          const content = (c: unknown) => ({ ...(c as Credential), proof: undefined });
          const proofCore = (c: unknown) => {
            const proof = (c as { proof?: unknown }).proof;
            const entry = (Array.isArray(proof) ? proof[proof.length - 1] : proof) as
              Record<string, unknown> | undefined;
            if (!entry || typeof entry !== "object") return entry;
            const { created: _created, anchor: _anchor, ...core } = entry;
            return core;
          };
          if (!sameJson(content(parsed), content(source)) || !sameJson(proofCore(parsed), proofCore(source))) {
            expectRefusedOffline(result, label);
          } else {
            // Only spelling, or the proof's `created` / anchor record (checked against the chain) changed.
            expect(result.status, label).to.not.equal("valid");
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("SDK functions throw only BaseErrors on arbitrary JSON, alone or grafted into a credential", function () {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.nat(), (value, at) => {
        exerciseSdkValue(value, `value ${JSON.stringify(value)}`);
        const credential = structuredClone(batchA[0]);
        const paths = allPaths(credential);
        const target = paths[at % paths.length];
        setAt(credential, target, value);
        exerciseSdkValue(credential, `${pointerFromPath(target)} := ${JSON.stringify(value)}`);
        exerciseSdk(fileText(credential), `${pointerFromPath(target)} := ${JSON.stringify(value)} (text)`);
      }),
      { numRuns: 150 },
    );
    // Inputs that are not JSON at all, handed to the SDK by a careless caller.
    const cyclic: Record<string, unknown> = { ...batchA[0] };
    cyclic.credentialSubject = cyclic;
    for (const value of [undefined, () => 1, Symbol("x"), 10n, new Date(), new Map(), cyclic, Object.create(null)]) {
      exerciseSdkValue(value, String(typeof value));
    }
  });

  it("verifyCredentials never throws for any input value and answers one result per input", async function () {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(anyJsonValue, fc.string()), { maxLength: 5 }), async (inputs) => {
        const results = await verifyCredentials(inputs, { now: NOW });
        expect(results).to.have.length(inputs.length);
        for (const result of results) expect(result.status).to.not.equal("valid");
      }),
      { numRuns: 100 },
    );
  });
});
