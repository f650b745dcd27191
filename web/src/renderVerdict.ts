import { ACCEPTED_SKIP_CODES } from "../../sdk/src/index";
import { h } from "./dom";
import { CHECK_TITLES, SIGNATURE_SKIP_TEXT } from "./renderChecks";
import type { CheckResult, VerificationOutcome } from "./types";

/**
 * What the page knows about how a verdict was reached, beyond the SDK's result: whether any endpoint
 * came from the link (never the user's own settings) and which chain the proof names.
 */
export interface VerdictContext {
  /** Endpoints or DNS services the link proposed and the user accepted for this visit, in words. */
  viaLink?: readonly string[];
  /** The chain id the proof names, when it names one. */
  chainId?: number;
  /** Codes of a format check meaning "this is not a credential at all" (the SDK's NOT_A_CREDENTIAL_CODES). */
  notCredentialCodes?: ReadonlySet<string>;
}

/**
 * How the page shows a verdict. `valid` is the public-chain green and nothing else: a valid result on
 * the local development chain is `local`, a valid result reached through endpoints a link proposed is
 * `unconfirmed`, a file that is not a credential at all is `not-a-credential`.
 */
export type VerdictKind = "valid" | "local" | "unconfirmed" | "invalid" | "not-a-credential" | "error";

/** The banner's words and colour. */
export interface VerdictView {
  kind: VerdictKind;
  icon: string;
  title: string;
  /** CSS tone: `valid` (green), `local` (neutral blue), `invalid` (red), `error` (amber). */
  tone: "valid" | "local" | "invalid" | "error";
  reason: string;
}

/** The local development chain (Hardhat, Anvil), where no domain can name a registry. */
export const LOCAL_CHAIN_ID = 31337;
/** The SDK's code for an issuer check skipped because the chain is the local development chain. */
export const LOCAL_CHAIN_ISSUER_CODE = "ISSUER_NOT_CHECKED_LOCAL_CHAIN";

/** Longer check messages are not repeated in the banner. */
const MAX_REASON_LENGTH = 160;

type Outcome = Pick<VerificationOutcome, "status" | "checks"> & {
  summary?: string;
  localChain?: boolean;
  issuer?: { id?: string; name?: string; url?: string; domain?: unknown };
};

/** The domain the issuer check confirmed (`result.issuer.domain`), when the SDK names one. */
export function confirmedDomain(outcome: Outcome): string | undefined {
  const issuerCheck = outcome.checks.find((check) => check.check === "issuer");
  const domain = outcome.issuer?.domain;
  return issuerCheck?.status === "passed" && typeof domain === "string" && domain !== "" ? domain : undefined;
}

/** True when the result is about the local development chain. */
export function isLocalChain(outcome: Outcome, chainId: number | undefined): boolean {
  return (
    outcome.localChain === true ||
    chainId === LOCAL_CHAIN_ID ||
    outcome.checks.some((check) => check.check === "issuer" && check.code === LOCAL_CHAIN_ISSUER_CODE)
  );
}

/** The sentence for a revoked credential: "Revoked by the issuer on 1 March 2026: issued in error." */
export function revocationSentence(check: CheckResult): string | undefined {
  if (check.check !== "revocation" || check.status !== "failed") return undefined;
  const details = check.details ?? {};
  const revokedAt = typeof details.revokedAt === "string" ? details.revokedAt : undefined;
  const date = revokedAt && !Number.isNaN(Date.parse(revokedAt)) ? revokedAt.slice(0, 10) : undefined;
  const whole = check.code === "REVOCATION_BATCH_REVOKED" ? " (the whole batch)" : "";
  const reason =
    typeof details.reason === "string" && details.reason !== ""
      ? `: ${details.reason}`
      : details.reasonUnavailable === true
        ? " (reason unavailable)"
        : "";
  return `Revoked by the issuer${whole}${date ? ` on ${date}` : ""}${reason}.`;
}

