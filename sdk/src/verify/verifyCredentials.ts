/**
 * Verifies many credentials at once: the format check per credential, then the chain reads (grouped,
 * so that 10,000 credentials of one batch cost a handful of RPC requests) while the digests and
 * Merkle paths are checked. Without progress events, a text of the shape of a valid credential before
 * it is checked whole during the format pass by the template fast path (templatePath.ts), with the
 * same result. Browser-safe.
 */
import { VerifyOptionsError } from "../errors/verify";
import { initKeccak } from "../hash/keccak";
import { TransportRegistry } from "./resolveTransport";
import { finishChainChecks, startChainReads, type ChainCheckContext } from "./runChainChecks";
import { runContentChecks, runFormatCheck } from "./runOfflineChecks";
import type { IdentityMode, VerificationResult, VerifyOptions } from "./types";
import { createCanonizer } from "../sign/canonize";
import { createDidWebKeyResolver } from "../sign/resolveAssertionKey";
import { runSignatureCheck } from "./runSignatureCheck";
import { expandStacks, finishComponentChecks } from "./runComponentChecks";
import { CheckRecorder, toVerificationResult, type Work } from "./verdict";
import { slim } from "./verifyOffline";
import { TemplatePath } from "./templatePath";
import { ResultClasses, type ResultClass } from "./resultClass";
import { isClrCredential } from "../stack/clr";

/**
 * Most items per `credentialStatuses` eth_call unless `statusChunkSize` says otherwise: 10,000
 * credentials take 5 calls, and a call of 2,000 warm items uses about 4.4M gas (SPEC.md section 7).
 */
export const DEFAULT_STATUS_CHUNK_SIZE = 2_000;

/**
 * Verifies credentials (parsed objects or JSON texts) and returns one result per input, in input
 * order. Never throws for a bad or unverifiable credential: its result says `invalid` or `error`.
 * Throws `VerifyOptionsError` when the options are unusable.
 *
 * @example
 * const results = await verifyCredentials(texts, {
 *   rpc: { "eip155:11155111": ["https://rpc-a.example", "https://rpc-b.example"] },
 *   onProgress: (done, total) => console.log(`${done}/${total}`),
 * });
 * for (const r of results) console.log(r.status, r.summary);
 */
export async function verifyCredentials(
  credentials: readonly unknown[],
  options: VerifyOptions = {},
): Promise<VerificationResult[]> {
  return (await verifyCredentialsWithClasses(credentials, options)).results;
}

/**
 * `verifyCredentials`, and beside each result its class (ResultClass) or undefined: the results of one
 * class are the same but for their rows' own values (RESULT_ROW_POINTERS), so that a writer of many
 * answers (verify-batch's threads) writes the next ones of a class from those values alone.
 *
 * @example
 * const { results, classes } = await verifyCredentialsWithClasses(texts, { rpc });
 * classes[1] === classes[2]; // true for two valid credentials of one batch: the same but at RESULT_ROW_POINTERS
 */
