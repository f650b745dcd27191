/**
 * What the worker threads of `verifyCredentialFiles` send back, made smaller: a structured clone
 * writes an object once per message and refers back to it after, but writes every string each time.
 * The works of one job share what consecutive credentials of a batch have in common (the format,
 * validity and signature results, the issuer, the achievement, the anchor record) as one object, and
 * leave out their file names, which the calling thread sent; `expandWorks` puts the names back and
 * gives every credential its own copy of a shared check result. A valid credential's integrity and
 * inclusion results (about half of what crossed per credential) are left out too: they are functions
 * of its proof (digest, root, leaf index) and three numbers (`Work.passed`), and `expandWorks` builds
 * them again with the functions that built them (`integrityPassed`, `inclusionPassed`). Internal to
 * sdk/src/verify.
 */
import { inclusionPassed, integrityPassed } from "./runOfflineChecks";
import { CHECK_NAMES, type CheckResult } from "./types";
import { asRecord, copyCheck, samePlain, type Work } from "./verdict";

/** The checks whose results consecutive credentials of a batch usually have in common. */
const SHARED_CHECKS = ["format", "validity", "signature"] as const;

/**
 * Worker side: makes each work refer to the previous work's object wherever the two are equal (the
 * results named in SHARED_CHECKS, `credential.issuer`, `credential.credentialSubject.achievement`,
 * `proof.anchor`), and empties every `file` (the calling thread has the names). Works that went through `verifyOffline` (slimmed).
 */
export function shareWorks(works: readonly Work[]): void {
  let previous: Work | undefined;
  for (const work of works) {
    // Emptied, not deleted: a deleted property turns the object into a slower dictionary (for the
    // clone too); `expandWorks` puts the name back from the job's list.
    if (work.file !== undefined) work.file = "";
    if (previous) {
      for (const name of SHARED_CHECKS) {
        const result = work.checks[name];
        const before = previous.checks[name];
        if (result && before && samePlain(result, before)) work.checks[name] = before;
      }
      const credential = work.credential;
      const earlier = previous.credential;
      if (credential && earlier) {
        if (samePlain(credential.issuer, earlier.issuer)) credential.issuer = earlier.issuer;
        const subject = asRecord(credential.credentialSubject);
        const earlierSubject = asRecord(earlier.credentialSubject);
        if (subject && earlierSubject && samePlain(subject.achievement, earlierSubject.achievement)) {
          subject.achievement = earlierSubject.achievement;
        }
      }
      const anchor = work.proof?.anchor;
      const earlierAnchor = previous.proof?.anchor;
      if (anchor && earlierAnchor && samePlain(anchor, earlierAnchor)) work.proof!.anchor = earlierAnchor;
    }
    leavePassedOut(work);
    previous = work;
  }
}

/**
 * Worker side: takes the integrity and inclusion results out of `work.checks` and sets `work.passed`
 * when both passed as `integrityPassed` and `inclusionPassed` build them from the proof: the checks
 * build every passed result with these two functions, from the computed digest (here equal to the
 * proof's, which it is unless the proof spells it in upper case) and the proof's root and leaf index.
 * Any other pair of results crosses as it is.
 */
function leavePassedOut(work: Work): void {
  const checks = work.checks;
  const integrity = checks.integrity;
  const inclusion = checks.inclusion;
  const proof = work.proof;
  if (integrity?.code !== "INTEGRITY_OK" || inclusion?.code !== "INCLUSION_OK" || !proof) return;
  const details = integrity.details!;
  const where = inclusion.details!;
  if (details.digest !== proof.digest || where.root !== proof.root || where.leafIndex !== proof.leafIndex) return;
  const kept: Work["checks"] = {};
  for (const name of CHECK_NAMES) {
    const result = checks[name];
    if (result !== undefined && name !== "integrity" && name !== "inclusion") kept[name] = result;
  }
  work.checks = kept;
  work.passed = [details.redactableFieldsShown as number, details.redactedFields as number, where.pathLength as number];
}

/**
 * Calling thread side: the works of one job as `verifyOffline` made them, before `shareWorks`: each
 * gets its file back (`files`, the job's file names by position), its integrity and inclusion results
 * when they were left out (`passed`), and its own copy of any check result it shares with another
 * work. The shared issuer, achievement and anchor stay shared: the chain checks only read them, and
 * the public result copies what it shows of them.
 */
export function expandWorks(works: Work[], files: readonly (string | undefined)[]): Work[] {
  const seen = new Set<CheckResult>();
  for (let i = 0; i < works.length; i++) {
    const work = works[i];
    const file = files[i];
    if (file !== undefined) work.file = file;
    const passed = work.passed;
    if (passed !== undefined) {
      const proof = work.proof!;
      work.checks.integrity = integrityPassed(proof.digest, passed[0], passed[1]);
      work.checks.inclusion = inclusionPassed(proof.root, proof.leafIndex, passed[2]);
      work.passed = undefined; // not deleted: that would make the object a slower dictionary
    }
    for (const name of CHECK_NAMES) {
      const result = work.checks[name];
      if (result === undefined) continue;
      if (seen.has(result)) work.checks[name] = copyCheck(result);
      else seen.add(result);
    }
  }
  return works;
}
