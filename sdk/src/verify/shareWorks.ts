/**
 * What the worker threads of `verifyCredentialFiles` send back, made smaller: a structured clone
 * writes an object once per message and refers back to it after, but writes every string each time.
 * The works of one job share what consecutive credentials of a batch have in common (the format,
 * validity and signature results, the issuer, the achievement, the anchor record) as one object, and
 * leave out their file names, which the calling thread sent; `expandWorks` puts the names back and
 * gives every credential its own copy of a shared check result. A valid credential's integrity and
 * inclusion results (about half of what crossed per credential) are left out too: they are functions
 * of its proof (digest, root, leaf index) and three numbers (`Work.passed`), and `expandWorks` builds
 * them again with the functions that built them (`integrityPassed`, `inclusionPassed`). Then every
 * valid credential that differs from the last valid one sent whole only in its own values (ids, names,
 * identity hash, digest, leaf index and the three numbers) crosses as those values alone, in two flat
 * lists (`SharedWorks`): no object of its own, no property name written again, and on receipt objects
 * built by one literal each instead of the deserializer's property-by-property. On the calling thread
 * `expandRows` does not rebuild a packed row as a whole work: its public result is built from its row
 * and its template's class (`RowClass`, verdict.ts). Internal to sdk/src/verify.
 */
import type { CredAnchorProof } from "../types";
import { inclusionPassed, integrityPassed } from "./runOfflineChecks";
import { CHECK_NAMES, type CheckName, type CheckResult } from "./types";
import { asRecord, copyCheck, notRun, PACKED_STRINGS, samePlain, type RowClass, type Work } from "./verdict";
import { slimmedCredential } from "./verifyOffline";

/**
 * One job's works as a worker thread sends them: `works` in order, 0 in the place of each packed work;
 * each packed work's own values in `strings` (PACKED_STRINGS a work: credential id, subject id, subject
 * name, first identityHash or null for no identifier, digest) and `numbers` (PACKED_NUMBERS a work:
 * leaf index, redactable fields shown, fields hidden, path length). A packed work is otherwise the last
 * work before it that crossed whole with `passed` set (its template).
 */
export interface SharedWorks {
  works: (Work | 0)[];
  strings: (string | null | undefined)[];
  numbers: Float64Array;
}

const PACKED_NUMBERS = 4;

/** The checks whose results consecutive credentials of a batch usually have in common. */
const SHARED_CHECKS = ["format", "validity", "signature"] as const;

/**
 * Worker side: makes each work refer to the previous work's object wherever the two are equal (the
 * results named in SHARED_CHECKS, `credential.issuer`, `credential.credentialSubject.achievement`,
 * `proof.anchor`), and empties every `file` (the calling thread has the names). Works that went through `verifyOffline` (slimmed).
 */
