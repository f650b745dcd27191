/**
 * The checks that need no network: format, integrity, inclusion and validity. Internal to
 * sdk/src/verify; `verifyCredentials` runs the format check on every credential first, starts the
 * chain reads, and runs the content checks while they are under way.
 */
import { BaseError } from "../errors/base";
import { DigestError } from "../errors/credential";
import { formatLocation } from "../errors/base";
import {
  computeDigest,
  locateProofEntry,
  parseCredentialJson,
  readProofEntry,
  validateCredential,
  verifyInclusion,
} from "./dependencies";
import type { CheckCode } from "./codes";
import { CHECK_NAMES } from "./types";
import { asRecord, checkResult, type CheckRecorder, type Work } from "./verdict";

/**
 * Runs the format check on one input and records it in `work` (with `work.credential` and
 * `work.proof` set when it passes). When it fails, every other check is recorded as skipped.
 * Returns true when it passed.
 */
export function runFormatCheck(work: Work, input: unknown, recorder: CheckRecorder): boolean {
  recorder.start(work, "format");
  const format = recorder.finish(work, checkFormat(work, input));
  if (format.status === "passed") return true;
  // Validity and issuer need the credential's own fields; a credential that failed the format check
  // may still be an object whose dates can be read, but it proves nothing: skip them too.
  const why = "The file is not a credanchor credential, so this was not checked.";
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
  if (integrity.status !== "passed") {
    recorder.skip(
      work,
      "inclusion",
      "The content does not match its proof, so its place in the batch proves nothing; not checked.",
    );
  } else {
    recorder.start(work, "inclusion");
    recorder.finish(work, checkInclusion(work));
  }
  recorder.start(work, "validity");
  recorder.finish(work, checkValidity(work, nowMs));
}

function checkFormat(work: Work, input: unknown) {
  let value = input;
  if (typeof input === "string") {
    try {
      value = parseCredentialJson(input, { file: work.file });
    } catch (error) {
      const where = error instanceof BaseError ? formatLocation(error.location) : "";
      const reason = error instanceof BaseError ? error.shortMessage : String(error);
      // A text over MAX_JSON_TEXT_LENGTH is refused before it is scanned: say so, not "not valid JSON".
      const tooLarge = error instanceof BaseError && error.code === "CREDENTIAL_TOO_LARGE";
      return checkResult(
        "format",
        "failed",
        "FORMAT_INVALID_JSON",
        `${tooLarge ? "The file is too large to be a credential" : "The file is not valid JSON"}${where ? ` (${where})` : ""}: ${reason}`,
        error instanceof BaseError ? { location: error.location } : undefined,
      );
    }
  }
  const credential = asRecord(value);
  if (credential) work.credential = credential;
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
        issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : ""
      }.`,
      { issues: issues.slice(0, 20) },
    );
  }
  let located: { entry: unknown; pointer: string };
  try {
    located = locateProofEntry(value);
  } catch (error) {
    if (!(error instanceof BaseError)) throw error;
    return checkResult("format", "failed", "FORMAT_PROOF_MISSING", `${capitalize(error.shortMessage)}.`, {
      pointer: error.location?.pointer,
    });
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
        proofIssues.length > 1 ? ` (and ${proofIssues.length - 1} more)` : ""
      }.`,
      { issues: proofIssues.slice(0, 20) },
    );
  }
  work.proof = readProofEntry(located.entry);
  return checkResult(
    "format",
    "passed",
    "FORMAT_OK",
    "The file is an Open Badges 3.0 credential with a credanchor proof.",
  );
}

function checkIntegrity(work: Work) {
  const proof = work.proof!;
  let digest: string;
  try {
    digest = computeDigest(work.credential!);
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
  // `salts` covers only the fields a holder may hide (the protected part has no salts), so it is not
  // a count of everything shown; only the hidden count is meaningful to a person.
  const hidden = proof.redactedHashes.length;
  return checkResult(
    "integrity",
    "passed",
    "INTEGRITY_OK",
    hidden === 0
      ? "The content is exactly as issued."
      : `The visible content is exactly as issued; ${hidden} ${hidden === 1 ? "value the holder hid is" : "values the holder hid are"} accounted for by ${hidden === 1 ? "its hash" : "their hashes"}.`,
    { digest, redactableFieldsShown: Object.keys(proof.salts).length, redactedFields: hidden },
  );
}

function checkInclusion(work: Work) {
  const proof = work.proof!;
  let included: boolean;
  try {
    included = verifyInclusion({
      root: proof.root,
      leafIndex: proof.leafIndex,
      digest: proof.digest,
      path: proof.path,
    });
  } catch (error) {
    return checkResult(
      "inclusion",
      "error",
      "INCLUSION_ERROR",
      `The Merkle path could not be evaluated: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    );
  }
  if (!included) {
    return checkResult(
      "inclusion",
      "failed",
      "INCLUSION_PROOF_MISMATCH",
      `The proof's Merkle path does not lead to batch root ${short(proof.root)}: the credential is not entry #${proof.leafIndex} of that batch.`,
      { root: proof.root, leafIndex: proof.leafIndex },
    );
  }
  return checkResult(
    "inclusion",
    "passed",
    "INCLUSION_OK",
    `The credential is entry #${proof.leafIndex} of batch ${short(proof.root)}.`,
    { root: proof.root, leafIndex: proof.leafIndex, pathLength: proof.path.length },
  );
}

function checkValidity(work: Work, nowMs: number) {
  const credential = work.credential!;
  const validFrom = typeof credential.validFrom === "string" ? credential.validFrom : undefined;
  const validUntil = typeof credential.validUntil === "string" ? credential.validUntil : undefined;
  const fromMs = validFrom === undefined ? undefined : Date.parse(validFrom);
  const untilMs = validUntil === undefined ? undefined : Date.parse(validUntil);
  const now = new Date(nowMs).toISOString();
  const details = { now, ...(validFrom ? { validFrom } : {}), ...(validUntil ? { validUntil } : {}) };
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

/** `0x1234…abcd` */
export function short(hex: string): string {
  return hex.length > 14 ? `${hex.slice(0, 8)}…${hex.slice(-4)}` : hex;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
