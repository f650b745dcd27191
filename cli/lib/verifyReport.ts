/**
 * What `verify` prints: the verdict of each credential (`verdictOf`), its lines in the text report
 * (`formatResult`, a stack's `componentTree`), and the report itself (`printVerifyReport`); the
 * command reads and verifies (cli/commands/verify.ts).
 */
import {
  type Caip2ChainId,
  type CheckResult,
  hiddenFieldsLine,
  isNotACredential,
  LOCAL_DEVELOPMENT_CHAIN,
  type RedactionSummary,
  type VerificationResult,
} from "../../sdk/src/node";
import { identityNotChecked } from "./identityLookup";
import type { Io } from "./io";
import { formatDuration, plural, printable, stylesFor, type Styles } from "./output";

/**
 * What the command concluded about one input. `not-a-credential`: the format check found no credential
 * (not JSON, too large, unreadable, no credanchor proof entry); a malformed credential is `invalid`.
 */
export type Verdict = "valid" | "invalid" | "error" | "not-a-credential";

/** One file's result as `verify` reports it. */
export type VerifiedFile = VerificationResult & { file: string; verdict: Verdict; hidden?: RedactionSummary };

/** `verify`'s counts, and its exit code: 1 when any is invalid, 2 when any could not be checked or is no credential. */
export interface VerifySummary {
  total: number;
  valid: number;
  invalid: number;
  error: number;
  notCredential: number;
  exitCode: number;
}

import { LIST_ALL_UP_TO } from "../specs/verify";

export { LIST_ALL_UP_TO };

export interface VerifyReportOptions {
  /** List every credential, also when there are many (`--all`). */
  all?: boolean;
  /** Show every check of every listed credential (`--checks`). */
  checks?: boolean;
  /** Chains named in the files for which no RPC endpoint is known, with what to set. */
  missing: Map<Caip2ChainId, string>;
  /** When the run started (ms since the epoch), for its duration. */
  started: number;
}

/**
 * The text report: the credentials (all, or those not valid when there are many), what could not be
 * checked, and a summary line.
 *
 * @example
 * printVerifyReport(io, results, summary, { "local-chain": 0, disabled: 0 }, { missing: new Map(), started });
 */
export function printVerifyReport(
  io: Io,
  results: VerifiedFile[],
  summary: VerifySummary,
  notChecked: Record<"local-chain" | "disabled", number>,
  options: VerifyReportOptions,
): void {
  const style = stylesFor(io.stdout, io.env);
  const listAll = options.all || results.length <= LIST_ALL_UP_TO;
  const detail = options.checks || results.length === 1;
  const lines: string[] = [];
  for (const result of results) {
    if (!listAll && result.verdict === "valid") continue;
    lines.push(...formatResult(result, style, detail));
  }
  if (!listAll && summary.valid > 0)
    lines.push(style.dim(`(${plural(summary.valid, "valid credential")} not listed; --all lists them)`));
  for (const [chain, fix] of options.missing) lines.push(style.yellow(`! no RPC endpoint for ${chain}: ${fix}`));
  if (results.length > 1 || !detail) {
    if (notChecked.disabled > 0) {
      lines.push(
        style.yellow(
          `! issuer not confirmed (--no-identity) for ${plural(notChecked.disabled, "credential")}: the issuers' domains were not asked whether they name the registries, so none of them is valid on a public chain`,
        ),
      );
    }
    if (notChecked["local-chain"] > 0) {
      lines.push(
        style.dim(
          `local development chain: issuer not checked for ${plural(notChecked["local-chain"], "credential")} on ${LOCAL_DEVELOPMENT_CHAIN}; valid there means valid on a local development chain (--identity checks the binding anyway)`,
        ),
      );
    }
  }
  const parts = [`${summary.valid} valid`];
  if (summary.invalid) parts.push(style.red(`${summary.invalid} invalid`));
  if (summary.error) parts.push(style.yellow(`${summary.error} could not be checked`));
  if (summary.notCredential) parts.push(style.yellow(`${summary.notCredential} not a credential`));
  if (results.length > 1 || !detail) {
    lines.push(
      "",
      `${plural(summary.total, "credential")}: ${parts.join(", ")} (${formatDuration(Date.now() - options.started)})`,
    );
  }
  io.stdout.write(`${lines.join("\n")}\n`);
}

/**
 * Not a credential (exit 2): the format check found none (NOT_A_CREDENTIAL_CODES: not JSON, too large,
 * unreadable, no credanchor proof entry). A document with a credanchor proof entry that breaks the
 * format is the SDK's `invalid` (exit 1).
 */
export function verdictOf(result: VerificationResult): Verdict {
  if (isNotACredential(result)) return "not-a-credential";
  return result.status;
}

