/**
 * The classes of the results of one `verifyCredentials` call: the results of the template fast path's
 * rows (templatePath.ts `tryWork`) whose chain results are their batch's shared ones are each a copy of
 * one result, their class's, but for the row's own values (RESULT_ROW_POINTERS). A writer that has
 * written one result of a class can write the next ones from the row's values alone, without looking
 * at the rest (cli/serve/answerJson.ts). Internal to sdk/src/verify but for what verify/index.ts
 * exports.
 */
import { CHECK_NAMES, type VerificationResult } from "./types";
import type { Work } from "./verdict";

const INTEGRITY_AT = CHECK_NAMES.indexOf("integrity");
const INCLUSION_AT = CHECK_NAMES.indexOf("inclusion");

/**
 * Where, in a result, the values a result of a class has of its own lie (JSON pointers): its index,
 * summary (the holder's name is in it), credential id, holder, digest (the integrity result's details),
 * leaf index (the inclusion result's message and details, the anchor) and path length. Everything else
 * of a result of a class, every member, its order and every value, is the class's.
 */
export const RESULT_ROW_POINTERS: readonly string[] = [
  "/index",
  "/summary",
  "/credentialId",
  "/holder",
  `/checks/${INTEGRITY_AT}/details/digest`,
  `/checks/${INCLUSION_AT}/message`,
  `/checks/${INCLUSION_AT}/details/leafIndex`,
  `/checks/${INCLUSION_AT}/details/pathLength`,
  "/anchor/leafIndex",
];

/**
 * A class of results of one `verifyCredentials` call (`verifyCredentialsWithClasses`): every result
 * given this class is the same as every other but at RESULT_ROW_POINTERS, where each has its row's
 * values (a member there is present in all of them or in none). An object compared by reference, held
 * by that call's answer only; its results are still each its own objects.
 *
 * What it stands for: one row template of the fast path (the same format, validity and signature
 * results, the same issuer, achievement, root and anchor record), one batch outcome of the chain
 * checks (the same anchor, finality, revocation and suspension results of a `Valid` credential), the
 * same issuer result (from that outcome's memo) and "not a stack"; its rows' integrity and inclusion
 * results passed (a row value is never the message of a check that did not pass). A credential whose results differ
 * (revoked, suspended, another batch or root, an issuer result of its own, a file name) has none.
 */
export class ResultClass {
  /** Results given this class (for the tests). */
  size = 0;
}

/** What makes a class: the row template, the batch outcome, the issuer result, the optional members present. */
interface ClassKey {
  like: Work;
  outcome: object;
  issuer: object;
  members: number;
  resultClass: ResultClass;
}

/**
 * The classes of one call: `of` gives a work's result its class, found by what makes it (the row
 * template, the batch outcome, the issuer result, which optional members the result has).
 */
export class ResultClasses {
  private readonly known: ClassKey[] = [];
  /** The last class given: the rows of one batch come one after another. */
  private last: ClassKey | undefined;

  /** The class of `result`, the result of `work`, or undefined when it has none. */
  of(work: Work, result: VerificationResult): ResultClass | undefined {
    const { like, sharedOutcome: outcome, sharedIssuer: issuer } = work;
    if (like === undefined || outcome === undefined || issuer === undefined || result.file !== undefined) {
      return undefined;
    }
    // Which of the row's optional values the result has: the class's results all have the same members.
    const members = (result.credentialId === undefined ? 0 : 1) | (result.holder === undefined ? 0 : 2);
    let key = this.last;
    if (key === undefined || !sameKey(key, like, outcome, issuer, members)) {
      key = this.known.find((known) => sameKey(known, like, outcome, issuer, members));
      if (key === undefined) {
        key = { like, outcome, issuer, members, resultClass: new ResultClass() };
        this.known.push(key);
      }
      this.last = key;
    }
    key.resultClass.size++;
    return key.resultClass;
  }
}

function sameKey(key: ClassKey, like: Work, outcome: object, issuer: object, members: number): boolean {
  return key.like === like && key.outcome === outcome && key.issuer === issuer && key.members === members;
}
