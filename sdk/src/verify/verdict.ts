/**
 * The per-credential state of a verification run, and how check results become a verdict.
 * Internal to sdk/src/verify.
 */
import type { CredAnchorProof } from "../types";
import { ACCEPTED_SKIP_CODES, type CheckCode } from "./codes";
import {
  CHECK_NAMES,
  LOCAL_DEVELOPMENT_CHAIN,
  type CheckName,
  type CheckProgressEvent,
  type CheckResult,
  type CheckStatus,
  type VerificationResult,
  type VerificationStatus,
} from "./types";

/** One credential going through the pipeline. */
export interface Work {
  index: number;
  file?: string;
  /** The parsed credential, once it is a JSON object. */
  credential?: Record<string, unknown>;
  /** The credanchor proof entry, once the format check passed. */
  proof?: CredAnchorProof;
  checks: Partial<Record<CheckName, CheckResult>>;
  /** Bit i set: check CHECK_NAMES[i] was reported as started. */
  started: number;
  /**
   * Worker path only: the input of a stacked credential (ClrCredential). Its components need the
   * whole document, so the worker leaves it unchecked and the main thread verifies it in full.
   */
  deferredInput?: unknown;
  /**
   * Worker path only, between the threads: a valid credential's integrity and inclusion results, left
   * out of `checks` and sent as the numbers they are built from (redactable fields shown, fields
   * hidden, path length); see shareWorks.ts.
   */
  passed?: [shown: number, hidden: number, pathLength: number];
  /**
   * Calling thread, a packed row made by `expandRows` (shareWorks.ts): its row template's class, which
   * its public result is built from with the row's own values (row `row` of the class's lists), without
   * the credential and offline results of its own that `expandWorks` builds. Its `checks` hold only what
   * the chain checks record; its `credential` is the template's (the chain checks read its issuer).
   */
  rowClass?: RowClass;
  /** With `rowClass`: the row's place in its class's lists. */
  row?: number;
  /**
   * `verifyCredentials`' template fast path only: the row template this work repeats but for its own
   * values (templatePath.ts `tryWork`), which its format, validity and signature results are copies of.
   */
  like?: Work;
  /**
   * With `like`, once the chain checks found the work's results its batch's shared ones
   * (runChainChecks.ts): the run's batch outcome they are copies of, and the issuer result of that
   * outcome's memo they are a copy of. What makes a ResultClass of `like` (`ResultClasses.of`).
   */
  sharedOutcome?: object;
  sharedIssuer?: CheckResult;
}

/** Strings a packed row carries (shareWorks.ts): credential id, subject id, subject name, first identityHash or null, digest. */
export const PACKED_STRINGS = 5;

/** What the packed rows of one row template have in common (shareWorks.ts `expandRows`). */
export interface RowClass {
  /** A row's check results in CHECK_NAMES order, each its own object (its chain results from `work.checks`). */
  listChecks(work: Work): CheckResult[];
  /** The rows' strings, PACKED_STRINGS a row. */
  strings: readonly (string | null | undefined)[];
}

/** Each check's bit in `Work.started`: 1 << its place in CHECK_NAMES. */
const CHECK_BITS = Object.fromEntries(CHECK_NAMES.map((name, i) => [name, 1 << i])) as Record<CheckName, number>;

/** Emits progress events and stores results. */
export class CheckRecorder {
  constructor(private readonly onCheck?: (event: CheckProgressEvent) => void) {}

  /** Reports `check` as started (once per credential and check). */
  start(work: Work, check: CheckName): void {
    const bit = CHECK_BITS[check];
    if (work.started & bit) return;
    work.started |= bit;
    this.onCheck?.({ index: work.index, check, phase: "started" });
  }

  finish(work: Work, result: CheckResult): CheckResult {
    this.start(work, result.check);
    work.checks[result.check] = result;
    this.onCheck?.({ index: work.index, check: result.check, phase: "finished", result });
    return result;
  }

  /** Records `check` as skipped because a check it depends on did not pass. */
  skip(work: Work, check: CheckName, message: string, details?: Record<string, unknown>): void {
    this.finish(work, checkResult(check, "skipped", "SKIPPED_DEPENDENCY", message, details));
  }
}

/**
 * A check result.
 *
 * @example
 * checkResult("validity", "failed", "VALIDITY_EXPIRED", "The credential expired on 2025-12-31.")
 */
export function checkResult(
  check: CheckName,
  status: CheckStatus,
  code: CheckCode,
  message: string,
  details?: Record<string, unknown>,
): CheckResult {
  return details === undefined ? { check, status, code, message } : { check, status, code, message, details };
}

/** A check result's own copy (its details are plain data), so that no two results share an object. */
export function copyCheck(result: CheckResult): CheckResult {
  return result.details === undefined ? { ...result } : { ...result, details: copyPlain(result.details) };
}