const VERDICT: Record<Verdict, (style: Styles) => string> = {
  valid: (s) => s.green("✔ valid  "),
  invalid: (s) => s.red("✘ invalid"),
  error: (s) => s.yellow("? error  "),
  "not-a-credential": (s) => s.yellow("✘ not a credential"),
};

const STATUS_MARK: Record<CheckResult["status"], (style: Styles) => string> = {
  passed: (s) => s.green("✔"),
  failed: (s) => s.red("✘"),
  error: (s) => s.yellow("?"),
  skipped: (s) => s.dim("-"),
};

/**
 * One credential: the verdict, who, what, from whom, and the file; then the failing check (in a
 * list) or every check (`detail`: one credential, or --checks).
 */
export function formatResult(result: VerifiedFile, style: Styles, detail: boolean): string[] {
  const indent = "           ";
  const lines: string[] = [];
  // Names, files and messages come from the files: printable() keeps them from drawing on the terminal.
  const file = printable(result.file);
  if (result.verdict === "not-a-credential") {
    lines.push(`${VERDICT[result.verdict](style)}  ${file}`);
  } else {
    const who = result.holder !== undefined ? printable(result.holder) : style.dim("(holder hidden)");
    const what =
      result.achievement !== undefined ? printable(result.achievement) : style.dim("(achievement not shown)");
    const issuer = result.issuer?.name ?? result.issuer?.id;
    const named = issuer !== undefined ? printable(issuer) : style.dim("(issuer unknown)");
    // The domain the identity check confirmed; a name alone is only what the file claims.
    const from = result.issuer?.domain !== undefined ? `${named} (${printable(result.issuer.domain)})` : named;
    const verdict =
      result.verdict === "valid" &&
      identityNotChecked(result.checks.find((c) => c.check === "issuer")) === "local-chain"
        ? style.yellow(detail ? "✔ valid on a local development chain, issuer not checked:" : "✔ valid (local chain)")
        : VERDICT[result.verdict](style);
    const headline = `${verdict}  ${style.bold(who)} · ${what} · ${from}`;
    if (detail) lines.push(headline, `${indent}${style.dim(file)}`);
    else lines.push(`${headline}  ${style.dim(file)}`);
    const hiddenLine = result.verdict === "valid" && result.hidden ? hiddenFieldsLine(result.hidden) : undefined;
    if (hiddenLine) lines.push(`${indent}${style.dim(printable(hiddenLine))}`);
  }
  if (detail) {
    const width = Math.max(...result.checks.map((check) => check.check.length));
    for (const check of result.checks) {
      lines.push(
        `${indent}${STATUS_MARK[check.status](style)} ${check.check.padEnd(width)}  ${printable(check.message)}`,
      );
    }
    if (result.components) lines.push(...componentTree(result, style, indent));
  } else if (result.verdict !== "valid") {
    const reason =
      result.checks.find((check) => check.status === "failed") ??
      result.checks.find((check) => check.status === "error") ??
      result.checks.find((check) => check.status === "skipped" && check.code !== "SKIPPED_DEPENDENCY");
    if (reason) lines.push(`${indent}${reason.check} ${reason.status}: ${printable(reason.message)}`);
  }
  return lines;
}

/**
 * A stacked credential's components as a tree under it (docs/SPEC.md section 11.5): each with its
 * verdict, what it is and, when not valid, why; nested stacks indented further.
 */
export function componentTree(result: VerificationResult, style: Styles, indent: string): string[] {
  const lines: string[] = [];
  if (result.stack) {
    const withheld = result.stack.withheld.length;
    lines.push(
      `${indent}${style.bold("stack")}  ${printable(result.stack.summary)}${withheld ? style.yellow(" (pathway unproven)") : ""}`,
    );
  }
  (result.components ?? []).forEach((component, i) => {
    const last = i === result.components!.length - 1;
    const mark = { valid: style.green("✔"), invalid: style.red("✘"), error: style.yellow("?") }[component.status];
    const what =
      component.achievement !== undefined ? printable(component.achievement) : style.dim("(achievement not shown)");
    const issuer = component.issuer?.name ?? component.issuer?.id;
    lines.push(`${indent}${last ? "└─" : "├─"} ${mark} ${what}${issuer ? ` · ${printable(issuer)}` : ""}`);
    const inner = `${indent}${last ? "   " : "│  "}`;
    if (component.status !== "valid") {
      const reason =
        component.checks.find((c) => c.status === "failed") ?? component.checks.find((c) => c.status === "error");
      if (reason) lines.push(`${inner}   ${reason.check} ${reason.status}: ${printable(reason.message)}`);
    }
    if (component.components) lines.push(...componentTree(component, style, `${inner}   `));
  });
  return lines;
}
