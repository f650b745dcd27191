/**
 * The half of the worker path that needs no network: format, integrity, inclusion, validity and the
 * signature of each input, run on a worker thread of `verifyCredentialFiles` (verifyWorker.ts).
 * Internal to sdk/src/verify. Its imports stay clear of the chain code (transports, registry reads),
 * which a worker never runs: each thread loads this module graph once when it starts.
 */
import type { Canonizer } from "../sign/canonize";
import type { ResolveAssertionKey } from "../sign/verifyCredentialSignature";
import { initKeccak } from "../hash/keccak";
import { awardedAchievement, isClrCredential } from "../stack/clr";
import { runContentChecksForTransfer, runFormatCheck } from "./runOfflineChecks";
import { runSignatureCheck } from "./runSignatureCheck";
import { asRecord, CheckRecorder, type Work } from "./verdict";

/**
 * Internal, for the worker threads of `verifyCredentialFiles`: the checks that need no network
 * (format, integrity, inclusion, validity) and the signature check of each input, on this thread,
 * exactly as `verifyCredentials` runs them; the works come back slimmed, for `shareWorks` and then
 * `verifyOnChain`: a credential whose integrity and inclusion passed has `passed` set instead of their
 * results (runContentChecksForTransfer), which `expandWorks` builds. No progress events (`onCheck`): the
 * worker path is taken only without them.
 */
export async function verifyOffline(
  inputs: readonly unknown[],
  options: { nowMs: number; files?: readonly (string | undefined)[] },
  signature: OfflineSignature,
): Promise<Work[]> {
  await initKeccak();
  const recorder = new CheckRecorder();
  const works: Work[] = new Array(inputs.length);
  for (let index = 0; index < inputs.length; index++) {
    works[index] = await verifyOfflineOne(
      inputs[index],
      index,
      options.files?.[index],
      options.nowMs,
      signature,
      recorder,
    );
  }
  return works;
}

/** What the signature check of `verifyOffline` needs: one key resolver and one canonizer per thread. */
export interface OfflineSignature {
  resolveKey: ResolveAssertionKey;
  canonizer: Canonizer;
}

/**
 * Internal: `verifyOffline` of one input (its work, slimmed), for a caller that reads its inputs one at
 * a time and lets each go before reading the next (verifyWorker.ts). Call `initKeccak` first.
 */
export async function verifyOfflineOne(
  input: unknown,
  index: number,
  file: string | undefined,
  nowMs: number,
  signature: OfflineSignature,
  recorder: CheckRecorder,
): Promise<Work> {
  const work: Work = { index, checks: {}, started: 0 };
  if (file !== undefined) work.file = file;
  if (runFormatCheck(work, input, recorder, true)) {
    if (work.credential && isClrCredential(work.credential)) {
      // A stack: its components are verified with it on the main thread (verifyOnChain).
      return { index, checks: {}, started: 0, deferredInput: input, ...(file ? { file } : {}) };
    }
    runContentChecksForTransfer(work, recorder, nowMs);
    await runSignatureCheck(work, recorder, signature);
    slim(work);
  } else if (work.credential) {
    slimCredential(work); // what the result reads of it (issuer, names), not the whole document
  }
  return work;
}

/**
 * Keeps only what the chain checks and the result still need (issuer, ids, names, proof position),
 * so that a run over many credentials does not hold every parsed document until the end.
 */
export function slim(work: Work): void {
  slimCredential(work);
  const proof = work.proof!;
  work.proof = {
    ...proof,
    path: [],
    salts: {},
    redactedHashes: [],
  };
}

function slimCredential(work: Work): void {
  const credential = work.credential!;
  const subject = asRecord(credential.credentialSubject);
  const identifiers = Array.isArray(subject?.identifier) ? subject.identifier : [];
  const first = asRecord(identifiers[0]);
  work.credential = slimmedCredential(
    credential.id,
    credential.issuer,
    subject?.id,
    subject?.name,
    first ? [{ identityHash: first.identityHash }] : [],
    { name: awardedAchievement(credential)?.name },
  );
}

/**
 * The slimmed credential (what slim keeps of it), built in one place for slim and for the calling
 * thread that rebuilds a packed work (shareWorks.ts): one shape, its fields in one order. `identifier`:
 * the first identifier's `identityHash` alone, or none.
 */
export function slimmedCredential(
  id: unknown,
  issuer: unknown,
  subjectId: unknown,
  name: unknown,
  identifier: [{ identityHash: unknown }] | [],
  achievement: unknown,
): Record<string, unknown> {
  return { id, issuer, credentialSubject: { id: subjectId, name, identifier, achievement } };
}
