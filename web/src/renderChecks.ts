import { h } from "./dom";
import { CHECK_ORDER, type CheckName, type CheckResult, type CheckStatus } from "./types";

/** Plain-words title of each check, and what it proves when it passes. */
export const CHECK_TITLES: Record<CheckName, { title: string; what: string }> = {
  format: { title: "Credential format", what: "The file is an Open Badges 3.0 credential with a credanchor proof." },
  integrity: { title: "Content unchanged", what: "No visible value differs from what the issuer sealed." },
  inclusion: {
    title: "Part of the issued batch",
    what: "The credential belongs to the batch whose fingerprint was recorded.",
  },
  anchor: { title: "Recorded on the blockchain", what: "The issuer's registry holds the batch fingerprint." },
  finality: { title: "Record is final", what: "Enough blocks have followed the record for it to stay." },
  revocation: { title: "Not revoked", what: "The issuer has not withdrawn this credential or its batch." },
  suspension: { title: "Not suspended", what: "The issuer has not put this credential on hold." },
  validity: { title: "Within its dates", what: "Today is between its start date and its end date, if any." },
  issuer: { title: "Issuer identity", what: "The issuer's domain names this registry as its own." },
  signature: {
    title: "Issuer signature",
    what: "The issuer's key, listed in its DID document, signed this content (eddsa-rdfc-2022). Removed when the holder hid fields; the content is then proven by the anchor.",
  },
  components: {
    title: "Stacked components",
    what: "For a stacked credential: every credential it is made of verifies now, each with its own checks.",
  },
};

/** The page's words for the signature check's accepted skips. */
export const SIGNATURE_SKIP_TEXT: Readonly<Record<string, string>> = {
  SIGNATURE_ABSENT: "no issuer signature; content proven by the anchor",
  SIGNATURE_REMOVED_BY_DISCLOSURE: "signature removed when the holder hid fields; content proven by the anchor",
};

type RowState = CheckStatus | "waiting" | "running";

const STATE_TEXT: Record<RowState, { icon: string; label: string }> = {
  waiting: { icon: "○", label: "Waiting" },
  running: { icon: "◔", label: "Checking…" },
  passed: { icon: "✓", label: "Passed" },
  failed: { icon: "✗", label: "Failed" },
  error: { icon: "!", label: "Could not check" },
  skipped: { icon: "–", label: "Skipped" },
};

/** A live list of the checks: one row per check, updated as the pipeline reports. */
export interface ChecksView {
  element: HTMLElement;
  /** Marks a check as running. */
  start(check: CheckName): void;
  /** Shows a check's result. */
  finish(result: CheckResult): void;
  /** Marks every check that never reported (the pipeline stopped early) as not run. */
  settle(): void;
}

/**
 * Builds the list of checks, every check "Waiting".
 *
 * @example
 * const checks = renderChecks();
 * section.append(checks.element);
 * checks.start("integrity");
 */
export function renderChecks(): ChecksView {
  const rows = new Map<CheckName, { row: HTMLElement; state: RowState }>();
  const list = h("ol", { class: "checks", id: "checks-list" });
  const add = (check: CheckName): { row: HTMLElement; state: RowState } => {
    const row = h("li", { class: "check", "data-check": check });
    const entry = { row, state: "waiting" as RowState };
    rows.set(check, entry);
    list.append(row);
    paint(entry.row, check, "waiting", CHECK_TITLES[check]?.what ?? "");
    return entry;
  };
  for (const check of CHECK_ORDER) add(check);

  return {
    element: list,
    start(check) {
      const entry = rows.get(check) ?? add(check);
      entry.state = "running";
      paint(entry.row, check, "running", CHECK_TITLES[check]?.what ?? "");
    },
    finish(result) {
      if (result.check === "components" && result.code === "COMPONENTS_NOT_A_STACK") {
        // Not a stack: nothing was embedded, so the row says nothing a reader needs.
        rows.get(result.check)?.row.remove();
        rows.delete(result.check);
        return;
      }
      const entry = rows.get(result.check) ?? add(result.check);
      entry.state = result.status;
      const plain = result.check === "signature" && result.status === "skipped" && SIGNATURE_SKIP_TEXT[result.code];
      const message = plain ? `${plain.charAt(0).toUpperCase()}${plain.slice(1)}.` : result.message;
      paint(entry.row, result.check, result.status, message, result.code);
    },
    settle() {
      for (const [check, entry] of rows) {
        if (entry.state === "waiting" || entry.state === "running") {
          entry.state = "skipped";
          paint(entry.row, check, "skipped", "Not run: an earlier problem stopped the verification.");
        }
      }
    },
  };
}

function paint(row: HTMLElement, check: CheckName, state: RowState, message: string, code?: string): void {
  const { icon, label } = STATE_TEXT[state];
  row.dataset.status = state;
  row.className = `check check-${state}`;
  row.replaceChildren(
    h("span", { class: "check-icon", "aria-hidden": "true" }, icon),
    h(
      "div",
      { class: "check-body" },
      h(
        "p",
        { class: "check-line" },
        h("span", { class: "check-title" }, CHECK_TITLES[check]?.title ?? check),
        h("span", { class: "check-status" }, label),
      ),
      h("p", { class: "check-message" }, message),
      code && (state === "failed" || state === "error") ? h("p", { class: "check-code" }, `Code: ${code}`) : false,
    ),
  );
}
