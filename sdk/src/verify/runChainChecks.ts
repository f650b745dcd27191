/**
 * The checks that read the chain: anchor, finality, revocation, suspension and issuer, for many
 * credentials at once. Reads are grouped: one block number per chain, one batch record per distinct
 * root, the statuses of all credentials in a few `credentialStatuses` calls, and one profile per
 * registry. `startChainReads` starts them as soon as the proofs are known (after the format check),
 * so that they run while the digests are computed; `finishChainChecks` turns what was read into
 * check results once the content checks are done, with the pure decisions in ./checks/ (anchor,
 * revocation and suspension, issuer binding; finality in ../finalityCheck.ts). Internal to sdk/src/verify.
 *
 * Length (just over 400 lines): the reads of one verification run and the step that hands them to the
 * pure checks share the grouping (per chain, per registry, per root); the decisions already live in
 * ./checks/, and the results that the credentials of one batch share in ./checks/batchOutcome.ts. The registry's state is read with the client's actions (`getBatch`,
 * `getCredentialStatuses`, `getProfile`, `getStatusEvents`, viem's `getBlock`) over the read transport
 * (`readTransportClient`).
 */
import type { RegistryCredentialStatus } from "../chain/registryStatus";
import { getAddress } from "viem";
import type { ReadTransport } from "../chain/transport/types";
import type { Address, Caip2ChainId, CredAnchorProof, Hex } from "../types";
import { readTaggedBlock } from "../chain/readTaggedBlock";
import { finalityRuleFor } from "./finalityCheck";
import { getBatch, type RegistryBatch } from "../chain/actions/getBatch";
import { getCredentialStatuses } from "../chain/actions/getCredentialStatuses";
import { getCredentialStatusesFromWords } from "../chain/actions/getCredentialStatusesFromWords";
import { RegistryError, RegistryNotFoundError, RpcRequestFailedError, UnexpectedAnswerError } from "../errors/registry";
import { QuorumError, RpcResponseError } from "../errors/verify";
import { getProfile } from "../chain/actions/getProfile";
import { readTransportClient } from "../chain/transport/readTransportClient";
import { getStatusEvents, type StatusEvent } from "../chain/actions/getStatusEvents";
import type { RegistryClient } from "../chain/createRegistryClient";
import { registryRead, type RegistryRead } from "./registryReads";
import type { TransportRegistry } from "./resolveTransport";
import { CHECK_CODES, isCheckCode } from "./codes";
import {
  type CheckName,
  type CheckResult,
  type IdentityMode,
  type IdentityResolver,
  type IdentityResolverResult,
  type VerifyOptions,
} from "./types";
import { checkResult, copyCheck, type CheckRecorder, type Work } from "./verdict";
import { IndexedStatuses, type ChainData, type Failure, type RegistryData } from "./checks/chainState";
import type { ProfileMatch } from "./checks/issuer";
import { batchOutcome, chainOutcomeMemo, type BatchOutcome } from "./checks/batchOutcome";
import { isCaip2ChainId } from "../chain/caip2";
import { rpcErrorResult } from "./checks/rpcError";
import { findEvent, statusResults } from "./checks/status";

const CHAIN_CHECKS = [
  "anchor",
  "finality",
  "revocation",
  "suspension",
  "issuer",
] as const satisfies readonly CheckName[];
const DEPENDENT_CHECKS = ["finality", "revocation", "suspension", "issuer"] as const satisfies readonly CheckName[];

/** What the chain checks need from the run. */
export interface ChainCheckContext {
  transports: TransportRegistry;
  recorder: CheckRecorder;
  minConfirmations: VerifyOptions["minConfirmations"];
  identityResolver?: IdentityResolver;
  /** When the domain binding is checked (`VerifyOptions.identity`). */
  identity: IdentityMode;
  statusChunkSize: number;
  /** Read the events of revoked or suspended batches for their reasons. */
  statusReasons: boolean;
  /** Called when a credential's last check is recorded. */
  onDone(work: Work): void;
}

/** The chain reads of one run, in flight. */
export type ChainReads = Promise<Map<Caip2ChainId, ChainData>>;

/**
 * Starts the reads for every credential that passed the format check and has a usable anchor record,
 * reports their chain checks as started, and resolves when everything is read. Never rejects for a
 * network failure: failures are kept as data.
 */
