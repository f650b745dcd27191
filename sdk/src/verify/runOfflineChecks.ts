/**
 * The checks that need no network: format, integrity, inclusion and validity. Internal to
 * sdk/src/verify; `verifyCredentials` runs the format check on every credential first, starts the
 * chain reads, and runs the content checks while they are under way.
 */
import { BaseError } from "../errors/base";
import { DigestError } from "../errors/credential";
import { formatLocation } from "../errors/base";
import {
  computeDigestWithProof,
  locateProofEntry,
  parseCredentialJson,
  readProofEntry,
  validateCredential,
  verifyInclusion,
} from "./dependencies";
import { JSON_RULE_ERROR_CODE } from "../credential/parseCredentialJson";
import { MAX_CREDENTIAL_ISSUES } from "../credential/validateCredential";
import { isCredAnchorProofEntry } from "../credential/validateProofEntry";
import {
  decodeProofValue,
  decodeProofValueLayout,
  inclusionBytesOf,
  type ProofValueLayout,
} from "../credential/proofValue";
import { compiledDigestOfBytes } from "../canonical/compiledDigest";
import { DATA_INTEGRITY_PROOF_TYPE, type CredAnchorProof } from "../types";
import { verifyInclusionBytes } from "../merkle/verifyInclusion";
import { isClrCredential } from "../stack/clr";
import type { CheckCode } from "./codes";
import { CHECK_NAMES, type CheckResult } from "./types";
import { asRecord, checkResult, type CheckRecorder, type Work } from "./verdict";

/**
 * Runs the format check on one input and records it in `work` (with `work.credential` and
 * `work.proof` set when it passes). When it fails, every other check is recorded as skipped.
 * Returns true when it passed. `forTransfer` (the worker path, then runContentChecksForTransfer): a
 * proofValue in its one layout gives `work.proof` without the hex texts of its path and salts (`[]`,
 * `{}`, as slim leaves them); runContentChecksForTransfer reads them as bytes.
 */
