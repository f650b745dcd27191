import { h } from "./dom";
import type { VerificationOutcome } from "./types";

const STATUS_TEXT: Record<string, { icon: string; label: string }> = {
  valid: { icon: "✓", label: "Valid" },
  invalid: { icon: "✗", label: "Invalid" },
  error: { icon: "!", label: "Could not check" },
};

/** The first failed (else errored) check's message: why a component is not valid. */
function reasonOf(outcome: VerificationOutcome): string | undefined {
  const check = outcome.checks.find((c) => c.status === "failed") ?? outcome.checks.find((c) => c.status === "error");
  return check?.message;
}

/**
 * A stacked credential's components (docs/SPEC.md section 11.5), underneath its checks: the pathway
 * ("3 of 3 modules"), then each component with its own status and, when it is not valid, why; nested
 * stacks as nested lists. Undefined for a credential that is not a stack. All text goes in as text.
 *
 * @example
 * const section = renderComponents(outcome);
 * if (section) ui.checks.append(section);
 */
export function renderComponents(outcome: VerificationOutcome): HTMLElement | undefined {
  if (!outcome.components && !outcome.stack) return undefined;
  return h(
    "section",
    { class: "stack", id: "stack-components" },
    h("h3", {}, "Stacked from"),
    outcome.stack
      ? h(
          "p",
          { class: "stack-pathway" },
          outcome.stack.summary,
          outcome.stack.withheld.length > 0 ? " — the holder withheld components, so the pathway is unproven" : "",
        )
      : null,
    componentList(outcome),
  );
}

function componentList(outcome: VerificationOutcome): HTMLElement {
  return h(
    "ul",
    { class: "stack-components" },
    ...(outcome.components ?? []).map((component) => {
      const text = STATUS_TEXT[component.status] ?? STATUS_TEXT.error;
      const issuer = component.issuer?.name ?? component.issuer?.id;
      const reason = component.status === "valid" ? undefined : reasonOf(component);
      return h(
        "li",
        { class: `stack-component stack-component-${component.status}`, "data-status": component.status },
        h("span", { class: "stack-component-icon", "aria-hidden": "true" }, text.icon),
        " ",
        h("strong", {}, component.achievement ?? "(achievement not shown)"),
        issuer ? ` · ${issuer}` : "",
        " — ",
        text.label,
        reason ? h("p", { class: "stack-component-reason" }, reason) : null,
        component.components ? componentList(component) : null,
      );
    }),
  );
}