export function startChainReads(works: readonly Work[], context: ChainCheckContext): ChainReads {
  const byChain = new Map<Caip2ChainId, Map<string, Work[]>>();
  const usable = new UsableAnchors();
  // The list of the last anchor record's chain and registry: the credentials of a batch that crossed
  // from a worker thread share one record object (shareWorks.ts), so most look-ups are this one.
  let lastAnchor: CredAnchorProof["anchor"] | undefined;
  let lastList: Work[] = [];
  for (const work of works) {
    const anchor = work.proof?.anchor;
    if (!anchor || !usable.test(anchor)) continue;
    for (const check of CHAIN_CHECKS) context.recorder.start(work, check);
    if (anchor !== lastAnchor) {
      const registries = byChain.get(anchor.chain) ?? new Map<string, Work[]>();
      const key = anchor.registry.toLowerCase();
      lastList = registries.get(key) ?? [];
      registries.set(key, lastList);
      byChain.set(anchor.chain, registries);
      lastAnchor = anchor;
    }
    lastList.push(work);
  }
  return Promise.all([...byChain].map(([chain, registries]) => readChain(chain, registries, context))).then(
    (list) => new Map(list.map((data) => [data.chain, data])),
  );
}

async function readChain(
  chain: Caip2ChainId,
  registries: Map<string, Work[]>,
  context: ChainCheckContext,
): Promise<ChainData> {
  const data: ChainData = {
    chain,
    head: 0n,
    finality: { kind: "confirmations", confirmations: 1 },
    registries: new Map(),
  };
  const transport = context.transports.get(chain);
  if (!transport) {
    data.failure = checkResult(
      "anchor",
      "error",
      "RPC_NOT_CONFIGURED",
      `No RPC endpoint is configured for ${chain}, the chain this credential is anchored on; it could not be checked.`,
      { chain },
    );
    return data;
  }
  data.finality = finalityRuleFor(chain, transport.chainId, context.minConfirmations);
  try {
    const rule = data.finality;
    [data.head, data.finalized] = await Promise.all([
      transport.blockNumber(),
      rule.kind === "tag" ? readTaggedBlock(transport, rule.tag) : undefined,
    ]);
  } catch (error) {
    data.failure = rpcErrorResult("anchor", chain, error);
    return data;
  }
  await Promise.all(
    [...registries].map(async ([key, registryWorks]) => {
      const address = getAddress(key) as Address;
      data.registries.set(key, await readRegistry(transport, address, registryWorks, data.head, context));
    }),
  );
  return data;
}

/** At most this many batches per registry get their status events read (for reasons) in one run. */
const MAX_REASON_ROOTS = 16;

async function readRegistry(
  transport: ReadTransport,
  address: Address,
  works: readonly Work[],
  head: bigint,
  context: ChainCheckContext,
): Promise<RegistryData> {
  // The registry's read actions over the read transport, pinned to the head.
  const client = readTransportClient(transport);
  const registry = address;
  const blockNumber = head;
  const lowerRoots = lowerRootsOf(works);
  // 1. One batch record per distinct root.
  const roots = [...new Set(lowerRoots)];
  const records = new Map<Hex, RegistryRead<RegistryBatch> | Failure>();
  await forEachLimited(roots, 8, async (root) => {
    const read = registryRead(
      () => getBatch(client, { registry, root, blockNumber }),
      "the contract's answer to batch(root) is not a credanchor batch record",
    );
    records.set(root, await read.catch((error: unknown) => ({ error })));
  });

  // 2. Statuses of the credentials that are anchored, in range and in a live batch; the profile once.
  const { items, anyAnchored } = statusItems(works, lowerRoots, records);
  const data: RegistryData = {
    address,
    records,
    statuses: new Map(),
    events: new Map(),
    times: new Map(),
    reasonsWanted: context.statusReasons,
  };
  if (!anyAnchored) return data;
  const [statuses, profile] = await Promise.all([
    items.length === 0
      ? undefined
      : registryRead(
          () => readStatuses(client, registry, items, records, context.statusChunkSize, blockNumber),
          "the contract's answer to credentialStatuses is not a status list",
        ).catch((error: unknown) => ({ error })),
    registryRead(
      () => getProfile(client, { registry, blockNumber }),
      "the contract's answer to profile() is not a name and a URL",
    ).catch((error: unknown) => ({ error })),
  ]);
  data.profile = profile;
  let known: readonly RegistryCredentialStatus[] = [];
  if (statuses !== undefined && ("error" in statuses || !statuses.found)) {
    data.statuses = statuses as RegistryRead<never> | Failure;
  } else if (statuses !== undefined) {
    known = statuses.value;
    statusesByRoot(items, known, data.statuses as Map<string, IndexedStatuses>);
  }
  if (context.statusReasons) await readReasons(client, data, known.length > 0 ? items : [], known, head);
  return data;
}

