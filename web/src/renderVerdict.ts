import { h } from "./dom";
import { CHECK_TITLES } from "./renderChecks";
import type { CheckResult, VerificationOutcome } from "./types";

export type VerdictState =
  { kind: "checking" } | { kind: "result"; outcome: VerificationOutcome } | { kind: "crashed"; message: string };

const HEADLINE = {
  valid: { icon: "✓", text: "Valid credential", tone: "valid" },
  invalid: { icon: "✗", text: "Not valid", tone: "invalid" },
  error: { icon: "!", text: "Could not be checked", tone: "error" },
} as const;

/** Longer check messages are not repeated in the banner. */
const MAX_REASON_LENGTH = 160;

/**
 * The one-line reason under the verdict: for a valid credential what was proven; for an
 * invalid one the first failed check; for an undecided one the first check that could not run.
 */
export function verdictReason(outcome: Pick<VerificationOutcome, "status" | "checks"> & { summary?: string }): string {
  const first = (status: CheckResult["status"]) => outcome.checks.find((check) => check.status === status);
  if (outcome.status === "valid") {
    // The page's own words rather than the SDK's summary, which names the holder by whatever the
    // file carries first (a hashed e-mail address when the name is hidden).
    const skipped = outcome.checks.filter((check) => check.status === "skipped").length;
    const what =
      "content unchanged, recorded on the blockchain, not revoked or suspended, within its dates, issuer confirmed";
    return skipped === 0
      ? `Every check passed: ${what}.`
      : `Every check that applies passed (${skipped} skipped, see below).`;
  }
  const culprit = outcome.status === "invalid" ? first("failed") : (first("error") ?? first("failed"));
  if (culprit) {
    const title = CHECK_TITLES[culprit.check]?.title ?? culprit.check;
    // One line: a long message (the issuer check explains each lookup) stays in the check's row.
    if (culprit.message.length <= MAX_REASON_LENGTH) return `${title}: ${culprit.message}`;
    return culprit.status === "failed"
      ? `${title}: failed. The checks below say why.`
      : `${title}: could not be checked. The checks below say why.`;
  }
  if (typeof outcome.summary === "string" && outcome.summary) return outcome.summary;
  return outcome.status === "invalid" ? "A check failed." : "A check could not be completed.";
}

/**
 * The sentence above the badge: how far its content can be trusted, given the verdict. A changed or
 * unproven file is not to be relied on; a revoked, suspended or expired one is genuine but withdrawn.
 */
export function badgeCaveat(outcome: Pick<VerificationOutcome, "status" | "checks">): string | undefined {
  const failed = new Set(outcome.checks.filter((check) => check.status === "failed").map((check) => check.check));
  if (outcome.status === "invalid") {
    if (["format", "integrity", "inclusion", "anchor"].some((check) => failed.has(check as CheckResult["check"]))) {
      return "Do not rely on the details below: this file does not match what the issuer recorded.";
    }
    if (failed.has("revocation")) return "The details below were issued, but the issuer has revoked this credential.";
    if (failed.has("suspension")) return "The details below were issued, but the issuer has suspended this credential.";
    if (failed.has("validity")) return "The details below were issued, but the credential is not valid at this time.";
    if (failed.has("issuer"))
      return "The issuer named below could not be confirmed as the one that recorded this file.";
    return "Do not rely on the details below: a check failed.";
  }
  if (outcome.status === "error") return "The details below are what the file says; they could not be confirmed yet.";
  return undefined;
}

/**
 * Fills the verdict banner. The banner is an `aria-live` region that stays in the page, so screen
 * readers announce each new verdict.
 *
 * @example
 * paintVerdict(banner, { kind: "result", outcome });
 */
export function paintVerdict(banner: HTMLElement, state: VerdictState): void {
  if (state.kind === "checking") {
    banner.dataset.verdict = "checking";
    banner.className = "verdict verdict-checking";
    banner.replaceChildren(
      h("span", { class: "verdict-icon", "aria-hidden": "true" }, "◔"),
      h(
        "div",
        {},
        h("p", { class: "verdict-title" }, "Checking…"),
        h("p", { class: "verdict-reason" }, "Running the checks below."),
      ),
    );
    return;
  }
  if (state.kind === "crashed") {
    banner.dataset.verdict = "error";
    banner.className = "verdict verdict-error";
    banner.replaceChildren(
      h("span", { class: "verdict-icon", "aria-hidden": "true" }, "!"),
      h(
        "div",
        {},
        h("p", { class: "verdict-title" }, HEADLINE.error.text),
        h("p", { class: "verdict-reason" }, state.message),
      ),
    );
    return;
  }
  const headline = HEADLINE[state.outcome.status];
  banner.dataset.verdict = state.outcome.status;
  banner.className = `verdict verdict-${headline.tone}`;
  banner.replaceChildren(
    h("span", { class: "verdict-icon", "aria-hidden": "true" }, headline.icon),
    h(
      "div",
      {},
      h("p", { class: "verdict-title" }, headline.text),
      h("p", { class: "verdict-reason" }, verdictReason(state.outcome)),
    ),
  );
}
