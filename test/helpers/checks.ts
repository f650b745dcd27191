/**
 * Reading one check out of a verification result, for tests: `check(result, "revocation")` is the
 * revocation check (an error naming the check and the ones present when it is missing), and
 * `statuses(result)` maps every check to its status.
 *
 * @example
 * expect(check(result, "anchor")).to.deep.include({ status: "error", code: "RPC_UNAVAILABLE" });
 */
import type { CheckName, CheckResult, VerificationResult } from "../../sdk/src/verify/types";

/**
 * The check named `name` of a result: an SDK `VerificationResult`, or one result of a `--json` report
 * (any object with a `checks` list); throws, naming the checks present, when there is none.
 */
export function check<C extends { check: string } = CheckResult>(result: { checks: readonly C[] }, name: string): C {
  const checks = result.checks;
  const found = checks.find((c) => c.check === name);
  if (!found) throw new Error(`no ${name} check in the result (checks: ${checks.map((c) => c.check).join(", ")})`);
  return found;
}

export function statuses(result: VerificationResult): Record<CheckName, string> {
  return Object.fromEntries(result.checks.map((c) => [c.check, c.status])) as Record<CheckName, string>;
}
