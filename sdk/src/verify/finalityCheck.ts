/**
 * The `finality` check: which rule applies to a chain (the chain's `finalized` tag, or a count of
 * confirmations when the caller asks for one), and the check result for a decision. Internal to
 * sdk/src/verify; the rules themselves are in sdk/src/chain/finality.ts.
 */
import { decideFinality, finalityRule, type FinalityInput, type FinalityRule } from "../chain/finality";
import { VerifyOptionsError } from "../errors/verify";
import type { Caip2ChainId } from "../types";
import type { CheckResult, VerifyOptions } from "./types";
import { checkResult } from "./verdict";

/**
 * The rule for `chain`: `minConfirmations` when the caller gave it (for every chain or for this one),
 * else the chain's own rule (`finalityRule`).
 */
export function finalityRuleFor(
  chain: Caip2ChainId,
  chainId: number,
  option: VerifyOptions["minConfirmations"],
): FinalityRule {
  const value = typeof option === "number" ? option : option?.[chain];
  if (value === undefined) return finalityRule(chainId);
  if (!Number.isInteger(value) || value < 1) {
    throw new VerifyOptionsError(`minConfirmations for ${chain} must be a whole number >= 1, got ${value}`, {
      pointer: "/minConfirmations",
    });
  }
  return { kind: "confirmations", confirmations: value };
}

/**
 * The `finality` result: passed when the anchoring block is final by the rule, else `error`
 * (FINALITY_PENDING: undecided, ask again later). `details.rule` says which rule decided.
 */
export function finalityCheckResult(chain: Caip2ChainId, input: FinalityInput): CheckResult {
  const decision = decideFinality(input);
  const anchoredBlock = Number(input.anchoredBlock);
  const head = Number(input.head);
  const { confirmations } = decision;
  if (decision.rule !== "confirmations") {
    const tagged = Number(decision.taggedBlock);
    const details = { rule: decision.rule, anchoredBlock, finalizedBlock: tagged, head, confirmations };
    if (decision.final) {
      return checkResult(
        "finality",
        "passed",
        "FINALITY_OK",
        `The anchoring block ${anchoredBlock} is ${decision.rule} on ${chain}: the chain's ${decision.rule} block is ${tagged}.`,
        details,
      );
    }
    return checkResult(
      "finality",
      "error",
      "FINALITY_PENDING",
      `The anchoring block ${anchoredBlock} is not ${decision.rule} yet on ${chain}: the chain's ${decision.rule} block is ${tagged} (head ${head}). Check again in a few minutes.`,
      details,
    );
  }
  const required = decision.required!;
  const fallback = decision.tagUnavailable
    ? ` The endpoint does not serve the "${decision.tagUnavailable}" block tag, so confirmations were counted instead.`
    : "";
  const details = {
    rule: "confirmations",
    confirmations,
    required,
    anchoredBlock,
    head,
    ...(decision.tagUnavailable ? { tagUnavailable: decision.tagUnavailable } : {}),
  };
  if (decision.final) {
    return checkResult(
      "finality",
      "passed",
      "FINALITY_OK",
      `The anchoring block has ${confirmations} confirmation${confirmations === 1 ? "" : "s"} (${required} required).${fallback}`,
      details,
    );
  }
  const missing = required - confirmations;
  return checkResult(
    "finality",
    "error",
    "FINALITY_PENDING",
    `The anchoring block has ${confirmations} of the ${required} confirmations required on ${chain}; it is not final yet. Check again in about ${missing} block${missing === 1 ? "" : "s"}.${fallback}`,
    details,
  );
}