export async function verifyCredentialsWithClasses(
  credentials: readonly unknown[],
  options: VerifyOptions = {},
): Promise<{ results: VerificationResult[]; classes: (ResultClass | undefined)[] }> {
  const { nowMs, context } = await setUp(options, credentials.length);
  const { recorder } = context;
  const signature = {
    resolveKey: options.signatureKeyResolver ?? createDidWebKeyResolver(),
    canonizer: createCanonizer(),
  };
  const total = credentials.length;
  // 1. Format: parse and validate every input, find its proof entry. A text of the shape of a valid
  // credential before it takes the template fast path (templatePath.ts) and is done here; the full
  // path's text that could be such a template has its offline checks run here too (without progress
  // events only: with them, every check is reported in the order below).
  const works: Work[] = new Array(total);
  // One call at a time holds the thread's fast path: its row template is the call's own work (checked at
  // the call's `now`), and the loop below awaits, where another call may run; that one goes without it.
  const fast =
    options.onCheck === undefined && credentialsFastPath.enabled && !threadTemplatePath.held
      ? threadTemplatePath.path
      : undefined;
  if (fast !== undefined) threadTemplatePath.held = true;
  fast?.beginJob();
  const checked = new Uint8Array(total); // 1: the offline checks already ran
  try {
    for (let index = 0; index < total; index++) {
      const input = credentials[index];
      const file = options.files?.[index];
      if (fast !== undefined && typeof input === "string") {
        const row = fast.tryWork(input, index, file);
        if (row !== undefined) {
          works[index] = row;
          checked[index] = 1;
          if ((index & 511) === 511) await yieldToEventLoop();
          continue;
        }
      }
      const work: Work = { index, checks: {}, started: 0 };
      if (file !== undefined) work.file = file;
      works[index] = work;
      if (!runFormatCheck(work, input, recorder)) context.onDone(work);
      else if (fast !== undefined && typeof input === "string" && couldBeRowTemplate(work.credential!)) {
        await runOfflineChecks(work, recorder, nowMs, signature);
        checked[index] = 1;
        fast.observeChecked(work, input);
      }
      if ((index & 511) === 511) await yieldToEventLoop();
    }
  } finally {
    if (fast !== undefined) threadTemplatePath.held = false;
  }
  // 1b. Stacks: every embedded credential (to depth 3) becomes a work item of its own, so that its
  // chain reads are batched with the others (SPEC.md section 11.5).
  const stacks = expandStacks(works, recorder);
  // 2. The chain reads need only the proofs: start them now, so they run during the digests.
  const reads = startChainReads(works, context);
  reads.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
  // 3. Integrity, inclusion, validity.
  for (let index = 0; index < works.length; index++) {
    if (works[index].proof && checked[index] !== 1) await runOfflineChecks(works[index], recorder, nowMs, signature);
    if ((index & 511) === 511) await yieldToEventLoop();
  }
  // 4. Anchor, finality, revocation, suspension, issuer from what was read.
  await finishChainChecks(works, reads, context);
  // 5. Components: each stack's verdict over its components, deepest stacks first.
  const stackResults = finishComponentChecks(works, stacks, recorder);
  const results = new Array<VerificationResult>(total);
  const classes = new Array<ResultClass | undefined>(total);
  const resultClasses = new ResultClasses();
  for (let index = 0; index < total; index++) {
    const work = works[index];
    const stack = stackResults.get(index);
    results[index] = stack ?? toVerificationResult(work);
    classes[index] = stack === undefined ? resultClasses.of(work, results[index]) : undefined;
  }
  return { results, classes };
}

/**
 * Whether a credential that passed the format check could become the fast path's row template: not a
 * stack, and no proof entry but its credanchor one. A signed credential (a second entry) never can, and
 * its signature check may fetch the issuer's DID document: it stays in step 3, after the chain reads
 * have started, so that the two overlap.
 */
function couldBeRowTemplate(credential: Record<string, unknown>): boolean {
  const proof = credential.proof;
  return !isClrCredential(credential) && !(Array.isArray(proof) && proof.length !== 1);
}

/** Integrity, inclusion, validity and signature of a work that passed the format check, then `slim`. */
async function runOfflineChecks(
  work: Work,
  recorder: CheckRecorder,
  nowMs: number,
  signature: Parameters<typeof runSignatureCheck>[2],
): Promise<void> {
  runContentChecks(work, recorder, nowMs);
  await runSignatureCheck(work, recorder, signature);
  slim(work);
}

/**
 * This thread's template fast path for the texts of `verifyCredentials` (a text template serves every
 * call: serve's verify-batch threads call it once per part of a batch), and whether a call holds it:
 * calls that overlap on one thread (a service's concurrent requests, `Promise.all` of two calls) would
 * otherwise take each other's row template, with its validity checked at the other call's `now`.
 */
const threadTemplatePath = { path: new TemplatePath(), held: false };

/** Internal, for tests: whether `verifyCredentials` tries the template fast path (only without onCheck). */
export const credentialsFastPath = { enabled: true };

/** Checks the options and builds what a run needs (the chain check context, the time). */
async function setUp(options: VerifyOptions, total: number) {
  const nowMs = resolveNow(options.now);
  const statusChunkSize = options.statusChunkSize ?? DEFAULT_STATUS_CHUNK_SIZE;
  if (!Number.isInteger(statusChunkSize) || statusChunkSize < 1) {
    throw new VerifyOptionsError(`statusChunkSize must be a whole number >= 1, got ${statusChunkSize}`, {
      pointer: "/statusChunkSize",
    });
  }
  checkMinConfirmations(options.minConfirmations);
  const identity = options.identity ?? "auto";
  if (identity !== "auto" && identity !== "on" && identity !== "off") {
    throw new VerifyOptionsError(`identity must be "auto", "on" or "off", got ${JSON.stringify(identity)}`, {
      pointer: "/identity",
      fix: 'leave it out ("auto": the issuer\'s domain binding is checked on every chain but eip155:31337)',
    });
  }
  const transports = new TransportRegistry(options.rpc);
  await initKeccak();

  // Embedded components of stacks join the run after the inputs (index >= total): no events for them.
  const onCheck = options.onCheck;
  const recorder = new CheckRecorder(onCheck ? (event) => event.index < total && onCheck(event) : undefined);
  const context = new RunContext(transports, recorder, options, identity, statusChunkSize, total);
  return { nowMs, context };
}

