/**
 * Which format results mean "this is not a credential at all", as opposed to "a credential that is
 * invalid" (docs/SPEC.md 7.2).
 */
import type { CheckCode } from "./codes";
import type { CheckResult, VerificationResult } from "./types";

/**
 * The codes of a format check that found no credential to judge: not JSON (or not UTF-8), too large
 * to read, unreadable, JSON without a credanchor proof entry, or an image without a baked credential. Their status is `error` and the
 * verdict `error` (the CLI says "not a credential", exit 2). A document that has a credanchor proof
 * entry and breaks the format is `failed` instead (`FORMAT_INVALID_CREDENTIAL`,
 * `FORMAT_PROOF_INVALID`): an invalid credential, exit 1.
 *
 * @example
 * const format = result.checks[0];
 * NOT_A_CREDENTIAL_CODES.has(format.code) // true for "FORMAT_INVALID_JSON"
 */
export const NOT_A_CREDENTIAL_CODES: ReadonlySet<CheckCode> = new Set<CheckCode>([
  "FORMAT_INVALID_JSON",
  "FORMAT_TOO_LARGE",
  "FORMAT_PROOF_MISSING",
  "FILE_UNREADABLE",
  "FORMAT_IMAGE_NOT_BAKED",
]);

/**
 * True when the result's format check found no credential (its code is in NOT_A_CREDENTIAL_CODES).
 *
 * @example
 * isNotACredential(await verifyCredential("hello")) // true
 */
export function isNotACredential(result: Pick<VerificationResult, "checks">): boolean {
  const format: CheckResult | undefined = result.checks.find((check) => check.check === "format");
  return format !== undefined && format.status === "error" && NOT_A_CREDENTIAL_CODES.has(format.code as CheckCode);
}