// readRegistry's loops over every work, as functions of their own: an async function called once per
// slice had its loops compiled on stack again in each slice (3 to 5 compiles a run); a plain function
// called once per slice keeps its optimised code from one slice to the next.

/** Each work's lower-case root, lower-cased once per run of works with the same root as written. */
function lowerRootsOf(works: readonly Work[]): Hex[] {
  const lowerRoots: Hex[] = new Array(works.length);
  let lastRoot = "";
  let lastLower = "" as Hex;
  for (let i = 0; i < works.length; i++) {
    const root = works[i].proof!.root;
    if (root !== lastRoot) {
      lastRoot = root;
      lastLower = root.toLowerCase() as Hex;
    }
    lowerRoots[i] = lastLower;
  }
  return lowerRoots;
}

/**
 * The statuses to read: each work's (root, index) once, for the works anchored in a batch record that
 * was found, in range and not revoked as a whole; and whether any work is anchored at all. Exported for
 * its test only (status.test.ts).
 */
export function statusItems(
  works: readonly Work[],
  lowerRoots: readonly Hex[],
  records: ReadonlyMap<Hex, RegistryRead<RegistryBatch> | Failure>,
): { items: { root: Hex; index: number }[]; anyAnchored: boolean } {
  const items: { root: Hex; index: number }[] = [];
  // The indices asked for, per root: no `root:index` text per credential.
  const asked = new Map<Hex, AskedIndices>();
  let askedRoot = "";
  let askedOfRoot = new AskedIndices("0x");
  let anyAnchored = false;
  for (let i = 0; i < works.length; i++) {
    const root = lowerRoots[i];
    const read = records.get(root)!;
    if ("error" in read || !read.found || !read.value.anchored) continue;
    anyAnchored = true;
    const index = works[i].proof!.leafIndex;
    if (index >= read.value.leafCount || read.value.revokedAt !== 0) continue;
    if (root !== askedRoot) {
      askedOfRoot = asked.get(root) ?? new AskedIndices(root);
      asked.set(root, askedOfRoot);
      askedRoot = root;
    }
    if (!askedOfRoot.firstTime(index, items)) continue;
    items.push({ root, index });
  }
  return { items, anyAnchored };
}

/**
 * The leaf indices of one root already asked for (`statusItems`). While they come in increasing order
 * (the credentials of a batch, in order: the usual case) the last one tells; from the first one out of
 * that order, a Set of them all, as before, made from the items asked so far. A Set entry per
 * credential cost about 66 bytes of garbage (docs/PERFORMANCE.md, "From files, December 8, fourth round").
 */
class AskedIndices {
  private last = -1;
  private all: Set<number> | undefined;

  constructor(private readonly root: Hex) {}

  /** Whether `index` is asked for the first time (`items`: the items asked so far, of every root). */
  firstTime(index: number, items: readonly { root: Hex; index: number }[]): boolean {
    if (this.all === undefined) {
      if (index > this.last) {
        this.last = index;
        return true;
      }
      this.all = new Set();
      for (const item of items) if (item.root === this.root) this.all.add(item.index);
    }
    if (this.all.has(index)) return false;
    this.all.add(index);
    return true;
  }
}

/** Files the statuses read (`known`, in the order of `items`) by root, then index, into `byRoot`. */
function statusesByRoot(
  items: readonly { root: Hex; index: number }[],
  known: readonly RegistryCredentialStatus[],
  byRoot: Map<string, IndexedStatuses>,
): void {
  let root = "";
  let ofRoot = new IndexedStatuses();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.root !== root) {
      root = item.root;
      ofRoot = byRoot.get(root) ?? new IndexedStatuses();
      byRoot.set(root, ofRoot);
    }
    ofRoot.set(item.index, known[i]);
  }
}

/**
 * The registries whose status word read the node refused (`refusedByNode`), per read transport (its
 * client: `readTransportClient` makes one per transport), lower-case: their later reads through that
 * transport (the next slices of `verifyCredentialFiles`, later calls with the same `rpc`) go straight
 * to `credentialStatuses` instead of costing one refused call each. Per registry, not per transport
 * alone: a registry that reverts the read (one deployed before `statusWords`) says nothing of the others.
 */