/**
 * The banner for a finished verification. Only a `valid` result on a public chain, checked through
 * the user's own settings, is green.
 *
 * @example
 * presentVerdict(outcome, { chainId: 11155111 }).title // "Valid credential"
 */
export function presentVerdict(outcome: Outcome, context: VerdictContext = {}): VerdictView {
  const format = outcome.checks.find((check) => check.check === "format");
  if (format && format.status !== "passed" && context.notCredentialCodes?.has(format.code)) {
    return {
      kind: "not-a-credential",
      icon: "?",
      title: "Not a credential",
      tone: "error",
      reason: `${format.message} This file is not a credanchor credential; nothing in it was checked.`,
    };
  }
  const viaLink = context.viaLink ?? [];
  if (outcome.status === "valid") {
    if (viaLink.length > 0) {
      return {
        kind: "unconfirmed",
        icon: "!",
        title: "Not confirmed: checked through the link's endpoints",
        tone: "error",
        reason:
          `The checks passed, but through ${viaLink.join(" and ")}, which the link chose. Whoever made the ` +
          "link controls what those answer. Check again with your own settings.",
      };
    }
    if (isLocalChain(outcome, context.chainId)) {
      const issuerPassed = outcome.checks.some((check) => check.check === "issuer" && check.status === "passed");
      return {
        kind: "local",
        icon: "◇",
        title: issuerPassed
          ? "Valid on a local development chain"
          : "Valid on a local development chain, issuer not checked",
        tone: "local",
        reason:
          "The content and its record check out on a local development chain (eip155:31337), which anyone " +
          "can run: it proves nothing about who issued it. Only a credential on a public chain is fully valid.",
      };
    }
    const issuerCheck = outcome.checks.find((check) => check.check === "issuer");
    if (issuerCheck && issuerCheck.status !== "passed") {
      // Green means every check that protects the verifier passed: an issuer check that did not run
      // is "not confirmed", whatever an SDK's overall status says.
      return {
        kind: "error",
        icon: "!",
        title: "Could not be checked",
        tone: "error",
        reason: `Issuer identity: not confirmed. ${issuerCheck.message}`.slice(0, MAX_REASON_LENGTH * 2),
      };
    }
    return { kind: "valid", icon: "✓", title: "Valid credential", tone: "valid", reason: verdictReason(outcome) };
  }
  const kind = outcome.status === "invalid" ? "invalid" : "error";
  const suffix = viaLink.length > 0 ? ` (Checked through ${viaLink.join(" and ")}, which the link chose.)` : "";
  return {
    kind,
    icon: kind === "invalid" ? "✗" : "!",
    title: kind === "invalid" ? "Not valid" : "Could not be checked",
    tone: kind,
    reason: verdictReason(outcome) + suffix,
  };
}

/**
 * The one-line reason under the verdict: for a valid credential what was proven (and the issuer's
 * confirmed domain, when the SDK names it); for an invalid one the first failed check; for an
 * undecided one the first check that could not run.
 */
