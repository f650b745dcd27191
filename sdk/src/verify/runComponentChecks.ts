/**
 * The `components` check: a stacked credential (CLR 2.0 ClrCredential) is verified as a whole, its
 * own proofs and every embedded credential, recursively to depth 3. Internal to `verifyCredentials`:
 * the embedded credentials join the run as extra work items, so that their chain reads are batched
 * with everyone else's (one `credentialStatuses` read per chain and block, not one per component).
 * docs/SPEC.md section 11.5.
 */
import {
  awardedAchievement,
  componentAchievementIds,
  componentFacts,
  embeddedCredentials,
  isClrCredential,
  learnerOf,
} from "../stack/clr";
import { MAX_STACK_DEPTH } from "../stack/pathway";
import type { ComponentFacts } from "../stack/evaluatePathway";
import { runFormatCheck } from "./runOfflineChecks";
import type { CheckResult, VerificationResult } from "./types";
import { checkResult, toVerificationResult, type CheckRecorder, type Work } from "./verdict";

/** A stacked credential in the run: its work item, depth, and its components' work items. */
export interface StackNode {
  work: Work;
  /** 1 for a stack given as input; 2 for a stack inside it; 3 at most. */
  depth: number;
  children: Work[];
  /** What the evaluation reads from each child, taken before the run slims the documents. */
  facts: ComponentFacts[];
  /** Achievement ids the stack names as components (isChildOf associations). */
  named: string[];
  /** A child is a stack one level deeper than allowed. */
  tooDeep: boolean;
  /** The stack's learner id, when it has one. */
  learnerId?: string;
  /** The stacked achievement's name. */
  achievement?: string;
  /** Each child's achievementType ("" when it has none). */
  types: string[];
}

/**
 * Finds the stacked credentials among `works` (those whose format check passed), runs the format
 * check on each embedded credential as a new work item appended to `works`, and recurses into
 * embedded stacks up to depth 3. Returns the stacks, deepest last.
 */
export function expandStacks(works: Work[], recorder: CheckRecorder): StackNode[] {
  const nodes: StackNode[] = [];
  const queue: { work: Work; depth: number }[] = [];
  for (const work of works) {
    if (work.proof && work.credential && isClrCredential(work.credential)) queue.push({ work, depth: 1 });
  }
  while (queue.length > 0) {
    const { work, depth } = queue.shift()!;
    const credential = work.credential!;
    const node: StackNode = {
      work,
      depth,
      children: [],
      facts: [],
      named: componentAchievementIds(credential),
      tooDeep: false,
      types: [],
    };
    const learner = learnerOf(credential);
    if (learner.id !== undefined) node.learnerId = learner.id;
    const name = awardedAchievement(credential)?.name;
    if (typeof name === "string") node.achievement = name;
    const label = work.file ?? `credential ${work.index + 1}`;
    embeddedCredentials(credential).forEach((component, i) => {
      const child: Work = { index: works.length, checks: {}, started: 0 };
      child.file = `${label}#/credentialSubject/verifiableCredential/${i}`;
      works.push(child);
      runFormatCheck(child, component, recorder);
      node.children.push(child);
      node.facts.push(componentFacts(component, `component ${i + 1}`, "valid"));
      const type = awardedAchievement(component)?.achievementType;
      node.types.push(typeof type === "string" ? type : "");
      if (child.proof && child.credential && isClrCredential(child.credential)) {
        if (depth + 1 > MAX_STACK_DEPTH) node.tooDeep = true;
        else queue.push({ work: child, depth: depth + 1 });
      }
    });
    nodes.push(node);
  }
  return nodes;
}

/** "modules" from components whose achievementType is "ext:Module"; "components" when they differ. */
function unitOf(types: readonly string[]): string {
  const distinct = [...new Set(types)];
  if (distinct.length !== 1 || distinct[0] === "") return "components";
  const word = distinct[0]
    .replace(/^ext:/, "")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return word.endsWith("s") ? word : `${word}s`;
}

/** The first failed (else errored) check of a result, as the reason in one sentence. */
function reasonOf(result: VerificationResult): string {
  const check =
    result.checks.find((c) => c.status === "failed") ??
    result.checks.find((c) => c.status === "error") ??
    result.checks.find((c) => c.status === "skipped");
  return check?.message ?? result.summary;
}

