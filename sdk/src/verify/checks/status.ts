/**
 * The revocation and suspension checks' pure part: from the batch record, the credential's status
 * and (when asked for) the status events read at the chain's pinned block, the two results, with
 * the issuer's reason and date when they are known.
 */
import { decodeReason } from "../../chain/reason";
import type { Caip2ChainId, Hex } from "../../types";
import type { RegistryBatch } from "../../chain/actions/getBatch";
import type { StatusEvent } from "../registryReads";
import type { CheckResult } from "../types";
import { checkResult } from "../verdict";
import type { RegistryData } from "./chainState";
import { rpcErrorResult } from "./rpcError";

/** Revocation and suspension, from the batch record and the credential's status read at the same block. */
export function statusResults(
  proof: { root: Hex; leafIndex: number },
  record: RegistryBatch,
  registryData: RegistryData,
  chain: Caip2ChainId,
): [revocation: CheckResult, suspension: CheckResult] {
  const root = proof.root.toLowerCase() as Hex;
  if (record.revokedAt !== 0) {
    const revokedAt = isoSeconds(record.revokedAt);
    const explanation = explainStatus(registryData, root, "batch-revoked");
    return [
      checkResult(
        "revocation",
        "failed",
        "REVOCATION_BATCH_REVOKED",
        statusSentence("Revoked", revokedAt, explanation, " (the whole batch)"),
        { revokedAt, root: proof.root, ...reasonDetails(explanation) },
      ),
      skipped("suspension", "The batch is revoked, which is final; suspension was not checked."),
    ];
  }
  const statuses = registryData.statuses;
  if (!(statuses instanceof Map)) {
    if ("error" in statuses) {
      return [rpcErrorResult("revocation", chain, statuses.error), rpcErrorResult("suspension", chain, statuses.error)];
    }
    const reason = statuses.found ? "no answer" : statuses.reason;
    const message = `The registry at ${registryData.address} did not answer credentialStatuses: ${reason}.`;
    return [
      checkResult("revocation", "error", "RPC_ERROR", message),
      checkResult("suspension", "error", "RPC_ERROR", message),
    ];
  }
  const status = statuses.get(root)?.get(proof.leafIndex);
  const at = { root: proof.root, leafIndex: proof.leafIndex };
  if (status === "Revoked") {
    const explanation = explainStatus(registryData, root, "revoked", proof.leafIndex);
    return [
      checkResult(
        "revocation",
        "failed",
        "REVOCATION_CREDENTIAL_REVOKED",
        statusSentence("Revoked", explanation.at, explanation),
        { ...at, ...(explanation.at ? { revokedAt: explanation.at } : {}), ...reasonDetails(explanation) },
      ),
      skipped("suspension", "The credential is revoked, which is final; suspension was not checked."),
    ];
  }
  if (status !== "Valid" && status !== "Suspended") {
    // BatchRevoked, Unknown or OutOfRange contradict the batch record read at the same block.
    const message = `The registry on ${chain} gave inconsistent answers (status ${String(status)} for an anchored, live batch).`;
    return [
      checkResult("revocation", "error", "RPC_ERROR", message, { status }),
      checkResult("suspension", "error", "RPC_ERROR", message, { status }),
    ];
  }
  const notRevoked = checkResult(
    "revocation",
    "passed",
    "REVOCATION_OK",
    "The issuer has not revoked this credential.",
  );
  if (status === "Valid") {
    return [notRevoked, checkResult("suspension", "passed", "SUSPENSION_OK", "The credential is not suspended.")];
  }
  const explanation = explainStatus(registryData, root, "suspended", proof.leafIndex);
  const sentence = statusSentence("Suspended", explanation.at, explanation);
  return [
    notRevoked,
    checkResult(
      "suspension",
      "failed",
      "SUSPENSION_SUSPENDED",
      `${sentence}${/[.]$/.test(sentence) ? "" : "."} A suspension can be lifted: check again later.`,
      { ...at, ...(explanation.at ? { suspendedAt: explanation.at } : {}), ...reasonDetails(explanation) },
    ),
  ];
}

/** The same result as `CheckRecorder.skip`. */
function skipped(check: "suspension", message: string): CheckResult {
  return checkResult(check, "skipped", "SKIPPED_DEPENDENCY", message);
}

/** ISO 8601 UTC of a block timestamp, without milliseconds. */
export function isoSeconds(seconds: number | bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
}

/** The latest event of `kind` (for credential `index`, when given) among a root's status events. */
export function findEvent(
  events: readonly StatusEvent[] | undefined,
  kind: StatusEvent["kind"],
  index?: number,
): StatusEvent | undefined {
  if (!events) return undefined;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (event.kind !== kind) continue;
    if (index !== undefined) {
      const bit = 1n << BigInt(index & 255);
      if (event.wordIndex !== BigInt(index >> 8) || ((event.bits ?? 0n) & bit) === 0n) continue;
    }
    return event;
  }
  return undefined;
}

/** What is known of why and when credential `index` (or its batch) was put in `kind`. */
interface StatusExplanation {
  /** ISO 8601 UTC, from the event's block. */
  at?: string;
  /** The reason as written; absent when none was written or it could not be read. */
  reason?: string;
  /** Reasons were asked for, but the events could not be read. */
  unavailable: boolean;
}

function explainStatus(
  registryData: RegistryData,
  root: Hex,
  kind: StatusEvent["kind"],
  index?: number,
): StatusExplanation {
  if (!registryData.reasonsWanted) return { unavailable: false };
  const event = findEvent(registryData.events.get(root), kind, index);
  if (!event) return { unavailable: true };
  const seconds = registryData.times.get(event.blockNumber);
  const text = decodeReason(event.reason);
  return {
    ...(seconds === undefined ? {} : { at: isoSeconds(seconds) }),
    ...(text === "" ? {} : { reason: text }),
    unavailable: false,
  };
}

/** "<Verb> by the issuer on DATE: reason" (the parts that are known). */
function statusSentence(verb: string, at: string | undefined, explanation: StatusExplanation, extra = ""): string {
  const when = at ? ` on ${at.slice(0, 10)}` : "";
  if (explanation.reason !== undefined) return `${verb} by the issuer${when}${extra}: ${explanation.reason}`;
  if (explanation.unavailable)
    return `${verb} by the issuer${when}${extra} (reason unavailable: its event could not be read).`;
  return `${verb} by the issuer${when}${extra}.`;
}

function reasonDetails(explanation: StatusExplanation): Record<string, unknown> {
  if (explanation.reason !== undefined) return { reason: explanation.reason };
  return explanation.unavailable ? { reasonUnavailable: true } : {};
}
