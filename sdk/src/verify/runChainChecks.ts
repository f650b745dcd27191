/**
 * The checks that read the chain: anchor, finality, revocation, suspension and issuer, for many
 * credentials at once. Reads are grouped: one block number per chain, one profile per registry, one
 * batch record per distinct root, and the statuses of all credentials in a few `credentialStatuses`
 * calls. Internal to sdk/src/verify.
 */
import { getAddress } from "viem";
import type { ReadTransport } from "../chain/transport/types";
import { BaseError } from "../errors/base";
import { NoEndpointAvailableError, QuorumError, RpcResponseError, VerifyOptionsError } from "../errors/verify";
import type { Address, Caip2ChainId, Hex } from "../types";
import { defaultMinConfirmations } from "./defaultMinConfirmations";
import {
  readBatchRecord,
  readCredentialStatuses,
  readProfile,
  type BatchRecord,
  type RegistryRead,
  type RegistryStatus,
} from "./registryReads";
import type { TransportRegistry } from "./resolveTransport";
import { short } from "./runOfflineChecks";
import type { CheckName, CheckResult, IdentityResolver, IdentityResolverResult, VerifyOptions } from "./types";
import { asRecord, checkResult, type CheckRecorder, type Work } from "./verdict";

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
  statusChunkSize: number;
  /** Called when a credential's last check is recorded. */
  onDone: (work: Work) => void;
}

/**
 * Runs the chain checks of `works` (credentials that passed format, integrity and inclusion), or
 * records them as skipped when an earlier check did not pass.
 */