/**
 * Records the `components` check of every work item: skipped (not a stack) for plain credentials,
 * and for each stack the verdict over its components, deepest stacks first. Returns the results of
 * every work item by index, with `components` and `stack` filled in for stacks.
 */
export function finishComponentChecks(
  works: readonly Work[],
  nodes: readonly StackNode[],
  recorder: CheckRecorder,
): Map<number, VerificationResult> {
  const stackOf = new Map<Work, StackNode>(nodes.map((n) => [n.work, n]));
  const results = new Map<number, VerificationResult>();
  for (const work of works) {
    if (!stackOf.has(work) && work.checks.components === undefined) {
      recorder.finish(
        work,
        checkResult("components", "skipped", "COMPONENTS_NOT_A_STACK", "The credential embeds no other credentials."),
      );
    }
  }
  // Deepest first, so that a stack's children have their own components check when it is judged.
  for (const node of [...nodes].sort((a, b) => b.depth - a.depth)) {
    const children = node.children.map((child) => results.get(child.index) ?? toVerificationResult(child));
    const { check, stack } = judgeStack(node, children);
    recorder.finish(node.work, check);
    const result = toVerificationResult(node.work);
    result.components = children;
    result.stack = stack;
    results.set(node.work.index, result);
  }
  return results;
}

function judgeStack(
  node: StackNode,
  children: VerificationResult[],
): { check: CheckResult; stack: NonNullable<VerificationResult["stack"]> } {
  const embeddedIds = node.facts.map((f) => f.achievementId);
  const withheld = node.named.filter((id) => !embeddedIds.includes(id));
  const total = node.named.length > 0 ? node.named.length : children.length;
  const unit = unitOf(node.types);
  const mismatched: number[] = [];
  if (node.learnerId !== undefined) {
    children.forEach((_, i) => {
      const id = learnerOf(node.children[i].credential).id;
      if (id !== undefined && id !== node.learnerId) mismatched.push(i);
    });
  }
  const met = children.filter(
    (r, i) =>
      r.status === "valid" &&
      !mismatched.includes(i) &&
      (node.named.length === 0 || node.named.includes(embeddedIds[i]!)),
  ).length;
  const name = (i: number) =>
    `component ${i + 1}${node.facts[i].achievementName ? ` (${node.facts[i].achievementName})` : ""}`;
  const summary = `${met} of ${total} ${unit}${withheld.length > 0 ? `; ${withheld.length} withheld by the holder` : ""}`;
  const stack = {
    ...(node.achievement !== undefined ? { achievement: node.achievement } : {}),
    met,
    total,
    unit,
    withheld,
    summary,
  };
  const details = {
    components: children.map((r, i) => ({
      component: i + 1,
      status: r.status,
      achievement: node.facts[i].achievementName,
    })),
    withheld,
  };
  if (node.tooDeep) {
    return {
      check: checkResult(
        "components",
        "failed",
        "COMPONENTS_TOO_DEEP",
        `Stacks nest deeper than ${MAX_STACK_DEPTH} levels here; such a stack is refused.`,
        details,
      ),
      stack,
    };
  }
  const invalid = children
    .map((r, i) => [r, i] as const)
    .filter(([r, i]) => r.status === "invalid" || mismatched.includes(i));
  if (invalid.length > 0) {
    const parts = invalid.map(([r, i]) =>
      mismatched.includes(i) ? `${name(i)} names another learner` : `${name(i)}: ${reasonOf(r)}`,
    );
    return {
      check: checkResult("components", "failed", "COMPONENTS_INVALID", `${summary}: ${parts.join("; ")}`, details),
      stack,
    };
  }
  const errored = children.map((r, i) => [r, i] as const).filter(([r]) => r.status === "error");
  if (errored.length > 0) {
    return {
      check: checkResult(
        "components",
        "error",
        "COMPONENTS_UNVERIFIED",
        `${summary}: ${errored.map(([r, i]) => `${name(i)} could not be verified: ${reasonOf(r)}`).join("; ")}`,
        details,
      ),
      stack,
    };
  }
  if (withheld.length > 0) {
    return {
      check: checkResult(
        "components",
        "skipped",
        "COMPONENTS_WITHHELD",
        `${summary}: the holder withheld ${withheld.length === 1 ? "a component" : `${withheld.length} components`}, so the pathway is unproven.`,
        details,
      ),
      stack,
    };
  }
  return {
    check: checkResult("components", "passed", "COMPONENTS_VALID", `${summary}: every component verifies.`, details),
    stack,
  };
}
