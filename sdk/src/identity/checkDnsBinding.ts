import { IDENTITY_TXT_LABEL, parseIdentityTxtRecord } from "./parseIdentityTxtRecord";
import { lookupTxt } from "./lookupTxt";
import type {
  IdentityBinding,
  IdentityCache,
  IdentityLookupSummary,
  IdentityMethodResult,
  MalformedIdentityRecord,
  ResolveTxt,
} from "./types";
import { classifyMismatch, describeBinding, sameAccount, type ExpectedBinding } from "./describe";

/** What one method found, and its verdict. */
export interface MethodOutcome {
  result: IdentityMethodResult;
  bindings: IdentityBinding[];
  malformed: MalformedIdentityRecord[];
  lookups: IdentityLookupSummary[];
}

/**
 * The DNS method: looks for a credanchor TXT record naming the expected registry and chain at
 * `_credanchor.<domain>`, then at `<domain>` itself (the second query is made only when the first
 * name holds no matching record). Passed when a record matches; error when no record matches and a
 * query failed (it might have held the record); failed otherwise.
 *
 * @example
 * const outcome = await checkDnsBinding("example.edu", { chain: "eip155:1", registry }, { resolveTxt, timeoutMs: 5000, cache });
 */
export async function checkDnsBinding(
  domain: string,
  expected: ExpectedBinding,
  context: { resolveTxt: ResolveTxt; timeoutMs: number; cache: IdentityCache },
): Promise<MethodOutcome> {
  const outcome: MethodOutcome = {
    result: { method: "dns", status: "failed", code: "IDENTITY_NOT_PUBLISHED", message: "" },
    bindings: [],
    malformed: [],
    lookups: [],
  };
  const failures: string[] = [];
  const names = [`${IDENTITY_TXT_LABEL}.${domain}`, domain];
  for (const name of names) {
    const answer = await lookupTxt(name, context);
    if (answer.outcome === "error") {
      failures.push(`the TXT lookup of ${name} failed (${answer.errorCode}: ${answer.errorMessage})`);
      outcome.lookups.push({
        method: "dns",
        target: name,
        outcome: "error",
        detail: `${answer.errorCode}: ${answer.errorMessage}`,
      });
      continue;
    }
    if (answer.outcome !== "records") {
      const detail = answer.outcome === "not-found" ? "NXDOMAIN (no such name)" : "no TXT record";
      outcome.lookups.push({ method: "dns", target: name, outcome: "not-found", detail });
      continue;
    }
    let credanchorRecords = 0;
    for (const text of answer.records) {
      const parsed = parseIdentityTxtRecord(text);
      if (parsed.kind === "other") continue;
      credanchorRecords++;
      if (parsed.kind === "malformed") {
        outcome.malformed.push({ method: "dns", source: name, text, reason: parsed.reason });
      } else {
        outcome.bindings.push({ method: "dns", source: name, chain: parsed.chain, registry: parsed.registry, text });
      }
    }
    outcome.lookups.push({
      method: "dns",
      target: name,
      outcome: credanchorRecords > 0 ? "found" : "nothing",
      detail: `${plural(answer.records.length, "TXT record")}, ${plural(credanchorRecords, "credanchor record")}`,
    });
    const match = outcome.bindings.find((binding) => sameAccount(binding, expected));
    if (match) {
      outcome.result = { method: "dns", status: "passed", code: "IDENTITY_VERIFIED", message: describeBinding(match) };
      return outcome;
    }
  }

  const found = [
    ...outcome.bindings.map(describeBinding),
    ...outcome.malformed.map(
      (record) => `the TXT record at ${record.source} is malformed (${record.reason}): "${record.text}"`,
    ),
  ];
  if (failures.length > 0) {
    outcome.result = {
      method: "dns",
      status: "error",
      code: "IDENTITY_LOOKUP_ERROR",
      message: [...found, ...failures].join("; "),
    };
    return outcome;
  }
  outcome.result = {
    method: "dns",
    status: "failed",
    code: classifyMismatch(outcome.bindings, outcome.malformed, expected),
    message: found.length > 0 ? found.join("; ") : `neither ${names[0]} nor ${names[1]} has a credanchor TXT record`,
  };
  return outcome;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
