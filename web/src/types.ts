/**
 * The parts of the SDK's verification result that the page renders (sdk/src/verify/types.ts).
 */
import { CHECK_NAMES, type CheckName, type CheckResult, type VerificationResult } from "../../sdk/src/index";

export type { CheckName, CheckResult, CheckStatus } from "../../sdk/src/index";

/**
 * The verdict, the checks and the issuer; the page does not need the rest of a `VerificationResult`.
 * `localChain` and `issuer.domain` are read when the SDK sets them (issue 12, interfaces 1 and 2).
 */
export type VerificationOutcome = Pick<VerificationResult, "status" | "checks" | "summary"> & {
  issuer?: VerificationResult["issuer"] & { domain?: string };
  localChain?: boolean;
  /** A stacked credential: its components' own outcomes and the pathway (docs/SPEC.md 11.5). */
  achievement?: string;
  components?: VerificationOutcome[];
  stack?: VerificationResult["stack"];
};

/** A check starting or finishing. */
export interface CheckProgress {
  check: CheckName;
  phase: "started" | "finished";
  result?: CheckResult;
}

/** Every check, in the order the SDK reports them and the page lists them. */
export const CHECK_ORDER: readonly CheckName[] = CHECK_NAMES;