export function runFormatCheck(work: Work, input: unknown, recorder: CheckRecorder, forTransfer = false): boolean {
  recorder.start(work, "format");
  let result: CheckResult;
  try {
    result = checkFormat(work, input, forTransfer);
  } catch (error) {
    // A fault on one input (a bug, memory) is that input's error; the other inputs are still verified.
    work.proof = undefined;
    result = checkResult(
      "format",
      "error",
      "FORMAT_ERROR",
      `The format check could not run: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    );
  }
  return recordFormatCheck(work, result, recorder);
}

/**
 * Records the result of a format check in `work`; when it did not pass, every other check as
 * skipped. Returns true when it passed.
 */
export function recordFormatCheck(work: Work, result: CheckResult, recorder: CheckRecorder): boolean {
  const format = recorder.finish(work, result);
  if (format.status === "passed") return true;
  // Validity and issuer need the credential's own fields; a credential that failed the format check
  // may still be an object whose dates can be read, but it proves nothing: skip them too.
  const why =
    format.status === "failed"
      ? "The credential is malformed, so this was not checked."
      : "The file is not a credanchor credential, so this was not checked.";
  for (const check of CHECK_NAMES.slice(1)) recorder.skip(work, check, why);
  return false;
}

/**
 * Runs integrity, inclusion and validity on a credential that passed the format check, and records
 * them in `work`. Inclusion is skipped when integrity did not pass.
 */
export function runContentChecks(work: Work, recorder: CheckRecorder, nowMs: number): void {
  recorder.start(work, "integrity");
  const integrity = recorder.finish(work, checkIntegrity(work));
  if (integrity.status !== "passed") skipInclusion(work, recorder);
  else {
    recorder.start(work, "inclusion");
    recorder.finish(work, checkInclusion(work));
  }
  recorder.start(work, "validity");
  recorder.finish(work, checkValidity(work, nowMs));
}

/**
 * Internal, for the worker path (verifyOffline.ts), whose works cross to the calling thread through
 * `shareWorks`: `runContentChecks`, except that when integrity and inclusion both pass as
 * `leavePassedOut` (shareWorks.ts) would leave them out (the computed digest exactly the proof's), their
 * results are not built: `work.passed` holds the three numbers `expandWorks` builds them from, and
 * `work.checks` has no integrity or inclusion. A passed validity result is one object for every
 * credential with the same dates in the run (shareWorks shares equal results anyway; `expandWorks` gives
 * each credential its own copy). Anything that does not pass is recorded as `runContentChecks` records it.
 */
export function runContentChecksForTransfer(work: Work, recorder: CheckRecorder, nowMs: number): void {
  recorder.start(work, "integrity");
  const layout = transferred.proof === work.proof ? transferred.layout : undefined;
  transferred.proof = undefined;
  transferred.layout = undefined;
  if (layout !== undefined) {
    if (passesFromBytes(work, layout)) {
      recorder.start(work, "inclusion");
      work.passed = [layout.saltKeys.length, layout.redactedHashes.length, layout.pathCount];
      recorder.start(work, "validity");
      recorder.finish(work, sharedValidity(work, nowMs));
      return;
    }
    // Anything else is checked as before, from the proof with its hex texts (its exact results).
    work.proof = { created: work.proof!.created, ...decodeProofValue(transferred.text) };
  }
  const digest = matchedDigest(work);
  const proof = work.proof!;
  if (typeof digest !== "string") {
    recorder.finish(work, digest);
    skipInclusion(work, recorder);
  } else {
    recorder.start(work, "inclusion");
    const included = isIncluded(proof);
    const salts = Object.keys(proof.salts).length;
    if (included === true && digest === proof.digest) {
      work.passed = [salts, proof.redactedHashes.length, proof.path.length];
    } else {
      recorder.finish(work, integrityPassed(digest, salts, proof.redactedHashes.length));
      recorder.finish(
        work,
        included === true ? inclusionPassed(proof.root, proof.leafIndex, proof.path.length) : included,
      );
    }
  }
  recorder.start(work, "validity");
  recorder.finish(work, sharedValidity(work, nowMs));
}

/**
 * Whether integrity and inclusion both pass as runContentChecksForTransfer leaves them out, read from
 * the proofValue's bytes: the compiled digest with the salts' bytes exactly the proof's digest, and the
 * path from those bytes leading to its root. False for anything else, and for what the compiled digest
 * does not take (then the hex texts decide).
 */
function passesFromBytes(work: Work, layout: Readonly<ProofValueLayout>): boolean {
  try {
    const digest = compiledDigestOfBytes(work.credential!, layout, layout.redactedHashes);
    return digest === layout.digest && verifyInclusionBytes(layout);
  } catch {
    return false; // checked again from the hex texts, which records the error
  }
}

function skipInclusion(work: Work, recorder: CheckRecorder): void {
  recorder.skip(
    work,
    "inclusion",
    "The content does not match its proof, so its place in the batch proves nothing; not checked.",
  );
}

/** The credanchor entries of `value.proof` (an entry, or an array of entries), by their pointers. */
function credAnchorEntries(value: unknown): string[] {
  const proof = asRecord(value)?.proof;
  if (proof === undefined) return [];
  const entries: unknown[] = Array.isArray(proof) ? proof : [proof];
  const pointers: string[] = [];
  entries.forEach((entry, i) => {
    if (isCredAnchorProofEntry(entry)) pointers.push(Array.isArray(proof) ? `/proof/${i}` : "/proof");
  });
  return pointers;
}

/**
 * Parses a text for the format check: the value, or the check result that ends it. A syntax error, a
 * text over the limit, or JSON that breaks a rule of SPEC 1.1 without a credanchor proof entry is not a
 * credential (`error`); JSON that breaks such a rule (a duplicate member name, an inexact number...)
 * and carries a credanchor proof entry is an invalid credential (`failed`).
 */
function parseForFormat(work: Work, text: string): { value: unknown } | { result: CheckResult } {
  try {
    return { value: parseCredentialJson(text, { file: work.file }) };
  } catch (error) {
    if (!(error instanceof BaseError)) throw error;
    const where = formatLocation(error.location);
    const at = where ? ` (${where})` : "";
    const details = { location: error.location };
    if (error.code === "CREDENTIAL_TOO_LARGE") {
      const message = `The file is too large to be a credential${at}: ${error.shortMessage}`;
      return { result: checkResult("format", "error", "FORMAT_TOO_LARGE", message, details) };
    }
    if (error.code === JSON_RULE_ERROR_CODE) {
      // Well-formed JSON: read it the lenient way only to learn whether it claims to be a credential.
      let lenient: unknown;
      try {
        lenient = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      } catch {
        lenient = undefined;
      }
      if (credAnchorEntries(lenient).length > 0) {
        const message = `The credential breaks the JSON rules of credanchor${at}: ${error.shortMessage}.`;
        return {
          result: checkResult("format", "failed", "FORMAT_INVALID_CREDENTIAL", message, {
            ...details,
            issues: [{ pointer: error.location?.pointer ?? "", message: error.shortMessage }],
          }),
        };
      }
    }
    const message = `The file is not valid JSON${at}: ${error.shortMessage}`;
    return { result: checkResult("format", "error", "FORMAT_INVALID_JSON", message, details) };
  }
}

function checkFormat(work: Work, input: unknown, forTransfer: boolean): CheckResult {
  let value = input;
  if (typeof input === "string") {
    const parsed = parseForFormat(work, input);
    if ("result" in parsed) return parsed.result;
    value = parsed.value;
  }
  const credential = asRecord(value);
  if (credential) work.credential = credential;
  // Only a document with a credanchor proof entry claims to be a credanchor credential; anything
  // else is not a credential at all (error), whatever else it breaks.
  const entries = credAnchorEntries(value);
  if (entries.length === 0) {
    let reason: string;
    let pointer: string | undefined;
    try {
      locateProofEntry(value);
      reason = "the document has no credanchor proof entry";
    } catch (error) {
      if (!(error instanceof BaseError)) throw error;
      reason = error.shortMessage;
      pointer = error.location?.pointer;
    }
    return checkResult(
      "format",
      "error",
      "FORMAT_PROOF_MISSING",
      `The file is not a credanchor credential: ${reason}.`,
      pointer === undefined ? undefined : { pointer },
    );
  }
  // validateCredential also checks the credanchor proof entry (validateProofEntry), so the entry is
  // only located afterwards, not validated twice.
  const issues = validateCredential(value, { file: work.file });
  const proofIssues = issues.filter((issue) => issue.pointer === "/proof" || issue.pointer.startsWith("/proof/"));
  const otherIssues = issues.filter((issue) => !proofIssues.includes(issue));
  if (otherIssues.length > 0) {
    const first = otherIssues[0];
    return checkResult(
      "format",
      "failed",
      "FORMAT_INVALID_CREDENTIAL",
      `The file is not a valid Open Badges 3.0 credential: ${first.pointer || "/"} ${first.message}${
        issues.length > 1 ? ` (and ${moreThan(issues.length - 1)} more problem${issues.length > 2 ? "s" : ""})` : ""
      }.`,
      { issues: issues.slice(0, 20) },
    );
  }
  if (entries.length > 1) {
    return checkResult(
      "format",
      "failed",
      "FORMAT_PROOF_INVALID",
      `The credential has ${entries.length} credanchor proof entries (${entries.join(", ")}); a credential belongs to exactly one batch.`,
      { pointer: entries[1] },
    );
  }
  if (proofIssues.length > 0) {
    const first = proofIssues[0];
    // A proofValue that cannot be decoded has its own code (FORMAT_PROOF_VALUE_*, SPEC.md 7.3).
    const code = first.code?.startsWith("PROOF_VALUE_")
      ? (`FORMAT_${first.code}` as CheckCode)
      : "FORMAT_PROOF_INVALID";
    return checkResult(
      "format",
      "failed",
      code,
      `The credanchor proof entry is malformed: ${first.pointer} ${first.message}${
        proofIssues.length > 1 ? ` (and ${moreThan(proofIssues.length - 1)} more)` : ""
      }.`,
      { issues: proofIssues.slice(0, 20) },
    );
  }
  const entry = locateProofEntry(value).entry;
  work.proof = (forTransfer ? proofForTransfer(entry) : undefined) ?? readProofEntry(entry);
  return checkResult(
    "format",
    "passed",
    "FORMAT_OK",
    isClrCredential(value)
      ? "The file is a stacked credential (CLR 2.0 ClrCredential) with a credanchor proof."
      : "The file is an Open Badges 3.0 credential with a credanchor proof.",
  );
}

/**
 * The proof of a `DataIntegrityProof` entry whose proofValue has the one layout every issued proofValue
 * has, with no hex text of its path or salts (`path: []`, `salts: {}`); `transferred` remembers it with
 * that layout and text, for runContentChecksForTransfer. Undefined for anything else (readProofEntry).
 */
function proofForTransfer(entry: unknown): CredAnchorProof | undefined {
  const record = entry as Record<string, unknown>;
  if (record.type !== DATA_INTEGRITY_PROOF_TYPE) return undefined;
  const layout = decodeProofValueLayout(record.proofValue);
  if (layout === undefined) return undefined;
  // The members and their order of readProofEntry's result.
  const proof: CredAnchorProof = {
    created: record.created as string,
    digest: layout.digest,
    root: layout.root,
    leafIndex: layout.leafIndex,
    path: [],
    salts: {},
    redactedHashes: [...layout.redactedHashes],
  };
  if (layout.anchor) proof.anchor = { ...layout.anchor };
  transferred.proof = proof;
  transferred.layout = layout;
  transferred.text = record.proofValue as string;
  return proof;
}

/** The last proof proofForTransfer gave, its proofValue's layout and text. */
const transferred: { proof?: CredAnchorProof; layout?: Readonly<ProofValueLayout>; text: string } = { text: "" };

/** `n`, or "at least n" when the list was cut at MAX_CREDENTIAL_ISSUES. */
function moreThan(n: number): string {
  return n + 1 >= MAX_CREDENTIAL_ISSUES ? `at least ${n}` : String(n);
}

function checkIntegrity(work: Work): CheckResult {
  const digest = matchedDigest(work);
  if (typeof digest !== "string") return digest;
  const proof = work.proof!;
  return integrityPassed(digest, Object.keys(proof.salts).length, proof.redactedHashes.length);
}

/** The digest computed from the credential when it matches its proof's, else the failed or error result. */
function matchedDigest(work: Work): string | CheckResult {
  const proof = work.proof!;
  let digest: string;
  try {
    // The format check has read and checked the proof entry: no second decoding of it.
    digest = computeDigestWithProof(work.credential!, proof);
  } catch (error) {
    if (error instanceof DigestError) {
      return checkResult(
        "integrity",
        "failed",
        "INTEGRITY_FIELDS_CHANGED",
        `The content was changed after issuing: ${error.shortMessage} (${error.pointer || "/"}).`,
        { pointer: error.pointer },
      );
    }
    return checkResult(
      "integrity",
      "error",
      "INTEGRITY_ERROR",
      `The digest could not be computed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    );
  }
  if (digest !== proof.digest.toLowerCase()) {
    return checkResult(
      "integrity",
      "failed",
      "INTEGRITY_DIGEST_MISMATCH",
      "The content was changed after issuing: a visible value differs from what the issuer signed into the proof.",
      { computed: digest, expected: proof.digest },
    );
  }
  return digest;
}

