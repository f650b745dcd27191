/**
 * Decides which requirement of a pathway each component meets and what is missing. Pure: the
 * components were verified before (docs/SPEC.md section 11.3).
 */
import {
  groupMembers,
  isRequirementGroup,
  type ComponentRequirement,
  type Pathway,
  type Requirement,
  type RequirementGroup,
} from "./pathway";

/** What the evaluation needs to know about one component, after it was verified. */
export interface ComponentFacts {
  /** A label for messages: the file name, or `component 2`. */
  label: string;
  /** credentialSubject.achievement.id (a stack: the stacked achievement, achievement[0].id). */
  achievementId?: string;
  achievementName?: string;
  /** issuer.id as the component names it. */
  issuerId?: string;
  /** CAIP-10 of the registry the component is anchored in: `eip155:<chainId>:<address>`. */
  registry?: string;
  validFrom?: string;
  /** creditsEarned, else the achievement's creditsAvailable. */
  credits?: number;
  /** The component's verdict; `withheld`: the holder dropped it from a stacked credential. */
  status: "valid" | "invalid" | "error" | "withheld";
  /** Why the verdict is not valid, in one sentence. */
  reason?: string;
}

/** How one component requirement fared. */
export interface RequirementOutcome {
  requirement: ComponentRequirement;
  /** The requirement's display name. */
  name: string;
  met: boolean;
  /** Index in the components list of the component that meets it (or came closest). */
  component?: number;
  /** Why it is not met (absent when met). */
  reason?: string;
}

/** How a group fared. */
export interface GroupOutcome {
  name?: string;
  /** Members that must be met: all (allOf) or atLeast. */
  required: number;
  /** Members met. */
  met: number;
  satisfied: boolean;
  members: (RequirementOutcome | GroupOutcome)[];
}

/** The whole answer: met or not, and why. */
export interface PathwayEvaluation {
  satisfied: boolean;
  root: GroupOutcome;
  /** Every component requirement, in pathway order. */
  requirements: RequirementOutcome[];
  /** Names of the requirements not met, in pathway order. */
  missing: string[];
  /** Summed credits of the components that meet a requirement, and the minimum (when the pathway sets one). */
  credits?: { earned: number; required: number };
  /** Components that meet no requirement, with the reason. */
  unused: { component: number; reason: string }[];
  /** "2 of 3 modules; missing: Remote Patient Monitoring". */
  summary: string;
}

export interface EvaluatePathwayOptions {
  /** The time component ages are judged at. Default: now. */
  now?: Date;
}

const DAY_MS = 86_400_000;

function registryMatches(wanted: string, actual: string | undefined): boolean {
  return actual !== undefined && wanted.toLowerCase() === actual.toLowerCase();
}

/**
 * Matches verified components against a pathway's requirements. A component meets a component
 * requirement when its achievement id is the requirement's, its issuer is the requirement's (or the
 * pathway accepts other issuers), its registry is the requirement's (when one is named), it is not
 * older than `maxComponentAgeDays`, and its verdict is `valid`. Each component meets at most one
 * requirement (the first in pathway order). Groups count their members; the pathway is satisfied when
 * the root group is and the credits reach `minCredits`.
 *
 * @example
 * const evaluation = evaluatePathway(pathway, facts);
 * evaluation.summary; // "2 of 3 modules; missing: Remote Patient Monitoring"
 */
export function evaluatePathway(
  pathway: Pathway,
  components: readonly ComponentFacts[],
  options: EvaluatePathwayOptions = {},
): PathwayEvaluation {
  const now = (options.now ?? new Date()).getTime();
  const used = new Set<number>();
  const outcomes: RequirementOutcome[] = [];
  const closest = new Map<number, string>();

  const judge = (requirement: ComponentRequirement): RequirementOutcome => {
    const name = requirement.name ?? requirement.achievement;
    let best: { component: number; reason: string; rank: number } | undefined;
    for (let i = 0; i < components.length; i++) {
      if (used.has(i)) continue;
      const c = components[i];
      if (c.achievementId !== requirement.achievement) continue;
      let reason: string | undefined;
      let rank = 0;
      if (c.issuerId !== requirement.issuer && !pathway.acceptOtherIssuers) {
        reason = `${c.label} is issued by ${c.issuerId ?? "an unnamed issuer"}, not ${requirement.issuer}`;
        rank = 1;
      } else if (requirement.registry !== undefined && !registryMatches(requirement.registry, c.registry)) {
        reason = `${c.label} is anchored in ${c.registry ?? "no registry"}, not ${requirement.registry}`;
        rank = 2;
      } else if (
        pathway.maxComponentAgeDays !== undefined &&
        c.validFrom !== undefined &&
        now - Date.parse(c.validFrom) > pathway.maxComponentAgeDays * DAY_MS
      ) {
        reason = `${c.label} is from ${c.validFrom}, older than ${pathway.maxComponentAgeDays} days`;
        rank = 3;
      } else if (c.status !== "valid") {
        reason =
          c.status === "withheld"
            ? `${c.label} was withheld by the holder`
            : `${c.label} does not verify (${c.status}): ${c.reason ?? "see its checks"}`;
        rank = 4;
      }
      if (reason === undefined) {
        used.add(i);
        return { requirement, name, met: true, component: i };
      }
      if (!best || rank > best.rank) best = { component: i, reason, rank };
    }
    if (best) closest.set(best.component, best.reason);
    return {
      requirement,
      name,
      met: false,
      ...(best ? { component: best.component, reason: best.reason } : { reason: "no component for this achievement" }),
    };
  };

  const walk = (group: RequirementGroup): GroupOutcome => {
    const members = groupMembers(group).map((member: Requirement) => {
      if (isRequirementGroup(member)) return walk(member);
      const outcome = judge(member);
      outcomes.push(outcome);
      return outcome;
    });
    const met = members.filter((m) => ("satisfied" in m ? m.satisfied : m.met)).length;
    const required = "allOf" in group ? group.allOf.length : group.atLeast;
    return {
      ...(group.name !== undefined ? { name: group.name } : {}),
      required,
      met,
      satisfied: met >= required,
      members,
    };
  };
  const root = walk(pathway.requirements);

  let credits: PathwayEvaluation["credits"];
  let creditsOk = true;
  if (pathway.minCredits !== undefined) {
    let earned = 0;
    for (const i of used) earned += components[i].credits ?? 0;
    credits = { earned, required: pathway.minCredits };
    creditsOk = earned >= pathway.minCredits;
  }
  const missing = outcomes.filter((o) => !o.met).map((o) => o.name);
  const unused: PathwayEvaluation["unused"] = [];
  components.forEach((c, i) => {
    if (used.has(i)) return;
    unused.push({
      component: i,
      reason:
        closest.get(i) ??
        `${c.label} (${c.achievementName ?? c.achievementId ?? "no achievement"}) is not part of the pathway`,
    });
  });

  const unit = pathway.unit ?? "components";
  const parts = [`${Math.min(root.met, root.required)} of ${root.required} ${unit}`];
  if (!root.satisfied && missing.length > 0) parts.push(`missing: ${missing.join(", ")}`);
  if (credits) parts.push(`${credits.earned} of ${credits.required} credits`);
  return {
    satisfied: root.satisfied && creditsOk,
    root,
    requirements: outcomes,
    missing: root.satisfied ? [] : missing,
    ...(credits ? { credits } : {}),
    unused,
    summary: parts.join("; "),
  };
}