function copyPlain<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(copyPlain) as T;
  // A spread copies the members in one step (about half the CPU of adding them one by one); then
  // each member that is an object gets its own copy.
  const copy = { ...value } as Record<string, unknown>;
  for (const key in copy) {
    const member = copy[key];
    if (typeof member === "object" && member !== null) copy[key] = copyPlain(member);
  }
  return copy as T;
}

/** Whether two values of plain data (JSON-like: no cycles, no class instances) are equal. */
export function samePlain(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!samePlain(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  // Counted with for...in rather than Object.keys: no arrays allocated per comparison.
  let keys = 0;
  for (const key in left) {
    if (!Object.prototype.hasOwnProperty.call(right, key) || !samePlain(left[key], right[key])) return false;
    keys++;
  }
  for (const _key in right) keys--;
  return keys === 0;
}

/**
 * Any failed → invalid; else any error, or any skip whose code is not in `ACCEPTED_SKIP_CODES`
 * (the local development chain's issuer skip) → error; else valid. A skipped check is never a pass
 * by default: a green verdict needs every check that protects the verifier to have passed.
 */
export function overallStatus(checks: readonly CheckResult[]): VerificationStatus {
  if (checks.some((check) => check.status === "failed")) return "invalid";
  if (checks.some((check) => check.status === "error" || !acceptedSkipOrPass(check))) return "error";
  return "valid";
}

function acceptedSkipOrPass(check: CheckResult): boolean {
  return check.status === "passed" || (check.status === "skipped" && ACCEPTED_SKIP_CODES.has(check.code));
}

/** Where the issuer check sits in CHECK_NAMES (and in a result's `checks`). */
const ISSUER_AT = CHECK_NAMES.indexOf("issuer");

/** The members of an issuer object that a result shows. */
const ISSUER_MEMBERS = ["id", "name", "url"] as const;

/**
 * Builds the public result of one credential from its work record. Called once per credential (100,000
 * times for 100,000 files), so it allocates only what the result holds: the status and the first
 * skipped check are found in the one pass that lists the checks, and a valid result's summary is its
 * class's text (achievement, issuer, domain, local chain: `validSummary`, remembered for the last
 * class) around the holder's name. Its `index` is `firstIndex` + the work's (a slice's works are numbered
 * within the slice): made once with its final value, never written again, as V8 keeps the field constant.
 */
export function toVerificationResult(work: Work, firstIndex = 0): VerificationResult {
  const rowClass = work.rowClass;
  if (rowClass !== undefined) {
    // A packed row: its values from its row, the rest from its class (shareWorks.ts `expandRows`).
    const strings = rowClass.strings;
    const at = work.row! * PACKED_STRINGS;
    const checks = rowClass.listChecks(work);
    return resultOf(work, firstIndex, checks, strings[at], strings[at + 1], strings[at + 2], strings[at + 3]);
  }
  const recorded = work.checks;
  const checks: CheckResult[] = [];
  for (const name of CHECK_NAMES) checks.push(recorded[name] ?? notRun(name));
  const credential = work.credential;
  const subject = asRecord(credential?.credentialSubject);
  const identifiers = Array.isArray(subject?.identifier) ? subject.identifier : [];
  const identityHash = asRecord(identifiers[0])?.identityHash;
  return resultOf(work, firstIndex, checks, credential?.id, subject?.id, subject?.name, identityHash);
}

/** The result of a check that has no result: a fault of the verifier. */
export function notRun(name: CheckName): CheckResult {
  return checkResult(name, "error", "INTERNAL", "This check did not run (a fault of the verifier, please report it).");
}

/**
 * The public result of `work` from its checks (in CHECK_NAMES order) and the holder's values: the
 * issuer and the achievement from `work.credential`, the anchor from `work.proof`; its index is
 * `firstIndex` + the work's.
 */
function resultOf(
  work: Work,
  firstIndex: number,
  checks: CheckResult[],
  id: unknown,
  subjectId: unknown,
  name: unknown,
  identityHash: unknown,
): VerificationResult {
  let failed = false;
  let unsure = false;
  let firstSkipped: CheckCode | undefined;
  for (const check of checks) {
    const checkStatus = check.status;
    if (checkStatus === "passed") continue;
    if (checkStatus === "failed") failed = true;
    else if (checkStatus === "skipped") {
      firstSkipped ??= check.code;
      if (!ACCEPTED_SKIP_CODES.has(check.code)) unsure = true;
    } else unsure = true;
  }
  // As overallStatus decides.
  const status: VerificationStatus = failed ? "invalid" : unsure ? "error" : "valid";
  const credential = work.credential;
  const subject = asRecord(credential?.credentialSubject);
  // A stacked credential (ClrCredential) lists achievements; the stacked one is first.
  const achievement = Array.isArray(subject?.achievement)
    ? asRecord(subject.achievement[0])
    : asRecord(subject?.achievement);
  const issuerValue = credential?.issuer;
  const issuerRecord = asRecord(issuerValue);
  const issuer: VerificationResult["issuer"] =
    typeof issuerValue === "string"
      ? { id: issuerValue }
      : issuerRecord
        ? pickStrings(issuerRecord, ISSUER_MEMBERS)
        : undefined;
  const issuerCheck = checks[ISSUER_AT];
  const confirmedDomain = issuerCheck.status === "passed" ? identityDomain(issuerCheck.details) : undefined;
  if (issuer && confirmedDomain !== undefined) issuer.domain = confirmedDomain;
  const proof = work.proof;
  const localChain = proof?.anchor?.chain === LOCAL_DEVELOPMENT_CHAIN;
  const holder = stringOrUndefined(name) ?? stringOrUndefined(subjectId) ?? stringOrUndefined(identityHash);
  const achievementName = stringOrUndefined(achievement?.name);
  const issuerName = issuer?.name ?? issuer?.id;
  const result: VerificationResult = {
    status,
    checks,
    index: firstIndex + work.index,
    summary:
      status === "valid"
        ? validSummary(achievementName, issuerName, confirmedDomain, firstSkipped, holder)
        : summarize(status, checks),
  };
  if (localChain) result.localChain = true;
  if (work.file !== undefined) result.file = work.file;
  const credentialId = stringOrUndefined(id);
  if (credentialId !== undefined) result.credentialId = credentialId;
  if (holder !== undefined) result.holder = holder;
  if (achievementName !== undefined) result.achievement = achievementName;
  if (issuer && hasMembers(issuer)) result.issuer = issuer;
  if (proof?.anchor) {
    result.anchor = {
      chain: proof.anchor.chain,
      registry: proof.anchor.registry,
      root: proof.root,
      leafIndex: proof.leafIndex,
    };
  }
  return result;
}

/**
 * A valid credential's summary: "Valid: <what> issued by <issuer> (<domain>) to <holder>; ...". Every
 * credential of a batch has the same text but for the holder, so the text before and after the holder
 * is built once per class (achievement, issuer, domain, first skipped check) and remembered for the
 * last class: one concatenation per credential instead of six.
 */
function validSummary(
  achievement: string | undefined,
  issuer: string | undefined,
  domain: string | undefined,
  firstSkipped: CheckCode | undefined,
  holder: string | undefined,
): string {
  const local = firstSkipped === "ISSUER_NOT_CHECKED_LOCAL_CHAIN";
  const last = lastValidSummary;
  if (
    last.achievement !== achievement ||
    last.issuer !== issuer ||
    last.domain !== domain ||
    last.local !== local ||
    last.head === undefined
  ) {
    const what = achievement ? `"${achievement}"` : "the credential";
    // The name is the file's claim; the domain in brackets is what the identity check confirmed.
    const by = issuer ? ` issued by ${issuer}${domain ? ` (${domain})` : ""}` : domain ? ` issued by ${domain}` : "";
    last.head = local
      ? `Valid on a local development chain, issuer not checked: ${what}${by}`
      : `Valid: ${what.charAt(0).toUpperCase()}${what.slice(1)}${by}`;
    last.tail = local ? `; no domain can confirm an issuer on ${LOCAL_DEVELOPMENT_CHAIN}.` : "; all checks passed.";
    last.achievement = achievement;
    last.issuer = issuer;
    last.domain = domain;
    last.local = local;
  }
  return holder ? `${last.head} to ${holder}${last.tail}` : `${last.head}${last.tail}`;
}

const lastValidSummary: {
  achievement: string | undefined;
  issuer: string | undefined;
  domain: string | undefined;
  local: boolean;
  head: string | undefined;
  tail: string;
} = { achievement: undefined, issuer: undefined, domain: undefined, local: false, head: undefined, tail: "" };

/** The summary of a result that is not valid: its first failed (or erroring) check's message. */
function summarize(status: Exclude<VerificationStatus, "valid">, checks: readonly CheckResult[]): string {
  if (status === "invalid") {
    const failed = checks.filter((check) => check.status === "failed");
    return `Invalid: ${failed[0].message}${failed.length > 1 ? ` (and ${failed.length - 1} more failed check${failed.length > 2 ? "s" : ""})` : ""}`;
  }
  const errored =
    checks.find((check) => check.status === "error") ?? checks.find((check) => !acceptedSkipOrPass(check));
  return `Could not be verified: ${errored?.message ?? "a check could not run."}`;
}

/** The confirmed domain the identity resolver reported (`details.identity.domain`). */
function identityDomain(details: Record<string, unknown> | undefined): string | undefined {
  const identity = asRecord(details?.identity);
  return typeof identity?.domain === "string" && identity.domain !== "" ? identity.domain : undefined;
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Whether `record` has an own member (`Object.keys(record).length > 0` without the array). */
function hasMembers(record: object): boolean {
  for (const key in record) if (Object.prototype.hasOwnProperty.call(record, key)) return true;
  return false;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function pickStrings<K extends string>(
  record: Record<string, unknown>,
  keys: readonly K[],
): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = record[key];
    if (typeof value === "string") out[key] = value;
  }
  return out;
}
