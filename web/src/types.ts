/**
 * The shapes the page renders. They mirror the SDK's verification result (sdk/src/verify); the page
 * only relies on these fields.
 */

export type CheckName =
  "format" | "integrity" | "inclusion" | "anchor" | "finality" | "revocation" | "suspension" | "validity" | "issuer";

export type CheckStatus = "passed" | "failed" | "error" | "skipped";
export type Verdict = "valid" | "invalid" | "error";

export interface CheckResult {
  check: CheckName;
  status: CheckStatus;
  code: string;
  message: string;
  details?: unknown;
}

export interface VerificationOutcome {
  status: Verdict;
  checks: CheckResult[];
  summary?: unknown;
}

export interface CheckProgress {
  check: CheckName;
  phase: "started" | "finished";
  result?: CheckResult;
}

/** Every check, in the order the page lists them. */
export const CHECK_ORDER: readonly CheckName[] = [
  "format",
  "integrity",
  "inclusion",
  "anchor",
  "finality",
  "revocation",
  "suspension",
  "validity",
  "issuer",
];