const refusedWordReads = new WeakMap<RegistryClient, Set<string>>();

/**
 * The statuses of `items` (anchored, in range, in a live batch), in their order, at `blockNumber`:
 * derived from the registry's bitmap words and the batch records read at that block
 * (`getCredentialStatusesFromWords`: 20,000 consecutive credentials of one batch are one read of 79
 * words), unless that takes more reads than `credentialStatuses` calls would; when the node refuses
 * the word read (a JSON-RPC error or a revert: a node that does not run a call without `to`), the
 * statuses are read with `credentialStatuses` as before, whose answer or error decides, and so are
 * the registry's later statuses through the same transport (`refusedWordReads`).
 */
async function readStatuses(
  client: RegistryClient,
  registry: Address,
  items: readonly { root: Hex; index: number }[],
  records: ReadonlyMap<Hex, RegistryRead<RegistryBatch> | Failure>,
  chunkSize: number,
  blockNumber: bigint,
): Promise<RegistryCredentialStatus[]> {
  const batches = new Map<Hex, RegistryBatch>();
  for (const [root, read] of records) if (!("error" in read) && read.found) batches.set(root, read.value);
  const maxReads = Math.ceil(items.length / chunkSize);
  const key = registry.toLowerCase();
  const fromWords = refusedWordReads.get(client)?.has(key)
    ? undefined
    : await getCredentialStatusesFromWords(client, {
        registry,
        credentials: items,
        batches,
        blockNumber,
        maxReads,
      }).catch((error: unknown) => {
        if (!refusedByNode(error)) throw error;
        let refused = refusedWordReads.get(client);
        if (!refused) refusedWordReads.set(client, (refused = new Set()));
        refused.add(key);
        return undefined;
      });
  return fromWords ?? getCredentialStatuses(client, { registry, credentials: items, chunkSize, blockNumber });
}

/**
 * True when the node answered the word read with a JSON-RPC error or a revert (it does not run a call
 * without `to`, or runs it differently): then `credentialStatuses` is asked instead. Not for an
 * answer of the wrong shape (`UnexpectedAnswerError`), endpoints that failed or a quorum that did not
 * agree: those are the status check's `error`, as a failed `credentialStatuses` read is.
 */
