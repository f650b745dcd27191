/**
 * What the worker threads of `verifyCredentialFiles` send back, made smaller: a structured clone
 * writes an object once per message and refers back to it after, but writes every string each time.
 * The works of one job share what consecutive credentials of a batch have in common (the format,
 * validity and signature results, the issuer, the achievement, the anchor record) as one object, and
 * leave out their file names, which the calling thread sent; `expandWorks` puts the names back and
 * gives every credential its own copy of a shared check result. Internal to sdk/src/verify.
 */
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
    previous = work;
  }
}

/**
 * Calling thread side: the works of one job as `verifyOffline` made them, before `shareWorks`: each
 * gets its file back (`files`, the job's file names by position) and its own copy of any check result
 * it shares with another work. The shared issuer, achievement and anchor stay shared: the chain checks
 * only read them, and the public result copies what it shows of them.
 */
export function expandWorks(works: Work[], files: readonly (string | undefined)[]): Work[] {
  const seen = new Set<CheckResult>();
  for (let i = 0; i < works.length; i++) {
    const work = works[i];
    const file = files[i];
    if (file !== undefined) work.file = file;
    for (const name of CHECK_NAMES) {
      const result = work.checks[name];
      if (result === undefined) continue;
      if (seen.has(result)) work.checks[name] = copyCheck(result);
      else seen.add(result);
    }
  }
  return works;
}