export function shareWorks(works: readonly (Work | 0)[], rows?: PackedRows): SharedWorks {
  let previous: Work | undefined;
  for (const work of works) {
    if (work === 0) continue; // a row made by the template fast path (templatePath.ts)
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
  return packWorks(works, rows);
}

/**
 * Rows made by the template fast path (templatePath.ts) for the works that are 0 in the list given to
 * `shareWorks`, in order: PACKED_STRINGS strings and PACKED_NUMBERS numbers each, and the position of
 * the whole work each repeats, which must be the template `packWorks` has at that point.
 */
export interface PackedRows {
  strings: (string | null | undefined)[];
  numbers: number[];
  templates: number[];
}

/**
 * Whether `work` can be the template of packed rows as `packWorks` packs them: with `passed` set and
 * every value a row carries a string (or absent), its proof's path, salts and redacted hashes left out.
 */
export function isPackTemplate(work: Work): boolean {
  return packable(work, work);
}

/**
 * Worker side, after sharing: each work that `packable` finds equal to its template but for its own
 * values becomes a row of `strings` and `numbers`.
 */
function packWorks(works: readonly (Work | 0)[], rows: PackedRows | undefined): SharedWorks {
  const sent: (Work | 0)[] = new Array(works.length);
  const strings: (string | null | undefined)[] = [];
  const numbers: number[] = [];
  let template: Work | undefined;
  let templateAt = -1;
  let row = 0;
  // A whole work that rows repeat crosses whole (then it is the template), even if it could be packed.
  const rowTemplates = new Set(rows?.templates);
  for (let i = 0; i < works.length; i++) {
    const work = works[i];
    if (work === 0) {
      // A row of the fast path repeats the whole work it was made against: it must be this template.
      if (rows === undefined || template === undefined || rows.templates[row] !== templateAt) {
        throw new Error(`credanchor: packed row ${row} (input ${i}) does not follow its template`);
      }
      for (let k = 0; k < PACKED_STRINGS; k++) strings.push(rows.strings[PACKED_STRINGS * row + k]);
      for (let k = 0; k < PACKED_NUMBERS; k++) numbers.push(rows.numbers[PACKED_NUMBERS * row + k]);
      row++;
      sent[i] = 0;
      continue;
    }
    if (template !== undefined && work.index === i && !rowTemplates.has(i) && packable(work, template)) {
      const credential = work.credential!;
      const subject = credential.credentialSubject as Record<string, unknown>;
      const identifier = subject.identifier as { identityHash: string }[];
      const proof = work.proof!;
      const passed = work.passed!;
      strings.push(
        credential.id as string | undefined,
        subject.id as string | undefined,
        subject.name as string | undefined,
        identifier.length === 0 ? null : identifier[0].identityHash,
        proof.digest,
      );
      numbers.push(proof.leafIndex, passed[0], passed[1], passed[2]);
      sent[i] = 0;
      continue;
    }
    sent[i] = work;
    if (work.passed !== undefined) {
      template = work;
      templateAt = i;
    }
  }
  return { works: sent, strings, numbers: Float64Array.from(numbers) };
}

/**
 * Whether `work` (shared, integrity and inclusion left out) is `template` but for the values a packed
 * row carries: the same check results (one object each, as shareWorks left them), issuer, achievement,
 * anchor record and start bits; a slimmed credential whose ids, name and identity hash are strings (or
 * absent); a slimmed proof whose other fields are the template's.
 */
function packable(work: Work, template: Work): boolean {
  if (work.passed === undefined || work.deferredInput !== undefined || work.started !== template.started) return false;
  if (!sameKeysAndObjects(work.checks, template.checks)) return false;
  const credential = work.credential;
  const like = template.credential;
  if (!credential || !like || credential.issuer !== like.issuer || countKeys(credential) !== 3) return false;
  if (!optionalString(credential.id)) return false;
  const subject = asRecord(credential.credentialSubject);
  const likeSubject = asRecord(like.credentialSubject);
  if (!subject || !likeSubject || subject.achievement !== likeSubject.achievement || countKeys(subject) !== 4) {
    return false;
  }
  if (!optionalString(subject.id) || !optionalString(subject.name)) return false;
  const identifier = subject.identifier;
  if (!Array.isArray(identifier) || identifier.length > 1) return false;
  if (identifier.length === 1) {
    const first = asRecord(identifier[0]);
    if (!first || countKeys(first) !== 1 || typeof first.identityHash !== "string") return false;
  }
  const proof = work.proof as unknown as Record<string, unknown> | undefined;
  const likeProof = template.proof as unknown as Record<string, unknown> | undefined;
  if (!proof || !likeProof || typeof proof.digest !== "string" || typeof proof.leafIndex !== "number") return false;
  let keys = 0;
  for (const key in proof) {
    keys++;
    if (key === "digest" || key === "leafIndex") continue;
    const value = proof[key];
    if (key === "path" || key === "redactedHashes") {
      if (!Array.isArray(value) || value.length !== 0) return false;
    } else if (key === "salts") {
      if (asRecord(value) === undefined || countKeys(value as object) !== 0) return false;
    } else if (value !== likeProof[key] || !(key in likeProof)) return false;
  }
  return keys === countKeys(likeProof);
}

/** Whether two records hold the same keys with the same objects (===). */
function sameKeysAndObjects(a: object, b: object): boolean {
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let keys = 0;
  for (const key in left) {
    if (left[key] !== right[key] || !(key in right)) return false;
    keys++;
  }
  return keys === countKeys(right);
}

function countKeys(record: object): number {
  let keys = 0;
  for (const _key in record) keys++;
  return keys;
}

function optionalString(value: unknown): boolean {
  return value === undefined || typeof value === "string";
}

/**
 * Worker side: takes the integrity and inclusion results out of `work.checks` and sets `work.passed`
 * (the worker's own checks set it themselves, without building the two results:
 * runContentChecksForTransfer; this is for a work that has them)
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
 * work; a packed work is built again from its template and its row. The shared issuer, achievement and
 * anchor stay shared: the chain checks only read them, and the public result copies what it shows of
 * them.
 */
export function expandWorks(sent: SharedWorks, files: readonly (string | undefined)[]): Work[] {
  return expand(sent, files, false);
}

/**
 * Calling thread side, for the chain checks and the results (VerifyPool): `expandWorks`, but each
 * packed row becomes a row work (`rowWork`) instead of the whole work `unpack` builds: its public
 * result is built from its row and its template's class (`toVerificationResult`), so the slimmed
 * credential and the offline results it would carry until then are never made; the results are the same.
 */
export function expandRows(sent: SharedWorks, files: readonly (string | undefined)[], first = 0): Work[] {
  return expand(sent, files, true, first);
}

/**
 * The works of one job; with `first`, each work's index is its place in the run (`first` + its place
 * in the job), set when a row work is made and written on a whole work only when it differs, so that
 * `index` is not rewritten on every work after the run's works are made (a field written again after
 * V8 saw it only set once is generalised, and the code that relied on it compiled again).
 */
function expand(sent: SharedWorks, files: readonly (string | undefined)[], rows: boolean, first = 0): Work[] {
  const { strings, numbers } = sent;
  const works: Work[] = new Array(sent.works.length);
  const seen = new Set<CheckResult>();
  let template: Work | undefined;
  let rowClass: RowClass | undefined;
  let row = 0;
  for (let i = 0; i < works.length; i++) {
    const whole = sent.works[i];
    const file = files[i];
    if (whole === 0) {
      if (rows) {
        // The class as the template is now (its offline results only): made once per template.
        rowClass ??= templateClass(template!, sent);
        works[i] = rowWork(template!, rowClass, first + i, file, strings, numbers, row++);
      } else works[i] = unpack(template!, i, file, strings, numbers, row++);
      continue;
    }
    works[i] = whole;
    if (rows && whole.index !== first + i) whole.index = first + i;
    if (file !== undefined) whole.file = file;
    const passed = whole.passed;
    if (passed !== undefined) {
      const proof = whole.proof!;
      whole.checks.integrity = integrityPassed(proof.digest, passed[0], passed[1]);
      whole.checks.inclusion = inclusionPassed(proof.root, proof.leafIndex, passed[2]);
      whole.passed = undefined; // not deleted: that would make the object a slower dictionary
      template = whole;
      rowClass = undefined;
    }
    for (const name of CHECK_NAMES) {
      const result = whole.checks[name];
      if (result === undefined) continue;
      if (seen.has(result)) whole.checks[name] = copyCheck(result);
      else seen.add(result);
    }
  }
  return works;
}

/**
 * Number `at` of a job's packed numbers as a whole work carries it: a small integer (a Smi) when it is
 * one. A Float64Array hands out every element as a double, and a double stored where whole works and
 * earlier rows stored small integers (a result's `leafIndex`, `pathLength`, `redactedFields`, ...)
 * changes that field's representation in the shared object shape: V8 then throws away the optimised
 * code built for the shape (rowInclusion, checkResult, listChecks, resultOf were compiled three times
 * a run for it) and keeps every such field of every later result as a boxed number, one more object
 * per field. Integers beyond 32 bits, and anything else, are returned as they are.
 */
export function packedNumber(numbers: Float64Array, at: number): number {
  const value = numbers[at];
  const small = value | 0;
  return small === value ? small : value;
}

const NO_PATH = Object.freeze([]) as unknown as CredAnchorProof["path"];
const NO_SALTS = Object.freeze({}) as CredAnchorProof["salts"];
const NO_HASHES = Object.freeze([]) as unknown as NonNullable<CredAnchorProof["redactedHashes"]>;

/**
 * Packed row `row`'s proof: the template's (root, anchor record) with the row's digest and leaf index,
 * and one frozen empty path, salts and redacted hashes for every row (a row has none, packable checks it;
 * nothing on the calling thread writes them), not three new objects each.
 */
function rowProof(
  template: Work,
  strings: SharedWorks["strings"],
  numbers: Float64Array,
  row: number,
): CredAnchorProof {
  return {
    ...template.proof!,
    digest: strings[row * PACKED_STRINGS + 4] as CredAnchorProof["digest"],
    leafIndex: packedNumber(numbers, row * PACKED_NUMBERS),
    path: NO_PATH,
    salts: NO_SALTS,
    redactedHashes: NO_HASHES,
  };
}

/** Packed row `row`'s integrity result, passed, from its proof (`rowProof`) and its numbers. */
function rowIntegrity(proof: CredAnchorProof, numbers: Float64Array, row: number): CheckResult {
  const n = row * PACKED_NUMBERS;
  return integrityPassed(proof.digest, packedNumber(numbers, n + 1), packedNumber(numbers, n + 2));
}

/** Packed row `row`'s inclusion result, passed, from its proof (`rowProof`) and its numbers. */
function rowInclusion(proof: CredAnchorProof, numbers: Float64Array, row: number): CheckResult {
  return inclusionPassed(proof.root, proof.leafIndex, packedNumber(numbers, row * PACKED_NUMBERS + 3));
}

/** The work of packed row `row`: its template's shape, results copied, its own values put back. */
function unpack(
  template: Work,
  index: number,
  file: string | undefined,
  strings: SharedWorks["strings"],
  numbers: Float64Array,
  row: number,
): Work {
  const at = row * PACKED_STRINGS;
  const like = template.credential!;
  const likeSubject = like.credentialSubject as Record<string, unknown>;
  const proof = rowProof(template, strings, numbers, row);
  const identityHash = strings[at + 3];
  const checks = template.checks;
  const work: Work = {
    index,
    checks: {
      format: copyCheck(checks.format!),
      integrity: rowIntegrity(proof, numbers, row),
      inclusion: rowInclusion(proof, numbers, row),
    },
    started: template.started,
    credential: slimmedCredential(
      strings[at],
      like.issuer,
      strings[at + 1],
      strings[at + 2],
      identityHash === null ? [] : [{ identityHash }],
      likeSubject.achievement,
    ),
    proof,
  };
  for (const name of CHECK_NAMES) {
    const result = checks[name];
    if (result !== undefined && work.checks[name] === undefined) work.checks[name] = copyCheck(result);
  }
  if (file !== undefined) work.file = file;
  return work;
}

/**
 * The class of `template`'s packed rows: its offline results as they are now (before the chain checks
 * add theirs to the template), of which every row gets its own copy in its result, and how a row's
 * integrity and inclusion results are built from its values (`unpack` builds the same, into a work).
 */
function templateClass(template: Work, sent: SharedWorks): RowClass {
  const offline: Partial<Record<CheckName, CheckResult>> = {};
  for (const name of CHECK_NAMES) {
    const result = template.checks[name];
    if (result !== undefined && name !== "integrity" && name !== "inclusion") offline[name] = result;
  }
  const { strings, numbers } = sent;
  return {
    strings,
    listChecks(work: Work): CheckResult[] {
      const row = work.row!;
      const recorded = work.checks;
      const checks: CheckResult[] = [];
      for (const name of CHECK_NAMES) {
        let result: CheckResult | undefined;
        if (name === "integrity") result = rowIntegrity(work.proof!, numbers, row);
        else if (name === "inclusion") result = rowInclusion(work.proof!, numbers, row);
        else {
          const shared = offline[name];
          // What the chain checks recorded for this row is its own; an offline result is the class's.
          result = recorded[name] ?? (shared === undefined ? undefined : copyCheck(shared));
        }
        checks.push(result ?? notRun(name));
      }
      return checks;
    },
  };
}

/**
 * A packed row as the chain checks need it: its own proof (root, anchor record, leaf index, digest, as
 * `unpack` builds it), the template's credential (only its issuer is read, the row's own), and in
 * `checks` the template's integrity and inclusion results, passed, which the chain checks only read the
 * status of; the row's own are built with its result (`RowClass.listChecks`).
 */
function rowWork(
  template: Work,
  rowClass: RowClass,
  index: number,
  file: string | undefined,
  strings: SharedWorks["strings"],
  numbers: Float64Array,
  row: number,
): Work {
  const checks = template.checks;
  const work: Work = {
    index,
    // Every slot the chain and component checks fill, made with the record: they write into fields it
    // has, instead of adding six to each row's record (a new shape at each, and its property store
    // grown again and again: about 60 bytes a credential, by the sampling heap profiler).
    checks: {
      integrity: checks.integrity,
      inclusion: checks.inclusion,
      anchor: undefined,
      finality: undefined,
      revocation: undefined,
      suspension: undefined,
      issuer: undefined,
      components: undefined,
    },
    started: template.started,
    credential: template.credential,
    proof: rowProof(template, strings, numbers, row),
    rowClass,
    row,
  };
  if (file !== undefined) work.file = file;
  return work;
}