function refusedByNode(error: unknown): boolean {
  if (error instanceof UnexpectedAnswerError) return false;
  for (let current = error, depth = 0; depth < 10 && current instanceof Error; depth++) {
    if (current instanceof QuorumError || current instanceof RpcRequestFailedError) return false;
    if (current instanceof RpcResponseError || current instanceof RegistryError) return true;
    if (current instanceof RegistryNotFoundError) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** At most this many event blocks per batch get their timestamp read (for "revoked on DATE"). */
const MAX_REASON_BLOCKS = 16;

type StatusNeed = { kind: StatusEvent["kind"]; index?: number };

/**
 * Reads the status events of the batches that have revoked or suspended credentials (or are revoked
 * as a whole), for the reasons and dates: from each batch's anchoring block to the head, newest first
 * in chunks (`getStatusEvents`), stopping once every needed event is found; then the timestamps of
 * those events' blocks. A failed read leaves the events out: the check then says "reason unavailable".
 */
async function readReasons(
  client: RegistryClient,
  data: RegistryData,
  items: readonly { root: Hex; index: number }[],
  statuses: readonly RegistryCredentialStatus[],
  head: bigint,
): Promise<void> {
  const needs = new Map<Hex, StatusNeed[]>();
  const need = (root: Hex, wanted: StatusNeed) => needs.set(root, [...(needs.get(root) ?? []), wanted]);
  for (const [root, read] of data.records) {
    if (!("error" in read) && read.found && read.value.revokedAt !== 0) need(root, { kind: "batch-revoked" });
  }
  items.forEach((item, i) => {
    if (statuses[i] === "Revoked") need(item.root, { kind: "revoked", index: item.index });
    if (statuses[i] === "Suspended") need(item.root, { kind: "suspended", index: item.index });
  });
  await forEachLimited([...needs].slice(0, MAX_REASON_ROOTS), 4, async ([root, wanted]) => {
    const read = data.records.get(root)!;
    if ("error" in read || !read.found) return;
    const found = (events: readonly StatusEvent[]) => wanted.map((w) => findEvent(events, w.kind, w.index));
    const events = await getStatusEvents(client, {
      registry: data.address,
      root,
      fromBlock: BigInt(read.value.anchoredBlock),
      toBlock: head,
      enough: (events) => found(events).every((event) => event !== undefined),
    }).catch(() => undefined);
    if (!events) return;
    data.events.set(root, events);
    const blocks = new Set<bigint>();
    wanted.forEach((w, i) => {
      const event = found(events)[i];
      if (event && w.kind !== "batch-revoked") blocks.add(event.blockNumber);
    });
    for (const block of [...blocks].slice(0, MAX_REASON_BLOCKS)) {
      const seconds = await client.publicClient.getBlock({ blockNumber: block }).then(
        (found) => found.timestamp,
        () => undefined,
      );
      if (seconds !== undefined) data.times.set(block, seconds);
    }
  });
}

/** The latest event that put credential `index` (or its batch) in `kind`, when read. */
/**
 * Records the chain checks of every credential that passed the format check, from what
 * `startChainReads` read (or as skipped, when the content checks did not pass).
 */
export async function finishChainChecks(
  works: readonly Work[],
  reads: ChainReads,
  context: ChainCheckContext,
): Promise<void> {
  const { recorder } = context;
  const data = await reads;
  const identity = new Map<string, Promise<IdentityResolverResult | { thrown: unknown }>>();
  const pending: Promise<void>[] = [];
  const outcomes = chainOutcomeMemo.enabled ? new Map<RegistryData, Map<string, BatchOutcome>>() : undefined;
  const usable = new UsableAnchors();
  // What the last anchor record object's chain and registry were read as (see startChainReads).
  let last: { anchor: CredAnchorProof["anchor"]; chainData: ChainData; registryData?: RegistryData } | undefined;
  for (const work of works) {
    const proof = work.proof;
    if (!proof) continue; // format failed: everything was recorded already
    if (work.checks.integrity?.status !== "passed" || work.checks.inclusion?.status !== "passed") {
      const why =
        "The credential is not proven to be part of its batch, so the batch's state on chain says nothing about it; not checked.";
      for (const check of CHAIN_CHECKS) recorder.skip(work, check, why);
      context.onDone(work);
      continue;
    }
    const anchor = proof.anchor;
    if (!anchor) {
      recorder.finish(
        work,
        checkResult(
          "anchor",
          "failed",
          "ANCHOR_RECORD_MISSING",
          "The credential is not yet anchored: its proof has no anchor record (chain, registry, transaction).",
        ),
      );
      skipDependents(work, recorder, "The credential is not anchored, so this was not checked.");
      context.onDone(work);
      continue;
    }
    if (!usable.test(anchor)) {
      recorder.finish(
        work,
        checkResult(
          "anchor",
          "failed",
          "ANCHOR_RECORD_INVALID",
          `The anchor record names no usable chain and registry ("${anchor.chain}", "${anchor.registry}").`,
        ),
      );
      skipDependents(work, recorder, "The anchor record is unusable, so this was not checked.");
      context.onDone(work);
      continue;
    }
    if (last?.anchor !== anchor) {
      const chainData = data.get(anchor.chain)!;
      last = { anchor, chainData, registryData: chainData.registries.get(anchor.registry.toLowerCase()) };
    }
    const chainData = last.chainData;
    if (chainData.failure) {
      recorder.finish(work, chainData.failure);
      skipDependents(work, recorder, "The anchor could not be checked, so this was not checked either.");
      context.onDone(work);
      continue;
    }
    const registryData = last.registryData!;
    const batch = batchOutcome(outcomes, proof, chainData, registryData, context);
    if ("skip" in batch) {
      recorder.finish(work, batch.result);
      skipDependents(work, recorder, batch.skip);
      context.onDone(work);
      continue;
    }
    recorder.finish(work, batch.anchor());
    recorder.finish(work, batch.finality());
    const status = batch.statuses?.get(proof.leafIndex);
    if (status === "Valid" && batch.valid) {
      // Every live credential of the batch gets the same two results: from the first one, copied.
      recorder.finish(work, copyCheck(batch.valid[0]));
      recorder.finish(work, copyCheck(batch.valid[1]));
    } else {
      const results = statusResults(proof, batch.record, registryData, chainData.chain);
      if (status === "Valid" && outcomes) batch.valid = results;
      for (const result of results) recorder.finish(work, result);
    }
    const issuer = batch.issuer(work.credential!.issuer);
    if (!("resolve" in issuer)) {
      recorder.finish(work, issuer);
      // A fast-path row whose chain results are all its batch's shared ones (the memo's): of a class.
      if (work.like !== undefined && status === "Valid" && outcomes !== undefined) {
        work.sharedOutcome = batch;
        work.sharedIssuer = batch.sharedIssuer();
      }
      context.onDone(work);
      continue;
    }
    const identityResolver = context.identityResolver!;
    pending.push(
      resolveIdentity(work, chainData.chain, registryData, issuer, identityResolver, identity).then((result) => {
        recorder.finish(work, result);
        context.onDone(work);
      }),
    );
  }
  await Promise.all(pending);
}

/** Asks the identity resolver (once per issuer, chain and registry in a run). */
async function resolveIdentity(
  work: Work,
  chain: Caip2ChainId,
  registryData: RegistryData,
  match: ProfileMatch,
  resolver: IdentityResolver,
  cache: Map<string, Promise<IdentityResolverResult | { thrown: unknown }>>,
): Promise<CheckResult> {
  const issuer = work.credential!.issuer;
  const registry = registryData.address;
  const key = `${JSON.stringify(issuer)}|${chain}|${registry}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = Promise.resolve()
      .then(() => resolver({ issuer, chain, registry, profile: match.profile }))
      .catch((thrown: unknown) => ({ thrown }));
    cache.set(key, pending);
  }
  const identity = await pending;
  if ("thrown" in identity) {
    const reason = identity.thrown instanceof Error ? identity.thrown.message.split("\n")[0] : String(identity.thrown);
    return checkResult(
      "issuer",
      "error",
      "ISSUER_IDENTITY_ERROR",
      `Issuer not confirmed: ${match.matched} The domain binding could not be checked: ${reason}`,
      match.details,
    );
  }
  const { status, code, message, ...rest } = identity;
  // A resolver answers with a check code and that code's own status; passed only as IDENTITY_VERIFIED.
  if (!isCheckCode(code) || CHECK_CODES[code].check !== "issuer" || CHECK_CODES[code].status !== status) {
    return checkResult(
      "issuer",
      "error",
      "ISSUER_IDENTITY_ERROR",
      `Issuer not confirmed: ${match.matched} The identity resolver answered ${JSON.stringify(status)} with code ${JSON.stringify(code)}, which is not an answer it may give (CHECK_CODES lists each code with its status).`,
      { ...match.details, identity: { status, code, message } },
    );
  }
  if (status === "passed" && code !== "IDENTITY_VERIFIED") {
    return checkResult(
      "issuer",
      "error",
      "ISSUER_IDENTITY_ERROR",
      `Issuer not confirmed: ${match.matched} The identity resolver answered "passed" with code ${code}; only IDENTITY_VERIFIED confirms an issuer.`,
      { ...match.details, identity: { status, code, message } },
    );
  }
  const text = String(message);
  const prefix = status === "error" || status === "skipped" ? "Issuer not confirmed: " : "";
  return checkResult("issuer", status, code, `${prefix}${match.matched} ${text}`, {
    ...match.details,
    identity: rest,
  });
}

function usableAnchor(anchor: { chain: string; registry: string }): boolean {
  return isCaip2ChainId(anchor.chain) && /^0x[0-9a-fA-F]{40}$/.test(anchor.registry);
}

/**
 * usableAnchor for one loop over works, remembering its last answer: the credentials of a batch that
 * crossed from a worker thread share one anchor record object (shareWorks.ts), which nothing changes
 * during a run. Compared by the values it reads, so a record that is not shared is checked as before.
 * A class, not a closure made per loop: its method is one function in every run, so the loops that
 * call it keep their optimised code from one run to the next (V8 compiled them again for each new
 * closure: "wrong call target").
 */
class UsableAnchors {
  // "" and "" is no usable anchor, as `usable` says: no undefined compared with the first chain's text.
  private chain = "";
  private registry = "";
  private usable = false;

  test(anchor: { chain: string; registry: string }): boolean {
    if (anchor.chain !== this.chain || anchor.registry !== this.registry) {
      this.usable = usableAnchor(anchor);
      this.chain = anchor.chain;
      this.registry = anchor.registry;
    }
    return this.usable;
  }
}

function skipDependents(work: Work, recorder: CheckRecorder, message: string): void {
  for (const check of DEPENDENT_CHECKS) recorder.skip(work, check, message);
}

async function forEachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++]);
  });
  await Promise.all(workers);
}