/**
 * The chain check context of one run, as a class: `onDone` is then one function for every run, so the
 * optimised code of `finishChainChecks` that calls it stays valid from one run (a slice of
 * `verifyCredentialFiles`) to the next, where a closure made per run made V8 compile it again.
 */
class RunContext implements ChainCheckContext {
  readonly minConfirmations: VerifyOptions["minConfirmations"];
  readonly identityResolver: VerifyOptions["identityResolver"];
  readonly statusReasons: boolean;
  private done = 0;

  constructor(
    readonly transports: TransportRegistry,
    readonly recorder: CheckRecorder,
    private readonly options: VerifyOptions,
    readonly identity: IdentityMode,
    readonly statusChunkSize: number,
    private readonly total: number,
  ) {
    this.minConfirmations = options.minConfirmations;
    this.identityResolver = options.identityResolver;
    this.statusReasons = options.statusReasons ?? true;
  }

  onDone(work?: Work): void {
    if (work && work.index >= this.total) return;
    this.done++;
    this.options.onProgress?.(this.done, this.total);
  }
}

/**
 * Internal, the other half of the worker path: the chain checks (reads grouped per chain, as in
 * `verifyCredentials`) of works that went through `verifyOffline`, and the results in order.
 * `options.now` must be the time given to `verifyOffline`. Each result's index is `firstIndex` + its work's.
 */
export async function verifyOnChain(
  works: Work[],
  options: VerifyOptions = {},
  firstIndex = 0,
): Promise<VerificationResult[]> {
  const { context } = await setUp(options, works.length);
  const deferred = works.filter((work) => work.deferredInput !== undefined);
  const rest = deferred.length === 0 ? works : works.filter((work) => work.deferredInput === undefined);
  for (const work of rest) if (!work.proof) context.onDone(work);
  await finishChainChecks(rest, startChainReads(rest, context), context);
  finishComponentChecks(rest, [], context.recorder); // no stacks among them: "not a stack" for each
  const results = works.map((work) =>
    work.deferredInput === undefined ? toVerificationResult(work, firstIndex) : undefined,
  );
  if (deferred.length > 0) {
    // Stacks (left by the workers): verified whole here, components included, as verifyCredentials does.
    const { onProgress: _progress, onCheck: _check, files: _files, ...stackOptions } = options;
    const stacks = await verifyCredentials(
      deferred.map((work) => work.deferredInput),
      { ...stackOptions, files: deferred.map((work) => work.file) },
    );
    deferred.forEach((work, i) => {
      results[work.index] = { ...stacks[i], index: firstIndex + work.index };
      context.onDone(work);
    });
  }
  return results as VerificationResult[];
}

/** The time of a run (`VerifyOptions.now`) in milliseconds; throws VerifyOptionsError when unusable. */
export function resolveNowMs(now: VerifyOptions["now"]): number {
  return resolveNow(now);
}

function resolveNow(now: VerifyOptions["now"]): number {
  if (now === undefined) return Date.now();
  const ms = now instanceof Date ? now.getTime() : typeof now === "number" ? now : Date.parse(now);
  if (!Number.isFinite(ms)) {
    throw new VerifyOptionsError(`now must be a date, got ${String(now)}`, { pointer: "/now" });
  }
  return ms;
}

function checkMinConfirmations(option: VerifyOptions["minConfirmations"]): void {
  if (option === undefined) return;
  const entries = typeof option === "number" ? [["", option] as const] : Object.entries(option);
  for (const [chain, value] of entries) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new VerifyOptionsError(
        `minConfirmations${chain ? ` for ${chain}` : ""} must be a whole number >= 1, got ${value}`,
        {
          pointer: chain ? `/minConfirmations/${chain}` : "/minConfirmations",
        },
      );
    }
  }
}

/** Lets timers and UI events run during a long synchronous stretch. */
function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}
