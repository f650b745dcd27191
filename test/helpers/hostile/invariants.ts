/**
 * The invariants every hostile input must keep, as assertions shared by the hostile tests:
 * the SDK throws nothing but BaseErrors, a changed credential is never `valid`, and every refusal says
 * what is wrong and where.
 */
import { expect } from "chai";
import { discloseCredential, redactablePointers } from "../../../sdk/src/canonical/discloseCredential";
import { computeDigest } from "../../../sdk/src/canonical/computeDigest";
import { findProofEntry } from "../../../sdk/src/credential/findProofEntry";
import { parseCredentialJson } from "../../../sdk/src/credential/parseCredentialJson";
import { validateCredential } from "../../../sdk/src/credential/validateCredential";
import { BaseError, formatLocation } from "../../../sdk/src/errors/base";
import { verifyInclusion } from "../../../sdk/src/merkle/verifyInclusion";
import type { Hex } from "../../../sdk/src/types";
import { isNotACredential } from "../../../sdk/src/verify/notACredential";
import type { CheckName, VerificationResult } from "../../../sdk/src/verify/types";

/** Runs `fn`; a thrown value must be a BaseError (an expected failure), never a TypeError or RangeError. */
export function onlyBaseErrors<T>(what: string, fn: () => T): T | BaseError {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof BaseError)) {
      expect.fail(
        `${what} threw ${(error as Error)?.name ?? typeof error}: ${(error as Error)?.message ?? String(error)}`,
      );
    }
    return error;
  }
}

/** A BaseError must say where: a file, line, column or JSON pointer. */
export function expectLocated(error: BaseError, what: string): void {
  expect(formatLocation(error.location), `${what}: "${error.message.split("\n")[0]}" names no location`).to.not.equal(
    "",
  );
}

/**
 * Every public SDK function a credential file goes through, on one text: parse, validate, find the
 * proof entry, recompute the digest, list and hide fields, evaluate the Merkle path. Each either
 * returns or throws a BaseError (and, when it throws, names a location).
 */
export function exerciseSdk(text: string, label: string): void {
  const parsed = onlyBaseErrors(`${label}: parseCredentialJson`, () => parseCredentialJson(text, { file: label }));
  if (parsed instanceof BaseError) {
    expectLocated(parsed, `${label}: parseCredentialJson`);
    return;
  }
  exerciseSdkValue(parsed, label);
}

/** The same for a value already parsed (or built in memory). */
export function exerciseSdkValue(value: unknown, label: string): void {
  const issues = onlyBaseErrors(`${label}: validateCredential`, () => validateCredential(value, { file: label }));
  if (Array.isArray(issues)) for (const issue of issues) expect(issue.pointer, label).to.be.a("string");
  const proof = onlyBaseErrors(`${label}: findProofEntry`, () => findProofEntry(value));
  if (proof instanceof BaseError) expectLocated(proof, `${label}: findProofEntry`);
  if (typeof value !== "object" || value === null) return;
  const digest = onlyBaseErrors(`${label}: computeDigest`, () => computeDigest(value));
  if (digest instanceof BaseError) expectLocated(digest, `${label}: computeDigest`);
  onlyBaseErrors(`${label}: redactablePointers`, () => redactablePointers(value));
  const disclosed = onlyBaseErrors(`${label}: discloseCredential`, () =>
    discloseCredential(value, ["/credentialSubject/name"]),
  );
  if (disclosed instanceof BaseError) expectLocated(disclosed, `${label}: discloseCredential`);
  const entry = ((value as { proof?: unknown }).proof as unknown[] | undefined)?.[0] as
    Record<string, unknown> | undefined;
  if (entry && typeof entry === "object") {
    const included = onlyBaseErrors(`${label}: verifyInclusion`, () =>
      verifyInclusion({
        root: entry.root as Hex,
        leafIndex: entry.leafIndex as number,
        digest: entry.digest as Hex,
        path: entry.path as Hex[],
      }),
    );
    expect(included, `${label}: verifyInclusion must answer true or false`).to.be.a("boolean");
  }
}

/**
 * The first check that failed (checks are reported in pipeline order), or the format check of an input
 * that is not a credential at all (status `error`, a code of NOT_A_CREDENTIAL_CODES).
 */
export function firstFailure(result: Pick<VerificationResult, "checks">) {
  if (isNotACredential(result)) return result.checks.find((check) => check.check === "format");
  return result.checks.find((check) => check.status === "failed");
}

/**
 * A changed or malformed credential: the verdict is `invalid`, because a check that needs no network
 * (format, integrity or inclusion) failed, so no RPC answer (or its absence) could have saved it. An
 * input that is not a credential at all (not JSON, no credanchor proof entry) is `error` instead: there
 * is no credential to call invalid, and it is never `valid`.
 */
export function expectRefusedOffline(result: VerificationResult, label: string): void {
  if (isNotACredential(result)) {
    expect(result.status, `${label}: ${result.summary}`).to.equal("error");
    expect(
      result.checks.slice(1).every((check) => check.status === "skipped"),
      label,
    ).to.equal(true);
    return;
  }
  expect(result.status, `${label}: ${result.summary}`).to.equal("invalid");
  const failed = firstFailure(result);
  expect(failed, label).to.not.equal(undefined);
  expect(["format", "integrity", "inclusion"], `${label}: ${failed!.check} ${failed!.code}`).to.include(failed!.check);
}

/** The verdict, check, code and location text a corpus case names. */
export function expectVerdict(
  result: VerificationResult,
  expected: { check: CheckName; code: string; where?: string },
  label: string,
): void {
  expectRefusedOffline(result, label);
  const failed = firstFailure(result)!;
  expect({ check: failed.check, code: failed.code }, `${label}: ${failed.message}`).to.deep.equal({
    check: expected.check,
    code: expected.code,
  });
  if (expected.where !== undefined) expect(failed.message, label).to.include(expected.where);
  // Checks after a failed offline check prove nothing and must not pass.
  const order: CheckName[] = ["format", "integrity", "inclusion"];
  for (const check of result.checks) {
    if (order.indexOf(check.check) > order.indexOf(failed.check) || !order.includes(check.check)) {
      if (check.check === "validity") continue; // judged on the credential's own dates, reported separately
      expect(check.status, `${label}: ${check.check} after a failed ${failed.check}`).to.not.equal("passed");
    }
  }
}
