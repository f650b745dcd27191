import { h } from "./dom";
import type { LoadProblem } from "./loadCredential";

/** Where, in words: "line 3, column 14" and/or "at /credentialSubject/achievement". */
export function describeLocation(problem: Pick<LoadProblem, "line" | "column" | "pointer">): string | undefined {
  const parts: string[] = [];
  if (problem.line !== undefined) {
    parts.push(
      problem.column !== undefined ? `line ${problem.line}, column ${problem.column}` : `line ${problem.line}`,
    );
  }
  // A syntax error's pointer is the member being read; "" (the document) adds nothing to a line number.
  if (problem.pointer) parts.push(`at JSON pointer ${problem.pointer}`);
  else if (problem.pointer === "" && parts.length === 0) parts.push("the document as a whole");
  return parts.length > 0 ? parts.join(", ") : undefined;
}

/**
 * The panel for a file that is not a credential: what is wrong, where (with the offending line and a
 * caret under the column), and what to do.
 *
 * @example
 * panel.replaceChildren(renderProblem(loaded.problem, "badge.json"));
 */
export function renderProblem(problem: LoadProblem, source: string): HTMLElement {
  const where = describeLocation(problem);
  let excerpt: HTMLElement | false = false;
  if (problem.excerpt !== undefined) {
    // Show at most 80 characters around the column so a minified file does not overflow.
    const column = Math.max(1, problem.column ?? 1);
    const start = Math.max(0, column - 40);
    const shown = problem.excerpt.slice(start, start + 80);
    const caret = problem.column !== undefined ? `${" ".repeat(column - 1 - start)}^` : "";
    excerpt = h(
      "pre",
      { class: "excerpt", "aria-label": `Line ${problem.line} of the file` },
      h("code", {}, `${start > 0 ? "…" : ""}${shown}\n${start > 0 ? " " : ""}${caret}`),
    );
  }
  return h(
    "div",
    { class: "problem", role: "alert", "data-code": problem.code ?? "" },
    h("h2", { id: "problem-title" }, problem.title),
    h("p", { class: "problem-message" }, problem.message),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "File"),
      h("dd", {}, source),
      where ? h("dt", {}, "Where") : false,
      where ? h("dd", { class: "problem-where" }, where) : false,
    ),
    excerpt,
    problem.details ? h("p", { class: "problem-details" }, problem.details) : false,
    problem.fix ? h("p", { class: "problem-fix" }, h("strong", {}, "What to do: "), problem.fix) : false,
  );
}