export function verdictReason(outcome: Outcome): string {
  const first = (status: CheckResult["status"]) => outcome.checks.find((check) => check.status === status);
  if (outcome.status === "valid") {
    // The page's own words rather than the SDK's summary, which names the holder by whatever the
    // file carries first (a hashed e-mail address when the name is hidden), and the issuer by the
    // name the file gives (which no check confirms).
    const domain = confirmedDomain(outcome);
    const issuer = domain ? `issued by ${domain} (the issuer check confirmed this domain)` : "issuer check passed";
    // A skip the SDK accepts in a valid verdict (no issuer signature, or one removed by disclosure) is
    // said plainly; any other skip is counted.
    const skips = outcome.checks.filter((check) => check.status === "skipped");
    const accepted = skips.filter((check) => ACCEPTED_SKIP_CODES.has(check.code as never));
    const skipped = skips.length - accepted.length;
    const notes = accepted.map(acceptedSkipNote).filter((note): note is string => note !== undefined);
    const what = [
      `content unchanged, recorded on the blockchain, not revoked or suspended, within its dates, ${issuer}`,
      ...notes,
    ].join("; ");
    return skipped === 0
      ? `Every check passed: ${what}.`
      : `Every check that applies passed (${skipped} skipped, see below)${domain ? `; ${issuer}` : ""}${notes.length > 0 ? `; ${notes.join("; ")}` : ""}.`;
  }
  const culprit = outcome.status === "invalid" ? first("failed") : (first("error") ?? first("failed"));
  if (culprit) {
    const title = CHECK_TITLES[culprit.check]?.title ?? culprit.check;
    const revoked = revocationSentence(culprit);
    if (revoked) return `${title}: ${revoked}`;
    // One line: a long message (the issuer check explains each lookup) stays in the check's row.
    if (culprit.message.length <= MAX_REASON_LENGTH) return `${title}: ${culprit.message}`;
    return culprit.status === "failed"
      ? `${title}: failed. The checks below say why.`
      : `${title}: could not be checked. The checks below say why.`;
  }
  if (typeof outcome.summary === "string" && outcome.summary) return outcome.summary;
  return outcome.status === "invalid" ? "A check failed." : "A check could not be completed.";
}

/** A plain note for a skip a valid verdict accepts (the local-chain issuer skip has its own banner). */
function acceptedSkipNote(check: CheckResult): string | undefined {
  return check.check === "signature" ? SIGNATURE_SKIP_TEXT[check.code] : undefined;
}

/** Checks whose failure means the file's content is not what the issuer recorded. */
export const CONTENT_CHECKS: readonly CheckResult["check"][] = ["format", "integrity", "inclusion", "anchor"];

/** True when a failed check shows that the content is not the issuer's (so none of it is shown). */
export function contentDisproved(checks: readonly Pick<CheckResult, "check" | "status">[]): boolean {
  return checks.some((check) => check.status === "failed" && CONTENT_CHECKS.includes(check.check));
}

/**
 * The sentence above the badge: how far its content can be trusted, given the verdict. A changed or
 * unproven file is not shown at all; a revoked, suspended or expired one is genuine but withdrawn.
 */
export function badgeCaveat(outcome: Pick<VerificationOutcome, "status" | "checks">): string | undefined {
  const failed = new Set(outcome.checks.filter((check) => check.status === "failed").map((check) => check.check));
  if (outcome.status === "invalid") {
    if (contentDisproved(outcome.checks)) {
      return "The content of this file is not shown: it does not match what the issuer recorded, so the names and details in it may be forged.";
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

export type VerdictState =
  { kind: "checking" } | { kind: "result"; view: VerdictView } | { kind: "crashed"; message: string };

/**
 * Fills the verdict banner. The banner is an `aria-live` region that stays in the page, so screen
 * readers announce each new verdict.
 *
 * @example
 * paintVerdict(banner, { kind: "result", view: presentVerdict(outcome, { chainId }) });
 */
export function paintVerdict(banner: HTMLElement, state: VerdictState): void {
  const view: { kind: string; tone: string; icon: string; title: string; reason: string } =
    state.kind === "checking"
      ? { kind: "checking", tone: "checking", icon: "◔", title: "Checking…", reason: "Running the checks below." }
      : state.kind === "crashed"
        ? { kind: "error", tone: "error", icon: "!", title: "Could not be checked", reason: state.message }
        : state.view;
  banner.dataset.verdict = view.kind;
  banner.className = `verdict verdict-${view.tone}`;
  banner.replaceChildren(
    h("span", { class: "verdict-icon", "aria-hidden": "true" }, view.icon),
    h("div", {}, h("p", { class: "verdict-title" }, view.title), h("p", { class: "verdict-reason" }, view.reason)),
  );
}