export async function runChainChecks(works: readonly Work[], context: ChainCheckContext): Promise<void> {
  const { recorder } = context;
  const byChain = new Map<Caip2ChainId, Work[]>();
  for (const work of works) {
    if (!work.proof) continue; // format failed: offline checks already skipped everything
    const integrity = work.checks.integrity;
    const inclusion = work.checks.inclusion;
    if (integrity?.status !== "passed" || inclusion?.status !== "passed") {
      skipAll(
        work,
        recorder,
        "The credential is not proven to be part of its batch, so the batch's state on chain says nothing about it; not checked.",
      );
      context.onDone(work);
      continue;
    }
    const anchor = work.proof.anchor;
    if (!anchor) {
      recorder.start(work, "anchor");
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
    if (!/^eip155:[1-9][0-9]*$/.test(anchor.chain) || !/^0x[0-9a-fA-F]{40}$/.test(anchor.registry)) {
      recorder.start(work, "anchor");
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
    const list = byChain.get(anchor.chain) ?? [];
    list.push(work);
    byChain.set(anchor.chain, list);
  }
  await Promise.all([...byChain].map(([chain, chainWorks]) => checkChain(chain, chainWorks, context)));
}

async function checkChain(chain: Caip2ChainId, works: Work[], context: ChainCheckContext): Promise<void> {
  const { recorder } = context;
  for (const work of works) for (const check of CHAIN_CHECKS) recorder.start(work, check);

  const transport = context.transports.get(chain);
  if (!transport) {
    return failChain(
      works,
      context,
      checkResult(
        "anchor",
        "error",
        "RPC_NOT_CONFIGURED",
        `No RPC endpoint is configured for ${chain}, the chain this credential is anchored on; it could not be checked.`,
        { chain },
      ),
    );
  }

  let head: bigint;
  try {
    head = await transport.blockNumber();
  } catch (error) {
    return failChain(works, context, rpcErrorResult("anchor", chain, error));
  }
  const blockTag = `0x${head.toString(16)}` as Hex;
  const required = minConfirmationsFor(chain, transport.chainId, context.minConfirmations);

  const byRegistry = new Map<string, Work[]>();
  for (const work of works) {
    const key = work.proof!.anchor!.registry.toLowerCase();
    const list = byRegistry.get(key) ?? [];
    list.push(work);
    byRegistry.set(key, list);
  }
  await Promise.all(
    [...byRegistry].map(([registry, registryWorks]) =>
      checkRegistry(
        { chain, transport: transport!, head, blockTag, required },
        getAddress(registry) as Address,
        registryWorks,
        context,
      ),
    ),
  );
}

interface ChainState {
  chain: Caip2ChainId;
  transport: ReadTransport;
  head: bigint;
  blockTag: Hex;
  required: number;
}

async function checkRegistry(state: ChainState, registry: Address, works: Work[], context: ChainCheckContext) {
  const { chain, transport, blockTag } = state;
  const { recorder } = context;

  // 1. One batch record per distinct root.
  const roots = [...new Set(works.map((work) => work.proof!.root.toLowerCase() as Hex))];
  const records = new Map<Hex, RegistryRead<BatchRecord> | { error: unknown }>();
  await forEachLimited(roots, 8, async (root) => {
    try {
      records.set(root, await readBatchRecord(transport, registry, root, blockTag));
    } catch (error) {
      records.set(root, { error });
    }
  });

  // 2. The anchor check decides which credentials need a status.
  const anchored: { work: Work; record: BatchRecord }[] = [];
  for (const work of works) {
    const proof = work.proof!;
    const root = proof.root.toLowerCase() as Hex;
    const read = records.get(root)!;
    if ("error" in read) {
      recorder.finish(work, rpcErrorResult("anchor", chain, read.error));
      skipDependents(work, recorder, "The batch's record could not be read, so this was not checked.");
      context.onDone(work);
      continue;
    }
    if (!read.found) {
      recorder.finish(
        work,
        checkResult(
          "anchor",
          "failed",
          "ANCHOR_REGISTRY_NOT_FOUND",
          `There is no credanchor registry at ${registry} on ${chain} (${read.reason}).`,
          { chain, registry, reason: read.reason },
        ),
      );
      skipDependents(work, recorder, "The registry the proof names does not exist, so this was not checked.");
      context.onDone(work);
      continue;
    }
    const record = read.value;
    if (record.anchoredAt === 0n) {
      recorder.finish(
        work,
        checkResult(
          "anchor",
          "failed",
          "ANCHOR_ROOT_NOT_FOUND",
          `Batch root ${proof.root} was never anchored in registry ${registry} on ${chain}.`,
          { chain, registry, root: proof.root, block: Number(state.head) },
        ),
      );
      skipDependents(work, recorder, "The batch is not anchored in that registry, so this was not checked.");
      context.onDone(work);
      continue;
    }
    if (BigInt(proof.leafIndex) >= record.leafCount) {
      recorder.finish(
        work,
        checkResult(
          "anchor",
          "failed",
          "ANCHOR_LEAF_INDEX_OUT_OF_RANGE",
          `The proof claims entry #${proof.leafIndex}, but batch ${short(proof.root)} holds only ${record.leafCount} credentials.`,
          { chain, registry, root: proof.root, leafIndex: proof.leafIndex, leafCount: Number(record.leafCount) },
        ),
      );
      skipDependents(work, recorder, "The credential is not within its batch, so this was not checked.");
      context.onDone(work);
      continue;
    }
    const anchoredAt = isoSeconds(record.anchoredAt);
    const recordedBlock = proof.anchor!.blockNumber;
    const moved = recordedBlock !== Number(record.anchoredBlock);
    recorder.finish(
      work,
      checkResult(
        "anchor",
        "passed",
        "ANCHOR_OK",
        `Batch ${short(proof.root)} is anchored in registry ${registry} on ${chain}, block ${record.anchoredBlock} (${anchoredAt}).` +
          (moved ? ` The proof records block ${recordedBlock}; the chain's record is authoritative.` : ""),
        {
          chain,
          registry,
          root: proof.root,
          anchoredAt,
          anchoredBlock: Number(record.anchoredBlock),
          leafCount: Number(record.leafCount),
          ...(moved ? { recordedBlockNumber: recordedBlock } : {}),
        },
      ),
    );
    recorder.finish(work, finalityResult(state, record));
    anchored.push({ work, record });
  }
  if (anchored.length === 0) return;

  // 3. Statuses of the credentials whose batch is live, in a few calls; the profile, once.
  const statusItems: { root: Hex; index: number }[] = [];
  const itemIndex = new Map<string, number>();
  for (const { work, record } of anchored) {
    if (record.revokedAt !== 0n) continue;
    const root = work.proof!.root.toLowerCase() as Hex;
    const key = `${root}:${work.proof!.leafIndex}`;
    if (itemIndex.has(key)) continue;
    itemIndex.set(key, statusItems.length);
    statusItems.push({ root, index: work.proof!.leafIndex });
  }
  const [statusRead, profileRead] = await Promise.all([
    statusItems.length === 0
      ? Promise.resolve({ found: true, value: [] } as RegistryRead<RegistryStatus[]>)
      : readCredentialStatuses(transport, registry, statusItems, blockTag, context.statusChunkSize).catch(
          (error: unknown) => ({ error }),
        ),
    readProfile(transport, registry, blockTag).catch((error: unknown) => ({ error })),
  ]);

  // 4. Revocation, suspension, issuer.
  const identity = new Map<string, Promise<IdentityResolverResult | { thrown: unknown }>>();
  await Promise.all(
    anchored.map(async ({ work, record }) => {
      const proof = work.proof!;
      if (record.revokedAt !== 0n) {
        const revokedAt = isoSeconds(record.revokedAt);
        recorder.finish(
          work,
          checkResult(
            "revocation",
            "failed",
            "REVOCATION_BATCH_REVOKED",
            `The issuer revoked the whole batch on ${revokedAt}.`,
            { revokedAt, root: proof.root },
          ),
        );
        recorder.skip(work, "suspension", "The batch is revoked, which is final; suspension was not checked.");
      } else if ("error" in statusRead) {
        recorder.finish(work, rpcErrorResult("revocation", chain, statusRead.error));
        recorder.finish(work, rpcErrorResult("suspension", chain, statusRead.error));
      } else if (!statusRead.found) {
        const message = `The registry at ${registry} did not answer credentialStatuses: ${statusRead.reason}.`;
        recorder.finish(work, checkResult("revocation", "error", "RPC_ERROR", message));
        recorder.finish(work, checkResult("suspension", "error", "RPC_ERROR", message));
      } else {
        const status = statusRead.value[itemIndex.get(`${proof.root.toLowerCase()}:${proof.leafIndex}`)!];
        statusResults(work, status, recorder, chain);
      }
      recorder.finish(work, await issuerResult(work, chain, registry, profileRead, context.identityResolver, identity));
      context.onDone(work);
    }),
  );
}

function finalityResult(state: ChainState, record: BatchRecord): CheckResult {
  const confirmations = state.head >= record.anchoredBlock ? Number(state.head - record.anchoredBlock + 1n) : 0;
  const details = {
    confirmations,
    required: state.required,
    anchoredBlock: Number(record.anchoredBlock),
    head: Number(state.head),
  };
  if (confirmations >= state.required) {
    return checkResult(
      "finality",
      "passed",
      "FINALITY_OK",
      `The anchoring block has ${confirmations} confirmation${confirmations === 1 ? "" : "s"} (${state.required} required).`,
      details,
    );
  }
  const missing = state.required - confirmations;
  return checkResult(
    "finality",
    "error",
    "FINALITY_PENDING",
    `The anchoring block has ${confirmations} of the ${state.required} confirmations required on ${state.chain}; it is not final yet. Check again in about ${missing} block${missing === 1 ? "" : "s"}.`,
    details,
  );
}

function statusResults(work: Work, status: RegistryStatus, recorder: CheckRecorder, chain: Caip2ChainId): void {
  switch (status) {
    case "Valid":
      recorder.finish(
        work,
        checkResult("revocation", "passed", "REVOCATION_OK", "The issuer has not revoked this credential."),
      );
      recorder.finish(work, checkResult("suspension", "passed", "SUSPENSION_OK", "The credential is not suspended."));
      return;
    case "Revoked":
      recorder.finish(
        work,
        checkResult("revocation", "failed", "REVOCATION_CREDENTIAL_REVOKED", "The issuer revoked this credential.", {
          root: work.proof!.root,
          leafIndex: work.proof!.leafIndex,
        }),
      );
      recorder.skip(work, "suspension", "The credential is revoked, which is final; suspension was not checked.");
      return;
    case "Suspended":
      recorder.finish(
        work,
        checkResult("revocation", "passed", "REVOCATION_OK", "The issuer has not revoked this credential."),
      );
      recorder.finish(
        work,
        checkResult(
          "suspension",
          "failed",
          "SUSPENSION_SUSPENDED",
          "The issuer has suspended this credential (a suspension can be lifted; check again later).",
          { root: work.proof!.root, leafIndex: work.proof!.leafIndex },
        ),
      );
      return;
    default: {
      // BatchRevoked, Unknown or OutOfRange contradict the batch record read at the same block.
      const message = `The registry on ${chain} gave inconsistent answers (status ${status} for an anchored, live batch).`;
      recorder.finish(work, checkResult("revocation", "error", "RPC_ERROR", message, { status }));
      recorder.finish(work, checkResult("suspension", "error", "RPC_ERROR", message, { status }));
    }
  }
}

async function issuerResult(
  work: Work,
  chain: Caip2ChainId,
  registry: Address,
  profileRead: RegistryRead<{ name: string; url: string }> | { error: unknown },
  resolver: IdentityResolver | undefined,
  cache: Map<string, Promise<IdentityResolverResult | { thrown: unknown }>>,
): Promise<CheckResult> {
  if ("error" in profileRead) return rpcErrorResult("issuer", chain, profileRead.error);
  if (!profileRead.found) {
    return checkResult(
      "issuer",
      "error",
      "RPC_ERROR",
      `The registry's profile could not be read: ${profileRead.reason}.`,
    );
  }
  const profile = profileRead.value;
  const issuer = work.credential!.issuer;
  const issuerRecord = asRecord(issuer);
  const claims = [
    ...new Set(
      (typeof issuer === "string" ? [issuer] : [issuerRecord?.url, issuerRecord?.id]).filter(
        (value): value is string => typeof value === "string",
      ),
    ),
  ];
  const details = { profileName: profile.name, profileUrl: profile.url, issuer: claims };
  if (profile.url.trim() === "") {
    return checkResult(
      "issuer",
      "failed",
      "ISSUER_PROFILE_EMPTY",
      `The registry ${registry} has no profile URL, so it does not say which issuer it belongs to.`,
      details,
    );
  }
  const target = normalizeIdentifier(profile.url);
  if (!claims.some((claim) => normalizeIdentifier(claim) === target)) {
    return checkResult(
      "issuer",
      "failed",
      "ISSUER_PROFILE_MISMATCH",
      `The registry's on-chain profile names ${profile.url}, but the credential's issuer is ${claims.join(" / ") || "not named"}.`,
      details,
    );
  }
  const matched = `The registry's on-chain profile names ${profile.url}${profile.name ? ` (${profile.name})` : ""}, as the credential's issuer does.`;
  if (!resolver) return checkResult("issuer", "passed", "ISSUER_OK", matched, details);

  const key = `${JSON.stringify(issuer)}|${chain}|${registry}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = resolver({ issuer, chain, registry, profile }).catch((thrown: unknown) => ({ thrown }));
    cache.set(key, pending);
  }
  const identity = await pending;
  if ("thrown" in identity) {
    const reason = identity.thrown instanceof Error ? identity.thrown.message.split("\n")[0] : String(identity.thrown);
    return checkResult(
      "issuer",
      "error",
      "ISSUER_IDENTITY_ERROR",
      `${matched} The domain binding could not be checked: ${reason}`,
      details,
    );
  }
  const { status, code, message, ...rest } = identity;
  return checkResult("issuer", status, code, `${matched} ${message}`, { ...details, identity: rest });
}

/**
 * Comparable form of a URL or DID: for http(s) URLs the scheme and host in lower case, no default
 * port, no trailing slash, no fragment; anything else (a DID) trimmed, compared exactly.
 */
export function normalizeIdentifier(value: string): string {
  const text = value.trim();
  if (!/^https?:\/\//i.test(text)) return text;
  try {
    const url = new URL(text);
    const path = url.pathname.replace(/\/+$/, "");
    return `${url.protocol}//${url.host}${path}${url.search}`;
  } catch {
    return text;
  }
}

/** Records `error` for every chain check of `works` (e.g. the chain could not be reached). */
function failChain(works: readonly Work[], context: ChainCheckContext, anchorResult: CheckResult): void {
  for (const work of works) {
    context.recorder.finish(work, anchorResult);
    skipDependents(work, context.recorder, "The anchor could not be checked, so this was not checked either.");
    context.onDone(work);
  }
}

function skipDependents(work: Work, recorder: CheckRecorder, message: string): void {
  for (const check of DEPENDENT_CHECKS) recorder.skip(work, check, message);
}

function skipAll(work: Work, recorder: CheckRecorder, message: string): void {
  for (const check of CHAIN_CHECKS) recorder.skip(work, check, message);
}

/** An `error` result that says which chain could not be read and why. */
function rpcErrorResult(check: CheckName, chain: Caip2ChainId, error: unknown): CheckResult {
  if (error instanceof QuorumError) {
    return checkResult(check, "error", "RPC_QUORUM_NOT_REACHED", `${error.shortMessage}; the result is undecided.`, {
      chain,
      k: error.k,
      n: error.n,
      answers: error.answers,
    });
  }
  if (error instanceof NoEndpointAvailableError) {
    return checkResult(
      check,
      "error",
      "RPC_UNAVAILABLE",
      `The chain ${chain} could not be reached (${error.problems.map((p) => `${p.endpoint}: ${p.reason}`).join("; ") || "no endpoint"}); the result is undecided.`,
      { chain, problems: error.problems },
    );
  }
  if (error instanceof RpcResponseError) {
    return checkResult(check, "error", "RPC_ERROR", `${error.shortMessage}; the result is undecided.`, {
      chain,
      rpcCode: error.rpcCode,
    });
  }
  if (error instanceof BaseError) {
    return checkResult(check, "error", "RPC_ERROR", `${error.shortMessage}; the result is undecided.`, { chain });
  }
  throw error;
}

function minConfirmationsFor(chain: Caip2ChainId, chainId: number, option: VerifyOptions["minConfirmations"]): number {
  const value = typeof option === "number" ? option : option?.[chain];
  if (value === undefined) return defaultMinConfirmations(chainId);
  if (!Number.isInteger(value) || value < 1) {
    throw new VerifyOptionsError(`minConfirmations for ${chain} must be a whole number >= 1, got ${value}`, {
      pointer: "/minConfirmations",
    });
  }
  return value;
}

function isoSeconds(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
}

async function forEachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++]);
  });
  await Promise.all(workers);
}
