/**
 * credanchor's verdict in the shape of the W3C VC API (`POST /credentials/verify`): `verified`,
 * `checks` (the checks that passed), `warnings` and `errors` as problem details (RFC 9457 members
 * `type`, `title`, `detail`, plus credanchor's `check` and `code`), with the full SDK result beside it
 * as `credanchor` (the shape of `credanchor verify --json`'s results).
 */
import {
  ACCEPTED_SKIP_CODES,
  type CheckCode,
  type CheckResult,
  isNotACredential,
  type VerificationResult,
} from "../../sdk/src/node";

/** The verdict of one credential, as the CLI names it. */
export type ServeVerdict = "valid" | "invalid" | "error" | "not-a-credential";

/** How many answers had each verdict, and how many were `verified`: what verify-batch's summary and /metrics add up. */
export type VerdictCounts = Record<ServeVerdict, number> & { verified: number };

/** No answers counted yet. */
export function emptyVerdictCounts(): VerdictCounts {
  return { valid: 0, invalid: 0, error: 0, "not-a-credential": 0, verified: 0 };
}

/** Counts `answer` into `counts` (verify-batch's worker threads and its request's thread alike). */
export function countVerdict(counts: VerdictCounts, answer: VcApiVerification): void {
  counts[answer.credanchor.verdict]++;
  if (answer.verified) counts.verified++;
}

/** A problem detail: one check that failed, could not run, or passed with a caveat. */
export interface ProblemDetail {
  /** `urn:credanchor:check:<CODE>` (a stable code, docs/SPEC.md section 7). */
  type: string;
  title: string;
  detail: string;
  check: CheckResult["check"];
  code: string;
}

/** What the verify endpoints answer for one credential. */
export interface VcApiVerification {
  verified: boolean;
  checks: string[];
  warnings: ProblemDetail[];
  errors: ProblemDetail[];
  /** The SDK's result with the CLI's verdict (`credanchor verify --json`, one entry of `results`). */
  credanchor: VerificationResult & { verdict: ServeVerdict };
}

const TITLES: Record<CheckResult["status"], string> = {
  passed: "passed",
  failed: "failed",
  error: "could not be checked",
  skipped: "not checked",
};

/**
 * The problem detail of one check (a failed, undecided or accepted-skip check).
 *
 * @example
 * problem(check); // { type: "urn:credanchor:check:SIGNATURE_ABSENT", title: "signature not checked", ... }
 */
export function problem(check: CheckResult): ProblemDetail {
  return {
    type: `urn:credanchor:check:${check.code}`,
    title: `${check.check} ${TITLES[check.status]}`,
    detail: check.message,
    check: check.check,
    code: check.code,
  };
}

/** What the VC API answer is made of, before its problem details are built. */
export interface VcApiParts {
  verified: boolean;
  /** The names of the checks that passed. */
  checks: string[];
  /** The checks answered as warnings, in order. */
  warnings: CheckResult[];
  /** The checks answered as errors, in order. */
  errors: CheckResult[];
  verdict: ServeVerdict;
}

/**
 * Sorts a result's checks into the VC API's lists (see toVcApiVerification): the one place that
 * decides, for the objects of toVcApiVerification and verify-batch's bytes (answerJson.ts) alike.
 *
 * @example
 * vcApiParts(result); // { verified: true, checks: ["format", ...], warnings: [issuerCheck], errors: [], verdict: "valid" }
 */
export function vcApiParts(result: VerificationResult): VcApiParts {
  const verdict: ServeVerdict = isNotACredential(result) ? "not-a-credential" : result.status;
  const checks: string[] = [];
  const warnings: CheckResult[] = [];
  const errors: CheckResult[] = [];
  for (const check of result.checks) {
    if (check.status === "passed") checks.push(check.check);
    else if (check.status === "failed" || check.status === "error") errors.push(check);
    else if (check.code === "COMPONENTS_NOT_A_STACK") continue;
    else if (ACCEPTED_SKIP_CODES.has(check.code as CheckCode)) warnings.push(check);
    else if (check.code !== "SKIPPED_DEPENDENCY") errors.push(check);
  }
  return { verified: result.status === "valid", checks, warnings, errors, verdict };
}

/**
 * `verified` is true only for a `valid` verdict. A failed or undecided check is an error; a check
 * skipped because another did not pass is left out (its cause is listed); a skip a valid verdict
 * accepts (the local chain's issuer, an unsigned credential) is a warning, except the components
 * check of a credential that is no stack (nothing to check there, nothing to warn about).
 *
 * @example
 * const answer = toVcApiVerification(result); // { verified: true, checks: ["format", ...], ... }
 */
export function toVcApiVerification(result: VerificationResult): VcApiVerification {
  const { verified, checks, warnings, errors, verdict } = vcApiParts(result);
  return {
    verified,
    checks,
    warnings: warnings.map(problem),
    errors: errors.map(problem),
    credanchor: { ...result, verdict },
  };
}

/**
 * toVcApiVerification's answer, for a result no one else holds (verify-batch's threads): `result` itself
 * becomes the answer's `credanchor`, its verdict added as its last member, where toVcApiVerification
 * copies it (`{ ...result, verdict }`, the same members in the same order, so the same JSON). The copy of
 * a result's ~20 members cost ~9 µs of CPU per credential, about a third of a thread's answers
 * (docs/PERFORMANCE.md, "verify-batch, December 7, second evening round").
 *
 * @example
 * const answer = toVcApiVerificationOwned(result); // answer.credanchor === result
 */
export function toVcApiVerificationOwned(
  result: VerificationResult,
  problems: ProblemDetails = new ProblemDetails(),
): VcApiVerification {
  const { verified, checks, warnings, errors, verdict } = vcApiParts(result);
  const credanchor = result as VcApiVerification["credanchor"];
  credanchor.verdict = verdict;
  return {
    verified,
    checks,
    warnings: warnings.map((check) => problems.of(check)),
    errors: errors.map((check) => problems.of(check)),
    credanchor,
  };
}

/**
 * The problem details of the checks met so far, by message: a batch's valid credentials carry the same
 * two warnings (the issuer on a local chain, no signature), so each answer gets the same object instead
 * of two new ones with their texts built again, and the answers' templates compare them by reference.
 * A detail is only read (written as JSON), never changed. Holds at most `max` messages (then starts over).
 *
 * @example
 * const problems = new ProblemDetails();
 * problems.of(check) === problems.of(sameCheckOfTheNextCredential); // true
 */
export class ProblemDetails {
  private readonly known = new Map<string, { check: CheckResult; detail: ProblemDetail }>();

  constructor(private readonly max = 256) {}

  /** problem(check), or the same detail given for an earlier check of the same check, status, code and message. */
  of(check: CheckResult): ProblemDetail {
    const known = this.known.get(check.message);
    if (
      known !== undefined &&
      known.check.check === check.check &&
      known.check.status === check.status &&
      known.check.code === check.code
    ) {
      return known.detail;
    }
    const detail = problem(check);
    if (this.known.size >= this.max) this.known.clear();
    this.known.set(check.message, { check, detail });
    return detail;
  }
}