/**
 * The integrity result of a credential whose `digest` matched its proof, with `shown` redactable fields
 * visible and `hidden` hidden: a function of these three only, so that the calling thread can build it
 * from them (shareWorks.ts).
 */
export function integrityPassed(digest: string, shown: number, hidden: number): CheckResult {
  // `salts` covers only the fields a holder may hide (the protected part has no salts), so it is not
  // a count of everything shown; only the hidden count is meaningful to a person.
  return checkResult(
    "integrity",
    "passed",
    "INTEGRITY_OK",
    hidden === 0
      ? "The content is exactly as issued."
      : `The visible content is exactly as issued; ${hidden} ${hidden === 1 ? "value the holder hid is" : "values the holder hid are"} accounted for by ${hidden === 1 ? "its hash" : "their hashes"}.`,
    { digest, redactableFieldsShown: shown, redactedFields: hidden },
  );
}

function checkInclusion(work: Work): CheckResult {
  const proof = work.proof!;
  const included = isIncluded(proof);
  if (included !== true) return included;
  return inclusionPassed(proof.root, proof.leafIndex, proof.path.length);
}

/** True when the proof's Merkle path leads from its digest to its root, else the failed or error result. */
function isIncluded(proof: NonNullable<Work["proof"]>): true | CheckResult {
  let included: boolean;
  try {
    // From the bytes of the proofValue just decoded when the proof holds its values (the worker path:
    // format, then content checks), else from the hex texts; the same answer either way.
    const bytes = inclusionBytesOf(proof);
    included = bytes
      ? verifyInclusionBytes(bytes)
      : verifyInclusion({ root: proof.root, leafIndex: proof.leafIndex, digest: proof.digest, path: proof.path });
  } catch (error) {
    return checkResult(
      "inclusion",
      "error",
      "INCLUSION_ERROR",
      `The Merkle path could not be evaluated: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    );
  }
  if (included) return true;
  return checkResult(
    "inclusion",
    "failed",
    "INCLUSION_PROOF_MISMATCH",
    `The proof's Merkle path does not lead to batch root ${short(proof.root)}: the credential is not entry #${proof.leafIndex} of that batch.`,
    { root: proof.root, leafIndex: proof.leafIndex },
  );
}

/**
 * The inclusion result of entry `leafIndex` whose path of `pathLength` hashes led to `root`: a function
 * of these three only (see integrityPassed).
 */
export function inclusionPassed(root: string, leafIndex: number, pathLength: number): CheckResult {
  return checkResult(
    "inclusion",
    "passed",
    "INCLUSION_OK",
    `The credential is entry #${leafIndex} of batch ${short(root)}.`,
    { root, leafIndex, pathLength },
  );
}

/** Date.parse, remembered for the last text: the credentials of a batch share their validity dates. */
class LastParsed {
  private text: string | undefined;
  private ms = Number.NaN;

  parse(text: string): number {
    if (text !== this.text) {
      this.ms = Date.parse(text);
      this.text = text;
    }
    return this.ms;
  }
}
const lastValidFrom = new LastParsed();
const lastValidUntil = new LastParsed();

/** The run's time as ISO 8601, remembered for the last one: every credential of a run has the same. */
const lastNow = { ms: Number.NaN, iso: "" };
function isoOfNow(nowMs: number): string {
  if (nowMs !== lastNow.ms) {
    lastNow.iso = new Date(nowMs).toISOString();
    lastNow.ms = nowMs;
  }
  return lastNow.iso;
}

function checkValidity(work: Work, nowMs: number) {
  const credential = work.credential!;
  const validFrom = typeof credential.validFrom === "string" ? credential.validFrom : undefined;
  const validUntil = typeof credential.validUntil === "string" ? credential.validUntil : undefined;
  const fromMs = validFrom === undefined ? undefined : lastValidFrom.parse(validFrom);
  const untilMs = validUntil === undefined ? undefined : lastValidUntil.parse(validUntil);
  const details: { now: string; validFrom?: string; validUntil?: string } = { now: isoOfNow(nowMs) };
  if (validFrom) details.validFrom = validFrom;
  if (validUntil) details.validUntil = validUntil;
  if (fromMs !== undefined && Number.isNaN(fromMs)) {
    return checkResult(
      "validity",
      "failed",
      "VALIDITY_NOT_YET_VALID",
      `validFrom "${validFrom}" is not a date.`,
      details,
    );
  }
  if (untilMs !== undefined && Number.isNaN(untilMs)) {
    return checkResult("validity", "failed", "VALIDITY_EXPIRED", `validUntil "${validUntil}" is not a date.`, details);
  }
  if (fromMs !== undefined && fromMs > nowMs) {
    return checkResult(
      "validity",
      "failed",
      "VALIDITY_NOT_YET_VALID",
      `The credential is not yet valid: it is valid from ${validFrom}.`,
      details,
    );
  }
  if (untilMs !== undefined && untilMs < nowMs) {
    return checkResult("validity", "failed", "VALIDITY_EXPIRED", `The credential expired on ${validUntil}.`, details);
  }
  const since = validFrom ? `valid since ${validFrom}` : "valid";
  return checkResult(
    "validity",
    "passed",
    "VALIDITY_OK",
    `The credential is ${since}${validUntil ? ` and until ${validUntil}` : ", with no expiry date"}.`,
    details,
  );
}

/** The last passed validity result of the worker path, with the dates and the run's time it is for. */
const lastValidity: { validFrom: unknown; validUntil: unknown; nowMs: number; result?: CheckResult } = {
  validFrom: undefined,
  validUntil: undefined,
  nowMs: Number.NaN,
};

/**
 * checkValidity, but a passed result is the one object of the last credential with the same validFrom,
 * validUntil and run time (the credentials of a batch share their dates): for runContentChecksForTransfer.
 */
function sharedValidity(work: Work, nowMs: number): CheckResult {
  const credential = work.credential!;
  const known = lastValidity.result;
  if (
    known !== undefined &&
    credential.validFrom === lastValidity.validFrom &&
    credential.validUntil === lastValidity.validUntil &&
    nowMs === lastValidity.nowMs
  ) {
    return known;
  }
  const result = checkValidity(work, nowMs);
  lastValidity.result = result.status === "passed" ? result : undefined;
  lastValidity.validFrom = credential.validFrom;
  lastValidity.validUntil = credential.validUntil;
  lastValidity.nowMs = nowMs;
  return result;
}

/** `0x1234…abcd` */
export function short(hex: string): string {
  if (hex === lastShort.hex) return lastShort.text; // a batch's credentials name one root
  lastShort.text = hex.length > 14 ? `${hex.slice(0, 8)}…${hex.slice(-4)}` : hex;
  lastShort.hex = hex;
  return lastShort.text;
}

const lastShort = { hex: "", text: "" };
