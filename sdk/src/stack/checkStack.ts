/**
 * `checkStack`: does a learner's set of component credentials meet a pathway? Every component is
 * verified in full (each on its own chain and registry, its issuer's identity), they must name the
 * same learner, and the pathway decides. Browser-safe (no file access).
 */
import { parseCredentialJson } from "../credential/parseCredentialJson";
import type { VerificationResult, VerifyOptions } from "../verify/types";
import { verifyCredentials } from "../verify/verifyCredentials";
import { componentFacts, learnerMatches, learnerOf } from "./clr";
import { evaluatePathway, type ComponentFacts, type PathwayEvaluation } from "./evaluatePathway";
import type { Pathway } from "./pathway";

/** What is known of the learner, from the issuer (`--email`) or from the components. */
export interface KnownLearner {
  email?: string;
  id?: string;
}

export interface StackComponentReport {
  /** The file name (or label) of the component. */
  file: string;
  /** The component's full verification result. */
  result: VerificationResult;
  facts: ComponentFacts;
  /** The name of the requirement it meets, when it meets one. */
  meets?: string;
  /** Whether it names the learner: `match`, `mismatch`, or `unknown` (cannot tell). */
  learner: "match" | "mismatch" | "unknown";
}

export interface StackCheckResult {
  /** True when the learner qualifies: the pathway is met by valid components of one learner. */
  qualifies: boolean;
  evaluation: PathwayEvaluation;
  components: StackComponentReport[];
  /** The learner the components name: an id, an e-mail address (given or plain), and problems found. */
  learner: { id?: string; email?: string; name?: string; problems: string[] };
  /** "2 of 3 modules; missing: Remote Patient Monitoring". */
  summary: string;
}

export interface CheckStackOptions extends Omit<VerifyOptions, "files"> {
  pathway: Pathway;
  /** The component credentials: parsed objects or JSON texts. */
  components: readonly unknown[];
  /** Their file names, same order (messages and reports). */
  files?: readonly string[];
  /** The learner's e-mail address or id, to check hashed identifiers against. */
  learner?: KnownLearner;
}

function parse(input: unknown): unknown {
  if (typeof input !== "string") return input;
  try {
    return parseCredentialJson(input);
  } catch {
    return undefined;
  }
}

/**
 * Decides a learner's stack from components already verified (`results`, same order). Pure.
 *
 * @example
 * const results = await verifyCredentials(components, { rpc });
 * const check = assessStack(pathway, components, results, { files, learner: { email } });
 */
export function assessStack(
  pathway: Pathway,
  components: readonly unknown[],
  results: readonly VerificationResult[],
  options: { files?: readonly string[]; learner?: KnownLearner; now?: Date } = {},
): StackCheckResult {
  const parsed = components.map(parse);
  const files = components.map((_, i) => options.files?.[i] ?? `component ${i + 1}`);
  const known = options.learner ?? {};
  const problems: string[] = [];

  // 1. The learner: the same recipient identifier in every component.
  const ids = new Set<string>();
  const plainEmails = new Set<string>();
  const hashes = new Set<string>();
  let names = new Set<string>();
  for (const credential of parsed) {
    const learner = learnerOf(credential);
    if (learner.id !== undefined) ids.add(learner.id);
    for (const identifier of learner.identifiers) {
      if (identifier.identityType !== "emailAddress") continue;
      if (identifier.hashed) hashes.add(identifier.identityHash);
      else plainEmails.add(identifier.identityHash.trim().toLowerCase());
    }
    const name = (credential as { credentialSubject?: { name?: unknown } } | undefined)?.credentialSubject?.name;
    if (typeof name === "string") names.add(name);
  }
  const learnerId = known.id ?? (ids.size === 1 ? [...ids][0] : undefined);
  const email = known.email ?? (plainEmails.size === 1 ? [...plainEmails][0] : undefined);
  const verdicts = parsed.map((credential): StackComponentReport["learner"] => {
    const byKnown = learnerMatches(credential, { id: learnerId, email });
    if (byKnown !== undefined) return byKnown ? "match" : "mismatch";
    return "unknown";
  });
  if (learnerId === undefined && email === undefined) {
    if (ids.size > 1) problems.push(`the components name ${ids.size} different learners (${[...ids].join(", ")})`);
    else if (hashes.size > 1)
      problems.push(
        "the components name their learner by differently salted e-mail hashes; give the learner's e-mail address (--email) to check each hash",
      );
    else if (hashes.size === 0 && ids.size === 0) problems.push("the components do not name their learner");
    else if (hashes.size === 1) verdicts.fill("match");
  } else if (ids.size > 1 && known.id === undefined && email === undefined) {
    problems.push(`the components name ${ids.size} different learners (${[...ids].join(", ")})`);
  }
  verdicts.forEach((v, i) => {
    if (v === "mismatch") problems.push(`${files[i]} names another learner`);
    else if (v === "unknown" && problems.length === 0 && (learnerId !== undefined || email !== undefined))
      problems.push(
        `${files[i]} does not name its learner in a way that can be compared (${email ? "no e-mail identity" : "no id"})`,
      );
  });
  if (names.size > 1) names = new Set();

  // 2. The pathway, over the components that verify and name the learner.
  const facts = parsed.map((credential, i) => {
    const r = results[i];
    const status: ComponentFacts["status"] = verdicts[i] === "mismatch" ? "invalid" : r.status;
    const reason =
      verdicts[i] === "mismatch"
        ? "it names another learner"
        : r.status === "valid"
          ? undefined
          : r.summary.replace(/^(Invalid|Could not be verified): /, "");
    return componentFacts(credential, files[i], status, r.anchor, reason);
  });
  const evaluation = evaluatePathway(pathway, facts, { now: options.now });
  const reports: StackComponentReport[] = parsed.map((_, i) => {
    const meets = evaluation.requirements.find((r) => r.met && r.component === i)?.name;
    return {
      file: files[i],
      result: results[i],
      facts: facts[i],
      ...(meets !== undefined ? { meets } : {}),
      learner: verdicts[i],
    };
  });
  const qualifies = evaluation.satisfied && problems.length === 0;
  return {
    qualifies,
    evaluation,
    components: reports,
    learner: {
      ...(learnerId !== undefined ? { id: learnerId } : {}),
      ...(email !== undefined ? { email } : {}),
      ...(names.size === 1 ? { name: [...names][0] } : {}),
      problems,
    },
    summary: problems.length > 0 ? `${evaluation.summary}; ${problems.join("; ")}` : evaluation.summary,
  };
}

/**
 * Checks a learner's component credentials against a pathway: verifies each in full (every check,
 * each on its own chain and registry, reads batched per chain), checks that they name the same learner
 * (with `learner.email`, each hashed e-mail identity is recomputed with its own salt), and evaluates
 * the pathway. Never throws for a bad component: it is reported with its verdict.
 *
 * @example
 * const check = await checkStack({ pathway, components: texts, files, learner: { email: "amara@example.org" }, rpc });
 * console.log(check.qualifies, check.summary); // false "2 of 3 modules; missing: Remote Patient Monitoring"
 */
export async function checkStack(options: CheckStackOptions): Promise<StackCheckResult> {
  const { pathway, components, files, learner, ...verify } = options;
  const results = await verifyCredentials(components, { ...verify, files });
  const now = verify.now === undefined ? undefined : new Date(verify.now);
  return assessStack(pathway, components, results, { files, learner, now });
}
